"""Input meant to break things: each is stored exactly as given (after trimming the
ends) or refused in one Chinese line with nothing written; never a traceback."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Invoke, Result

REGISTER = [
    "register", "--received", "2026-10-12 09:00", "--channel", "来电", "--unit", "税务窗口",
    "--category", "服务态度",
]  # fmt: skip


def rows(db: Path, sql: str = "SELECT count(*) FROM cases") -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        return int(conn.execute(sql).fetchone()[0])


def refused(result: Result) -> bool:
    lines = result.stderr.splitlines()
    return (
        result.exit_code in {1, 2}
        and len(lines) == 1
        and lines[0].startswith("错误:")
        and "Traceback" not in result.stderr
    )


anything = st.text(st.characters(blacklist_categories=()), max_size=60)


def plain(text: str) -> bool:
    """Text any clerk might type on one line: something besides spaces, no control
    or format characters (Cf: zero-width, direction marks, soft hyphen), no bytes
    that were not UTF-8, not read as an option."""
    kept = text.strip()
    return (
        bool(kept)
        and not kept.startswith("-")
        and all(
            ch >= " "
            and ch not in "\x7f\u2028\u2029"
            and unicodedata.category(ch) != "Cf"
            and not "\ud800" <= ch <= "\udfff"
            for ch in kept
        )
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@pytest.mark.slow
@given(content=anything, name=anything)
def test_any_text_is_stored_as_given_or_refused(
    tousu: Invoke, db_path: Path, content: str, name: str
) -> None:
    before = rows(db_path)
    result = tousu(*REGISTER, "--content", content, "--complainant", name, "--json")
    if result.exit_code == 0:
        number = result.json()["number"]
        with sqlite3.connect(db_path) as conn:
            stored = conn.execute(
                "SELECT content, complainant FROM cases WHERE number = ?", (number,)
            ).fetchone()
        # Content may run over lines; a Windows line break is kept as a line break.
        assert stored == (content.strip().replace("\r\n", "\n"), name.strip())
    else:
        assert not (plain(content) and plain(name)), result.stderr  # ordinary text is kept
        assert refused(result), result.stderr
        assert rows(db_path) == before


@pytest.mark.parametrize(
    "text",
    [
        "'; DROP TABLE cases; --",
        'Robert"); DELETE FROM events WHERE ("1"="1',
        "%s %d {0} \\x00",
        "<script>alert(1)</script>",
        "投诉内容" * 4000,  # 16,000 characters: long, and allowed
    ],
)
def test_text_that_looks_like_code_is_just_text(tousu: Invoke, db_path: Path, text: str) -> None:
    result = tousu(*REGISTER, "--anonymous", "--content", text, "--json")
    assert result.exit_code == 0, result.stderr
    assert (
        rows(
            db_path, "SELECT count(*) FROM cases WHERE content = '" + text.replace("'", "''") + "'"
        )
        == 1
    )


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ("x" * 1_000_000, "过长"),
        ("态度\x00差", "控制字符"),
        ("态度\x1b[31m差", "控制字符"),
        ("\udcff\udcfe", "UTF-8"),
        ("   ", "投诉内容"),
    ],
)
def test_content_that_cannot_be_kept_is_refused(
    tousu: Invoke, db_path: Path, content: str, why: str
) -> None:
    result = tousu(*REGISTER, "--anonymous", "--content", content)
    assert refused(result) and why in result.stderr
    assert rows(db_path) == 0


@pytest.mark.parametrize(
    ("option", "text", "why"),
    [
        ("--complainant", "张\t三", "换行或制表符"),
        ("--unit", "税务\n窗口", "换行或制表符"),
        ("--complainant", "张\u200b三", "零宽字符"),
        ("--complainant", "张三\u200e", "格式字符"),  # LRM: the repeat rule's blind spot
        ("--complainant", "\u202e三张\u202c", "格式字符"),  # RLO … PDF
        ("--unit", "税务\u2066窗口\u2069", "格式字符"),  # an isolate
        ("--unit", "税务\u00ad窗口", "格式字符"),  # a soft hyphen
        ("--window", "3\u2060号窗口", "格式字符"),
        ("--staff", "李\u061c四", "格式字符"),  # the Arabic letter mark
        ("--complainant", "张\ufdd0三", "不是正常文字"),  # a noncharacter: the seals' mark
        ("--demand", "请回电\ufdd0伪造\ufdd1", "不是正常文字"),  # in a long text too
    ],
)
def test_a_name_is_one_line_of_visible_characters(
    tousu: Invoke, db_path: Path, option: str, text: str, why: str
) -> None:
    chosen = {"--complainant": "张三", "--phone": "13812345678", "--unit": "税务窗口"}
    chosen |= {option: text}
    args = ["register", "--received", "2026-10-12 09:00", "--channel", "来电"]
    for name, value in chosen.items():
        args += [name, value]
    result = tousu(*args, "--category", "服务态度", "--content", "态度差")
    assert refused(result) and why in result.stderr
    assert rows(db_path) == 0


def test_content_written_with_windows_line_breaks_keeps_its_lines(
    tousu: Invoke, db_path: Path
) -> None:
    result = tousu(*REGISTER, "--anonymous", "--content", "第一行\r\n\t第二行", "--json")
    assert result.exit_code == 0, result.stderr
    assert rows(db_path, "SELECT count(*) FROM cases WHERE content = '第一行\n\t第二行'") == 1


def anonymous_register(received: str = "2026-10-12 09:00", **options: str) -> list[str]:
    chosen = {"channel": "来电", "unit": "税务窗口", "category": "服务态度"} | options
    args = ["register", "--received", received, "--anonymous", "--content", "x"]
    for option, value in chosen.items():
        args += [f"--{option}", value]
    return args


IMPOSSIBLE = [
    anonymous_register("2100-01-01 09:00"),
    anonymous_register("1900-02-30 09:00"),
    anonymous_register(channel="carrier pigeon"),
    anonymous_register(category="不存在的类别"),
    ["calendar", "due", "2026-10-12", "99999999999"],
    ["calendar", "due", "2026-10-12", "-5"],
    ["calendar", "due", "0001-01-01", "5"],
    ["calendar", "due", "9999-12-31", "5"],
    ["calendar", "check", "10000-01-01"],
    ["calendar", "confirm", "1850"],
    ["show", "2026-99999"],
    ["show", "abc"],
    ["show", "'; DROP TABLE cases; --"],
    ["accept", ""],
    ["extend", "2026-0001", "--days", "-1", "--reason", "x", "--approved-by", "y"],
    ["extend", "2026-0001", "--days", "100000000000", "--reason", "x", "--approved-by", "y"],
    ["list", "--status", "lost"],
    ["report", "stats", "--from", "2026-12-01", "--to", "2026-01-01"],
    ["report", "overdue", "--as-of", "1900-01-01", "--warn-days", "-1"],
    ["policy", "set", "reply_days", "100000"],
]


@pytest.mark.parametrize("args", IMPOSSIBLE)
def test_impossible_requests_are_refused_in_one_line(
    tousu: Invoke, db_path: Path, args: list[str]
) -> None:
    tousu(*REGISTER, "--anonymous", "--content", "已有的一件")
    events = rows(db_path, "SELECT count(*) FROM events")
    result = tousu(*args)
    assert refused(result), (result.exit_code, result.stdout, result.stderr)
    assert rows(db_path) == 1 and rows(db_path, "SELECT count(*) FROM events") == events


def test_far_dates_that_are_real_are_answered(tousu: Invoke) -> None:
    # 1900 and 2100 are outside the official schedules: answered, and said to be provisional.
    for start in ("1900-03-01", "2100-06-01"):
        result = tousu("calendar", "due", start, "5", "--json")
        assert result.exit_code == 0, result.stderr
        assert result.json()["provisional"] is True


@pytest.mark.parametrize(
    "args",
    [
        ["report", "stats", "--year", "9999"],
        ["report", "stats", "--year", "99999999999999999999"],
        ["report", "stats", "--from", "9999-12-31", "--to", "9999-12-31"],
        ["list", "--from", "0001-01-01T00:00:00+14:00"],
        [*REGISTER[:1], "--received", "0001-01-01 00:00", *REGISTER[3:]],
        [*REGISTER[:1], "--received", "1926-10-12 09:00", *REGISTER[3:]],  # for 2026
    ],
)
def test_a_year_out_of_this_century_is_refused(
    tousu: Invoke, db_path: Path, args: list[str]
) -> None:
    tousu("init")
    result = (
        tousu(*args, "--complainant", "张三", "--content", "x")
        if args[0] == "register"
        else (tousu(*args))
    )
    assert refused(result) and "超出范围" in result.stderr
    assert rows(db_path) == 0


def test_an_import_of_hostile_cells_refuses_them_by_row(
    tousu: Invoke, tmp_path: Path, db_path: Path
) -> None:
    path = tmp_path / "hostile.csv"
    header = "收到时间,渠道,被投诉单位,类别,投诉内容,投诉人\n"
    lines = [
        "2026-10-12 09:00,来电,税务窗口,服务态度,ab\x00c,张三",
        "2026-10-12 09:00,来电,税务窗口,服务态度," + "长" * 1_000_000 + ",李四",
        "1900-01-01 09:00,来电,税务窗口,服务态度,很早,王五",
        "2100-01-01 09:00,来电,税务窗口,服务态度,很晚,赵六",
        '2026-10-12 09:00,来电,税务窗口,服务态度,"\'; DROP TABLE cases; --",钱七',
    ]
    path.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    result = tousu("import", str(path), "--skip-bad", "--json")
    assert result.exit_code == 1
    bad = {e["row"] for e in result.json()["errors"]}
    # NUL, a million characters, a year no complaint of this ledger has (a
    # typo that would be overdue in every nightly report), in the future.
    assert bad == {2, 3, 4, 5}
    assert rows(db_path) == 1
    assert rows(db_path, "SELECT count(*) FROM cases WHERE content LIKE '%DROP TABLE%'") == 1


def test_error_lines_carry_no_personal_data(tousu: Invoke) -> None:
    result = tousu(*REGISTER, "--complainant", "张三", "--phone", "1381234567X", "--content", "x")
    assert refused(result) and "1381234567" not in result.stderr
    result = tousu(
        *REGISTER, "--complainant", "张三", "--id-number", "110105194912310021", "--content", "x"
    )
    assert refused(result) and "110105194912310021" not in result.stderr


def test_every_reveal_names_whose_data_was_seen(tousu: Invoke, db_path: Path) -> None:
    tousu(*REGISTER, "--complainant", "张三", "--phone", "13812345678", "--content", "x")
    listed = tousu("list", "--reveal", "--json")
    assert listed.json()[0]["complainant"]["phone"] == "13812345678"
    with sqlite3.connect(db_path) as conn:
        (actor, data) = conn.execute(
            "SELECT actor, data FROM events WHERE action = 'reveal'"
        ).fetchone()
        assert actor == "测试员" and json.loads(data)["numbers"] == ["2026-0001"]


def test_tracebacks_never_show_local_variables() -> None:
    from tousu_cli.cli.app import app

    # Rich's tracebacks print every local (a complainant's phone among them).
    assert app.pretty_exceptions_enable is False
    assert app.pretty_exceptions_show_locals is False


@pytest.mark.parametrize(
    ("args", "said"),
    [
        ([*REGISTER, "--complainant", "甲", "--complainant", "乙", "--content", "x"], "只能给一次"),
        ([*REGISTER, "--anonymous", "--content=x", "--content", "y"], "--content 只能给一次"),
        (
            ["revisit", "2026-0001", "--satisfaction", "满意", "--resolved", "--unresolved"],
            "--resolved",
        ),
        (
            ["accept", "2026-0001", "extra", "more"],
            "多余的参数:extra more(运行 tousu accept --help",
        ),
        (["accept", "2026-0001", "--at"], "--at 后面缺少取值(运行 tousu accept --help"),
        (["--by", "甲", "--by", "乙", "list"], "--by 只能给一次"),  # the root's own options
    ],
)
def test_usage_errors_are_one_chinese_line(
    tousu: Invoke, db_path: Path, args: list[str], said: str
) -> None:
    tousu("init")
    result = tousu(*args)
    assert result.exit_code == 2 and refused(result) and said in result.stderr
    assert rows(db_path) == 0


def test_an_option_name_as_a_value_is_a_value(tousu: Invoke, db_path: Path) -> None:
    result = tousu(*REGISTER, "--complainant", "甲", "--content", "--complainant", "--json")
    assert result.exit_code == 0, result.stderr
    assert rows(db_path, "SELECT count(*) FROM cases WHERE content = '--complainant'") == 1


@pytest.mark.parametrize(
    "actor",
    ["王\x1b[31m红", "王红\n2026-11-01 09:00\t领导\t归档\t伪造一行", "王\u200e红", "王" * 51],
)
def test_who_acts_is_one_plain_line_however_it_is_given(
    tousu: Invoke, db_path: Path, actor: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--by and TOUSU_USER put their text in every record the command writes."""
    by_option = tousu("--by", actor, *REGISTER, "--anonymous", "--content", "态度差")
    monkeypatch.setenv("TOUSU_USER", actor)
    by_env = tousu(*REGISTER, "--anonymous", "--content", "态度差")
    for result in (by_option, by_env):
        assert refused(result) and "经办人姓名" in result.stderr
    assert not db_path.exists() or rows(db_path) == 0


@pytest.mark.parametrize(
    "received", ["2000-01-01T00:00:00+09:00", "2099-12-31T20:00:00-05:00", "1999-12-31T15:59Z"]
)
def test_the_year_range_holds_for_the_china_date(
    tousu: Invoke, db_path: Path, received: str, tmp_path: Path
) -> None:
    """Each is 1999 or 2100 in Beijing, whatever the year it is written with."""
    args = ["register", "--received", received, "--channel", "来电", "--anonymous"]
    result = tousu(*args, "--unit", "税务窗口", "--category", "服务态度", "--content", "态度差")
    assert refused(result) and "超出范围" in result.stderr
    orders = tmp_path / "orders.csv"
    orders.write_text(
        f"来电时间,受理渠道,被反映单位,问题分类,诉求内容\n{received},来电,税务窗口,服务态度,差\n"
    )
    imported = tousu("import", str(orders))
    assert imported.exit_code == 1 and "超出范围" in imported.stderr
    assert not db_path.exists() or rows(db_path) == 0


def test_numbers_given_as_dash_come_from_standard_input(
    tousu: Invoke, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--phone - and --id-number -: one line each, the phone first; nothing on
    the command line for `ps` or the shell's history."""
    args = [*REGISTER, "--complainant", "张三", "--content", "态度差"]
    done = tousu(
        *args, "--phone", "-", "--id-number", "-", input="138 1234 5678\n110101199003071233\n"
    )
    assert done.exit_code == 0, done.stderr
    shown = tousu("show", "2026-0001", "--reveal", "--json").json()["complainant"]
    assert (shown["phone"], shown["id_number"]) == ("13812345678", "110101199003071233")
    missing = tousu(*args, "--phone", "-", input="")
    assert missing.exit_code == 1 and "标准输入" in missing.stderr
    monkeypatch.setenv("COLUMNS", "400")  # the help's lines whole
    assert "不出现在命令行" in tousu("register", "--help").stdout


@pytest.mark.parametrize(
    "args",
    [
        ("register", "--received", "13912345678", "--channel", "来电", "--anonymous",
         "--unit", "税务窗口", "--category", "服务态度", "--content", "差"),
        ("show", "13912345678"),
        ("accept", "139-1234-5678"),
        ("show", "110101199003071233"),
    ],
)  # fmt: skip
def test_a_number_typed_in_the_wrong_place_is_not_quoted_back(
    tousu: Invoke, args: tuple[str, ...]
) -> None:
    tousu("init")
    result = tousu(*args)
    assert result.exit_code in {1, 2} and result.stderr.count("\n") == 1
    assert not any(n in result.stderr for n in ("12345678", "1234-5678", "03071233"))
    assert "****" in result.stderr
