"""What the commands share: per-run state and one-line messages, the shared options
(Crossref, identifier services, inputs and outputs) and the parse/resolve/write steps
every command is made of."""

from __future__ import annotations

import contextlib
import functools
import math
import re
import sqlite3
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

from citekit.errors import CitekitError
from citekit.record import Record

__all__ = [
    "SECONDS",
    "Commands",
    "CrossrefSettings",
    "State",
    "crossref_options",
    "emit_pieces",
    "emit_records",
    "expand_inputs",
    "export_or_fail",
    "fail_fast_option",
    "finish",
    "index_option",
    "index_path",
    "input_argument",
    "lookup_offline_options",
    "lookup_options",
    "lookups_from",
    "one_line",
    "output_format",
    "output_option",
    "parse_inputs",
    "resolve_parsed",
    "streamed",
    "write_text",
]


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


class Commands(click.Group):
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
        click.option(
            "--offline",
            is_flag=True,
            help="Never contact Crossref (only --index); what it lacks stays unresolved, marked.",
        ),
        index_option,
        click.option(
            "--timeout",
            type=SECONDS,
            default=20.0,
            show_default=True,
            help="Seconds allowed for each request to Crossref or a web page, from connecting to the last byte.",
        ),
    ]

    @functools.wraps(function)
    def collected(*args: Any, **kwargs: Any) -> Any:
        names = ("crossref_url", "mailto", "cache_path", "no_cache", "offline", "timeout")
        kwargs["crossref"] = CrossrefSettings(*(kwargs.pop(name) for name in names))
        return function(*args, **kwargs)

    for option in reversed(options):
        collected = option(collected)
    return collected  # type: ignore[return-value]


@dataclass(frozen=True)
class CrossrefSettings:
    """What :func:`crossref_options` gave, as one value (the index is in the context)."""

    url: str | None
    mailto: str | None
    cache_path: str | None
    no_cache: bool
    offline: bool
    timeout: float

    def resolver(self) -> Any:
        """The resolver these settings describe (a context manager)."""
        from citekit.resolve import make_resolver

        return make_resolver(
            base_url=self.url,
            mailto=self.mailto,
            cache=self.cache_path,
            use_cache=not self.no_cache,
            timeout=self.timeout,
            offline=self.offline,
            index=index_path(),
        )

    def lookups(self, ctx: click.Context) -> Any:
        """The identifier services' settings, sharing these (see :func:`lookups_from`)."""
        return lookups_from(
            ctx,
            offline=self.offline,
            cache_path=self.cache_path,
            no_cache=self.no_cache,
            timeout=self.timeout,
            mailto=self.mailto,
        )


_LOOKUPS = "citekit.lookups"
_INDEX = "citekit.index"


def _remember_index(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    ctx.meta[_INDEX] = value or None
    return value


index_option = click.option(
    "--index",
    "index_path",
    envvar="CITEKIT_INDEX",
    metavar="PATH",
    type=click.Path(dir_okay=False),
    expose_value=False,
    callback=_remember_index,
    help="A local index of Crossref works (citekit index build), asked before Crossref (env CITEKIT_INDEX).",
)


def index_path() -> str | None:
    """The ``--index`` of the command being run (kept in the context, not passed to it)."""
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get(_INDEX) if ctx is not None else None


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    ctx.meta.setdefault(_LOOKUPS, {})[param.name] = value
    return value


def lookup_options(function: F) -> F:
    """The options of the identifier services (PMID, PMCID, arXiv id and ISBN inputs; DataCite
    for DOIs Crossref does not hold), kept in the context rather than passed to the command
    (read them with :func:`lookups_from`)."""
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


def lookups_from(
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


def output_format(output: str | None, to: str | None, default: str = "csljson") -> str:
    from citekit.formats import EXPORTERS, canonical, from_suffix

    name = canonical(to) if to else (from_suffix(output) if output and output != "-" else None) or default
    if name not in EXPORTERS:
        known = ", ".join(sorted(EXPORTERS))
        raise click.BadParameter(f"unknown output format {to or name!r} (known: {known})", param_hint="--to")
    return name


def write_text(text: str, output: str | None) -> None:
    if output in (None, "-"):
        click.echo(text, nl=not text.endswith("\n"))
        return
    from citekit.write import atomic_write

    atomic_write(output, text)


def expand_inputs(inputs: Sequence[str]) -> Iterator[str]:
    from citekit.source import expand

    return expand(inputs)


def parse_inputs(
    state: State, inputs: Sequence[str], timeout: float, fail_fast: bool, lookups: Any = None, pieces: bool = False
) -> Iterator[Any]:
    """Outcomes of reading and parsing every input (a long BibTeX file in pieces when
    ``pieces``); failures reported as they happen, warnings once per input."""
    from citekit.pipeline import process, process_pieces

    for item in expand_inputs(inputs):
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


def finish(ctx: click.Context, state: State) -> None:
    if state.failed:
        ctx.exit(1)


def export_or_fail(records: Sequence[dict[str, Any]], fmt: str, state: State) -> str | None:
    from citekit.pipeline import export

    try:
        return export(records, fmt)
    except CitekitError as exc:
        state.problem(exc, f"export {fmt}")
        return None


input_argument = click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
output_option = click.option(
    "-o", "--output", metavar="FILE", help="Write here (atomically) instead of stdout; the suffix picks the format."
)
fail_fast_option = click.option("--fail-fast", is_flag=True, help="Stop at the first input that fails.")


def resolve_parsed(
    state: State,
    outcomes: list[Any],
    crossref: CrossrefSettings,
    lookups: Any = None,
) -> list[Record]:
    """The records of ``outcomes`` resolved in one batch through the pipeline's one
    resolution path (a DOI input neither Crossref nor DataCite knows fails, as in harvest);
    one summary line says what stayed unresolved."""
    from citekit.pipeline import resolve_outcomes
    from citekit.resolve import summarize

    with crossref.resolver() as resolver:
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


def emit_records(ctx: click.Context, state: State, records: list[Record], fmt: str, output: str | None) -> None:
    """Write ``records`` in ``fmt`` to ``output`` (stdout when ``None``) and set the exit code."""
    text = export_or_fail(records, fmt, state)
    if text is not None:
        write_text(text, output)
    finish(ctx, state)


def streamed(fmt: str) -> bool:
    """Whether ``fmt`` has a writer that takes records piece by piece."""
    from citekit.render import STREAMED

    return fmt in STREAMED


def emit_pieces(ctx: click.Context, state: State, outcomes: Iterator[Any], fmt: str, output: str | None) -> None:
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
    finish(ctx, state)
