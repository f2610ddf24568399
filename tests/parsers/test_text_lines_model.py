"""The line classifier for scraped pages: its training renderings, their labels, the
model and its use in choosing the title and the byline."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from citekit.parsers.text import classify
from citekit.parsers.text.corpus import PageFacts, facts_of, html_rendering, jats_rendering, label_lines
from citekit.parsers.text.lines import prepare
from citekit.parsers.text.page import parse_text

RECORD = {
    "title": "Tidal Mixing over Rough Slopes",
    "author": [{"given": "Ann", "family": "Roe"}, {"given": "Bo", "family": "Lee"}],
    "DOI": "10.5555/tides.2020.7",
    "container-title": "Journal of Example Oceans",
    "volume": "7",
    "issue": "2",
    "page": "101-119",
    "issued": {"date-parts": [[2020, 3, 14]]},
    "abstract": "We measured tidal mixing over rough slopes in three seas and found it stronger than expected.",
    "custom": {
        "authors": [{"affiliation": ["Department of Oceans, University of Nowhere"]}, {"affiliation": []}],
        "dates": {"received": "2019-06-01", "accepted": "2020-01-10", "published-online": "2020-03-14"},
        "references": [
            {
                "title": "Mixing in the abyss",
                "author": [{"given": "C.", "family": "Kim"}],
                "custom": {"raw": "Kim C. Mixing in the abyss. J Ex Oceans. 2001;1:1-9."},
            }
        ],
    },
}


def test_lines_are_labelled_from_the_page_metadata() -> None:
    lines = [
        "Skip to main content",
        "Journal of Example Oceans",
        "Tidal Mixing over Rough Slopes",
        "Ann Roe1, Bo Lee2",
        "1 Department of Oceans, University of Nowhere",
        "Published: 14 March 2020",
        "DOI: 10.5555/tides.2020.7",
        "We measured tidal mixing over rough slopes in three seas and found it stronger than expected.",
        "Privacy policy",
    ]
    assert label_lines(lines, facts_of(RECORD)) == [
        "other", "journal", "title", "author", "affiliation", "date", "doi", "abstract", "other",
    ]  # fmt: skip


def test_a_line_naming_other_people_is_not_an_author_line() -> None:
    facts = PageFacts(title="T", names=[("Ann", "Roe")])
    assert label_lines(["Ann Roe and Bo Lee", "Roe A, Smith B. Other work. J X. 2001;1:2."], facts) == [
        "other",
        "other",
    ]


def test_jats_rendering_is_fixed_by_its_seed_and_keeps_the_chrome() -> None:
    first, again, other = jats_rendering(RECORD, 3), jats_rendering(RECORD, 3), jats_rendering(RECORD, 4)
    assert first == again and first != other
    text = "\n".join(first)
    assert "Tidal Mixing over Rough Slopes" in text and "Roe" in text and "10.5555/tides.2020.7" in text
    labels = label_lines(first, facts_of(RECORD))
    assert labels.count("title") == 1 and "author" in labels and labels.count("other") > 5


def test_a_rendering_prints_rich_text_as_a_page_shows_it() -> None:
    """A title in italics is printed as its text, as a page shows it, and its lines are
    labelled all the same."""
    record = {**RECORD, "title": "Tidal Mixing over Rough Slopes of <i>Example Bay</i>"}
    for seed in range(4):
        lines = jats_rendering(record, seed)
        assert "Tidal Mixing over Rough Slopes of Example Bay" in lines and "<i>" not in "\n".join(lines)
        assert label_lines(lines, facts_of(record)).count("title") == 1


def test_html_rendering_keeps_menus_and_footers_but_not_scripts() -> None:
    tree = lxml.html.fromstring(
        "<html><head><title>T</title><script>var x = 1;</script></head><body><nav><ul><li>Home</li>"
        "<li>Journals</li></ul></nav><h1>Tidal Mixing</h1><footer>Privacy policy</footer></body></html>"
    )
    lines = [line for line in html_rendering(tree).splitlines() if line]
    assert lines == ["Home", "Journals", "Tidal Mixing", "Privacy policy"]


def test_a_trained_model_gives_each_line_a_probability(tmp_path: Path) -> None:
    pages = [jats_rendering(RECORD, seed) for seed in range(6)]
    documents = [(lines, label_lines(lines, facts_of(RECORD))) for lines in pages]
    model = classify.train(documents, tmp_path / "lines.crfsuite", iterations=30)
    lines = prepare("\n".join(jats_rendering(RECORD, 99)))
    prior = model.marginals(lines)
    title_line = lines.index("Tidal Mixing over Rough Slopes")
    assert set(prior) == {i for i, line in enumerate(lines) if line}
    assert max(prior, key=lambda i: prior[i]["title"]) == title_line
    assert all(0.0 <= p <= 1.0 for row in prior.values() for p in row.values())


def test_marginals_read_later_are_those_of_their_own_page() -> None:
    model = classify.load_default()
    assert model is not None
    first = prepare(CHROME_PAGE)
    other = prepare("Home\nAbout\n\nA Survey of Sea Ice in Three Arctic Basins\n\nKai Berg, Lu Chen\n")
    early = model.marginals(first)
    expected = {index: dict(early[index]) for index in early}  # read while the tagger holds this page
    fresh = model.marginals(first)
    later = model.marginals(other)  # the tagger now holds another page
    assert {index: dict(fresh[index]) for index in fresh} == expected
    assert set(later) == {i for i, line in enumerate(other) if line} and later != fresh
    assert model.marginals(first, only={first.index("Ann Roe, Bo Lee")}).keys() == {first.index("Ann Roe, Bo Lee")}


def test_features_stop_after_the_top_of_a_long_page() -> None:
    indexes, rows = classify.features([f"line {i}" for i in range(5000)])
    assert len(indexes) == len(rows) == classify.MAX_LINES


def test_the_shipped_model_loads() -> None:
    model = classify.load_default()
    assert model is not None and {"title", "author", "other"} <= set(model.labels)


CHROME_PAGE = """Skip to main content
Example Press
Journals
Log in | Register
We use cookies to give you the best experience. By continuing you accept our cookies.
Accept all cookies
Article has an altmetric score of 12
Journal of Example Oceans
Research Article

Tidal Mixing over Rough Slopes

Ann Roe, Bo Lee

Department of Oceans, University of Nowhere
Received: 1 June 2019; Accepted: 10 January 2020; Published: 14 March 2020
DOI: 10.5555/tides.2020.7
Abstract
We measured tidal mixing over rough slopes in three seas and found it stronger than we expected from models.
Privacy policy
Terms of use
"""


@pytest.fixture
def shipped_model():  # type: ignore[no-untyped-def]
    classify.use_model(classify.load_default())
    yield
    classify.use_model(classify.load_default())


def test_menus_and_cookie_banners_are_not_the_title(shipped_model: None) -> None:
    record = parse_text(CHROME_PAGE)
    assert record is not None
    assert record["title"] == "Tidal Mixing over Rough Slopes"
    assert [a["family"] for a in record["author"]] == ["Roe", "Lee"]
    assert record["DOI"] == "10.5555/tides.2020.7"
    assert record["issued"]["date-parts"][0][0] == 2020


def test_the_rules_alone_still_read_a_page(shipped_model: None) -> None:
    classify.use_model(None)
    record = parse_text(CHROME_PAGE)
    assert record is not None and record["DOI"] == "10.5555/tides.2020.7"


def test_eval_pages_lopo_runs_on_a_folder_of_pages(capsys: pytest.CaptureFixture[str]) -> None:
    from citekit.testing import load_script

    root = Path(__file__).resolve().parents[2]
    module = load_script(root / "scripts" / "eval_pages.py")
    fixtures = root / "tests" / "fixtures"
    try:
        assert module.main([str(fixtures / "html"), str(fixtures / "jats"), "--lopo"]) == 0
    finally:
        classify.use_model(classify.load_default())
    out = capsys.readouterr().out
    assert "Leave one publisher out" in out and "rules  line model" in out
    assert all(field in out for field in ("title", "authors", "DOI", "year"))


_PARAGRAPH = (
    "We measured the mixing of tides over rough slopes in three seas, and we found it stronger than the models "
    "of the last decade had led us to expect; the reasons are set out below in some detail."
)


def test_the_line_model_is_not_asked_about_the_body() -> None:
    from citekit.parsers.text import byline
    from citekit.parsers.text.title import title_score

    head = ["Menu", "A Heading Shaped Like a Title", "Ann Roe, Bo Lee", "", _PARAGRAPH]
    body = [_PARAGRAPH] * 4 + ["Methods of Measuring the Mixing", _PARAGRAPH, _PARAGRAPH]
    lines = head + body
    asked: list[set[int]] = []

    def ask(wanted: set[int], scores: dict[int, float]) -> dict[int, dict[str, float]]:
        asked.append(wanted)
        return {}

    byline.choose_byline(lines, 0, len(lines), set(), ask=ask)
    assert byline._head_end(lines) == 4  # the first of three paragraphs among five lines
    # the lines around the title are asked about, not the heading in the body (line 9), title-shaped as it is
    assert title_score(lines[9]) > 0
    assert asked and 1 in asked[0] and max(asked[0]) < 9


def test_paragraphs_above_the_title_do_not_end_the_head() -> None:
    from citekit.parsers.text import byline

    # Two cookie paragraphs above the title: not yet the body.
    lines = [_PARAGRAPH, _PARAGRAPH, "Accept", "Tidal Mixing over Rough Slopes", "Ann Roe, Bo Lee", _PARAGRAPH]
    assert byline._head_end(lines) == len(lines)
    assert byline._head_end(["Short"] * (classify.MAX_LINES + 10)) == classify.MAX_LINES


def test_the_head_ends_at_an_abstract_over_a_paragraph_not_at_a_tab() -> None:
    from citekit.parsers.text import byline

    tabs = ["Abstract", "Figures", "References", "Tidal Mixing over Rough Slopes", "Ann Roe, Bo Lee"]
    assert byline._head_end([*tabs, "Abstract", _PARAGRAPH, "Introduction"]) == len(tabs)
    assert byline._head_end([*tabs, "", "Abstract: " + _PARAGRAPH]) == len(tabs) + 1
    assert byline._head_end([*tabs, "Abstract", "Figures"]) == len(tabs) + 2  # a tab again: read on


def test_the_page_parser_reads_its_own_names_lexicon() -> None:
    # Written with the line model by scripts/train_lines.py, so that retraining the
    # reference parser (and its lexicon) cannot move the page classifier's features.
    import json
    from importlib import resources

    from citekit.parsers.text import byline

    data = json.loads(resources.files("citekit").joinpath(byline.NAMES_FILE).read_text(encoding="utf-8"))
    assert byline.NAMES_FILE != "data/refs_lexicon.json" and set(data) == {"given", "family"}
    given, family = byline._lexicon()
    assert given == frozenset(data["given"]) and family == frozenset(data["family"])
    assert {"maria", "john"} <= given and {"smith", "garcia"} <= family
