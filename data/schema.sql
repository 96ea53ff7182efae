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

-- The deadline policy in force: each change is a new version, and a clock
-- remembers the version it was started under.
CREATE TABLE policy (
    id       INTEGER PRIMARY KEY,
    settings TEXT NOT NULL CHECK (json_valid(settings)),
    set_by   TEXT NOT NULL,
    set_at   TEXT NOT NULL
) STRICT;

-- 被投诉单位 / 承办单位: one row per name, so statistics group cleanly.
CREATE TABLE units (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0)
) STRICT;

-- 投诉类别: data, not code; a center can add its own.
CREATE TABLE categories (
    name    TEXT PRIMARY KEY CHECK (length(trim(name)) > 0),
    builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
) STRICT;
INSERT INTO categories (name, builtin) VALUES
    ('服务态度', 1), ('办事效率/拖延超时', 1), ('推诿扯皮', 1), ('不一次性告知', 1),
    ('不予受理符合条件的申请', 1), ('违规审批', 1), ('超期未办结', 1), ('违规收费', 1),
    ('吃拿卡要', 1), ('不落实一门受理', 1), ('空岗脱岗', 1), ('其他', 1);

-- 投诉件 (一事一卷). The registered facts, and the current state derived from
-- the events: status, assignment, finding, reply, satisfaction.
CREATE TABLE cases (
    id                 INTEGER PRIMARY KEY,
    number             TEXT NOT NULL UNIQUE,
    year               INTEGER NOT NULL,
    seq                INTEGER NOT NULL CHECK (seq > 0),
    status             TEXT NOT NULL CHECK (status IN ('registered', 'accepted', 'rejected',
                           'assigned', 'investigating', 'decided', 'notified', 'revisited',
                           'archived', 'withdrawn')),
    received_at        TEXT NOT NULL,
    registered_at      TEXT NOT NULL,
    channel            TEXT NOT NULL CHECK (channel IN ('visit', 'phone', 'letter', 'web',
                           'email', 'hotline', 'superior', 'leader', 'box', 'other')),
    form               TEXT NOT NULL CHECK (form IN ('oral', 'written')),
    complainant        TEXT,
    phone              TEXT,
    id_number          TEXT,
    unit_id            INTEGER NOT NULL REFERENCES units (id),
    window_name        TEXT,
    staff              TEXT,
    category           TEXT NOT NULL REFERENCES categories (name),
    content            TEXT NOT NULL CHECK (length(trim(content)) > 0),
    demand             TEXT,
    evidence           TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(evidence)),
    major              INTEGER NOT NULL DEFAULT 0 CHECK (major IN (0, 1)),
    external_id        TEXT UNIQUE,
    repeat_rank        INTEGER NOT NULL DEFAULT 1 CHECK (repeat_rank >= 1),
    escalated          INTEGER NOT NULL DEFAULT 0 CHECK (escalated IN (0, 1)),
    mode               TEXT CHECK (mode IN ('self', 'transfer', 'supervise')),
    handler_unit_id    INTEGER REFERENCES units (id),
    handler            TEXT,
    finding            TEXT CHECK (finding IN ('substantiated', 'partly', 'unsubstantiated')),
    measures           TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(measures)),
    result             TEXT,
    notify_method      TEXT,
    satisfaction       TEXT CHECK (satisfaction IN ('satisfied', 'basically', 'dissatisfied')),
    resolved           INTEGER CHECK (resolved IN (0, 1)),
    reject_reason      TEXT,
    rejection_notified INTEGER NOT NULL DEFAULT 0 CHECK (rejection_notified IN (0, 1)),
    withdraw_reason    TEXT,
    reviews            INTEGER NOT NULL DEFAULT 0,
    last_at            TEXT NOT NULL,
    accepted_at        TEXT,
    replied_at         TEXT,
    archived_at        TEXT,
    -- The reply clock's dates, kept with the case so a year's statistics read
    -- one table: original and current due date, and the day it stopped.
    reply_original_due TEXT,
    reply_due          TEXT,
    reply_stopped_on   TEXT,
    UNIQUE (year, seq)
) STRICT;
CREATE INDEX cases_status ON cases (status, received_at);
CREATE INDEX cases_received ON cases (received_at);
CREATE INDEX cases_unit ON cases (unit_id, received_at);
CREATE INDEX cases_category ON cases (category, received_at);
CREATE INDEX cases_channel ON cases (channel, received_at);
-- The repeat-complaint lookup: same person, same unit, within the window.
CREATE INDEX cases_phone ON cases (phone, unit_id, received_at) WHERE phone IS NOT NULL;
CREATE INDEX cases_complainant ON cases (complainant, unit_id, received_at)
    WHERE complainant IS NOT NULL;
CREATE INDEX cases_flagged ON cases (received_at) WHERE major = 1 OR escalated = 1;
-- Period statistics read only these columns of a period's cases: a narrow
-- covering index spares them reading whole rows (content and all).
CREATE INDEX cases_period ON cases (
    received_at, unit_id, window_name, category, channel, status, complainant,
    repeat_rank, finding, satisfaction, reply_due, reply_original_due, reply_stopped_on
);

-- 重复投诉: a case and the earlier cases of the same complainant and unit.
CREATE TABLE case_links (
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    earlier_id INTEGER NOT NULL REFERENCES cases (id),
    PRIMARY KEY (case_id, earlier_id),
    CHECK (earlier_id <> case_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX case_links_earlier ON case_links (earlier_id);

-- Deadlines. The rules' inputs (start, limit, extensions, suspensions, stop)
-- and, kept current, the due date they give, so the overdue check is one
-- indexed query. A change of a due date is an event with its reason.
CREATE TABLE clocks (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    name        TEXT NOT NULL CHECK (name IN ('accept', 'reply', 'reject_notice', 'revisit',
                    'review')),
    started_on  TEXT NOT NULL,
    limit_days  INTEGER NOT NULL CHECK (limit_days >= 0),
    policy_id   INTEGER REFERENCES policy (id),
    extensions  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(extensions)),
    suspensions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(suspensions)),
    stopped_on  TEXT,
    suspended   INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
    due          TEXT NOT NULL,
    original_due TEXT NOT NULL,
    provisional  INTEGER NOT NULL DEFAULT 0 CHECK (provisional IN (0, 1))
) STRICT;
CREATE INDEX clocks_case ON clocks (case_id, id);
CREATE INDEX clocks_running_due ON clocks (due) WHERE stopped_on IS NULL;
-- Clocks still running on a past date, for an overdue report as of that date.
CREATE INDEX clocks_stopped ON clocks (stopped_on, started_on);
CREATE INDEX clocks_provisional ON clocks (id) WHERE provisional = 1;

-- The record (留痕): append-only. case_id is NULL for changes to the office's
-- settings (calendar, policy) and for exports of personal data.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER REFERENCES cases (id),
    at          TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    data        TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data)),
    -- sha256 over the previous event's hash, this id and this content: the
    -- chain `tousu verify` checks (see storage/events.py).
    hash        TEXT
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

PRAGMA user_version = 3;
