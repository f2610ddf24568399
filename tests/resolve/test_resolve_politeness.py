"""Politeness end to end: threads share limits and answers; the stand-in enforces limits."""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer

from citekit.resolve import make_resolver
from citekit.resolve.cache import MISSING, AnswerCache
from citekit.resolve.client import CrossrefClient
from citekit.resolve.limiter import Politeness
from citekit.resolve.resolver import Resolver
from citekit.testing import Limits
from tests.conftest import crossref_stub, standin
from tests.resolve.conftest import works_requests

Make = Callable[..., Resolver]

TANAKA = {
    "custom": {
        "raw": "Tanaka, M. (2015). Seasonal drift of pelagic larvae in upwelling systems. Marine "
        "Ecology Letters, 12(1), 1-14."
    }
}


def test_threads_share_one_search_for_the_same_reference(make: Make, crossref_server: HTTPServer) -> None:
    resolver = make(use_cache=False)
    barrier = threading.Barrier(6)

    def resolve(_: int) -> dict[str, Any]:
        barrier.wait()
        return resolver.resolve(
            {"id": "p", "type": "article-journal", "custom": {"references": [copy.deepcopy(TANAKA)]}}
        )

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(resolve, range(6)))
    assert {r["custom"]["references"][0]["DOI"] for r in results} == {"10.5555/mel.2015.012"}
    assert len(works_requests(crossref_server)) == 1


def test_429_during_a_batch_is_absorbed(make: Make, crossref_server: HTTPServer, sleeps: Any) -> None:
    crossref_server.expect_oneshot_request("/works").respond_with_data(
        "Too many requests", status=429, headers={"X-Rate-Limit-Limit": "3", "X-Rate-Limit-Interval": "1s"}
    )
    (out,) = make().resolve_all(
        [{"id": "p", "type": "article-journal", "custom": {"references": [copy.deepcopy(TANAKA)]}}]
    )
    assert out["custom"]["references"][0]["custom"]["match"]["status"] == "matched"
    assert len(sleeps.calls) == 1


def test_negative_answers_expire(tmp_path: Path) -> None:
    now = [1000.0]
    cache = AnswerCache(tmp_path / "c.sqlite", ttl=100, negative_ttl=10, clock=lambda: now[0])
    cache.put("doi:a", {"missing": True}, negative=True)
    cache.put("doi:b", {"full": True, "work": {"DOI": "b"}})
    now[0] += 11
    assert cache.get("doi:a") is MISSING
    assert cache.get("doi:b") == {"full": True, "work": {"DOI": "b"}}
    now[0] += 100
    assert cache.get("doi:b") is MISSING
    cache.close()


def test_unknown_doi_is_asked_again_after_the_negative_ttl(
    make: Make, crossref_server: HTTPServer, politeness: Politeness, tmp_path: Path
) -> None:
    record = {"id": "x", "type": "article", "DOI": "10.5555/not.yet.registered"}
    with make() as first:
        first.resolve_all([record])
    with make() as second:
        second.resolve_all([record])
    assert len(crossref_server.log) == 1  # the 404 was cached
    url = crossref_server.url_for("").rstrip("/")
    with Resolver(
        CrossrefClient(url, mailto="t@example.org", politeness=politeness),
        AnswerCache(tmp_path / "cache.sqlite", negative_ttl=-1),
    ) as later:
        (out,) = later.resolve_all([record])
    assert len(crossref_server.log) == 2 and out["custom"]["match"]["reason"] == "DOI not found in Crossref"


def test_standin_enforces_its_limits() -> None:
    server = standin(limits=Limits(single=10, list=2, interval=60, concurrency=3), enforce=True)
    codes = [server.handle("/works", {"query.bibliographic": ["larvae"]})[0] for _ in range(3)]
    assert codes == [200, 200, 429]
    assert server.handle("/works/10.5555/mel.2015.012", {})[0] == 200  # the other route kind has its own window
    status, headers, _ = server.handle("/works", {"rows": ["5"]})
    assert status == 429 and headers["X-Rate-Limit-Limit"] == "2" and headers["X-Concurrency-Limit"] == "3"


def test_resolver_stays_under_an_enforced_limit(tmp_path: Path) -> None:
    # Real (small) waits: 4 searches at 20/s against a stand-in that refuses a 3rd request in 0.1 s.
    limits = Limits(single=50, list=2, interval=0.1, concurrency=2)
    refs = [
        {"custom": {"raw": raw}}
        for raw in (
            "Tanaka M. Seasonal drift of pelagic larvae in upwelling systems. Mar Ecol Lett. 2015;12:1-14.",
            "Okafor A. Glacial meltwater pulses and coastal sediment budgets. J Coast Geomorphol. 2019;41:211-29.",
            "Vermeulen H. Tidal inlets and their ebb deltas. Coastal Systems Handbook. 2011:143-70.",
            "Solberg I. Beach cusps on mixed sand and gravel shores. J Coast Geomorphol. 2021;43:e2021007.",
        )
    ]
    with crossref_stub(limits=limits, enforce=True) as url:
        politeness = Politeness(single_rate=50, list_rate=20, concurrency=2, margin=1.5)
        start = time.monotonic()
        with make_resolver(
            base_url=url, mailto="t@example.org", cache=tmp_path / "c.sqlite", politeness=politeness
        ) as resolver:
            out = resolver.resolve_all(refs)
            assert resolver.client is not None and resolver.client.statuses == {200: 4}
    assert time.monotonic() - start < 5
    assert [r["custom"]["match"]["status"] for r in out] == ["matched"] * 4


def test_search_without_a_match_is_kept_as_a_negative_answer(make: Make, tmp_path: Path) -> None:
    from citekit.resolve.cache import query_key
    from citekit.resolve.query import bibliographic_query

    lost = {
        "custom": {
            "raw": "Tanaka M. Seasonal drift of pelagic larvae in upwelling systems. Marine Ecology "
            "Letters 9 (2009) 40-52."
        }
    }
    with make() as resolver:
        (out,) = resolver.resolve_all([dict(lost)])
        key = query_key(resolver.base_url, bibliographic_query(lost), resolver.rows)
    assert out["custom"]["match"]["status"] == "unresolved"
    now = [time.time() + 8 * 86400]  # past the negative lifetime, well within the positive one
    cache = AnswerCache(tmp_path / "cache.sqlite", clock=lambda: now[0])
    assert cache.get(key) is MISSING
    cache.close()
