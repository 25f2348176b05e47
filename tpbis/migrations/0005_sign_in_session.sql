-- Password sign-ins that outlive a page reload: the browser keeps a random token in a cookie,
-- the database only its SHA-256. Signing out, a new password or a disabled account ends them.
CREATE TABLE sign_in_session (
    token_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
