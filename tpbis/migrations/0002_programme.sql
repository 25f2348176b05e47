-- What TPBIS monitors. See data/DATA_DICTIONARY.md.
CREATE TABLE library (
    library_code TEXT PRIMARY KEY,
    village_code TEXT NOT NULL,
    regency_code TEXT NOT NULL,      -- derived from village_code on load
    province_code TEXT NOT NULL,     -- derived from village_code on load
    name TEXT NOT NULL,
    cohort_year INTEGER NOT NULL,
    funding TEXT NOT NULL,           -- apbn | replikasi
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION
);
CREATE INDEX library_region ON library (province_code, regency_code);

CREATE TABLE person (
    person_code TEXT PRIMARY KEY,
    library_code TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,              -- pengelola | staf
    gender TEXT NOT NULL,            -- L | P
    phone TEXT
);

CREATE TABLE training_batch (
    batch_code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    place TEXT NOT NULL,
    mode TEXT NOT NULL               -- daring | luring
);
CREATE TABLE training_attendance (
    batch_code TEXT NOT NULL,
    person_code TEXT NOT NULL,
    days_attended INTEGER NOT NULL,
    completed BOOLEAN NOT NULL,
    pre_score DOUBLE PRECISION,
    post_score DOUBLE PRECISION,
    PRIMARY KEY (batch_code, person_code)
);

CREATE TABLE meeting (
    meeting_code TEXT PRIMARY KEY,
    kind TEXT NOT NULL,              -- plm (Peer Learning Meeting) | stakeholder
    meeting_date DATE NOT NULL,
    place TEXT NOT NULL,
    regency_code TEXT NOT NULL
);
CREATE TABLE meeting_attendance (
    meeting_code TEXT NOT NULL,
    library_code TEXT NOT NULL,
    participants INTEGER NOT NULL,
    PRIMARY KEY (meeting_code, library_code)
);

CREATE TABLE activity (
    activity_code TEXT PRIMARY KEY,
    library_code TEXT NOT NULL,
    activity_date DATE NOT NULL,
    activity_type TEXT NOT NULL,
    skill_category TEXT NOT NULL,
    title TEXT NOT NULL,
    participants_male INTEGER NOT NULL,
    participants_female INTEGER NOT NULL,
    partner TEXT
);

CREATE TABLE monthly_report (
    library_code TEXT NOT NULL,
    report_month DATE NOT NULL,      -- first day of the month reported
    visits INTEGER NOT NULL,
    loans INTEGER NOT NULL,
    members INTEGER NOT NULL,
    submitted_on DATE NOT NULL,
    PRIMARY KEY (library_code, report_month)
);

CREATE TABLE partnership (
    partnership_code TEXT PRIMARY KEY,
    library_code TEXT NOT NULL,
    partner_name TEXT NOT NULL,
    partner_kind TEXT NOT NULL,
    mou_signed_on DATE,
    description TEXT
);

CREATE TABLE aid (
    aid_code TEXT PRIMARY KEY,
    library_code TEXT NOT NULL,
    received_on DATE NOT NULL,
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    description TEXT,
    value_idr BIGINT
);

CREATE TABLE success_story (
    story_code TEXT PRIMARY KEY,
    library_code TEXT NOT NULL,
    published_on DATE NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL
);
