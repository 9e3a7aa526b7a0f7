-- The fleet schema (SQLite). Times are Unix seconds (UTC); lists are JSON text.
CREATE TABLE machines (
	id INTEGER PRIMARY KEY,
	mkey TEXT NOT NULL UNIQUE,
	computer TEXT NOT NULL DEFAULT '',
	domain TEXT NOT NULL DEFAULT '',
	cmid TEXT NOT NULL DEFAULT '',
	os TEXT NOT NULL DEFAULT '',
	build TEXT NOT NULL DEFAULT '',
	role TEXT NOT NULL DEFAULT '',
	server INTEGER NOT NULL DEFAULT 0,
	license_status TEXT NOT NULL DEFAULT 'unknown',
	channel TEXT NOT NULL DEFAULT '',
	expires_at INTEGER NOT NULL DEFAULT 0,
	kms_host TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'unknown',
	primary_id TEXT NOT NULL DEFAULT '',
	codes TEXT NOT NULL DEFAULT '[]',
	products TEXT NOT NULL DEFAULT '[]',
	report_id TEXT NOT NULL DEFAULT '',
	report_row INTEGER NOT NULL DEFAULT 0,
	content_hash TEXT NOT NULL DEFAULT '',
	generated_at INTEGER NOT NULL DEFAULT 0,
	first_seen INTEGER NOT NULL DEFAULT 0,
	last_seen INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX machines_license ON machines (license_status);
CREATE INDEX machines_status ON machines (status, primary_id);
CREATE INDEX machines_expires ON machines (expires_at);
CREATE INDEX machines_cmid ON machines (cmid, last_seen);
CREATE INDEX machines_kms ON machines (kms_host, last_seen);
CREATE INDEX machines_report_row ON machines (report_row);
CREATE TABLE machine_codes (
	machine_id INTEGER NOT NULL,
	code TEXT NOT NULL,
	PRIMARY KEY (machine_id, code)
);
CREATE INDEX machine_codes_code ON machine_codes (code);
CREATE TABLE reports (
	seq INTEGER PRIMARY KEY,
	machine_id INTEGER NOT NULL,
	report_id TEXT NOT NULL,
	content_hash TEXT NOT NULL,
	generated_at INTEGER NOT NULL,
	received_at INTEGER NOT NULL,
	status TEXT NOT NULL,
	primary_id TEXT NOT NULL,
	body TEXT NOT NULL
);
CREATE INDEX reports_machine ON reports (machine_id, generated_at);
CREATE INDEX reports_received ON reports (received_at);
CREATE TABLE report_ids (
	id TEXT PRIMARY KEY,
	machine_id INTEGER NOT NULL DEFAULT 0,
	report_row INTEGER NOT NULL DEFAULT 0,
	agent_id INTEGER NOT NULL DEFAULT 0,
	received_at INTEGER NOT NULL
);
CREATE INDEX report_ids_received ON report_ids (received_at);
CREATE TABLE agents (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	role TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	created_at INTEGER NOT NULL,
	last_seen INTEGER NOT NULL DEFAULT 0,
	revoked INTEGER NOT NULL DEFAULT 0
);
