"""The ``citekit`` command line: thin click wrappers over the library.

Records go to stdout (or ``-o FILE``, written atomically); messages go to stderr as
``origin: problem``, one line each. Exit 0 when every input succeeded, 1 when any failed
(the rest still processed and written), 2 for usage errors. Only this module catches
:class:`~citekit.errors.CitekitError`; tracebacks appear only with ``--debug``.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import io
import json
import math
import os
import re
import sqlite3
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

from citekit import __version__
from citekit.errors import CitekitError, UnknownFormatError
from citekit.record import Record

__all__ = ["cli", "main"]

F = TypeVar("F", bound=Callable[..., Any])


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters escaped (``\\n``, ``\\x1b``),
    so that a file name or message holding them cannot split or forge a line on stderr."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


class State:
    """Per-invocation settings shared by the commands."""

    def __init__(self, debug: bool, verbose: bool = False) -> None:
        self.debug = debug
        self.verbose = verbose
        self.failed = 0

    def problem(self, error: BaseException | None, origin: str | None = None) -> None:
        """Print one ``origin: problem`` line (and the traceback with ``--debug``)."""
        self.failed += 1
        if error is None:
            error = CitekitError("failed", origin=origin)
        if isinstance(error, CitekitError):
            if origin and not error.origin:
                error.origin = origin
            line = error.describe()
        else:
            line = f"{origin}: {error}" if origin else str(error)
        click.echo(one_line(line), err=True)
        if self.debug:
            traceback.print_exception(error, file=sys.stderr)

    def note(self, line: str) -> None:
        """An informational line on stderr (never counted as a failure)."""
        click.echo(one_line(line), err=True)

    def warn(self, origin: str, warnings: Sequence[str]) -> None:
        """One input's warnings: each on its line with ``--verbose``, else summarised per kind."""
        from citekit.errors import summarize_warnings

        for line in warnings if self.verbose else summarize_warnings(warnings):
            self.note(f"{origin}: {line}")


if TYPE_CHECKING:
    _FloatParam = click.ParamType[float, Any]
else:  # click before 8.2 has no type parameters
    _FloatParam = click.ParamType


class Seconds(_FloatParam):
    """A number of seconds from 0.1 to an hour (``nan``, ``inf`` and ``1e300`` are usage errors)."""

    name = "seconds"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not (math.isfinite(seconds) and 0.1 <= seconds <= 3600):
            self.fail(f"{value!r} is not between 0.1 and 3600 seconds", param, ctx)
        return seconds


SECONDS = Seconds()


class _Commands(click.Group):
    """The ``citekit`` group: an error escaping a command (an output that cannot be
    written, a library that cannot be used) becomes one line and exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise  # `citekit ... | head`: main() handles it
        except (CitekitError, OSError, sqlite3.Error) as exc:
            state = ctx.obj if isinstance(ctx.obj, State) else State(debug=False)
            error = exc
            if isinstance(exc, OSError):  # "[Errno 13] Permission denied: 'x'" names x twice
                error = CitekitError(exc.strerror or str(exc), origin=str(exc.filename or "citekit"))
            elif isinstance(exc, sqlite3.Error):
                error = CitekitError(f"SQLite failed: {exc}", origin="citekit")
            if error is not exc:
                error.__cause__ = exc
            state.problem(error)
            ctx.exit(1)


def crossref_options(function: F) -> F:
    """The options every command that may reach Crossref shares."""
    options = [
        click.option(
            "--crossref-url",
            envvar="CITEKIT_CROSSREF_URL",
            metavar="URL",
            help="Crossref API base URL (env CITEKIT_CROSSREF_URL; default the public API).",
        ),
        click.option(
            "--mailto",
            envvar="CITEKIT_MAILTO",
            metavar="EMAIL",
            help="Contact address for Crossref's polite pool (env CITEKIT_MAILTO).",
        ),
        click.option(
            "--cache",
            "cache_path",
            type=click.Path(dir_okay=False),
            metavar="PATH",
            help="Crossref answer cache (SQLite; default in the user cache directory).",
        ),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the answer cache."),
        click.option("--offline", is_flag=True, help="Never contact Crossref; references stay unresolved, marked."),
        click.option(
            "--timeout",
            type=SECONDS,
            default=20.0,
            show_default=True,
            help="Seconds allowed for each request to Crossref or a web page, from connecting to the last byte.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


_LOOKUPS = "citekit.lookups"


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    ctx.meta.setdefault(_LOOKUPS, {})[param.name] = value
    return value


def lookup_options(function: F) -> F:
    """The options of the identifier services (PMID, PMCID, arXiv id and ISBN inputs; DataCite
    for DOIs Crossref does not hold), kept in the context rather than passed to the command
    (read them with :func:`_lookups`)."""
    return _lookup_options(function, offline=False)


def lookup_offline_options(function: F) -> F:
    """:func:`lookup_options` and ``--offline``, for commands without the Crossref options."""
    return _lookup_options(function, offline=True)


_LOOKUP_OPTIONS = (
    ("--pubmed-url", "CITEKIT_PUBMED_URL", "URL", "NCBI E-utilities base URL, for PMIDs and PMCIDs"),
    ("--arxiv-url", "CITEKIT_ARXIV_URL", "URL", "arXiv API base URL"),
    ("--openlibrary-url", "CITEKIT_OPENLIBRARY_URL", "URL", "Open Library base URL, for ISBNs"),
    ("--datacite-url", "CITEKIT_DATACITE_URL", "URL", "DataCite API base URL, for DOIs Crossref does not hold"),
    ("--ncbi-api-key", "NCBI_API_KEY", "KEY", "NCBI API key: 10 requests/s instead of 3"),
)


def _lookup_options(command: F, *, offline: bool) -> F:
    options = [
        click.option(name, envvar=env, metavar=kind, expose_value=False, callback=_remember, help=f"{text} (env {env})")
        for name, env, kind, text in _LOOKUP_OPTIONS
    ]
    if offline:
        text = "Contact no service: PMID, PMCID, arXiv and ISBN inputs fail, saying so."
        options.append(
            click.option("--offline", "lookup_offline", is_flag=True, expose_value=False, callback=_remember, help=text)
        )
    for option in reversed(options):
        command = option(command)
    return command


def _lookups(
    ctx: click.Context,
    *,
    offline: bool = False,
    cache_path: str | None = None,
    no_cache: bool = False,
    timeout: float = 20.0,
    mailto: str | None = None,
) -> Any:
    """The identifier services' settings from :func:`lookup_options` and the shared options."""
    from citekit.services import Lookups, cache_beside

    given = ctx.meta.get(_LOOKUPS, {})
    return Lookups(
        pubmed_url=given.get("pubmed_url"),
        arxiv_url=given.get("arxiv_url"),
        openlibrary_url=given.get("openlibrary_url"),
        datacite_url=given.get("datacite_url"),
        ncbi_api_key=given.get("ncbi_api_key"),
        mailto=mailto,
        offline=offline or bool(given.get("lookup_offline")),
        timeout=timeout,
        cache=cache_beside(cache_path),
        use_cache=not no_cache,
    )


def _resolver(
    crossref_url: str | None, mailto: str | None, cache_path: str | None, no_cache: bool, offline: bool, timeout: float
) -> Any:
    from citekit.resolve import make_resolver

    return make_resolver(
        base_url=crossref_url, mailto=mailto, cache=cache_path, use_cache=not no_cache, timeout=timeout, offline=offline
    )


def _output_format(output: str | None, to: str | None, default: str = "csljson") -> str:
    from citekit.formats import EXPORTERS, canonical, from_suffix

    name = canonical(to) if to else (from_suffix(output) if output and output != "-" else None) or default
    if name not in EXPORTERS:
        known = ", ".join(sorted(EXPORTERS))
        raise click.BadParameter(f"unknown output format {to or name!r} (known: {known})", param_hint="--to")
    return name


def _write(text: str, output: str | None) -> None:
    if output in (None, "-"):
        click.echo(text, nl=not text.endswith("\n"))
        return
    from citekit.write import atomic_write

    atomic_write(output, text)


def _inputs(inputs: Sequence[str]) -> Iterator[str]:
    from citekit.source import expand

    return expand(inputs)


def _parsed(
    state: State, inputs: Sequence[str], timeout: float, fail_fast: bool, lookups: Any = None, pieces: bool = False
) -> Iterator[Any]:
    """Outcomes of reading and parsing every input (a long BibTeX file in pieces when
    ``pieces``); failures reported as they happen, warnings once per input."""
    from citekit.pipeline import process, process_pieces

    for item in _inputs(inputs):
        outcomes = process_pieces(item, timeout=timeout, lookups=lookups) if pieces else None
        warnings: list[str] = []
        for outcome in outcomes or [process(item, timeout=timeout, lookups=lookups)]:
            if not outcome.ok:
                state.problem(outcome.error, item)
                break
            warnings.extend(outcome.warnings)
            yield outcome
        state.warn(outcome.origin, warnings)
        if fail_fast and not outcome.ok:
            break


def _finish(ctx: click.Context, state: State) -> None:
    if state.failed:
        ctx.exit(1)


def _export_or_fail(records: Sequence[dict[str, Any]], fmt: str, state: State) -> str | None:
    from citekit.pipeline import export

    try:
        return export(records, fmt)
    except CitekitError as exc:
        state.problem(exc, f"export {fmt}")
        return None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="citekit")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.option("-v", "--verbose", is_flag=True, help="List every warning (by default summarised per kind).")
@click.pass_context
def cli(ctx: click.Context, debug: bool, verbose: bool) -> None:
    """citekit: parse article pages and references, resolve them against Crossref, and
    export BibTeX, CSL-JSON, RIS and citation graphs.

    Inputs are files, directories, URLs, DOIs or - for standard input.
    """
    ctx.obj = State(debug, verbose)


input_argument = click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
output_option = click.option(
    "-o", "--output", metavar="FILE", help="Write here (atomically) instead of stdout; the suffix picks the format."
)
fail_fast_option = click.option("--fail-fast", is_flag=True, help="Stop at the first input that fails.")


@cli.command()
@input_argument
@output_option
@click.option(
    "--to",
    "to",
    metavar="FORMAT",
    help="Output format: csljson, jsonl, bibtex, biblatex, ris, citations-csv, graphml, gexf.",
)
@click.option(
    "--timeout", type=SECONDS, default=30.0, show_default=True, help="Seconds allowed to fetch a URL, in all."
)
@fail_fast_option
@lookup_offline_options
@click.pass_context
def parse(
    ctx: click.Context, inputs: Sequence[str], output: str | None, to: str | None, timeout: float, fail_fast: bool
) -> None:
    """Parse article pages (HTML, JATS, text), bibliographies (BibTeX, RIS, CSL-JSON,
    PubMed XML) or identifiers (PMID:…, PMCID:…, arXiv:…, ISBN:…) into records: a CSL-JSON
    array on stdout."""
    state: State = ctx.obj
    fmt = _output_format(output, to)
    with _lookups(ctx, timeout=timeout) as lookups:
        if _streamed(fmt):
            _emit_pieces(ctx, state, _parsed(state, inputs, timeout, fail_fast, lookups, pieces=True), fmt, output)
            return
        records = [r for outcome in _parsed(state, inputs, timeout, fail_fast, lookups) for r in outcome.records]
    _emit(ctx, state, records, fmt, output)


@cli.command()
@input_argument
@output_option
@click.option("--to", "to", metavar="FORMAT", help="Output format (default csljson, or from -o's suffix).")
@crossref_options
@lookup_options
@fail_fast_option
@click.pass_context
def resolve(
    ctx: click.Context,
    inputs: Sequence[str],
    output: str | None,
    to: str | None,
    crossref_url: str | None,
    mailto: str | None,
    cache_path: str | None,
    no_cache: bool,
    offline: bool,
    timeout: float,
    fail_fast: bool,
) -> None:
    """Parse inputs, then verify or find the DOI of each record and of its references
    in Crossref."""
    state: State = ctx.obj
    fmt = _output_format(output, to)
    with _lookups(ctx, offline=offline, cache_path=cache_path, no_cache=no_cache, timeout=timeout, mailto=mailto) as lk:
        outcomes = list(_parsed(state, inputs, timeout, fail_fast, lk))
        records = _resolved(state, outcomes, crossref_url, mailto, cache_path, no_cache, offline, timeout, lk)
    _emit(ctx, state, records, fmt, output)


def _resolved(
    state: State,
    outcomes: list[Any],
    crossref_url: str | None,
    mailto: str | None,
    cache_path: str | None,
    no_cache: bool,
    offline: bool,
    timeout: float,
    lookups: Any = None,
) -> list[Record]:
    """The records of ``outcomes`` resolved in one batch through the pipeline's one
    resolution path (a DOI input neither Crossref nor DataCite knows fails, as in harvest);
    one summary line says what stayed unresolved."""
    from citekit.pipeline import resolve_outcomes
    from citekit.resolve import summarize

    with _resolver(crossref_url, mailto, cache_path, no_cache, offline, timeout) as resolver:
        done = resolve_outcomes(outcomes, resolver, lookups=lookups)
    records: list[Record] = []
    for before, after in zip(outcomes, done, strict=True):
        if not after.ok:
            state.problem(after.error, after.origin)
            continue
        state.warn(after.origin, after.warnings[len(before.warnings) :])
        records.extend(after.records)
    line = summarize(records)
    if line:
        state.note(f"citekit: {line}")
    return records


def _emit(ctx: click.Context, state: State, records: list[Record], fmt: str, output: str | None) -> None:
    """Write ``records`` in ``fmt`` to ``output`` (stdout when ``None``) and set the exit code."""
    text = _export_or_fail(records, fmt, state)
    if text is not None:
        _write(text, output)
    _finish(ctx, state)


def _streamed(fmt: str) -> bool:
    from citekit.render import STREAMED

    return fmt in STREAMED


def _emit_pieces(ctx: click.Context, state: State, outcomes: Iterator[Any], fmt: str, output: str | None) -> None:
    """Write the records of ``outcomes`` in ``fmt`` as they come (memory flat in their
    number); the file appears only if all of it could be written."""
    from citekit.render import STREAMED
    from citekit.write import atomic_open

    try:
        with contextlib.ExitStack() as stack:
            handle: IO[str] = sys.stdout if output in (None, "-") else stack.enter_context(atomic_open(output))
            writer = STREAMED[fmt](handle)
            for outcome in outcomes:
                if outcome.records:
                    writer.add(list(outcome.records))
            writer.finish()
    except CitekitError as exc:
        state.problem(exc, f"export {fmt}")
    _finish(ctx, state)


# A reference is rarely over 2,000 characters; a longer line is a paragraph or a whole
# list run together, and parsing cost grows with its length (memory per character, and
# worse on repetitive text), so lines past this are reported, not parsed.
MAX_REFERENCE_CHARS = 5000


def _reference_lines(handle: IO[str], origin: str, state: State) -> Iterator[str]:
    """The lines of ``handle`` as references: a line past MAX_REFERENCE_CHARS is read
    through without being kept and comes out blank (``{}``, its place kept), with one
    line on stderr; past the input size cap, reading stops with one line."""
    from citekit.source import MAX_BYTES

    total = 0
    number = 0
    while True:
        line = handle.readline(MAX_REFERENCE_CHARS + 2)
        if not line:
            return
        number += 1
        total += len(line)
        if len(line.rstrip("\r\n")) > MAX_REFERENCE_CHARS:
            while line and not line.endswith("\n"):  # the rest of the line, in pieces
                line = handle.readline(1 << 16)
                total += len(line)
            state.problem(
                CitekitError(
                    f"line {number}: longer than {MAX_REFERENCE_CHARS:,} characters; not parsed", origin=origin
                )
            )
            line = ""
        if total > MAX_BYTES:
            raise CitekitError(f"larger than the {MAX_BYTES // (1024 * 1024)} MB limit", origin=origin)
        yield line.rstrip("\r\n")


def _batches(lines: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@cli.command()
@click.argument("source", required=False, default="-", metavar="[FILE|-]")
@output_option
@click.option("--resolve", "do_resolve", is_flag=True, help="Add DOIs (and custom.match) found in Crossref.")
@click.option(
    "--split",
    is_flag=True,
    help=(
        "The input is a reference list as pasted or scraped (numbered or not, references wrapped over several"
        " lines): split it into references first."
    ),
)
@crossref_options
@click.pass_context
def refs(
    ctx: click.Context,
    source: str,
    output: str | None,
    do_resolve: bool,
    split: bool,
    crossref_url: str | None,
    mailto: str | None,
    cache_path: str | None,
    no_cache: bool,
    offline: bool,
    timeout: float,
) -> None:
    """Parse reference strings, one per line, into CSL-JSON items: one JSON object per
    line (JSON Lines), same order, {} for a blank line. With --split, one object per
    reference found in the text."""
    from citekit.parsers.refs.reference import parse_references, split_references
    from citekit.source import MAX_BYTES, refuse_special

    state: State = ctx.obj
    with contextlib.ExitStack() as stack:
        try:
            if source != "-":
                refuse_special(Path(source), source)
            handle: IO[str] = (
                sys.stdin if source == "-" else stack.enter_context(open(source, encoding="utf-8", errors="replace"))
            )
        except CitekitError as exc:
            state.problem(exc)
            _finish(ctx, state)
            return
        except OSError as exc:
            state.problem(CitekitError(exc.strerror or str(exc), origin=source))
            _finish(ctx, state)
            return
        resolver = (
            stack.enter_context(_resolver(crossref_url, mailto, cache_path, no_cache, offline, timeout))
            if do_resolve
            else None
        )
        if output in (None, "-"):
            stream: IO[str] = sys.stdout
        else:
            from citekit.write import atomic_open

            stream = stack.enter_context(atomic_open(output))
        dumps = functools.partial(json.dumps, ensure_ascii=False)
        resolved: list[dict[str, Any]] = []
        try:
            if split:
                text = handle.read(MAX_BYTES + 1)
                if len(text) > MAX_BYTES:
                    raise CitekitError(f"larger than the {MAX_BYTES // (1024 * 1024)} MB limit", origin=source)
                lines: Iterable[str] = split_references(text)
            else:
                lines = _reference_lines(handle, source, state)
            for batch in _batches(lines, 2000):
                items = parse_references(batch)
                if resolver is not None:
                    todo = [i for i, item in enumerate(items) if item]
                    for i, item in zip(todo, resolver.resolve_all([items[i] for i in todo]), strict=True):
                        items[i] = item
                        resolved.append(item)
                stream.write("\n".join(dumps(item) for item in items) + "\n")
        except CitekitError as exc:
            state.problem(exc)
    if resolver is not None:
        from citekit.resolve import summarize

        line = summarize(resolved)
        if line:
            state.note(f"citekit: {line}")
    _finish(ctx, state)


@cli.command(name="export")
@input_argument
@click.option(
    "--to",
    "to",
    metavar="FORMAT",
    help="csljson, jsonl, bibtex, biblatex, ris, citations-csv, graphml, gexf (default from -o's suffix).",
)
@output_option
@click.option("--resolve", "do_resolve", is_flag=True, help="Resolve against Crossref before exporting.")
@crossref_options
@lookup_options
@fail_fast_option
@click.pass_context
def export_command(
    ctx: click.Context,
    inputs: Sequence[str],
    to: str | None,
    output: str | None,
    do_resolve: bool,
    crossref_url: str | None,
    mailto: str | None,
    cache_path: str | None,
    no_cache: bool,
    offline: bool,
    timeout: float,
    fail_fast: bool,
) -> None:
    """Convert inputs to another format (BibTeX, BibLaTeX, RIS, CSL-JSON, citation CSV,
    GraphML, GEXF)."""
    state: State = ctx.obj
    if not to and not output:
        raise click.UsageError("give --to FORMAT or -o FILE with a known suffix")
    fmt = _output_format(output, to)
    with _lookups(ctx, offline=offline, cache_path=cache_path, no_cache=no_cache, timeout=timeout, mailto=mailto) as lk:
        if not do_resolve and _streamed(fmt):
            _emit_pieces(ctx, state, _parsed(state, inputs, timeout, fail_fast, lk, pieces=True), fmt, output)
            return
        outcomes = list(_parsed(state, inputs, timeout, fail_fast, lk))
        if do_resolve:
            records = _resolved(state, outcomes, crossref_url, mailto, cache_path, no_cache, offline, timeout, lk)
        else:
            records = [r for outcome in outcomes for r in outcome.records]
    _emit(ctx, state, records, fmt, output)


@cli.command(name="format")
@input_argument
@click.option(
    "--style",
    default="apa",
    show_default=True,
    help="CSL style name or alias (apa, vancouver, harvard, chicago, mla, ieee ...).",
)
@click.option(
    "--locale", default=None, help="CSL locale, e.g. en-GB, fr-FR, de-DE [default: the style's own, else en-US]."
)
@click.option(
    "--to", "to", type=click.Choice(["text", "html"]), default="text", show_default=True, help="Plain text or HTML."
)
@output_option
@click.option("--list-styles", is_flag=True, help="List the installed styles and exit.")
@fail_fast_option
@lookup_offline_options
@click.pass_context
def format_command(
    ctx: click.Context,
    inputs: Sequence[str],
    style: str,
    locale: str | None,
    to: str,
    output: str | None,
    list_styles: bool,
    fail_fast: bool,
) -> None:
    """Format a bibliography from the inputs in a CSL style."""
    from citekit.exporters.csl import available_styles, format_bibliography

    state: State = ctx.obj
    if list_styles:
        click.echo("\n".join(available_styles()))
        return
    with _lookups(ctx) as lookups:
        records = [r for outcome in _parsed(state, inputs, 30.0, fail_fast, lookups) for r in outcome.records]
    if records:
        try:
            text = format_bibliography(records, style=style, locale=locale, output=to)
        except UnknownFormatError as exc:
            raise click.BadParameter(str(exc), param_hint="--style/--locale") from exc
        except CitekitError as exc:
            state.problem(exc, "format")
        else:
            _write(text, output)
    _finish(ctx, state)


@cli.command()
@click.argument("inputs", nargs=-1, metavar="INPUT...")
@click.option(
    "-o",
    "--output",
    "outdir",
    required=True,
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="Directory for records.json, records.bib, records.ris, citations.csv, citations.graphml and report.json.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Parsing processes, or workers of a local Dask cluster (default: the number of cores).",
)
@click.option(
    "--resume",
    is_flag=True,
    help=(
        "Continue the harvest recorded in DIR (its inputs, when none are given): inputs done are skipped,"
        " failed ones redone."
    ),
)
@click.option("--fresh", is_flag=True, help="Forget what DIR's library holds and start over.")
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    metavar="PATH",
    help="Library database (SQLite; default DIR/library.sqlite).",
)
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on when stderr is a terminal).")
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Where inputs are parsed: a process pool here, or a Dask cluster (pip install 'citekit[dask]').",
)
@click.option(
    "--scheduler",
    envvar="CITEKIT_SCHEDULER",
    metavar="ADDRESS",
    help="With --engine dask: join the cluster of this scheduler (tcp://HOST:8786; env CITEKIT_SCHEDULER)"
    " instead of starting a local one of --jobs workers.",
)
@crossref_options
@lookup_options
@click.pass_context
def harvest(
    ctx: click.Context,
    inputs: Sequence[str],
    outdir: str,
    jobs: int | None,
    resume: bool,
    fresh: bool,
    db_path: str | None,
    progress: bool | None,
    engine: str,
    scheduler: str | None,
    crossref_url: str | None,
    mailto: str | None,
    cache_path: str | None,
    no_cache: bool,
    offline: bool,
    timeout: float,
) -> None:
    """Harvest files, directories (recursively), URLs, DOIs, identifiers (PMID:…, PMCID:…,
    arXiv:…, ISBN:…) and @lists into DIR.

    Writes the records (CSL-JSON, BibTeX, RIS), the citation graph (CSV, GraphML) and
    report.json with one entry per input. Every input's result is committed to DIR's
    library database as it finishes, so an interrupted harvest loses nothing: run it
    again (or with --resume) and it skips what is done and redoes what failed.

    With --engine dask, parsing runs on a Dask cluster (the inputs' bytes are sent to
    its workers); fetching, Crossref and the library stay here, and the outputs are the
    same as a local run's.
    """
    from citekit.batch import run_harvest
    from citekit.engines import EngineError, open_engine
    from citekit.library import Library, LibraryError

    state: State = ctx.obj
    if resume and fresh:
        raise click.UsageError("--resume and --fresh contradict each other")
    if engine != "dask":
        if scheduler and ctx.get_parameter_source("scheduler") != click.core.ParameterSource.ENVIRONMENT:
            raise click.UsageError("--scheduler needs --engine dask")
        scheduler = None
    database = db_path or os.path.join(outdir, "library.sqlite")
    try:
        if not inputs:
            if not resume:
                raise click.UsageError("give at least one INPUT (or --resume to continue DIR's harvest)")
            if not os.path.exists(database):
                raise click.UsageError(f"nothing to resume: {database} does not exist")
            with Library(database) as library:
                inputs = json.loads(library.get_meta("inputs") or "[]")
            if not inputs:
                raise click.UsageError(f"nothing to resume: {database} records no inputs")
        else:
            with Library(database, replace_unreadable=fresh) as library:
                if library.replaced:
                    state.note(f"{database}: {library.replaced}; kept as {database}.bad, starting a new library")
                library.set_meta("inputs", json.dumps(list(inputs)))
        show = sys.stderr.isatty() if progress is None else progress
        total = sum(1 for _ in _inputs(inputs)) if show else None
        lookups = _lookups(
            ctx, offline=offline, cache_path=cache_path, no_cache=no_cache, timeout=timeout, mailto=mailto
        )
        again = f"citekit harvest --resume -o {outdir}" + (f" --db {db_path}" if db_path else "")
        try:
            parser = open_engine(engine, jobs=jobs or os.cpu_count() or 1, scheduler=scheduler, verbose=state.debug)
        except EngineError as exc:
            state.note(f"citekit: {exc.describe()}")
            ctx.exit(1)
        with (
            contextlib.closing(parser),
            _resolver(crossref_url, mailto, cache_path, no_cache, offline, timeout) as resolver,
            lookups,
        ):
            try:
                summary = run_harvest(
                    _inputs(inputs),
                    outdir,
                    resolver=resolver,
                    engine=parser,
                    fresh=fresh,
                    db_path=database,
                    progress=show,
                    total=total,
                    timeout=timeout,
                    on_error=lambda outcome: state.problem(outcome.error, outcome.origin),
                    lookups=lookups,
                )
            except KeyboardInterrupt:
                with Library(database) as library:
                    done = library.count("inputs")
                state.note(f"citekit: interrupted; {done} inputs are committed in {database}; `{again}` continues")
                ctx.exit(130)
            except EngineError as exc:  # a lost Dask scheduler: stop, keep what is committed
                with Library(database) as library:
                    done = library.count("inputs")
                lost = f"citekit: {exc.describe()}; {done} inputs are committed in {database}; `{again}` continues"
                state.note(lost)
                ctx.exit(1)
    except LibraryError as exc:
        advice = {
            "locked": "another harvest into the same place? wait for it to finish, or give another -o or --db",
            "unreadable": f"start over with --fresh and the inputs (which moves it to {exc.origin}.bad)",
        }.get(exc.reason)
        if advice:
            exc.message = f"{exc.message}; {advice}"
        state.problem(exc)
        ctx.exit(1)
    for line in summary.lines():
        state.note(line)
    _finish(ctx, state)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every one).")
@click.option("--port", type=click.IntRange(0, 65535), default=1969, show_default=True, help="Port to listen on.")
@crossref_options
@lookup_options
@click.pass_context
def serve(
    ctx: click.Context,
    host: str,
    port: int,
    crossref_url: str | None,
    mailto: str | None,
    cache_path: str | None,
    no_cache: bool,
    offline: bool,
    timeout: float,
) -> None:
    """Serve the citation web page and Zotero translation-server's API (/web, /search,
    /export, /import) over HTTP. Needs the serve extra: pip install 'citekit[serve]'."""
    try:
        from citekit.serve.app import run
        from citekit.serve.work import Settings
    except ImportError as exc:
        missing = (exc.name or "a web package").split(".")[0]
        click.echo(f"citekit serve: {missing} is not installed; pip install 'citekit[serve]'", err=True)
        sys.exit(2)
    lookups = _lookups(ctx, offline=offline, cache_path=cache_path, no_cache=no_cache, timeout=timeout, mailto=mailto)
    with lookups:
        settings = Settings(
            crossref_url=crossref_url,
            mailto=mailto,
            cache=cache_path,
            use_cache=not no_cache,
            offline=offline,
            timeout=timeout,
            lookups=lookups,
        )
        run(settings, host=host, port=port)


class _ClosedStdout(io.TextIOBase):
    """Standard output when the process was started without one (``>&-``): writing to it
    fails, so that output cannot be lost without an error."""

    encoding = "utf-8"
    errors = "strict"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed; nothing was written")


def _guard_standard_streams() -> None:
    """A descriptor 1 or 2 closed at start is held by /dev/null, so that no file opened
    later takes its number (and receives what was meant for the terminal); closed stdout
    itself becomes :class:`_ClosedStdout`."""
    for fd in (1, 2):
        try:
            os.fstat(fd)
        except OSError:
            placeholder = os.open(os.devnull, os.O_WRONLY)
            if placeholder != fd:  # pragma: no cover - lower descriptors were closed too
                os.dup2(placeholder, fd)
                os.close(placeholder)
            if fd == 1:
                sys.stdout = _ClosedStdout()


def _stdout_settled(code: int) -> int:
    """Flush standard output before exit; a failure there (disk full, closed) turns exit 0
    into 1 with one line, instead of a traceback after the end."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError) as exc:
        with contextlib.suppress(OSError, ValueError):
            # What is still buffered can never be written: point the descriptor at
            # /dev/null so that the interpreter's own final flush does not fail again.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        if code == 0:
            click.echo(f"citekit: cannot write to standard output ({exc})", err=True)
            return 1
    return code


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point."""
    _guard_standard_streams()
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="citekit", standalone_mode=True)
    except BrokenPipeError:  # pragma: no cover - `citekit ... | head`
        sys.stderr.close()
        sys.exit(0)
    except OSError as exc:  # writing --help or --version to a closed or full stdout
        click.echo(one_line(f"citekit: {exc.strerror or exc}"), err=True)
        sys.exit(_stdout_settled(1))
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        sys.exit(_stdout_settled(code))
