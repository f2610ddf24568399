"""The HTTP layer: habanero against a loopback Crossref, errors, retries, limits."""

from __future__ import annotations

import json
import socket
import time

import pytest
from pytest_httpserver import HTTPServer

from citekit.errors import NetworkError, NotFoundError, RemoteError
from citekit.resolve.client import CrossrefClient
from citekit.resolve.limiter import Backoff, Politeness
from tests.resolve.conftest import Sleeps, works_requests

JSON = "application/json;charset=utf-8"
VALIDATION = {
    "status": "failed",
    "message-type": "validation-failure",
    "message": [
        {
            "type": "integer-not-valid",
            "value": "x",
            "message": "Integer specified as x but must be a positive integer less than or equal to 1000.",
        }
    ],
}


def client_for(server: HTTPServer, politeness: Politeness, mailto: str | None = "tests@example.org") -> CrossrefClient:
    return CrossrefClient(server.url_for("").rstrip("/"), mailto=mailto, timeout=5, politeness=politeness)


def test_work_by_doi(crossref_server: HTTPServer, politeness: Politeness) -> None:
    work = client_for(crossref_server, politeness).work("10.5555/jcg.2019.041")
    assert work["title"] == ["Glacial meltwater pulses and coastal sediment budgets"]
    ((request, _),) = crossref_server.log
    assert request.path == "/works/10.5555/jcg.2019.041"
    agent = request.headers["User-Agent"]
    assert "habanero/" in agent and "(mailto:tests@example.org)" in agent and "citekit/" in agent


def test_unknown_doi_is_not_found_from_a_text_404(crossref_server: HTTPServer, politeness: Politeness) -> None:
    with pytest.raises(NotFoundError) as caught:
        client_for(crossref_server, politeness).work("10.5555/nothing.here")
    assert caught.value.origin == "10.5555/nothing.here"
    assert caught.value.__cause__ is not None  # translated "from" the httpx2 error
    assert (
        crossref_server.log[0][1].status_code == 404 and crossref_server.log[0][1].get_data() == b"Resource not found."
    )


def test_validation_failure_400_json_is_a_remote_error(crossref_server: HTTPServer, politeness: Politeness) -> None:
    crossref_server.expect_oneshot_request("/works").respond_with_json(VALIDATION, status=400)
    with pytest.raises(RemoteError) as caught:
        client_for(crossref_server, politeness).search("anything at all")
    assert caught.value.status_code == 400
    assert "must be a positive integer" in str(caught.value)
    assert type(caught.value.__cause__).__name__ == "RequestError"


def test_429_is_retried_with_backoff_and_slows_the_route(
    crossref_server: HTTPServer, politeness: Politeness, sleeps: Sleeps
) -> None:
    for _ in range(2):
        crossref_server.expect_oneshot_request("/works").respond_with_data(
            "Too many requests", status=429, content_type="text/plain"
        )
    before = politeness.limiters["list"].rate
    items = client_for(crossref_server, politeness).search("Seasonal drift of pelagic larvae in upwelling systems")
    assert {i["DOI"] for i in items[:2]} == {"10.5555/mel.2015.012", "10.5555/osm.2014.088"}
    assert [r.status_code for _, r in crossref_server.log] == [429, 429, 200]
    assert len(sleeps.calls) == 2
    assert 0.25 <= sleeps.calls[0] <= 0.5 and 0.5 <= sleeps.calls[1] <= 1.0  # base 0.5, doubling, equal jitter
    assert politeness.limiters["list"].rate < before


def test_retry_after_header_is_honoured(crossref_server: HTTPServer, politeness: Politeness, sleeps: Sleeps) -> None:
    crossref_server.expect_oneshot_request("/works/10.5555/mel.2015.012").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "4"}
    )
    client_for(crossref_server, politeness).work("10.5555/mel.2015.012")
    assert sleeps.calls == [4.0]


def test_5xx_gives_up_after_the_retries(crossref_server: HTTPServer, politeness: Politeness, sleeps: Sleeps) -> None:
    for _ in range(4):
        crossref_server.expect_oneshot_request("/works").respond_with_data(
            "<html>Bad gateway</html>", status=502, content_type="text/html"
        )
    with pytest.raises(RemoteError) as caught:
        client_for(crossref_server, politeness).works_by_doi(["10.5555/jcg.2019.041", "10.5555/mel.2015.012"])
    assert caught.value.status_code == 502
    assert len(crossref_server.log) == 4 and len(sleeps.calls) == 3
    assert sleeps.calls[2] > sleeps.calls[0]


def test_503_then_success(crossref_server: HTTPServer, politeness: Politeness, sleeps: Sleeps) -> None:
    crossref_server.expect_oneshot_request("/works/10.5555/mel.2015.012").respond_with_data("busy", status=503)
    assert client_for(crossref_server, politeness).work("10.5555/mel.2015.012")["DOI"] == "10.5555/mel.2015.012"
    assert len(sleeps.calls) == 1


def test_malformed_answers_are_remote_errors(crossref_server: HTTPServer, politeness: Politeness) -> None:
    client = client_for(crossref_server, politeness)
    crossref_server.expect_oneshot_request("/works").respond_with_data(
        '{"status": "ok", "message": {"items": [', content_type=JSON
    )
    with pytest.raises(RemoteError, match="malformed"):
        client.search("glacial meltwater pulses")
    crossref_server.expect_oneshot_request("/works").respond_with_json(
        {"status": "ok", "message-type": "work-list", "message": {"total-results": 1, "items": "oops"}}
    )
    with pytest.raises(RemoteError, match="malformed"):
        client.search("glacial meltwater pulses")
    crossref_server.expect_oneshot_request("/works/10.5555/mel.2015.012").respond_with_data(
        "<html>maintenance</html>", content_type="text/html"
    )
    with pytest.raises(RemoteError):
        client.work("10.5555/mel.2015.012")


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_closed_port_is_a_network_error_at_once(politeness: Politeness, sleeps: Sleeps) -> None:
    client = CrossrefClient(
        f"http://127.0.0.1:{_closed_port()}", mailto="t@example.org", timeout=5, politeness=politeness
    )
    start = time.monotonic()
    with pytest.raises(NetworkError, match="cannot reach"):
        client.work("10.5555/mel.2015.012")
    with pytest.raises(NetworkError) as caught:
        client.search("glacial meltwater pulses")
    assert time.monotonic() - start < 2 and sleeps.calls == []  # no backoff for a dead host
    assert caught.value.__cause__ is not None


def test_batched_dois_go_in_one_filter_request(crossref_server: HTTPServer, politeness: Politeness) -> None:
    dois = ["10.5555/jcg.2019.041", "10.5555/mel.2015.012", "10.5555/nothing.here"]
    works = client_for(crossref_server, politeness).works_by_doi(dois)
    assert sorted(w["DOI"] for w in works) == dois[:2]
    (line,) = works_requests(crossref_server)
    assert "filter=doi%3A10.5555%2Fjcg.2019.041%2Cdoi%3A10.5555%2Fmel.2015.012%2Cdoi%3A10.5555%2Fnothing.here" in line
    assert "rows=3" in line and "select=" in line


def test_announced_limits_are_followed(crossref_server: HTTPServer, politeness: Politeness) -> None:
    body = json.dumps({"status": "ok", "message-type": "work-list", "message": {"total-results": 0, "items": []}})
    crossref_server.expect_oneshot_request("/works").respond_with_data(
        body,
        content_type=JSON,
        headers={"X-Rate-Limit-Limit": "5", "X-Rate-Limit-Interval": "2s", "X-Concurrency-Limit": "2"},
    )
    client_for(crossref_server, politeness).search("anything")
    assert politeness.limiters["list"].rate == pytest.approx(2.5)
    assert politeness.gate.limit == 2
    assert politeness.limiters["single"].rate == 1000  # the other route kind keeps its own


def test_no_mailto_warns_once(
    crossref_server: HTTPServer,
    politeness: Politeness,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from citekit.resolve import client as module

    monkeypatch.setattr(module, "_warned_no_mailto", type(module._warned_no_mailto)())
    client = client_for(crossref_server, politeness, mailto=None)
    with caplog.at_level("WARNING", logger="citekit.resolve"):
        client.work("10.5555/mel.2015.012")
        client.work("10.5555/jcg.2019.041")
    warnings = [r for r in caplog.records if "mailto" in r.getMessage()]
    assert len(warnings) == 1
    assert "(mailto:" not in crossref_server.log[0][0].headers["User-Agent"]


def test_backoff_delays_stay_within_bounds() -> None:
    backoff = Backoff(base=1.0, cap=8.0)
    for attempt in range(6):
        ceiling = min(8.0, 2.0**attempt)
        assert ceiling / 2 <= backoff.delay(attempt) <= ceiling
    assert backoff.delay(0, retry_after=5.0) == 5.0
