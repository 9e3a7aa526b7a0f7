-- Scheduled probes (issue 16, item 5): one row per target; a server claims
-- a due row by moving next_run_at on. Times are Unix seconds.
CREATE TABLE probes (
	id INTEGER PRIMARY KEY,
	target TEXT NOT NULL UNIQUE,
	interval_s BIGINT NOT NULL,
	next_run_at BIGINT NOT NULL,
	last_run_at BIGINT NOT NULL DEFAULT 0,
	last_report_id TEXT NOT NULL DEFAULT '',
	last_success BIGINT NOT NULL DEFAULT 0,
	last_duration_ms BIGINT NOT NULL DEFAULT 0,
	runs BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX probes_due ON probes (next_run_at);
