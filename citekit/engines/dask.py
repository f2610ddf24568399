"""The Dask engine: the parse stage on a Dask distributed cluster (``citekit[dask]``).

The driver reads each input's bytes (:mod:`citekit.engines.payload`) and sends a few
inputs per task; workers decode and parse them and send outcomes back, which the driver
takes in input order. So no filesystem is shared, and commits (hence every output) are
the same as a local run's.

* Back-pressure: at most ``2 * worker threads + 2`` tasks in flight (re-read as workers
  come and go), each of at most ``chunk`` inputs and about 4 MB.
* A worker that dies mid-task costs nothing: the scheduler runs its tasks elsewhere. When
  a task has killed workers more often than Dask's ``allowed-failures``, each of its
  inputs runs once more on its own, with nothing else of the harvest in flight, so only
  the input that kills fails, with that as its error.
* Any exception a task raises becomes the failure of that task's inputs.
* A lost scheduler ends the run with :class:`~citekit.engines.EngineError`.
"""

from __future__ import annotations

import collections
import contextlib
import logging
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

import dask.config
from distributed import CancelledError, Client, Future, KilledWorker, LocalCluster

from citekit import __version__
from citekit.engines import EngineError, Item, crashed, failed_unexpectedly, read_in_pieces
from citekit.engines.payload import Payload, load, parse_payloads
from citekit.pipeline import Outcome, process_pieces
from citekit.source import Source

__all__ = ["DaskEngine"]

_TASK_BYTES = 4 * 1024 * 1024  # a task is cut short of this many input bytes
_Batch = list[Payload | Outcome]


class _Long(list[Payload | Outcome]):
    """A batch of no payload: one long bibliography the driver reads in pieces (see
    :func:`citekit.engines.read_in_pieces`)."""

    def __init__(self, item: str | Source) -> None:
        super().__init__()
        self.item = item


def _silence(prefix: str) -> dict[str, int]:
    """Raise the loggers of ``prefix`` and below (Dask gives some their own level) to
    CRITICAL; returns the levels they had."""
    names = [prefix, *(name for name in logging.root.manager.loggerDict if name.startswith(prefix + "."))]
    levels = {}
    for name in names:
        logger = logging.getLogger(name)
        if name == prefix or logger.level != logging.NOTSET:
            levels[name] = logger.level
            logger.setLevel(logging.CRITICAL)
    return levels


def _restore(levels: dict[str, int]) -> None:
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def dask_setup(worker: object) -> None:
    """Run by each worker of a local cluster as it starts (a Dask preload).

    Ctrl-C at a terminal reaches the whole process group, worker processes included; the
    driver stops its cluster itself, so the workers ignore it rather than each print a
    traceback.

    :param worker: the starting worker (unused).
    """
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _worker_version() -> str:
    import citekit

    return str(citekit.__version__)


class DaskEngine:
    """Parse on a Dask cluster: an existing one at ``scheduler``, else a local one.

    :param scheduler: the address of a running scheduler (``tcp://host:8786``), or ``None``
        to start a local cluster of ``workers`` single-threaded worker processes.
    :param workers: workers of the local cluster.
    :param chunk: inputs per task (fewer round trips; a lost task redoes no more than this).
    :param connect_timeout: seconds to wait for the scheduler (default: Dask's
        ``distributed.comm.timeouts.connect``, e.g. ``DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT=5s``).
    :param verbose: let Dask's log lines through (otherwise the engine speaks for it).
    :param task: what a task runs on the workers, payloads to outcomes in order (it must
        be importable there); the tests give one that kills its worker on a marked input.
    :raises EngineError: the scheduler cannot be reached, or its workers run another citekit.
    """

    def __init__(
        self,
        scheduler: str | None = None,
        *,
        workers: int = 2,
        chunk: int = 8,
        connect_timeout: float | None = None,
        verbose: bool = False,
        task: Callable[[list[Payload]], list[Outcome]] = parse_payloads,
    ) -> None:
        if chunk < 1 or workers < 1:
            raise ValueError(f"chunk and workers must be at least 1, not {chunk} and {workers}")
        self.chunk = chunk
        self.task = task
        self.address = scheduler
        self._levels: dict[str, int] = {}
        if not verbose:
            # Dask logs a lost connection or a restarted worker as several lines with
            # tracebacks; the harvest says what matters in one line of its own.
            self._levels = _silence("distributed")
        self.cluster: LocalCluster | None = None
        self._lost = False
        try:
            if scheduler:
                timeout: Any = (
                    connect_timeout
                    if connect_timeout is not None
                    else dask.config.get("distributed.comm.timeouts.connect")
                )
                self.client = Client(scheduler, timeout=timeout, set_as_default=False)  # type: ignore[no-untyped-call]
            else:
                self.cluster = LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                    # Its HTTP server still listens: on a free loopback port, not on 8787
                    # (taken by any other cluster here, which Dask would warn about).
                    scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                    silence_logs=logging.DEBUG if verbose else logging.CRITICAL,
                    preload=["citekit.engines.dask"],  # its dask_setup(), in each worker
                )
                self.client = Client(self.cluster, set_as_default=False)  # type: ignore[no-untyped-call]
                self.address = str(self.cluster.scheduler_address)
        except (OSError, TimeoutError) as exc:
            self._close_cluster()
            _restore(self._levels)
            raise EngineError(f"cannot reach the Dask scheduler: {exc}", origin=scheduler) from exc
        self._check_versions()

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_versions(self) -> None:
        """Workers must run this citekit, or their records would differ from a local run's."""
        try:
            versions: dict[str, Any] = self.client.run(_worker_version)
        except Exception as exc:
            self.close()
            raise EngineError(f"the Dask workers cannot run citekit: {exc}", origin=self.address) from exc
        other = sorted({str(v) for v in versions.values()} - {__version__})
        if other:
            self.close()
            raise EngineError(
                f"the Dask workers run citekit {', '.join(other)}, this driver {__version__}", origin=self.address
            )

    def threads(self) -> int:
        """Worker threads the cluster has now."""
        return int(sum(self.client.nthreads().values()))  # type: ignore[no-untyped-call]

    def close(self) -> None:
        """Leave the cluster (and stop it, when this engine started it)."""
        with contextlib.suppress(Exception):
            self.client.close(timeout=10)  # type: ignore[no-untyped-call]
        self._close_cluster()
        if not self._lost:
            # After a lost scheduler, the client's reconnection task still logs its own
            # cancellation in the background once closed: Dask stays quiet then.
            _restore(self._levels)

    def _close_cluster(self) -> None:
        if self.cluster is not None:
            with contextlib.suppress(Exception):
                self.cluster.close(timeout=10)
            self.cluster = None

    def parsed(self, items: Iterable[Item], *, timeout: float) -> Iterator[Outcome]:
        """Outcomes of parsing ``items`` on the cluster, in input order (see
        :class:`citekit.engines.Engine`).

        :param items: inputs, fetched sources, or outcomes that already failed.
        :param timeout: seconds allowed should the driver still need to fetch a URL.
        :returns: an iterator of outcomes, one per item.
        :raises EngineError: the scheduler was lost.
        """
        batches = self._batches(items, timeout)
        pending: collections.deque[tuple[_Batch, Future[list[Outcome]] | None]] = collections.deque()
        try:
            window = self._window()
            pending.extend(self._submit(batch) for batch in islice(batches, window))
            taken = 0
            while pending:
                batch, future = pending.popleft()
                if isinstance(batch, _Long):
                    yield from process_pieces(batch.item, timeout=timeout)
                    for batch in islice(batches, max(window - len(pending), 0)):
                        pending.append(self._submit(batch))
                    continue
                results = self._results(batch, future)
                if results is None:
                    # It kept killing workers. Innocent tasks queued on the same worker died
                    # with it too, so each input is tried once more with nothing else of
                    # this harvest running: only the one that kills then fails.
                    self._settle(future for _, future in pending)
                    results = [out for one in batch for out in self._results(*self._submit([one]), alone=True) or ()]
                yield from results
                taken += 1
                if taken % window == 0:
                    window = self._window()
                for batch in islice(batches, max(window - len(pending), 0)):
                    pending.append(self._submit(batch))
        finally:
            futures = [future for _, future in pending if future is not None]
            if futures:
                with contextlib.suppress(Exception):
                    self.client.cancel(futures)  # type: ignore[no-untyped-call]

    def _window(self) -> int:
        try:
            return 2 * self.threads() + 2
        except Exception as exc:
            raise self._gone(exc) from exc

    def _batches(self, items: Iterable[Item], timeout: float) -> Iterator[_Batch]:
        """The driver's reading: payloads grouped by task, cut by count and by size."""
        batch: _Batch = []
        size = 0
        for item in items:
            if not isinstance(item, Outcome) and read_in_pieces(item):
                if batch:
                    yield batch
                    batch, size = [], 0
                yield _Long(item)
                continue
            loaded = load(item, timeout=timeout)
            batch.append(loaded)
            size += loaded.size if isinstance(loaded, Payload) else 0
            if len(batch) >= self.chunk or size >= _TASK_BYTES:
                yield batch
                batch, size = [], 0
        if batch:
            yield batch

    def _submit(self, batch: _Batch) -> tuple[_Batch, Future[list[Outcome]] | None]:
        todo = [item for item in batch if isinstance(item, Payload)]
        if not todo:
            return batch, None
        try:
            return batch, self.client.submit(self.task, todo, pure=False)
        except Exception as exc:
            raise self._gone(exc) from exc

    def _settle(self, futures: Iterable[Future[list[Outcome]] | None]) -> None:
        """Wait until ``futures`` are finished (done, failed or cancelled)."""
        waiting = [future for future in futures if future is not None]
        # Cancelled ones count as done too, should the scheduler go.
        while not all(future.done() for future in waiting):  # type: ignore[no-untyped-call]
            time.sleep(0.05)

    def _results(
        self, batch: _Batch, future: Future[list[Outcome]] | None, *, alone: bool = False
    ) -> list[Outcome] | None:
        """The batch's outcomes in order; ``None`` when its task killed workers until the
        scheduler gave up on it (unless it ran ``alone``: then its input is the culprit)."""
        if future is None:
            return [item for item in batch if isinstance(item, Outcome)]
        todo = [item for item in batch if isinstance(item, Payload)]
        try:
            parsed = self._wait(future)
        except KilledWorker:
            if not alone:
                return None
            parsed = [crashed(p.origin, "the Dask worker") for p in todo]
        except CancelledError as exc:
            if getattr(exc, "reason", None) == "scheduler-connection-lost" or self.client.status != "running":
                raise self._gone(exc) from exc
            parsed = [failed_unexpectedly(p.origin, exc) for p in todo]
        except Exception as exc:
            if self.client.status != "running":
                raise self._gone(exc) from exc
            # The task itself failed (a worker that cannot unpickle it, a bug outside any
            # one input): each of its inputs fails with that, the batch goes on.
            parsed = [failed_unexpectedly(p.origin, exc) for p in todo]
        done = iter(parsed)
        return [item if isinstance(item, Outcome) else next(done) for item in batch]

    def _wait(self, future: Future[list[Outcome]]) -> list[Outcome]:
        """The task's result. A future submitted while the client was reconnecting may
        never be cancelled if the reconnection fails; the client's state tells then.

        A wait that runs out is told from the task's own ``TimeoutError`` by the future's
        status, ``"error"`` only for the latter: a task that finishes as the wait runs out,
        or whose result takes longer than the wait to arrive (still on its way, or computed
        again when the worker holding it died), is done without having failed, and is
        waited on further."""
        while True:
            try:
                result: list[Outcome] = future.result(timeout=5)
                return result
            except TimeoutError:
                if future.status == "error":  # it failed: its own exception (a TimeoutError, say)
                    return future.result()  # raises it
                if self.client.status not in ("running", "connecting"):
                    raise CancelledError(f"the client is {self.client.status}") from None

    def _gone(self, exc: BaseException) -> EngineError:
        self._lost = True
        return EngineError("lost the connection to the Dask scheduler", origin=self.address)
