-- A report's body (~3 KiB of JSON) is over PostgreSQL's TOAST threshold, so
-- each one is compressed as it is stored: with the default pglz that was the
-- largest single cost of the database's CPU under ingest (perf: 8 % of the
-- postgres processes' samples). lz4 (PostgreSQL 14 and later, when the
-- server was built with it, as Debian's is) compresses several times faster
-- to about the same size. Only rows written from now on use it; older rows
-- keep pglz, and both are read the same way. A server without lz4 keeps pglz.
-- (The migration runner ends a statement at a line that ends with ";".)
DO $$ BEGIN
	IF current_setting('server_version_num')::int >= 140000 AND EXISTS (
		SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)
	) THEN EXECUTE 'ALTER TABLE reports ALTER COLUMN body SET COMPRESSION lz4'; END IF; END
$$;
