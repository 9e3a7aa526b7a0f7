-- What the latest report of a machine says beyond its columns (issue 16,
-- item 4): a KMS host's own count (kmshost.count) and a client's last
-- successful activation or renewal. Rows are replaced with the machine's
-- latest state. Times are Unix seconds.
CREATE TABLE kms_host_counts (
	machine_id BIGINT PRIMARY KEY,
	host TEXT NOT NULL,
	computer TEXT NOT NULL,
	count BIGINT NOT NULL,
	window_end BIGINT NOT NULL
);
CREATE TABLE machine_renewals (
	machine_id BIGINT PRIMARY KEY,
	last_success BIGINT NOT NULL,
	renewal_s BIGINT NOT NULL,
	overdue_at BIGINT NOT NULL
);
CREATE INDEX machine_renewals_overdue ON machine_renewals (overdue_at, machine_id);
