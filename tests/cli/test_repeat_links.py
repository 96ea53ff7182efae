"""A name alone is a 疑似重复: shown, not counted, until the clerk links it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Invoke


def register(tousu: Invoke, day: str, *who: str) -> str:
    result = tousu(
        "register", "--received", f"2026-11-{day} 09:00", "--channel", "visit",
        "--unit", "不动产登记窗口", "--category", "服务态度", "--content", f"办证拖延{day}",
        *who, "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return str(json.loads(result.stdout)["number"])


def shown(tousu: Invoke, number: str) -> dict[str, object]:
    return dict(json.loads(tousu("show", number, "--json").stdout))


def test_three_complaints_of_one_name_go_to_supervision_only_once_linked(tousu: Invoke) -> None:
    first = register(tousu, "02", "--complainant", "张伟")
    second = register(tousu, "03", "--complainant", "张伟")
    third = tousu(
        "register", "--received", "2026-11-04 09:00", "--channel", "visit",
        "--unit", "不动产登记窗口", "--category", "服务态度", "--content", "又来",
        "--complainant", "张伟",
    )  # fmt: skip
    assert "应督办" not in third.stdout + third.stderr
    assert f"疑似重复:与 {first}、{second} 同名、同单位" in third.stderr
    assert "tousu link 2026-0003 2026-0001 2026-0002" in third.stderr
    text = tousu("show", "2026-0003").stdout
    assert "疑似重复(同名、同单位,未计入重复次数)" in text and "重复第" not in text

    assert tousu("link", second, first, "--reason", "电话回访核实").exit_code == 0
    # All or none: one earlier case refused (it came later) links none of them.
    later = register(tousu, "05", "--complainant", "张伟")
    refused = tousu("link", "2026-0003", second, later)
    assert refused.exit_code == 1 and shown(tousu, "2026-0003")["repeat_rank"] == 1
    linked = tousu("link", "2026-0003", first, second, "--reason", "同一人")
    assert linked.exit_code == 0, linked.stderr
    assert "第 3 次" in linked.stdout and "应督办" in linked.stderr
    assert shown(tousu, "2026-0003")["needs_supervising"] is True

    wrong_way = tousu("link", first, "2026-0003")
    assert wrong_way.exit_code == 1
    assert wrong_way.stderr.count("\n") == 1 and "tousu link 2026-0003" in wrong_way.stderr

    unlinked = tousu("unlink", "2026-0003", first, "--reason", "同名不同人")
    assert unlinked.exit_code == 0, unlinked.stderr
    document = shown(tousu, "2026-0003")
    assert (document["repeat_rank"], document["needs_supervising"]) == (2, False)
    assert tousu("verify").exit_code == 0


def test_a_phone_match_cannot_be_unlinked_only_corrected(tousu: Invoke) -> None:
    first = register(tousu, "02", "--complainant", "李四", "--phone", "13812345678")
    second = register(tousu, "03", "--complainant", "李四", "--phone", "13812345678")
    refused = tousu("unlink", second, first, "--reason", "不是同一人")
    assert refused.exit_code == 1
    assert "联系电话相同" in refused.stderr and "tousu amend" in refused.stderr
    assert shown(tousu, second)["repeat_rank"] == 2


def test_links_the_clerk_confirmed_travel_with_an_export(tousu: Invoke, tmp_path: Path) -> None:
    first = register(tousu, "02", "--complainant", "张伟")
    second = register(tousu, "03", "--complainant", "张伟")
    assert tousu("link", second, first).exit_code == 0
    exported = tmp_path / "台账.csv"
    assert tousu("export", str(exported)).exit_code == 0
    other = str(tmp_path / "other.db")
    imported = tousu("--db", other, "import", str(exported))
    assert imported.exit_code == 0, imported.stderr
    assert "重复关联:1 处" in imported.stdout
    copy = json.loads(tousu("--db", other, "show", second, "--json").stdout)
    assert [r["number"] for r in copy["repeats"]] == [first]
    assert tousu("--db", other, "verify").exit_code == 0
