"""Identifiers on the command line: parse, format, export and harvest, with the service
options and their environment variables, and offline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from citekit.batch import _fetched
from citekit.cli import cli
from citekit.pipeline import Outcome
from citekit.source import Source
from citekit.testing import serve as serve_crossref
from tests.conftest import standin
from tests.services.conftest import services

IDS = ["PMID:39000001", "PMCID:PMC2300001", "arXiv:2101.00001", "ISBN:978-2-213-01401-2"]


def test_parse_identifiers() -> None:
    with services() as s:
        result = CliRunner().invoke(cli, ["parse", *IDS, *s.options()], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    records = json.loads(result.stdout)
    assert [r["custom"]["format"] for r in records] == ["pubmed", "jats", "arxiv", "openlibrary"]
    assert [r["custom"]["origin"] for r in records] == IDS
    assert (s.pubmed.requests, s.arxiv.requests, s.openlibrary.requests) == (2, 1, 3)


def test_service_urls_from_the_environment() -> None:
    with services() as s:
        env = {"CITEKIT_PUBMED_URL": s.urls["pubmed"], "NCBI_API_KEY": "k-123"}
        result = CliRunner().invoke(cli, ["parse", "PMID:20000002"], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)[0]["title"] == "[Reference managers in nursing education: a survey]"
    assert s.pubmed.api_keys == ["k-123"]


def test_unknown_identifiers_fail_and_the_rest_is_written() -> None:
    with services() as s:
        args = ["parse", "PMID:11111111", "PMID:20000003", "ISBN:9781555550028", *s.options()]
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 1
    assert [r["PMID"] for r in json.loads(result.stdout)] == ["20000003"]
    assert result.stderr.splitlines() == [
        "PMID:11111111: PMID 11111111 not found in PubMed",
        "ISBN:9781555550028: ISBN 9781555550028 not found in Open Library",
    ]


@pytest.mark.parametrize("command", [["parse"], ["format"], ["export", "--to", "ris"]])
def test_offline_identifiers_fail_saying_so(command: list[str]) -> None:
    with services() as s:
        result = CliRunner().invoke(cli, [*command, "PMID:39000001", "arXiv:2101.00001", "--offline", *s.options()])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "PMID:39000001: not looked up: offline (NCBI E-utilities not contacted)",
        "arXiv:2101.00001: not looked up: offline (arXiv not contacted)",
    ]
    assert s.pubmed.requests == s.arxiv.requests == 0


def test_format_and_export_read_identifiers() -> None:
    with services() as s:
        runner = CliRunner()
        text = runner.invoke(cli, ["format", "PMID:39000001", "--style", "apa", *s.options()], catch_exceptions=False)
        ris = runner.invoke(cli, ["export", "arXiv:2101.00001", "--to", "ris", *s.options()], catch_exceptions=False)
    assert text.exit_code == 0 and "Okafor, C. N." in text.stdout and "Sleep timing" in text.stdout
    assert ris.exit_code == 0 and "TI  - Counting examples in random graphs" in ris.stdout


def test_every_command_that_reads_inputs_takes_the_service_options() -> None:
    runner = CliRunner()
    for command in ("parse", "resolve", "export", "format", "harvest"):
        help_text = runner.invoke(cli, [command, "--help"]).stdout
        for option in ("--pubmed-url", "--arxiv-url", "--openlibrary-url", "--datacite-url", "--ncbi-api-key"):
            assert option in help_text, (command, option)
        assert "--offline" in help_text


def test_harvest_fetches_identifiers_in_the_driver(tmp_path: Path) -> None:
    with services() as s, s.lookups() as lookups:
        items = list(_fetched(["PMID:39000001", "PMID:11111111", "page.html"], 2, 10.0, lookups))
    assert isinstance(items[0], Source) and items[0].format == "pubmed"
    assert isinstance(items[1], Outcome) and items[1].error is not None
    assert items[2] == "page.html"  # a path is read by the parsing process, as before


def test_harvest_identifiers(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with services() as s, serve_crossref(standin()) as crossref:
        args = ["harvest", *IDS, "PMID:11111111", "-o", str(out), "--jobs", "2", "--offline", *s.options()]
        offline = CliRunner().invoke(cli, args, catch_exceptions=False)
        assert offline.exit_code == 1 and s.pubmed.requests == 0
        args = ["harvest", *IDS, "PMID:11111111", "-o", str(out), "--jobs", "2", "--no-cache", *s.options()]
        args += ["--crossref-url", crossref, "--mailto", "t@example.org"]
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 1
    report = {entry["input"]: entry for entry in json.loads((out / "report.json").read_text())}
    assert [report[i]["status"] for i in IDS] == ["ok"] * 4
    assert report["PMID:11111111"]["error"] == "PMID:11111111: PMID 11111111 not found in PubMed"
    records = json.loads((out / "records.json").read_text())
    assert {r.get("PMID") for r in records} >= {"39000001", "18000001"}


def test_resolve_identifiers_with_both_caches_on(tmp_path: Path) -> None:
    cache = tmp_path / "answers.sqlite"
    with services() as s, serve_crossref(standin()) as crossref:
        args = ["resolve", "PMID:39000001", "arXiv:2101.00001", "--cache", str(cache), *s.options()]
        args += ["--crossref-url", crossref, "--mailto", "t@example.org"]
        first = CliRunner().invoke(cli, args, catch_exceptions=False)
        again = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert first.exit_code == again.exit_code == 0, first.stderr
    assert json.loads(first.stdout) == json.loads(again.stdout)
    assert cache.exists() and (tmp_path / "answers-services.sqlite").exists()
    assert (s.pubmed.requests, s.arxiv.requests) == (1, 1)  # the second run read the services' cache
