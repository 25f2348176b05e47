-- only: postgresql
-- PostgreSQL reads a reference date's rows through these. DuckDB needs none: summaries.py
-- writes each table in this order, and DuckDB skips the blocks whose min/max rule a row out
-- (an index over millions of rows would only cost it memory).
CREATE INDEX summary_library_ref ON summary_library (ref_date, province_code, regency_code);
CREATE INDEX summary_activity_window_ref ON summary_activity_window (ref_date);
CREATE INDEX summary_kind_regency_area ON summary_kind_regency (regency_code);
CREATE INDEX activity_library ON activity (library_code, activity_date);
CREATE INDEX person_library ON person (library_code)
