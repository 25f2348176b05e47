-- Who may sign in, and with what role. region_code limits a regional editor to one province
-- ('32') or regency ('32.01'). password_hash is empty for people who sign in through OIDC only.
CREATE TABLE app_user (
    username TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    email TEXT,
    role TEXT NOT NULL,              -- viewer | editor | admin
    region_code TEXT,
    password_hash TEXT,
    disabled BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL
);
-- Sign-in attempts, kept in the database so that throttling holds across app instances.
CREATE TABLE sign_in_attempt (
    username TEXT NOT NULL,
    attempted_at TIMESTAMP NOT NULL,
    succeeded BOOLEAN NOT NULL
);
