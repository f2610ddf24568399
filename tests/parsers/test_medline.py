"""MEDLINE-format text (PubMed's .nbib, ERIC's export): found by its structure, read as
PubMed XML is read (MeSH beside keywords, pii, expanded pages, dotted initials)."""

from __future__ import annotations

from citekit.formats import MEDIA_TYPES, detect, looks_like_medline
from citekit.parsers import parse
from citekit.source import Source

PUBMED = """PMID- 99000002
OWN - NLM
IS  - 1545-1534 (Electronic)
IS  - 1080-6032 (Linking)
DP  - 2022 Oct 15
TI  - An invented record with headings and keywords.
LID - S1080-6032(22)00139-9 [pii]
LID - 10.5555/fixture.2022.1 [doi]
CI  - Copyright (c) 2022 Nobody.
FAU - van Raaij, M J
AU  - van Raaij MJ
JT  - Invented Journal
TA  - Inv J
MH  - Adenylyl Imidodiphosphate/pharmacology
MH  - *Protein Structure, Secondary
MH  - Aurovertins/*chemistry/metabolism
OT  - hand-picked keyword
OT  - another keyword
"""

ERIC = """
OWN - ERIC
TI  - An Invented Report on Testing
AU  - Roe, Ann B.
OT  - Testing
JT  - Invented Institute
OID - ED000001
DP  - 2019
LID - http://eric.ed.gov/?id=ED000001
ISSN - EISSN-2375-5636
PT  - Reports - Research

OWN - ERIC
TI  - An Invented Article on Testing
AU  - Doe, Jane
JT  - Journal of Invented Testing
OID - EJ000002
VI  - 21
PG  - 12-24
DP  - 2020
PT  - Reports - Evaluative
PT  - Journal Articles
"""


def _parse(text: str) -> list[dict[str, object]]:
    fmt = detect(text)
    return parse(Source(text=text, media_type=MEDIA_TYPES[fmt], origin="x.nbib"))


def test_medline_without_a_pmid_line_is_known_by_its_structure() -> None:
    assert looks_like_medline(ERIC) and detect(ERIC) == "ris"
    report, article = _parse(ERIC)
    assert report["type"] == "report" and report["title"] == "An Invented Report on Testing"
    assert report["publisher"] == "Invented Institute" and report["ISSN"] == "2375-5636"
    assert report["note"] == "ERIC Number: ED000001"
    assert article["type"] == "article-journal"  # "Journal Articles" wins over "Reports"
    assert article["container-title"] == "Journal of Invented Testing" and article["page"] == "12-24"


def test_text_that_merely_has_dashes_is_not_medline() -> None:
    prose = "Notes - first\nAB - an abstract?\nSome prose line here.\nMore prose - with a dash.\nPMID - 1\n"
    assert not looks_like_medline(prose)
    assert not looks_like_medline("TY  - JOUR\nAU  - Roe, Ann\nTI  - A\nER  - \n")


def test_mesh_headings_are_kept_beside_the_keywords() -> None:
    (record,) = _parse(PUBMED)
    assert record["keyword"] == "hand-picked keyword, another keyword"
    assert record["custom"]["mesh"] == [
        {
            "descriptor": "Adenylyl Imidodiphosphate",
            "major": False,
            "qualifiers": [{"name": "pharmacology", "major": False}],
        },
        {"descriptor": "Protein Structure, Secondary", "major": True},
        {
            "descriptor": "Aurovertins",
            "major": False,
            "qualifiers": [{"name": "chemistry", "major": True}, {"name": "metabolism", "major": False}],
        },
    ]


def test_pii_copyright_initials_and_issns() -> None:
    (record,) = _parse(PUBMED)
    assert record["page"] == "S1080-6032(22)00139-9"  # no PG: cited by its pii, as for PubMed XML
    assert record["custom"]["identifiers"] == {"pii": "S1080-6032(22)00139-9"}
    assert record["DOI"] == "10.5555/fixture.2022.1" and record["license"] == "Copyright (c) 2022 Nobody."
    assert record["author"] == [{"family": "van Raaij", "given": "M. J."}]
    assert record["ISSN"] == "1545-1534, 1080-6032" and record["title"].endswith("keywords")


ERIC_JOURNAL_REPORT = """OWN - ERIC
TI  - An invented study of number sense
AU  - Doe, Jane
JT  - Invented Journal of Learning
SO  - v7 n2 p10-20 Apr 2019
OID - EJ0000001
VI  - 7
IP  - 2
PG  - 10-20
DP  - Apr 2019
PT  - Reports - Research

OWN - ERIC
TI  - An invented field report
AU  - Roe, Rick
JT  - Invented Institute
OID - ED0000002
DP  - 2013
PT  - Reports - Research
"""


def test_eric_research_report_in_a_journal_is_an_article() -> None:
    article, report = parse(Source(ERIC_JOURNAL_REPORT, MEDIA_TYPES[detect(ERIC_JOURNAL_REPORT)], "eric.nbib"))
    assert article["type"] == "article-journal" and article["container-title"] == "Invented Journal of Learning"
    assert report["type"] == "report" and report["publisher"] == "Invented Institute"
