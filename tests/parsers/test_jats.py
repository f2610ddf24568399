"""JATS / NLM XML: golden pairs, front matter and the three citation element kinds."""

from __future__ import annotations

from pathlib import Path

import pytest

from citekit.errors import ParseError
from citekit.parsers.jats.article import parse
from citekit.record import validate
from citekit.source import Source
from tests.conftest import FIXTURES, assert_golden

CASES = sorted(p for p in (FIXTURES / "jats").iterdir() if p.suffix in (".xml", ".nxml"))


def _source(path: Path) -> Source:
    return Source(path.read_text(encoding="utf-8"), "application/jats+xml", path.name)


def _article(front: str, back: str = "") -> dict:
    text = (
        '<article xmlns:xlink="http://www.w3.org/1999/xlink"><front><journal-meta><journal-title>J Ex</journal-title>'
        f"</journal-meta><article-meta>{front}</article-meta></front><back><ref-list>{back}</ref-list></back></article>"
    )
    (record,) = parse(Source(text, "application/jats+xml", "t.xml"))
    assert validate(record) == []
    return record


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden(path: Path) -> None:
    assert_golden(path, parse(_source(path)))


def test_nlm23_front_matter() -> None:
    (record,) = parse(_source(FIXTURES / "jats" / "nlm23_citation.nxml"))
    assert record["title"] == "Bite force and tooth wear in adults: a cohort study"  # footnote xref and &nbsp; handled
    assert (record["PMID"], record["PMCID"], record["DOI"]) == ("18000001", "PMC2300001", "10.5555/edj.2008.11")
    assert record["issued"] == {"date-parts": [[2008, 4, 11]]}
    assert record["custom"]["dates"]["received"] == "2007-12-05"
    first, second = record["custom"]["authors"]
    assert first["corresponding"] is True and first["email"] == "m.vandenheuvel@example.nl"
    assert second["affiliation"][1] == "School of Dental Science, Example College, Dublin, Ireland"
    assert record["abstract"] == (
        "Background: Tooth wear rises with age.\n\nMethods: We measured bite force in 120 adults."
    )
    refs = record["custom"]["references"]
    assert refs[0]["PMID"] == "3285972" and refs[0]["page"] == "3-18"
    assert refs[1]["type"] == "book" and refs[1]["publisher-place"] == "Chapel Hill"
    assert refs[2] == {
        "custom": {"raw": "Example Dental Association. Annual report 2006. Amsterdam; 2007.", "ref-id": "B3"}
    }


def test_element_and_mixed_citations_with_pub_ids() -> None:
    record = _article(
        '<title-group><article-title>T</article-title></title-group>',
        '<ref id="r1"><label>1</label><element-citation publication-type="journal">'
        '<person-group person-group-type="author"><name><surname>Achebe</surname><given-names>C</given-names></name>'
        '<etal/></person-group>'
        '<article-title>Rivers</article-title><source>J Ex</source><year>2001a</year><volume>3</volume>'
        '<elocation-id>e12</elocation-id>'
        '<pub-id pub-id-type="doi">10.5555/r.1</pub-id><pub-id pub-id-type="pmcid">PMC100</pub-id></element-citation>'
        '</ref>'
        '<ref id="r2"><mixed-citation publication-type="book"><person-group person-group-type="editor">'
        '<string-name>Ortiz, R.</string-name></person-group> (ed.). '
        '<source>A Book</source>. <publisher-loc>Lima</publisher-loc>: <publisher-name>Ex Press</publisher-name>; '
        '<year>1999</year>.</mixed-citation></ref>'
        '<ref id="r3"><nlm-citation citation-type="confproc"><person-group person-group-type="author"><name>'
        '<surname>Ito</surname><given-names>K</given-names></name></person-group>'
        '<article-title>Fast sorting</article-title><conf-name>Example Conference</conf-name><year>2010</year>'
        '<fpage>5</fpage><lpage>9</lpage></nlm-citation></ref>',
    )
    one, two, three = record["custom"]["references"]
    assert one["author"] == [{"family": "Achebe", "given": "C"}] and one["custom"]["et-al"] is True
    assert (one["page"], one["DOI"], one["PMCID"], one["custom"]["year-suffix"]) == (
        "e12", "10.5555/r.1", "PMC100", "a"
    )
    assert one["custom"]["raw"].startswith("Achebe C, et al. Rivers. J Ex. 2001;3:e12.")
    assert two["editor"] == [{"family": "Ortiz", "given": "R."}] and two["type"] == "book"
    assert two["custom"]["raw"] == "Ortiz, R. (ed.). A Book. Lima: Ex Press; 1999."
    assert three["type"] == "paper-conference" and three["container-title"] == "Example Conference"


def test_pub_dates_and_history() -> None:
    record = _article(
        '<title-group><article-title>T</article-title></title-group>'
        '<pub-date publication-format="electronic" date-type="update"><year>2016</year><month>08</month><day>11</day>'
        '</pub-date>'
        '<pub-date publication-format="electronic" date-type="publication"><year>2016</year><month>04</month>'
        '<day>25</day></pub-date>'
        '<pub-date pub-type="ppub"><season>Spring</season><year>2016</year></pub-date>'
        '<history><date date-type="received" iso-8601-date="2015-11-02"/><date date-type="rev-recd"><day>1</day>'
        '<month>Feb</month><year>2016</year></date></history>'
    )
    assert record["issued"] == {"date-parts": [[2016, 3]]}  # the earliest publication date
    assert record["custom"]["dates"] == {
        "published-online": "2016-04-25",
        "published-print": "2016-03",
        "received": "2015-11-02",
        "revised": "2016-02-01",
    }


def test_namespaced_document_and_shared_affiliation() -> None:
    text = (
        '<article xmlns="http://jats.nlm.nih.gov/ns/archiving/1.3/"><front><article-meta><title-group>'
        '<article-title>Namespaced</article-title></title-group>'
        '<contrib-group><contrib contrib-type="author"><name><surname>Okoro</surname><given-names>Ada</given-names>'
        '</name></contrib>'
        '<contrib contrib-type="author"><name><surname>Bello</surname><given-names>Tunde</given-names></name></contrib>'
        "<aff>Example Institute, Ibadan, Nigeria</aff></contrib-group></article-meta></front></article>"
    )
    (record,) = parse(Source(text, "application/jats+xml", "ns.xml"))
    assert record["title"] == "Namespaced"
    assert record["custom"]["authors"] == [{"affiliation": ["Example Institute, Ibadan, Nigeria"]}] * 2


def test_broken_or_empty_xml() -> None:
    with pytest.raises(ParseError):
        parse(
            Source("<article><front><article-meta></article-meta></front></article>", "application/jats+xml", "x.xml")
        )
    assert parse(Source("<root><item/></root>", "application/jats+xml", "x.xml")) == []


def test_scielo_original_affiliation_and_keywords_of_the_article_language() -> None:
    text = (
        '<article xml:lang="es"><front><article-meta><title-group><article-title>Suelos andinos</article-title>'
        '<trans-title-group xml:lang="en"><trans-title>Andean soils</trans-title></trans-title-group></title-group>'
        '<contrib-group><contrib contrib-type="author"><name><surname>Rojas Pérez</surname>'
        '<given-names>Lucía</given-names></name><xref ref-type="aff" rid="a1"/></contrib></contrib-group>'
        '<aff id="a1"><label>1</label><institution content-type="original">Universidad Ejemplo, Facultad de Agronomía, '
        'Bogotá, Colombia</institution>'
        '<institution content-type="orgname">Universidad Ejemplo</institution><addr-line><city>Bogotá</city>'
        '</addr-line><country country="CO">Colombia</country></aff>'
        '<kwd-group xml:lang="es"><kwd>suelos</kwd><kwd>Andes</kwd></kwd-group><kwd-group xml:lang="en">'
        '<kwd>soils</kwd><kwd>Andes</kwd></kwd-group>'
        "</article-meta></front></article>"
    )
    (record,) = parse(Source(text, "application/jats+xml", "scielo.xml"))
    assert record["title"] == "Suelos andinos" and record["language"] == "es"
    assert record["custom"]["authors"] == [
        {"affiliation": ["Universidad Ejemplo, Facultad de Agronomía, Bogotá, Colombia"]}
    ]
    assert record["keyword"] == "suelos, Andes"
