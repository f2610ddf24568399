"""Crossref on loopback for the resolver tests (pytest-httpserver, recorded replies)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from citekit.resolve import make_resolver
from citekit.resolve.limiter import Backoff, Politeness
from citekit.resolve.resolver import Resolver
from citekit.testing import StandIn, install
from tests.conftest import standin


class Sleeps:
    """A fake ``sleep`` that records what would have been waited."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture
def crossref_server(httpserver: HTTPServer) -> Iterator[HTTPServer]:
    """pytest-httpserver answering like Crossref from ``tests/fixtures/crossref``.

    ``crossref_server.standin`` is the :class:`StandIn` behind it; one-shot handlers a
    test adds (``expect_oneshot_request``) answer first.
    """
    httpserver.standin = install(httpserver, standin())  # type: ignore[attr-defined]
    yield httpserver
    httpserver.clear()


@pytest.fixture
def sleeps() -> Sleeps:
    """Backoff waits (recorded, not slept)."""
    return Sleeps()


@pytest.fixture
def waits() -> Sleeps:
    """Rate-limiter waits (recorded, not slept)."""
    return Sleeps()


@pytest.fixture
def politeness(sleeps: Sleeps, waits: Sleeps) -> Politeness:
    """Limits that never make a test wait."""
    return Politeness(single_rate=1000, list_rate=1000, sleep=waits, backoff=Backoff(retries=3, base=0.5, sleep=sleeps))


@pytest.fixture
def make(crossref_server: HTTPServer, politeness: Politeness, tmp_path: Path) -> Iterator[object]:
    """``make(**kwargs)`` → a resolver on the loopback server with a fresh cache."""
    made: list[Resolver] = []

    def factory(**kwargs: object) -> Resolver:
        options: dict[str, object] = {
            "base_url": crossref_server.url_for("").rstrip("/"),
            "mailto": "tests@example.org",
            "cache": tmp_path / "cache.sqlite",
            "politeness": politeness,
        }
        options.update(kwargs)
        resolver = make_resolver(**options)  # type: ignore[arg-type]
        made.append(resolver)
        return resolver

    yield factory
    for resolver in made:
        resolver.close()


def works_requests(server: HTTPServer) -> list[str]:
    """The ``/works`` requests the server received, as ``path?query``."""
    return [f"{req.path}?{req.query_string.decode()}" if req.query_string else req.path for req, _ in server.log]


__all__ = ["Sleeps", "StandIn", "works_requests"]
