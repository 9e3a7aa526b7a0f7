-- Machine search (?q=, issue 16 item 7): q matches the start of the
-- computer name, of the domain or of the CMID, in any case; these indexes
-- (with machines_cmid) serve it as range scans instead of a full scan.
CREATE INDEX machines_computer_lc ON machines (lower(computer));
CREATE INDEX machines_domain_lc ON machines (lower(domain));
