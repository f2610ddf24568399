"""CSL-JSON export (an array) and JSON Lines (one item per line), schema-valid.

Every record goes through :func:`citekit.conform.clean` first, so the output always
validates and nothing the schema refuses is silently lost (it moves to ``custom.csljson``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from citekit.conform import clean
from citekit.errors import ExportError
from citekit.record import Record

__all__ = ["dumps", "dumps_lines"]


def _check(records: Sequence[Record]) -> list[Record]:
    cleaned = []
    for index, record in enumerate(records):
        if not isinstance(record, Mapping):
            raise ExportError(f"record {index + 1} is not a CSL-JSON object ({type(record).__name__})")
        cleaned.append(clean(record))
    return cleaned


def dumps(records: Sequence[Record]) -> str:
    """Records as a CSL-JSON array (UTF-8 text, one item per line, trailing newline).

    :param records: CSL-JSON items.
    :returns: the JSON text; every item validates against the CSL-JSON schema.
    :raises ExportError: a record is not a mapping.
    """
    items = _check(records)
    if not items:
        return "[]\n"
    # One item per line: json's C encoder only runs without indent, and pretty-printing
    # a harvest with its reference lists is several times slower for no gain in a file
    # that tools, not people, read (`python -m json.tool` pretty-prints on demand).
    return "[\n" + ",\n".join(json.dumps(item, ensure_ascii=False) for item in items) + "\n]\n"


def dumps_lines(records: Sequence[Record]) -> str:
    """Records as JSON Lines: one compact CSL-JSON item per line.

    :param records: CSL-JSON items.
    :returns: the text, one line per record.
    :raises ExportError: a record is not a mapping.
    """
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in _check(records))


def dumps_yaml(records: Sequence[Record]) -> str:
    """Records as CSL-YAML: pandoc's ``references:`` list, in a ``---`` block that pandoc
    reads as a bibliography file or as a document's metadata.

    :param records: CSL-JSON items.
    :returns: the YAML text (UTF-8, keys in CSL-JSON order).
    :raises ExportError: a record is not a mapping.
    """
    import yaml

    body: str = yaml.safe_dump({"references": _check(records)}, allow_unicode=True, sort_keys=False, width=100)
    return "---\n" + body + "...\n"
