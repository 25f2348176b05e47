-- The first admin without a shell: while no enabled admin exists, the app logs at start a link
-- with a random one-time token; the database keeps only its SHA-256, until it expires or is used
-- (tpbis/setup_token.py).
CREATE TABLE setup_token (
    token_hash TEXT PRIMARY KEY,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
