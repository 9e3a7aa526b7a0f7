-- The order in which the rollup replay reads the report ids (received_at,
-- then the row they name; sqlstore/replay.go), so that it streams them in
-- chunks without sorting (a sort of rows with their bodies spilled to
-- temporary files and held its memory). It serves everything the index on
-- received_at alone did.
CREATE INDEX report_ids_replay ON report_ids (received_at, report_row);
DROP INDEX report_ids_received;
