"""What the server's routes do, as blocking functions with no web framework in them.

:class:`Service` holds what every request shares — the Crossref resolver (rate limits,
answer cache, memo) and the polite page fetcher (per-host pacing, robots.txt, size cap)
— and turns one request's input into records: :meth:`~Service.web` (a URL),
:meth:`~Service.search` (an identifier), :meth:`~Service.import_text` (BibTeX, RIS,
CSL-JSON, MEDLINE, PubMed/JATS XML) and :meth:`~Service.cite` (anything the page
takes). Each goes through the command line's path: read → parse → resolve.

An answer other than success is a :class:`Problem`: an HTTP status and a one-line
message, chosen as translation-server chooses them (its ``webSession.js`` and
``searchEndpoint.js``), except where translation-server answers a bare 500: here that
is 502 when a remote site or Crossref failed, 503 when Crossref is switched off
(``--offline``), and 400 when the input itself cannot be translated.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import os
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from citekit.errors import CitekitError, NotFoundError, ParseError, ReadError
from citekit.formats import MEDIA_TYPES, detect
from citekit.pipeline import Outcome, process, resolve_outcome
from citekit.record import Record, find_doi, normalize_doi
from citekit.serve.identify import Identifier, extract
from citekit.source import MAX_BYTES, Source, is_url, read

__all__ = ["Problem", "RemoteStatus", "Service", "Settings"]

# Statuses PoliteFetcher retries itself (with backoff) before giving up.
_RETRIED = frozenset({429, 500, 502, 503, 504})
_DOI_URL = re.compile(r"^https?://(?:dx\.)?doi\.org/", re.IGNORECASE)
# Not bibliographic files: a page or free text, for /web and /cite but not /import.
_PAGES = frozenset({"html", "text"})


@dataclass(frozen=True, slots=True)
class Settings:
    """How the server reaches the outside world (the command line's Crossref options).

    :ivar crossref_url: Crossref API root (``None``: env or the public API).
    :ivar mailto: contact address for Crossref's polite pool.
    :ivar cache: the SQLite answer cache (``None``: the user cache directory).
    :ivar use_cache: read and write the answer cache.
    :ivar offline: never contact Crossref.
    :ivar index: a local index of Crossref works, asked first.
    :ivar timeout: seconds per Crossref request or page fetch.
    :ivar max_bytes: the largest page, or request body, accepted.
    :ivar per_host_interval: seconds between two fetches from one web site.
    :ivar respect_robots: skip pages a site's robots.txt disallows.
    :ivar public_only: fetch pages from public addresses only, never from loopback,
        private-network, link-local or reserved ones (a server others can reach must not
        fetch its own network's pages, or a cloud's metadata service, for them).
    :ivar threads: blocking jobs of each kind running at once (lookups that wait on
        pages or Crossref; local parsing, export and formatting).
    :ivar lookups: the identifier services' settings and clients (a
        :class:`citekit.services.Lookups`, PubMed, arXiv, Open Library, DataCite), left
        open by the service; ``None`` builds one from these settings and the environment.
    """

    crossref_url: str | None = None
    mailto: str | None = None
    cache: str | None = None
    use_cache: bool = True
    offline: bool = False
    index: str | None = None
    timeout: float = 20.0
    max_bytes: int = MAX_BYTES
    per_host_interval: float = 1.0
    respect_robots: bool = True
    public_only: bool = False
    threads: int = 8
    lookups: Any = None


class Problem(Exception):
    """An answer other than success: an HTTP status and a one-line message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class RemoteStatus(Exception):
    """A web site answered an error status that is not worth retrying (404, 403...)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(f"HTTP {status} {reason}".strip())
        self.status = status


class _StatusAware:
    """A ``requests.Session`` whose error answers for pages raise :class:`RemoteStatus`
    (robots.txt answers pass: a missing robots.txt allows everything), so /web can tell
    a missing page (400 "Remote page not found") from a site that failed."""

    def __init__(self, session: Any) -> None:
        self.session = session

    def __getattr__(self, name: str) -> Any:
        return getattr(self.session, name)

    def get(self, url: str, **kwargs: Any) -> Any:
        response = self.session.get(url, **kwargs)
        status = int(response.status_code)
        if status >= 400 and status not in _RETRIED and urllib.parse.urlsplit(url).path != "/robots.txt":
            reason = str(response.reason or "")
            response.close()
            raise RemoteStatus(status, reason)
        return response


def _today() -> dict[str, Any]:
    today = datetime.datetime.now(datetime.UTC).date()
    return {"date-parts": [[today.year, today.month, today.day]]}


def _doi_in_url(url: str) -> str | None:
    """The DOI a URL holds (``/doi/10.1000/xyz?...``), query and fragment cut off."""
    doi = find_doi(urllib.parse.unquote(url))
    return re.sub(r"[?&#].*", "", doi) if doi else None


def _webpage(source: Source) -> Record | None:
    """Zotero's fallback for a page no translator understands: a ``webpage`` item from
    its ``<title>`` and meta description (``None`` without a head and a title)."""
    if source.format != "html":
        return None
    import lxml.html

    try:
        document = lxml.html.document_fromstring(source.text.encode("utf-8"))
    except (ValueError, lxml.etree.ParserError):
        return None
    head = document.find("head")
    title = " ".join((document.findtext(".//title") or "").split())
    if head is None or not title:
        return None
    record: Record = {"type": "webpage", "title": title, "URL": source.origin}
    description = head.xpath("string(.//meta[@name='description']/@content)")
    if description:
        record["abstract"] = " ".join(str(description).split())
    from citekit.record import normalize

    return normalize(record, default_type="webpage")


class Service:
    """The shared clients and the work behind each route (thread-safe).

    :param settings: the command line's Crossref and fetching options.
    :param resolver: a resolver to use instead of building one (tests pass their own).
    """

    def __init__(self, settings: Settings, *, resolver: Any = None) -> None:
        from citekit.fetch import PoliteFetcher
        from citekit.resolve import make_resolver

        self.settings = settings
        self.resolver = resolver or make_resolver(
            base_url=settings.crossref_url,
            mailto=settings.mailto,
            cache=settings.cache,
            use_cache=settings.use_cache,
            timeout=settings.timeout,
            offline=settings.offline,
            index=settings.index,
        )
        self.fetcher = PoliteFetcher(
            per_host_interval=settings.per_host_interval,
            retries=1,
            timeout=settings.timeout,
            respect_robots=settings.respect_robots,
            max_bytes=settings.max_bytes,
            public_only=settings.public_only,
        )
        self.fetcher.session = cast(Any, _StatusAware(self.fetcher.session))
        self._own_lookups = settings.lookups is None
        if settings.lookups is None:
            from citekit.services import Lookups, cache_beside

            self.lookups: Any = Lookups(
                mailto=settings.mailto,
                offline=settings.offline,
                timeout=settings.timeout,
                cache=cache_beside(settings.cache),
                use_cache=settings.use_cache,
            )
        else:
            self.lookups = settings.lookups

    def close(self) -> None:
        """Flush the answer caches and close connections."""
        self.fetcher.close()
        self.resolver.close()
        if self._own_lookups:
            self.lookups.close()

    # -- resolution ------------------------------------------------------------------

    def _resolved(self, outcome: Outcome) -> list[Record]:
        """The outcome's records resolved against Crossref, without their reference lists
        (Zotero items carry none, so their references are not worth Crossref's time)."""
        bare = tuple({k: v for k, v in r.items() if k != "custom"} | {"custom": _custom(r)} for r in outcome.records)
        resolved = resolve_outcome(dataclasses.replace(outcome, records=bare), self.resolver, lookups=self.lookups)
        if resolved.error is not None:
            raise Problem(501, "No items returned from any translator")
        return list(resolved.records)

    def _filled(self, records: list[Record]) -> list[Record]:
        """``records`` unless lookup left them empty (an identifier and nothing else)."""
        if any(r.get("title") for r in records):
            return records
        if self.resolver.offline:
            raise Problem(503, "identifier lookups are switched off (citekit serve --offline)")
        reason = next((str(r["custom"]["match"].get("reason")) for r in records if _match(r)), "no answer")
        raise Problem(502, f"An error occurred during translation: {reason}")

    # -- routes ----------------------------------------------------------------------

    def lookup(self, identifier: Identifier) -> list[Record]:
        """Records for one identifier through the command line's path (read, parse, resolve).

        :raises Problem: 501 when the path knows no such identifier or the registry has no
            such work; 502/503 when the registry cannot be asked.
        """
        item = identifier.input
        if os.path.exists(item):
            # read() would open a local file of that name: never, for a web request.
            raise Problem(501, "No translators available")
        try:
            source = read(item, timeout=self.settings.timeout, max_bytes=self.settings.max_bytes, lookups=self.lookups)
        except ReadError as exc:
            if isinstance(exc.__cause__, FileNotFoundError):  # taken for a path: not an identifier read() knows
                raise Problem(501, "No translators available") from exc
            if exc.transient:  # the service could not be reached, or kept failing
                raise Problem(502, f"An error occurred during translation: {exc.describe()}") from exc
            if self.lookups.offline:
                raise Problem(503, "identifier lookups are switched off (citekit serve --offline)") from exc
            raise Problem(501, "No items returned from any translator") from exc  # the service has no such work
        outcome = process(source, timeout=self.settings.timeout, lookups=self.lookups)
        if isinstance(outcome.error, (ParseError, NotFoundError)):
            raise Problem(501, "No items returned from any translator")
        if outcome.error is not None:
            raise Problem(502, f"An error occurred during translation: {outcome.error.describe()}")
        return self._filled(self._resolved(outcome))

    def search(self, text: str) -> list[Record]:
        """``POST /search``: the records for the identifier in ``text``.

        :raises Problem: 501 "No identifiers found" for text without one (translation-server
            without a text-search backend answers the same); see :meth:`lookup`.
        """
        identifier = extract(text)
        if identifier is None:
            raise Problem(501, "No identifiers found")
        return self.lookup(identifier)

    def web(self, url: str) -> list[Record]:
        """``POST /web``: the records a page holds (a DOI in its URL when the page fails).

        :raises Problem: 400 for a missing page or one that is not a text format; 501
            when nothing bibliographic is found; 502 when the site cannot be reached.
        """
        if _DOI_URL.match(url):
            doi = normalize_doi(url)
            if doi:
                return self.lookup(Identifier("DOI", doi))
        try:
            source = self.fetcher.get(url)
        except RemoteStatus as exc:
            if exc.status in (404, 410):
                raise Problem(400, "Remote page not found") from exc
            return self._doi_fallback(url, Problem(502, f"An error occurred retrieving the document: {exc}"))
        except ReadError as exc:
            # An error with a cause is the network's or the site's (connection, 5xx after
            # retries); without one it is the document's (binary, too large, disallowed).
            status = 502 if exc.__cause__ is not None else 400
            return self._doi_fallback(url, Problem(status, f"An error occurred retrieving the document: {exc}"))
        except CitekitError as exc:  # read, but in no format citekit reads (XML of another kind)
            problem = Problem(400, f"The remote document is not in a supported format: {exc}")
            return self._doi_fallback(url, problem)
        outcome = process(source, timeout=self.settings.timeout)
        if outcome.error is not None:
            page = _webpage(source)
            if page is None:
                return self._doi_fallback(url, Problem(501, "No translators available"))
            outcome = Outcome(url, (page,))
        # The page's address, as translation-server gives it (not the DOI link Crossref has)
        located = tuple(
            {**r, "URL": r.get("URL") or url, "accessed": r.get("accessed") or _today()} for r in outcome.records
        )
        return self._resolved(dataclasses.replace(outcome, records=located))

    def _doi_fallback(self, url: str, problem: Problem) -> list[Record]:
        doi = _doi_in_url(url)
        if doi is None:
            raise problem
        return self.lookup(Identifier("DOI", doi))

    def import_text(self, text: str) -> tuple[list[Record], str]:
        """``POST /import``: records from a bibliographic file's text; nothing is fetched.

        :returns: the records and the format they were read as.
        :raises Problem: 400 when the text is no format citekit imports, or is malformed.
        """
        fmt = _format_of(text)
        if fmt in _PAGES:
            raise Problem(400, "No suitable translators found")
        try:
            from citekit.parsers import parse

            records = parse(Source(text=text, media_type=MEDIA_TYPES.get(fmt, "text/plain"), origin="import"))
        except CitekitError as exc:
            raise Problem(400, exc.describe()) from exc
        return [_without_references(r) for r in records], fmt

    def cite(self, text: str) -> tuple[list[Record], list[str]]:
        """What the page's one input takes: a bibliographic file, or lines of URLs,
        identifiers and references (a pasted reference list is split into references).

        :returns: the records in input order, and one ``input: problem`` line per input
            that gave none.
        :raises Problem: 400 for an empty input.
        """
        if not text.strip():
            raise Problem(400, "nothing to cite: paste a URL, DOI, PMID, arXiv id, ISBN, references, BibTeX or RIS")
        if _format_of(text) not in _PAGES:
            records, _ = self.import_text(text)
            return records, []
        results: list[list[Record]] = []
        problems: list[str] = []
        block: list[str] = []

        def run(line: str, job: Callable[[], list[Record]]) -> None:
            try:
                results.append(job())
            except Problem as exc:
                problems.append(f"{line}: {exc.message}")

        for line in [*(line.strip() for line in text.splitlines()), ""]:
            identifier = extract(line) if line and len(line.split()) <= 3 else None
            if line and not is_url(line) and not _DOI_URL.match(line) and identifier is None:
                block.append(line)
                continue
            if block:
                results.append(self._references(block))
                block = []
            if not line:
                continue
            if identifier is not None and not is_url(line):
                run(line, functools.partial(self.lookup, identifier))
            else:
                run(line, functools.partial(self.web, line))
        return [r for group in results for r in group], problems

    def _references(self, lines: list[str]) -> list[Record]:
        from citekit.parsers.refs.reference import parse_references, split_references

        parsed = [r for r in parse_references(split_references("\n".join(lines))) if r]
        return list(self.resolver.resolve_all(parsed))


def _format_of(text: str) -> str:
    """The format of pasted text; text in no format citekit reads (XML of another kind)
    is a 400 naming what it is."""
    try:
        return detect(text)
    except CitekitError as exc:
        raise Problem(400, f"No suitable translators found: {exc}") from exc


def _custom(record: Record) -> dict[str, Any]:
    return {k: v for k, v in (record.get("custom") or {}).items() if k != "references"}


def _without_references(record: Record) -> Record:
    return {**record, "custom": _custom(record)}


def _match(record: Record) -> bool:
    return isinstance((record.get("custom") or {}).get("match"), dict)
