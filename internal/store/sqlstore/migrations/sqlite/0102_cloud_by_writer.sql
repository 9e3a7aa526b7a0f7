-- machines.cloud is written by the writer with the rest of the machine's
-- latest state (it has the report decoded): the trigger of 0100, which
-- parsed the stored body again and updated the row a second time on every
-- update, goes.
DROP TRIGGER IF EXISTS machines_cloud;
