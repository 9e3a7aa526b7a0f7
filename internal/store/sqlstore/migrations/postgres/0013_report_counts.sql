-- The number of stored report ids (the summary's "reports"), kept by
-- PutReports and Prune in their transactions instead of counted: with
-- millions of reports COUNT(*) took longer than the rest of the summary.
-- Writers add to one of a few slots so that concurrent transactions on
-- PostgreSQL seldom wait on the same row; the count is their sum.
CREATE TABLE report_counts (
	slot BIGINT PRIMARY KEY,
	n BIGINT NOT NULL
);
INSERT INTO report_counts (slot, n) SELECT 0, COUNT(*) FROM report_ids;
