-- A ledger at schema version 3 as the stage commands, import --update, calendar
-- set/unset/confirm, policy set, category add, show --reveal and export --reveal
-- wrote it, before actions and events became types; dumped with iterdump.
-- ledger-v3-history.json holds what `show` said of each case's history then.
BEGIN TRANSACTION;
CREATE TABLE calendar_day (
    day     TEXT PRIMARY KEY CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    workday INTEGER NOT NULL CHECK (workday IN (0, 1)),
    name    TEXT NOT NULL DEFAULT '',
    set_by  TEXT NOT NULL,
    set_at  TEXT NOT NULL
) STRICT;
INSERT INTO "calendar_day" VALUES('2026-11-18',0,'中心设备检修停办','王芳','2026-12-06T02:07:19+08:00');
CREATE TABLE calendar_year (
    year         INTEGER PRIMARY KEY CHECK (year BETWEEN 1 AND 9999),
    confirmed_by TEXT NOT NULL,
    confirmed_at TEXT NOT NULL
) STRICT;
INSERT INTO "calendar_year" VALUES(2027,'王芳','2026-12-06T02:07:19+08:00');
CREATE TABLE case_links (
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    earlier_id INTEGER NOT NULL REFERENCES cases (id),
    PRIMARY KEY (case_id, earlier_id),
    CHECK (earlier_id <> case_id)
) STRICT, WITHOUT ROWID;
INSERT INTO "case_links" VALUES(6,5);
INSERT INTO "case_links" VALUES(5,7);
INSERT INTO "case_links" VALUES(6,7);
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
INSERT INTO "cases" VALUES(1,'2026-0001',2026,1,'archived','2026-09-30T16:00:00+08:00','2026-09-30T16:05:00+08:00','phone','oral','张三','13812345678',NULL,1,'3号窗口','李四','服务态度','态度生硬,拒绝解释','赔礼道歉','[]',0,NULL,1,0,'transfer',2,'赵六','partly','[]','复核维持','phone','basically',NULL,NULL,0,NULL,1,'2026-11-02T10:00:00+08:00','2026-10-08T09:00:00+08:00','2026-10-29T10:00:00+08:00','2026-11-02T10:00:00+08:00','2026-10-15','2026-10-21','2026-10-19');
INSERT INTO "cases" VALUES(2,'2026-0002',2026,2,'notified','2026-10-12T10:05:00+08:00','2026-10-12T11:00:00+08:00','letter','written','李梅',NULL,'110101199003071233',3,NULL,NULL,'办事效率/拖延超时','排队两小时',NULL,'[]',0,NULL,1,0,'self',3,NULL,'unsubstantiated','[]','经核实不属实','phone',NULL,NULL,NULL,0,NULL,0,'2026-10-16T10:00:00+08:00','2026-10-13T09:00:00+08:00','2026-10-16T10:00:00+08:00',NULL,'2026-10-21','2026-10-21','2026-10-16');
INSERT INTO "cases" VALUES(3,'2026-0003',2026,3,'rejected','2026-10-20T09:00:00+08:00','2026-10-20T09:30:00+08:00','web','written',NULL,NULL,NULL,4,NULL,NULL,'服务态度','网上留言',NULL,'[]',0,NULL,1,0,NULL,NULL,NULL,NULL,'[]',NULL,NULL,NULL,NULL,'不属于受理范围',1,NULL,0,'2026-10-21T10:00:00+08:00',NULL,'2026-10-21T10:00:00+08:00',NULL,NULL,NULL,NULL);
INSERT INTO "cases" VALUES(4,'2026-0004',2026,4,'withdrawn','2026-10-22T14:00:00+08:00','2026-10-22T14:10:00+08:00','visit','oral','王五','13900001111',NULL,5,NULL,NULL,'服务态度','来访反映',NULL,'[]',0,NULL,1,0,NULL,NULL,NULL,NULL,'[]',NULL,NULL,NULL,NULL,NULL,0,'投诉人自行撤回',0,'2026-10-23T09:00:00+08:00',NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO "cases" VALUES(5,'2026-0005',2026,5,'accepted','2026-11-10T09:00:00+08:00','2026-11-10T09:05:00+08:00','phone','oral','赵七','13700002222',NULL,4,NULL,NULL,'服务态度','第二次反映',NULL,'[]',0,NULL,2,0,NULL,NULL,NULL,NULL,'[]',NULL,NULL,NULL,NULL,NULL,0,NULL,0,'2026-11-11T09:00:00+08:00','2026-11-11T09:00:00+08:00',NULL,NULL,'2026-11-20','2026-11-20',NULL);
INSERT INTO "cases" VALUES(6,'2026-0006',2026,6,'registered','2026-11-12T09:00:00+08:00','2026-11-12T09:05:00+08:00','phone','oral','赵七','13700002222',NULL,4,NULL,NULL,'服务态度','第三次反映',NULL,'[]',0,NULL,3,1,NULL,NULL,NULL,NULL,'[]',NULL,NULL,NULL,NULL,NULL,0,NULL,0,'2026-11-12T09:05:00+08:00',NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO "cases" VALUES(7,'2026-0007',2026,7,'registered','2026-11-03T09:00:00+08:00','2026-11-13T09:05:00+08:00','letter','written','赵七','13700002222',NULL,4,NULL,NULL,'服务态度','补登的来信',NULL,'[]',0,NULL,1,0,NULL,NULL,NULL,NULL,'[]',NULL,NULL,NULL,NULL,NULL,0,NULL,0,'2026-11-13T09:05:00+08:00',NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO "cases" VALUES(8,'2026-0008',2026,8,'revisited','2026-11-02T10:00:00+08:00','2026-11-02T10:00:00+08:00','hotline','oral','孙八','13600003333',NULL,6,NULL,NULL,'服务态度','窗口人员玩手机',NULL,'[]',0,'GD-1',1,0,'self',6,NULL,NULL,'[]','(导入的记录未载明)','phone','satisfied',NULL,NULL,0,NULL,0,'2026-11-06T10:00:00+08:00','2026-11-02T10:00:00+08:00','2026-11-06T10:00:00+08:00',NULL,'2026-11-10','2026-11-10','2026-11-06');
INSERT INTO "cases" VALUES(9,'2026-0009',2026,9,'registered','2026-11-16T10:00:00+08:00','2026-11-16T10:00:00+08:00','hotline','oral','周九','13600005555',NULL,6,NULL,NULL,'服务态度','办理很慢',NULL,'[]',0,'GD-2',1,0,NULL,NULL,NULL,NULL,'[]',NULL,NULL,NULL,NULL,NULL,0,NULL,0,'2026-11-16T10:00:00+08:00',NULL,NULL,NULL,NULL,NULL,NULL);
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
INSERT INTO "categories" VALUES('窗口环境',0);
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
INSERT INTO "clocks" VALUES(1,1,'accept','2026-09-30',1,1,'[]','[]','2026-10-08',0,'2026-10-08','2026-10-08',0);
INSERT INTO "clocks" VALUES(2,1,'reply','2026-10-08',6,1,'[{"days":3,"reason":"需现场核实","approved_by":"王主任","on":"2026-10-10"}]','[{"start":"2026-10-12","reason":"等待补充材料","end":"2026-10-14"}]','2026-10-19',0,'2026-10-21','2026-10-15',0);
INSERT INTO "clocks" VALUES(3,1,'revisit','2026-10-19',5,1,'[]','[]','2026-10-21',0,'2026-10-26','2026-10-26',0);
INSERT INTO "clocks" VALUES(4,1,'review','2026-10-21',10,1,'[]','[]','2026-10-29',0,'2026-11-04','2026-11-04',0);
INSERT INTO "clocks" VALUES(5,1,'revisit','2026-10-29',5,1,'[]','[]','2026-10-30',0,'2026-11-05','2026-11-05',0);
INSERT INTO "clocks" VALUES(6,2,'accept','2026-10-12',1,1,'[]','[]','2026-10-13',0,'2026-10-13','2026-10-13',0);
INSERT INTO "clocks" VALUES(7,2,'reply','2026-10-13',6,1,'[]','[]','2026-10-16',0,'2026-10-21','2026-10-21',0);
INSERT INTO "clocks" VALUES(8,2,'revisit','2026-10-16',5,1,'[]','[]',NULL,0,'2026-10-23','2026-10-23',0);
INSERT INTO "clocks" VALUES(9,3,'accept','2026-10-20',1,1,'[]','[]','2026-10-21',0,'2026-10-21','2026-10-21',0);
INSERT INTO "clocks" VALUES(10,3,'reject_notice','2026-10-21',1,1,'[]','[]','2026-10-21',0,'2026-10-22','2026-10-22',0);
INSERT INTO "clocks" VALUES(11,4,'accept','2026-10-22',1,1,'[]','[]','2026-10-23',0,'2026-10-23','2026-10-23',0);
INSERT INTO "clocks" VALUES(12,5,'accept','2026-11-10',1,1,'[]','[]','2026-11-11',0,'2026-11-11','2026-11-11',0);
INSERT INTO "clocks" VALUES(13,6,'accept','2026-11-12',1,1,'[]','[]',NULL,0,'2026-11-13','2026-11-13',0);
INSERT INTO "clocks" VALUES(14,7,'accept','2026-11-03',1,1,'[]','[]',NULL,0,'2026-11-04','2026-11-04',0);
INSERT INTO "clocks" VALUES(15,5,'reply','2026-11-11',6,1,'[]','[]',NULL,0,'2026-11-20','2026-11-20',0);
INSERT INTO "clocks" VALUES(16,8,'accept','2026-11-02',1,1,'[]','[]','2026-11-02',0,'2026-11-03','2026-11-03',0);
INSERT INTO "clocks" VALUES(17,8,'reply','2026-11-02',6,1,'[]','[]','2026-11-06',0,'2026-11-10','2026-11-10',0);
INSERT INTO "clocks" VALUES(18,8,'revisit','2026-11-06',5,1,'[]','[]','2026-11-06',0,'2026-11-13','2026-11-13',0);
INSERT INTO "clocks" VALUES(19,9,'accept','2026-11-16',1,1,'[]','[]',NULL,0,'2026-11-17','2026-11-17',0);
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER REFERENCES cases (id),
    at          TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    data        TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data)),
    hash        TEXT
) STRICT;
INSERT INTO "events" VALUES(1,NULL,'2026-12-06T02:07:14+08:00','2026-12-06T02:07:14+08:00','王芳','category_add','{"name":"窗口环境"}','cfe043201b1814f6243fe81bde7f4db393740028b88418460e4ca1d038941882');
INSERT INTO "events" VALUES(2,NULL,'2026-12-06T02:07:14+08:00','2026-12-06T02:07:14+08:00','王芳','policy_set','{"key":"reply_days","old":5,"new":6,"version":1,"previous_version":null}','dcefffe3bd083f75d9e88e5d5eff596769d66d651fee0d346c6d5a5ea13b3f6f');
INSERT INTO "events" VALUES(3,1,'2026-09-30T16:05:00+08:00','2026-12-06T02:07:15+08:00','王芳','register','{"number":"2026-0001","received_at":"2026-09-30T16:00:00+08:00","channel":"phone","unit":"不动产登记窗口","category":"服务态度","repeat_rank":1,"repeats":[],"escalated":false,"policy":1,"clocks":[{"clock":"accept","due":"2026-10-08","change":"started","limit_days":1,"policy":1}]}','c9ec228e1ef5a6cf172ba2fc73118c97e89d38b4165e633c930481a8656974c5');
INSERT INTO "events" VALUES(4,1,'2026-10-08T09:00:00+08:00','2026-12-06T02:07:15+08:00','王芳','accept','{"clocks":[{"clock":"accept","due":"2026-10-08","change":"stopped","state":"met"},{"clock":"reply","due":"2026-10-15","change":"started","limit_days":6,"policy":1}]}','ba7a60ecf8ad020a357f0f4b32fdf615aa1f4ae7a06096a9c89cf340302eafb7');
INSERT INTO "events" VALUES(5,1,'2026-10-08T10:00:00+08:00','2026-12-06T02:07:15+08:00','王芳','assign','{"mode":"transfer","unit":"不动产登记中心","handler":"赵六"}','3224206ed57d0b8e1d459e29725c7d24c9f341d13e7e6fd7ae07eff79fde6fd1');
INSERT INTO "events" VALUES(6,1,'2026-10-09T10:00:00+08:00','2026-12-06T02:07:15+08:00','王芳','investigate','{"note":"调取录像","evidence":["录像截图","询问笔录"]}','5c36ae03dacea5aa74a486c46a4b6ba510cb9d381091f3306c6d8b8f4ff1eef2');
INSERT INTO "events" VALUES(7,1,'2026-10-10T10:00:00+08:00','2026-12-06T02:07:15+08:00','王芳','extend','{"clock":"reply","days":3,"reason":"需现场核实","approved_by":"王主任","clocks":[{"clock":"reply","due":"2026-10-20","change":"moved"}]}','eb197a6c0376df0b7bb1444716f2b0b78047704e5cb831e8f9044a4418683bfc');
INSERT INTO "events" VALUES(8,1,'2026-10-12T09:00:00+08:00','2026-12-06T02:07:15+08:00','王芳','suspend','{"clock":"reply","reason":"等待补充材料","clocks":[{"clock":"reply","due":"2026-10-20","change":"moved"}]}','e8e71bcf234c863def7dd24ef2b25644088dc7e5ea0b164403652e5cbe96dfb4');
INSERT INTO "events" VALUES(9,1,'2026-10-14T09:00:00+08:00','2026-12-06T02:07:15+08:00','王芳','resume','{"clock":"reply","clocks":[{"clock":"reply","due":"2026-10-21","change":"moved"}]}','07334cfac5d72fd40f66529b2f796de44e61b2e31945167557fad952a70ec016');
INSERT INTO "events" VALUES(10,1,'2026-10-16T15:00:00+08:00','2026-12-06T02:07:16+08:00','王芳','decide','{"finding":"substantiated","measures":["批评教育","通报"],"result":"已批评教育"}','ecda556ed038f2e2ea3a2211e942b00975063260a1d730d9b6a8ea6baa86c4cd');
INSERT INTO "events" VALUES(11,1,'2026-10-19T09:00:00+08:00','2026-12-06T02:07:16+08:00','王芳','notify','{"method":"phone","note":"已电话告知","clocks":[{"clock":"reply","due":"2026-10-21","change":"stopped","state":"met"},{"clock":"revisit","due":"2026-10-26","change":"started","limit_days":5,"policy":1}]}','b73dd4c9233d3ee8037be4a8bc98e932f1180b194a87e515fed2e81b793f6c25');
INSERT INTO "events" VALUES(12,1,'2026-10-21T09:00:00+08:00','2026-12-06T02:07:16+08:00','王芳','revisit','{"satisfaction":"dissatisfied","resolved":null,"note":"仍不认可","clocks":[{"clock":"revisit","due":"2026-10-26","change":"stopped","state":"met"}]}','6803926901c99a159eb372a578837db279bf6c6cd16589fd8b9be15eade245f0');
INSERT INTO "events" VALUES(13,1,'2026-10-21T10:00:00+08:00','2026-12-06T02:07:16+08:00','王芳','review','{"reason":"投诉人不认可处理结果","clocks":[{"clock":"review","due":"2026-11-04","change":"started","limit_days":10,"policy":1}]}','265709199759f772415373bae8e2db303d318aacd98431b813dc523c80b89d98');
INSERT INTO "events" VALUES(14,1,'2026-10-28T10:00:00+08:00','2026-12-06T02:07:16+08:00','王芳','decide','{"finding":"partly","measures":[],"result":"复核维持"}','3a529be640b19381b5369e23af11545d39a46303531d227dc51908a92e41c04e');
INSERT INTO "events" VALUES(15,1,'2026-10-29T10:00:00+08:00','2026-12-06T02:07:16+08:00','王芳','notify','{"method":"phone","note":null,"clocks":[{"clock":"review","due":"2026-11-04","change":"stopped","state":"met"},{"clock":"revisit","due":"2026-11-05","change":"started","limit_days":5,"policy":1}]}','831a1029f551eca50bbeb2d45db30d543a0cf617b2d4f218d65d5dbcb8e3d1fd');
INSERT INTO "events" VALUES(16,1,'2026-10-30T10:00:00+08:00','2026-12-06T02:07:16+08:00','王芳','revisit','{"satisfaction":"basically","resolved":null,"note":null,"clocks":[{"clock":"revisit","due":"2026-11-05","change":"stopped","state":"met"}]}','82db0384969892f9f10b2a79f659cb0df3eb4555c48516641c5c6a28b80684bf');
INSERT INTO "events" VALUES(17,1,'2026-11-02T10:00:00+08:00','2026-12-06T02:07:17+08:00','王芳','archive','{}','c19ae69c93df47b6fbf1fd529e2a5e26c65c0d5e0ec396bc3e157ee850e5c1aa');
INSERT INTO "events" VALUES(18,2,'2026-10-12T11:00:00+08:00','2026-12-06T02:07:17+08:00','王芳','register','{"number":"2026-0002","received_at":"2026-10-12T10:05:00+08:00","channel":"letter","unit":"社保窗口","category":"办事效率/拖延超时","repeat_rank":1,"repeats":[],"escalated":false,"policy":1,"clocks":[{"clock":"accept","due":"2026-10-13","change":"started","limit_days":1,"policy":1}]}','04a1cf0f9b1e8a1e85ca6c5a42e03b3714d212beddb4b96cff93295dc1f72a49');
INSERT INTO "events" VALUES(19,2,'2026-10-13T09:00:00+08:00','2026-12-06T02:07:17+08:00','王芳','accept','{"clocks":[{"clock":"accept","due":"2026-10-13","change":"stopped","state":"met"},{"clock":"reply","due":"2026-10-21","change":"started","limit_days":6,"policy":1}]}','950488c09b8a05fe3ea8ef5b4b596f786b355797b56407d9dd69883f52f91560');
INSERT INTO "events" VALUES(20,2,'2026-10-13T10:00:00+08:00','2026-12-06T02:07:17+08:00','王芳','assign','{"mode":"self","unit":"社保窗口","handler":null}','7c7bda7e12583e760df658304c209ca111b8bb9fe92b3f8afde4bf74f566455b');
INSERT INTO "events" VALUES(21,2,'2026-10-14T10:00:00+08:00','2026-12-06T02:07:17+08:00','王芳','investigate','{"note":"查看叫号记录","evidence":[]}','fcef7419935790e692c84dc72015fc8a5efffde8e20314da989547ec7ccb35d8');
INSERT INTO "events" VALUES(22,2,'2026-10-15T10:00:00+08:00','2026-12-06T02:07:17+08:00','王芳','decide','{"finding":"unsubstantiated","measures":[],"result":"经核实不属实"}','6a18545afc2356fe0d64ecfe24ed2f2aa34a0b22334df4976c1bf4e6d14312fd');
INSERT INTO "events" VALUES(23,2,'2026-10-16T10:00:00+08:00','2026-12-06T02:07:17+08:00','王芳','notify','{"method":"phone","note":null,"forced":"投诉人要求电话答复","clocks":[{"clock":"reply","due":"2026-10-21","change":"stopped","state":"met"},{"clock":"revisit","due":"2026-10-23","change":"started","limit_days":5,"policy":1}]}','4c428c199f4eda2fcbda4154156adf4dc25ae5547200e053fb728382b45a7936');
INSERT INTO "events" VALUES(24,3,'2026-10-20T09:30:00+08:00','2026-12-06T02:07:18+08:00','王芳','register','{"number":"2026-0003","received_at":"2026-10-20T09:00:00+08:00","channel":"web","unit":"税务窗口","category":"服务态度","repeat_rank":1,"repeats":[],"escalated":false,"policy":1,"clocks":[{"clock":"accept","due":"2026-10-21","change":"started","limit_days":1,"policy":1}]}','5e57eaf6688eba34bb13d2a24a93f8e38653bc2e1ab45422b7ca610f09eba1a8');
INSERT INTO "events" VALUES(25,3,'2026-10-21T09:00:00+08:00','2026-12-06T02:07:18+08:00','王芳','reject','{"reason":"不属于受理范围","clocks":[{"clock":"accept","due":"2026-10-21","change":"stopped","state":"met"},{"clock":"reject_notice","due":"2026-10-22","change":"started","limit_days":1,"policy":1}]}','20c836a086d122ffc4f04b1d64179bd985842d87eb8a52f7dae4376937201943');
INSERT INTO "events" VALUES(26,3,'2026-10-21T10:00:00+08:00','2026-12-06T02:07:18+08:00','王芳','notify','{"method":"none","note":"匿名无法答复","clocks":[{"clock":"reject_notice","due":"2026-10-22","change":"stopped","state":"met"}]}','64eb86aba82ca5e47f03b51e63348a2d7491bd11ed9eaf9eef0312bc1d7fa9c7');
INSERT INTO "events" VALUES(27,4,'2026-10-22T14:10:00+08:00','2026-12-06T02:07:18+08:00','王芳','register','{"number":"2026-0004","received_at":"2026-10-22T14:00:00+08:00","channel":"visit","unit":"公积金窗口","category":"服务态度","repeat_rank":1,"repeats":[],"escalated":false,"policy":1,"clocks":[{"clock":"accept","due":"2026-10-23","change":"started","limit_days":1,"policy":1}]}','a28baa17b247d3f2e89af1848afdeaaf480c8dbfd9483efa62819918eb1afe24');
INSERT INTO "events" VALUES(28,4,'2026-10-23T09:00:00+08:00','2026-12-06T02:07:18+08:00','王芳','withdraw','{"reason":"投诉人自行撤回","clocks":[{"clock":"accept","due":"2026-10-23","change":"stopped","state":"met"}]}','bd1f4edbca7e06dfc6ff415cc8f23100780f2c0e5e0a621e441266ee28e0d32c');
INSERT INTO "events" VALUES(29,5,'2026-11-10T09:05:00+08:00','2026-12-06T02:07:18+08:00','王芳','register','{"number":"2026-0005","received_at":"2026-11-10T09:00:00+08:00","channel":"phone","unit":"税务窗口","category":"服务态度","repeat_rank":1,"repeats":[],"escalated":false,"policy":1,"clocks":[{"clock":"accept","due":"2026-11-11","change":"started","limit_days":1,"policy":1}]}','5b74bf44919f82d0593323b53292c75b7e3c85c5b89a55203ec58bc4a9e088aa');
INSERT INTO "events" VALUES(30,6,'2026-11-12T09:05:00+08:00','2026-12-06T02:07:18+08:00','王芳','register','{"number":"2026-0006","received_at":"2026-11-12T09:00:00+08:00","channel":"phone","unit":"税务窗口","category":"服务态度","repeat_rank":2,"repeats":["2026-0005"],"escalated":false,"policy":1,"clocks":[{"clock":"accept","due":"2026-11-13","change":"started","limit_days":1,"policy":1}]}','17938e393b5e429a65211606cf9b8a473f8614877b58c7897eca210b4e41c352');
INSERT INTO "events" VALUES(31,5,'2026-12-06T02:07:19+08:00','2026-12-06T02:07:19+08:00','王芳','repeat_recounted','{"repeat_rank":2,"was":1,"because":["2026-0007"]}','97aff516229c298fee7476f0bcfe903820619657493559386fc440e9beaf3048');
INSERT INTO "events" VALUES(32,6,'2026-12-06T02:07:19+08:00','2026-12-06T02:07:19+08:00','王芳','repeat_recounted','{"repeat_rank":3,"was":2,"because":["2026-0007"],"escalated":true}','01168a7fa82d69b33afb157c5f2daef07cd30d90392bbb266f5c6132a1158bca');
INSERT INTO "events" VALUES(33,7,'2026-11-13T09:05:00+08:00','2026-12-06T02:07:19+08:00','王芳','register','{"number":"2026-0007","received_at":"2026-11-03T09:00:00+08:00","channel":"letter","unit":"税务窗口","category":"服务态度","repeat_rank":1,"repeats":[],"escalated":false,"policy":1,"clocks":[{"clock":"accept","due":"2026-11-04","change":"started","limit_days":1,"policy":1}]}','aebcb89c442f8b1cbf1aa1a00d316f6685e56d7dee28346bded30611a0874a45');
INSERT INTO "events" VALUES(34,5,'2026-11-11T09:00:00+08:00','2026-12-06T02:07:19+08:00','王芳','accept','{"clocks":[{"clock":"accept","due":"2026-11-11","change":"stopped","state":"met"},{"clock":"reply","due":"2026-11-19","change":"started","limit_days":6,"policy":1}]}','a52997c5f7762e343360099497bd0ac0cc94b7867854779031af9369727f17d4');
INSERT INTO "events" VALUES(35,NULL,'2026-12-06T02:07:19+08:00','2026-12-06T02:07:19+08:00','王芳','calendar_set','{"day":"2026-11-18","workday":false,"name":"中心设备检修停办","before":null}','b18d6707b117000b5566850300d73cdffc372329018641cb5f3a75e240756e3c');
INSERT INTO "events" VALUES(36,5,'2026-12-06T02:07:19+08:00','2026-12-06T02:07:19+08:00','王芳','deadline_changed','{"clock":"reply","old_due":"2026-11-19","new_due":"2026-11-20","was_provisional":false,"provisional":false,"reason":"经办人将 2026-11-18 设为休息日"}','dbf03e52f070cd4a36f482994946da847c0c2c41aa7b0fc38640203cf64c452b');
INSERT INTO "events" VALUES(37,NULL,'2026-12-06T02:07:19+08:00','2026-12-06T02:07:19+08:00','王芳','calendar_set','{"day":"2026-11-21","workday":true,"name":"调休","before":null}','07b4d557ef8e5a85628da6988935b71cd56dda3fca6fe388f340efa2b3cd17f0');
INSERT INTO "events" VALUES(38,NULL,'2026-12-06T02:07:19+08:00','2026-12-06T02:07:19+08:00','王芳','calendar_unset','{"day":"2026-11-21","before":{"workday":true,"name":"调休"}}','130c553d07e6fbdd6f04b68df6a2ca28537f2d82fe53e77e9a9dcb776d962783');
INSERT INTO "events" VALUES(39,NULL,'2026-12-06T02:07:19+08:00','2026-12-06T02:07:19+08:00','王芳','calendar_confirm','{"year":2027,"overrides":0}','b35c922b946f9539984f455222d25d87b4c3f413a9a9a01dfe41358f50bf7aae');
INSERT INTO "events" VALUES(40,1,'2026-12-06T02:07:20+08:00','2026-12-06T02:07:20+08:00','王芳','reveal','{"command":"show","number":"2026-0001"}','137c430f0a581cc94848bead4ed227483127ed1d49829996535a2e55883ba5bf');
INSERT INTO "events" VALUES(41,8,'2026-11-02T10:00:00+08:00','2026-12-06T02:07:20+08:00','root','register','{"number":"2026-0008","received_at":"2026-11-02T10:00:00+08:00","channel":"hotline","unit":"医保窗口","category":"服务态度","repeat_rank":1,"repeats":[],"escalated":false,"policy":1,"clocks":[{"clock":"accept","due":"2026-11-03","change":"started","limit_days":1,"policy":1}]}','2f54c1bb2982f64344f1130ca3fcd19c429fa1d7722ec5473eafc606bbe139be');
INSERT INTO "events" VALUES(42,8,'2026-11-02T10:00:00+08:00','2026-12-06T02:07:20+08:00','root','accept','{"clocks":[{"clock":"accept","due":"2026-11-03","change":"stopped","state":"met"},{"clock":"reply","due":"2026-11-10","change":"started","limit_days":6,"policy":1}]}','1828e22c6189be91321d26d38ebc6c9270a4d32a0b4296b56d706a5edf4910cb');
INSERT INTO "events" VALUES(43,8,'2026-11-02T10:00:00+08:00','2026-12-06T02:07:20+08:00','root','assign','{"mode":"self","unit":"医保窗口","handler":null}','59176ba39b193a962c3637d631a267623a48197c57ca30f28fc867e9fe7cbef8');
INSERT INTO "events" VALUES(44,8,'2026-11-02T10:00:00+08:00','2026-12-06T02:07:20+08:00','root','investigate','{"note":"(导入的记录未载明)","evidence":[]}','fa76fdd1379e1f56b7e9860fbefebb04667cb4908d28c4d10c212f919c71abe5');
INSERT INTO "events" VALUES(45,8,'2026-11-06T10:00:00+08:00','2026-12-06T02:07:20+08:00','root','decide','{"finding":null,"measures":[],"result":"(导入的记录未载明)"}','d6e59d12a7db198e812211e71cc7269202bf6cb9249c4a722b543c3e5d0a30a1');
INSERT INTO "events" VALUES(46,8,'2026-11-06T10:00:00+08:00','2026-12-06T02:07:20+08:00','root','notify','{"method":"phone","note":null,"clocks":[{"clock":"reply","due":"2026-11-10","change":"stopped","state":"met"},{"clock":"revisit","due":"2026-11-13","change":"started","limit_days":5,"policy":1}]}','06ed16f891f76a04969ff3d490f344cfb7e33a05af7299d00e5185f95b17f225');
INSERT INTO "events" VALUES(47,8,'2026-11-06T10:00:00+08:00','2026-12-06T02:07:20+08:00','root','revisit','{"satisfaction":"satisfied","resolved":null,"note":null,"clocks":[{"clock":"revisit","due":"2026-11-13","change":"stopped","state":"met"}]}','9f0697a1062bb4deb39738b4178834fba657a6505a4ae7707333994f533e9561');
INSERT INTO "events" VALUES(48,8,'2026-12-06T02:07:20+08:00','2026-12-06T02:07:20+08:00','root','import','{"file":"orders.csv","row":2}','51d59b94ec3b8d24845a8bd2dc0892c4f057054905eadcc147659603aa7796e9');
INSERT INTO "events" VALUES(49,9,'2026-11-16T10:00:00+08:00','2026-12-06T02:07:20+08:00','root','register','{"number":"2026-0009","received_at":"2026-11-16T10:00:00+08:00","channel":"hotline","unit":"医保窗口","category":"服务态度","repeat_rank":1,"repeats":[],"escalated":false,"policy":1,"clocks":[{"clock":"accept","due":"2026-11-17","change":"started","limit_days":1,"policy":1}]}','89790df046c2a092beba4325163f08ed0e38cfd6bf25fdfb47816bd27360fc00');
INSERT INTO "events" VALUES(50,9,'2026-12-06T02:07:20+08:00','2026-12-06T02:07:20+08:00','root','import','{"file":"orders.csv","row":3}','f3826d03d3829de579e4646aed6b3477b1616072d4725248e7a2aa2ca4f656fb');
INSERT INTO "events" VALUES(51,9,'2026-12-06T02:07:20+08:00','2026-12-06T02:07:20+08:00','root','update','{"field":"phone","column":"联系电话","from":"136****4444","to":"136****5555","file":"orders2.csv","row":2}','a84df713f469810ab9323c8f9636acf7bb7a2209bcadb1b8425fcefde0829b2d');
INSERT INTO "events" VALUES(52,9,'2026-12-06T02:07:20+08:00','2026-12-06T02:07:20+08:00','root','update','{"field":"content","column":"诉求内容","from":"办理慢","to":"办理很慢","file":"orders2.csv","row":2}','8cf17cd0a0d7afcd3822fb7f9b42d9aa204135ea72935cec69b6faae091587bf');
INSERT INTO "events" VALUES(53,NULL,'2026-12-06T02:07:20+08:00','2026-12-06T02:07:20+08:00','root','reveal','{"command":"export","file":"x.csv","rows":9,"from":null,"to":null,"statuses":[]}','60cd2e25a6faed9376f1b9e8625f989f7b90b1b639416e11ee6d60bc425b7794');
CREATE TABLE policy (
    id       INTEGER PRIMARY KEY,
    settings TEXT NOT NULL CHECK (json_valid(settings)),
    set_by   TEXT NOT NULL,
    set_at   TEXT NOT NULL
) STRICT;
INSERT INTO "policy" VALUES(1,'{"accept_days": 1, "reply_days": 6, "reject_notice_days": 1, "revisit_days": 5, "review_days": 10, "max_extensions": 1, "max_extension_days": 10, "repeat_window_days": 90, "repeat_escalation_count": 3}','王芳','2026-12-06T02:07:14+08:00');
CREATE TABLE units (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0)
) STRICT;
INSERT INTO "units" VALUES(1,'不动产登记窗口');
INSERT INTO "units" VALUES(2,'不动产登记中心');
INSERT INTO "units" VALUES(3,'社保窗口');
INSERT INTO "units" VALUES(4,'税务窗口');
INSERT INTO "units" VALUES(5,'公积金窗口');
INSERT INTO "units" VALUES(6,'医保窗口');
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
PRAGMA user_version = 3;
