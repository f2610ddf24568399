"""Parsers: a :class:`~citekit.source.Source` becomes CSL-JSON records.

``Parser = Callable[[Source], list[Record]]``. Each format has one module (see
:data:`citekit.formats.PARSERS`); :func:`parse` picks it from the detected media type.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from citekit.errors import CitekitError, ParseError
from citekit.formats import lookup
from citekit.record import Record
from citekit.source import Source

__all__ = ["Parser", "enrich_references", "parse", "parser_for", "shareable_origin"]

Parser = Callable[[Source], list[Record]]


def parser_for(source: Source) -> Parser:
    """The parser for ``source``'s detected format."""
    if source.format == "doi":
        from citekit.parsers.ident import parse as parse_identifier

        return parse_identifier
    parser: Parser = lookup("parser", source.format)
    return parser


def shareable_origin(origin: str) -> str:
    """``origin`` as written into a record: an absolute local path becomes relative to the
    working directory when it lies below it, else its file name, so files shared with others
    carry no local folder names. Relative paths, URLs, DOIs and ``-`` stay as given.

    :param origin: the input as read.
    :returns: the origin to record.
    """
    if not os.path.isabs(origin):
        return origin
    try:
        relative = os.path.relpath(origin)
    except ValueError:  # another drive (Windows)
        relative = os.pardir
    return relative if not relative.startswith(os.pardir) else os.path.basename(origin)


def parse(source: Source, *, parser: Parser | None = None) -> list[Record]:
    """Records from one source; each carries ``custom.origin`` and ``custom.format``.

    :param source: a read input.
    :param parser: use this parser instead of the detected one.
    :returns: one record for an article page, one per entry for BibTeX, RIS, CSL-JSON.
    :raises ParseError: nothing bibliographic was found, or the input is malformed.
    """
    chosen = parser or parser_for(source)
    try:
        records = chosen(source)
    except CitekitError as exc:
        if exc.origin is None:
            exc.origin = source.origin
        raise
    except (ValueError, KeyError, IndexError, TypeError, AttributeError, RecursionError) as exc:
        # A parser bug on odd input (or a document nested deeper than Python's stack) must
        # cost one input, not the batch; the message says what broke so it can be reported.
        raise ParseError(f"could not parse ({exc.__class__.__name__}: {exc})", origin=source.origin) from exc
    if not records:
        raise ParseError(f"no bibliographic record found in this {source.format} input", origin=source.origin)
    for record in records:
        custom = record.setdefault("custom", {})
        custom.setdefault("origin", shareable_origin(source.origin))
        custom.setdefault("format", source.format)
        enrich_references(record)
    return records


def _needs_parsing(reference: Record) -> bool:
    raw = (reference.get("custom") or {}).get("raw")
    return bool(raw) and not any(reference.get(k) for k in ("title", "author", "container-title"))


def enrich_references(record: Record) -> Record:
    """Parse every reference of ``record`` that holds only its raw string.

    Page parsers keep what the markup says about a reference; free reference strings are
    parsed here, once, by the reference-string parser. Markup fields win over parsed ones.

    :param record: a record with ``custom.references``.
    :returns: the same record, its reference list replaced by an enriched copy.
    """
    references = (record.get("custom") or {}).get("references")
    if not references:
        return record
    from citekit.parsers.refs.reference import MAX_REFERENCE_CHARS, parse_references

    # A raw string past the parser's limit (a paragraph taken for a reference) keeps its raw text only.
    todo = [
        i
        for i, ref in enumerate(references)
        if _needs_parsing(ref) and len(str(ref["custom"]["raw"]).strip()) <= MAX_REFERENCE_CHARS
    ]
    if not todo:
        return record
    from citekit.record import make_id, merge

    parsed = parse_references([references[i]["custom"]["raw"] for i in todo])
    enriched = list(references)
    for i, fields in zip(todo, parsed, strict=True):
        merged = merge(references[i], fields)
        merged["id"] = make_id(merged)
        if fields.get("type") and references[i].get("type") in (None, "article-journal"):
            merged["type"] = fields["type"]
        enriched[i] = merged
    record["custom"]["references"] = enriched
    return record
