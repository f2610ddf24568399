"""``index build`` and ``index info``: a local index of Crossref works (see
:mod:`citekit.resolve.index`)."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Sequence
from typing import Any

import click

from citekit.cli.options import State, finish

__all__ = ["index_group"]

_INDEX = click.option(
    "--index",
    "path",
    envvar="CITEKIT_INDEX",
    required=True,
    metavar="PATH",
    type=click.Path(dir_okay=False),
    help="The index file (env CITEKIT_INDEX).",
)


@click.group(name="index")
def index_group() -> None:
    """A local index of Crossref works: DOI lookups and reference matching with no network
    (give it to any command with --index PATH; add --offline to ask nothing else)."""


class _Progress:
    """Works read so far and their rate, on one line of a terminal's stderr."""

    def __init__(self, show: bool) -> None:
        self.show = show
        self.start = time.perf_counter()

    def __call__(self, tally: Any) -> None:
        if not self.show:
            return
        seconds = max(time.perf_counter() - self.start, 1e-9)
        line = f"\r{tally.works:,} works from {tally.files:,} files, {tally.works / seconds:,.0f}/s"
        click.echo(line, err=True, nl=False)

    def done(self) -> None:
        if self.show:
            click.echo("", err=True)


@index_group.command(name="build")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@_INDEX
@click.option("--batch", type=click.IntRange(1, 1_000_000), default=20_000, show_default=True, help="Works per commit.")
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=min(4, os.cpu_count() or 1),
    show_default="the cores, at most 4",
    help="Processes decoding and trimming works (this one writes them).",
)
@click.option("--progress/--no-progress", default=None, help="Progress line (default: on when stderr is a terminal).")
@click.pass_context
def build(ctx: click.Context, sources: Sequence[str], path: str, batch: int, jobs: int, progress: bool | None) -> None:
    """Add the Crossref works of SOURCE files or directories to the index (created if
    needed): JSON Lines (one work a line, the API's message shape), JSON files holding
    {"items": [...]} or one work, each optionally gzipped. A work whose DOI the index
    holds replaces it. Ctrl-C keeps what was committed; build again to complete it."""
    from citekit.resolve.index import build_index

    state: State = ctx.obj
    shown = _Progress(sys.stderr.isatty() if progress is None else progress)
    built = build_index(path, sources, batch=batch, jobs=jobs, progress=shown)
    shown.done()
    for problem in built.problems:  # already "file: problem"
        state.note(problem)
        state.failed += 1
    for rejected in built.rejected:  # "file:line: why", one a text without a work
        state.note(rejected)
    if built.skipped > len(built.rejected):
        state.note(f"{path}: {built.skipped - len(built.rejected):,} more inputs without a work, not listed")
    state.failed += bool(built.rejected)
    rate = (built.added + built.replaced) / max(built.seconds, 1e-9)
    state.note(
        f"{path}: {built.added:,} works added, {built.replaced:,} replaced, {built.skipped:,} without a work skipped,"
        f" from {built.files:,} files in {built.seconds:.1f}s ({rate:,.0f}/s)"
    )
    if built.interrupted:
        state.note(f"{path}: interrupted; the works above are in the index, build again to complete it")
        ctx.exit(130)
    finish(ctx, state)


@index_group.command(name="info")
@_INDEX
@click.pass_context
def info(ctx: click.Context, path: str) -> None:
    """What the index holds (works, size, bytes per work, when built), as JSON."""
    from citekit.resolve.index import open_index

    with open_index(path) as index:
        click.echo(json.dumps(index.info(), indent=2))
