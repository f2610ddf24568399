"""Politeness towards Crossref: request spacing per route kind, a concurrency cap, backoff.

Crossref's polite pool allows about 10 requests/s on single-record routes
(``/works/{doi}``) and 3/s on list routes (searches, ``filter=doi:...``), at most 3 at
once, and announces its current limits on every answer (``X-Rate-Limit-Limit``,
``X-Rate-Limit-Interval``, ``X-Concurrency-Limit``). :class:`Politeness` holds one
:class:`RateLimiter` per route kind and one :class:`ConcurrencyGate` for both, starts from
safe defaults and follows the announced limits; a 429 halves the rate of its route kind
for a while. Clocks and sleeps are injectable so tests never wait.

Headers are not trusted blindly: an announced rate is kept between :data:`MIN_RATE`
(one request in 50 s) and ``max_rate``, so ``X-Rate-Limit-Interval: 100000h`` cannot
space requests years apart; a caller can refuse a slot further away than it is willing
to wait (:class:`WaitTooLong`); ``Retry-After`` is capped by the backoff.
"""

from __future__ import annotations

import math
import random
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

__all__ = [
    "MIN_RATE",
    "Backoff",
    "ConcurrencyGate",
    "Politeness",
    "RateLimiter",
    "WaitTooLong",
    "parse_interval",
]

Clock = Callable[[], float]
Sleep = Callable[[float], None]

SINGLE = "single"
LIST = "list"

#: Requests per second: the slowest pace a server's headers can impose (one in 50 s, so
#: that a slot, stretched by the limiter's margin, is less than a minute away).
MIN_RATE = 1 / 50
#: Requests in flight: the most a server's ``X-Concurrency-Limit`` can open up.
MAX_CONCURRENCY = 16


class WaitTooLong(Exception):
    """The next slot is further away than the caller is willing to wait; no slot was taken.

    :param seconds: how long the wait would have been.
    """

    def __init__(self, seconds: float) -> None:
        super().__init__(f"the next request slot is {seconds:.0f} s away")
        self.seconds = seconds


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

    def acquire(self, max_wait: float | None = None) -> float:
        """Wait for the next slot; returns the seconds waited.

        :param max_wait: refuse a slot further away than this.
        :raises WaitTooLong: the slot is further away than ``max_wait`` (none is taken).
        """
        with self._lock:
            now = self._clock()
            slot = max(now, self._next)
            if max_wait is not None and slot - now > max_wait:
                raise WaitTooLong(slot - now)
            self._next = slot + self._margin / self._rate
        wait = slot - now
        if wait > 0:
            self._sleep(wait)
        return wait

    def announce(self, rate: float) -> None:
        """Follow a rate the server announced (requests per second; not finite or not
        positive: ignored)."""
        if not math.isfinite(rate) or rate <= 0:
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
    :param max_wait: the longest ``Retry-After`` honoured; the client gives up rather than
        wait longer (see :meth:`CrossrefClient <citekit.resolve.client.CrossrefClient>`).
    """

    retries: int = 4
    base: float = 1.0
    cap: float = 30.0
    sleep: Sleep = time.sleep
    rng: random.Random = field(default_factory=random.Random)
    max_wait: float = 60.0

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number ``attempt`` (0-based); never more than
        :attr:`max_wait`, whatever ``retry_after`` says."""
        ceiling = min(self.cap, self.base * 2.0**attempt)
        wait = ceiling / 2 + self.rng.random() * ceiling / 2
        if retry_after is not None and math.isfinite(retry_after):
            wait = max(wait, retry_after)
        return min(wait, self.max_wait)


_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$")


def parse_interval(text: str | None) -> float | None:
    """Seconds in an ``X-Rate-Limit-Interval`` value such as ``1s``, ``500ms`` or ``1``
    (``None`` when unreadable, zero or too large to be a number)."""
    if not text or len(text) > 40:
        return None
    match = _INTERVAL.match(text)
    if not match:
        return None
    value = float(match.group(1)) * {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}[match.group(2) or "s"]
    return value if math.isfinite(value) and value > 0 else None


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
    :param min_rate: never go slower than this, whatever a server announces.
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
        min_rate: float = MIN_RATE,
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
        self.min_rate = min_rate
        self.backoff = backoff or Backoff(sleep=sleep)
        self.announced: dict[str, str] = {}

    def follow(self, kind: str, headers: Mapping[str, str]) -> None:
        """Adopt the limits announced in an answer's headers for route ``kind``.

        Both spellings Crossref has used are read (``X-Rate-Limit-*`` and the older
        ``X-Ratelimit-*``). A rate is kept between ``min_rate`` and ``max_rate``, the
        concurrency between 1 and :data:`MAX_CONCURRENCY`; values that are not numbers
        are ignored.
        """
        limit = _header(headers, "x-rate-limit-limit", "x-ratelimit-limit")
        interval = parse_interval(_header(headers, "x-rate-limit-interval", "x-ratelimit-interval")) or 1.0
        concurrency = (_header(headers, "x-concurrency-limit") or "").strip()
        if limit is not None:
            try:
                rate = float(limit[:40]) / interval
            except ValueError:
                rate = math.nan
            if not math.isnan(rate) and rate > 0:
                rate = min(self.max_rate, max(self.min_rate, rate))
                self.limiters[kind].announce(rate)
                self.announced[kind] = f"{limit[:40]}/{interval:g}s"
        if concurrency.isascii() and concurrency.isdigit():
            self.gate.set_limit(min(MAX_CONCURRENCY, int(concurrency[:6])))
            self.announced["concurrency"] = concurrency[:6]
