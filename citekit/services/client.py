"""One polite HTTP client for the identifier services (NCBI E-utilities, arXiv, Open
Library, DataCite), built on the Crossref client's politeness parts.

Each service is asked at its own pace (:class:`~citekit.resolve.limiter.RateLimiter`) with
its own cap on requests in flight (:class:`~citekit.resolve.limiter.ConcurrencyGate`);
both are shared by every client of that service and base URL in the process, so two
``read("PMID:…")`` calls in a row, or four fetching threads of a harvest, still keep to
the service's rules. 429 and 5xx answers are retried with
:class:`~citekit.resolve.limiter.Backoff` (``Retry-After`` honoured; a 429 also halves
the pace for a while); a refused connection or a timeout fails at once (transient).
Redirects are followed one hop at a time, each hop paced. Answers (200, and 404/410 for a
shorter time) are kept in the
:class:`~citekit.resolve.cache.AnswerCache`, keyed without credentials, so nothing is
asked twice. Offline, nothing is sent: a cached answer is used, anything else fails with
one line.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from citekit.errors import ReadError
from citekit.resolve.cache import MISSING, AnswerCache
from citekit.resolve.limiter import Backoff, ConcurrencyGate, RateLimiter
from citekit.source import MAX_BYTES, USER_AGENT, decode

__all__ = ["Answer", "Policy", "ServiceClient", "shared_gate", "shared_limiter"]

log = logging.getLogger("citekit.services")

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Query parameters that identify the caller rather than the question: never part of a
# cache key (an API key must not end up in a file), and the same answer either way.
SECRET_PARAMS = frozenset({"api_key", "email", "tool", "mailto"})

_registry_lock = threading.Lock()
_limiters: dict[str, RateLimiter] = {}
_gates: dict[str, ConcurrencyGate] = {}


def shared_limiter(key: str, rate: float) -> RateLimiter:
    """The process-wide limiter for ``key`` (created at ``rate`` requests/s on first use)."""
    with _registry_lock:
        limiter = _limiters.get(key)
        if limiter is None:
            limiter = _limiters[key] = RateLimiter(rate)
        return limiter


def shared_gate(key: str, limit: int) -> ConcurrencyGate:
    """The process-wide concurrency gate for ``key`` (``limit`` requests in flight)."""
    with _registry_lock:
        gate = _gates.get(key)
        if gate is None:
            gate = _gates[key] = ConcurrencyGate(limit)
        return gate


@dataclass(frozen=True, slots=True)
class Policy:
    """How one service wants to be asked.

    :ivar name: the service's name in messages ("PubMed", "arXiv" ...).
    :ivar rate: requests per second at most.
    :ivar concurrency: requests in flight at most.
    """

    name: str
    rate: float
    concurrency: int = 1


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer: status, decoded body, its media type and the final URL."""

    status: int
    text: str
    content_type: str
    url: str

    @property
    def ok(self) -> bool:
        """True for a 2xx answer."""
        return 200 <= self.status < 300


def _reason(exc: Exception, timeout: float) -> str:
    import requests

    if isinstance(exc, requests.Timeout):
        return f"no answer within {timeout:g} s"
    found = re.search(r"\[Errno -?\d+\] ([^'\")\]]+)", str(exc))
    if found:
        return found.group(1).strip().rstrip(".").lower()
    return "connection failed" if isinstance(exc, requests.ConnectionError) else exc.__class__.__name__


class _Retry(Exception):
    def __init__(self, why: str, retry_after: float | None = None, status: int | None = None) -> None:
        super().__init__(why)
        self.why = why
        self.retry_after = retry_after
        self.status = status


class ServiceClient:
    """GET requests to one service, politely (see the module docstring).

    :param base_url: the service's root (a loopback stand-in in tests).
    :param policy: its pace and concurrency.
    :param session: a ``requests.Session`` (shared between the services of one lookup set).
    :param timeout: seconds per request.
    :param cache: the answer cache, or ``None``.
    :param offline: never send a request.
    :param user_agent: the User-Agent header (with a contact address when one is known).
    :param backoff: retry policy (tests pass a fast one).
    :param max_bytes: refuse answers larger than this.
    """

    def __init__(
        self,
        base_url: str,
        policy: Policy,
        *,
        session: Any = None,
        timeout: float = 20.0,
        cache: AnswerCache | None = None,
        offline: bool = False,
        user_agent: str = USER_AGENT,
        backoff: Backoff | None = None,
        max_bytes: int = MAX_BYTES,
    ) -> None:
        if session is None:
            import requests

            session = requests.Session()
        self.base_url = base_url.rstrip("/")
        self.policy = policy
        self.session = session
        self.timeout = timeout
        self.cache = cache
        self.offline = offline
        self.user_agent = user_agent
        self.backoff = backoff or Backoff(retries=3)
        self.max_bytes = max_bytes
        key = f"{policy.name} {self.base_url.lower()}"
        self.limiter = shared_limiter(f"{key} {policy.rate:g}", policy.rate)
        self.gate = shared_gate(key, policy.concurrency)
        self.requests = 0

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` under the base URL."""
        return f"{self.base_url}/{path.lstrip('/')}"

    def cache_key(self, path: str, params: Mapping[str, str] | None = None) -> str:
        """The cache key of a request (credentials left out)."""
        kept = sorted((k, v) for k, v in (params or {}).items() if k not in SECRET_PARAMS)
        query = urllib.parse.urlencode(kept)
        return f"{self.base_url.lower()} get {path.lstrip('/')}" + (f"?{query}" if query else "")

    def get(self, path: str, params: Mapping[str, str] | None = None, *, origin: str) -> Answer:
        """Ask for ``path`` (under the base URL) with ``params``.

        Answers of any status are returned (the service module knows what a 400 or an
        empty result means for it) except those worth retrying, which are retried.

        :param path: e.g. ``efetch.fcgi`` or ``isbn/9780262033848.json``.
        :param params: query parameters.
        :param origin: the input the request is for (named in errors).
        :raises ReadError: offline and not cached; unreachable (``transient``); a 429/5xx
            answer after the retries (``transient``); an answer larger than the limit.
        """
        key = self.cache_key(path, params)
        cached = self._recall(key)
        if cached is not None:
            return cached
        if self.offline:
            raise ReadError(f"not looked up: offline ({self.policy.name} not contacted)", origin=origin)
        answer = self._send(self.url(path), dict(params or {}), origin)
        if answer.ok or answer.status in (404, 410):
            self._remember(key, answer)
        return answer

    def _recall(self, key: str) -> Answer | None:
        if self.cache is None:
            return None
        try:
            cached = self.cache.get(key)
        except sqlite3.Error as exc:  # a cache that cannot be read costs a request, not the input
            log.warning("citekit: cache %s unreadable (%s)", self.cache.path, exc)
            return None
        if cached is MISSING or not isinstance(cached, dict):
            return None
        return Answer(int(cached["status"]), str(cached["text"]), str(cached["type"]), str(cached["url"]))

    def _remember(self, key: str, answer: Answer) -> None:
        if self.cache is None:
            return
        value = {"status": answer.status, "text": answer.text, "type": answer.content_type, "url": answer.url}
        try:
            self.cache.put(key, value, negative=not answer.ok)
        except sqlite3.Error as exc:
            log.warning("citekit: cannot write the cache %s (%s)", self.cache.path, exc)

    def _send(self, url: str, params: dict[str, str], origin: str) -> Answer:
        attempt = 0
        while True:
            try:
                return self._follow(url, params, origin)
            except _Retry as retry:
                if attempt >= self.backoff.retries:
                    raise ReadError(
                        f"{self.policy.name}: {retry.why} after {attempt + 1} attempts", origin=origin, transient=True
                    ) from retry
                if retry.status == 429:
                    self.limiter.penalize(floor=min(0.05, self.policy.rate))
                self.backoff.sleep(self.backoff.delay(attempt, retry.retry_after))
                attempt += 1

    def _follow(self, url: str, params: dict[str, str], origin: str) -> Answer:
        """One request and its redirects, each hop paced like a request."""
        for _ in range(6):
            response = self._one(url, params, origin)
            with response:
                if response.status_code in _REDIRECTS and response.headers.get("Location"):
                    url = urllib.parse.urljoin(url, response.headers["Location"])
                    params = {}  # the Location carries its own query
                    continue
                if response.status_code in RETRY_STATUSES:
                    header = str(response.headers.get("Retry-After") or "")
                    wait = float(header) if header.replace(".", "", 1).isdigit() else None
                    raise _Retry(f"answered {response.status_code}", wait, response.status_code)
                body = self._body(response, origin)
                content_type = str(response.headers.get("Content-Type") or "")
                self.limiter.recover()
            charset = re.search(r"charset=([\w.-]+)", content_type)
            text = decode(body, declared=charset.group(1) if charset else None, origin=origin) if body else ""
            return Answer(response.status_code, text, content_type.split(";")[0].strip().lower(), url)
        raise ReadError(f"{self.policy.name}: too many redirects", origin=origin)

    def _one(self, url: str, params: dict[str, str], origin: str) -> Any:
        import requests

        with self.gate:
            self.limiter.acquire()
            self.requests += 1
            try:
                return self.session.get(
                    url,
                    params=params or None,
                    timeout=(min(self.timeout, 10.0), self.timeout),
                    headers={"User-Agent": self.user_agent},
                    stream=True,
                    allow_redirects=False,
                )
            except requests.RequestException as exc:
                # Not retried: a refused connection, a failed DNS lookup or a timeout seldom
                # passes within seconds (the harvest's resume retries it later).
                raise ReadError(
                    f"{self.policy.name}: cannot reach {self.base_url} ({_reason(exc, self.timeout)})",
                    origin=origin,
                    transient=True,
                ) from exc

    def _body(self, response: Any, origin: str) -> bytes:
        import requests

        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(65536):
                size += len(chunk)
                if size > self.max_bytes:
                    raise ReadError(
                        f"{self.policy.name}: answer larger than {self.max_bytes // (1024 * 1024)} MB", origin=origin
                    )
                chunks.append(chunk)
        except requests.RequestException as exc:
            raise ReadError(
                f"{self.policy.name}: connection broke while reading ({_reason(exc, self.timeout)})",
                origin=origin,
                transient=True,
            ) from exc
        return b"".join(chunks)
