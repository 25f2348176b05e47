-- What a coordination meeting decided for a village library, tracked until done
-- (tpbis/follow_ups.py). Every change is kept in follow_up_change: nothing is overwritten
-- without a trace.
CREATE TABLE follow_up (
    follow_up_id INTEGER PRIMARY KEY,
    library_code TEXT NOT NULL,
    action TEXT NOT NULL,            -- call | visit | training | aid | report_reminder | other
    detail TEXT,                     -- what exactly (required for 'other'); a note for editors
    owner_username TEXT,             -- a user of the app who is responsible, or ...
    owner_name TEXT,                 -- ... a named person
    owner_office TEXT,               -- ... and their office
    due_on DATE NOT NULL,
    state TEXT NOT NULL,             -- open | done | cancelled
    outcome TEXT,                    -- what happened, given when it is closed
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
CREATE TABLE follow_up_change (
    follow_up_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    row_after TEXT NOT NULL,         -- the follow-up as JSON after this change
    PRIMARY KEY (follow_up_id, version)
)
