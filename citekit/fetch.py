"""Polite fetching of web pages for harvests: one session, a minimum interval per host,
robots.txt respected, retries with backoff on 429/5xx and broken connections.

Fetching happens in the harvest's main process on a few threads (it waits on the
network, not the CPU), so the per-host limits hold across every parsing worker.
"""

from __future__ import annotations

import random
import threading
import time
import urllib.robotparser
from typing import Any
from urllib.parse import urlsplit

from citekit.errors import ReadError
from citekit.source import MAX_BYTES, USER_AGENT, Source, fetch

__all__ = ["PoliteFetcher"]

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class PoliteFetcher:
    """Fetch URLs politely; thread-safe.

    :param per_host_interval: minimum seconds between two requests to the same host.
    :param retries: attempts after the first on 429, 5xx and connection failures.
    :param timeout: seconds allowed per request.
    :param respect_robots: skip URLs a site's robots.txt disallows for our user agent.
    :param backoff: base of the exponential backoff, in seconds (jittered).
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
    ) -> None:
        import requests

        self.session = requests.Session()
        self.interval = per_host_interval
        self.retries = retries
        self.timeout = timeout
        self.respect_robots = respect_robots
        self.backoff = backoff
        self.max_bytes = max_bytes
        self.user_agent = user_agent
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

    def _allowed(self, url: str) -> bool:
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
        try:
            response = self.session.get(
                f"{host}/robots.txt", timeout=min(self.timeout, 10.0), headers={"User-Agent": self.user_agent}
            )
        except requests.RequestException:
            return None  # unreachable robots.txt: the page fetch will say what is wrong
        if response.status_code >= 400:
            return None  # no robots.txt: everything is allowed
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(response.text.splitlines())
        return parser

    def get(self, url: str) -> Source:
        """Fetch one page.

        :raises ReadError: disallowed by robots.txt, unreachable, or an error status
            after the retries.
        """
        if not self._allowed(url):
            raise ReadError("disallowed by the site's robots.txt", origin=url)
        host = urlsplit(url).netloc
        attempt = 0
        while True:
            self._wait_turn(host)
            try:
                return fetch(
                    url,
                    timeout=self.timeout,
                    max_bytes=self.max_bytes,
                    session=_StatusSession(self.session),
                    user_agent=self.user_agent,
                )
            except _Retryable as exc:
                if attempt >= self.retries:
                    raise ReadError(f"HTTP {exc.status} after {attempt + 1} attempts", origin=url) from exc
                delay = exc.retry_after if exc.retry_after is not None else self.backoff * (2**attempt)
            except ReadError as exc:
                if not exc.transient or attempt >= self.retries:
                    raise
                delay = self.backoff * (2**attempt)
            attempt += 1
            time.sleep(delay * (0.5 + random.random()))


class _Retryable(Exception):
    def __init__(self, status: int, retry_after: float | None) -> None:
        super().__init__(status)
        self.status = status
        self.retry_after = retry_after


class _StatusSession:
    """Wraps a session so that retryable statuses raise before :func:`fetch` reads the body."""

    def __init__(self, session: Any) -> None:
        self.session = session

    def get(self, url: str, **kwargs: Any) -> Any:
        response = self.session.get(url, **kwargs)
        if response.status_code in _RETRY_STATUSES:
            header = response.headers.get("Retry-After", "")
            response.close()
            raise _Retryable(response.status_code, float(header) if header.isdigit() else None)
        return response
