-- tousu: the whole current schema of a new database.
-- An existing database is brought here by the numbered steps in
-- src/tousu_cli/storage/migrations.py; a test checks both end the same.

-- Days the clerk declared holidays or working days: local closures, and next
-- year's State Council schedule typed in before a newer calendar package.
CREATE TABLE calendar_day (
    day     TEXT PRIMARY KEY CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    workday INTEGER NOT NULL CHECK (workday IN (0, 1)),
    name    TEXT NOT NULL DEFAULT '',
    set_by  TEXT NOT NULL,
    set_at  TEXT NOT NULL
) STRICT;

-- Years whose schedule the clerk has typed in completely: no longer provisional.
CREATE TABLE calendar_year (
    year         INTEGER PRIMARY KEY CHECK (year BETWEEN 1 AND 9999),
    confirmed_by TEXT NOT NULL,
    confirmed_at TEXT NOT NULL
) STRICT;

-- The record (留痕): append-only. case_id is NULL for changes to the office's
-- settings (calendar, policy) and for exports of personal data.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER,
    at          TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    data        TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data))
) STRICT;
CREATE INDEX events_case ON events (case_id, id);

CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;

PRAGMA user_version = 1;
