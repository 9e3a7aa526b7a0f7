-- The dashboard's counts (0101) kept by statement-level triggers instead of
-- row triggers (PostgreSQL). The writer changes a group's machines and codes
-- in one statement each; a row trigger ran a function and up to six
-- inserts for every row, which made a new machine cost several times what
-- its own rows cost. A statement's trigger now folds the rows it changed
-- (its transition tables) into one insert per kind of count. What is
-- counted is unchanged: the same deltas, summed. A transition table cannot
-- go with a column list, so the update trigger runs after every UPDATE of
-- machines and counts only the rows whose counted columns changed. The
-- KMS host of a renewal row is now written by the writer (sqlstore/put.go),
-- which has it, instead of a row trigger reading the machine back.
-- Statements inside a function start their line with ';' (see 0101).
DROP TRIGGER counts_machine ON machines;
DROP TRIGGER counts_code ON machine_codes;
DROP TRIGGER renewals_kms_host ON machine_renewals;
DROP FUNCTION kmsdoctor_counts_machine();
DROP FUNCTION kmsdoctor_counts_code();
DROP FUNCTION kmsdoctor_renewals_kms_host();
CREATE FUNCTION kmsdoctor_machines_added() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
	INSERT INTO fleet_counts (dim, key, n)
		SELECT 'license', license_status, COUNT(*) FROM added_machines GROUP BY license_status
		UNION ALL SELECT 'verdict', status, COUNT(*) FROM added_machines GROUP BY status
		UNION ALL SELECT 'primary', primary_id, COUNT(*) FROM added_machines WHERE status = 'problem' GROUP BY primary_id
	; INSERT INTO kms_hours (host, hour, server, n) SELECT kms_host, last_seen / 3600, server, COUNT(*) FROM added_machines
		WHERE kms_host <> '' GROUP BY kms_host, last_seen / 3600, server
	; INSERT INTO cmid_counts (cmid, n) SELECT cmid, COUNT(*) FROM added_machines WHERE cmid <> '' GROUP BY cmid
		ON CONFLICT (cmid) DO UPDATE SET n = cmid_counts.n + excluded.n
	; INSERT INTO expiry_days (day, n) SELECT expires_at / 86400, COUNT(*) FROM added_machines WHERE expires_at > 0 GROUP BY expires_at / 86400
	; RETURN NULL
; END $$;
CREATE FUNCTION kmsdoctor_machines_removed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
	INSERT INTO fleet_counts (dim, key, n)
		SELECT 'license', license_status, -COUNT(*) FROM removed_machines GROUP BY license_status
		UNION ALL SELECT 'verdict', status, -COUNT(*) FROM removed_machines GROUP BY status
		UNION ALL SELECT 'primary', primary_id, -COUNT(*) FROM removed_machines WHERE status = 'problem' GROUP BY primary_id
		UNION ALL SELECT 'code', c.code, -COUNT(*) FROM removed_machines o JOIN machine_codes c ON c.machine_id = o.id
			WHERE o.status = 'problem' GROUP BY c.code
	; INSERT INTO kms_hours (host, hour, server, n) SELECT kms_host, last_seen / 3600, server, -COUNT(*) FROM removed_machines
		WHERE kms_host <> '' GROUP BY kms_host, last_seen / 3600, server
	; INSERT INTO cmid_counts (cmid, n) SELECT cmid, -COUNT(*) FROM removed_machines WHERE cmid <> '' GROUP BY cmid
		ON CONFLICT (cmid) DO UPDATE SET n = cmid_counts.n + excluded.n
	; INSERT INTO expiry_days (day, n) SELECT expires_at / 86400, -COUNT(*) FROM removed_machines WHERE expires_at > 0 GROUP BY expires_at / 86400
	; RETURN NULL
; END $$;
CREATE FUNCTION kmsdoctor_machines_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
	INSERT INTO fleet_counts (dim, key, n)
		SELECT 'license', o.license_status, -COUNT(*) FROM old_machines o JOIN new_machines n ON n.id = o.id
			WHERE o.license_status <> n.license_status GROUP BY o.license_status
		UNION ALL SELECT 'license', n.license_status, COUNT(*) FROM old_machines o JOIN new_machines n ON n.id = o.id
			WHERE o.license_status <> n.license_status GROUP BY n.license_status
		UNION ALL SELECT 'verdict', o.status, -COUNT(*) FROM old_machines o JOIN new_machines n ON n.id = o.id
			WHERE o.status <> n.status OR o.primary_id <> n.primary_id GROUP BY o.status
		UNION ALL SELECT 'verdict', n.status, COUNT(*) FROM old_machines o JOIN new_machines n ON n.id = o.id
			WHERE o.status <> n.status OR o.primary_id <> n.primary_id GROUP BY n.status
		UNION ALL SELECT 'primary', o.primary_id, -COUNT(*) FROM old_machines o JOIN new_machines n ON n.id = o.id
			WHERE (o.status <> n.status OR o.primary_id <> n.primary_id) AND o.status = 'problem' GROUP BY o.primary_id
		UNION ALL SELECT 'primary', n.primary_id, COUNT(*) FROM old_machines o JOIN new_machines n ON n.id = o.id
			WHERE (o.status <> n.status OR o.primary_id <> n.primary_id) AND n.status = 'problem' GROUP BY n.primary_id
		UNION ALL SELECT 'code', c.code, SUM(CASE WHEN n.status = 'problem' THEN 1 ELSE -1 END) FROM old_machines o
			JOIN new_machines n ON n.id = o.id JOIN machine_codes c ON c.machine_id = n.id
			WHERE (o.status = 'problem') <> (n.status = 'problem') GROUP BY c.code
	; INSERT INTO kms_hours (host, hour, server, n)
		SELECT o.kms_host, o.last_seen / 3600, o.server, -COUNT(*) FROM old_machines o JOIN new_machines n ON n.id = o.id
			WHERE o.kms_host <> '' AND (o.kms_host <> n.kms_host OR o.server <> n.server OR o.last_seen / 3600 <> n.last_seen / 3600)
			GROUP BY o.kms_host, o.last_seen / 3600, o.server
		UNION ALL SELECT n.kms_host, n.last_seen / 3600, n.server, COUNT(*) FROM old_machines o JOIN new_machines n ON n.id = o.id
			WHERE n.kms_host <> '' AND (o.kms_host <> n.kms_host OR o.server <> n.server OR o.last_seen / 3600 <> n.last_seen / 3600)
			GROUP BY n.kms_host, n.last_seen / 3600, n.server
	; INSERT INTO expiry_days (day, n)
		SELECT o.expires_at / 86400, -COUNT(*) FROM old_machines o JOIN new_machines n ON n.id = o.id
			WHERE o.expires_at <> n.expires_at AND o.expires_at > 0 GROUP BY o.expires_at / 86400
		UNION ALL SELECT n.expires_at / 86400, COUNT(*) FROM old_machines o JOIN new_machines n ON n.id = o.id
			WHERE o.expires_at <> n.expires_at AND n.expires_at > 0 GROUP BY n.expires_at / 86400
	; INSERT INTO cmid_counts (cmid, n) SELECT cmid, SUM(d) FROM (
			SELECT o.cmid AS cmid, -1 AS d FROM old_machines o JOIN new_machines n ON n.id = o.id WHERE o.cmid <> n.cmid AND o.cmid <> ''
			UNION ALL SELECT n.cmid, 1 FROM old_machines o JOIN new_machines n ON n.id = o.id WHERE o.cmid <> n.cmid AND n.cmid <> ''
		) AS x GROUP BY cmid HAVING SUM(d) <> 0
		ON CONFLICT (cmid) DO UPDATE SET n = cmid_counts.n + excluded.n
	; RETURN NULL
; END $$;
CREATE TRIGGER counts_machines_added AFTER INSERT ON machines REFERENCING NEW TABLE AS added_machines
	FOR EACH STATEMENT EXECUTE FUNCTION kmsdoctor_machines_added();
CREATE TRIGGER counts_machines_removed AFTER DELETE ON machines REFERENCING OLD TABLE AS removed_machines
	FOR EACH STATEMENT EXECUTE FUNCTION kmsdoctor_machines_removed();
CREATE TRIGGER counts_machines_changed AFTER UPDATE ON machines REFERENCING OLD TABLE AS old_machines NEW TABLE AS new_machines
	FOR EACH STATEMENT EXECUTE FUNCTION kmsdoctor_machines_changed();
CREATE FUNCTION kmsdoctor_codes_added() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
	INSERT INTO fleet_counts (dim, key, n) SELECT 'code', c.code, COUNT(*) FROM added_codes c JOIN machines m ON m.id = c.machine_id
		WHERE m.status = 'problem' GROUP BY c.code
	; RETURN NULL
; END $$;
CREATE FUNCTION kmsdoctor_codes_removed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
	INSERT INTO fleet_counts (dim, key, n) SELECT 'code', c.code, -COUNT(*) FROM removed_codes c JOIN machines m ON m.id = c.machine_id
		WHERE m.status = 'problem' GROUP BY c.code
	; RETURN NULL
; END $$;
CREATE TRIGGER counts_codes_added AFTER INSERT ON machine_codes REFERENCING NEW TABLE AS added_codes
	FOR EACH STATEMENT EXECUTE FUNCTION kmsdoctor_codes_added();
CREATE TRIGGER counts_codes_removed AFTER DELETE ON machine_codes REFERENCING OLD TABLE AS removed_codes
	FOR EACH STATEMENT EXECUTE FUNCTION kmsdoctor_codes_removed();
