-- The number of stored report ids is read from fleet_counts (0101, 0104),
-- whose statement triggers on report_ids keep it: report_counts (0013),
-- which the writer updated in every transaction, goes. Two writers that
-- picked the same of its rows waited on each other until commit.
DROP TABLE report_counts;
