-- Every import: who loaded what and when, and what it changed (so an admin can revert it).
CREATE TABLE import_log (
    import_id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    counts TEXT NOT NULL,            -- JSON: rows inserted and updated per record kind
    reverted_at TIMESTAMP
);
CREATE TABLE import_change (
    import_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    record_key TEXT NOT NULL,        -- JSON of the natural key
    before TEXT                      -- JSON of the row it replaced; empty when it was new
);
