-- The number of stored report ids is read from fleet_counts (0101), whose
-- triggers on report_ids keep it: report_counts (0013), which the writer
-- updated in every transaction, goes.
DROP TABLE report_counts;
