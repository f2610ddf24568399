"""Zotero items ↔ CSL-JSON records, converted the way Zotero converts them.

``to_items(records)`` gives the JSON translation-server answers with (Zotero web API
items: ``key``, ``version``, ``itemType``, type-specific fields, ``creators``, ``tags``);
``from_items(items)`` reads such items back into records. The tables are in
:mod:`citekit.formats.zotero`; the rules here are Zotero's:

- a CSL variable the item type has no field for goes into Extra as ``variable: value``
  (Zotero's "cheater syntax"), and such lines in Extra are read back into variables;
- a CSL name list whose creator type the item type lacks becomes the primary creator
  type; the primary creator type reads back as ``author``;
- a creator with no first name is a single-field ``name``;
- dates are written ISO 8601 (``2019-03``), read with citekit's date reader, and kept
  literal when they hold no date.

This module needs no web framework: :mod:`citekit.serve.app` and the tests use it alike.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from citekit.dates import parse_date, to_iso
from citekit.formats.zotero import (
    CREATOR_ROLES,
    CSL_DATES,
    CSL_FIELDS,
    CSL_TYPES,
    NON_WORKS,
    ZOTERO_TYPES,
    creator_types,
    field_for,
    fields_of,
    primary_creator,
)
from citekit.record import CSL_TYPES as CSL_TYPE_NAMES
from citekit.record import DATE_VARIABLES, NUMBER_VARIABLES, STRING_VARIABLES, Record, normalize

__all__ = ["from_item", "from_items", "item_key", "to_item", "to_items"]

_KEY_ALPHABET = "23456789ABCDEFGHIJKLMNPQRSTUVWXYZ"  # Zotero's object keys: no 0, 1 or O
# CSL variables Zotero reads under another name (CSL 1.0.1 and citeproc-js spellings).
_ALIASES = {"container-title-short": "journalAbbreviation", "shortTitle": "title-short", "event": "event-title"}
# Zotero files the event place of these types in Place (zotero-bits issue 6).
_EVENT_PLACE_TYPES = frozenset({"audioRecording", "presentation", "videoRecording"})
# CSL fields only one of the Zotero types a CSL type stands for can hold (Zotero's rules).
_SPECIAL_TYPES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("bill", ("publisher", "number-of-volumes"), "hearing"),
    (
        "broadcast",
        ("archive", "archive_location", "container-title", "event-place", "publisher", "publisher-place", "source"),
        "tvBroadcast",
    ),
    ("book", ("version",), "computerProgram"),
    ("song", ("number",), "podcast"),
    ("motion_picture", ("collection-title", "volume", "number-of-volumes", "ISBN"), "videoRecording"),
)
_EXTRA_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z_ -]*?)\s*:\s*(.+?)\s*$")
_CSL_VARIABLES = {v.lower(): v for v in (*STRING_VARIABLES, *NUMBER_VARIABLES, *DATE_VARIABLES)}
_PARTICLE_FAMILY = re.compile(r"^((?:[a-z\u00df-\u00ff]+[ '\u2019-])+)(?=\S)")
_PARTICLE_GIVEN = re.compile(r"(?<=\S)((?: [a-z\u00df-\u00ff]+)+)$")
_SUFFIX = re.compile(r",\s*(Jr\.?|Sr\.?|I{2,3}|IV)$")


def item_key(seed: str) -> str:
    """A Zotero object key (8 characters of Zotero's alphabet) derived from ``seed``, so the
    same record always gets the same key."""
    digest = hashlib.sha1(seed.encode("utf-8")).digest()
    return "".join(_KEY_ALPHABET[b % len(_KEY_ALPHABET)] for b in digest[:8])


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value if v not in (None, ""))
    if isinstance(value, bool) or value is None:
        return ""
    return str(value).strip()


def _zotero_type(record: Mapping[str, Any]) -> str:
    csl = str(record.get("type") or "")
    for csl_type, fields, zotero in _SPECIAL_TYPES:
        if csl == csl_type and any(record.get(f) for f in fields):
            if zotero == "tvBroadcast" and record.get("author") and record.get("director"):
                return "radioBroadcast"
            return zotero
    types = CSL_TYPES.get(csl)
    return types[0] if types else "document"


def _date_text(value: Any) -> str:
    """A CSL date as Zotero writes dates: ISO 8601, ``from/to`` for a range, else the text."""
    if not isinstance(value, Mapping):
        return _text(value)
    for key in ("literal", "raw"):
        if value.get(key):
            return str(value[key])
    ranges = []
    for parts in value.get("date-parts") or ():
        try:
            ints = [int(p) for p in parts][:3]
        except (TypeError, ValueError):
            continue
        if ints:
            ranges.append(str(to_iso(ints)))
    text = "/".join(ranges[:2])
    if text and value.get("season") and len(ranges) == 1 and "-" not in text:
        text = f"{value['season']} {text}" if isinstance(value["season"], str) else text
    return text


def _creator(name: Mapping[str, Any], creator_type: str) -> dict[str, str] | None:
    if name.get("literal"):
        return {"name": str(name["literal"]), "creatorType": creator_type}
    family = " ".join(str(name[k]) for k in ("non-dropping-particle", "family") if name.get(k))
    given = " ".join(str(name[k]) for k in ("given", "dropping-particle") if name.get(k))
    if name.get("suffix") and given:
        given = f"{given}, {name['suffix']}"
    if not family and not given:
        return None
    if not given or not family:
        return {"name": family or given, "creatorType": creator_type}
    return {"firstName": given, "lastName": family, "creatorType": creator_type}


def _creators(record: Mapping[str, Any], item_type: str) -> list[dict[str, str]]:
    allowed = creator_types(item_type)
    primary = allowed[0]
    out: list[dict[str, str]] = []
    done: set[str] = set()
    for zotero_type, role in CREATOR_ROLES.items():
        # author/creator and host/podcaster share a CSL role: the first of each pair decides
        if role in done:
            continue
        done.add(role)
        names = record.get(role)
        if not isinstance(names, list):
            continue
        chosen = zotero_type if zotero_type in allowed else primary
        out.extend(c for c in (_creator(n, chosen) for n in names if isinstance(n, Mapping)) if c)
    return out


def _item_fields(record: Mapping[str, Any], item_type: str) -> dict[str, str]:
    """The Zotero fields of ``item_type`` for ``record``; what has no field goes to Extra."""
    fields: dict[str, str] = {}
    extra: list[str] = []
    values = dict(record)
    for alias, variable in _ALIASES.items():
        if alias in values and variable not in values:
            values[variable] = values[alias]
    if item_type in _EVENT_PLACE_TYPES and values.get("event-place"):
        values["publisher-place"] = values.pop("event-place")
    for variable, bases in CSL_FIELDS.items():
        text = _text(values.get(variable))
        if not text or variable == "note":
            continue
        target = next((f for f in (field_for(item_type, b) for b in bases) if f and f not in fields), None)
        if target:
            fields[target] = text
        else:
            extra.append(f"{variable}: {text}")
    for variable, base in CSL_DATES.items():
        text = _date_text(values.get(variable)) if values.get(variable) else ""
        target = field_for(item_type, base) if text else None
        if target:
            fields[target] = text
        elif text:
            extra.append(f"{variable}: {text}")
    identifiers = (record.get("custom") or {}).get("identifiers") or {}
    for name, value in identifiers.items() if isinstance(identifiers, Mapping) else ():
        # Zotero keeps ids it has no field for in Extra as "arXiv: 2101.00001", "MR: ..."
        if _text(value) and not _text(values.get(name)):
            extra.append(f"{name}: {_text(value)}")
    if record.get("type") and record["type"] not in CSL_TYPES and record["type"] != "document":
        extra.insert(0, f"type: {record['type']}")  # a CSL type Zotero has no item type for
    note = _text(values.get("note"))
    if note:
        extra.append(note)
    if extra:
        fields["extra"] = "\n".join(extra)
    return fields


def to_item(record: Mapping[str, Any]) -> dict[str, Any]:
    """One CSL-JSON record as a Zotero item (Zotero's CSL import rules).

    :param record: a CSL-JSON item.
    :returns: a Zotero API item: ``key`` (stable for the record's id), ``version`` 0,
        ``itemType``, ``creators``, ``tags`` and the type's fields.
    """
    item_type = _zotero_type(record)
    fields = _item_fields(record, item_type)
    keywords = _text(record.get("keyword"))
    # Keywords are one string in CSL: split at semicolons when there are any (tags with
    # commas in them, as from_item writes them), else at commas.
    tags = [t.strip() for t in keywords.split(";" if ";" in keywords else ",")] if keywords else []
    item: dict[str, Any] = {
        "key": item_key(str(record.get("id") or record.get("DOI") or record.get("title") or "")),
        "version": 0,
        "itemType": item_type,
        "creators": _creators(record, item_type),
        "tags": [{"tag": t, "type": 1} for t in dict.fromkeys(tags) if t],
    }
    order = {name: i for i, name in enumerate(fields_of(item_type))}
    item.update(sorted(fields.items(), key=lambda kv: order.get(kv[0], len(order))))
    return item


def to_items(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Zotero items for ``records``, in order (see :func:`to_item`)."""
    return [to_item(r) for r in records]


def _csl_date(text: str, *, accessed: bool = False) -> dict[str, Any] | None:
    text = text.strip()
    if not text:
        return None
    if text == "CURRENT_TIMESTAMP":
        today = datetime.datetime.now(datetime.UTC).date()
        return {"date-parts": [[today.year, today.month, today.day]]}
    quoted = re.fullmatch(r'"(.+)"', text)
    if quoted and not accessed:
        return {"literal": quoted.group(1)}
    halves = text.split("/") if re.fullmatch(r"[\d-]+/[\d-]+", text) else [text]
    parts = [parse_date(h) for h in halves]
    if all(parts):
        return {"date-parts": [list(p) for p in parts if p]}
    return {"literal": text}


def _name(creator: Mapping[str, Any]) -> dict[str, str] | None:
    last = str(creator.get("lastName") or "").strip()
    first = str(creator.get("firstName") or "").strip()
    single = str(creator.get("name") or "").strip()
    if single or (creator.get("fieldMode") == 1 and last and not first):
        return {"literal": single or last}
    if not last and not first:
        return None
    name = {"family": last, "given": first}
    suffix = _SUFFIX.search(first)
    if suffix:
        name["suffix"] = suffix.group(1)
        name["given"] = first[: suffix.start()].strip()
    particle = _PARTICLE_FAMILY.match(name["family"])
    if particle and name["given"]:
        name["non-dropping-particle"] = particle.group(1).strip()
        name["family"] = name["family"][particle.end() :]
    trailing = _PARTICLE_GIVEN.search(name["given"])
    if trailing:
        name["dropping-particle"] = trailing.group(1).strip()
        name["given"] = name["given"][: trailing.start()]
    return {k: v for k, v in name.items() if v}


def _listed(value: Any) -> list[Any]:
    """``value`` when it is a list (creators, tags), else nothing: odd shapes in a
    client's JSON cost that field, not the request."""
    return value if isinstance(value, list) else []


#: identifiers Zotero keeps in Extra (lower-case name -> ``custom.identifiers`` key).
_IDENTIFIERS = {
    name.lower(): name
    for name in ("arXiv", "MR", "Zbl", "LCCN", "OCLC", "LCC", "DDC", "openlibrary", "openlibrary-work")
}


def _read_extra(extra: str, record: Record) -> str:
    """Move ``variable: value`` lines of Extra into ``record``; the rest is the note."""
    kept: list[str] = []
    for line in extra.splitlines():
        match = _EXTRA_LINE.match(line)
        key = match.group(1).strip().lower().replace(" ", "-") if match else ""
        if match and key == "type" and match.group(2) in CSL_TYPE_NAMES:
            record["type"] = match.group(2)
            continue
        variable = _CSL_VARIABLES.get(key)
        if match is not None and variable is None and key in _IDENTIFIERS:
            record.setdefault("custom", {}).setdefault("identifiers", {})[_IDENTIFIERS[key]] = match.group(2).strip()
            continue
        if match is None or variable is None:
            kept.append(line)
            continue
        value = match.group(2)
        if variable in DATE_VARIABLES:
            date = _csl_date(value, accessed=variable == "accessed")
            if date:
                record[variable] = date  # Extra dates override the fields (as in Zotero)
            continue
        record.setdefault(variable, value)
    return "\n".join(kept).strip()


def _record_fields(item: Mapping[str, Any], item_type: str) -> Record:
    """The CSL variables and dates of ``item``'s fields (base or type-specific names)."""
    record: Record = {"type": ZOTERO_TYPES.get(item_type, "document")}

    def value_of(base: str) -> str:
        specific = field_for(item_type, base)
        # (not "version": in API JSON it is the object's sync version, not the software's)
        for name in (base, specific):
            if name and item.get(name) not in (None, ""):
                return _text(item[name])
        return ""

    for variable, bases in CSL_FIELDS.items():
        text = next((t for t in map(value_of, bases) if t), "")
        if text and variable == "ISBN":
            text = text.split()[0]  # CSL takes the first ISBN only
        if len(text) > 1 and text.startswith('"') and text.endswith('"') and text.count('"') == 2:
            text = text[1:-1]
        if text:
            record[variable] = text
    if item_type in _EVENT_PLACE_TYPES and record.get("publisher-place"):
        record["event-place"] = record.pop("publisher-place")
    if record.get("journalAbbreviation"):
        # citekit (and CSL 1.0.2) call it container-title-short; citeproc-js reads both
        record["container-title-short"] = record.pop("journalAbbreviation")
    for variable, base in CSL_DATES.items():
        text = value_of(base)
        date = _csl_date(text, accessed=variable == "accessed") if text else None
        if date:
            record[variable] = date
    return record


def _record_creators(item: Mapping[str, Any], item_type: str, record: Record) -> None:
    primary = primary_creator(item_type)
    for creator in _listed(item.get("creators")):
        if not isinstance(creator, Mapping):
            continue
        creator_type = str(creator.get("creatorType") or "author")
        creator_type = creator_type[:1].lower() + creator_type[1:]
        role = CREATOR_ROLES.get(creator_type) or ("author" if creator_type == primary else None)
        name = _name(creator)
        if role and name:
            record.setdefault(role, []).append(name)


def from_item(item: Mapping[str, Any]) -> Record:
    """One Zotero item as a CSL-JSON record (Zotero's CSL export rules).

    :param item: a Zotero API item (``itemType`` required; base field names such as
        ``publicationTitle`` are read too, as Zotero's exporters read them).
    :returns: a normalized record (``id`` from ``citationKey``, else citekit's id).
    :raises ValueError: ``item`` is not an object with an ``itemType``.
    """
    if not isinstance(item, Mapping) or not isinstance(item.get("itemType"), str) or not item["itemType"]:
        raise ValueError("an item must be an object with an itemType")
    item_type = str(item["itemType"])
    record = _record_fields(item, item_type)
    _record_creators(item, item_type, record)
    tags = [t.get("tag") if isinstance(t, Mapping) else t for t in _listed(item.get("tags"))]
    words = [t.strip() for t in tags if isinstance(t, str) and t.strip()]
    if words:
        record["keyword"] = ("; " if any("," in t for t in words) else ", ").join(words)
    if record.get("note"):
        note = _read_extra(str(record.pop("note")), record)
        if note:
            record["note"] = note
    if item_type == "note" and item.get("note"):
        record["title"] = re.sub(r"<[^>]+>", " ", str(item["note"])).split("\n")[0].strip()[:120]
    if record.get("citation-key"):
        record["id"] = record["citation-key"]
    return normalize(record, default_type="document")


def from_items(items: Sequence[Any], *, works_only: bool = True) -> list[Record]:
    """Records for Zotero ``items``, in order.

    :param items: Zotero API items.
    :param works_only: skip notes, attachments and annotations (not works to cite).
    :raises ValueError: an item has no ``itemType``.
    """
    kept = [i for i in items if not (works_only and isinstance(i, Mapping) and str(i.get("itemType")) in NON_WORKS)]
    return [from_item(i) for i in kept]
