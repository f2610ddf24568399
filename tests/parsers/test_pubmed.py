"""PubMed XML: golden pairs, the mapping rules one at a time, detection, and refusal of
XML that is not PubMed's (or any format citekit reads)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from citekit import formats
from citekit.cli import cli
from citekit.errors import ParseError, UnknownFormatError
from citekit.parsers import parse as parse_any
from citekit.parsers.pubmed import parse
from citekit.parsers.pubmed_parts import dotted, expand_pages, journal_title, medline_date
from citekit.record import validate
from citekit.source import Source, read
from tests.conftest import FIXTURES, assert_golden

CASES = sorted((FIXTURES / "pubmed").glob("*.xml"))


def _source(path: Path) -> Source:
    return Source(path.read_text(encoding="utf-8"), formats.MEDIA_TYPES["pubmed"], path.name)


def _one(article: str) -> dict:
    citation = f"<MedlineCitation><PMID>1</PMID>{article}</MedlineCitation>"
    text = f"<PubmedArticleSet><PubmedArticle>{citation}</PubmedArticle></PubmedArticleSet>"
    (record,) = parse(Source(text, formats.MEDIA_TYPES["pubmed"], "t.xml"))
    assert validate(record) == []
    return record


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden(path: Path) -> None:
    assert_golden(path, parse(_source(path)))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_files_are_detected_as_pubmed_whatever_their_suffix(path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "export.txt"
    copy.write_bytes(path.read_bytes())
    assert read(str(copy)).format == "pubmed"


def test_full_article() -> None:
    (record,) = parse(_source(FIXTURES / "pubmed" / "article_full.xml"))
    assert record["title"] == "Sleep timing and Lactobacillus colonisation in preterm infants: a cohort study"
    assert record["container-title"] == "Journal of Example Medicine and the Allied Sciences"
    assert record["publisher-place"] == "London, England"
    assert record["page"] == "1021-1035"
    assert [a.get("family") or a.get("literal") for a in record["author"]] == [
        "Okafor",
        "van der Berg",
        "Lindqvist",
        "Preterm Sleep Study Group",
    ]  # the author PubMed marks invalid (ValidYN="N") is left out
    assert record["author"][1] == {"family": "van der Berg", "given": "J. P.", "suffix": "Jr"}
    first = record["custom"]["authors"][0]
    assert first["ORCID"] == "0000-0002-1825-0097" and first["email"] == "c.okafor@example.org"
    assert first["affiliation"][1] == "Example Institute of Child Health, London, UK."
    assert record["abstract"].splitlines()[1] == "METHODS: We followed 212 infants for six months."
    assert record["custom"]["dates"]["published-online"] == "2024-02-14"  # ArticleDate
    assert record["custom"]["dates"]["received"] == "2023-09-03"  # History
    assert record["custom"]["mesh"][1] == {
        "descriptor": "Lactobacillus",
        "ui": "D007865",
        "major": True,
        "qualifiers": [{"name": "physiology", "ui": "Q000502", "major": False}],
    }
    assert record["keyword"] == "gut microbiome, sleep onset, preterm birth"
    assert record["custom"]["grants"][0]["id"] == "R01 HD000001"
    assert record["custom"]["identifiers"] == {"pii": "JEM-24-0312", "mid": "NIHMS9900001"}
    first_ref, second_ref = record["custom"]["references"]
    assert first_ref["PMID"] == "30000001" and first_ref["DOI"] == "10.5555/jexmed.2019.0110"
    assert second_ref["custom"]["raw"].startswith("Example Neonatal Network.")


def test_references_are_parsed_by_the_pipeline() -> None:
    (record,) = parse_any(_source(FIXTURES / "pubmed" / "article_full.xml"))
    reference = record["custom"]["references"][0]
    assert reference["title"] == "Sleep in the neonatal unit" and reference["volume"] == "5"


def test_dates_pages_and_names() -> None:
    assert medline_date("2010 Sep-Oct") == {"date-parts": [[2010, 9], [2010, 10]]}
    assert medline_date("1998 Dec-1999 Jan") == {"date-parts": [[1998, 12], [1999, 1]]}
    assert medline_date("2000 Spring") == {"date-parts": [[2000]], "season": "1"}
    assert medline_date("1975-1976") == {"date-parts": [[1975], [1976]]}
    assert medline_date("2001 Jan 15-21") == {"date-parts": [[2001, 1, 15], [2001, 1, 21]]}
    assert medline_date("Fall-Winter 2003") == {"date-parts": [[2003]], "raw": "Fall-Winter 2003"}
    assert expand_pages("132-42") == "132-142"
    assert expand_pages("1638-45, 1650-2") == "1638-1645, 1650-1652"
    assert expand_pages("e12516") == "e12516"
    assert dotted("Peter O") == "Peter O." and dotted("S J") == "S. J." and dotted("J-P") == "J.-P."
    assert dotted("JOHN P") == "John P."


def test_journal_titles() -> None:
    assert journal_title("Nature chemical biology") == ("Nature Chemical Biology", "")
    assert journal_title("Arthritis & rheumatology (Hoboken, N.J.)") == ("Arthritis & Rheumatology", "Hoboken, N.J.")
    assert journal_title("BMJ (Clinical research ed.)") == ("BMJ", "")
    assert journal_title("bioRxiv : the preprint server for biology") == (
        "bioRxiv: The Preprint Server for Biology",
        "",
    )
    assert journal_title("Journal of the AMA") == ("Journal of the AMA", "")  # an acronym: left alone
    assert journal_title("eLife") == ("eLife", "")


def test_no_pages_means_the_pii_and_a_preprint_numbered_by_it() -> None:
    article = (
        "<Article><Journal><Title>Example journal</Title></Journal><ArticleTitle>T.</ArticleTitle>"
        '<ELocationID EIdType="pii">e1234</ELocationID>{types}</Article>'
    )
    assert _one(article.format(types=""))["page"] == "e1234"
    kind = '<PublicationType UI="D000076942">Preprint</PublicationType>'
    preprint = _one(article.format(types=f"<PublicationTypeList>{kind}</PublicationTypeList>"))
    assert preprint["type"] == "article" and preprint["number"] == "e1234" and "page" not in preprint
    assert preprint["publisher"] == "Example Journal" and "container-title" not in preprint


def test_vernacular_title_stands_in_when_there_is_no_english_one() -> None:
    record = _one("<Article><ArticleTitle></ArticleTitle><VernacularTitle>Titre français.</VernacularTitle></Article>")
    assert record["title"] == "Titre français" and "original-title" not in record


def test_medline_citation_set_and_lone_article_roots() -> None:
    body = "<MedlineCitation><PMID>5</PMID><Article><ArticleTitle>Alone.</ArticleTitle></Article></MedlineCitation>"
    for text in (f"<MedlineCitationSet>{body}</MedlineCitationSet>", f"<PubmedArticle>{body}</PubmedArticle>"):
        assert formats.detect(text) == "pubmed"
        (record,) = parse(Source(text, formats.MEDIA_TYPES["pubmed"], "x"))
        assert (record["title"], record["PMID"]) == ("Alone", "5")


def test_an_empty_set_has_no_record() -> None:
    source = Source("<PubmedArticleSet></PubmedArticleSet>", formats.MEDIA_TYPES["pubmed"], "empty.xml")
    assert parse(source) == []
    with pytest.raises(ParseError, match="no bibliographic record"):
        parse_any(source)


def test_other_xml_handed_to_the_pubmed_parser_is_refused() -> None:
    with pytest.raises(ParseError, match=r"not PubMed XML \(root element <mods>\)"):
        parse(Source("<mods><titleInfo/></mods>", formats.MEDIA_TYPES["pubmed"], "x.xml"))


@pytest.mark.parametrize(
    "text",
    [
        '<?xml version="1.0"?><TEI xmlns="http://www.tei-c.org/ns/1.0"><text/></TEI>',
        '<modsCollection xmlns="http://www.loc.gov/mods/v3"><mods/></modsCollection>',
        '<rss version="2.0"><channel><title>News</title></channel></rss>',
        "<xml><records><record><titles><title>EndNote</title></titles></record></records></xml>",
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>urn:x</id></entry></feed>',
        "<eSearchResult><Count>0</Count></eSearchResult>",
    ],
)
def test_unknown_xml_is_refused_in_one_line(text: str) -> None:
    with pytest.raises(UnknownFormatError, match="not a format citekit reads"):
        formats.detect(text)


def test_unknown_xml_fails_its_input_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "records.xml"
    path.write_text('<?xml version="1.0"?>\n<modsCollection><mods><titleInfo/></mods></modsCollection>')
    result = CliRunner().invoke(cli, ["parse", str(path)])
    assert result.exit_code == 1
    assert result.stdout.strip() == "[]"
    kinds = "XML: JATS, PubMed XML, arXiv Atom"
    assert result.stderr.strip().splitlines() == [
        f"{path}: XML with root element <modsCollection>: not a format citekit reads ({kinds})"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<div class='x'>a fragment</div>", "html"),
        ("<!-- saved page --><!doctype html><html><body/></html>", "html"),
        ("<article><front><article-meta/></front></article>", "jats"),
        ("<pmc-articleset><article/></pmc-articleset>", "jats"),
        ('<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle//EN" "x.dtd"><PubmedArticleSet/>', "pubmed"),
    ],
)
def test_known_markup_is_still_recognised(text: str, expected: str) -> None:
    assert formats.detect(text) == expected
