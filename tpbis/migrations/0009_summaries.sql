-- Pre-aggregated tables, like DHIS2's analytics tables: what the pages read instead of the
-- activity and monthly_report rows. tpbis/summaries.py fills them in the transaction of every
-- load, import and revert; nothing else writes them.

-- One row per library and reference date ("now" for a filter: every month's last day up to the
-- data date, and the data date itself): the inputs of its status at that date.
CREATE TABLE summary_library (
    ref_date DATE NOT NULL,
    library_code TEXT NOT NULL,
    regency_code TEXT NOT NULL,
    province_code TEXT NOT NULL,
    cohort_year INTEGER NOT NULL,
    managers INTEGER NOT NULL,
    managers_trained INTEGER NOT NULL,          -- completed Bimtek SPP-TIK by ref_date
    attended BOOLEAN NOT NULL,                  -- a manager started a batch by ref_date
    last_activity DATE,                         -- latest activity on or before ref_date
    last_report_month DATE,                     -- latest month reported, submitted by ref_date
    due_received BOOLEAN NOT NULL,              -- the latest due report arrived by ref_date
    due_on_time BOOLEAN NOT NULL                -- ... by its due day
);

-- Activities per regency, cohort and month (up to the data date).
CREATE TABLE summary_activity_month (
    regency_code TEXT NOT NULL,
    province_code TEXT NOT NULL,
    cohort_year INTEGER NOT NULL,
    month DATE NOT NULL,
    activities BIGINT NOT NULL,
    male BIGINT NOT NULL,
    female BIGINT NOT NULL,
    without_partner BIGINT NOT NULL
);

-- By activity type and skill category: per province (national and province views) and per
-- regency (a regency's view).
CREATE TABLE summary_kind_province (
    province_code TEXT NOT NULL,
    cohort_year INTEGER NOT NULL,
    month DATE NOT NULL,
    activity_type TEXT NOT NULL,
    skill_category TEXT NOT NULL,
    activities BIGINT NOT NULL,
    male BIGINT NOT NULL,
    female BIGINT NOT NULL
);
CREATE TABLE summary_kind_regency (
    regency_code TEXT NOT NULL,
    province_code TEXT NOT NULL,
    cohort_year INTEGER NOT NULL,
    month DATE NOT NULL,
    activity_type TEXT NOT NULL,
    skill_category TEXT NOT NULL,
    activities BIGINT NOT NULL,
    male BIGINT NOT NULL,
    female BIGINT NOT NULL
);

-- Activities and participants in the 90 days up to each reference date and the 90 before.
CREATE TABLE summary_activity_window (
    ref_date DATE NOT NULL,
    regency_code TEXT NOT NULL,
    province_code TEXT NOT NULL,
    cohort_year INTEGER NOT NULL,
    activities_now BIGINT NOT NULL,
    participants_now BIGINT NOT NULL,
    activities_before BIGINT NOT NULL,
    participants_before BIGINT NOT NULL
);

-- Monthly reports per regency, cohort, month reported and month submitted.
CREATE TABLE summary_reports (
    regency_code TEXT NOT NULL,
    province_code TEXT NOT NULL,
    cohort_year INTEGER NOT NULL,
    report_month DATE NOT NULL,
    submitted_month DATE NOT NULL,
    reports BIGINT NOT NULL,
    on_time BIGINT NOT NULL
);

-- Activities whose participants are far above their library's usual (quality.activity_outliers).
CREATE TABLE summary_activity_outlier (
    activity_code TEXT NOT NULL,
    library_code TEXT NOT NULL,
    regency_code TEXT NOT NULL,
    province_code TEXT NOT NULL,
    cohort_year INTEGER NOT NULL,
    activity_date DATE NOT NULL,
    title TEXT NOT NULL,
    participants BIGINT NOT NULL,
    usual DOUBLE PRECISION NOT NULL
);

-- The reference dates summary_library and summary_activity_window hold, and what they were
-- built from (data version and data date), so a stale set is seen and rebuilt.
CREATE TABLE summary_ref (ref_date DATE PRIMARY KEY);
CREATE TABLE summary_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)
