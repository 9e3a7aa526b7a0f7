-- Machine search (?q=, issue 16 item 7): q matches the start of the
-- computer name, of the domain or of the CMID, in any case; these indexes
-- serve it as range scans in byte order (COLLATE "C", whatever the
-- database's collation) instead of a full scan.
CREATE INDEX machines_computer_lc ON machines ((lower(computer) COLLATE "C"));
CREATE INDEX machines_domain_lc ON machines ((lower(domain) COLLATE "C"));
CREATE INDEX machines_cmid_c ON machines ((cmid COLLATE "C"));
