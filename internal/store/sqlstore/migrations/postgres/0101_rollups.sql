-- The dashboard's materialized counts and daily rollups (issue 17;
-- PostgreSQL). A trigger keeps the counts as the writer changes machines,
-- machine_codes and report_ids, so the overview and the KMS hosts page never
-- count the machines table (the writer's code is unchanged). Several
-- writers share the database, so fleet_counts and kms_hours take one delta
-- row per change (no row is updated, no writer waits for another), and
-- so does expiry_days; the
-- readers sum them and the rollup timer folds them together
-- (sqlstore.RefreshRollups). The migration splitter ends a statement at a
-- line ending in ';', so inside a function the statements start their line
-- with ';'.
--
-- fleet_counts: machines by license state ('license'), by verdict
-- ('verdict'), problem machines by root cause ('primary') and by code
-- ('code'), and the stored report ids ('reports', key '').
CREATE TABLE fleet_counts (
	dim TEXT NOT NULL,
	key TEXT NOT NULL,
	n BIGINT NOT NULL
);
CREATE INDEX fleet_counts_dim ON fleet_counts (dim, key);
-- kms_hours: machines naming a KMS host, by the hour (Unix seconds / 3600)
-- of their last_seen and whether they run a server OS: a host's clients over
-- 30 days are the sum of its whole hours since, and the machines of the
-- first, partial hour (machines_kms has them).
CREATE TABLE kms_hours (
	host TEXT NOT NULL,
	hour BIGINT NOT NULL,
	server BIGINT NOT NULL,
	n BIGINT NOT NULL
);
CREATE INDEX kms_hours_hour ON kms_hours (hour, host);
-- expiry_days: machines by the UTC day their activation or grace period
-- ends (expires_at > 0): the overview's "ending within 7/14/30 days" sums
-- the whole days and counts the two partial ones from the machines.
CREATE TABLE expiry_days (
	day BIGINT NOT NULL,
	n BIGINT NOT NULL
);
CREATE INDEX expiry_days_day ON expiry_days (day);
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
CREATE FUNCTION kmsdoctor_counts_machine() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO fleet_counts (dim, key, n) VALUES ('license', NEW.license_status, 1), ('verdict', NEW.status, 1)
		; INSERT INTO fleet_counts (dim, key, n) SELECT 'primary', NEW.primary_id, 1 WHERE NEW.status = 'problem'
		; INSERT INTO kms_hours (host, hour, server, n) SELECT NEW.kms_host, NEW.last_seen / 3600, NEW.server, 1 WHERE NEW.kms_host <> ''
		; INSERT INTO cmid_counts (cmid, n) SELECT NEW.cmid, 1 WHERE NEW.cmid <> '' ON CONFLICT (cmid) DO UPDATE SET n = cmid_counts.n + excluded.n
		; INSERT INTO expiry_days (day, n) SELECT NEW.expires_at / 86400, 1 WHERE NEW.expires_at > 0
		; RETURN NULL
	; END IF
	; IF TG_OP = 'DELETE' THEN
		INSERT INTO fleet_counts (dim, key, n) VALUES ('license', OLD.license_status, -1), ('verdict', OLD.status, -1)
		; INSERT INTO fleet_counts (dim, key, n) SELECT 'primary', OLD.primary_id, -1 WHERE OLD.status = 'problem'
		; INSERT INTO fleet_counts (dim, key, n) SELECT 'code', code, -1 FROM machine_codes WHERE machine_id = OLD.id AND OLD.status = 'problem'
		; INSERT INTO kms_hours (host, hour, server, n) SELECT OLD.kms_host, OLD.last_seen / 3600, OLD.server, -1 WHERE OLD.kms_host <> ''
		; INSERT INTO cmid_counts (cmid, n) SELECT OLD.cmid, -1 WHERE OLD.cmid <> '' ON CONFLICT (cmid) DO UPDATE SET n = cmid_counts.n + excluded.n
		; INSERT INTO expiry_days (day, n) SELECT OLD.expires_at / 86400, -1 WHERE OLD.expires_at > 0
		; RETURN NULL
	; END IF
	; IF OLD.license_status <> NEW.license_status THEN
		INSERT INTO fleet_counts (dim, key, n) VALUES ('license', OLD.license_status, -1), ('license', NEW.license_status, 1)
	; END IF
	; IF OLD.status <> NEW.status OR OLD.primary_id <> NEW.primary_id THEN
		INSERT INTO fleet_counts (dim, key, n) VALUES ('verdict', OLD.status, -1), ('verdict', NEW.status, 1)
		; INSERT INTO fleet_counts (dim, key, n) SELECT 'primary', OLD.primary_id, -1 WHERE OLD.status = 'problem'
		; INSERT INTO fleet_counts (dim, key, n) SELECT 'primary', NEW.primary_id, 1 WHERE NEW.status = 'problem'
		; INSERT INTO fleet_counts (dim, key, n) SELECT 'code', code, CASE WHEN NEW.status = 'problem' THEN 1 ELSE -1 END FROM machine_codes
			WHERE machine_id = NEW.id AND (OLD.status = 'problem') <> (NEW.status = 'problem')
	; END IF
	; IF OLD.kms_host <> NEW.kms_host OR OLD.server <> NEW.server OR OLD.last_seen / 3600 <> NEW.last_seen / 3600 THEN
		INSERT INTO kms_hours (host, hour, server, n) SELECT OLD.kms_host, OLD.last_seen / 3600, OLD.server, -1 WHERE OLD.kms_host <> ''
		; INSERT INTO kms_hours (host, hour, server, n) SELECT NEW.kms_host, NEW.last_seen / 3600, NEW.server, 1 WHERE NEW.kms_host <> ''
	; END IF
	; IF OLD.expires_at <> NEW.expires_at THEN
		INSERT INTO expiry_days (day, n) SELECT OLD.expires_at / 86400, -1 WHERE OLD.expires_at > 0
		; INSERT INTO expiry_days (day, n) SELECT NEW.expires_at / 86400, 1 WHERE NEW.expires_at > 0
	; END IF
	; IF OLD.cmid <> NEW.cmid THEN
		INSERT INTO cmid_counts (cmid, n) SELECT OLD.cmid, -1 WHERE OLD.cmid <> '' ON CONFLICT (cmid) DO UPDATE SET n = cmid_counts.n + excluded.n
		; INSERT INTO cmid_counts (cmid, n) SELECT NEW.cmid, 1 WHERE NEW.cmid <> '' ON CONFLICT (cmid) DO UPDATE SET n = cmid_counts.n + excluded.n
	; END IF
	; RETURN NULL
; END $$;
CREATE TRIGGER counts_machine AFTER INSERT OR DELETE OR UPDATE OF license_status, status, primary_id, kms_host, last_seen, server, cmid, expires_at ON machines FOR EACH ROW EXECUTE FUNCTION kmsdoctor_counts_machine();
CREATE FUNCTION kmsdoctor_counts_code() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO fleet_counts (dim, key, n) SELECT 'code', NEW.code, 1 FROM machines WHERE id = NEW.machine_id AND status = 'problem'
	; ELSE
		INSERT INTO fleet_counts (dim, key, n) SELECT 'code', OLD.code, -1 FROM machines WHERE id = OLD.machine_id AND status = 'problem'
	; END IF
	; RETURN NULL
; END $$;
CREATE TRIGGER counts_code AFTER INSERT OR DELETE ON machine_codes FOR EACH ROW EXECUTE FUNCTION kmsdoctor_counts_code();
CREATE FUNCTION kmsdoctor_counts_report() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO fleet_counts (dim, key, n) VALUES ('reports', '', 1)
	; ELSE
		INSERT INTO fleet_counts (dim, key, n) VALUES ('reports', '', -1)
	; END IF
	; RETURN NULL
; END $$;
CREATE TRIGGER counts_report AFTER INSERT OR DELETE ON report_ids FOR EACH ROW EXECUTE FUNCTION kmsdoctor_counts_report();
-- The KMS host a machine's renewal is with (its kms_host when the row was
-- written, which the writer does after updating the machine): the KMS hosts
-- page counts the stopped renewals of each host from an index.
ALTER TABLE machine_renewals ADD COLUMN kms_host TEXT NOT NULL DEFAULT '';
UPDATE machine_renewals SET kms_host = COALESCE((SELECT m.kms_host FROM machines m WHERE m.id = machine_renewals.machine_id), '');
CREATE FUNCTION kmsdoctor_renewals_kms_host() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
	NEW.kms_host := COALESCE((SELECT m.kms_host FROM machines m WHERE m.id = NEW.machine_id), '')
	; RETURN NEW
; END $$;
CREATE TRIGGER renewals_kms_host BEFORE INSERT ON machine_renewals FOR EACH ROW EXECUTE FUNCTION kmsdoctor_renewals_kms_host();
CREATE INDEX machine_renewals_host ON machine_renewals (kms_host, overdue_at, machine_id);
CREATE INDEX machine_renewals_overdue_host ON machine_renewals (overdue_at, kms_host);
