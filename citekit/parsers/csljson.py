"""CSL-JSON files → records: an array of items, a single item, JSON Lines, or an
``{"items": [...]}`` wrapper (Zotero's API, some exporters); CSL-YAML through
:mod:`citekit.parsers.cslyaml`.

Each item goes through :func:`citekit.exporters.csljson.clean` and
:func:`citekit.record.normalize`, so what comes out validates against the schema:
Crossref-style extras (``link``, ``reference-count``, ``license`` as objects ...) are kept
under ``custom.csljson`` rather than dropped. Items that are not objects are skipped
and reported as ``"item N: ..."`` (``"line N: ..."`` for JSON Lines) in the first
record's ``custom.warnings``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from citekit.errors import ParseError
from citekit.record import Record, normalize
from citekit.source import Source

__all__ = ["parse", "parse_text", "parse_yaml"]

_WRAPPERS = ("items", "references", "message")
# CSL items nest a few levels (custom.references[i].author[j]); far deeper is hostile.
_MAX_DEPTH = 64
_JSON_TYPES = frozenset({str, int, float, bool, type(None), dict, list})


def _items(text: str, origin: str | None) -> tuple[list[tuple[str, Any]], list[str]]:
    """``(where, item)`` pairs and problems; ``where`` is "item N" or "line N"."""
    problems: list[str] = []
    try:
        data = json.loads(text)
    except RecursionError as exc:
        raise ParseError("JSON nested too deeply to be CSL-JSON", origin=origin) from exc
    except json.JSONDecodeError as exc:
        # "\n" ends a line of JSON Lines; splitlines() would also cut at U+2028 or NEL,
        # which JSON allows unescaped inside strings.
        lines = [(n, line.rstrip("\r")) for n, line in enumerate(text.split("\n"), start=1) if line.strip()]
        if len(lines) < 2:
            raise ParseError(f"not JSON: {exc.msg}", origin=origin, line=getattr(exc, "lineno", None)) from exc
        items: list[tuple[str, Any]] = []
        for number, line in lines:
            try:
                items.append((f"line {number}", json.loads(line)))
            except json.JSONDecodeError as line_exc:
                problems.append(f"line {number}: not JSON ({line_exc.msg}); skipped")
            except RecursionError:
                problems.append(f"line {number}: JSON nested too deeply; skipped")
        if not items:
            raise ParseError(f"not JSON or JSON Lines: {exc.msg}", origin=origin, line=exc.lineno) from exc
        return items, problems
    if isinstance(data, Mapping):
        for key in _WRAPPERS:
            inner = data.get(key)
            if isinstance(inner, list) and "type" not in data:
                data = inner
                break
            if isinstance(inner, Mapping) and key == "message" and "type" not in data:
                data = [inner.get("items", inner)] if not isinstance(inner.get("items"), list) else inner["items"]
                break
    if isinstance(data, Mapping):
        data = [data]
    if not isinstance(data, list):
        raise ParseError(f"JSON {type(data).__name__} is not a CSL-JSON item or array", origin=origin)
    return [(f"item {i}", item) for i, item in enumerate(data, start=1)], problems


def _shape_problem(item: Mapping[str, Any], *, parsed_json: bool) -> str | None:
    """Why ``item`` cannot be read as a CSL item, or ``None``: values must be JSON values
    (no YAML sets or bytes), nested at most ``_MAX_DEPTH`` deep, and ``custom.references``
    a list of objects whose own ``custom`` is an object."""
    # Level by level: only containers are followed; scalars are checked by type.
    level: list[Any] = [item]
    for _depth in range(_MAX_DEPTH + 1):
        values = [v for c in level for v in (c.values() if type(c) is dict else c)]
        odd = None if parsed_json else next((v for v in values if type(v) not in _JSON_TYPES), None)
        if odd is not None:  # (JSON's decoder makes no other types; YAML's can)
            return f"holds a {type(odd).__name__} value, which CSL has no place for"
        level = [v for v in values if type(v) is dict or type(v) is list]
        if not level:
            break
    else:
        return f"nested more than {_MAX_DEPTH} levels deep"
    custom = item.get("custom")
    references = custom.get("references") if isinstance(custom, Mapping) else None
    if references is not None and not (
        isinstance(references, list)
        and all(isinstance(ref, Mapping) and isinstance(ref.get("custom", {}), Mapping) for ref in references)
    ):
        return "custom.references is not a list of CSL items"
    return None


def _looks_bibliographic(item: Mapping[str, Any]) -> bool:
    return any(key in item for key in ("type", "title", "author", "DOI", "issued", "container-title", "URL", "editor"))


def parse_text(text: str, *, origin: str | None = None) -> list[Record]:
    """Records from CSL-JSON text (see :func:`parse`)."""
    items, problems = _items(text, origin)
    return _records(items, problems, origin, "CSL-JSON")


def _records(items: list[tuple[str, Any]], problems: list[str], origin: str | None, kind: str) -> list[Record]:
    from citekit.conform import clean
    from citekit.record import normalize_pages

    records: list[Record] = []
    for where, item in items:
        if not isinstance(item, Mapping):
            what = f"a {kind.removeprefix('CSL-')} {type(item).__name__}"
            problems.append(f"{where}: {what}, not a {kind} object; skipped")
            continue
        if not _looks_bibliographic(item):
            problems.append(f"{where}: no {kind} variables (type, title, author ...); skipped")
            continue
        shape = _shape_problem(item, parsed_json=kind == "CSL-JSON")
        if shape:
            problems.append(f"{where}: {shape}; skipped")
            continue
        record = clean(item)
        if isinstance(record.get("page"), str):
            record["page"] = normalize_pages(record["page"])  # "100–112" -> "100-112", as CSL expects
        records.append(normalize(record, default_type="document"))
    if not records:
        detail = f" ({problems[0]})" if problems else ""
        raise ParseError(f"no {kind} items could be read{detail}", origin=origin)
    if problems:
        records[0].setdefault("custom", {}).setdefault("warnings", []).extend(problems)
    return records


def parse(source: Source) -> list[Record]:
    """Records from a CSL-JSON (or JSON Lines) source, one per item.

    :param source: the read input.
    :returns: the records in order.
    :raises ParseError: the text is not JSON, or holds no CSL-JSON item.
    """
    return parse_text(source.text, origin=source.origin)


def parse_yaml(source: Source) -> list[Record]:
    """Records from CSL-YAML (pandoc's ``references:`` list, with or without the ``---``
    fences of a metadata block, or a bare list of items).

    :param source: the read input.
    :returns: the records in order.
    :raises ParseError: the text is not YAML, or holds no CSL item.
    """
    from citekit.parsers.cslyaml import yaml_items

    items, problems = yaml_items(source.text, source.origin)
    return _records(items, problems, source.origin, "CSL-YAML")
