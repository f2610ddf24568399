"""Politeness: spacing, penalties, the concurrency gate, announced limits."""

from __future__ import annotations

import itertools
import threading

import pytest

from citekit.resolve.limiter import ConcurrencyGate, Politeness, RateLimiter, parse_interval


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_starts_are_spaced_by_the_rate() -> None:
    clock = FakeClock()
    limiter = RateLimiter(4, clock=clock, sleep=clock.sleep, margin=1.0)
    starts = []
    for _ in range(5):
        limiter.acquire()
        starts.append(clock.now)
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert gaps == pytest.approx([0.25] * 4)


def test_penalty_halves_the_rate_and_recovery_restores_it() -> None:
    clock = FakeClock()
    limiter = RateLimiter(4, clock=clock, sleep=clock.sleep)
    limiter.penalize()
    assert limiter.rate == 2
    limiter.announce(4)  # an announcement does not cancel a penalty at once
    assert limiter.rate == 2
    for _ in range(20):
        limiter.recover()
    assert limiter.rate == 4
    limiter.announce(1)
    assert limiter.rate == 1


def test_rate_must_be_positive() -> None:
    with pytest.raises(ValueError):
        RateLimiter(0)


def test_gate_caps_requests_in_flight() -> None:
    gate = ConcurrencyGate(2)
    inside = threading.Semaphore(0)
    release = threading.Event()

    def work() -> None:
        with gate:
            inside.release()
            release.wait(5)

    threads = [threading.Thread(target=work) for _ in range(5)]
    for thread in threads:
        thread.start()
    assert inside.acquire(timeout=5) and inside.acquire(timeout=5)
    assert not inside.acquire(timeout=0.2)  # a third cannot enter
    release.set()
    for thread in threads:
        thread.join(5)
    assert gate.peak == 2


def test_intervals() -> None:
    assert parse_interval("1s") == 1.0
    assert parse_interval("500ms") == 0.5
    assert parse_interval("2") == 2.0
    assert parse_interval("soon") is None and parse_interval(None) is None


def test_follow_reads_both_header_spellings() -> None:
    politeness = Politeness()
    politeness.follow("single", {"x-ratelimit-limit": "50", "x-ratelimit-interval": "1s"})
    assert politeness.limiters["single"].rate == 50
    politeness.follow("list", {"X-Rate-Limit-Limit": "3", "X-Rate-Limit-Interval": "1s", "X-Concurrency-Limit": "1"})
    assert politeness.limiters["list"].rate == 3 and politeness.gate.limit == 1
    politeness.follow("list", {"X-Rate-Limit-Limit": "100000"})
    assert politeness.limiters["list"].rate == politeness.max_rate
