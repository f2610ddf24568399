"""Loopback stand-ins for the identifier services, each speaking its service's format, for
tests (and demonstrations) that must not touch the real ones.

- :class:`PubMedStandIn`: NCBI E-utilities ``efetch.fcgi`` — ``db=pubmed`` answers a
  ``PubmedArticleSet`` of the requested PMIDs (empty for unknown ones), ``db=pmc`` a
  ``pmc-articleset`` holding the JATS article (or PMC's ``<error>``); a malformed id gets
  an ``eFetchResult`` ``<ERROR>``. With ``enforce=True`` it answers NCBI's 429 JSON to a
  client exceeding 3 requests/s (10/s with an ``api_key``).
- :class:`ArxivStandIn`: the arXiv API ``/query?id_list=`` — an Atom feed of the entries
  (``opensearch:totalResults`` 0 for unknown ids; a 400 with an error entry under
  ``arxiv.org/api/errors`` for malformed ones).
- :class:`OpenLibraryStandIn`: ``/isbn/{isbn}.json`` (a 302 to ``/books/OL…M.json``),
  ``/books``, ``/works`` and ``/authors`` documents, Open Library's ``notfound`` 404.
- :class:`DataCiteStandIn`: DataCite's REST API ``/dois/{doi}`` (JSON:API) and its 404.

Every stand-in logs the requests it answered (``log``: monotonic time and path), can be
told to fail the next requests with given statuses (``fail_next``) and adds ``latency``.
:func:`serve` (:func:`citekit.testing.serve`) runs one on a loopback server and yields its base URL.
"""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.parse
from collections import Counter, deque
from collections.abc import Iterable, Mapping
from typing import Any

from citekit.testing import serve

__all__ = ["ArxivStandIn", "DataCiteStandIn", "OpenLibraryStandIn", "PubMedStandIn", "ServiceStandIn", "serve"]

Reply = tuple[int, dict[str, str], bytes]
Query = Mapping[str, list[str]]


class ServiceStandIn:
    """What every stand-in shares: the request log, forced failures, a rate limit.

    :param limit: requests allowed per ``interval`` when enforced (``None``: no limit).
    :param interval: the window of ``limit``, in seconds.
    :param latency: seconds added to every answer.
    """

    def __init__(self, *, limit: int | None = None, interval: float = 1.0, latency: float = 0.0) -> None:
        self.limit = limit
        self.interval = interval
        self.latency = latency
        self.log: list[tuple[float, str]] = []
        self.statuses: Counter[int] = Counter()
        self.fail_next: deque[int] = deque()
        self._recent: deque[float] = deque()
        self._lock = threading.Lock()

    @property
    def requests(self) -> int:
        """How many requests were answered."""
        return len(self.log)

    def handle(self, path: str, query: Query) -> Reply:
        """Answer one GET: ``(status, headers, body)``."""
        with self._lock:
            now = time.monotonic()
            self.log.append((now, path + ("?" + urllib.parse.urlencode(query, doseq=True) if query else "")))
            forced = self.fail_next.popleft() if self.fail_next else None
            refused = forced is None and self._over(now, query)
        if self.latency:
            time.sleep(self.latency)
        if forced is not None:
            reply = self.failure(forced)
        elif refused:
            reply = self.too_many()
        else:
            reply = self.route(path, query)
        with self._lock:
            self.statuses[reply[0]] += 1
        return reply

    def _over(self, now: float, query: Query) -> bool:
        limit = self.limit_for(query)
        if limit is None:
            return False
        while self._recent and now - self._recent[0] >= self.interval:
            self._recent.popleft()
        if len(self._recent) >= limit:
            return True
        self._recent.append(now)
        return False

    def limit_for(self, query: Query) -> int | None:
        """The limit that applies to a request with ``query``."""
        return self.limit

    def failure(self, status: int) -> Reply:
        """A forced failure answer (a 429 is this service's own)."""
        if status == 429:
            return self.too_many()
        return text(status, f"Service unavailable ({status})")

    def too_many(self) -> Reply:
        """This service's answer to a client going too fast."""
        return text(429, "Too Many Requests")

    def route(self, path: str, query: Query) -> Reply:
        """The answer to a request within the limits."""
        raise NotImplementedError


def text(status: int, body: str, content_type: str = "text/plain; charset=utf-8", **headers: str) -> Reply:
    """A reply with a text body."""
    return status, {"Content-Type": content_type, **headers}, body.encode("utf-8")


def as_json(status: int, value: Any) -> Reply:
    """A reply with a JSON body."""
    return text(status, json.dumps(value, ensure_ascii=False), "application/json; charset=utf-8")


def _first(query: Query, name: str) -> str:
    values = query.get(name) or [""]
    return values[0]


# -- NCBI E-utilities ---------------------------------------------------------------------

_PUBMED_HEAD = (
    '<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN"'
    ' "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
)


class PubMedStandIn(ServiceStandIn):
    """NCBI E-utilities ``efetch`` over PubMed XML documents and PMC JATS articles.

    :param documents: PubMed XML texts; every ``PubmedArticle``/``PubmedBookArticle`` in
        them is served under its PMID.
    :param pmc: PMCID (``PMC123``) → a JATS ``<article>`` text.
    :param enforce: answer 429 beyond NCBI's limits (3/s, 10/s with an ``api_key``).
    """

    def __init__(
        self, documents: Iterable[str] = (), pmc: Mapping[str, str] | None = None, *, enforce: bool = False, **kw: Any
    ) -> None:
        super().__init__(**kw)
        from lxml import etree

        self.enforce = enforce
        self.records: dict[str, str] = {}
        for document in documents:
            parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
            root = etree.fromstring(document.encode("utf-8"), parser)
            for element in root.iter("PubmedArticle", "PubmedBookArticle"):
                pmid = element.findtext(".//PMID") or ""
                self.records[pmid.strip()] = etree.tostring(element, encoding=str)
        self.pmc = {k.upper().removeprefix("PMC"): v for k, v in (pmc or {}).items()}
        self.api_keys: list[str] = []

    def limit_for(self, query: Query) -> int | None:
        if not self.enforce:
            return self.limit
        return 10 if _first(query, "api_key") else 3

    def too_many(self) -> Reply:
        body = {"error": "API rate limit exceeded", "api-key": "127.0.0.1", "count": "4", "limit": "3"}
        return as_json(429, body)

    def route(self, path: str, query: Query) -> Reply:
        if not path.endswith("/efetch.fcgi"):
            return text(404, "Not Found")
        if _first(query, "api_key"):
            self.api_keys.append(_first(query, "api_key"))
        ids = [i.strip() for i in _first(query, "id").split(",") if i.strip()]
        db = _first(query, "db")
        if db not in ("pubmed", "pmc"):
            return text(400, f"Invalid db name specified: {db}", "text/xml; charset=UTF-8")
        if not ids or not all(i.isdigit() for i in ids):
            error = "Empty id list - nothing todo" if not ids else f"Invalid uid {ids[0]}"
            body = f'<?xml version="1.0" encoding="UTF-8" ?>\n<eFetchResult>\n\t<ERROR>{error}</ERROR>\n</eFetchResult>'
            return text(200, body, "text/xml; charset=UTF-8")
        if db == "pmc":
            missing = '<error id="{0}">The following PMCID is not available: {0}</error>'
            parts = [self.pmc.get(i) or missing.format(i) for i in ids]
            body = '<?xml version="1.0"  ?>\n<pmc-articleset>' + "".join(parts) + "</pmc-articleset>"
            return text(200, body, "text/xml; charset=UTF-8")
        found = [self.records[i] for i in ids if i in self.records]
        body = _PUBMED_HEAD + "<PubmedArticleSet>\n" + "\n".join(found) + "\n</PubmedArticleSet>"
        return text(200, body, "text/xml; charset=UTF-8")


# -- arXiv ----------------------------------------------------------------------------------

_ARXIV_ID = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$")
_FEED = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"'
    ' xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom">\n'
    '  <id>https://arxiv.org/api/query</id>\n  <title>arXiv Query: id_list={ids}</title>\n'
    "  <updated>2025-01-01T00:00:00Z</updated>\n"
    "  <opensearch:totalResults>{total}</opensearch:totalResults>\n"
    "  <opensearch:startIndex>0</opensearch:startIndex>\n"
    "  <opensearch:itemsPerPage>{total}</opensearch:itemsPerPage>\n{entries}</feed>\n"
)


class ArxivStandIn(ServiceStandIn):
    """The arXiv API's ``/query`` over ``<entry>`` elements.

    :param feeds: Atom feeds (as arXiv answers them); every entry is served under its id
        (with and without its version).
    """

    def __init__(self, feeds: Iterable[str] = (), **kw: Any) -> None:
        super().__init__(**kw)
        self.entries: dict[str, str] = {}
        for feed in feeds:
            for entry in re.findall(r"<entry>.*?</entry>", feed, re.DOTALL):
                found = re.search(r"<id>\s*https?://arxiv\.org/abs/(.+?)(v\d+)?\s*</id>", entry)
                if found:
                    self.entries[found.group(1)] = entry

    def too_many(self) -> Reply:
        return text(503, "Rate exceeded.", **{"Retry-After": "3"})

    def route(self, path: str, query: Query) -> Reply:
        if not path.endswith("/query"):
            return text(404, "Not Found")
        ids = [i.strip() for i in _first(query, "id_list").split(",") if i.strip()]
        bad = next((i for i in ids if not _ARXIV_ID.match(i)), None)
        if bad is not None:
            entry = (
                f"<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_{bad}</id><title>Error</title>"
                f"<summary>incorrect id format for {bad}</summary><updated>2025-01-01T00:00:00Z</updated>"
                '<link href="http://arxiv.org/api/errors#incorrect_id_format" rel="alternate" type="text/html"/>'
                "<author><name>arXiv api core</name></author></entry>\n"
            )
            return text(400, _FEED.format(ids=bad, total=1, entries=entry), "application/atom+xml; charset=UTF-8")
        found = [self.entries[re.sub(r"v\d+$", "", i)] for i in ids if re.sub(r"v\d+$", "", i) in self.entries]
        body = _FEED.format(ids=",".join(ids), total=len(found), entries="\n".join(found))
        return text(200, body, "application/atom+xml; charset=UTF-8")


# -- Open Library ---------------------------------------------------------------------------


class OpenLibraryStandIn(ServiceStandIn):
    """Open Library's edition, work and author documents, and its ISBN redirects.

    :param documents: edition, work and author JSON objects (each with its ``key``).
    """

    def __init__(self, documents: Iterable[Mapping[str, Any]] = (), **kw: Any) -> None:
        super().__init__(**kw)
        self.documents: dict[str, Mapping[str, Any]] = {}
        self.isbns: dict[str, str] = {}
        for document in documents:
            key = str(document.get("key") or "")
            self.documents[key] = document
            for isbn in [*(document.get("isbn_10") or []), *(document.get("isbn_13") or [])]:
                self.isbns[re.sub(r"[^\dX]", "", str(isbn).upper())] = key

    def route(self, path: str, query: Query) -> Reply:
        isbn = re.fullmatch(r"/isbn/([\dXx-]+)\.json", path)
        if isbn:
            key = self.isbns.get(isbn.group(1).replace("-", "").upper())
            if key is None:
                return as_json(404, {"error": "notfound", "key": f"/isbn/{isbn.group(1)}"})
            return text(302, "", "text/plain", Location=f"{key}.json")
        document = re.fullmatch(r"(/(?:books|works|authors)/OL\d+[MWA])\.json", path)
        if document and document.group(1) in self.documents:
            return as_json(200, self.documents[document.group(1)])
        return as_json(404, {"error": "notfound", "key": path.removesuffix(".json")})


# -- DataCite -------------------------------------------------------------------------------


class DataCiteStandIn(ServiceStandIn):
    """DataCite's REST API ``/dois/{doi}`` over DataCite attribute records.

    :param records: DataCite attributes (each with its ``doi``).
    """

    def __init__(self, records: Iterable[Mapping[str, Any]] = (), **kw: Any) -> None:
        super().__init__(**kw)
        self.records = {str(r.get("doi") or "").lower(): r for r in records}

    def route(self, path: str, query: Query) -> Reply:
        match = re.fullmatch(r"/dois/(10\..+)", urllib.parse.unquote(path))
        record = self.records.get(match.group(1).lower()) if match else None
        if record is None:
            errors = [{"status": "404", "title": "The resource you are looking for doesn't exist."}]
            return text(404, json.dumps({"errors": errors}), "application/vnd.api+json; charset=utf-8")
        body = {
            "data": {
                "id": str(record.get("doi")).lower(),
                "type": "dois",
                "attributes": record,
                "relationships": {"client": {"data": {"id": "example.repository", "type": "clients"}}},
            }
        }
        return text(200, json.dumps(body, ensure_ascii=False), "application/vnd.api+json; charset=utf-8")
