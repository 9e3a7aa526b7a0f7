-- Indexes that others serve, each written by every report: reports_received
-- (0001) is a prefix of reports_received_status (0100);
-- machine_renewals_overdue (0011) and _overdue_host (0101) become one index
-- that holds both their columns.
DROP INDEX reports_received;
DROP INDEX machine_renewals_overdue;
DROP INDEX machine_renewals_overdue_host;
CREATE INDEX machine_renewals_overdue_host ON machine_renewals (overdue_at, kms_host, machine_id);
