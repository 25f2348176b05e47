-- Where each sign-in attempt came from: failures lock a user name for that address only, so
-- nobody can lock someone else out from another machine (see accounts.sign_in).
ALTER TABLE sign_in_attempt ADD COLUMN address TEXT;
