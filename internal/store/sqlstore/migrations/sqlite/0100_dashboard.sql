-- The dashboard (SQLite): users, sessions, the subject's cloud of a
-- machine and the indexes of the machines page's filters. The number
-- leaves 0002 to 0099 to the fleet server's own migrations.
CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	password_hash TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE TABLE sessions (
	id_hash TEXT PRIMARY KEY,
	user_id INTEGER NOT NULL,
	csrf TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);
-- cloud follows the machine's latest report (its subject.cloud): set by a
-- trigger whenever report_row changes, so the writer's code is unchanged.
ALTER TABLE machines ADD COLUMN cloud TEXT NOT NULL DEFAULT '';
UPDATE machines SET cloud = COALESCE((SELECT CASE WHEN json_valid(r.body) THEN json_extract(r.body, '$.subject.cloud') END FROM reports r WHERE r.seq = machines.report_row), '');
CREATE TRIGGER machines_cloud AFTER UPDATE OF report_row ON machines BEGIN UPDATE machines SET cloud = COALESCE((SELECT CASE WHEN json_valid(r.body) THEN json_extract(r.body, '$.subject.cloud') END FROM reports r WHERE r.seq = NEW.report_row), '') WHERE id = NEW.id; END;
CREATE INDEX machines_cloud ON machines (cloud);
CREATE INDEX machines_domain ON machines (domain COLLATE NOCASE);
CREATE INDEX machines_kms_host ON machines (kms_host);
CREATE INDEX reports_received_status ON reports (received_at, status);
