"""Resolution against Crossref: verify DOIs, find missing ones, fill records.

::

    from citekit.resolve import make_resolver, summarize

    with make_resolver(mailto="me@example.org") as resolver:
        records = resolver.resolve_all(records)
    print(summarize(records))  # None, or one line on what stayed unresolved and why

Modules: :mod:`.client` (habanero over httpx2: the only HTTP code; limits, backoff,
errors), :mod:`.limiter` (politeness), :mod:`.cache` (SQLite answers), :mod:`.query`
(search text), :mod:`.evidence` and :mod:`.match` (candidate validation),
:mod:`.convert` (Crossref JSON to CSL), :mod:`.resolver` (batching, deduplication),
:mod:`.outcome` (what is written into records), :mod:`.index` (a local index of
Crossref works, asked first), :mod:`.summary`, :mod:`.standin` (a
Crossref-compatible loopback server for tests, evaluation and benchmarks).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from typing import TYPE_CHECKING

from citekit.resolve.summary import summarize

if TYPE_CHECKING:
    from citekit.resolve.limiter import Politeness
    from citekit.resolve.resolver import Resolver

__all__ = ["DEFAULT_URL", "Resolver", "make_resolver", "summarize"]

DEFAULT_URL = "https://api.crossref.org"

log = logging.getLogger("citekit.resolve")


def make_resolver(
    base_url: str | None = None,
    mailto: str | None = None,
    cache: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    timeout: float = 20.0,
    offline: bool = False,
    *,
    politeness: Politeness | None = None,
    rows: int = 10,
    workers: int = 3,
    index: str | os.PathLike[str] | None = None,
) -> Resolver:
    """A resolver for Crossref (or a compatible server).

    :param base_url: API root; default env ``CITEKIT_CROSSREF_URL``, else the public API.
    :param mailto: contact address for the polite pool; default env ``CITEKIT_MAILTO``.
        Without one a warning is logged once, at the first request.
    :param cache: the SQLite answer cache; ``None`` = ``crossref.sqlite`` in the user
        cache directory.
    :param use_cache: ``False`` neither reads nor writes the cache.
    :param timeout: seconds per request.
    :param offline: never contact Crossref; everything is marked unresolved ("offline").
    :param politeness: rate limits, concurrency cap and backoff (tests and benchmarks
        pass their own; the default follows Crossref's polite-pool limits).
    :param rows: candidates asked for per search.
    :param workers: searches in flight at once within one ``resolve_all``.
    :param index: a local index of Crossref works (:mod:`citekit.resolve.index`), asked
        first; with ``offline``, the only source.
    :returns: a :class:`Resolver` (also a context manager; close it to flush the cache).
    :raises ValueError: ``timeout`` is not positive.
    :raises ReadError: ``index`` is not an index.
    """
    from citekit.resolve.resolver import Resolver

    if timeout <= 0:
        raise ValueError(f"timeout must be positive, not {timeout!r}")
    works = None
    if index is not None:
        from citekit.resolve.index import open_index

        works = open_index(index)
    if offline:
        return Resolver(None, index=works)
    from citekit.resolve.cache import AnswerCache, default_path
    from citekit.resolve.client import CrossrefClient

    url = base_url or os.environ.get("CITEKIT_CROSSREF_URL") or DEFAULT_URL
    contact = mailto or os.environ.get("CITEKIT_MAILTO") or None
    answers = None
    if use_cache:
        path = cache if cache is not None else default_path()
        try:
            answers = AnswerCache(path)
        except (OSError, sqlite3.Error) as exc:
            # Resolution still works without a cache, only slower: say so and go on.
            log.warning("citekit: cannot use the cache %s (%s); resolving without it", path, exc)
    client = CrossrefClient(url, mailto=contact, timeout=timeout, politeness=politeness)
    return Resolver(client, answers, rows=rows, workers=workers, index=works)
