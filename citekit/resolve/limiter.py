"""Politeness towards Crossref: request spacing per route kind, a concurrency cap, backoff.

Crossref's polite pool allows about 10 requests/s on single-record routes
(``/works/{doi}``) and 3/s on list routes (searches, ``filter=doi:...``), at most 3 at
once, and announces its current limits on every answer (``X-Rate-Limit-Limit``,
``X-Rate-Limit-Interval``, ``X-Concurrency-Limit``). :class:`Politeness` holds one
:class:`RateLimiter` per route kind and one :class:`ConcurrencyGate` for both, starts from
safe defaults and follows the announced limits; a 429 halves the rate of its route kind
for a while. Clocks and sleeps are injectable so tests never wait.
"""

from __future__ import annotations

import random
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

__all__ = ["Backoff", "ConcurrencyGate", "Politeness", "RateLimiter", "parse_interval"]

Clock = Callable[[], float]
Sleep = Callable[[float], None]

SINGLE = "single"
LIST = "list"


class RateLimiter:
    """Spaces request starts so that at most ``rate`` start per second, across threads.

    Each caller reserves the next free slot under a lock and sleeps outside it, so slots
    are handed out in arrival order and the spacing holds however many threads wait.

    :param rate: requests per second (> 0).
    :param clock: monotonic clock (seconds).
    :param sleep: how to wait (tests pass a fake).
    :param margin: stretch each interval by this factor, so that scheduling jitter on
        the way to the socket does not push two starts closer than the server allows.
    """

    def __init__(
        self, rate: float, *, clock: Clock = time.monotonic, sleep: Sleep = time.sleep, margin: float = 1.06
    ) -> None:
        if rate <= 0:
            raise ValueError(f"rate must be positive, not {rate!r}")
        self._lock = threading.Lock()
        self._clock = clock
        self._sleep = sleep
        self._margin = margin
        self._rate = float(rate)
        self._ceiling = float(rate)  # the announced (or default) rate a penalty recovers to
        self._next = 0.0

    @property
    def rate(self) -> float:
        """The current rate in requests per second."""
        return self._rate

    def acquire(self) -> float:
        """Wait for the next slot; returns the seconds waited."""
        with self._lock:
            now = self._clock()
            slot = max(now, self._next)
            self._next = slot + self._margin / self._rate
        wait = slot - now
        if wait > 0:
            self._sleep(wait)
        return wait

    def announce(self, rate: float) -> None:
        """Follow a rate the server announced (requests per second)."""
        if rate <= 0:
            return
        with self._lock:
            penalized = self._rate < self._ceiling
            self._ceiling = rate
            # While recovering from a 429 keep the lower pace; otherwise follow at once.
            self._rate = min(self._rate, rate) if penalized else rate

    def penalize(self, floor: float = 0.2) -> None:
        """Halve the rate after a 429 (never below ``floor``) and push the next slot out."""
        with self._lock:
            self._rate = max(floor, self._rate / 2)
            self._next = max(self._next, self._clock() + self._margin / self._rate)

    def recover(self) -> None:
        """After a success, creep back towards the announced rate (additive increase)."""
        with self._lock:
            if self._rate < self._ceiling:
                self._rate = min(self._ceiling, self._rate + self._ceiling / 10)


class ConcurrencyGate:
    """A counting gate whose capacity can change while requests are in flight.

    :param limit: how many requests may be in flight at once (>= 1).
    """

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError(f"limit must be at least 1, not {limit!r}")
        self._cond = threading.Condition()
        self._limit = limit
        self._busy = 0
        self.peak = 0

    @property
    def limit(self) -> int:
        """The current capacity."""
        return self._limit

    def set_limit(self, limit: int) -> None:
        """Change the capacity (waiters are woken when it grows)."""
        with self._cond:
            self._limit = max(1, limit)
            self._cond.notify_all()

    def __enter__(self) -> ConcurrencyGate:
        with self._cond:
            while self._busy >= self._limit:
                self._cond.wait()
            self._busy += 1
            self.peak = max(self.peak, self._busy)
        return self

    def __exit__(self, *exc: object) -> None:
        with self._cond:
            self._busy -= 1
            self._cond.notify()


@dataclass
class Backoff:
    """Exponential backoff with jitter for 429 and 5xx answers.

    The n-th retry waits a uniform random time in ``[d/2, d]`` with
    ``d = min(cap, base * 2**n)`` ("equal jitter"), or the server's ``Retry-After`` when
    that is longer.

    :param retries: retries after the first attempt.
    :param base: first delay in seconds.
    :param cap: longest delay in seconds.
    :param sleep: how to wait (tests pass a fake).
    """

    retries: int = 4
    base: float = 1.0
    cap: float = 30.0
    sleep: Sleep = time.sleep
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number ``attempt`` (0-based)."""
        ceiling = min(self.cap, self.base * 2.0**attempt)
        wait = ceiling / 2 + self.rng.random() * ceiling / 2
        if retry_after is not None:
            wait = max(wait, min(retry_after, self.cap * 4))
        return wait


_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$")


def parse_interval(text: str | None) -> float | None:
    """Seconds in an ``X-Rate-Limit-Interval`` value such as ``1s``, ``500ms`` or ``1``."""
    if not text:
        return None
    match = _INTERVAL.match(text)
    if not match:
        return None
    value = float(match.group(1))
    unit = match.group(2) or "s"
    return value * {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}[unit]


def _header(headers: Mapping[str, str], *names: str) -> str | None:
    lowered = {str(k).lower(): str(v) for k, v in headers.items()}
    for name in names:
        if name in lowered:
            return lowered[name]
    return None


class Politeness:
    """Limiters for both route kinds and the shared concurrency gate.

    :param single_rate: default requests/s on single-record routes.
    :param list_rate: default requests/s on list and search routes.
    :param concurrency: default number of requests in flight.
    :param max_rate: never go faster than this, whatever a server announces.
    :param clock: monotonic clock, shared by both limiters.
    :param sleep: how to wait, shared by the limiters and the backoff.
    :param backoff: retry policy for 429 and 5xx answers.
    :param margin: stretch every interval by this factor (see :class:`RateLimiter`).
    """

    def __init__(
        self,
        *,
        single_rate: float = 10.0,
        list_rate: float = 3.0,
        concurrency: int = 3,
        max_rate: float = 50.0,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
        backoff: Backoff | None = None,
        margin: float = 1.06,
    ) -> None:
        self.limiters = {
            SINGLE: RateLimiter(single_rate, clock=clock, sleep=sleep, margin=margin),
            LIST: RateLimiter(list_rate, clock=clock, sleep=sleep, margin=margin),
        }
        self.gate = ConcurrencyGate(concurrency)
        self.max_rate = max_rate
        self.backoff = backoff or Backoff(sleep=sleep)
        self.announced: dict[str, str] = {}

    def follow(self, kind: str, headers: Mapping[str, str]) -> None:
        """Adopt the limits announced in an answer's headers for route ``kind``.

        Both spellings Crossref has used are read (``X-Rate-Limit-*`` and the older
        ``X-Ratelimit-*``).
        """
        limit = _header(headers, "x-rate-limit-limit", "x-ratelimit-limit")
        interval = parse_interval(_header(headers, "x-rate-limit-interval", "x-ratelimit-interval")) or 1.0
        concurrency = _header(headers, "x-concurrency-limit")
        if limit is not None:
            try:
                rate = min(self.max_rate, float(limit) / interval)
            except ValueError:
                rate = 0.0
            if rate > 0:
                self.limiters[kind].announce(rate)
                self.announced[kind] = f"{limit}/{interval:g}s"
        if concurrency is not None and concurrency.strip().isdigit():
            self.gate.set_limit(int(concurrency))
            self.announced["concurrency"] = concurrency.strip()
