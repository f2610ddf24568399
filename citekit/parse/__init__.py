"""Parsers: a :class:`~citekit.read.Source` becomes CSL-JSON records.

``Parser = Callable[[Source], list[Record]]``. Each format has one module (see
:data:`citekit.formats.PARSERS`); :func:`parse` picks it from the detected media type.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import CitekitError, ParseError
from ..formats import lookup
from ..read import Source
from ..record import Record

__all__ = ["Parser", "parse", "parser_for"]

Parser = Callable[[Source], list[Record]]


def parser_for(source: Source) -> Parser:
    """The parser for ``source``'s detected format."""
    if source.format == "doi":
        from .ident import parse as parse_identifier

        return parse_identifier
    parser: Parser = lookup("parser", source.format)
    return parser


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
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        # A parser bug on odd input must cost one input, not the batch; the message says
        # what broke so it can be reported.
        raise ParseError(f"could not parse ({exc.__class__.__name__}: {exc})", origin=source.origin) from exc
    if not records:
        raise ParseError(f"no bibliographic record found in this {source.format} input", origin=source.origin)
    for record in records:
        custom = record.setdefault("custom", {})
        custom.setdefault("origin", source.origin)
        custom.setdefault("format", source.format)
    return records
