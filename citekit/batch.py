"""Batch harvesting into a directory, streaming, parallel and resumable.

Stages, each a bounded window so memory stays flat however many inputs arrive:

1. URLs are fetched on a few threads by a :class:`~citekit.fetch.PoliteFetcher`
   (per-host interval, robots.txt, retries); paths and DOIs pass through.
2. Inputs are read and parsed by an engine (:mod:`citekit.engines`), in order: a local
   process pool (``jobs`` processes), or a Dask cluster, to which the driver sends each
   input's bytes.
3. Records are resolved on a few threads sharing one resolver, hence one Crossref
   budget and one cache.
4. Each outcome is committed to the library database in input order, one transaction
   per input: a killed harvest resumes exactly where it stopped.

Fetching, lookups, resolution and commits stay in this process (the driver), whatever
the engine, so politeness and rate limits hold and the outputs do not depend on the engine.
Outputs are rendered from the database at the end, each file written atomically.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from citekit.engines import Engine, failed_unexpectedly
from citekit.engines.local import LocalEngine
from citekit.errors import CitekitError
from citekit.library import Library, LibraryError
from citekit.pipeline import Outcome, Resolver, resolve_outcome
from citekit.render import render_outputs
from citekit.source import Source, is_identifier, is_url

__all__ = ["Summary", "ordered", "run_harvest"]

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class Summary:
    """Counts of a finished harvest, for the closing lines on stderr."""

    outdir: str
    inputs: int = 0
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    records: int = 0
    works: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def duplicates(self) -> int:
        """Records merged into a work another input already gave."""
        return max(self.records - self.works, 0)

    def lines(self) -> list[str]:
        """What was skipped (one line each), then one summary line."""
        rate = (self.inputs - self.skipped) / self.seconds if self.seconds > 0 else 0.0
        done = f", {self.skipped} already done" if self.skipped else ""
        head = (
            f"citekit: {self.inputs} inputs ({self.ok} ok, {self.failed} failed{done}) → {self.works} works"
            f" ({self.duplicates} duplicates merged) in {self.seconds:.1f}s ({rate:.0f} inputs/s) → {self.outdir}"
        )
        return [f"citekit: {note}" for note in self.notes] + [head]


def ordered(executor: Executor, function: Callable[[T], R], items: Iterable[T], window: int) -> Iterator[Future[R]]:
    """Futures of ``function`` over ``items``, in input order, at most ``window`` in flight.

    The caller takes ``.result()`` from each; the input is consumed lazily.
    """
    iterator = iter(items)
    pending: collections.deque[Future[R]] = collections.deque(
        executor.submit(function, item) for item in islice(iterator, window)
    )
    while pending:
        future = pending.popleft()
        for item in islice(iterator, 1):
            pending.append(executor.submit(function, item))
        yield future


def _fetched(
    inputs: Iterable[str], threads: int, timeout: float, lookups: Any = None
) -> Iterator[str | Source | Outcome]:
    """URLs replaced by their fetched page, identifiers (PMID, PMCID, arXiv id, ISBN) by the
    document their service holds (or a failed outcome); other inputs as given."""
    from citekit.fetch import PoliteFetcher

    fetcher: PoliteFetcher | None = None

    def fetch_one(item: str) -> str | Source | Outcome:
        if is_identifier(item):
            return _looked_up(item, lookups, timeout)
        if not is_url(item) or fetcher is None:
            return item
        start = time.perf_counter()
        try:
            return fetcher.get(item)
        except CitekitError as exc:
            return Outcome(item, error=exc, seconds=time.perf_counter() - start)

    fetcher = PoliteFetcher(timeout=timeout)
    try:
        with ThreadPoolExecutor(threads, thread_name_prefix="citekit-fetch") as pool:
            for future in ordered(pool, fetch_one, inputs, window=threads * 4):
                yield future.result()
    finally:
        fetcher.close()


def _looked_up(item: str, lookups: Any, timeout: float) -> Source | Outcome:
    """An identifier's document, fetched here in the driver: the services' paces then hold
    for the whole harvest, not once per parsing process."""
    from citekit.source import read

    start = time.perf_counter()
    try:
        return read(item, timeout=timeout, lookups=lookups)
    except CitekitError as exc:
        return Outcome(item, error=exc, seconds=time.perf_counter() - start)


def _resolved(
    outcomes: Iterable[Outcome], resolver: Resolver | None, threads: int, lookups: Any = None
) -> Iterator[Outcome]:
    if resolver is None:
        yield from outcomes
        return
    with ThreadPoolExecutor(threads, thread_name_prefix="citekit-resolve") as pool:
        resolve = functools.partial(resolve_outcome, resolver=resolver, lookups=lookups)
        for future in ordered(pool, resolve, outcomes, window=threads * 4):
            yield future.result()


def _commit(library: Library, outcome: Outcome) -> Outcome:
    """Commit ``outcome``; one the library cannot store (a record of a shape nothing
    expected) is committed as that input's failure instead of ending the harvest."""
    try:
        library.commit(outcome)
    except LibraryError:
        raise  # the database itself failed: nothing more can be stored
    except Exception as exc:
        outcome = failed_unexpectedly(outcome.origin, exc, outcome.seconds)
        library.commit(outcome)
    return outcome


@contextlib.contextmanager
def _exclusive(outdir: Path, database: Path) -> Iterator[None]:
    """Hold the harvest's output folder (and its library, when elsewhere) for this process.

    Two harvests into one place would delete each other's temporary files and interleave
    their commits; the second says who holds it instead.

    :raises LibraryError: another process holds it (``reason="locked"``).
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: SQLite's own locking is all there is
        yield
        return
    places = [outdir / ".citekit-harvest.lock"]
    if database.parent.resolve() != outdir.resolve():
        places.append(database.with_name(database.name + ".lock"))
    with contextlib.ExitStack() as stack:
        for place in places:
            handle = stack.enter_context(open(place, "a+", encoding="utf-8"))
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                where = str(outdir if place.parent == outdir else database)
                raise LibraryError(
                    f"in use by another citekit harvest ({holder})", origin=where, reason="locked"
                ) from exc
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()}, since {time.strftime('%Y-%m-%d %H:%M:%S')}")
            handle.flush()
        yield


def run_harvest(
    inputs: Iterable[str],
    outdir: str | Path,
    *,
    resolver: Resolver | None = None,
    jobs: int = 1,
    engine: Engine | None = None,
    fresh: bool = False,
    db_path: str | Path | None = None,
    progress: bool = False,
    total: int | None = None,
    timeout: float = 30.0,
    fetch_threads: int = 4,
    resolve_threads: int = 3,
    on_error: Callable[[Outcome], None] | None = None,
    lookups: Any = None,
) -> Summary:
    """Harvest ``inputs`` into ``outdir``; returns the counts.

    Inputs already done in the library are skipped; those that failed are tried again.

    :param inputs: single inputs (see :func:`citekit.source.expand`), consumed lazily.
    :param outdir: created if missing; every output file is written atomically.
    :param resolver: resolves records and their references (an offline one marks them).
    :param jobs: parsing processes (1: parse in this process), when no ``engine`` is given.
    :param engine: where to parse (see :mod:`citekit.engines`); default a local pool of ``jobs``.
    :param fresh: forget what the library holds before starting.
    :param db_path: the library database (default ``outdir/library.sqlite``).
    :param progress: show a progress bar on stderr.
    :param total: number of inputs, for the progress bar's ETA, when known.
    :param on_error: called with each failed outcome as it is committed.
    :param lookups: settings of the identifier services (:class:`citekit.services.Lookups`).
    :returns: a :class:`Summary`.
    :raises EngineError: the engine was lost (a Dask scheduler gone); what was committed stays.
    """
    start = time.perf_counter()
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    summary = Summary(outdir=str(out))
    from tqdm import tqdm

    database = Path(db_path or out / "library.sqlite")
    with (
        _exclusive(out, database),
        Library(database) as library,
        tqdm(total=total, unit="input", disable=not progress, dynamic_ncols=True, leave=False) as bar,
    ):
        if fresh:
            library.reset()

        def todo() -> Iterator[str]:
            for item in inputs:
                summary.inputs += 1
                if library.status(item) == "ok":
                    summary.skipped += 1
                    bar.update(1)
                    continue
                yield item

        fetched = _fetched(todo(), fetch_threads, timeout, lookups)
        parsed = (engine or LocalEngine(jobs)).parsed(fetched, timeout=timeout)
        stream = _resolved(parsed, resolver, resolve_threads, lookups)
        abandoned = ""  # an input whose piece could not be stored: its later pieces are dropped
        for outcome in stream:
            done = not outcome.more  # the last (or only) piece of its input
            if outcome.piece and outcome.origin == abandoned:
                continue
            if library.status(outcome.origin) == "ok":
                # The same input given twice, its first copy committed after this one was
                # taken in: skipped as it would have been had it been taken in later, so
                # the result does not depend on how far ahead the stages read.
                summary.skipped += done
                bar.update(done)
                continue
            committed = _commit(library, outcome)
            if not committed.ok and outcome.more:
                abandoned = outcome.origin
            outcome = committed
            if outcome.more and outcome.ok:
                continue
            if outcome.ok:
                summary.ok += 1
            else:
                summary.failed += 1
                if on_error is not None:
                    with tqdm.external_write_mode(file=sys.stderr):  # the line above the bar, not through it
                        on_error(outcome)
            bar.update(1)
            if summary.failed:
                bar.set_postfix(failed=summary.failed, refresh=False)
        summary.works = library.count("works")
        summary.records = library.count("records")
        summary.notes.extend(render_outputs(library, out))
        if resolver is not None:
            from citekit.resolve import summarize

            line = summarize(library.records())
            if line:
                summary.notes.append(line)
    summary.seconds = time.perf_counter() - start
    return summary
