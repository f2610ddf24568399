"""CSL-JSON export (an array) and JSON Lines (one item per line), schema-valid.

Every record goes through :func:`citekit.conform.clean` first, so the output always
validates and nothing the schema refuses is silently lost (it moves to ``custom.csljson``).
Each item's ``id`` is its citation key (:mod:`citekit.exporters.keys`): unique within the
export and the same key the BibTeX and RIS exports give the record. A language written as
a name or a three-letter code ("english", "ger") is written as its BCP 47 tag.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from citekit.conform import clean
from citekit.errors import ExportError
from citekit.exporters.keys import KeyMaker
from citekit.formats.richtext import to_markdown
from citekit.parsers.common import norm_language
from citekit.record import Record

__all__ = ["dumps", "dumps_lines"]


def _check(records: Sequence[Record], keys: KeyMaker | None = None) -> list[Record]:
    keys = KeyMaker() if keys is None else keys
    cleaned = []
    for index, record in enumerate(records):
        if not isinstance(record, Mapping):
            raise ExportError(f"record {index + 1} is not a CSL-JSON object ({type(record).__name__})")
        item = clean(record)
        language = item.get("language")
        if isinstance(language, str) and norm_language(language) not in (None, language.lower()):
            # BCP 47, as CSL-JSON wants it: pandoc and citeproc-js title-case English
            # titles only when the language reads as English ("english" does not)
            item["language"] = norm_language(language)
        key = keys.key_for(item)
        if item.get("id") != key:
            item = {"id": key, **{k: v for k, v in item.items() if k != "id"}}
        if "citation-key" in item:
            item["citation-key"] = key
        cleaned.append(item)
    return cleaned


def dumps(records: Sequence[Record], *, keys: KeyMaker | None = None) -> str:
    """Records as a CSL-JSON array (UTF-8 text, one item per line, trailing newline).

    :param records: CSL-JSON items.
    :param keys: the keys already given out (to write one export in parts); fresh by default.
    :returns: the JSON text; every item validates against the CSL-JSON schema and has a
        unique ``id``, the record's citation key.
    :raises ExportError: a record is not a mapping.
    """
    items = _check(records, keys)
    if not items:
        return "[]\n"
    # One item per line: json's C encoder only runs without indent, and pretty-printing
    # a harvest with its reference lists is several times slower for no gain in a file
    # that tools, not people, read (`python -m json.tool` pretty-prints on demand).
    return "[\n" + ",\n".join(json.dumps(item, ensure_ascii=False) for item in items) + "\n]\n"


def dumps_lines(records: Sequence[Record], *, keys: KeyMaker | None = None) -> str:
    """Records as JSON Lines: one compact CSL-JSON item per line.

    :param records: CSL-JSON items.
    :param keys: as for :func:`dumps`.
    :returns: the text, one line per record.
    :raises ExportError: a record is not a mapping.
    """
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in _check(records, keys))


def dumps_yaml(records: Sequence[Record], *, keys: KeyMaker | None = None) -> str:
    """Records as CSL-YAML: pandoc's ``references:`` list, in a ``---`` block that pandoc
    reads as a bibliography file or as a document's metadata. pandoc reads its values as
    Markdown, so rich text (``<i>`` ...) is written as pandoc's Markdown (``*...*`` ...).

    :param records: CSL-JSON items.
    :param keys: as for :func:`dumps`.
    :returns: the YAML text (UTF-8, keys in CSL-JSON order).
    :raises ExportError: a record is not a mapping.
    """
    import yaml

    items = [
        {k: to_markdown(v) if isinstance(v, str) and "<" in v else v for k, v in item.items()}
        for item in _check(records, keys)
    ]
    body: str = yaml.safe_dump({"references": items}, allow_unicode=True, sort_keys=False, width=100)
    return "---\n" + body + "...\n"
