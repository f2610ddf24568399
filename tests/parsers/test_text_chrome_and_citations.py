"""Scraped-text pages: site chrome that is no title, and the page's own citation printed
without separators or without a colon after its label."""

from __future__ import annotations

import pytest

from citekit.parsers.text import classify
from citekit.parsers.text.page import parse_text
from citekit.parsers.text.selfcite import cited_records, glued_citation, spelled_out
from citekit.parsers.text.title import title_score


@pytest.mark.parametrize(
    "line",
    [
        "Skip to main contentSkip to article",  # two skip links glued together
        "Skip to main content and site navigation",
        "RegisterSign in to your account now",  # two menu entries glued together
        "Author links open overlay panel",
        "Close the navigation drawer",
    ],
)
def test_chrome_lines_are_no_titles(line: str) -> None:
    assert title_score(line) < 0


@pytest.mark.parametrize(
    "line",
    [
        "McDonald Criteria for Multiple Sclerosis Revisited",  # a capital after a lower-case letter
        "Open Questions in Soil Carbon Accounting",
        "Skipping Meals and Glucose Control in Adolescents",
        "A Panel Study of Household Saving in Ghana",
        "Search Costs and Price Dispersion in Online Markets",
    ],
)
def test_titles_that_resemble_chrome_stay_titles(line: str) -> None:
    assert title_score(line) > 0


def test_chrome_above_the_title_is_passed_over() -> None:
    lines = [
        "Skip to main contentSkip to article", "", "Journals & Books", "", "Access through your institution", "",
        "Example Journal of Soils", "", "Volume 12, 3 March 2021, Pages 40-47", "",
        "Soil carbon under no-till", "", "Author links open overlay panel", "Kwame Mensah1, Ama Owusu2", "",
        "https://doi.org/10.5555/ejs.2021.0040", "", "Abstract", "",
        "We measured soil carbon on forty farms over ten years. Carbon rose under no-till farming in the top "
        "layer and fell below it, so that the whole profile changed little over the decade of the study.",
    ]
    previous = classify.active()
    classify.use_model(None)
    try:
        record = parse_text("\n".join(lines))
    finally:
        classify.use_model(previous)
    assert record is not None
    assert record["title"] == "Soil carbon under no-till"


@pytest.mark.parametrize(
    ("line", "fields", "expected"),
    [
        # Volume and issue cannot be told apart ("1111": 1/111, 11/11, 111/1); the pages can.
        (
            "Cite This:Nano Lett.201111114932-4938",
            {},
            {"container-title-short": "Nano Lett.", "issued": {"date-parts": [[2011]]}, "page": "4932-4938"},
        ),
        # The page's volume settles the cut.
        (
            "Cite This:Nano Lett.201111114932-4938",
            {"volume": "11"},
            {
                "container-title-short": "Nano Lett.", "issued": {"date-parts": [[2011]]},
                "volume": "11", "issue": "11", "page": "4932-4938",
            },
        ),
        # Not yet in an issue: journal and year only.
        (
            "Cite This:Example Photonics2019XXXXXXXXXX-XXX",
            {"issued": {"date-parts": [[2019, 5, 24]]}},
            {"container-title": "Example Photonics", "issued": {"date-parts": [[2019]]}},
        ),
        # Every part ambiguous: nothing but journal and year.
        (
            "Cite This:J. Ex. Chem.2020123-130",
            {},
            {"container-title-short": "J. Ex. Chem.", "issued": {"date-parts": [[2020]]}},
        ),
        # A year other than the page's: the line is not read.
        ("Cite This:Nano Lett.201111114932-4938", {"issued": {"date-parts": [[2012, 1, 3]]}}, None),
        # Printed with its separators: not a glued box.
        ("Cite This: Nano Lett. 2011, 11, 11, 4932-4938", {}, None),
    ],
)
def test_glued_cite_this_box(line: str, fields: dict[str, object], expected: dict[str, object] | None) -> None:
    assert glued_citation(["Share", line, ""], [(0, 3)], fields) == expected


def test_glued_cite_this_box_fills_the_journal_line() -> None:
    text = "\n".join(
        [
            "Soil carbon under no-till", "", "Kwame Mensah1, Ama Owusu2", "",
            "Cite This:Ex. Soil Lett.2021123-130", "", "Published: 3 March 2021", "",
            "https://doi.org/10.5555/esl.2021.0040",
        ]
    )
    record = parse_text(text)
    assert record is not None
    assert record["container-title-short"] == "Ex. Soil Lett."
    assert "volume" not in record and "page" not in record  # 1|2|3, 12|3, 1|23: no cut agreed
    assert record["issued"] == {"date-parts": [[2021, 3, 3]]}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Citation Kwame Mensah et al 2021 Ex. Soil Lett. 12 045003",
            {"family": "Mensah", "container-title-short": "Ex. Soil Lett.", "volume": "12", "page": "045003"},
        ),
        (
            "Citation Ama Owusu 1998 Example Soils 7 101-109",
            {"family": "Owusu", "container-title": "Example Soils", "volume": "7", "page": "101-109"},
        ),
        ("Citation metrics for 2021 and 2022", None),  # a heading: no names, no volume
        ("Citations 12", None),
        ("citation data exported in 2021 to 12 formats", None),  # lower case after the label
    ],
)
def test_citation_label_without_a_colon(line: str, expected: dict[str, str] | None) -> None:
    found = cited_records(["Example Soil Letters", line, ""], [(0, 3)])
    if expected is None:
        assert found == []
        return
    ((record, how),) = found
    assert how == "text:citation-line"
    assert record["author"][0]["family"] == expected.pop("family")
    assert {key: record.get(key) for key in expected} == expected


@pytest.mark.parametrize(
    ("lines", "short", "expected"),
    [
        (["Home", "Biomedical Materials,", "Volume 14,"], "Biomed. Mater.", "Biomedical Materials"),
        (["Journal of Example Soils", "Volume 3"], "J. Ex. Soils", "Journal of Example Soils"),
        # Printed twice alike: still one name.
        (["Nano Letters", "Nano Letters", "Nano Research"], "Nano Lett.", "Nano Letters"),
        # Two journals fit the abbreviation: none is taken.
        (["Chemistry Letters", "Chemical Letters"], "Chem. Lett.", None),
        (["Biomedical Engineering"], "Biomed. Mater.", None),
        (["Example Soils"], "Example Soils", None),  # nothing abbreviated: nothing to spell out
    ],
)
def test_journal_name_spelled_out(lines: list[str], short: str, expected: str | None) -> None:
    assert spelled_out(lines, [(0, len(lines))], short) == expected


def test_citation_label_without_a_colon_fills_the_journal_line() -> None:
    text = "\n".join(
        [
            "Example Soil Letters", "", "Paper", "", "Soil carbon under no-till farming in Ghana", "",
            "Kwame Mensah1, Ama Owusu2 and Peter Jones1", "", "Published 3 March 2021", "",
            "Citation Kwame Mensah et al 2021 Ex. Soil Lett. 12 045003", "",
            "DOI 10.5555/esl.2021.0040",
        ]
    )
    record = parse_text(text)
    assert record is not None
    assert record["title"] == "Soil carbon under no-till farming in Ghana"
    assert [a["family"] for a in record["author"]] == ["Mensah", "Owusu", "Jones"]  # the byline, not "et al"
    assert (record["volume"], record["page"]) == ("12", "045003")
    assert record["container-title"] == "Example Soil Letters"
    assert record["container-title-short"] == "Ex. Soil Lett."
