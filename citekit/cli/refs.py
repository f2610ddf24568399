"""``refs``: reference strings, one per line (or a pasted list with ``--split``), to
CSL-JSON items as JSON Lines, streamed in batches."""

from __future__ import annotations

import contextlib
import functools
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import click

from citekit.cli.options import (
    CrossrefSettings,
    State,
    crossref_options,
    finish,
    output_option,
)
from citekit.errors import CitekitError
from citekit.parsers.refs.segment import MAX_REFERENCE_CHARS

__all__ = ["MAX_REFERENCE_CHARS", "refs"]

# Lines past MAX_REFERENCE_CHARS (the parser's own limit) are reported, not parsed.


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


def _format(output: str | None, to: str | None) -> str:
    """The output format: ``--to``, else -o's suffix when it names one, else JSON Lines."""
    from citekit.cli.options import output_format
    from citekit.formats import EXPORTERS, from_suffix

    if to:
        return output_format(output, to)
    named = from_suffix(output) if output and output != "-" else None
    return named if named in EXPORTERS else "jsonl"


class _Writer:
    """Records out in ``fmt``: piece by piece where the format has a streamed writer,
    else gathered and exported at the end."""

    def __init__(self, fmt: str, stream: IO[str]) -> None:
        from citekit.render import STREAMED

        self.fmt = fmt
        self.stream = stream
        self.streamed = STREAMED[fmt](stream) if fmt in STREAMED else None
        self.kept: list[dict[str, Any]] = []

    def add(self, records: list[dict[str, Any]]) -> None:
        if self.streamed is not None:
            self.streamed.add(records)
        else:
            self.kept.extend(records)

    def finish(self) -> None:
        if self.streamed is not None:
            self.streamed.finish()
            return
        from citekit.pipeline import export

        self.stream.write(export(self.kept, self.fmt))


def _batches(lines: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@click.command()
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
@click.option(
    "--to",
    "to",
    metavar="FORMAT",
    help="Output format (default JSON Lines, or from -o's suffix): jsonl, csljson, bibtex, biblatex, ris, ...",
)
@crossref_options
@click.pass_context
def refs(
    ctx: click.Context,
    source: str,
    output: str | None,
    do_resolve: bool,
    split: bool,
    to: str | None,
    crossref: CrossrefSettings,
) -> None:
    """Parse reference strings, one per line, into CSL-JSON items: one JSON object per
    line (JSON Lines), same order, {} for a blank line. With --split, one object per
    reference found in the text. With --to or an -o suffix such as .bib or .ris, the
    parsed references in that format instead (blank lines have no entry there)."""
    from citekit.parsers.refs.reference import parse_references, split_references
    from citekit.source import MAX_BYTES, refuse_special

    state: State = ctx.obj
    fmt = _format(output, to)
    with contextlib.ExitStack() as stack:
        try:
            if source != "-":
                refuse_special(Path(source), source)
            handle: IO[str] = (
                sys.stdin if source == "-" else stack.enter_context(open(source, encoding="utf-8", errors="replace"))
            )
        except CitekitError as exc:
            state.problem(exc)
            finish(ctx, state)
            return
        except OSError as exc:
            state.problem(CitekitError(exc.strerror or str(exc), origin=source))
            finish(ctx, state)
            return
        resolver = (
            stack.enter_context(crossref.resolver())
            if do_resolve
            else None
        )
        if output in (None, "-"):
            stream: IO[str] = sys.stdout
        else:
            from citekit.write import atomic_open

            stream = stack.enter_context(atomic_open(output))
        dumps = functools.partial(json.dumps, ensure_ascii=False)
        writer = None if fmt == "jsonl" else _Writer(fmt, stream)
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
                if writer is None:
                    stream.write("\n".join(dumps(item) for item in items) + "\n")
                else:
                    writer.add([item for item in items if item])
            if writer is not None:
                writer.finish()
        except CitekitError as exc:
            state.problem(exc)
    if resolver is not None:
        from citekit.resolve import summarize

        line = summarize(resolved)
        if line:
            state.note(f"citekit: {line}")
    finish(ctx, state)
