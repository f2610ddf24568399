"""Records from elsewhere made to fit the CSL-JSON schema.

Records from citekit's parsers are already CSL-JSON; records from elsewhere (an
imported CSL-JSON file from Crossref content negotiation, a hand-edited item) may
carry keys or shapes the schema refuses. :func:`clean` repairs what it can (numbers
as strings, a list where a string belongs, a date written as text) and moves the rest
under ``custom.csljson``, so nothing is silently lost. Readers and writers both use it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from citekit.record import (
    DATE_VARIABLES,
    NAME_VARIABLES,
    NUMBER_VARIABLES,
    Record,
    schema,
)

__all__ = ["clean"]

_NAME_KEYS = frozenset(
    [
        "family",
        "given",
        "dropping-particle",
        "non-dropping-particle",
        "suffix",
        "literal",
        "comma-suffix",
        "static-ordering",
        "parse-names",
    ]
)
_DATE_KEYS = frozenset(["date-parts", "season", "circa", "literal", "raw", "edtf"])
_NAMES = frozenset(NAME_VARIABLES)
_DATES = frozenset(DATE_VARIABLES)
_NUMBERS = frozenset(NUMBER_VARIABLES)
_known: frozenset[str] | None = None


def _known_keys() -> frozenset[str]:
    global _known
    if _known is None:
        _known = frozenset(schema()["items"]["properties"])
    return _known


def _name(value: Any) -> dict[str, Any] | None:
    if isinstance(value, str):
        return {"literal": value} if value.strip() else None
    if not isinstance(value, Mapping):
        return None
    name: dict[str, Any] = {}
    for key, part in value.items():
        if key in _NAME_KEYS and part not in (None, ""):
            name[key] = part if key in ("comma-suffix", "static-ordering", "parse-names") else str(part)
    return name or None


def _date(value: Any) -> dict[str, Any] | None:
    from citekit.dates import parse_date

    if isinstance(value, str):
        parts = parse_date(value)
        return {"date-parts": [parts]} if parts else ({"literal": value} if value.strip() else None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {"date-parts": [[int(value)]]}
    if not isinstance(value, Mapping):
        return None
    date: dict[str, Any] = {}
    parts = value.get("date-parts")
    if isinstance(parts, list):
        good: list[list[Any]] = []
        for item in parts[:2]:
            if isinstance(item, list):
                cleaned = [
                    p
                    for p in item[:3]
                    if isinstance(p, (str, int)) and not isinstance(p, bool) and str(p).strip() != ""
                ]
                if cleaned:
                    good.append(
                        [int(p) if isinstance(p, str) and p.strip().lstrip("-").isdigit() else p for p in cleaned]
                    )
        if good:
            date["date-parts"] = good
    for key in ("season", "circa", "literal", "raw", "edtf"):
        if key in value and value[key] not in (None, ""):
            date[key] = value[key]
    if "date-parts" not in date and isinstance(date.get("raw"), str):
        found = parse_date(date["raw"])
        if found:
            date["date-parts"] = [found]
    if "edtf" in date and not isinstance(date["edtf"], str):
        del date["edtf"]
    return date or None


def _fix(key: str, value: Any) -> tuple[bool, Any]:
    """``(ok, repaired)`` for one top-level variable."""
    if key in _NAMES:
        if not isinstance(value, list):
            value = [value]
        names = [n for n in (_name(v) for v in value) if n]
        return bool(names), names
    if key in _DATES:
        date = _date(value)
        return date is not None, date
    if key in _NUMBERS:
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return True, value
        if isinstance(value, list) and value and all(isinstance(v, (str, int, float)) for v in value):
            return True, str(value[0])
        return False, value
    if key == "categories":
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return True, value
        return False, value
    if key in ("id",):
        return isinstance(value, (str, int, float)) and not isinstance(value, bool), value
    if key == "custom":
        return isinstance(value, Mapping), value
    if isinstance(value, str):
        return True, value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return True, str(value)
    if isinstance(value, list) and value and all(isinstance(v, (str, int, float)) for v in value):
        return True, str(value[0]) if key not in ("keyword",) else ", ".join(str(v) for v in value)
    return False, value


def clean(record: Mapping[str, Any]) -> Record:
    """A copy of ``record`` that validates against the CSL-JSON schema.

    :param record: a CSL-JSON-like mapping.
    :returns: the repaired record; keys and values the schema refuses are moved to
        ``custom.csljson`` (``id`` and ``type`` are always present).
    """
    known = _known_keys()
    out: Record = {}
    moved: dict[str, Any] = {}
    for key, value in record.items():
        if value in (None, "", [], {}):
            continue
        if key not in known:
            moved[key] = value
            continue
        ok, repaired = _fix(key, value)
        if ok:
            out[key] = repaired
        else:
            moved[key] = value
    if "type" not in out or not isinstance(out["type"], str):
        from citekit.record import CSL_TYPES

        if out.get("type") not in CSL_TYPES:
            out["type"] = "document"
    if "id" not in out:
        from citekit.record import make_id

        out["id"] = make_id(out)
    if moved:
        custom = dict(out.get("custom") or {})
        previous: Mapping[str, Any] = custom["csljson"] if isinstance(custom.get("csljson"), Mapping) else {}
        custom["csljson"] = {**previous, **moved}
        out["custom"] = custom
    return out
