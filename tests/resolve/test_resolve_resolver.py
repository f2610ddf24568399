"""The resolver end to end against the loopback Crossref: outcomes, batching, cache."""

from __future__ import annotations

import copy
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from citekit.record import validate
from citekit.resolve import make_resolver, summarize
from citekit.resolve.resolver import Resolver
from tests.resolve.conftest import works_requests

Make = Callable[..., Resolver]

OKAFOR = {
    "title": "Glacial meltwater pulses and coastal sediment budgets",
    "author": [{"family": "Okafor", "given": "A."}, {"family": "Brenner", "given": "L."}],
    "container-title": "J Coast Geomorphol",
    "issued": {"date-parts": [[2019]]},
    "volume": "41",
    "page": "211-29",
    "custom": {
        "raw": "Okafor A, Brenner L. Glacial meltwater pulses and coastal sediment budgets. J Coast "
        "Geomorphol. 2019;41:211-29."
    },
}
TANAKA = {
    "title": "Seasonal drift of pelagic larvae in upwelling systems",
    "author": [{"family": "Tanaka", "given": "M."}],
    "container-title": "Marine Ecology Letters",
    "issued": {"date-parts": [[2015]]},
    "volume": "12",
    "issue": "1",
    "page": "1-14",
    "custom": {
        "raw": "Tanaka, M. (2015). Seasonal drift of pelagic larvae in upwelling systems. Marine "
        "Ecology Letters, 12(1), 1-14."
    },
}


def page(*references: dict[str, Any], **fields: Any) -> dict[str, Any]:
    # No title: the page itself is not searched, so requests counted are the references'.
    record = {"id": "page", "type": "article-journal", **fields}
    record["custom"] = {"references": [copy.deepcopy(r) for r in references]}
    return record


def refs_of(record: dict[str, Any]) -> list[dict[str, Any]]:
    return list(record["custom"]["references"])


def test_reference_is_matched_and_keeps_its_fields(make: Make) -> None:
    (out,) = make().resolve_all([page(OKAFOR)])
    (ref,) = refs_of(out)
    assert ref["DOI"] == "10.5555/jcg.2019.041"
    match = ref["custom"]["match"]
    assert match["status"] == "matched" and match["method"] == "search" and match["score"] >= 0.85
    assert {"first author", "year", "volume", "first page"} <= set(match["reasons"])
    for key, value in OKAFOR.items():  # nothing the input had is lost or changed
        if key != "custom":
            assert ref[key] == value
    assert ref["custom"]["raw"] == OKAFOR["custom"]["raw"]
    assert ref["issue"] == "3" and ref["custom"]["source"]["issue"] == "crossref"
    assert "abstract" not in ref and "license" not in ref  # references stay lean


def test_input_is_not_modified(make: Make) -> None:
    record = page(OKAFOR, TANAKA)
    before = copy.deepcopy(record)
    make().resolve_all([record])
    assert record == before


def test_near_duplicates_are_rejected(make: Make) -> None:
    # Same title as the journal article: the preprint (2018, no volume), the erratum
    # (2020, vol 42), and a reference whose year and volume match neither.
    other_year = {
        **OKAFOR,
        "issued": {"date-parts": [[2016]]},
        "volume": "38",
        "page": "1-20",
        "custom": {
            "raw": "Okafor A. Glacial meltwater pulses and coastal sediment budgets. J Coast Geomorphol. 2016;38:1-20."
        },
    }
    (out,) = make().resolve_all([page(other_year)])
    (ref,) = refs_of(out)
    assert "DOI" not in ref and ref["custom"]["match"]["status"] == "unresolved"
    assert ref["custom"]["match"]["reason"].startswith("no confident match")


def test_conference_version_is_told_from_the_journal_article(make: Make) -> None:
    conference = {
        "title": TANAKA["title"],
        "author": TANAKA["author"],
        "container-title": "Proceedings of the Ocean Sciences Meeting 2014",
        "issued": {"date-parts": [[2014]]},
        "page": "88-91",
        "custom": {
            "raw": "Tanaka M. Seasonal drift of pelagic larvae in upwelling systems. In: Proceedings "
            "of the Ocean Sciences Meeting 2014. p. 88-91."
        },
    }
    (out,) = make().resolve_all([page(TANAKA, conference)])
    journal, proceedings = refs_of(out)
    assert journal["DOI"] == "10.5555/mel.2015.012"
    assert proceedings["DOI"] == "10.5555/osm.2014.088"


def test_title_only_reference_with_two_versions_abstains(make: Make) -> None:
    vague = {"custom": {"raw": "Tanaka M. Seasonal drift of pelagic larvae in upwelling systems."}}
    (out,) = make().resolve_all([page(vague)])
    (ref,) = refs_of(out)
    assert ref["custom"]["match"]["status"] == "unresolved"
    assert "DOI" not in ref


def test_preprint_is_not_taken_for_the_published_article(make: Make, crossref_server: HTTPServer) -> None:
    # The stand-in holds the preprint and the erratum; hide the article itself.
    crossref_server.standin.works.pop("10.5555/jcg.2019.041")  # type: ignore[attr-defined]
    crossref_server.standin._index()  # type: ignore[attr-defined]
    (out,) = make().resolve_all([page(OKAFOR)])
    (ref,) = refs_of(out)
    assert "DOI" not in ref and ref["custom"]["match"]["status"] == "unresolved"


def test_doi_references_are_verified_in_one_batch(make: Make, crossref_server: HTTPServer) -> None:
    refs = [
        {"DOI": d, "custom": {"raw": f"See doi:{d}"}}
        for d in ("10.5555/jcg.2019.041", "10.5555/mel.2015.012", "10.5555/osm.2014.088", "10.5555/nothing.here")
    ]
    (out,) = make().resolve_all([page(*refs)])
    statuses = [r["custom"]["match"]["status"] for r in refs_of(out)]
    assert statuses == ["verified", "verified", "verified", "unresolved"]
    assert refs_of(out)[3]["custom"]["match"]["reason"] == "DOI not found in Crossref"
    assert refs_of(out)[3]["DOI"] == "10.5555/nothing.here"  # kept
    assert refs_of(out)[0]["title"] == OKAFOR["title"]  # filled
    (line,) = works_requests(crossref_server)
    assert line.startswith("/works?") and line.count("doi%3A") == 4


def test_batches_hold_at_most_batch_size_dois(make: Make, crossref_server: HTTPServer) -> None:
    resolver = make()
    resolver.batch_size = 2
    refs = [{"DOI": f"10.5555/batch.{i}"} for i in range(5)]
    resolver.resolve_all([page(*refs)])
    lines = works_requests(crossref_server)
    assert [line.count("doi%3A") for line in lines] == [2, 2, 1]


def test_doi_pointing_elsewhere_is_flagged_not_removed(make: Make) -> None:
    wrong = {**TANAKA, "DOI": "10.5555/jcg.2019.041"}
    (out,) = make().resolve_all([page(wrong)])
    (ref,) = refs_of(out)
    assert ref["DOI"] == "10.5555/jcg.2019.041"
    assert ref["custom"]["match"]["status"] == "unresolved"
    assert ref["custom"]["match"]["reason"].startswith("DOI points to another work")


def test_doi_only_record_is_filled_from_crossref(make: Make) -> None:
    record = {"id": "10.5555/jcg.2021.0007", "type": "article", "DOI": "10.5555/jcg.2021.0007"}
    (out,) = make().resolve_all([record])
    assert out["type"] == "article-journal"
    assert out["title"] == "Beach cusps on mixed sand and gravel shores: a ten-year survey"
    assert out["container-title"] == "Journal of Coastal Geomorphology"
    assert out["author"] == [{"family": "Solberg", "given": "Ingrid"}, {"literal": "Coastal Monitoring Group"}]
    assert out["custom"]["authors"] == [
        {"affiliation": ["Norwegian Coastal Administration"], "ORCID": "0000-0003-4444-1111"},
        {},
    ]
    assert out["issued"] == {"date-parts": [[2021, 4, 9]]}
    assert out["custom"]["match"]["status"] == "verified"
    assert out["custom"]["source"]["title"] == "crossref"
    # Its deposited reference list comes along and is resolved too.
    first, second = refs_of(out)
    assert first["DOI"] == "10.5555/mel.2015.012" and first["custom"]["match"]["status"] == "verified"
    assert second["DOI"] == "10.5555/csh.2011.ch7" and second["custom"]["match"]["status"] == "matched"
    assert validate(out) == []


def test_page_record_with_doi_is_verified_and_gaps_filled(make: Make) -> None:
    record = {
        "id": "x",
        "type": "article-journal",
        "DOI": "10.5555/jcg.2019.041",
        "title": "Glacial meltwater pulses and coastal sediment budgets",
        "volume": "41",
    }
    (out,) = make().resolve_all([record])
    assert out["custom"]["match"]["status"] == "verified"
    assert out["page"] == "211-229" and out["custom"]["source"]["page"] == "crossref"
    assert out["custom"]["authors"][0]["ORCID"] == "0000-0002-1825-0097"
    assert out["custom"]["dates"]["received"] == "2018-11-02"
    assert "volume" not in out["custom"]["source"]


def test_identical_references_are_searched_once(make: Make, crossref_server: HTTPServer) -> None:
    records = [page(TANAKA), page(TANAKA, OKAFOR), page(OKAFOR)]
    out = make().resolve_all(records)
    assert [r["DOI"] for rec in out for r in refs_of(rec)] == ["10.5555/mel.2015.012"] * 2 + [
        "10.5555/jcg.2019.041"
    ] * 2
    searches = [line for line in works_requests(crossref_server) if "query.bibliographic" in line]
    assert len(searches) == 2


def test_second_run_sends_no_request(make: Make, crossref_server: HTTPServer, tmp_path: Path) -> None:
    records = [
        page(
            TANAKA,
            OKAFOR,
            {"DOI": "10.5555/osm.2014.088"},
            {"DOI": "10.5555/nothing.here"},
            {"custom": {"raw": "Nobody N. An unknown treatise on llamas. Llama Q. 1901;1:1-2."}},
        ),
        {"id": "d", "type": "article", "DOI": "10.5555/csh.2011.ch7"},
    ]
    with make() as first:
        one = first.resolve_all(records)
    sent = len(crossref_server.log)
    assert sent >= 4
    with make() as second:
        two = second.resolve_all(records)
    assert len(crossref_server.log) == sent  # all from the cache
    assert two == one


def test_no_cache_means_no_file(make: Make, tmp_path: Path) -> None:
    make(use_cache=False, cache=tmp_path / "never.sqlite").resolve_all([page(TANAKA)])
    assert not (tmp_path / "never.sqlite").exists()


def test_default_cache_lives_in_the_user_cache_dir(
    crossref_server: HTTPServer, politeness: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("CITEKIT_CROSSREF_URL", crossref_server.url_for("").rstrip("/"))
    with make_resolver(mailto="t@example.org", politeness=politeness) as resolver:
        resolver.resolve_all([page(TANAKA)])
    assert (tmp_path / "xdg" / "citekit" / "crossref.sqlite").exists()


def test_offline_marks_everything_and_sends_nothing(crossref_server: HTTPServer) -> None:
    records = [page(TANAKA, OKAFOR, DOI="10.5555/jcg.2021.0007")]
    with make_resolver(base_url=crossref_server.url_for(""), offline=True) as resolver:
        (out,) = resolver.resolve_all(records)
    assert crossref_server.log == []
    offline = {"status": "unresolved", "code": "offline", "reason": "offline"}
    assert out["custom"]["match"] == offline
    assert all(r["custom"]["match"] == offline for r in refs_of(out))
    assert out["DOI"] == "10.5555/jcg.2021.0007" and refs_of(out)[0]["title"] == TANAKA["title"]
    assert summarize([out]) == "2 of 2 references and 1 of 1 record left unresolved: offline (Crossref not contacted)"


def test_unreachable_crossref_is_tried_once_then_skipped(tmp_path: Path, politeness: Any) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    refs = [dict(TANAKA), dict(OKAFOR)] + [
        {"custom": {"raw": f"Author {i}. Title number {i} about things. Journal {i}. 2001;{i}:1-2."}} for i in range(30)
    ]
    resolver = make_resolver(
        base_url=f"http://127.0.0.1:{port}", mailto="t@example.org", use_cache=False, politeness=politeness
    )
    start = time.monotonic()
    (out,) = resolver.resolve_all([page(*refs, DOI="10.5555/jcg.2021.0007")])
    assert time.monotonic() - start < 3
    assert resolver.client is not None and resolver.client.requests <= 3  # not one per reference
    matches = [r["custom"]["match"] for r in refs_of(out)] + [out["custom"]["match"]]
    assert {m["code"] for m in matches} == {"unreachable"}
    assert all(m["reason"].startswith("network error: cannot reach") for m in matches)
    line = summarize([out])
    assert line is not None and line.startswith("32 of 32 references and 1 of 1 record left unresolved: network error")


def test_server_error_marks_references_with_the_status(make: Make, crossref_server: HTTPServer, sleeps: Any) -> None:
    for _ in range(4):
        crossref_server.expect_oneshot_request("/works").respond_with_data("down", status=500)
    (out,) = make().resolve_all([page(TANAKA)])
    (ref,) = refs_of(out)
    assert ref["custom"]["match"] == {
        "status": "unresolved",
        "code": "remote-error",
        "reason": "Crossref answered 500 INTERNAL SERVER ERROR",
    }
    assert len(sleeps.calls) == 3


def test_summarize_counts_reasons() -> None:
    refs = [
        {"custom": {"raw": "a", "match": {"status": "matched", "score": 0.9, "method": "search", "reasons": []}}},
        {
            "custom": {
                "raw": "b",
                "match": {"status": "unresolved", "code": "no-match", "reason": "no confident match (year differs)"},
            }
        },
        {
            "custom": {
                "raw": "c",
                "match": {"status": "unresolved", "code": "ambiguous", "reason": "ambiguous (10.1/a or 10.1/b)"},
            }
        },
        {
            "custom": {
                "raw": "d",
                "match": {"status": "unresolved", "code": "doi-not-found", "reason": "DOI not found in Crossref"},
            }
        },
        {
            "custom": {
                "raw": "e",
                "match": {"status": "unresolved", "code": "remote-error", "reason": "Crossref answered 503"},
            }
        },
    ]
    assert (
        summarize(refs) == "4 of 5 references left unresolved: 2 no confident match, 1 DOI not found in Crossref, 1 "
        "Crossref answered 503"
    )
    assert summarize([page()]) is None
    assert summarize(refs[:1]) is None


def test_odd_items_cost_only_themselves(make: Make) -> None:
    odd = {
        "title": ["a", "list"],
        "volume": 12.5,
        "author": "Tanaka",
        "custom": {"raw": "Tanaka M. Seasonal drift of pelagic larvae. 2015"},
    }
    (out,) = make().resolve_all([page(odd, TANAKA)])
    first, second = refs_of(out)
    assert first["custom"]["match"]["status"] == "unresolved"
    assert second["DOI"] == "10.5555/mel.2015.012"
    (weird,) = make().resolve_all([{"id": "w", "type": "article", "custom": ["not", "a", "dict"]}])
    assert weird["custom"]["match"]["status"] == "unresolved"
