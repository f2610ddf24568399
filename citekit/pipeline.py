"""The pipeline: read → parse → resolve → export.

Per-input work (:func:`process`) is a pure function from an input to an
:class:`Outcome`, with no shared mutable state, so the same harvest runs in a loop, on a
process pool, or on a cluster engine unchanged. One bad input never stops a batch: its
error rides in its ``Outcome``.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from citekit.errors import CitekitError, NotFoundError, ParseError, ResolveError
from citekit.formats import lookup
from citekit.parsers import Parser, parse
from citekit.record import Record
from citekit.resolve.outcome import DOI_NOT_FOUND
from citekit.source import Source, read

if TYPE_CHECKING:
    from citekit.services import Lookups

__all__ = [
    "Outcome",
    "Resolver",
    "export",
    "harvest",
    "missing_doi",
    "process",
    "process_pieces",
    "records_of",
    "resolve_outcome",
    "resolve_outcomes",
]


class Resolver(Protocol):
    """What the pipeline needs from a resolver (see :mod:`citekit.resolve`).

    A batch, not one record at a time: Crossref lets many DOIs be verified in one request
    and identical references across records need asking only once.
    """

    def resolve_all(self, records: Sequence[Record]) -> list[Record]:
        """New records, same order, with DOIs verified or found (also in their references);
        each outcome in ``custom.match``. Raises :class:`ResolveError` only when nothing
        could be done at all."""
        ...


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one input.

    :ivar origin: the input as given (path, URL, DOI or ``-``).
    :ivar records: the records read from it (one for a page; one per entry for BibTeX...).
    :ivar error: why the input failed, or ``None``.
    :ivar seconds: wall time spent on it.
    :ivar warnings: problems that did not stop it (e.g. resolution skipped).
    :ivar piece: which piece of its input this is (0: the first, or the whole input); a long
        bibliography is read in pieces so that memory stays flat (:func:`process_pieces`).
    :ivar more: another piece of the same input follows this one.
    """

    origin: str
    records: tuple[Record, ...] = ()
    error: CitekitError | None = None
    seconds: float = 0.0
    warnings: tuple[str, ...] = field(default=())
    piece: int = 0
    more: bool = False

    @property
    def ok(self) -> bool:
        """True when the input was read and parsed."""
        return self.error is None

    @property
    def record(self) -> Record | None:
        """The first record, or ``None`` (pages give exactly one)."""
        return self.records[0] if self.records else None

    def report(self) -> dict[str, Any]:
        """This outcome as a ``report.json`` entry."""
        entry: dict[str, Any] = {
            "input": self.origin,
            "status": "ok" if self.ok else "error",
            "records": [r.get("id") for r in self.records],
            "seconds": round(self.seconds, 4),
        }
        if self.error is not None:
            entry["error"] = self.error.describe()
            entry["error_type"] = type(self.error).__name__
        if self.warnings:
            entry["warnings"] = list(self.warnings)
        return entry


def process(
    item: str | Source, *, parser: Parser | None = None, timeout: float = 30.0, lookups: Lookups | None = None
) -> Outcome:
    """Read and parse one input; never raises for a bad input.

    :param item: a path, URL, DOI, identifier (PMID, PMCID, arXiv id, ISBN), ``-``, or an
        already read :class:`Source`.
    :param parser: force this parser instead of the detected one.
    :param timeout: seconds allowed to fetch a URL.
    :param lookups: settings of the identifier services (default: from the environment).
    :returns: the :class:`Outcome`, carrying the records or the error.
    """
    start = time.perf_counter()
    origin = item.origin if isinstance(item, Source) else str(item)
    try:
        source = item if isinstance(item, Source) else read(item, timeout=timeout, lookups=lookups)
        records = parse(source, parser=parser)
    except CitekitError as exc:
        if exc.origin is None:
            exc.origin = origin
        return Outcome(origin, error=exc, seconds=time.perf_counter() - start)
    except Exception as exc:
        # A defect met on this input (a shape no parser expected, nesting past Python's
        # recursion limit) costs this input only; --debug shows the traceback it chains.
        error = ParseError(f"could not be read ({exc.__class__.__name__}: {_first_line(exc)})", origin=origin)
        error.__cause__ = exc
        return Outcome(origin, error=error, seconds=time.perf_counter() - start)
    try:
        records = [_json_safe(record) for record in records]
    except ValueError as exc:
        error = ParseError(f"could not be read ({exc})", origin=origin)
        return Outcome(origin, error=error, seconds=time.perf_counter() - start)
    # What the parser noticed but got past (a malformed BibTeX entry skipped, a Citation
    # line disagreeing with the header) stays in the record and is also said to the user.
    noticed = tuple(str(w) for record in records for w in (record.get("custom") or {}).get("warnings") or ())
    return Outcome(origin, tuple(records), seconds=time.perf_counter() - start, warnings=noticed)


def process_pieces(item: str | Source, *, timeout: float = 30.0, lookups: Lookups | None = None) -> Iterator[Outcome]:
    """Like :func:`process`, with flat memory for a long bibliography: a BibTeX input
    comes as one :class:`Outcome` per piece of a few hundred entries (each with the
    warnings met in it, numbered by :attr:`Outcome.piece`, all but the last with
    :attr:`Outcome.more` set); any other input as its one outcome.

    A piece that fails (a string bomb met halfway) is the input's last outcome, after
    those of the pieces read before it.

    :param item: a path, URL, ``-`` ... or an already read :class:`Source`, as for :func:`process`.
    :returns: the outcomes, in input order; never raises for a bad input.
    """
    previous: Outcome | None = None
    for number, outcome in enumerate(_pieces(item, timeout, lookups)):
        if previous is not None:
            yield dataclasses.replace(previous, more=True)
        previous = dataclasses.replace(outcome, piece=number)
    if previous is not None:
        yield previous


def _pieces(item: str | Source, timeout: float, lookups: Lookups | None) -> Iterator[Outcome]:
    start = time.perf_counter()
    origin = item.origin if isinstance(item, Source) else str(item)
    try:
        source = item if isinstance(item, Source) else read(item, timeout=timeout, lookups=lookups)
    except Exception as exc:
        yield _failed(origin, exc, start)
        return
    if source.format != "bibtex":
        yield process(source, timeout=timeout, lookups=lookups)
        return
    from citekit.parsers.bibtex_stream import iter_chunks

    pieces = iter_chunks(source.text, origin=source.origin)
    while True:
        try:
            records, problems = next(pieces)
        except StopIteration:
            return
        except Exception as exc:
            yield _failed(source.origin, exc, start)
            return
        if not records:  # problems met after the last entry
            yield Outcome(source.origin, warnings=tuple(str(p) for p in problems))
            continue
        if problems:
            records[0].setdefault("custom", {}).setdefault("warnings", []).extend(str(p) for p in problems)
        outcome = process(source, parser=lambda _source, piece=records: piece)  # type: ignore[misc]
        yield dataclasses.replace(outcome, seconds=time.perf_counter() - start)  # reading included
        start = time.perf_counter()


def _failed(origin: str, exc: Exception, start: float) -> Outcome:
    """The outcome of an input that raised ``exc`` (a defect costs that input, as in :func:`process`)."""
    if isinstance(exc, CitekitError):
        exc.origin = exc.origin or origin
        return Outcome(origin, error=exc, seconds=time.perf_counter() - start)
    error = ParseError(f"could not be read ({exc.__class__.__name__}: {_first_line(exc)})", origin=origin)
    error.__cause__ = exc
    return Outcome(origin, error=error, seconds=time.perf_counter() - start)


def _json_safe(record: Record) -> Record:
    """``record`` as plain JSON data, so that no later stage (the library, an exporter,
    a JSON output) meets what a reader let through: a YAML ``!!binary`` or ``!!set``
    value, a date object, NaN. Cheap when the record is already plain (one dump).

    :raises ValueError: nested deeper than JSON output allows.
    """
    import json

    try:
        json.dumps(record, allow_nan=False)
        return record
    except (TypeError, ValueError, RecursionError):
        pass
    try:
        return _plain(record, 0)  # type: ignore[no-any-return]
    except RecursionError as exc:
        raise ValueError("nested too deeply") from exc


def _plain(value: Any, depth: int) -> Any:
    if depth > 200:
        raise ValueError("nested too deeply")
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else None
    if isinstance(value, dict):
        return {str(k): _plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return [_plain(v, depth + 1) for v in items]
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", errors="replace")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else "no message"


def resolve_outcomes(
    outcomes: Sequence[Outcome], resolver: Resolver, *, lookups: Lookups | None = None
) -> list[Outcome]:
    """``outcomes`` with their records resolved, all in one batch (DOIs asked together,
    identical references once); the one resolution path of every command and the harvest.

    Resolution adds to a record but never decides whether the input succeeded: a page
    that parsed is kept even when Crossref cannot be asked (a failure becomes a warning).
    One rule makes an input fail here: a DOI given as the input itself that neither
    Crossref nor DataCite (asked only then) knows (a typo in a DOI list), which would
    otherwise become a record with nothing in it but the DOI.

    :param outcomes: outcomes of :func:`process`; failed ones pass through unchanged.
    :param resolver: the resolver to use.
    :param lookups: settings of DataCite (default: from the environment).
    :returns: new outcomes, same order.
    """
    records = [record for outcome in outcomes if outcome.ok for record in outcome.records]
    if not records:
        return list(outcomes)
    start = time.perf_counter()
    failure: str | None = None
    try:
        resolved = resolver.resolve_all(records)
    except ResolveError as exc:
        resolved, failure = records, f"not resolved: {exc}"
    share = (time.perf_counter() - start) / len(records)
    pending = iter(resolved)
    out: list[Outcome] = []
    for outcome in outcomes:
        if not outcome.ok or not outcome.records:
            out.append(outcome)
            continue
        mine = tuple(next(pending) for _ in outcome.records)
        seconds = outcome.seconds + share * len(mine)
        missing = missing_doi(mine[0]) if len(mine) == 1 else None
        if missing:
            from citekit.services.datacite import rescue

            rescued = rescue(mine[0], missing, lookups)
            if rescued.record is None:
                error = NotFoundError(f"DOI {missing} not found in Crossref{rescued.why}", origin=outcome.origin)
                out.append(dataclasses.replace(outcome, records=(), error=error, seconds=seconds))
                continue
            mine = (rescued.record,)
        warnings = (*outcome.warnings, failure) if failure else outcome.warnings
        out.append(dataclasses.replace(outcome, records=mine, seconds=seconds, warnings=warnings))
    return out


def resolve_outcome(outcome: Outcome, resolver: Resolver, *, lookups: Lookups | None = None) -> Outcome:
    """One outcome through :func:`resolve_outcomes`."""
    return resolve_outcomes([outcome], resolver, lookups=lookups)[0]


def missing_doi(record: Record) -> str | None:
    """The DOI of a record read from a DOI input that Crossref answered 404 for, else ``None``."""
    custom = record.get("custom") or {}
    match = custom.get("match") or {}
    if custom.get("format") == "doi" and match.get("code") == DOI_NOT_FOUND:
        return str(record.get("DOI"))
    return None


def harvest(
    sources: Iterable[str | Source],
    *,
    parser: Parser | None = None,
    resolver: Resolver | None = None,
    timeout: float = 30.0,
    lookups: Lookups | None = None,
) -> Iterator[Outcome]:
    """Outcomes for many inputs, in order, one at a time (streaming).

    :param sources: inputs (paths, URLs, DOIs, identifiers, ``-``) or read sources.
    :param parser: force one parser for every input.
    :param resolver: resolve each record against Crossref when given.
    :param timeout: seconds allowed to fetch each URL.
    :param lookups: settings of the identifier services and DataCite.
    """
    for item in sources:
        outcome = process(item, parser=parser, timeout=timeout, lookups=lookups)
        if resolver is not None:
            outcome = resolve_outcome(outcome, resolver, lookups=lookups)
        yield outcome


def export(records: Sequence[Record], to: str) -> str:
    """``records`` written in format ``to`` (a name, alias or suffix in EXPORTERS).

    :raises UnknownFormatError: ``to`` is not a known export format.
    :raises ExportError: a record cannot be written in that format.
    """
    exporter = lookup("exporter", to)
    text: str = exporter(records)
    return text


def records_of(outcomes: Iterable[Outcome]) -> list[Record]:
    """Every record of the successful outcomes, in input order."""
    return [record for outcome in outcomes if outcome.ok for record in outcome.records]
