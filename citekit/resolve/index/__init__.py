"""A local index of Crossref works: DOI lookups and bibliographic search without a server.

::

    from citekit.resolve.index import build_index, WorkIndex

    build_index("works.idx", ["crossref-dump/"])      # JSON Lines / {"items": [...]}, .gz
    with WorkIndex("works.idx") as index:
        index.get("10.5555/12345678"); index.search("Okafor 2019 Glacial meltwater pulses")

The resolver asks it before Crossref (:class:`citekit.resolve.resolver.Resolver`'s
``index``); its answers are works in the API's ``message`` shape, checked by the same
matcher. :mod:`.store` describes the file, :mod:`.sources` what it is built from.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citekit.errors import ReadError
from citekit.resolve.index.sources import REJECTED_SHOWN, Tally, prepare_texts, source_files, texts_in
from citekit.resolve.index.store import VERSION, Prepared, WorkIndex, search_text, trim

__all__ = ["VERSION", "Built", "WorkIndex", "build_index", "open_index", "search_text", "trim"]

Progress = Callable[[Tally], None]


@dataclass(frozen=True, slots=True)
class Built:
    """What one build did: works read (``added`` new, ``replaced`` by DOI), lines or documents
    without a work (``skipped``; ``rejected`` names the first thousand, ``file:line: why``),
    files that could not be read (``problems``), and time."""

    added: int
    replaced: int
    skipped: int
    files: int
    seconds: float
    problems: tuple[str, ...]
    interrupted: bool = False
    rejected: tuple[str, ...] = ()


def build_index(
    path: str | os.PathLike[str],
    sources: Sequence[str | os.PathLike[str]],
    *,
    batch: int = 20_000,
    jobs: int = 1,
    progress: Progress | None = None,
    optimize: bool = True,
) -> Built:
    """Add the works of ``sources`` to the index at ``path`` (created if needed).

    A work whose DOI the index holds replaces it. Works are committed ``batch`` at a time,
    so an interruption (Ctrl-C) loses at most the batch in progress: the index stays
    usable, holding every earlier batch, and a second build completes it.

    :param path: the index file.
    :param sources: files or directories (JSON Lines, JSON, each optionally gzipped).
    :param batch: works per transaction.
    :param jobs: processes that decode and trim works (this one writes them).
    :param progress: called with the running :class:`Tally` after each batch.
    :param optimize: merge the search index at the end (faster searches, smaller file).
    :returns: what was done; after Ctrl-C, what was committed, with ``interrupted`` true
        (the caller decides whether to stop).
    :raises ReadError: a source does not exist (checked before anything is written).
    """
    files = list(source_files(sources))
    start = time.perf_counter()
    builder = _Builder(WorkIndex(path, write=True), batch, progress)
    try:
        builder.run(files, jobs)
        builder.index.finish(optimize=optimize and not builder.interrupted)
    finally:
        builder.index.close()
    tally = builder.tally
    return Built(
        builder.added,
        builder.replaced,
        tally.skipped,
        tally.files,
        time.perf_counter() - start,
        tuple(tally.problems),
        builder.interrupted,
        tuple(tally.rejected),
    )


_CHUNK = 1000  # texts per task (and works per executemany)
_Result = tuple[list[Prepared], int, int, list[str]]  # prepare_texts' answer


def _quiet() -> None:
    """Workers leave Ctrl-C to the process that writes (it rolls back and stops them)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class _Done:
    """A task run in this process (one job), shaped like a pool's result."""

    def __init__(self, value: _Result) -> None:
        self.value = value

    def get(self) -> _Result:
        return self.value


class _Builder:
    """One build: texts read here, decoded and trimmed here or by workers, written here in
    transactions of ``batch`` works."""

    def __init__(self, index: WorkIndex, batch: int, progress: Progress | None) -> None:
        self.index = index
        self.batch = max(1, batch)
        self.progress = progress
        self.tally = Tally()
        self.added = self.replaced = 0
        self.interrupted = False
        self._new = self._old = 0  # in the open transaction

    def run(self, files: Sequence[Path], jobs: int) -> None:
        db = self.index.db
        db.execute("BEGIN")
        try:
            if jobs > 1:
                with multiprocessing.get_context("fork").Pool(jobs, initializer=_quiet) as pool:
                    zdict = self.index.zdict
                    self._read(files, lambda texts, at: pool.apply_async(prepare_texts, (texts, zdict, at)), jobs)
            else:
                self._read(files, lambda texts, at: _Done(prepare_texts(texts, self.index.zdict, at)), 1)
            self.index.set_meta(built=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
            self._commit(again=False)
        except KeyboardInterrupt:
            # What was committed stays; the batch in progress is given up.
            self.interrupted = True
            if db.in_transaction:
                db.execute("ROLLBACK")
        if self.progress is not None:
            self.progress(self.tally)

    def _read(
        self, files: Sequence[Path], submit: Callable[[list[tuple[int | None, bytes]], str], Any], jobs: int
    ) -> None:
        ahead = 2 * jobs if jobs > 1 else 0  # tasks in flight: workers kept busy, memory bounded
        pending: deque[Any] = deque()
        for file in files:
            texts: list[tuple[int | None, bytes]] = []
            origin = str(file)
            try:
                for text in texts_in(file, self.tally):
                    texts.append(text)
                    if len(texts) >= min(_CHUNK, self.batch):
                        pending.append(submit(texts, origin))
                        texts = []
                        while len(pending) > ahead:
                            self._write(pending.popleft().get())
            except ReadError as exc:
                self.tally.problems.append(exc.describe())
            if texts:
                pending.append(submit(texts, origin))
        while pending:
            self._write(pending.popleft().get())

    def _write(self, result: _Result) -> None:
        prepared, works, skipped, rejected = result
        self.tally.works += works
        self.tally.skipped += skipped
        room = REJECTED_SHOWN - len(self.tally.rejected)
        if rejected and room > 0:
            self.tally.rejected.extend(rejected[:room])
        if prepared:
            new, old = self.index.put_many(prepared)
            self._new += new
            self._old += old
        if self._new + self._old >= self.batch:
            self._commit(again=True)
            if self.progress is not None:
                self.progress(self.tally)

    def _commit(self, *, again: bool) -> None:
        db = self.index.db
        db.execute("COMMIT")
        self.added += self._new
        self.replaced += self._old
        self._new = self._old = 0
        if again:
            db.execute("BEGIN")


def open_index(path: str | os.PathLike[str]) -> WorkIndex:
    """The index at ``path``, read-only.

    :raises ReadError: there is no index there, or the file is not one.
    """
    try:
        return WorkIndex(path)
    except FileNotFoundError as exc:
        raise ReadError(
            "no index here (build one with: citekit index build SOURCE... --index PATH)", origin=str(path)
        ) from exc
    except (ValueError, OSError) as exc:
        raise ReadError(f"cannot open the index: {exc}", origin=str(path)) from exc
