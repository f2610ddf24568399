"""Scraped-text pages: site chrome that is no title, and the page's own citation printed
without separators or without a colon after its label."""

from __future__ import annotations

import pytest

from citekit.parsers.text import classify
from citekit.parsers.text.page import parse_text
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
