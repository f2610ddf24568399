"""A hostile Crossref: answers that drip, never end, or ask for waits of years."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator

import pytest

from citekit.errors import NetworkError, RemoteError
from citekit.resolve.client import CrossrefClient
from citekit.resolve.limiter import MIN_RATE, Backoff, Politeness
from tests.hostile.conftest import Handler, Script, dripping, fixed
from tests.resolve.conftest import Sleeps

JSON = "application/json"
WORK = json.dumps({"status": "ok", "message-type": "work", "message": {"DOI": "10.5555/x", "title": ["X"]}}).encode()


@pytest.fixture
def waits() -> Sleeps:
    return Sleeps()


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def politeness(waits: Sleeps, sleeps: Sleeps) -> Politeness:
    """Fast limits; every wait recorded instead of slept."""
    return Politeness(single_rate=1000, list_rate=1000, sleep=waits, backoff=Backoff(retries=3, sleep=sleeps))


Make = Callable[..., CrossrefClient]


@pytest.fixture
def client(hostile: Script, politeness: Politeness) -> Iterator[Make]:
    """``client(timeout=...)``: a Crossref client for the hostile server, closed afterwards."""
    made: list[CrossrefClient] = []

    def make(timeout: float = 1.0) -> CrossrefClient:
        made.append(CrossrefClient(hostile.url, mailto="t@example.org", timeout=timeout, politeness=politeness))
        return made[-1]

    yield make
    for one in made:
        one.close()


@pytest.mark.parametrize("headers_too", [False, True], ids=["body", "status-line-and-headers"])
def test_a_dripping_crossref_fails_at_the_timeout(hostile: Script, client: Make, headers_too: bool) -> None:
    # The whole answer would arrive after 10 s or more (a byte every 0.1 s); 1 s is allowed.
    hostile.route("/works/10.5555/x", dripping(headers_too, WORK, every=0.1, content_type=JSON))
    started = time.monotonic()
    with pytest.raises(NetworkError) as caught:
        client().work("10.5555/x")
    assert str(caught.value) == f"no complete answer from {hostile.url} within 1 s"
    assert caught.value.origin == "10.5555/x"
    assert time.monotonic() - started < 5


def test_an_endless_crossref_answer_is_cut_off(hostile: Script, client: Make) -> None:
    def endless(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", JSON)
        handler.end_headers()
        handler.close_connection = True
        handler.wfile.write(b'{"status": "ok", "message": {"DOI": "10.5555/x", "title": ["')
        chunk = b"x" * 65536
        for _ in range(2048):  # 128 MB, more than the cap
            handler.wfile.write(chunk)

    hostile.route("/works/10.5555/x", endless)
    with pytest.raises(RemoteError, match=r"larger than 64 MB$"):
        client(timeout=20).work("10.5555/x")
    assert hostile.gave_up("/works/10.5555/x")


@pytest.mark.parametrize("retry_after", ["99999999999", "Fri, 31 Dec 9999 23:59:59 GMT"], ids=["seconds", "date"])
def test_a_retry_after_bomb_fails_at_once(hostile: Script, client: Make, sleeps: Sleeps, retry_after: str) -> None:
    hostile.route("/works/10.5555/x", fixed(429, b"slow down", "text/plain", Retry_After=retry_after))
    with pytest.raises(RemoteError) as caught:
        client(timeout=20).work("10.5555/x")
    assert str(caught.value).startswith("Crossref answered 429 asking to retry after ")
    assert str(caught.value).endswith(" s, longer than citekit waits (20 s)")
    assert caught.value.status_code == 429
    assert hostile.hits("/works/10.5555/x") == 1 and sleeps.calls == []


def test_a_rate_limit_header_bomb_cannot_space_requests_years_apart(
    hostile: Script, client: Make, politeness: Politeness, waits: Sleeps
) -> None:
    bomb = {"X_Rate_Limit_Limit": "1", "X_Rate_Limit_Interval": "100000h", "X_Concurrency_Limit": "99999999"}
    hostile.route("/works/10.5555/x", fixed(200, WORK, JSON, **bomb))
    crossref = client(timeout=120)
    crossref.work("10.5555/x")
    assert politeness.limiters["single"].rate == pytest.approx(MIN_RATE)
    assert politeness.gate.limit <= 16
    crossref.work("10.5555/x")  # its slot was reserved at the old pace
    crossref.work("10.5555/x")  # waits for its slot: under a minute, not years
    assert 40 < waits.calls[-1] < 60 and max(waits.calls) < 60


def test_a_rate_limit_slot_beyond_the_timeout_fails_with_one_line(hostile: Script, client: Make, waits: Sleeps) -> None:
    bomb = {"X_Rate_Limit_Limit": "1", "X_Rate_Limit_Interval": "100000h"}
    hostile.route("/works/10.5555/x", fixed(200, WORK, JSON, **bomb))
    crossref = client(timeout=5)
    crossref.work("10.5555/x")
    crossref.work("10.5555/x")  # its slot was reserved at the old pace
    with pytest.raises(RemoteError) as caught:
        crossref.work("10.5555/x")
    message = str(caught.value)
    assert message.startswith("Crossref's announced rate limit (1/3.6e+08s) puts the next request ")
    assert message.endswith(" s away, longer than citekit waits (5 s)")
    assert caught.value.origin == "10.5555/x"
    assert hostile.hits("/works/10.5555/x") == 2 and all(wait < 1 for wait in waits.calls)
