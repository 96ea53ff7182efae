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

import hashlib
import json
import re
import secrets
from collections.abc import Mapping
from typing import Any

from tousu_cli.domain.masking import PERSONAL, replace_numbers

OPEN, CLOSE = "\ufdd0", "\ufdd1"  # noncharacters: validation refuses them in any text
SEAL = re.compile(f"{OPEN}([0-9a-f]{{32}}){CLOSE}")
ERASED = "〔已删除〕"
# The fields that hold who the complainant is, wherever they stand in a record.
SEALED_FIELDS = PERSONAL | {"complainant"}

# Keys whose values are never a person's words (times, dates, case numbers,
# keys of a choice, the unit and category, clock changes): not scanned for
# numbers, which is most of the cost of sealing an import.
_NOT_WORDS = frozenset({
    "number", "received_at", "at", "due", "original_due", "day", "earlier", "repeats",
    "because", "dropped", "clocks", "clock", "change", "channel", "unit", "category", "form",
    "mode", "finding", "method", "satisfaction", "state", "policy", "moves", "file",
    "command", "external_id", "new_due", "old_due",
})  # fmt: skip

Vault = dict[str, list[str]]  # digest → [value, salt as hex]


def digest(value: str, salt: bytes) -> str:
    """BLAKE2b keyed with the salt (a MAC in one pass, quicker than HMAC), 128 bits."""
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
            self.salt = secrets.token_bytes(16)
            self.salt_hex = self.salt.hex()
        key = digest(value, self.salt)
        self.vault[key] = [value, self.salt_hex]
        return f"{OPEN}{key}{CLOSE}"

    def walk(self, value: Any, field: str | None = None) -> Any:
        if isinstance(value, str):
            if field in SEALED_FIELDS:
                return self.sealed(value)
            return replace_numbers(value, self.sealed)
        if isinstance(value, list):
            return [self.walk(item) for item in value]
        if isinstance(value, dict):
            if value.get("field") in SEALED_FIELDS:  # a correction of who it is: 更正登记
                return {k: self.walk(v, value["field"] if k in {"from", "to"} else None)
                        for k, v in value.items()}  # fmt: skip
            return {
                key: item if key in _NOT_WORDS else self.walk(item, key)
                for key, item in value.items()
            }
        return value


def unseal(data: str, vault: str | None) -> str:
    """Stored event data (JSON text) with its seals opened from VAULT (its JSON
    text; None: nothing sealed, or all erased)."""
    if OPEN not in data:
        return data
    values: Vault = json.loads(vault) if vault else {}

    def opened(seal: re.Match[str]) -> str:
        found = values.get(seal[1])
        # JSON-escaped, as the value stands inside a JSON string.
        return json.dumps(ERASED if found is None else found[0], ensure_ascii=False)[1:-1]

    return SEAL.sub(opened, data)


def broken_seals(data: str, vault: str | None) -> list[str]:
    """What is wrong with an event's seals: a value that is not the one sealed
    (its digest differs), a seal with nothing behind it, a value nothing seals."""
    values: Vault = json.loads(vault) if vault else {}
    seals = set(SEAL.findall(data))
    problems = [
        f"个人信息与封存时不一致(封存 {key[:8]})"
        for key, (value, salt) in values.items()
        if digest(value, bytes.fromhex(salt)) != key
    ]
    problems += [f"封存的个人信息缺失(封存 {key[:8]})" for key in sorted(seals - set(values))]
    problems += [f"多出未被引用的个人信息(封存 {key[:8]})" for key in sorted(set(values) - seals)]
    return problems
