-- machines.cloud is written by the writer with the rest of the machine's
-- latest state (it has the report decoded): the trigger of 0100, which
-- parsed the stored body as JSON on every update, goes.
DROP TRIGGER IF EXISTS machines_cloud ON machines;
DROP FUNCTION IF EXISTS kmsdoctor_machines_cloud();
