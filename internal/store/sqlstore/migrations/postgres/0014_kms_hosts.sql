-- The KMS host counts (KMSHosts, HostCounts) read an index that holds all
-- they need (an index-only scan); machines_kms (0001) is a prefix of it.
CREATE INDEX machines_kms_server ON machines (kms_host, server, last_seen);
DROP INDEX machines_kms;
