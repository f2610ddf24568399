"""Harvest outputs rendered from the library database, each file written atomically.

Rendering streams: records come from the database a few hundred at a time and the
citation graph is merged in a scratch SQLite file (:class:`citekit.export.graph.DiskGraph`),
so memory stays flat however many works a harvest holds. Each file is the same text the
in-memory exporter would write for the whole list at once.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import IO, Any

from .library import Library
from .record import Record
from .write import atomic_open

__all__ = ["GRAPH_OUTPUTS", "OUTPUTS", "render_outputs", "write_report"]

_CHUNK = 500


def _chunks(records: Iterable[Record]) -> Iterator[list[Record]]:
    iterator = iter(records)
    while chunk := list(islice(iterator, _CHUNK)):
        yield chunk


def _write_csljson(records: Iterable[Record], handle: IO[str]) -> None:
    from .export.csljson import dumps_lines

    first = True
    for chunk in _chunks(records):
        # split("\n"), not splitlines(): U+2028 and friends may stand unescaped in the JSON.
        for line in dumps_lines(chunk).rstrip("\n").split("\n"):
            handle.write(("[\n" if first else ",\n") + line)
            first = False
    handle.write("[]\n" if first else "\n]\n")


def _write_bibtex(records: Iterable[Record], handle: IO[str]) -> None:
    from .export.bibtex import dumps
    from .export.bibtex_keys import KeyMaker

    keys = KeyMaker()  # keys stay unique across chunks
    for i, chunk in enumerate(_chunks(records)):
        handle.write(("\n" if i else "") + dumps(chunk, keys=keys))


def _write_ris(records: Iterable[Record], handle: IO[str]) -> None:
    from .export.ris import dumps

    for i, chunk in enumerate(_chunks(records)):
        handle.write(("\n" if i else "") + dumps(chunk))


# Output file → streaming writer of records, in the order they are written; the graph
# files follow, both written from one graph built once.
OUTPUTS: dict[str, Callable[[Iterable[Record], IO[str]], None]] = {
    "records.json": _write_csljson,
    "records.bib": _write_bibtex,
    "records.ris": _write_ris,
}
GRAPH_OUTPUTS: dict[str, str] = {"citations.csv": "write_csv", "citations.graphml": "write_graphml"}


def write_report(entries: Iterable[dict[str, Any]], path: Path) -> None:
    """``report.json``: a JSON array of one entry per input, written entry by entry."""
    with atomic_open(path) as handle:
        handle.write("[")
        for i, entry in enumerate(entries):
            handle.write(("," if i else "") + "\n  " + json.dumps(entry, ensure_ascii=False))
        handle.write("\n]\n")


def _remove_leftovers(outdir: Path) -> None:
    """Delete the part-written files of a render that was killed (never a finished output)."""
    names = [*OUTPUTS, *GRAPH_OUTPUTS, "report.json"]
    for path in outdir.glob(".*.tmp"):
        if path.name.startswith(".citekit-graph-") or any(path.name.startswith(f".{name}.") for name in names):
            with contextlib.suppress(OSError):
                path.unlink()


def render_outputs(library: Library, outdir: Path) -> None:
    """Write :data:`OUTPUTS`, :data:`GRAPH_OUTPUTS` and ``report.json`` into ``outdir``."""
    from .export import graph

    outdir.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(outdir)
    for name, write in OUTPUTS.items():
        with atomic_open(outdir / name) as handle:
            write(library.records(), handle)
    # The scratch graph lives beside the outputs (not in /tmp, often a RAM disk).
    descriptor, scratch = tempfile.mkstemp(prefix=".citekit-graph-", suffix=".tmp", dir=outdir)
    os.close(descriptor)
    disk = graph.DiskGraph(scratch)
    try:
        graph.build(library.records(), disk)
        for name, writer in GRAPH_OUTPUTS.items():
            with atomic_open(outdir / name) as handle:
                getattr(graph, writer)(disk, handle)
    finally:
        disk.close()
        with contextlib.suppress(OSError):
            os.remove(scratch)
    write_report(library.report(), outdir / "report.json")
