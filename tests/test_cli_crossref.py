"""The command line against Crossref on loopback: the stand-in answering from recorded
works (tests/fixtures/crossref), and pytest-httpserver for Crossref's failure answers."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from click.testing import CliRunner
from pytest_httpserver import HTTPServer

from citekit.cli import cli
from citekit.testing import install, serve
from citekit.testing_services import DataCiteStandIn
from citekit.testing_services import serve as serve_service
from tests.conftest import FIXTURES, standin

REFS = """\
1. Okafor A, Brenner T. Glacial meltwater pulses and coastal sediment budgets. J Coast Geomorphol. 2019;41:211-229.
2. Tanaka H, Quintero M. Seasonal drift of pelagic larvae in upwelling systems. Mar Ecol Lett. 2015;12:1-14. \
doi:10.5555/mel.2015.012
3. Nobody X. A study that no index holds anywhere at all. Unknown J. 1999;3:5-9.
4. Tanaka H. Some paper. J Irrelevant. 2001;1:1-2. doi:10.5555/does.not.exist
"""

VALIDATION_400 = {
    "status": "failed",
    "message-type": "validation-failure",
    "message": [
        {
            "type": "parameter-not-allowed",
            "value": "query.bibliographic",
            "message": "This route does not support query.bibliographic",
        }
    ],
}


def _refs(url: str, cache: Path, *extra: str) -> tuple[int, list[dict[str, object]], str]:
    args = ["refs", "--resolve", "--crossref-url", url, "--mailto", "test@example.org", "--cache", str(cache), *extra]
    result = CliRunner().invoke(cli, args, input=REFS, catch_exceptions=False)
    return result.exit_code, [json.loads(line) for line in result.stdout.splitlines()], result.stderr


def _statuses(items: list[dict[str, object]]) -> list[tuple[object, str]]:
    return [(i.get("DOI"), i["custom"]["match"]["status"]) for i in items]  # type: ignore[index]


def test_refs_resolve_verify_search_abstain_and_cache(tmp_path: Path) -> None:
    server = standin()
    with serve(server) as url:
        code, items, err = _refs(url, tmp_path / "cache.sqlite")
        assert code == 0, err
        assert _statuses(items) == [
            ("10.5555/jcg.2019.041", "matched"),  # the journal version, not its preprint or erratum
            ("10.5555/mel.2015.012", "verified"),
            (None, "unresolved"),
            ("10.5555/does.not.exist", "unresolved"),
        ]
        assert items[3]["custom"]["match"]["reason"] == "DOI not found in Crossref"  # type: ignore[index]
        assert err.strip().splitlines() == [
            "citekit: 2 of 4 references left unresolved: 1 no confident match, 1 DOI not found in Crossref"
        ]
        asked = server.stats.requests
        assert server.stats.by_status[404] == 1  # Crossref's plain-text "Resource not found."
        code, again, _ = _refs(url, tmp_path / "cache.sqlite")
        assert code == 0 and again == items
        assert server.stats.requests == asked  # the second run is answered from the cache


def test_resolve_page_through_the_stand_in(tmp_path: Path) -> None:
    with serve(standin()) as url:
        args = [
            "resolve",
            "--crossref-url",
            url,
            "--mailto",
            "t@example.org",
            "--cache",
            str(tmp_path / "c.sqlite"),
            str(FIXTURES / "cli" / "page.txt"),
        ]
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    (record,) = json.loads(result.stdout)
    assert record["DOI"] == "10.5555/jir.2023.0702"
    assert {r["custom"]["match"]["status"] for r in record["custom"]["references"]} <= {
        "unresolved",
        "matched",
        "verified",
    }
    assert "not found" in record["custom"]["match"]["reason"]  # the page's own DOI is not in the stand-in


def test_closed_port_finishes_and_says_so_once(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code, items, err = _refs(f"http://127.0.0.1:{port}", tmp_path / "c.sqlite", "--timeout", "2")
    assert code == 0
    assert len(items) == 4 and all(status == "unresolved" for _, status in _statuses(items))
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "cannot reach" in lines[0] and "4 of 4 references" in lines[0], err


def test_429_is_waited_out_through_the_cli(httpserver: HTTPServer, tmp_path: Path) -> None:
    server = install(httpserver, standin())
    # Before the stand-in's handler: one "slow down" for the first request.
    httpserver.expect_oneshot_request("/works/10.5555/mel.2015.012").respond_with_data(
        "Too many requests", status=429, headers={"Retry-After": "1"}
    )
    httpserver.expect_oneshot_request("/works").respond_with_data(
        "Too many requests", status=429, headers={"Retry-After": "1"}
    )
    code, items, err = _refs(httpserver.url_for("").rstrip("/"), tmp_path / "c.sqlite")
    assert code == 0, err
    assert _statuses(items)[:2] == [("10.5555/jcg.2019.041", "matched"), ("10.5555/mel.2015.012", "verified")]
    assert server.stats.requests >= 3


def test_400_json_leaves_references_unresolved_with_one_line(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/works").respond_with_json(VALIDATION_400, status=400)
    httpserver.expect_request("/works/10.5555/mel.2015.012").respond_with_json(VALIDATION_400, status=400)
    httpserver.expect_request("/works/10.5555/does.not.exist").respond_with_data("Resource not found.", status=404)
    code, items, err = _refs(httpserver.url_for("").rstrip("/"), tmp_path / "c.sqlite")
    assert code == 0
    assert [s for _, s in _statuses(items)] == ["unresolved"] * 4
    assert len(err.strip().splitlines()) == 1, err


def test_a_doi_input_crossref_does_not_know_is_a_failed_input(tmp_path: Path) -> None:
    with serve(standin()) as url, serve_service(DataCiteStandIn()) as datacite:
        common = ["--crossref-url", url, "--mailto", "t@example.org", "--no-cache", "--datacite-url", datacite]
        result = CliRunner().invoke(
            cli, ["resolve", "10.5555/nope.1", "doi:10.5555/mel.2015.012", *common], catch_exceptions=False
        )
        assert result.exit_code == 1
        assert result.stderr.splitlines()[0] == "10.5555/nope.1: DOI 10.5555/nope.1 not found in Crossref or DataCite"
        assert [r["DOI"] for r in json.loads(result.stdout)] == ["10.5555/mel.2015.012"]

        out = tmp_path / "out"
        result = CliRunner().invoke(
            cli,
            ["harvest", "10.5555/nope.1", "10.5555/jcg.2019.041", "-o", str(out), "-j", "1", *common],
            catch_exceptions=False,
        )
    assert result.exit_code == 1
    report = json.loads((out / "report.json").read_text())
    assert [(e["input"], e["status"]) for e in report] == [("10.5555/nope.1", "error"), ("10.5555/jcg.2019.041", "ok")]
    (record,) = json.loads((out / "records.json").read_text())
    assert record["title"] == "Glacial meltwater pulses and coastal sediment budgets" and record["volume"] == "41"


def test_doi_inputs_offline_stay_records_marked_unresolved() -> None:
    result = CliRunner().invoke(cli, ["resolve", "--offline", "10.5555/nope.1"], catch_exceptions=False)
    assert result.exit_code == 0
    (record,) = json.loads(result.stdout)
    assert record["custom"]["match"] == {"status": "unresolved", "code": "offline", "reason": "offline"}
