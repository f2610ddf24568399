"""Scraped-text pages: site chrome that is no title, and the page's own citation printed
without separators or without a colon after its label."""

from __future__ import annotations

import pytest

from citekit.parsers.text import classify
from citekit.parsers.text.page import parse_text
from citekit.parsers.text.selfcite import glued_citation
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
