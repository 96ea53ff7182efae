"""A clock is held to the policy in force on the day it starts: a back-dated
stage, or an imported one, is not judged by a rule set after it."""

from __future__ import annotations

from tests.cli.test_reports_cli import register
from tests.conftest import Invoke


def reply_limit(tousu: Invoke, number: str) -> int:
    clocks = tousu("show", number, "--json").json()["clocks"]
    return int(next(c["limit_days"] for c in clocks if c["name"] == "reply"))


def test_a_back_dated_stage_uses_the_rules_of_its_day(tousu: Invoke) -> None:
    tousu("init")
    changed = tousu("policy", "set", "reply_days", "7", "--from", "2026-11-10", "--json")
    assert changed.exit_code == 0 and changed.json()["effective"] == "2026-11-10"
    before = register(tousu, "2026-11-05 09:00")
    after = register(tousu, "2026-11-12 09:00", phone="13900000000")
    assert tousu("accept", before, "--at", "2026-11-05 10:00").exit_code == 0
    assert tousu("accept", after, "--at", "2026-11-12 10:00").exit_code == 0
    assert (reply_limit(tousu, before), reply_limit(tousu, after)) == (5, 7)
    assert tousu("verify").exit_code == 0


def test_rules_take_effect_in_the_order_they_are_set(tousu: Invoke) -> None:
    tousu("init")
    assert tousu("policy", "set", "reply_days", "7", "--from", "2026-11-10").exit_code == 0
    refused = tousu("policy", "set", "review_days", "15", "--from", "2026-11-01")
    assert refused.exit_code == 1 and "2026-11-10" in refused.stderr
    assert tousu("policy", "set", "review_days", "15", "--from", "2026-11-20").exit_code == 0
    history = tousu("policy", "show", "--history", "--json").json()
    assert [(v["version"], v["effective"], v["changes"]) for v in history] == [
        (1, "2026-11-10", {"reply_days": {"from": 5, "to": 7}}),
        (2, "2026-11-20", {"review_days": {"from": 10, "to": 15}}),
    ]
    text = tousu("policy", "show", "--history").stdout
    assert "2026-11-20" in text and "复核" in text and "10 → 15" in text


def test_a_rule_set_from_a_past_day_says_which_clocks_keep_their_limits(tousu: Invoke) -> None:
    number = register(tousu, "2026-11-12 09:00")
    assert tousu("accept", number, "--at", "2026-11-12 10:00").exit_code == 0
    said = tousu("policy", "set", "reply_days", "7", "--from", "2026-11-01")
    assert said.exit_code == 0 and "不会改动" in said.stderr
    assert reply_limit(tousu, number) == 5  # nothing stored is rewritten
    assert tousu("verify").exit_code == 0
