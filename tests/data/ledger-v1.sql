-- A ledger as schema version 1 (the oldest an upgrade starts from) wrote it.
-- Written by the program as of commit 8936834, the last one at version 1, with
-- its own commands: seven cases through most stages (a repeat by name, a
-- suspension, an extension, a rejection, a withdrawal), a local holiday, a
-- category and a policy change; then dumped with sqlite3's iterdump.
-- Its events have no hashes yet (version 2), and 张三's mobile number is kept
-- as it was typed (version 3 makes the three ways one number).
BEGIN TRANSACTION;
CREATE TABLE calendar_day (
    day     TEXT PRIMARY KEY CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    workday INTEGER NOT NULL CHECK (workday IN (0, 1)),
    name    TEXT NOT NULL DEFAULT '',
    set_by  TEXT NOT NULL,
    set_at  TEXT NOT NULL
) STRICT;
INSERT INTO "calendar_day" VALUES('2026-10-30',0,'中心设备检修停办','王芳','2026-12-04T22:51:06+08:00');
CREATE TABLE calendar_year (
    year         INTEGER PRIMARY KEY CHECK (year BETWEEN 1 AND 9999),
    confirmed_by TEXT NOT NULL,
    confirmed_at TEXT NOT NULL
) STRICT;
CREATE TABLE case_links (
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    earlier_id INTEGER NOT NULL REFERENCES cases (id),
    PRIMARY KEY (case_id, earlier_id),
    CHECK (earlier_id <> case_id)
) STRICT, WITHOUT ROWID;
INSERT INTO "case_links" VALUES(5,4);
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
    reply_original_due TEXT,
    reply_due          TEXT,
    reply_stopped_on   TEXT,
    UNIQUE (year, seq)
) STRICT;
INSERT INTO "cases" VALUES(1,'2026-0001',2026,1,'archived','2026-09-07T09:20:00+08:00','2026-09-07T09:30:00+08:00','phone','oral','张三','138-1234-5678',NULL,1,'3号窗口',NULL,'服务态度','办理转移登记时工作人员态度生硬,不耐烦解释','要求道歉','[]',0,NULL,1,0,'transfer',2,'刘强','substantiated','["批评教育"]','对当事工作人员批评教育并调离窗口一周','phone','satisfied',1,NULL,0,NULL,0,'2026-09-21T09:00:00+08:00','2026-09-07T14:00:00+08:00','2026-09-14T10:00:00+08:00','2026-09-21T09:00:00+08:00','2026-09-16','2026-09-16','2026-09-14');
INSERT INTO "cases" VALUES(2,'2026-0002',2026,2,'assigned','2026-10-12T10:05:00+08:00','2026-10-12T10:15:00+08:00','visit','oral','张三','+8613812345678',NULL,1,NULL,NULL,'办事效率/拖延超时','材料齐全,超过承诺时限仍未办结',NULL,'[]',0,NULL,1,0,'self',3,NULL,NULL,'[]',NULL,NULL,NULL,NULL,NULL,0,NULL,0,'2026-10-22T09:00:00+08:00','2026-10-12T15:00:00+08:00',NULL,NULL,'2026-10-21','2026-11-02',NULL);
INSERT INTO "cases" VALUES(3,'2026-0003',2026,3,'accepted','2026-11-16T08:50:00+08:00','2026-11-16T09:10:00+08:00','hotline','oral','张三','13812345678',NULL,1,NULL,NULL,'推诿扯皮','两个窗口互相推诿,让群众来回跑',NULL,'[]',0,'GD20261116001',1,0,NULL,NULL,NULL,NULL,'[]',NULL,NULL,NULL,NULL,NULL,0,NULL,0,'2026-11-16T11:00:00+08:00','2026-11-16T11:00:00+08:00',NULL,NULL,'2026-11-25','2026-11-25',NULL);
INSERT INTO "cases" VALUES(4,'2026-0004',2026,4,'archived','2026-10-20T09:00:00+08:00','2026-10-21T09:00:00+08:00','letter','written','李四',NULL,NULL,4,NULL,NULL,'其他','反映邻居违章搭建',NULL,'[]',0,NULL,1,0,NULL,NULL,NULL,NULL,'[]',NULL,NULL,NULL,NULL,'不属于政务服务事项,已告知向城管部门反映',1,NULL,0,'2026-10-23T10:00:00+08:00',NULL,'2026-10-22T10:00:00+08:00','2026-10-23T10:00:00+08:00',NULL,NULL,NULL);
INSERT INTO "cases" VALUES(5,'2026-0005',2026,5,'withdrawn','2026-11-02T14:30:00+08:00','2026-11-02T14:40:00+08:00','visit','oral','李四',NULL,NULL,4,NULL,NULL,'空岗脱岗','下午两点半窗口无人,等待四十分钟',NULL,'[]',0,NULL,2,0,NULL,NULL,NULL,NULL,'[]',NULL,NULL,NULL,NULL,NULL,0,'投诉人表示已办好,撤回投诉',0,'2026-11-03T09:00:00+08:00',NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO "cases" VALUES(6,'2026-0006',2026,6,'registered','2026-11-25T20:10:00+08:00','2026-11-26T08:40:00+08:00','web','written',NULL,NULL,NULL,5,NULL,NULL,'窗口设施','叫号机经常故障',NULL,'[]',0,NULL,1,0,NULL,NULL,NULL,NULL,'[]',NULL,NULL,NULL,NULL,NULL,0,NULL,0,'2026-11-26T08:40:00+08:00',NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO "cases" VALUES(7,'2026-0007',2026,7,'registered','2026-12-01T09:00:00+08:00','2026-12-01T09:05:00+08:00','phone','oral','王五','0571-88888888-123',NULL,6,NULL,NULL,'不一次性告知','第三次来才被告知还缺一份证明材料',NULL,'[]',1,NULL,1,0,NULL,NULL,NULL,NULL,'[]',NULL,NULL,NULL,NULL,NULL,0,NULL,0,'2026-12-01T09:05:00+08:00',NULL,NULL,NULL,NULL,NULL,NULL);
CREATE TABLE categories (
    name    TEXT PRIMARY KEY CHECK (length(trim(name)) > 0),
    builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
) STRICT;
INSERT INTO "categories" VALUES('服务态度',1);
INSERT INTO "categories" VALUES('办事效率/拖延超时',1);
INSERT INTO "categories" VALUES('推诿扯皮',1);
INSERT INTO "categories" VALUES('不一次性告知',1);
INSERT INTO "categories" VALUES('不予受理符合条件的申请',1);
INSERT INTO "categories" VALUES('违规审批',1);
INSERT INTO "categories" VALUES('超期未办结',1);
INSERT INTO "categories" VALUES('违规收费',1);
INSERT INTO "categories" VALUES('吃拿卡要',1);
INSERT INTO "categories" VALUES('不落实一门受理',1);
INSERT INTO "categories" VALUES('空岗脱岗',1);
INSERT INTO "categories" VALUES('其他',1);
INSERT INTO "categories" VALUES('窗口设施',0);
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
INSERT INTO "clocks" VALUES(1,1,'accept','2026-09-07',1,1,'[]','[]','2026-09-07',0,'2026-09-08','2026-09-08',0);
INSERT INTO "clocks" VALUES(2,1,'reply','2026-09-07',7,1,'[]','[]','2026-09-14',0,'2026-09-16','2026-09-16',0);
INSERT INTO "clocks" VALUES(3,1,'revisit','2026-09-14',5,1,'[]','[]','2026-09-18',0,'2026-09-20','2026-09-20',0);
INSERT INTO "clocks" VALUES(4,2,'accept','2026-10-12',1,1,'[]','[]','2026-10-12',0,'2026-10-13','2026-10-13',0);
INSERT INTO "clocks" VALUES(5,2,'reply','2026-10-12',7,1,'[{"days": 3, "reason": "需会同税务部门核实", "approved_by": "陈主任", "on": "2026-10-22"}]','[{"start": "2026-10-14", "reason": "等待申请人补充材料", "end": "2026-10-21"}]',NULL,0,'2026-11-02','2026-10-21',0);
INSERT INTO "clocks" VALUES(6,3,'accept','2026-11-16',1,1,'[]','[]','2026-11-16',0,'2026-11-17','2026-11-17',0);
INSERT INTO "clocks" VALUES(7,3,'reply','2026-11-16',7,1,'[]','[]',NULL,0,'2026-11-25','2026-11-25',0);
INSERT INTO "clocks" VALUES(8,4,'accept','2026-10-20',1,1,'[]','[]','2026-10-21',0,'2026-10-21','2026-10-21',0);
INSERT INTO "clocks" VALUES(9,4,'reject_notice','2026-10-21',1,1,'[]','[]','2026-10-22',0,'2026-10-22','2026-10-22',0);
INSERT INTO "clocks" VALUES(10,5,'accept','2026-11-02',1,1,'[]','[]','2026-11-03',0,'2026-11-03','2026-11-03',0);
INSERT INTO "clocks" VALUES(11,6,'accept','2026-11-25',1,1,'[]','[]',NULL,0,'2026-11-26','2026-11-26',0);
INSERT INTO "clocks" VALUES(12,7,'accept','2026-12-01',1,1,'[]','[]',NULL,0,'2026-12-02','2026-12-02',0);
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER REFERENCES cases (id),
    at          TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    data        TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data))
) STRICT;
INSERT INTO "events" VALUES(1,NULL,'2026-12-04T22:51:06+08:00','2026-12-04T22:51:06+08:00','王芳','calendar_set','{"day": "2026-10-30", "workday": false, "name": "中心设备检修停办", "before": null}');
INSERT INTO "events" VALUES(2,NULL,'2026-12-04T22:51:07+08:00','2026-12-04T22:51:07+08:00','王芳','category_add','{"name": "窗口设施"}');
INSERT INTO "events" VALUES(3,NULL,'2026-12-04T22:51:07+08:00','2026-12-04T22:51:07+08:00','王芳','policy_set','{"key": "reply_days", "old": 5, "new": 7, "version": 1, "previous_version": null}');
INSERT INTO "events" VALUES(4,1,'2026-09-07T09:30:00+08:00','2026-12-04T22:51:07+08:00','王芳','register','{"number": "2026-0001", "received_at": "2026-09-07T09:20:00+08:00", "channel": "phone", "unit": "不动产登记窗口", "category": "服务态度", "repeat_rank": 1, "repeats": [], "escalated": false, "policy": 1, "clocks": [{"clock": "accept", "due": "2026-09-08", "change": "started", "limit_days": 1, "policy": 1}]}');
INSERT INTO "events" VALUES(5,1,'2026-09-07T14:00:00+08:00','2026-12-04T22:51:07+08:00','王芳','accept','{"clocks": [{"clock": "accept", "due": "2026-09-08", "change": "stopped", "state": "met"}, {"clock": "reply", "due": "2026-09-16", "change": "started", "limit_days": 7, "policy": 1}]}');
INSERT INTO "events" VALUES(6,1,'2026-09-08T09:00:00+08:00','2026-12-04T22:51:07+08:00','王芳','assign','{"mode": "transfer", "unit": "不动产登记中心", "handler": "刘强"}');
INSERT INTO "events" VALUES(7,1,'2026-09-10T10:00:00+08:00','2026-12-04T22:51:08+08:00','王芳','investigate','{"note": "调取窗口录像,工作人员确有不耐烦表现", "evidence": ["录像截图"]}');
INSERT INTO "events" VALUES(8,1,'2026-09-11T16:00:00+08:00','2026-12-04T22:51:08+08:00','王芳','decide','{"finding": "substantiated", "measures": ["批评教育"], "result": "对当事工作人员批评教育并调离窗口一周"}');
INSERT INTO "events" VALUES(9,1,'2026-09-14T10:00:00+08:00','2026-12-04T22:51:08+08:00','王芳','notify','{"method": "phone", "note": "电话告知处理结果", "clocks": [{"clock": "reply", "due": "2026-09-16", "change": "stopped", "state": "met"}, {"clock": "revisit", "due": "2026-09-20", "change": "started", "limit_days": 5, "policy": 1}]}');
INSERT INTO "events" VALUES(10,1,'2026-09-18T15:00:00+08:00','2026-12-04T22:51:08+08:00','王芳','revisit','{"satisfaction": "satisfied", "resolved": true, "note": null, "clocks": [{"clock": "revisit", "due": "2026-09-20", "change": "stopped", "state": "met"}]}');
INSERT INTO "events" VALUES(11,1,'2026-09-21T09:00:00+08:00','2026-12-04T22:51:08+08:00','王芳','archive','{}');
INSERT INTO "events" VALUES(12,2,'2026-10-12T10:15:00+08:00','2026-12-04T22:51:09+08:00','王芳','register','{"number": "2026-0002", "received_at": "2026-10-12T10:05:00+08:00", "channel": "visit", "unit": "不动产登记窗口", "category": "办事效率/拖延超时", "repeat_rank": 1, "repeats": [], "escalated": false, "policy": 1, "clocks": [{"clock": "accept", "due": "2026-10-13", "change": "started", "limit_days": 1, "policy": 1}]}');
INSERT INTO "events" VALUES(13,2,'2026-10-12T15:00:00+08:00','2026-12-04T22:51:09+08:00','王芳','accept','{"clocks": [{"clock": "accept", "due": "2026-10-13", "change": "stopped", "state": "met"}, {"clock": "reply", "due": "2026-10-21", "change": "started", "limit_days": 7, "policy": 1}]}');
INSERT INTO "events" VALUES(14,2,'2026-10-13T09:00:00+08:00','2026-12-04T22:51:09+08:00','王芳','assign','{"mode": "self", "unit": "督查室", "handler": null}');
INSERT INTO "events" VALUES(15,2,'2026-10-14T09:00:00+08:00','2026-12-04T22:51:09+08:00','王芳','suspend','{"clock": "reply", "reason": "等待申请人补充材料", "clocks": [{"clock": "reply", "due": "2026-10-21", "change": "moved"}]}');
INSERT INTO "events" VALUES(16,2,'2026-10-21T09:00:00+08:00','2026-12-04T22:51:09+08:00','王芳','resume','{"clock": "reply", "clocks": [{"clock": "reply", "due": "2026-10-27", "change": "moved"}]}');
INSERT INTO "events" VALUES(17,2,'2026-10-22T09:00:00+08:00','2026-12-04T22:51:09+08:00','王芳','extend','{"clock": "reply", "days": 3, "reason": "需会同税务部门核实", "approved_by": "陈主任", "clocks": [{"clock": "reply", "due": "2026-11-02", "change": "moved"}]}');
INSERT INTO "events" VALUES(18,3,'2026-11-16T09:10:00+08:00','2026-12-04T22:51:10+08:00','王芳','register','{"number": "2026-0003", "received_at": "2026-11-16T08:50:00+08:00", "channel": "hotline", "unit": "不动产登记窗口", "category": "推诿扯皮", "repeat_rank": 1, "repeats": [], "escalated": false, "policy": 1, "clocks": [{"clock": "accept", "due": "2026-11-17", "change": "started", "limit_days": 1, "policy": 1}]}');
INSERT INTO "events" VALUES(19,3,'2026-11-16T11:00:00+08:00','2026-12-04T22:51:10+08:00','王芳','accept','{"clocks": [{"clock": "accept", "due": "2026-11-17", "change": "stopped", "state": "met"}, {"clock": "reply", "due": "2026-11-25", "change": "started", "limit_days": 7, "policy": 1}]}');
INSERT INTO "events" VALUES(20,4,'2026-10-21T09:00:00+08:00','2026-12-04T22:51:10+08:00','王芳','register','{"number": "2026-0004", "received_at": "2026-10-20T09:00:00+08:00", "channel": "letter", "unit": "社保医保窗口", "category": "其他", "repeat_rank": 1, "repeats": [], "escalated": false, "policy": 1, "clocks": [{"clock": "accept", "due": "2026-10-21", "change": "started", "limit_days": 1, "policy": 1}]}');
INSERT INTO "events" VALUES(21,4,'2026-10-21T15:00:00+08:00','2026-12-04T22:51:11+08:00','王芳','reject','{"reason": "不属于政务服务事项,已告知向城管部门反映", "clocks": [{"clock": "accept", "due": "2026-10-21", "change": "stopped", "state": "met"}, {"clock": "reject_notice", "due": "2026-10-22", "change": "started", "limit_days": 1, "policy": 1}]}');
INSERT INTO "events" VALUES(22,4,'2026-10-22T10:00:00+08:00','2026-12-04T22:51:11+08:00','王芳','notify','{"method": "written", "note": "书面告知不予受理的理由", "clocks": [{"clock": "reject_notice", "due": "2026-10-22", "change": "stopped", "state": "met"}]}');
INSERT INTO "events" VALUES(23,4,'2026-10-23T10:00:00+08:00','2026-12-04T22:51:11+08:00','王芳','archive','{}');
INSERT INTO "events" VALUES(24,5,'2026-11-02T14:40:00+08:00','2026-12-04T22:51:11+08:00','王芳','register','{"number": "2026-0005", "received_at": "2026-11-02T14:30:00+08:00", "channel": "visit", "unit": "社保医保窗口", "category": "空岗脱岗", "repeat_rank": 2, "repeats": ["2026-0004"], "escalated": false, "policy": 1, "clocks": [{"clock": "accept", "due": "2026-11-03", "change": "started", "limit_days": 1, "policy": 1}]}');
INSERT INTO "events" VALUES(25,5,'2026-11-03T09:00:00+08:00','2026-12-04T22:51:11+08:00','王芳','withdraw','{"reason": "投诉人表示已办好,撤回投诉", "clocks": [{"clock": "accept", "due": "2026-11-03", "change": "stopped", "state": "met"}]}');
INSERT INTO "events" VALUES(26,6,'2026-11-26T08:40:00+08:00','2026-12-04T22:51:12+08:00','王芳','register','{"number": "2026-0006", "received_at": "2026-11-25T20:10:00+08:00", "channel": "web", "unit": "公积金窗口", "category": "窗口设施", "repeat_rank": 1, "repeats": [], "escalated": false, "policy": 1, "clocks": [{"clock": "accept", "due": "2026-11-26", "change": "started", "limit_days": 1, "policy": 1}]}');
INSERT INTO "events" VALUES(27,7,'2026-12-01T09:05:00+08:00','2026-12-04T22:51:12+08:00','王芳','register','{"number": "2026-0007", "received_at": "2026-12-01T09:00:00+08:00", "channel": "phone", "unit": "税务窗口", "category": "不一次性告知", "repeat_rank": 1, "repeats": [], "escalated": false, "policy": 1, "clocks": [{"clock": "accept", "due": "2026-12-02", "change": "started", "limit_days": 1, "policy": 1}]}');
CREATE TABLE policy (
    id       INTEGER PRIMARY KEY,
    settings TEXT NOT NULL CHECK (json_valid(settings)),
    set_by   TEXT NOT NULL,
    set_at   TEXT NOT NULL
) STRICT;
INSERT INTO "policy" VALUES(1,'{"accept_days": 1, "reply_days": 7, "reject_notice_days": 1, "revisit_days": 5, "review_days": 10, "max_extensions": 1, "max_extension_days": 10, "repeat_window_days": 90, "repeat_escalation_count": 3}','王芳','2026-12-04T22:51:07+08:00');
CREATE TABLE units (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0)
) STRICT;
INSERT INTO "units" VALUES(1,'不动产登记窗口');
INSERT INTO "units" VALUES(2,'不动产登记中心');
INSERT INTO "units" VALUES(3,'督查室');
INSERT INTO "units" VALUES(4,'社保医保窗口');
INSERT INTO "units" VALUES(5,'公积金窗口');
INSERT INTO "units" VALUES(6,'税务窗口');
CREATE INDEX cases_status ON cases (status, received_at);
CREATE INDEX cases_received ON cases (received_at);
CREATE INDEX cases_unit ON cases (unit_id, received_at);
CREATE INDEX cases_category ON cases (category, received_at);
CREATE INDEX cases_channel ON cases (channel, received_at);
CREATE INDEX cases_phone ON cases (phone, unit_id, received_at) WHERE phone IS NOT NULL;
CREATE INDEX cases_complainant ON cases (complainant, unit_id, received_at)
    WHERE complainant IS NOT NULL;
CREATE INDEX cases_flagged ON cases (received_at) WHERE major = 1 OR escalated = 1;
CREATE INDEX cases_period ON cases (
    received_at, unit_id, window_name, category, channel, status, complainant,
    repeat_rank, finding, satisfaction, reply_due, reply_original_due, reply_stopped_on
);
CREATE INDEX case_links_earlier ON case_links (earlier_id);
CREATE INDEX clocks_case ON clocks (case_id, id);
CREATE INDEX clocks_running_due ON clocks (due) WHERE stopped_on IS NULL;
CREATE INDEX clocks_stopped ON clocks (stopped_on, started_on);
CREATE INDEX clocks_provisional ON clocks (id) WHERE provisional = 1;
CREATE INDEX events_case ON events (case_id, id);
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;
COMMIT;
PRAGMA user_version = 1;
