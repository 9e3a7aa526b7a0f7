-- Two indexes of machines that others already serve (PostgreSQL): every
-- report that moves a machine's last_seen writes a new row version and an
-- entry in each of the table's indexes, so each index costs every report.
-- machines_kms_host (0100) is a prefix of machines_kms_server (0014);
-- the dashboard's domain filter compares lower(domain) in the "C"
-- collation, which machines_domain_lc (0012) holds (sqlstore/dashboard.go).
DROP INDEX machines_kms_host;
DROP INDEX machines_domain;
