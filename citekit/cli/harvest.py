"""``harvest``: a batch of inputs into a folder of outputs, on a local pool or a Dask cluster,
resumable through the library database."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Sequence

import click

from citekit.cli.options import (
    CrossrefSettings,
    State,
    crossref_options,
    expand_inputs,
    finish,
    lookup_options,
)

__all__ = ["harvest"]


@click.command()
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
    crossref: CrossrefSettings,
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
        total = sum(1 for _ in expand_inputs(inputs)) if show else None
        lookups = crossref.lookups(ctx)
        again = f"citekit harvest --resume -o {outdir}" + (f" --db {db_path}" if db_path else "")
        try:
            parser = open_engine(engine, jobs=jobs or os.cpu_count() or 1, scheduler=scheduler, verbose=state.debug)
        except EngineError as exc:
            state.note(f"citekit: {exc.describe()}")
            ctx.exit(1)
        with (
            contextlib.closing(parser),
            crossref.resolver() as resolver,
            lookups,
        ):
            try:
                summary = run_harvest(
                    expand_inputs(inputs),
                    outdir,
                    resolver=resolver,
                    engine=parser,
                    fresh=fresh,
                    db_path=database,
                    progress=show,
                    total=total,
                    timeout=crossref.timeout,
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
    finish(ctx, state)
