-- The KMS host counts (KMSHosts, HostCounts) read an index that holds all
-- they need: with machines_kms_host (migration 0100) alone SQLite read
-- every machine's row, ~6 s for 500,000 machines on a large file.
-- machines_kms (0001) is a prefix of it.
CREATE INDEX machines_kms_server ON machines (kms_host, server, last_seen);
DROP INDEX machines_kms;
