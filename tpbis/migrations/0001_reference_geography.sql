-- Official Kemendagri geography (Permendagri 72/2019), dotted codes.
CREATE TABLE province (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE regency (
    code TEXT PRIMARY KEY,
    province_code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,          -- kabupaten | kota
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION
);
CREATE TABLE district (
    code TEXT PRIMARY KEY,
    regency_code TEXT NOT NULL,
    name TEXT NOT NULL
);
CREATE TABLE village (
    code TEXT PRIMARY KEY,
    district_code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,          -- desa | kelurahan
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION
);
-- Facts about what is loaded: is_demo, as_of (the data date), loaded_at.
CREATE TABLE dataset (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
