"""PMIDs and PMCIDs through an NCBI E-utilities stand-in: documents, failures, politeness,
cache and offline."""

from __future__ import annotations

from pathlib import Path

import pytest

from citekit.errors import ReadError
from citekit.parsers import parse
from citekit.resolve.limiter import Backoff
from citekit.services import Lookups
from citekit.source import read
from citekit.testing_services import PubMedStandIn, serve
from tests.conftest import CLOSED_URL
from tests.services.conftest import pubmed_standin, services

_NO_WAIT = Backoff(retries=6, base=0.2, cap=0.5)


def test_a_pmid_reads_as_pubmed_xml() -> None:
    with services() as s, s.lookups() as lookups:
        source = read("PMID:39000001", lookups=lookups)
    assert source.format == "pubmed" and source.origin == "PMID:39000001"
    (record,) = parse(source)
    assert record["PMID"] == "39000001" and record["DOI"] == "10.5555/jexmed.2024.0312"
    assert record["custom"]["origin"] == "PMID:39000001"
    (_, request), *_ = s.pubmed.log
    assert "db=pubmed" in request and "id=39000001" in request and "tool=citekit" in request


def test_a_book_pmid() -> None:
    with services() as s, s.lookups() as lookups:
        (record,) = parse(read("PMID 20300001", lookups=lookups))
    assert record["type"] == "chapter" and record["call-number"] == "NBK9001"


def test_a_pmcid_reads_as_jats() -> None:
    with services() as s, s.lookups() as lookups:
        source = read("PMCID:PMC2300001", lookups=lookups)
    assert source.format == "jats"
    (record,) = parse(source)
    assert record["PMCID"] == "PMC2300001" and record["title"].startswith("Bite force")
    assert "db=pmc" in s.pubmed.log[0][1] and "id=2300001" in s.pubmed.log[0][1]


def test_unknown_ids_fail_in_one_line() -> None:
    with services() as s, s.lookups() as lookups:
        with pytest.raises(ReadError) as pmid:
            read("PMID:11111111", lookups=lookups)
        with pytest.raises(ReadError) as pmcid:
            read("PMC999", lookups=lookups)
    assert pmid.value.describe() == "PMID:11111111: PMID 11111111 not found in PubMed"
    assert pmcid.value.describe() == (
        "PMC999: PMC999 not found in PubMed Central (The following PMCID is not available: 999)"
    )


def test_offline_sends_nothing() -> None:
    with services() as s, s.lookups(offline=True) as lookups, pytest.raises(ReadError) as error:
        read("PMID:39000001", lookups=lookups)
    assert error.value.describe() == "PMID:39000001: not looked up: offline (NCBI E-utilities not contacted)"
    assert s.pubmed.requests == 0


def test_answers_are_cached_and_the_api_key_stays_out_of_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "answers.sqlite"
    with services() as s:
        with s.lookups(use_cache=True, cache=cache, ncbi_api_key="secret-key") as lookups:
            read("PMID:39000001", lookups=lookups)
            read("PMID:39000001", lookups=lookups)
        with s.lookups(use_cache=True, cache=cache) as again:
            read("PMID:39000001", lookups=again)
        with s.lookups(use_cache=True, cache=cache, offline=True) as offline:
            assert read("PMID:39000001", lookups=offline).format == "pubmed"  # offline, from the cache
    assert s.pubmed.requests == 1 and s.pubmed.api_keys == ["secret-key"]
    assert b"secret-key" not in cache.read_bytes()


def test_429_and_5xx_are_retried_with_backoff() -> None:
    with services() as s, s.lookups(rates={"pubmed": 50.0}) as lookups:
        s.pubmed.fail_next.extend([429, 503])
        assert read("PMID:39000001", lookups=lookups).format == "pubmed"
    assert [status for status, n in s.pubmed.statuses.items() for _ in range(n)] == [429, 503, 200]
    assert len(s.sleeps.calls) == 2


def test_retries_end_with_a_transient_error() -> None:
    with services() as s, s.lookups(rates={"pubmed": 50.0}) as lookups:
        s.pubmed.fail_next.extend([503] * 10)
        with pytest.raises(ReadError) as error:
            read("PMID:39000001", lookups=lookups)
    assert error.value.transient
    assert str(error.value) == "NCBI E-utilities: answered 503 after 4 attempts"
    assert s.pubmed.requests == 4


def test_a_closed_port_fails_at_once() -> None:
    with Lookups(pubmed_url=CLOSED_URL, use_cache=False) as lookups, pytest.raises(ReadError) as error:
        read("PMID:39000001", lookups=lookups)
    assert error.value.transient and "cannot reach http://127.0.0.1:9" in str(error.value)


def _five(rates: dict[str, float]) -> PubMedStandIn:
    # NCBI answers 429 to more than 3 requests a second without a key; the stand-in does
    # too (counting over 0.8 s, so that scheduling jitter on a busy machine is no excuse).
    standin = pubmed_standin(enforce=True, interval=0.8)
    with serve(standin) as url, Lookups(pubmed_url=url, use_cache=False, rates=rates, backoff=_NO_WAIT) as lookups:
        for pmid in ("39000001", "20000002", "20000003", "20300001", "20300002"):
            read(f"PMID:{pmid}", lookups=lookups)
    return standin


def test_the_pace_keeps_within_ncbis_limit() -> None:
    assert _five({}).statuses == {200: 5}


def test_a_client_going_faster_is_refused_and_slows_down() -> None:
    statuses = _five({"pubmed": 50.0}).statuses
    assert statuses[429] >= 1 and statuses[200] == 5  # refused, then retried after a pause
