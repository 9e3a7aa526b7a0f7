-- The stored report ids are counted once per statement, not once per row
-- (PostgreSQL): the writer inserts a group's new ids in one statement, and
-- a row trigger ran a function and inserted a delta row for each of them.
-- The transition table holds only the rows the statement did insert or
-- delete (ON CONFLICT DO NOTHING skips the others), so the count stays
-- exact. Statements inside a function start their line with ';' (see 0101).
DROP TRIGGER counts_report ON report_ids;
CREATE FUNCTION kmsdoctor_counts_reports_added() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
	INSERT INTO fleet_counts (dim, key, n) SELECT 'reports', '', COUNT(*) FROM added_ids HAVING COUNT(*) > 0
	; RETURN NULL
; END $$;
CREATE FUNCTION kmsdoctor_counts_reports_removed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
	INSERT INTO fleet_counts (dim, key, n) SELECT 'reports', '', -COUNT(*) FROM removed_ids HAVING COUNT(*) > 0
	; RETURN NULL
; END $$;
CREATE TRIGGER counts_reports_added AFTER INSERT ON report_ids REFERENCING NEW TABLE AS added_ids FOR EACH STATEMENT EXECUTE FUNCTION kmsdoctor_counts_reports_added();
CREATE TRIGGER counts_reports_removed AFTER DELETE ON report_ids REFERENCING OLD TABLE AS removed_ids FOR EACH STATEMENT EXECUTE FUNCTION kmsdoctor_counts_reports_removed();
DROP FUNCTION kmsdoctor_counts_report();
