"""Crossref work JSON into CSL records."""

from __future__ import annotations

from citekit.record import validate
from citekit.resolve.convert import CROSSREF_TO_CSL, work_to_csl
from citekit.resolve.query import bibliographic_query, clean_reference
from tests.conftest import fixture_works

WORKS = {w["DOI"]: w for w in fixture_works()}


def test_every_fixture_converts_to_a_valid_record() -> None:
    records = [work_to_csl(w) for w in WORKS.values()]
    assert validate(records) == []
    assert all(isinstance(r.get("container-title", ""), str) for r in records)


def test_article_fields() -> None:
    record = work_to_csl(WORKS["10.5555/jcg.2019.041"])
    assert record["type"] == "article-journal" and record["id"] == "10.5555/jcg.2019.041"
    assert record["issued"] == {"date-parts": [[2019, 6, 14]]}
    assert record["custom"]["dates"] == {
        "published-print": "2019-07",
        "published-online": "2019-06-14",
        "published": "2019-06-14",
        "received": "2018-11-02",
        "accepted": "2019-04-20",
    }
    assert record["abstract"] == "Meltwater pulses deliver pulsed sediment loads to fjord-head beaches."
    assert record["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert record["keyword"] == "Earth-Surface Processes, Oceanography"
    assert record["custom"]["authors"][1] == {"affiliation": ["Institute of Coastal Research, Kiel"]}


def test_types_and_book_parts() -> None:
    assert CROSSREF_TO_CSL["proceedings-article"] == "paper-conference"
    chapter = work_to_csl(WORKS["10.5555/csh.2011.ch7"])
    assert chapter["type"] == "chapter" and chapter["container-title"] == "Coastal Systems Handbook"
    assert chapter["editor"] == [{"family": "Dumont", "given": "Clara"}] and chapter["publisher-place"] == "Leiden"
    assert work_to_csl(WORKS["10.5555/eartharxiv.2018.77"])["type"] == "article"


def test_deposited_references_become_items() -> None:
    refs = work_to_csl(WORKS["10.5555/jcg.2021.0007"])["custom"]["references"]
    assert refs[0]["DOI"] == "10.5555/mel.2015.012" and refs[0]["custom"]["doi-asserted-by"] == "publisher"
    assert refs[1]["custom"]["raw"].startswith("Vermeulen H. Tidal inlets") and "id" not in refs[1]


def test_query_cleaning() -> None:
    text = (
        "[4] Sohawon D, Lau KK. Extra-medullary haematopoiesis. J Med Imaging. 2012;56:538-544. "
        "doi:10.1111/j.1754-9485.2012.02397.x Google Scholar, Crossref, Indexed at https://example.org/x"
    )
    assert clean_reference(text) == "Sohawon D, Lau KK. Extra-medullary haematopoiesis. J Med Imaging. 2012;56:538-544."
    assert (
        bibliographic_query(
            {"title": "Tidal inlets", "author": [{"family": "Vermeulen"}], "issued": {"date-parts": [[2011]]}}
        )
        == "Vermeulen. Tidal inlets. 2011"
    )
    assert bibliographic_query({"custom": {"raw": "Ibid."}}) == ""
