-- Indexes that others serve, each written by every report (PostgreSQL):
-- reports_received (0001) is a prefix of reports_received_status (0100);
-- machine_renewals_overdue (0011) and _overdue_host (0101) become one
-- index that holds both their columns; machines_cmid (0001, for the
-- duplicate CMIDs) and machines_cmid_c (0012, for the search by CMID
-- prefix) become one in the "C" collation, which both queries now use
-- (sqlstore.go, rollup.go).
DROP INDEX reports_received;
DROP INDEX machine_renewals_overdue;
DROP INDEX machine_renewals_overdue_host;
CREATE INDEX machine_renewals_overdue_host ON machine_renewals (overdue_at, kms_host, machine_id);
DROP INDEX machines_cmid;
DROP INDEX machines_cmid_c;
CREATE INDEX machines_cmid_c ON machines ((cmid COLLATE "C"), last_seen);
