-- only: postgresql
-- A regency's or a library's first page read whole tables on PostgreSQL (its slow-statement log,
-- national demo): 12-45 ms a query, 80 ms of waiting for a regency's overview or a library's
-- profile, where a province's pages had been made ahead. The summaries are written in area order
-- (0014), so an area's rows lie on a few pages of each. DuckDB needs none (see 0010).
CREATE INDEX summary_library_regency ON summary_library (ref_date, regency_code);
CREATE INDEX summary_library_code ON summary_library (library_code, ref_date);
CREATE INDEX summary_activity_month_regency ON summary_activity_month (regency_code, month);
CREATE INDEX summary_activity_month_province ON summary_activity_month (province_code, month);
CREATE INDEX summary_kind_province_area ON summary_kind_province (province_code, month);
CREATE INDEX summary_reports_regency ON summary_reports (regency_code, report_month);
CREATE INDEX summary_reports_province ON summary_reports (province_code, report_month);
CREATE INDEX library_regency ON library (regency_code);
CREATE INDEX meeting_attendance_library ON meeting_attendance (library_code);
CREATE INDEX partnership_library ON partnership (library_code);
CREATE INDEX aid_library ON aid (library_code);
CREATE INDEX success_story_library ON success_story (library_code);
CREATE INDEX follow_up_library ON follow_up (library_code)
