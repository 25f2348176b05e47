-- The sign-in cookie is set by the server (HttpOnly, so page script cannot read it): after a
-- sign-in the page hands the server a one-time code, kept here only as its SHA-256 until it is
-- used or a minute has passed; the session's token is derived from it (accounts.start_session).
ALTER TABLE sign_in_session ADD COLUMN handoff_hash TEXT;
ALTER TABLE sign_in_session ADD COLUMN handoff_until TIMESTAMP;
