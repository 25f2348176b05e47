-- only: postgresql
-- A page's training figures read the attendance of its area's people only (tpbis/training.py);
-- DuckDB, as for 0010, does without.
CREATE INDEX training_attendance_person ON training_attendance (person_code)
