"""Crossref over HTTP: habanero, made polite. The only module importing habanero or httpx2.

habanero builds the requests (routes, filters, field queries, ``select``, the
User-Agent with ``mailto``) and parses the answers, but it sends every request through
the module-level ``httpx2.get``: it neither shows response headers nor retries, and it
opens a new connection each time. :class:`_HttpxShim` stands in for the ``httpx2``
module inside habanero's two request modules. Outside a citekit call it simply forwards
to ``httpx2.get``; inside one (a thread-local session is set) it waits for the rate
limiter slot of the route kind right before sending, sends through a pooled
``httpx2.Client`` (keep-alive), and keeps the response so that the rate-limit headers
and ``Retry-After`` can be read. If a future habanero no longer has those module
attributes, the shim is not installed and the limiter slot is taken just before the
habanero call instead: slower to adapt, still polite.

Errors are translated into citekit's, always ``from`` the original:
``habanero.RequestError`` → :class:`RemoteError` (:class:`NotFoundError` on 404),
``httpx2.HTTPStatusError`` → :class:`NotFoundError` on 404 else :class:`RemoteError`,
``httpx2.TransportError`` and habanero's ``RuntimeError`` → :class:`NetworkError`.
429 and 5xx answers are retried with exponential backoff and jitter.

Every request keeps to ``timeout`` in all, from connecting to the last byte of the answer
(a :func:`citekit.net.deadline` around it; the pooled client is made by
:func:`citekit.net.httpx_client`), and reads at most :data:`MAX_ANSWER_BYTES`. No wait a
server asks for is taken blindly: a ``Retry-After`` or a rate-limit slot further away
than ``min(timeout, 60 s)`` fails the request at once with one line instead.
"""

from __future__ import annotations

import importlib
import logging
import threading
import urllib.parse
from collections.abc import Callable, Sequence
from typing import Any

import habanero
import httpx2

from citekit import __version__, net
from citekit.errors import NetworkError, NotFoundError, RemoteError, ResolveError
from citekit.resolve.limiter import LIST, SINGLE, Politeness, WaitTooLong

__all__ = ["MAX_ANSWER_BYTES", "SELECT", "CrossrefClient"]

log = logging.getLogger("citekit.resolve")

# What matching and filling need; a search answer without the reference lists and
# abstracts is a tenth of the size.
SELECT = [
    "DOI",
    "ISBN",
    "ISSN",
    "URL",
    "article-number",
    "author",
    "container-title",
    "editor",
    "group-title",
    "issue",
    "issued",
    "page",
    "published",
    "published-online",
    "published-print",
    "publisher",
    "relation",
    "score",
    "short-container-title",
    "subtitle",
    "title",
    "type",
    "update-to",
    "volume",
]

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

#: The largest answer read from Crossref (a full 1,000-row page is a few megabytes).
MAX_ANSWER_BYTES = 64 * 1024 * 1024

_local = threading.local()
_warned_no_mailto = threading.Event()


class _HttpxShim:
    """The ``httpx2`` module as habanero's request modules see it (see module docstring)."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def get(self, url: Any, **kwargs: Any) -> Any:
        session: _Session | None = getattr(_local, "session", None)
        if session is None:
            return self._real.get(url, **kwargs)
        return session.send(url, kwargs)


def _install_shim() -> bool:
    installed = True
    for name in ("habanero.request", "habanero.request_class"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            return False
        current = getattr(module, "httpx2", None)
        if isinstance(current, _HttpxShim):
            continue
        if current is httpx2:
            module.httpx2 = _HttpxShim(httpx2)  # type: ignore[attr-defined]
        else:
            installed = False
    return installed


_SHIM = _install_shim()


class _Session:
    """One citekit call in progress on this thread: where habanero's request goes."""

    def __init__(self, client: CrossrefClient, kind: str) -> None:
        self.client = client
        self.kind = kind
        self.last: Any = None
        self.timed_out = False
        self.too_large = False

    def send(self, url: Any, kwargs: dict[str, Any]) -> Any:
        client = self.client
        politeness = client.politeness
        try:
            politeness.limiters[self.kind].acquire(max_wait=client.longest_wait)
        except WaitTooLong as exc:
            # Raised through habanero untouched (it only catches httpx2's errors).
            raise RemoteError(
                f"Crossref's announced rate limit ({politeness.announced.get(self.kind, 'lowered after 429s')})"
                f" puts the next request {exc.seconds:.0f} s away, longer than citekit waits"
                f" ({client.longest_wait:g} s)"
            ) from exc
        client._count()
        with net.deadline(client.timeout, max_bytes=MAX_ANSWER_BYTES) as limit:
            try:
                response = client._http.get(url, **kwargs)
            except Exception:
                self.timed_out = limit.expired
                self.too_large = limit.too_large
                raise
        self.last = response
        politeness.follow(self.kind, response.headers)
        return response


def _quote_doi(doi: str) -> str:
    # habanero pastes ids into the path as they are; '#', '?' or '%' would cut it short.
    return urllib.parse.quote(doi, safe="/:;()[]<>-._~")


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{exc.__class__.__name__}: {text}" if text else exc.__class__.__name__


class CrossrefClient:
    """Crossref's works routes through habanero, with limits, backoff and error translation.

    :param base_url: the API root (``https://api.crossref.org`` or a stand-in).
    :param mailto: contact address sent in the User-Agent (polite pool); ``None`` warns once.
    :param timeout: seconds per request, from connecting to the last byte of the answer;
        also the longest wait between attempts (and never more than a minute).
    :param politeness: shared limiters, concurrency gate and backoff.
    """

    def __init__(
        self, base_url: str, *, mailto: str | None = None, timeout: float = 20.0, politeness: Politeness | None = None
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.mailto = mailto
        self.politeness = politeness or Politeness()
        self._crossref = habanero.Crossref(
            base_url=self.base_url, mailto=mailto, ua_string=f"citekit/{__version__}", timeout=timeout
        )
        self.timeout = timeout
        self.longest_wait = min(net.MAX_WAIT, timeout)
        self._http = net.httpx_client(timeout=timeout, follow_redirects=True)
        self._lock = threading.Lock()
        self.requests = 0
        self.retries = 0
        self.statuses: dict[int, int] = {}

    def close(self) -> None:
        """Close pooled connections."""
        self._http.close()

    def _count(self) -> None:
        with self._lock:
            self.requests += 1
        if self.mailto is None and not _warned_no_mailto.is_set():
            _warned_no_mailto.set()
            log.warning(
                "citekit: no mailto configured: Crossref serves anonymous clients at lower limits; "
                "set --mailto or CITEKIT_MAILTO to use the polite pool"
            )

    def _status(self, status: int) -> None:
        with self._lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1

    # -- routes -----------------------------------------------------------------------

    def work(self, doi: str) -> dict[str, Any]:
        """The full work record of ``doi`` (``/works/{doi}``).

        :raises NotFoundError: Crossref does not know the DOI.
        :raises RemoteError: Crossref answered with an error or a malformed answer.
        :raises NetworkError: Crossref could not be reached.
        """
        reply = self._call(SINGLE, lambda: self._crossref.works(ids=_quote_doi(doi)), origin=doi)
        message = reply.get("message") if isinstance(reply, dict) else None
        if not isinstance(message, dict) or not message.get("DOI"):
            raise RemoteError("malformed answer from Crossref (no work record)", origin=doi, status_code=200)
        return message

    def works_by_doi(self, dois: Sequence[str], *, select: Sequence[str] | None = SELECT) -> list[dict[str, Any]]:
        """The work records of many DOIs in one request (``filter=doi:A,doi:B,...``).

        DOIs Crossref does not know are simply absent from the answer.

        :raises RemoteError: error answer or malformed answer.
        :raises NetworkError: Crossref could not be reached.
        """
        if not dois:
            return []
        if any("," in doi for doi in dois):
            raise ValueError("a DOI containing ',' cannot go in a filter; look it up alone")
        chosen = list(select) if select else None
        return self._items(
            self._call(
                LIST,
                lambda: self._crossref.works(filter={"doi": list(dois)}, limit=len(dois), select=chosen),
                origin=None,
            )
        )

    def search(self, query: str, *, rows: int = 10, select: Sequence[str] | None = SELECT) -> list[dict[str, Any]]:
        """Candidates for a reference string (``query.bibliographic``), best first.

        :raises RemoteError: error answer or malformed answer.
        :raises NetworkError: Crossref could not be reached.
        """
        chosen = list(select) if select else None
        return self._items(
            self._call(
                LIST, lambda: self._crossref.works(query_bibliographic=query, limit=rows, select=chosen), origin=None
            )
        )

    @staticmethod
    def _items(reply: Any) -> list[dict[str, Any]]:
        message = reply.get("message") if isinstance(reply, dict) else None
        items = message.get("items") if isinstance(message, dict) else None
        if not isinstance(items, list):
            raise RemoteError("malformed answer from Crossref (no item list)", status_code=200)
        return [item for item in items if isinstance(item, dict) and item.get("DOI")]

    # -- one request with retries ----------------------------------------------------

    def _call(self, kind: str, call: Callable[[], Any], *, origin: str | None) -> Any:
        politeness = self.politeness
        attempt = 0
        while True:
            session = _Session(self, kind)
            with politeness.gate:
                if not _SHIM:
                    politeness.limiters[kind].acquire()
                    self._count()
                _local.session = session
                try:
                    reply = call()
                except Exception as exc:  # translated below; anything unexpected is re-raised
                    original = exc
                    error = self._translate(exc, origin, session)
                else:
                    politeness.limiters[kind].recover()
                    return reply
                finally:
                    _local.session = None
                    if session.last is not None:
                        self._status(session.last.status_code)
            status = getattr(error, "status_code", None)
            if status not in RETRY_STATUSES or attempt >= politeness.backoff.retries:
                raise error from original
            if status == 429:
                politeness.limiters[kind].penalize()
            retry_after = self._retry_after(session)
            if retry_after is not None and retry_after > self.longest_wait:
                raise RemoteError(
                    f"Crossref answered {status} asking to retry after {retry_after:.0f} s,"
                    f" longer than citekit waits ({self.longest_wait:g} s)",
                    origin=origin,
                    status_code=status,
                ) from original
            delay = min(politeness.backoff.delay(attempt, retry_after), self.longest_wait)
            log.info("Crossref answered %s; retrying in %.1fs", status, delay)
            with self._lock:
                self.retries += 1
            politeness.backoff.sleep(delay)
            attempt += 1

    @staticmethod
    def _retry_after(session: _Session) -> float | None:
        headers = getattr(session.last, "headers", None)
        return net.parse_retry_after(headers.get("retry-after") if headers is not None else None)

    def _translate(self, exc: Exception, origin: str | None, session: _Session | None = None) -> ResolveError:
        """citekit's error for whatever habanero or httpx2 raised (the caller raises it)."""
        if isinstance(exc, ResolveError):  # ours, raised from inside habanero's call
            if origin and not exc.origin:
                exc.origin = origin
            return exc
        if session is not None and session.too_large:
            return RemoteError(
                f"answer from {self.base_url} larger than {MAX_ANSWER_BYTES // (1024 * 1024)} MB",
                origin=origin,
                status_code=200,
            )
        if session is not None and session.timed_out:
            return NetworkError(f"no complete answer from {self.base_url} within {self.timeout:g} s", origin=origin)
        if isinstance(exc, habanero.RequestError):
            status = int(exc.status_code)
            if status == 404:
                error: ResolveError = NotFoundError("not found in Crossref", origin=origin)
            elif status < 400:
                error = RemoteError(
                    f"malformed answer from Crossref: {str(exc.error)[:200]}", origin=origin, status_code=status
                )
            else:
                error = RemoteError(
                    f"Crossref answered {status}: {str(exc.error)[:200]}", origin=origin, status_code=status
                )
        elif isinstance(exc, httpx2.HTTPStatusError):
            status = exc.response.status_code
            if status == 404:
                error = NotFoundError("not found in Crossref", origin=origin)
            else:
                error = RemoteError(
                    f"Crossref answered {status} {exc.response.reason_phrase}".rstrip(),
                    origin=origin,
                    status_code=status,
                )
        elif isinstance(exc, httpx2.TransportError):
            error = NetworkError(f"cannot reach {self.base_url} ({_reason(exc)})", origin=origin)
        elif isinstance(exc, RuntimeError):
            # habanero wraps transport failures of list routes in a bare RuntimeError.
            cause = exc.__cause__ if isinstance(exc.__cause__, Exception) else exc
            error = NetworkError(f"cannot reach {self.base_url} ({_reason(cause)})", origin=origin)
        elif isinstance(exc, (ValueError, KeyError, TypeError, IndexError)):
            # habanero reads the JSON answer itself: a broken body surfaces as these.
            error = RemoteError(
                f"malformed answer from Crossref ({_reason(exc)[:200]})", origin=origin, status_code=200
            )
        else:
            raise exc
        return error
