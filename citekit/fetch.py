"""Polite fetching of web pages for harvests: one session, a minimum interval per host,
robots.txt respected on every hop of a redirect, retries with backoff on 429/5xx and
broken connections.

Every request, robots.txt included, keeps to ``timeout`` in all (connect, headers and
body; see :mod:`citekit.net`), and every wait a server asks for is bounded: a
``Retry-After`` longer than ``min(timeout, max_wait)`` fails the page with one line
instead of putting the harvest to sleep. A page that does not arrive in time is not
tried again within the harvest: a server that slow rarely does better a second later.

Fetching happens in the harvest's main process on a few threads (it waits on the
network, not the CPU), so the per-host limits hold across every parsing worker.
"""

from __future__ import annotations

import random
import threading
import time
import urllib.robotparser
from typing import Any
from urllib.parse import urljoin, urlsplit

from citekit import net
from citekit.errors import ReadError
from citekit.source import MAX_BYTES, USER_AGENT, Source, fetch

__all__ = ["ROBOTS_MAX_BYTES", "PoliteFetcher"]

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

#: robots.txt is read up to this size and the rest ignored (RFC 9309 2.5 asks crawlers
#: to read at least 500 KiB).
ROBOTS_MAX_BYTES = 512 * 1024


class PoliteFetcher:
    """Fetch URLs politely; thread-safe.

    :param per_host_interval: minimum seconds between two requests to the same host.
    :param retries: attempts after the first on 429, 5xx and connection failures.
    :param timeout: seconds allowed per request, from connecting to the last byte.
    :param respect_robots: skip URLs a site's robots.txt disallows for our user agent,
        including URLs a redirect leads to.
    :param backoff: base of the exponential backoff, in seconds (jittered).
    :param max_bytes: refuse pages larger than this.
    :param max_wait: the longest wait between attempts a server may ask for (also never
        more than ``timeout``).
    :param max_redirects: redirects followed per page.
    :param public_only: fetch from public addresses only (a server open to others must not
        become their way into its own network): a URL, or a redirect, to a host that is or
        resolves to a loopback, private, link-local or reserved address fails, and so does a
        connection that reaches one (see :mod:`citekit.net`).
    """

    def __init__(
        self,
        *,
        per_host_interval: float = 1.0,
        retries: int = 2,
        timeout: float = 30.0,
        respect_robots: bool = True,
        backoff: float = 1.0,
        max_bytes: int = MAX_BYTES,
        user_agent: str = USER_AGENT,
        max_wait: float = net.MAX_WAIT,
        max_redirects: int = 10,
        public_only: bool = False,
    ) -> None:
        self.session = net.session(public_only=public_only)
        self.public_only = public_only
        self.session.max_redirects = max_redirects
        self.interval = per_host_interval
        self.retries = retries
        self.timeout = timeout
        self.respect_robots = respect_robots
        self.backoff = backoff
        self.max_bytes = max_bytes
        self.user_agent = user_agent
        self.max_wait = max_wait
        self.max_redirects = max_redirects
        self._lock = threading.Lock()
        self._next_slot: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._host_locks: dict[str, threading.Lock] = {}

    def close(self) -> None:
        """Close the HTTP session."""
        self.session.close()

    def _host_lock(self, host: str) -> threading.Lock:
        with self._lock:
            return self._host_locks.setdefault(host, threading.Lock())

    def _wait_turn(self, host: str) -> None:
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = slot + self.interval
        delay = slot - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets our user agent fetch ``url`` (read once per site).

        A robots.txt that cannot be read in time, or at all, allows everything; the
        page's own fetch then says what is wrong with the site.
        """
        if not self.respect_robots:
            return True
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}"
        with self._host_lock(host):
            if host not in self._robots:
                self._robots[host] = self._load_robots(host)
        parser = self._robots[host]
        return True if parser is None else parser.can_fetch(self.user_agent, url)

    def _load_robots(self, host: str) -> urllib.robotparser.RobotFileParser | None:
        import requests

        self._wait_turn(host)
        with net.deadline(self.timeout):
            try:
                response = self.session.get(
                    f"{host}/robots.txt",
                    timeout=(min(self.timeout, 10.0), self.timeout),
                    headers={"User-Agent": self.user_agent},
                    stream=True,
                )
                with response:
                    if response.status_code >= 400:
                        return None  # no robots.txt: everything is allowed
                    data = _head(response, ROBOTS_MAX_BYTES)
            except requests.RequestException:
                return None  # unreachable, too slow or broken: the page fetch will say what is wrong
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(data.decode("utf-8", errors="replace").splitlines())
        return parser

    def get(self, url: str) -> Source:
        """Fetch one page.

        :raises ReadError: disallowed by robots.txt (the page or where it redirects),
            unreachable, not complete within the timeout, an error status after the
            retries, a server asking to wait longer than citekit waits, or, in a
            ``public_only`` fetcher, an address that is not public.
        """
        try:
            return self._get(url)
        except net.BlockedAddress as exc:
            raise ReadError(str(exc), origin=url) from None

    def check(self, url: str) -> None:
        """Refuse ``url`` before any request if its host is not public (``public_only``).

        :raises net.BlockedAddress: the host is, or resolves to, an address that is not public.
        """
        if self.public_only:
            parts = urlsplit(url)
            net.check_public(parts.hostname or "", parts.port)

    def _get(self, url: str) -> Source:
        self.check(url)
        if not self.allowed(url):
            raise ReadError("disallowed by the site's robots.txt", origin=url)
        host = urlsplit(url).netloc
        attempt = 0
        while True:
            self._wait_turn(host)
            with net.deadline(self.timeout) as limit:
                try:
                    return fetch(
                        url,
                        timeout=self.timeout,
                        max_bytes=self.max_bytes,
                        session=_Hops(self, url),
                        user_agent=self.user_agent,
                    )
                except _Retryable as exc:
                    if attempt >= self.retries:
                        raise ReadError(f"HTTP {exc.status} after {attempt + 1} attempts", origin=url) from exc
                    delay = self._delay(attempt, exc, url)
                except ReadError as exc:
                    if limit.expired:
                        raise ReadError(
                            f"no complete answer within {self.timeout:g} s", origin=url, transient=True
                        ) from exc
                    if not exc.transient or attempt >= self.retries:
                        raise
                    delay = self._delay(attempt, None, url)
            attempt += 1
            time.sleep(delay)

    def _delay(self, attempt: int, retry: _Retryable | None, url: str) -> float:
        """Seconds to wait before the next attempt, never more than the longest wait.

        :raises ReadError: the server asks for a longer wait than that.
        """
        longest = min(self.max_wait, self.timeout)
        if retry is not None and retry.retry_after is not None:
            if retry.retry_after > longest:
                raise ReadError(
                    f"HTTP {retry.status} asking to retry after {retry.retry_after:.0f} s,"
                    f" longer than citekit waits ({longest:g} s)",
                    origin=url,
                )
            return min(longest, retry.retry_after * (1 + 0.1 * random.random()))
        return min(longest, self.backoff * (2.0**attempt) * (0.5 + random.random()))


def _head(response: Any, limit: int) -> bytes:
    """At most ``limit`` bytes of a streamed body (decompressed); the rest is not read."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(65536):
        chunks.append(chunk[: limit - size])
        size += len(chunk)
        if size >= limit:
            break
    return b"".join(chunks)


class _Retryable(Exception):
    def __init__(self, status: int, retry_after: float | None) -> None:
        super().__init__(status)
        self.status = status
        self.retry_after = retry_after


class _Hops:
    """The session :func:`citekit.source.fetch` sees for one page.

    Redirects are followed here rather than inside requests, so that each hop is checked
    against its site's robots.txt, and a retryable status raises before the body is read.
    """

    def __init__(self, fetcher: PoliteFetcher, origin: str) -> None:
        self.fetcher = fetcher
        self.origin = origin

    def get(self, url: str, **kwargs: Any) -> Any:
        from requests.utils import requote_uri

        session = self.fetcher.session
        kwargs["allow_redirects"] = False
        for _ in range(self.fetcher.max_redirects + 1):
            response = session.get(url, **kwargs)
            if response.status_code in _RETRY_STATUSES:
                retry_after = net.parse_retry_after(response.headers.get("Retry-After"))
                response.close()
                raise _Retryable(response.status_code, retry_after)
            if not response.is_redirect:
                return response
            target = requote_uri(urljoin(response.url, session.get_redirect_target(response) or ""))
            response.close()
            if urlsplit(target).scheme not in ("http", "https"):
                raise ReadError(f"redirected to {target[:200]}, not a web address", origin=self.origin)
            self.fetcher.check(target)
            if not self.fetcher.allowed(target):
                raise ReadError(f"redirected to {target}, which its site's robots.txt disallows", origin=self.origin)
            url = target
        raise ReadError(f"more than {self.fetcher.max_redirects} redirects", origin=self.origin)
