-- The dashboard's materialized counts and daily rollups (issue 17; SQLite).
-- Triggers keep the counts as the writer changes machines, machine_codes
-- and report_ids, so the overview and the KMS hosts page never count the
-- machines table (the writer's code is unchanged). The migration splitter
-- ends a statement at a line ending in ';', so inside a trigger the
-- statements start their line with ';'. SQLite compiles the triggers into
-- every writer statement that fires them, so each trigger has one
-- statement per table it keeps.
--
-- fleet_counts: machines by license state ('license'), by verdict
-- ('verdict'), problem machines by root cause ('primary') and by code
-- ('code'), and the stored report ids ('reports', key '').
CREATE TABLE fleet_counts (
	dim TEXT NOT NULL,
	key TEXT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (dim, key)
);
-- kms_hours: machines naming a KMS host, by the hour (Unix seconds / 3600)
-- of their last_seen and whether they run a server OS: a host's clients over
-- 30 days are the sum of its whole hours since, and the machines of the
-- first, partial hour (machines_kms has them).
CREATE TABLE kms_hours (
	host TEXT NOT NULL,
	hour BIGINT NOT NULL,
	server INTEGER NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (host, hour, server)
);
CREATE INDEX kms_hours_hour ON kms_hours (hour, host);
-- expiry_days: machines by the UTC day their activation or grace period
-- ends (expires_at > 0): the overview's "ending within 7/14/30 days" sums
-- the whole days and counts the two partial ones from the machines.
CREATE TABLE expiry_days (
	day BIGINT PRIMARY KEY,
	n BIGINT NOT NULL
);
-- cmid_counts: machines by CMID; the partial index finds the shared ones.
CREATE TABLE cmid_counts (
	cmid TEXT PRIMARY KEY,
	n BIGINT NOT NULL
);
CREATE INDEX cmid_counts_shared ON cmid_counts (cmid) WHERE n > 1;
-- rollup_days: one number of a chart's series for a UTC day (day is Unix
-- seconds / 86400), as counted at counted_at (Unix seconds); today's row
-- is counted again on the rollup timer, earlier days stay.
CREATE TABLE rollup_days (
	series TEXT NOT NULL,
	key TEXT NOT NULL,
	day BIGINT NOT NULL,
	n BIGINT NOT NULL,
	counted_at BIGINT NOT NULL,
	PRIMARY KEY (series, key, day)
);
CREATE INDEX rollup_days_day ON rollup_days (day);
-- rollup_state: backfilled = the day the history was last replayed.
CREATE TABLE rollup_state (
	name TEXT PRIMARY KEY,
	value BIGINT NOT NULL
);
INSERT INTO fleet_counts (dim, key, n) SELECT 'license', license_status, COUNT(*) FROM machines GROUP BY license_status;
INSERT INTO fleet_counts (dim, key, n) SELECT 'verdict', status, COUNT(*) FROM machines GROUP BY status;
INSERT INTO fleet_counts (dim, key, n) SELECT 'primary', primary_id, COUNT(*) FROM machines WHERE status = 'problem' GROUP BY primary_id;
INSERT INTO fleet_counts (dim, key, n) SELECT 'code', c.code, COUNT(*) FROM machine_codes c JOIN machines m ON m.id = c.machine_id WHERE m.status = 'problem' GROUP BY c.code;
INSERT INTO fleet_counts (dim, key, n) SELECT 'reports', '', COUNT(*) FROM report_ids;
INSERT INTO kms_hours (host, hour, server, n) SELECT kms_host, last_seen / 3600, server, COUNT(*) FROM machines WHERE kms_host <> '' GROUP BY kms_host, last_seen / 3600, server;
INSERT INTO cmid_counts (cmid, n) SELECT cmid, COUNT(*) FROM machines WHERE cmid <> '' GROUP BY cmid;
INSERT INTO expiry_days (day, n) SELECT expires_at / 86400, COUNT(*) FROM machines WHERE expires_at > 0 GROUP BY expires_at / 86400;
CREATE TRIGGER counts_machine_insert AFTER INSERT ON machines BEGIN
	INSERT INTO fleet_counts (dim, key, n) SELECT * FROM (SELECT 'license', NEW.license_status, 1 UNION ALL SELECT 'verdict', NEW.status, 1
		UNION ALL SELECT 'primary', NEW.primary_id, 1 WHERE NEW.status = 'problem') WHERE true ON CONFLICT (dim, key) DO UPDATE SET n = n + excluded.n
	; INSERT INTO kms_hours (host, hour, server, n) SELECT NEW.kms_host, NEW.last_seen / 3600, NEW.server, 1 WHERE NEW.kms_host <> '' ON CONFLICT (host, hour, server) DO UPDATE SET n = n + excluded.n
	; INSERT INTO cmid_counts (cmid, n) SELECT NEW.cmid, 1 WHERE NEW.cmid <> '' ON CONFLICT (cmid) DO UPDATE SET n = n + excluded.n
	; INSERT INTO expiry_days (day, n) SELECT NEW.expires_at / 86400, 1 WHERE NEW.expires_at > 0 ON CONFLICT (day) DO UPDATE SET n = n + excluded.n
	; END;
CREATE TRIGGER counts_machine_delete AFTER DELETE ON machines BEGIN
	INSERT INTO fleet_counts (dim, key, n) SELECT * FROM (SELECT 'license', OLD.license_status, -1 UNION ALL SELECT 'verdict', OLD.status, -1
		UNION ALL SELECT 'primary', OLD.primary_id, -1 WHERE OLD.status = 'problem'
		UNION ALL SELECT 'code', code, -1 FROM machine_codes WHERE machine_id = OLD.id AND OLD.status = 'problem') WHERE true ON CONFLICT (dim, key) DO UPDATE SET n = n + excluded.n
	; INSERT INTO kms_hours (host, hour, server, n) SELECT OLD.kms_host, OLD.last_seen / 3600, OLD.server, -1 WHERE OLD.kms_host <> '' ON CONFLICT (host, hour, server) DO UPDATE SET n = n + excluded.n
	; INSERT INTO cmid_counts (cmid, n) SELECT OLD.cmid, -1 WHERE OLD.cmid <> '' ON CONFLICT (cmid) DO UPDATE SET n = n + excluded.n
	; INSERT INTO expiry_days (day, n) SELECT OLD.expires_at / 86400, -1 WHERE OLD.expires_at > 0 ON CONFLICT (day) DO UPDATE SET n = n + excluded.n
	; END;
CREATE TRIGGER counts_machine_state AFTER UPDATE OF license_status, status, primary_id ON machines
WHEN OLD.license_status <> NEW.license_status OR OLD.status <> NEW.status OR OLD.primary_id <> NEW.primary_id BEGIN
	INSERT INTO fleet_counts (dim, key, n) SELECT * FROM (
		SELECT 'license', OLD.license_status, -1 WHERE OLD.license_status <> NEW.license_status
		UNION ALL SELECT 'license', NEW.license_status, 1 WHERE OLD.license_status <> NEW.license_status
		UNION ALL SELECT 'verdict', OLD.status, -1 WHERE OLD.status <> NEW.status
		UNION ALL SELECT 'verdict', NEW.status, 1 WHERE OLD.status <> NEW.status
		UNION ALL SELECT 'primary', OLD.primary_id, -1 WHERE OLD.status = 'problem' AND (OLD.status <> NEW.status OR OLD.primary_id <> NEW.primary_id)
		UNION ALL SELECT 'primary', NEW.primary_id, 1 WHERE NEW.status = 'problem' AND (OLD.status <> NEW.status OR OLD.primary_id <> NEW.primary_id)
		UNION ALL SELECT 'code', code, CASE WHEN NEW.status = 'problem' THEN 1 ELSE -1 END FROM machine_codes
			WHERE machine_id = NEW.id AND (OLD.status = 'problem') <> (NEW.status = 'problem')
	) WHERE true ON CONFLICT (dim, key) DO UPDATE SET n = n + excluded.n
	; END;
CREATE TRIGGER counts_machine_kms AFTER UPDATE OF kms_host, last_seen, server ON machines
WHEN OLD.kms_host <> NEW.kms_host OR OLD.server <> NEW.server OR OLD.last_seen / 3600 <> NEW.last_seen / 3600 BEGIN
	INSERT INTO kms_hours (host, hour, server, n) SELECT * FROM (SELECT OLD.kms_host, OLD.last_seen / 3600, OLD.server, -1 WHERE OLD.kms_host <> ''
		UNION ALL SELECT NEW.kms_host, NEW.last_seen / 3600, NEW.server, 1 WHERE NEW.kms_host <> '') WHERE true ON CONFLICT (host, hour, server) DO UPDATE SET n = n + excluded.n
	; END;
CREATE TRIGGER counts_machine_cmid AFTER UPDATE OF cmid ON machines WHEN OLD.cmid <> NEW.cmid BEGIN
	INSERT INTO cmid_counts (cmid, n) SELECT * FROM (SELECT OLD.cmid, -1 WHERE OLD.cmid <> '' UNION ALL SELECT NEW.cmid, 1 WHERE NEW.cmid <> '')
		WHERE true ON CONFLICT (cmid) DO UPDATE SET n = n + excluded.n
	; END;
CREATE TRIGGER counts_machine_expiry AFTER UPDATE OF expires_at ON machines WHEN OLD.expires_at <> NEW.expires_at BEGIN
	INSERT INTO expiry_days (day, n) SELECT * FROM (SELECT OLD.expires_at / 86400, -1 WHERE OLD.expires_at > 0 UNION ALL SELECT NEW.expires_at / 86400, 1 WHERE NEW.expires_at > 0)
		WHERE true ON CONFLICT (day) DO UPDATE SET n = n + excluded.n
	; END;
CREATE TRIGGER counts_code_insert AFTER INSERT ON machine_codes BEGIN
	INSERT INTO fleet_counts (dim, key, n) SELECT 'code', NEW.code, 1 WHERE (SELECT status FROM machines WHERE id = NEW.machine_id) = 'problem' ON CONFLICT (dim, key) DO UPDATE SET n = n + excluded.n
	; END;
CREATE TRIGGER counts_code_delete AFTER DELETE ON machine_codes BEGIN
	INSERT INTO fleet_counts (dim, key, n) SELECT 'code', OLD.code, -1 WHERE (SELECT status FROM machines WHERE id = OLD.machine_id) = 'problem' ON CONFLICT (dim, key) DO UPDATE SET n = n + excluded.n
	; END;
CREATE TRIGGER counts_report_insert AFTER INSERT ON report_ids BEGIN
	UPDATE fleet_counts SET n = n + 1 WHERE dim = 'reports' AND key = ''
	; END;
CREATE TRIGGER counts_report_delete AFTER DELETE ON report_ids BEGIN
	UPDATE fleet_counts SET n = n - 1 WHERE dim = 'reports' AND key = ''
	; END;
-- The machines page's search with a license state: the names are in the
-- index, so the LIKEs read the index, not every row (sqlstore.FilterMachines
-- selects the ids first).
CREATE INDEX machines_names ON machines (license_status, id, computer, domain, cmid);
-- The KMS host a machine's renewal is with (its kms_host when the row was
-- written, which the writer does after updating the machine): the KMS hosts
-- page counts the stopped renewals of each host from an index.
ALTER TABLE machine_renewals ADD COLUMN kms_host TEXT NOT NULL DEFAULT '';
UPDATE machine_renewals SET kms_host = COALESCE((SELECT m.kms_host FROM machines m WHERE m.id = machine_renewals.machine_id), '');
CREATE TRIGGER renewals_kms_host AFTER INSERT ON machine_renewals BEGIN
	UPDATE machine_renewals SET kms_host = COALESCE((SELECT m.kms_host FROM machines m WHERE m.id = NEW.machine_id), '') WHERE machine_id = NEW.machine_id
	; END;
CREATE INDEX machine_renewals_host ON machine_renewals (kms_host, overdue_at, machine_id);
CREATE INDEX machine_renewals_overdue_host ON machine_renewals (overdue_at, kms_host);
