"""Personal values sealed: kept out of the hash chain, so that they can be erased
(docs/personal-data-erasure.md).

An event's data is stored sealed: in place of a complainant's name, phone or
ID number, and of each phone or ID number written in a text, a seal — two
noncharacters around a salted digest of the value. The chain covers the
sealed data; the values and their salts are kept beside it, in the event's
vault. Unsealing puts them back; once erased, a seal reads 〔已删除〕. While
the salt is there, the digest proves the value is the one recorded; once it
is gone, the digest tells nothing of it (a phone number has only about 10¹⁰
values: without a salt they would be tried in minutes).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from typing import Any

import orjson

from tousu_cli.domain.masking import ERASED, NUMBER_RUN, PERSONAL, replace_numbers

OPEN, CLOSE = "\ufdd0", "\ufdd1"  # noncharacters: validation refuses them in any text
SEAL = re.compile(f"{OPEN}([0-9a-f]{{32}}){CLOSE}")
# The fields that hold who the complainant is, wherever they stand in a record.
SEALED_FIELDS = PERSONAL | {"complainant"}

# Keys whose values are never a person's words (times, dates, case numbers,
# keys of a choice, the unit and category, clock changes): not scanned for
# numbers, which is most of the cost of sealing an import.
_NOT_WORDS = frozenset({
    "number", "received_at", "at", "due", "original_due", "day", "earlier", "repeats",
    "because", "dropped", "clocks", "clock", "change", "channel", "unit", "category", "form",
    "mode", "finding", "method", "satisfaction", "state", "policy", "moves", "file",
    "command", "external_id", "new_due", "old_due", "backup", "old_head", "new_head",
})  # fmt: skip

_PLAIN = frozenset({type(None), bool, int, float})  # nothing in them to seal
Vault = dict[str, list[str]]  # digest → [value, salt as hex]


def needs_sealing(data: Mapping[str, Any]) -> bool:
    """Whether DATA may hold a personal value: a field of who the complainant is
    (or a correction of one), or a text with a run of digits that may be a
    number. Most stages' records have none, and are stored without the walk
    that seals; one that may is walked (a run may turn out to be a count)."""
    for key, item in data.items():  # a loop, not any(): it runs for every event written
        if key in _NOT_WORDS or type(item) in _PLAIN:
            continue
        if isinstance(item, str):
            if key in SEALED_FIELDS or NUMBER_RUN.search(item) is not None:
                return True
        elif item and _may_hold(item):
            return True
    return False


# The same question asked of an event's stored JSON text, however an older
# version spaced it: a personal field as a key or as the field a correction
# names, or a run of digits. Asked first of every event an upgrade seals, so
# that only those it matches are parsed.
_FIELDS = "(?:" + "|".join(sorted(SEALED_FIELDS)) + ")"
_MAY_HOLD_TEXT = re.compile(rf'"{_FIELDS}"\s*:|"field"\s*:\s*"{_FIELDS}"|{NUMBER_RUN.pattern}')


def may_need_sealing(json_text: str) -> bool:
    """False when event data stored as JSON_TEXT surely needs no sealing."""
    return _MAY_HOLD_TEXT.search(json_text) is not None


def _may_hold(value: Any) -> bool:
    if isinstance(value, str):
        return NUMBER_RUN.search(value) is not None
    if isinstance(value, list):
        return any(map(_may_hold, value))
    if isinstance(value, dict):
        return _corrects_who(value) or needs_sealing(value)
    return False


def _corrects_who(record: Mapping[str, Any]) -> bool:
    """Whether RECORD is the correction of who the complainant is (更正登记):
    its before and after are sealed whole."""
    field = record.get("field")
    return isinstance(field, str) and field in SEALED_FIELDS


class _Salts:
    """16 random bytes per event, drawn from the system a few hundred at a
    time: one draw per event cost 13 µs, as much as sealing it."""

    SIZE, DRAWN = 16, 512

    def __init__(self) -> None:
        self._lock = threading.Lock()  # a batch's writer and its caller may both seal
        self._drawn = b""
        self._taken = 0

    def take(self) -> bytes:
        with self._lock:
            if self._taken == len(self._drawn):
                import secrets  # with hashlib below: 4 ms that commands which only read never pay

                self._drawn, self._taken = secrets.token_bytes(self.SIZE * self.DRAWN), 0
            salt = self._drawn[self._taken : self._taken + self.SIZE]
            self._taken += self.SIZE
        return salt


new_salt = _Salts().take


def digest(value: str, salt: bytes) -> str:
    """BLAKE2b keyed with the salt (a MAC in one pass, quicker than HMAC), 128 bits."""
    import hashlib

    return hashlib.blake2b(value.encode("utf-8"), key=salt, digest_size=16).hexdigest()


def seal(data: Mapping[str, Any]) -> tuple[dict[str, Any], Vault]:
    """DATA with its personal values sealed, and the vault that unseals them."""
    sealer = _Sealer()
    return sealer.walk(dict(data)), sealer.vault


class _Sealer:
    """One event's sealing: its vault filled as its values are sealed. (A class,
    not closures calling each other: those would leave a reference cycle per
    event for the collector an import pauses.)"""

    __slots__ = ("salt", "salt_hex", "vault")

    def __init__(self) -> None:
        self.vault: Vault = {}
        # One salt for the event's values (drawn for its first): they are erased
        # together, with it.
        self.salt = b""
        self.salt_hex = ""

    def sealed(self, value: str) -> str:
        if not self.salt:
            self.salt = new_salt()
            self.salt_hex = self.salt.hex()
        key = digest(value, self.salt)
        self.vault[key] = [value, self.salt_hex]
        return f"{OPEN}{key}{CLOSE}"

    def walk(self, value: Any, field: str | None = None) -> Any:
        if isinstance(value, str):
            if field in SEALED_FIELDS:
                return self.sealed(value)
            if NUMBER_RUN.search(value) is None:  # most texts: no digits to look at
                return value
            return replace_numbers(value, self.sealed)
        if isinstance(value, list):
            return [self.walk(item) for item in value] if value else value
        if isinstance(value, dict):
            if _corrects_who(value):
                return {k: self.walk(v, value["field"] if k in {"from", "to"} else None)
                        for k, v in value.items()}  # fmt: skip
            return {
                key: item if key in _NOT_WORDS or type(item) in _PLAIN else self.walk(item, key)
                for key, item in value.items()
            }
        return value


def unseal(data: str, vault: str | None) -> str:
    """Stored event data (JSON text) with its seals opened from VAULT (its JSON
    text; None: nothing sealed, or all erased)."""
    if OPEN not in data:
        return data
    values: Vault = orjson.loads(vault) if vault else {}

    def opened(seal: re.Match[str]) -> str:
        found = values.get(seal[1])
        # JSON-escaped, as the value stands inside a JSON string.
        return orjson.dumps(ERASED if found is None else found[0]).decode()[1:-1]

    return SEAL.sub(opened, data)


def broken_seals(data: str, vault: str | None) -> list[str]:
    """What is wrong with an event's seals: a value that is not the one sealed
    (its digest differs), a seal with nothing behind it, a value nothing seals."""
    values: Vault = orjson.loads(vault) if vault else {}
    seals = set(SEAL.findall(data))
    problems = [
        f"个人信息与封存时不一致(封存 {key[:8]})"
        for key, (value, salt) in values.items()
        if digest(value, bytes.fromhex(salt)) != key
    ]
    problems += [f"封存的个人信息缺失(封存 {key[:8]})" for key in sorted(seals - set(values))]
    problems += [f"多出未被引用的个人信息(封存 {key[:8]})" for key in sorted(set(values) - seals)]
    return problems
