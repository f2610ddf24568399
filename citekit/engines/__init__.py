"""Engines: where a harvest's parse stage runs.

* ``local`` (:class:`~citekit.engines.local.LocalEngine`): a process pool on this machine.
* ``dask`` (:class:`~citekit.engines.dask.DaskEngine`): a Dask distributed cluster, local
  or existing; the optional extra ``citekit[dask]``.

An engine maps the stage's items — inputs as given, pages the driver already fetched
(:class:`~citekit.source.Source`), or outcomes that already failed (a refused fetch) —
to :class:`~citekit.pipeline.Outcome` objects, in input order, with a bounded number in
flight so memory does not grow with the number of inputs. Fetching, resolution and
commits stay in the driver (:mod:`citekit.batch`), whatever the engine.

A long bibliography (:func:`read_in_pieces`) is the exception to "parsed elsewhere": its
string macros carry from entry to entry, so one process must read it in order, and a
worker would send all its records back at once. The driver reads it in pieces
(:func:`citekit.pipeline.process_pieces`), one outcome per piece, while the workers go on
with the inputs after it; memory stays flat in the number of entries.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from typing import Protocol, TypeAlias

from citekit.errors import CitekitError, ParseError, ReadError
from citekit.formats import detect, from_suffix
from citekit.pipeline import Outcome
from citekit.source import Source, is_identifier, is_url

__all__ = [
    "ENGINES",
    "LONG_BYTES",
    "Engine",
    "EngineError",
    "Item",
    "crashed",
    "failed_unexpectedly",
    "open_engine",
    "read_in_pieces",
]

Item: TypeAlias = str | Source | Outcome
ENGINES = ("local", "dask")
LONG_BYTES = 2 * 1024 * 1024  # a BibTeX input past this (some 8,000 entries) is read in pieces
_HEAD = 64 * 1024  # bytes read to tell a file's format


class EngineError(CitekitError):
    """The engine cannot go on (its scheduler was lost, its workers cannot run citekit,
    the extra is not installed). The harvest stops; what it committed stays, and
    ``--resume`` continues. ``origin`` is the scheduler's address when there is one."""


class Engine(Protocol):
    """What :func:`citekit.batch.run_harvest` needs from an engine."""

    def parsed(self, items: Iterable[Item], *, timeout: float) -> Iterator[Outcome]:
        """Outcomes of reading and parsing ``items``, in order, consumed lazily: one per
        item, or one per piece of a long bibliography (:attr:`Outcome.more` on all but its last).

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


def read_in_pieces(item: Item) -> bool:
    """True for a long bibliography, which the driver reads in pieces (see the module's
    docstring): a BibTeX file or fetched source of more than :data:`LONG_BYTES`."""
    if isinstance(item, Outcome):
        return False
    if isinstance(item, Source):
        return len(item.text) > LONG_BYTES and item.format == "bibtex"
    if item == "-" or is_url(item) or is_identifier(item):
        return False
    try:
        status = os.stat(item)
        if not stat.S_ISREG(status.st_mode) or status.st_size <= LONG_BYTES:
            return False
        with open(item, "rb") as handle:
            head = handle.read(_HEAD).decode("utf-8", "replace")
        return detect(head, hint=from_suffix(item)) == "bibtex"
    except (OSError, ValueError, CitekitError):  # unreadable here: the parse says why
        return False
