"""Personal values sealed out of the chained data, and put back exactly."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tousu_cli.domain.masking import ERASED
from tousu_cli.domain.sealing import broken_seals, needs_sealing, seal, unseal

# A surname, then anything a name may hold, quotes and backslashes among them
# (a sealed value stands inside a JSON string when it is put back).
names = st.builds(
    str.__add__, st.sampled_from("张王李赵"), st.text(alphabet='伟芳娜"\\ ·', max_size=5)
)
mobiles = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
words = st.text(alphabet="请回电话核实已致电,。 ", max_size=8)


def record(name: str, phone: str, before: str, after: str) -> dict[str, Any]:
    return {
        "number": "2026-0001",
        "received_at": "2026-11-02T09:00:00+08:00",
        "facts": {"complainant": name, "phone": phone, "id_number": None,
                  "content": f"{before}{phone}{after}", "evidence": ["录音"]},
        "changes": [{"field": "complainant", "from": name, "to": "某某"}],
    }  # fmt: skip


@given(names, mobiles, words, words)
def test_the_chained_data_holds_no_personal_value_and_unseals_exactly(
    name: str, phone: str, before: str, after: str
) -> None:
    data = record(name, phone, before, after)
    sealed, vault = seal(data)
    text = json.dumps(sealed, ensure_ascii=False)
    assert phone not in text and json.dumps(name, ensure_ascii=False)[1:-1] not in text
    assert "2026-0001" in text and "2026-11-02T09:00:00+08:00" in text  # not personal
    assert json.loads(unseal(text, json.dumps(vault, ensure_ascii=False))) == data
    assert broken_seals(text, json.dumps(vault)) == []


@given(names, mobiles, words, words)
def test_an_erased_value_reads_as_erased(name: str, phone: str, before: str, after: str) -> None:
    sealed, _ = seal(record(name, phone, before, after))
    opened = json.loads(unseal(json.dumps(sealed, ensure_ascii=False), None))
    assert opened["facts"]["phone"] == ERASED == opened["facts"]["complainant"]
    assert opened["facts"]["content"] == f"{before}{ERASED}{after}"


def test_a_changed_or_missing_value_breaks_its_seal() -> None:
    sealed, vault = seal(record("张三", "13812345678", "请回电", ""))
    text = json.dumps(sealed, ensure_ascii=False)
    key = next(k for k, (value, _) in vault.items() if value == "13812345678")
    changed = {k: ([("13900000000" if k == key else v[0]), v[1]]) for k, v in vault.items()}
    assert any("不一致" in p for p in broken_seals(text, json.dumps(changed)))
    missing = {k: v for k, v in vault.items() if k != key}
    assert any("缺失" in p for p in broken_seals(text, json.dumps(missing)))


# Records of any shape: keys that are personal, never words, or texts; values
# that are texts with or without numbers in them, lists and records within.
texts = st.one_of(words, mobiles, st.builds(str.__add__, words, mobiles), st.just("2026-11-02"))
keys = st.sampled_from(["complainant", "phone", "note", "result", "due", "field", "from", "to"])
values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), texts),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(keys, inner, max_size=3)),
    max_leaves=8,
)


@given(st.dictionaries(keys, values, max_size=5))
def test_a_record_said_to_need_no_sealing_has_nothing_to_seal(data: dict[str, Any]) -> None:
    sealed, vault = seal(data)
    if not needs_sealing(data):
        assert (sealed, vault) == (data, {})
    if vault:
        assert needs_sealing(data)


def test_what_a_stage_records_most_often_needs_no_sealing() -> None:
    clocks = [{"clock": "reply", "due": "2024-11-08"}]
    notified = {"method": "phone", "note": None, "clocks": clocks}
    assert not needs_sealing(notified)
    assert needs_sealing(notified | {"note": "已电话答复 139-1234-5678"})
    assert needs_sealing({"changes": [{"field": "complainant", "from": "张三", "to": "张山"}]})
