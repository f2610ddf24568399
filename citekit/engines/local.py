"""The local engine: inputs parsed on a process pool on this machine, in order.

Workers read their inputs themselves (paths are valid here). A chunk of a few inputs is
one task, so round trips stay few; at most four chunks per process are in flight. A
worker that dies (out of memory, a crash in a C library) fails the inputs of its chunk
only; the rest go to a fresh pool.
"""

from __future__ import annotations

import collections
import multiprocessing
import os
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import TypeVar

from citekit.engines import Item, crashed, failed_unexpectedly, read_in_pieces
from citekit.pipeline import Outcome, process, process_pieces
from citekit.source import Source

__all__ = ["LocalEngine"]

T = TypeVar("T")
_CHUNK = 4  # inputs per task sent to a parsing process: fewer round trips


class LocalEngine:
    """Parse on ``jobs`` local processes (1: in this process).

    :param jobs: parsing processes.
    """

    def __init__(self, jobs: int = 1) -> None:
        if jobs < 1:
            raise ValueError(f"jobs must be at least 1, not {jobs}")
        self.jobs = jobs

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Nothing to release: each :meth:`parsed` call owns its pool."""

    def parsed(self, items: Iterable[Item], *, timeout: float) -> Iterator[Outcome]:
        """Outcomes of parsing ``items``, in input order (see :class:`citekit.engines.Engine`).

        :param items: inputs, fetched sources, or outcomes that already failed (passed through).
        :param timeout: seconds allowed to fetch a URL a worker is given.
        :returns: an iterator of outcomes, one per item (one per piece of a long bibliography).
        """
        if self.jobs <= 1:
            for item in items:
                if isinstance(item, Outcome):
                    yield item
                else:
                    yield from process_pieces(item, timeout=timeout)
            return
        yield from _pooled(items, self.jobs, timeout)


def _pooled(items: Iterable[Item], jobs: int, timeout: float) -> Iterator[Outcome]:
    context = multiprocessing.get_context(
        "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    )
    chunks = _chunks(items, _CHUNK)
    while True:
        pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_watch_parent, initargs=(os.getpid(),))
        try:
            pending: collections.deque[tuple[list[Item], Future[list[Outcome]] | None]] = collections.deque()
            for chunk in islice(chunks, jobs * 4):
                pending.append((chunk, _submit(pool, chunk, timeout)))
            broken = False
            while pending:
                chunk, future = pending.popleft()
                if future is None:  # a long bibliography: read here, in pieces, while the workers go on
                    yield from process_pieces(chunk[0], timeout=timeout)  # type: ignore[arg-type]
                    for nxt in islice(chunks, 1):
                        pending.append((nxt, _submit(pool, nxt, timeout)))
                    continue
                try:
                    results = future.result()
                except BrokenProcessPool:
                    # A worker died: the inputs it held fail with a clear message; the
                    # rest go to a fresh pool.
                    results = [crashed(item) for item in chunk]
                    broken = True
                except Exception as exc:  # an answer that could not travel back (pickling), say
                    results = [
                        item if isinstance(item, Outcome) else failed_unexpectedly(_origin(item), exc) for item in chunk
                    ]
                yield from results
                if broken:
                    rest = [c for c, _ in pending]
                    pending.clear()
                    chunks = _prepend(rest, chunks)
                    break
                for nxt in islice(chunks, 1):
                    pending.append((nxt, _submit(pool, nxt, timeout)))
            if not broken:
                return
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _origin(item: str | Source) -> str:
    return item.origin if isinstance(item, Source) else item


def _watch_parent(driver: int) -> None:
    """In each parsing process: exit when the harvest that started it is gone.

    A driver killed with -9 cannot shut its pool down, and the workers (children of the
    forkserver, not of the driver) would wait for work forever, one more set of orphans
    per crash.
    """

    parent = os.getppid()  # the forkserver (or the driver itself under spawn)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:  # orphaned: the driver, and with it the forkserver, died
                os._exit(1)
            try:
                os.kill(driver, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # pragma: no cover - the pid now belongs to another user
                os._exit(1)

    threading.Thread(target=watch, name="citekit-parent-watch", daemon=True).start()


def _parse_chunk(items: list[str | Source], timeout: float) -> list[Outcome]:
    return [process(item, timeout=timeout) for item in items]


def _submit(pool: Executor, chunk: list[Item], timeout: float) -> Future[list[Outcome]] | None:
    # Already failed fetches ride along untouched; the rest of a chunk is parsed in one process.
    # None: a long bibliography (alone in its chunk), which the driver reads itself.
    if isinstance(chunk, _Long):
        return None
    todo = [item for item in chunk if not isinstance(item, Outcome)]
    inner = pool.submit(_parse_chunk, todo, timeout)
    if len(todo) == len(chunk):
        return inner
    outer: Future[list[Outcome]] = Future()

    def combine(done: Future[list[Outcome]]) -> None:
        try:
            parsed = iter(done.result())
        except BaseException as exc:
            outer.set_exception(exc)
            return
        outer.set_result([item if isinstance(item, Outcome) else next(parsed) for item in chunk])

    inner.add_done_callback(combine)
    return outer


class _Long(list[Item]):
    """A chunk of one long bibliography (:func:`~citekit.engines.read_in_pieces`)."""


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Runs of ``size`` items; a long bibliography alone in a :class:`_Long` of its own."""
    chunk: list[Item] = []
    for item in items:
        if read_in_pieces(item):
            if chunk:
                yield chunk
                chunk = []
            yield _Long([item])
            continue
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _prepend(first: list[T], rest: Iterator[T]) -> Iterator[T]:
    yield from first
    yield from rest
