"""HTML pages whose vocabularies disagree or mislead: small pages made for each case."""

from __future__ import annotations

from citekit.parsers.html.page import parse
from citekit.record import Record
from citekit.source import Source


def _page(*metas: str, body: str = "<p>Text.</p>") -> Record:
    head = "".join(f"<meta {m}>" for m in metas)
    [record] = parse(Source(f"<html><head>{head}</head><body>{body}</body></html>", "text/html", "t.html"))
    return record


def test_one_person_under_two_highwire_spellings_is_listed_once() -> None:
    record = _page(
        'name="citation_title" content="Tidal Flats"',
        'name="citation_author" content="Roe, Ann"',
        'name="citation_author" content="Lee, Bo"',
        'name="bepress_citation_author" content="Roe, Ann"',
        'name="bepress_citation_author_institution" content="Univ. of Nowhere"',
        'name="bepress_citation_author" content="Lee, Bo"',
        'name="citation_journal_title" content="J. Tests"',
    )
    assert record["author"] == [{"family": "Roe", "given": "Ann"}, {"family": "Lee", "given": "Bo"}]
    assert record["custom"]["authors"][0]["affiliation"] == ["Univ. of Nowhere"]


def test_a_person_named_twice_in_one_list_is_listed_once_but_initials_are_not_merged() -> None:
    record = _page(
        'name="citation_title" content="Tidal Flats"',
        'name="citation_author" content="Ann Roe"',
        'name="citation_author" content="Roe, Ann"',
        'name="citation_author" content="Wang, Y."',
        'name="citation_author" content="Wang, Y."',
        'name="citation_journal_title" content="J. Tests"',
    )
    assert [a["family"] for a in record["author"]] == ["Roe", "Wang", "Wang"]


def test_a_url_in_dc_creator_is_not_an_author() -> None:
    record = _page(
        'name="DC.title" content="Tidal Flats"',
        'name="DC.creator" content="https://example.org/people/roe"',
        'name="DC.creator" content="Lee, Bo"',
        'name="DC.date" content="2001"',
    )
    assert record["author"] == [{"family": "Lee", "given": "Bo"}]


def test_prism_publication_name_alone_does_not_make_a_journal_article() -> None:
    record = _page(
        'name="dc.title" content="Night Harbour"',
        'name="dc.date" content="1998"',
        'name="prism.publicationName" content="Harbour Films"',
    )
    assert record["type"] != "article-journal"
    assert record["container-title"] == "Harbour Films"
    journal = _page(
        'name="dc.title" content="Night Harbour"',
        'name="dc.date" content="1998"',
        'name="prism.publicationName" content="J. Harbours"',
        'name="prism.volume" content="4"',
    )
    assert journal["type"] == "article-journal"


def test_the_issue_date_wins_over_a_digitisation_date() -> None:
    record = _page(
        'name="citation_title" content="Old Tides"',
        'name="citation_author" content="Roe, Ann"',
        'name="citation_online_date" content="2008/06/30"',
        'name="dc.date" content="1974-03"',
    )
    assert record["issued"] == {"date-parts": [[1974, 3]]}
    assert record["custom"]["source"]["issued"] == "dc.date"


def test_a_january_first_placeholder_gives_way_to_three_tags_that_agree() -> None:
    record = _page(
        'name="citation_title" content="Tides"',
        'name="citation_publication_date" content="2015/01/01"',
        'name="dc.date" content="2015-03-14"',
        'name="prism.publicationDate" content="2015-03-14"',
        'property="article:published_time" content="2015-03-14T10:00:00Z"',
    )
    assert record["issued"] == {"date-parts": [[2015, 3, 14]]}
    lone = _page(
        'name="citation_title" content="Tides"',
        'name="citation_publication_date" content="2015/01/01"',
        'name="dc.date" content="2015-03-14"',
    )
    assert lone["issued"] == {"date-parts": [[2015, 1, 1]]}


def test_numbers_read_from_a_citation_string_when_no_tag_gives_them() -> None:
    record = _page(
        'name="DC.title" content="Tidal Flats"',
        'name="DC.creator" content="Roe, Ann"',
        'name="DC.identifier" content="Journal of Tests 12(3): 45-67"',
    )
    assert (record["volume"], record["issue"], record["page"]) == ("12", "3", "45-67")
    described = _page(
        'name="citation_title" content="Tidal Flats"',
        'name="citation_journal_title" content="J. Tests"',
        'name="citation_volume" content="9"',
        'property="og:description" content="J. Tests, Vol. 12, No. 4, pp. 101-109"',
    )
    assert (described["volume"], described["issue"], described["page"]) == ("9", "4", "101-109")


def test_an_abstract_with_numbers_in_brackets_is_not_a_citation() -> None:
    long_text = "We measured IL-6(3): 45-67 ... " + "words " * 80
    record = _page(
        'name="citation_title" content="Tidal Flats"',
        'name="citation_journal_title" content="J. Tests"',
        f'name="description" content="{long_text}"',
    )
    assert "volume" not in record and "page" not in record


def test_an_arxiv_abstract_page_gets_the_datacite_doi() -> None:
    record = _page(
        'name="citation_title" content="Deep Tides"',
        'name="citation_author" content="Roe, Ann"',
        'name="citation_date" content="2021/01/05"',
        'name="citation_arxiv_id" content="2101.01234"',
    )
    assert record["DOI"].lower() == "10.48550/arxiv.2101.01234"
    assert "arXiv" in record["custom"]["source"]["DOI"]
    old = _page(
        'name="citation_title" content="Old Strings"',
        'name="citation_author" content="Roe, Ann"',
        'name="citation_date" content="1999"',
        'property="og:url" content="https://arxiv.org/abs/hep-th/9901001v2"',
    )
    assert old["DOI"].lower() == "10.48550/arxiv.hep-th/9901001"
    published = _page(
        'name="citation_title" content="Deep Tides"',
        'name="citation_doi" content="10.5555/tides.1"',
        'name="citation_arxiv_id" content="2101.01234"',
    )
    assert published["DOI"] == "10.5555/tides.1"


def test_page_fields_that_are_ids_are_dropped_or_replaced() -> None:
    pii = _page(
        'name="citation_title" content="Tidal Flats"',
        'name="citation_journal_title" content="J. Tests"',
        'name="citation_firstpage" content="S0370269317305920"',
    )
    assert "page" not in pii
    suffix = _page(
        'name="citation_title" content="Tidal Flats"',
        'name="citation_journal_title" content="J. Tests"',
        'name="citation_doi" content="10.1021/nl2028766"',
        'name="citation_firstpage" content="nl2028766"',
        'name="prism.startingPage" content="4932"',
    )
    assert suffix["page"] == "4932"
    article_number = _page(
        'name="citation_title" content="Tidal Flats"',
        'name="citation_journal_title" content="J. Tests"',
        'name="citation_firstpage" content="e1001289"',
    )
    assert article_number["page"] == "e1001289"
