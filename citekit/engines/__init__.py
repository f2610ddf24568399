"""Engines: where a harvest's parse stage runs.

* ``local`` (:class:`~citekit.engines.local.LocalEngine`): a process pool on this machine.
* ``dask`` (:class:`~citekit.engines.dask.DaskEngine`): a Dask distributed cluster, local
  or existing; the optional extra ``citekit[dask]``.

An engine maps the stage's items — inputs as given, pages the driver already fetched
(:class:`~citekit.source.Source`), or outcomes that already failed (a refused fetch) —
to :class:`~citekit.pipeline.Outcome` objects, in input order, with a bounded number in
flight so memory does not grow with the number of inputs. Fetching, resolution and
commits stay in the driver (:mod:`citekit.batch`), whatever the engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol, TypeAlias

from citekit.errors import CitekitError, ParseError, ReadError
from citekit.pipeline import Outcome
from citekit.source import Source

__all__ = ["ENGINES", "Engine", "EngineError", "Item", "crashed", "failed_unexpectedly", "open_engine"]

Item: TypeAlias = str | Source | Outcome
ENGINES = ("local", "dask")


class EngineError(CitekitError):
    """The engine cannot go on (its scheduler was lost, its workers cannot run citekit,
    the extra is not installed). The harvest stops; what it committed stays, and
    ``--resume`` continues. ``origin`` is the scheduler's address when there is one."""


class Engine(Protocol):
    """What :func:`citekit.batch.run_harvest` needs from an engine."""

    def parsed(self, items: Iterable[Item], *, timeout: float) -> Iterator[Outcome]:
        """Outcomes of reading and parsing ``items``, in order, consumed lazily.

        Never raises for a bad input (its error rides in its outcome); raises
        :class:`EngineError` when the engine itself is lost."""
        ...

    def close(self) -> None:
        """Release the engine's workers."""
        ...


def open_engine(name: str, *, jobs: int, scheduler: str | None = None, verbose: bool = False) -> Engine:
    """The engine called ``name``, ready to parse.

    :param name: ``"local"`` or ``"dask"``.
    :param jobs: processes of the local pool, or workers of a local Dask cluster.
    :param scheduler: with ``"dask"``, the address of an existing scheduler to join
        (``tcp://host:8786``); without it a local cluster of ``jobs`` workers is started.
    :param verbose: let Dask's own log lines through to stderr.
    :returns: an engine; call its ``close()`` when done.
    :raises ValueError: unknown ``name``, or a scheduler given to the local engine.
    :raises EngineError: Dask is not installed, or its scheduler cannot be reached.
    """
    if name == "local":
        if scheduler:
            raise ValueError("a scheduler address needs the dask engine")
        from citekit.engines.local import LocalEngine

        return LocalEngine(jobs)
    if name == "dask":
        try:
            from citekit.engines.dask import DaskEngine
        except ImportError as exc:
            if exc.name not in ("dask", "distributed") and not str(exc.name).startswith(("dask.", "distributed.")):
                raise
            raise EngineError(
                "the dask engine needs Dask distributed, which is not installed: pip install 'citekit[dask]'"
            ) from exc
        return DaskEngine(scheduler, workers=jobs, verbose=verbose)
    raise ValueError(f"unknown engine {name!r}: expected one of {', '.join(ENGINES)}")


def crashed(item: Item | str, what: str = "the parsing process") -> Outcome:
    """The outcome of an input whose worker died on it (out of memory, a crash in a C
    library); an outcome already decided passes through."""
    if isinstance(item, Outcome):
        return item
    origin = item.origin if isinstance(item, Source) else item
    return Outcome(origin, error=ReadError(f"{what} died on this input (out of memory or a crash)", origin=origin))


def failed_unexpectedly(origin: str, exc: BaseException, seconds: float = 0.0) -> Outcome:
    """The outcome of an input whose work raised something other than a citekit error:
    the bug is that input's failure, never the end of the batch."""
    error = ParseError(f"unexpected {type(exc).__name__}: {exc}".rstrip(": "), origin=origin)
    return Outcome(origin, error=error, seconds=seconds)
