"""Identifier lookups: a PMID, PMCID, arXiv id or ISBN points at a document a service
holds, and reading it means fetching that document.

::

    PMID:12345      NCBI E-utilities efetch, db=pubmed  → PubMed XML   (format "pubmed")
    PMCID:PMC123    NCBI E-utilities efetch, db=pmc     → JATS XML     (format "jats")
    arXiv:2101.1    arXiv API /query?id_list=           → Atom feed    (format "arxiv")
    ISBN:978…       Open Library /isbn/{isbn}.json, its work and authors → (format "openlibrary")
    DOI             Crossref, as before; DataCite /dois/{doi} when Crossref does not know it

:class:`Lookups` holds the settings (base URLs, NCBI API key, contact address, offline,
cache) and one polite client per service (:mod:`citekit.services.client`). Paces, from
each service's rules: NCBI 3 requests/s without an API key and 10/s with one; arXiv one
request every 3 s, one at a time; Open Library 1/s (its API asks heavy users to identify
themselves and go gently, without a number); DataCite 1/s anonymously and 3/s with a
contact address (its limits are per 5 minutes per IP: lower for anonymous callers,
1,000 when identified).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from citekit.errors import ReadError

if TYPE_CHECKING:
    from citekit.resolve.cache import AnswerCache
    from citekit.resolve.limiter import Backoff
    from citekit.services.client import ServiceClient
    from citekit.source import Identifier, Source

__all__ = ["DEFAULT_URLS", "ENV_URLS", "Lookups", "cache_beside", "lookup_source"]

log = logging.getLogger("citekit.services")

DEFAULT_URLS: dict[str, str] = {
    "pubmed": "https://eutils.ncbi.nlm.nih.gov/entrez/eutils",
    "arxiv": "https://export.arxiv.org/api",
    "openlibrary": "https://openlibrary.org",
    "datacite": "https://api.datacite.org",
}
ENV_URLS: dict[str, str] = {
    "pubmed": "CITEKIT_PUBMED_URL",
    "arxiv": "CITEKIT_ARXIV_URL",
    "openlibrary": "CITEKIT_OPENLIBRARY_URL",
    "datacite": "CITEKIT_DATACITE_URL",
}


def cache_beside(crossref_cache: str | os.PathLike[str] | None) -> Path | None:
    """The services' cache file beside a Crossref cache file (``answers.sqlite`` →
    ``answers-services.sqlite``); ``None`` for the default place."""
    if crossref_cache is None:
        return None
    path = Path(crossref_cache)
    return path.with_name(f"{path.stem}-services{path.suffix or '.sqlite'}")


class Lookups:
    """Settings and clients for the identifier services; thread-safe, a context manager.

    Every argument left ``None`` is read from the environment (``CITEKIT_PUBMED_URL``,
    ``CITEKIT_ARXIV_URL``, ``CITEKIT_OPENLIBRARY_URL``, ``CITEKIT_DATACITE_URL``,
    ``NCBI_API_KEY``, ``CITEKIT_MAILTO``), else the public service is used.

    :param pubmed_url: NCBI E-utilities root (``…/entrez/eutils``).
    :param arxiv_url: arXiv API root (``…/api``).
    :param openlibrary_url: Open Library root.
    :param datacite_url: DataCite REST API root.
    :param ncbi_api_key: NCBI API key (10 requests/s instead of 3).
    :param mailto: contact address sent to the services that ask for one.
    :param offline: never send a request (cached answers are still used).
    :param timeout: seconds per request.
    :param cache: the SQLite answer cache of the services (default: ``services.sqlite``
        beside Crossref's cache; a file of its own, because two connections writing one
        SQLite file wait for each other's transactions).
    :param use_cache: ``False`` neither reads nor writes the cache.
    :param rates: requests/s per service name, overriding the services' rules (tests and
        mirrors you run yourself only).
    :param backoff: retry policy for 429/5xx answers and broken connections.
    """

    def __init__(
        self,
        *,
        pubmed_url: str | None = None,
        arxiv_url: str | None = None,
        openlibrary_url: str | None = None,
        datacite_url: str | None = None,
        ncbi_api_key: str | None = None,
        mailto: str | None = None,
        offline: bool = False,
        timeout: float = 20.0,
        cache: str | os.PathLike[str] | None = None,
        use_cache: bool = True,
        rates: Mapping[str, float] | None = None,
        backoff: Backoff | None = None,
    ) -> None:
        if timeout <= 0:
            raise ValueError(f"timeout must be positive, not {timeout!r}")
        given = {"pubmed": pubmed_url, "arxiv": arxiv_url, "openlibrary": openlibrary_url, "datacite": datacite_url}
        self.urls = {
            name: (given[name] or os.environ.get(ENV_URLS[name]) or DEFAULT_URLS[name]).rstrip("/")
            for name in DEFAULT_URLS
        }
        self.ncbi_api_key = ncbi_api_key or os.environ.get("NCBI_API_KEY") or None
        self.mailto = mailto or os.environ.get("CITEKIT_MAILTO") or None
        self.offline = offline
        self.timeout = timeout
        self.cache_path = cache
        self.use_cache = use_cache
        self.rates = dict(rates or {})
        self.backoff = backoff
        self._lock = threading.Lock()
        self._clients: dict[str, ServiceClient] = {}
        self._cache: AnswerCache | None = None
        self._cache_tried = False
        self._session: Any = None

    def __enter__(self) -> Lookups:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Flush the cache and close connections (the object stays usable: both reopen)."""
        with self._lock:
            if self._cache is not None:
                self._cache.close()
            if self._session is not None:
                self._session.close()
            self._clients.clear()
            self._cache, self._cache_tried, self._session = None, False, None

    @property
    def user_agent(self) -> str:
        """The User-Agent sent to every service (with the contact address when known)."""
        from citekit.source import USER_AGENT

        return f"{USER_AGENT[:-1]}; mailto:{self.mailto})" if self.mailto else USER_AGENT

    def client(self, service: str) -> ServiceClient:
        """The polite client of ``service`` (``pubmed``, ``arxiv``, ``openlibrary``, ``datacite``).

        :raises ValueError: an unknown service name.
        """
        if service not in DEFAULT_URLS:
            raise ValueError(f"unknown service {service!r} (known: {', '.join(DEFAULT_URLS)})")
        with self._lock:
            found = self._clients.get(service)
            if found is not None:
                return found
            from citekit.services.client import Policy, ServiceClient

            policy = self._policy(service)
            if service in self.rates:
                policy = Policy(policy.name, float(self.rates[service]), policy.concurrency)
            if self._session is None:
                import requests

                self._session = requests.Session()
            made = ServiceClient(
                self.urls[service],
                policy,
                session=self._session,
                timeout=self.timeout,
                cache=self._answers(),
                offline=self.offline,
                user_agent=self.user_agent,
                backoff=self.backoff,
            )
            self._clients[service] = made
            return made

    def _policy(self, service: str) -> Any:
        from citekit.services.client import Policy

        if service == "pubmed":
            return Policy("NCBI E-utilities", 10.0 if self.ncbi_api_key else 3.0, 3)
        if service == "arxiv":
            return Policy("arXiv", 1 / 3, 1)
        if service == "openlibrary":
            return Policy("Open Library", 1.0, 1)
        return Policy("DataCite", 3.0 if self.mailto else 1.0, 2)

    def _answers(self) -> AnswerCache | None:
        """The answer cache, opened on first use (called under the lock)."""
        if not self.use_cache or self._cache_tried:
            return self._cache
        self._cache_tried = True
        from citekit.resolve.cache import AnswerCache, default_path

        path = self.cache_path if self.cache_path is not None else default_path().with_name("services.sqlite")
        try:
            # Committed at every answer: a lookup is one request at most, and a write left
            # pending would hold the file's lock against another process of the same user.
            self._cache = AnswerCache(path, commit_every=1)
        except (OSError, sqlite3.Error) as exc:
            log.warning("citekit: cannot use the cache %s (%s); looking up without it", path, exc)
        return self._cache


def lookup_source(
    identifier: Identifier, *, origin: str, lookups: Lookups | None = None, timeout: float = 20.0
) -> Source:
    """The document ``identifier`` points at, fetched from its service.

    :param identifier: what :func:`citekit.source.identify` found.
    :param origin: the input as written (named in messages and kept in records).
    :param lookups: the settings and clients to use; ``None``: from the environment, for
        this one call.
    :param timeout: seconds per request when ``lookups`` is ``None``.
    :returns: the document as a :class:`~citekit.source.Source` in its own format.
    :raises ReadError: the service does not know it, cannot be reached, answers an error,
        or is not asked because offline.
    """
    own = lookups is None
    active = Lookups(timeout=timeout) if lookups is None else lookups
    try:
        if identifier.kind == "pmid":
            from citekit.services.pubmed import fetch_pubmed

            return fetch_pubmed(active, identifier.value, origin)
        if identifier.kind == "pmcid":
            from citekit.services.pubmed import fetch_pmc

            return fetch_pmc(active, identifier.value, origin)
        if identifier.kind == "arxiv":
            from citekit.services.arxiv import fetch_arxiv

            return fetch_arxiv(active, identifier.value, origin)
        if identifier.kind == "isbn":
            from citekit.services.openlibrary import fetch_isbn

            return fetch_isbn(active, identifier.value, origin)
        raise ReadError(f"no service looks up {identifier.kind} identifiers", origin=origin)
    finally:
        if own:
            active.close()
