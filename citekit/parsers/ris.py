"""RIS files → CSL-JSON records, one per ``TY``…``ER`` record (PubMed MEDLINE/``.nbib``
text too, through :mod:`citekit.parsers.medline`).

A forgiving line reader rather than rispy: real exports have a byte-order mark, CRLF or
bare CR line ends, tags with one space or none before the dash (``TY -  BOOK``),
``ER`` without its trailing space or missing at the end of the file, values running
over several lines, numbering and provider banners between records, long type names
(``TY  - Journal Article``), and both tag generations (``Y1``/``PY``/``DA``,
``T2``/``JO``/``JF``/``JA``, ``AB``/``N2``, ``SP``/``EP``). Every line keeps its number, so a
problem is reported as ``"line N: ..."`` in the first record's ``custom.warnings``.
Tags without a CSL home are kept under ``custom.ris`` and written back on export.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from citekit.errors import ParseError, Problem
from citekit.record import Record
from citekit.source import Source

__all__ = ["parse", "parse_text"]

_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]) {0,3}-(?: +(.*)|\s*)$")


@dataclass
class _Raw:
    line: int
    tags: list[tuple[str, str]] = field(default_factory=list)


def parse_text(text: str, *, origin: str | None = None) -> list[Record]:
    """Records from RIS text (see :func:`parse`)."""
    from citekit.parsers.medline import looks_like_medline, parse_medline
    from citekit.parsers.ris_record import record_from_tags

    if looks_like_medline(text):
        medline, medline_problems = parse_medline(text)
        return _finish(medline, medline_problems, origin, "MEDLINE")
    problems: list[Problem] = []
    records: list[Record] = []
    for raw in _raws(text, problems):
        if len(raw.tags) < 2:
            problems.append(Problem("empty record (TY only); skipped", raw.line))
            continue
        records.append(record_from_tags(raw.tags))
    return _finish(records, problems, origin, "RIS")


def _raws(text: str, problems: list[Problem]) -> list[_Raw]:
    """The ``TY``…``ER`` records of ``text`` as tag/value lines (continuations joined)."""
    raws: list[_Raw] = []
    current: _Raw | None = None
    orphan_reported = False
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = line.rstrip()
        match = _TAG_LINE.match(line.lstrip("\ufeff"))
        if match:
            tag, value = match.group(1), (match.group(2) or "").strip()
            if tag == "TY":
                if current is not None:
                    problems.append(Problem("record not closed by ER before the next TY (kept)", current.line))
                    raws.append(current)
                current = _Raw(number, [("TY", value)])
                orphan_reported = False
            elif tag == "ER":
                if current is None:
                    problems.append(Problem("ER without a TY before it", number))
                else:
                    raws.append(current)
                    current = None
            elif current is None:
                if not orphan_reported:
                    problems.append(Problem(f"{tag} tag outside a record (no TY before it); skipped", number))
                    orphan_reported = True
            else:
                current.tags.append((tag, value))
        elif current is not None and line.strip() and len(current.tags) > 1:
            _continue(current, line.strip())
    if current is not None:
        raws.append(current)  # the last record often lacks its ER: not worth a warning
    return raws


def _continue(current: _Raw, line: str) -> None:
    """A value running over several lines (abstracts, long titles); a keyword line goes
    on with more keywords (";"-separated), not with the same one."""
    tag, value = current.tags[-1]
    if tag == "KW":
        current.tags.extend(("KW", k.strip()) for k in line.split(";") if k.strip())
    else:
        current.tags[-1] = (tag, f"{value} {line}".strip())


def _finish(records: list[Record], problems: list[Problem], origin: str | None, kind: str) -> list[Record]:
    if not records:
        first = problems[0] if problems else None
        raise ParseError(
            f"no {kind} records could be read" + (f" ({first.message})" if first else ""),
            origin=origin,
            line=first.line if first else None,
        )
    if problems:
        problems.sort(key=lambda p: p.line or 0)
        records[0].setdefault("custom", {}).setdefault("warnings", []).extend(str(p) for p in problems)
    return records


def parse(source: Source) -> list[Record]:
    """Records from a RIS source, one per record.

    :param source: the read input.
    :returns: the records in file order; problems as ``"line N: ..."`` strings in the
        first record's ``custom.warnings``.
    :raises ParseError: no record at all could be read.
    """
    return parse_text(source.text, origin=source.origin)
