"""Harvest outputs rendered from the library database, each file written atomically.

Rendering streams: records come from the database a few hundred at a time, in one pass
that feeds every record file and the citation graph, merged in a scratch SQLite file
(:class:`citekit.exporters.graph.DiskGraph`), so memory stays flat however many works a
harvest holds. Each file is the same text the
in-memory exporter would write for the whole list at once.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import IO, Any

from citekit.library import Library
from citekit.record import Record
from citekit.write import atomic_open

__all__ = ["GRAPH_OUTPUTS", "OUTPUTS", "STREAMED", "render_outputs", "write_report"]

_CHUNK = 500


def _chunks(records: Iterable[Record]) -> Iterator[list[Record]]:
    iterator = iter(records)
    while chunk := list(islice(iterator, _CHUNK)):
        yield chunk


class _Csljson:
    """records.json: the CSL-JSON array, one item per line, written chunk by chunk."""

    def __init__(self, handle: IO[str]) -> None:
        from citekit.exporters.csljson import dumps_lines
        from citekit.exporters.keys import KeyMaker

        # ids unique across chunks, and the same keys records.bib and records.ris give
        self.handle, self.dumps, self.first = handle, functools.partial(dumps_lines, keys=KeyMaker()), True

    def add(self, chunk: list[Record]) -> None:
        # split("\n"), not splitlines(): U+2028 and friends may stand unescaped in the JSON.
        for line in self.dumps(chunk).rstrip("\n").split("\n"):
            self.handle.write(("[\n" if self.first else ",\n") + line)
            self.first = False

    def finish(self) -> None:
        self.handle.write("[]\n" if self.first else "\n]\n")


class _Joined:
    """A text format whose chunks join with a blank line (BibTeX, RIS)."""

    def __init__(self, handle: IO[str], dumps: Callable[[list[Record]], str]) -> None:
        self.handle, self.dumps, self.first = handle, dumps, True

    def add(self, chunk: list[Record]) -> None:
        self.handle.write(("" if self.first else "\n") + self.dumps(chunk))
        self.first = False

    def finish(self) -> None:
        pass


def _bibtex(handle: IO[str]) -> _Joined:
    from citekit.exporters.bibtex import dumps
    from citekit.exporters.keys import KeyMaker

    return _Joined(handle, functools.partial(dumps, keys=KeyMaker()))  # keys unique across chunks


def _ris(handle: IO[str]) -> _Joined:
    from citekit.exporters.keys import KeyMaker
    from citekit.exporters.ris import dumps

    return _Joined(handle, functools.partial(dumps, keys=KeyMaker()))


# Output file → its streaming writer. All of them, and the citation graph, are fed from
# one pass over the library; the graph files follow, written from that one graph.
OUTPUTS: dict[str, Callable[[IO[str]], _Csljson | _Joined]] = {
    "records.json": _Csljson,
    "records.bib": _bibtex,
    "records.ris": _ris,
}
# Export format → its streaming writer (``citekit parse``/``export`` of a long bibliography).
STREAMED: dict[str, Callable[[IO[str]], _Csljson | _Joined]] = {"csljson": _Csljson, "bibtex": _bibtex, "ris": _ris}
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


def _add(add: Callable[[list[Record]], object], chunk: list[Record], name: str, skipped: dict[str, list[str]]) -> None:
    """Feed ``chunk`` to one output; if it fails, record by record, leaving out (and
    naming) only the records that cannot be written. A writer writes nothing for a chunk
    it fails on (each builds its text first)."""
    try:
        add(chunk)
    except Exception:
        for record in chunk:
            try:
                add([record])
            except Exception as exc:
                skipped.setdefault(name, []).append(f"{record.get('id')} ({exc.__class__.__name__}: {exc})")


def render_outputs(library: Library, outdir: Path) -> list[str]:
    """Write :data:`OUTPUTS`, :data:`GRAPH_OUTPUTS` and ``report.json`` into ``outdir``.

    :returns: one line per output that had to leave records out (none, normally).
    """
    from citekit.exporters import graph

    skipped: dict[str, list[str]] = {}
    outdir.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(outdir)
    # The scratch graph lives beside the outputs (not in /tmp, often a RAM disk).
    descriptor, scratch = tempfile.mkstemp(prefix=".citekit-graph-", suffix=".tmp", dir=outdir)
    os.close(descriptor)
    disk = graph.DiskGraph(scratch)
    try:
        with contextlib.ExitStack() as stack:  # the record files appear together, or none
            writers = {name: make(stack.enter_context(atomic_open(outdir / name))) for name, make in OUTPUTS.items()}
            for chunk in _chunks(library.records()):
                for name, writer in writers.items():
                    _add(writer.add, chunk, name, skipped)
                _add(lambda records: graph.build(records, disk), chunk, "the citation graph", skipped)
            for writer in writers.values():
                writer.finish()
        for name, write in GRAPH_OUTPUTS.items():
            with atomic_open(outdir / name) as handle:
                getattr(graph, write)(disk, handle)
    finally:
        disk.close()
        with contextlib.suppress(OSError):
            os.remove(scratch)
    write_report(library.report(), outdir / "report.json")
    return [
        f"{len(ids)} record(s) left out of {name}, which cannot hold them: {', '.join(ids[:3])}"
        + (" ..." if len(ids) > 3 else "")
        for name, ids in skipped.items()
    ]
