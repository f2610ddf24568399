"""The resolver: records and their references against Crossref, in batches, never twice.

:meth:`Resolver.resolve_all` works in two phases. First the records themselves: a
record with a DOI is verified (and a record that is only a DOI is filled from Crossref),
a record without one is searched. Then every reference of every record: DOIs are
fetched fifty to a request (``filter=doi:...``), references without a DOI are searched
with ``query.bibliographic``, identical references across the batch once, on up to
three threads. Answers come from the in-memory memo, then the disk cache, then Crossref.

Nothing raises for a single record or reference: each carries its outcome in
``custom.match``. After a network failure Crossref is taken to be down for a while, and
everything still to do is marked unresolved at once instead of waiting on a dead host.
"""

from __future__ import annotations

import copy
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from citekit.errors import NetworkError, NotFoundError, RemoteError, ResolveError
from citekit.record import Record
from citekit.resolve.cache import MISSING, AnswerCache, doi_key, query_key
from citekit.resolve.match import choose, evidence_of, score
from citekit.resolve.outcome import (
    DOI_MISMATCH,
    DOI_NOT_FOUND,
    OFFLINE,
    REFERENCE_FIELDS,
    REMOTE_ERROR,
    TOO_LITTLE,
    UNREACHABLE,
    Miss,
    doi_of,
    fill,
    for_matching,
    guarded,
    is_reference,
    unresolved,
)
from citekit.resolve.query import bibliographic_query, clean_reference

if TYPE_CHECKING:
    # Imported when a client is made (habanero and httpx2 take a while to load): a
    # resolver with only a local index never needs them.
    from citekit.resolve.client import CrossrefClient
    from citekit.resolve.index import WorkIndex

__all__ = ["REFERENCE_FIELDS", "Resolver", "doi_of"]


_NOT_FOUND = {"missing": True}
_OFFLINE = Miss(OFFLINE, "offline")


class _Down(Exception):
    """Crossref is considered unreachable; ``miss`` is what to record for the items left."""

    def __init__(self, miss: Miss) -> None:
        super().__init__(miss.reason)
        self.miss = miss


def _failure(exc: _Down | ResolveError) -> Miss:
    """What a failed request leaves on the items that needed it."""
    return exc.miss if isinstance(exc, _Down) else Miss(REMOTE_ERROR, str(exc))


class Resolver:
    """Verifies and finds DOIs for records and their references (see the module docstring).

    Build one with :func:`citekit.resolve.make_resolver`. Thread-safe: one resolver may
    serve a pool of threads; limits, cache and memo are shared.

    :param client: the Crossref client, or ``None`` when offline.
    :param cache: the disk cache, or ``None``.
    :param rows: candidates asked for per search.
    :param workers: searches in flight at once within one :meth:`resolve_all`.
    :param batch_size: DOIs per ``filter=doi:...`` request.
    :param down_for: seconds Crossref is left alone after a network failure.
    :param index: a local index of Crossref works, asked before Crossref (and instead of
        it when ``client`` is ``None``); its matches say ``method: index``.
    :param index_rows: candidates taken from the index per search.
    """

    def __init__(
        self,
        client: CrossrefClient | None,
        cache: AnswerCache | None = None,
        *,
        rows: int = 10,
        workers: int = 3,
        batch_size: int = 50,
        down_for: float = 120.0,
        memo_size: int = 4096,
        index: WorkIndex | None = None,
        index_rows: int = 10,
    ) -> None:
        self.client = client
        self.index = index
        self.index_rows = index_rows
        self.cache = cache
        self.base_url = client.base_url if client is not None else ""
        self.rows = rows
        self.workers = max(1, workers)
        self.batch_size = max(1, min(batch_size, 100))
        self.down_for = down_for
        self._memo: OrderedDict[str, Any] = OrderedDict()
        self._memo_size = memo_size
        self._lock = threading.Lock()
        self._inflight: dict[str, threading.Event] = {}
        self._down: tuple[Miss, float] | None = None

    @property
    def offline(self) -> bool:
        """True when this resolver never contacts Crossref."""
        return self.client is None

    # -- public API -----------------------------------------------------------------

    def resolve(self, record: Record) -> Record:
        """The record with its DOI verified or found, and its references resolved.

        :param record: a CSL-JSON record (not modified).
        :returns: a new record; see :meth:`resolve_all`.
        """
        return self.resolve_all([record])[0]

    def resolve_all(self, records: Iterable[Record]) -> list[Record]:
        """Resolve many records at once (DOIs batched, identical references asked once).

        Fields the input had are never removed; ``DOI`` and ``custom.match`` are added,
        and fields missing from the input may be filled from Crossref (``custom.source``
        says which). A record that is only a DOI is filled entirely.

        :param records: CSL-JSON records (not modified).
        :returns: new records, same order.
        """
        out = [copy.deepcopy(dict(r)) for r in records]
        for record in out:
            if not isinstance(record.get("custom", {}), dict):
                record["custom"] = {}  # not citekit's shape; nothing of it can be kept anyway
            refs = record.get("custom", {}).get("references")
            if refs is not None and not isinstance(refs, list):
                record["custom"]["references"] = []
        # A top-level item that carries its reference string (``citekit refs``) is a
        # reference: it is filled like one (no abstracts, licences...).
        self._run([r for r in out if not is_reference(r)], top=True)
        references = [r for r in out if is_reference(r)]
        references += [
            ref
            for record in out
            for ref in (record.get("custom") or {}).get("references") or ()
            if isinstance(ref, dict) and isinstance(ref.get("custom", {}), dict)
        ]
        self._run(references, top=False)
        return out

    def close(self) -> None:
        """Flush the cache to disk and close connections."""
        if self.cache is not None:
            self.cache.close()
        if self.index is not None:
            self.index.close()
        if self.client is not None:
            self.client.close()

    def __enter__(self) -> Resolver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one phase -------------------------------------------------------------------

    def _run(self, items: Sequence[Record], *, top: bool) -> None:
        if not items:
            return
        if self.index is not None:
            items = self._from_index(self.index, items, top=top)
        if self.client is None:
            for item in items:
                unresolved(item, _OFFLINE)
            return
        with_doi = [i for i in items if doi_of(i)]
        searched = [i for i in items if not doi_of(i)]
        works = self._works([str(doi_of(i)) for i in with_doi], full=top)
        for item in with_doi:
            doi = str(doi_of(item)).lower()
            with guarded(item):
                self._verify(item, works.get(doi, "not fetched"), top=top)
        queries: dict[str, list[Record]] = {}
        for item in searched:
            query = bibliographic_query(item)
            if not query:
                unresolved(item, Miss(TOO_LITTLE, "too little to search for"))
                continue
            queries.setdefault(query, []).append(item)
        self._searches(queries, top=top)

    # -- DOIs ------------------------------------------------------------------------

    def _works(self, dois: Sequence[str], *, full: bool) -> dict[str, Any]:
        """``doi (lowercase) → work | _NOT_FOUND | Miss`` for every DOI."""
        found: dict[str, Any] = {}
        todo: list[str] = []
        for doi in dict.fromkeys(dois):
            key = doi.lower()
            cached = self._recall(doi_key(self.base_url, key))
            if cached is not MISSING and (not full or cached.get("missing") or cached.get("full")):
                found[key] = cached.get("work", _NOT_FOUND) if not cached.get("missing") else _NOT_FOUND
            else:
                todo.append(doi)
        alone = [d for d in todo if "," in d]
        grouped = [d for d in todo if "," not in d]
        if len(grouped) <= 2:
            alone, grouped = alone + grouped, []
        for doi in alone:
            found[doi.lower()] = self._fetch_one(doi, full=full)
        for start in range(0, len(grouped), self.batch_size):
            chunk = grouped[start : start + self.batch_size]
            found.update(self._fetch_many(chunk, full=full))
        return found

    def _fetch_one(self, doi: str, *, full: bool) -> Any:
        key = doi_key(self.base_url, doi)
        try:
            work = self._call(lambda client: client.work(doi))
        except NotFoundError:
            self._remember(key, {"missing": True}, negative=True)
            return _NOT_FOUND
        except (_Down, ResolveError) as exc:
            return _failure(exc)
        self._remember(key, {"full": True, "work": work})
        return work

    def _fetch_many(self, dois: Sequence[str], *, full: bool) -> dict[str, Any]:
        from citekit.resolve.client import SELECT

        try:
            works = self._call(lambda client: client.works_by_doi(dois, select=None if full else SELECT))
        except (_Down, ResolveError) as exc:
            return {d.lower(): _failure(exc) for d in dois}
        by_doi = {str(w.get("DOI", "")).lower(): w for w in works}
        out: dict[str, Any] = {}
        for doi in dois:
            key = doi.lower()
            work = by_doi.get(key)
            if work is None:
                self._remember(doi_key(self.base_url, key), {"missing": True}, negative=True)
                out[key] = _NOT_FOUND
            else:
                self._remember(doi_key(self.base_url, key), {"full": full, "work": work})
                out[key] = work
        return out

    def _verify(self, item: Record, work: Any, *, top: bool, method: str = "doi") -> None:
        if isinstance(work, Miss):
            unresolved(item, work)
            return
        if work is _NOT_FOUND or work.get("missing"):
            unresolved(item, Miss(DOI_NOT_FOUND, "DOI not found in Crossref"))
            return
        raw = str((item.get("custom") or {}).get("raw") or "")
        if (
            not item.get("title")
            and not item.get("author")
            and len(re.findall(r"[^\W\d_]{2,}", clean_reference(raw))) < 4
        ):
            # Only a DOI (a DOI given on the command line, "doi:10..." as a reference):
            # nothing to check it against; the record is Crossref's.
            fill(item, work, top=top, everything=not raw)
            item["custom"]["match"] = {
                "status": "verified",
                "score": 1.0,
                "method": method,
                "reasons": ["DOI in the index" if method == "index" else "DOI registered with Crossref"],
            }
            return
        scored = score(evidence_of(for_matching(item)), work)
        if scored.veto and scored.probability < 0.2:
            unresolved(item, Miss(DOI_MISMATCH, f"DOI points to another work ({scored.veto})"))
            item["custom"]["match"]["reasons"] = scored.reasons
            return
        fill(item, work, top=top)
        item["custom"]["match"] = {
            "status": "verified",
            "score": round(scored.probability, 3),
            "method": method,
            "reasons": scored.reasons,
        }

    # -- the local index ---------------------------------------------------------------

    def _from_index(self, index: WorkIndex, items: Sequence[Record], *, top: bool) -> list[Record]:
        """Resolve what the index can; the items left for Crossref. Offline, nothing is
        left: an item the index does not settle is marked with the index's answer."""
        offline = self.client is None
        rest: list[Record] = []
        with_doi = [i for i in items if doi_of(i)]
        works = index.get_many([str(doi_of(i)) for i in with_doi])
        for item in with_doi:
            work = works.get(str(doi_of(item)).lower())
            if work is not None:
                with guarded(item):
                    self._verify(item, work, top=top, method="index")
            elif offline:
                unresolved(item, Miss(OFFLINE, "not in the index; Crossref not contacted (offline)"))
            else:
                rest.append(item)
        queries: dict[str, list[Record]] = {}
        for item in items:
            if doi_of(item):
                continue
            query = bibliographic_query(item)
            if not query:
                unresolved(item, Miss(TOO_LITTLE, "too little to search for"))
            else:
                queries.setdefault(query, []).append(item)
        for query, group in queries.items():
            results = index.search(query, rows=self.index_rows)
            for item in group:
                with guarded(item):
                    miss = _matched(item, results, top=top, method="index")
                    if miss is None:
                        continue
                    if offline:
                        unresolved(item, Miss(miss.code, miss.reason.replace("in Crossref", "in the index")))
                    else:
                        rest.append(item)
        return rest

    # -- searches --------------------------------------------------------------------

    def _searches(self, queries: dict[str, list[Record]], *, top: bool) -> None:
        if not queries:
            return

        def one(query: str) -> None:
            group = queries[query]
            results = self._search(query)
            if isinstance(results, Miss):
                for item in group:
                    unresolved(item, results)
                return
            matched = False
            for item in group:
                with guarded(item):
                    miss = _matched(item, results, top=top, method="search")
                    if miss is not None:
                        unresolved(item, miss)
                        continue
                    matched = True
            if results and not matched and self.cache is not None:
                # Candidates but no match is a negative answer too: keep it only as long
                # as one, so that a work registered since is found on a later run.
                self.cache.put(query_key(self.base_url, query, self.rows), results, negative=True)

        if len(queries) == 1 or self.workers == 1:
            for query in queries:
                one(query)
            return
        with ThreadPoolExecutor(min(self.workers, len(queries)), thread_name_prefix="citekit-search") as pool:
            list(pool.map(one, queries))

    def _search(self, query: str) -> list[dict[str, Any]] | Miss:
        key = query_key(self.base_url, query, self.rows)
        while True:
            cached = self._recall(key)
            if cached is not MISSING:
                return list(cached)
            with self._lock:
                event = self._inflight.get(key)
                if event is None:
                    mine = self._inflight[key] = threading.Event()
                    break
            # The same query is being asked on another thread: wait and share its answer
            # (if it failed there, the next turn of the loop asks again, or meets the breaker).
            event.wait()
        outcome: list[dict[str, Any]] | Miss
        try:
            results = self._call(lambda client: client.search(query, rows=self.rows))
        except (_Down, ResolveError) as exc:
            outcome = _failure(exc)
        else:
            self._remember(key, results, negative=not results)
            outcome = results
        finally:
            with self._lock:
                self._inflight.pop(key, None)
            mine.set()
        return outcome

    # -- plumbing --------------------------------------------------------------------

    def _call(self, request: Callable[[CrossrefClient], Any]) -> Any:
        """Run one request unless Crossref is down; a network failure marks it down."""
        if self.client is None:
            raise _Down(_OFFLINE)
        with self._lock:
            if self._down is not None:
                miss, since = self._down
                if time.monotonic() - since < self.down_for:
                    raise _Down(miss)
                self._down = None
        try:
            return request(self.client)
        except NetworkError as exc:
            miss = Miss(UNREACHABLE, f"network error: {exc}")
            with self._lock:
                self._down = (miss, time.monotonic())
            raise _Down(miss) from exc
        except RemoteError as exc:
            if exc.status_code in (429, 500, 502, 503, 504):
                # Still failing after the backoff: give Crossref a rest too.
                with self._lock:
                    self._down = (Miss(REMOTE_ERROR, str(exc)), time.monotonic())
            raise

    def _recall(self, key: str) -> Any:
        with self._lock:
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]
        if self.cache is None:
            return MISSING
        value = self.cache.get(key)
        if value is not MISSING:
            self._memorize(key, value)
        return value

    def _remember(self, key: str, value: Any, *, negative: bool = False) -> None:
        self._memorize(key, value)
        if self.cache is not None:
            self.cache.put(key, value, negative=negative)

    def _memorize(self, key: str, value: Any) -> None:
        with self._lock:
            self._memo[key] = value
            self._memo.move_to_end(key)
            while len(self._memo) > self._memo_size:
                self._memo.popitem(last=False)


def _matched(item: Record, works: Sequence[dict[str, Any]], *, top: bool, method: str) -> Miss | None:
    """Fill ``item`` from the candidate it clearly means (``None``), or say why none."""
    winner, miss, _ = choose(evidence_of(for_matching(item)), works)
    if winner is None:
        return miss
    fill(item, winner.work, top=top)
    item["custom"]["match"] = {
        "status": "matched",
        "score": round(winner.probability, 3),
        "method": method,
        "reasons": winner.reasons,
    }
    return None
