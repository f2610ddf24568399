"""Scraped-text article pages: golden pairs and the rules behind them."""

from __future__ import annotations

from pathlib import Path

import pytest

from citekit.parsers import parse as dispatch
from citekit.parsers.text.authors import parse_author_line
from citekit.parsers.text.page import parse, parse_text
from citekit.parsers.text.reflist import find_section, is_noise, split_entries, strip_noise
from citekit.record import validate
from citekit.source import Source
from tests.conftest import FIXTURES, assert_golden

CASES = sorted((FIXTURES / "text").glob("*.txt"))


def _source(path: Path) -> Source:
    return Source(path.read_text(encoding="utf-8"), "text/plain", path.name)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden(path: Path) -> None:
    assert_golden(path, parse(_source(path)))


def test_seed_shaped_page() -> None:
    (record,) = parse(_source(FIXTURES / "text" / "seed_shape.txt"))
    assert record["title"] == "Bilateral Stylohyoid Ligament Calcification on Cone-Beam CT"
    assert record["DOI"] == "10.5555/jeoi.2022.5.0214"
    assert [a["family"] for a in record["author"]] == ["El Idrissi", "Ait Ben Haddou", "van der Merwe", "Tan"]
    assert record["container-title"] == "Journal of Example Otolaryngology Images"
    assert (record["volume"], record["issue"]) == ("5", "4")
    assert record["issued"] == {"date-parts": [[2022, 10, 3]]}
    dates = record["custom"]["dates"]
    assert dates == {
        "received": "2022-09-02", "editor-assigned": "2022-09-05", "reviewed": "2022-09-19",
        "revised": "2022-09-26", "published": "2022-10-03",
    }
    extras = record["custom"]["authors"]
    assert extras[0]["corresponding"] is True and extras[0]["email"] == "r.elidrissi@example.ma"
    assert all(
        e["affiliation"] == ["Department of Otorhinolaryngology, Example University Hospital, Casablanca, Morocco"]
        for e in extras
    )
    assert record["keyword"] == "Eagle syndrome, Stylohyoid ligament, Cone-beam CT, Neck pain"
    # The Citation line says volume 4: reported, not silently taken.
    assert record["custom"]["warnings"] == ["the Citation line gives volume 4 where the page gives 5; kept 5"]
    refs = record["custom"]["references"]
    assert [r["custom"]["label"] for r in refs] == ["1", "2", "3"]
    assert not any("Google Scholar" in r["custom"]["raw"] or "Indexing" in r["custom"]["raw"] for r in refs)
    assert refs[2]["custom"]["raw"].endswith("Example Publishing, Treasure Island.")


def test_dispatcher_parses_each_reference_string() -> None:
    (record,) = dispatch(_source(FIXTURES / "text" / "seed_shape.txt"))
    second = record["custom"]["references"][1]
    assert second["author"][0]["family"] == "Murtagh"
    assert second["volume"] == "22" and second["page"] == "1401-1402"
    assert validate(record) == []


def test_labelled_page_with_markers_and_unnumbered_references() -> None:
    (record,) = parse(_source(FIXTURES / "text" / "labelled_sections.txt"))
    assert record["title"] == "Groundwater recharge estimates from chloride mass balance in semi-arid basins"
    assert record["page"] == "87-102" and record["container-title"] == "Example Review of Hydrology"
    extras = record["custom"]["authors"]
    assert extras[0]["affiliation"] == [
        "Department of Geology, University of Example, Nairobi, Kenya",
        "Faculty of Geosciences, Example University, Utrecht, The Netherlands",
    ]
    assert extras[2]["corresponding"] is True and extras[2]["email"] == "c.ruiz@example.ar"
    assert record["custom"]["dates"] == {
        "received": "2018-03-11", "accepted": "2018-10-29", "published-online": "2019-01-15"
    }
    assert record["abstract"].startswith("Chloride mass balance") and "\n\n" in record["abstract"]
    raws = [r["custom"]["raw"] for r in record["custom"]["references"]]
    assert len(raws) == 3 and raws[1].endswith("10(1), 18-39.") and raws[2].endswith("37(1), 2-3.")


def test_a_page_without_an_article_gives_nothing() -> None:
    assert parse(_source(FIXTURES / "text" / "not_an_article.txt")) == []


@pytest.mark.parametrize(
    ("line", "families", "markers"),
    [
        (
            "Nadia Boujida1,2*, Soukaina Jabour2 and Omar El Aoufir1",
            ["Boujida", "Jabour", "El Aoufir"],
            [["1", "2", "*"], ["2"], ["1"]],
        ),
        ("Ana Lima¹, Rui Sousa²†", ["Lima", "Sousa"], [["1"], ["2", "†"]]),
        ("Ahmed Ben Salah, Jean-Luc Martin & Mei Ling Tan", ["Ben Salah", "Martin", "Tan"], [[], [], []]),
        ("Smith, J., Doe, R. A.", ["Smith", "Doe"], [[], []]),
    ],
)
def test_author_line_markers(line: str, families: list[str], markers: list[list[str]]) -> None:
    found = parse_author_line(line)
    assert found is not None
    assert [a.name["family"] for a in found] == families
    assert [a.markers for a in found] == markers


@pytest.mark.parametrize(
    "line", ["Home | Current issue | Archive", "This study was funded by the Example Trust.", "Received: 12 May 2020"]
)
def test_lines_that_are_not_author_lines(line: str) -> None:
    assert parse_author_line(line) is None


def test_link_noise() -> None:
    assert is_noise("Google Scholar, Crossref, Indexed at")
    assert is_noise("[PubMed] [Google Scholar]")
    assert is_noise("View Article")
    assert is_noise("Article")  # a lone link word inside a reference section
    assert not is_noise("Review article")
    assert (
        strip_noise("Doe J. A review article. J Ex 2020;1:1-2. PubMed Google Scholar")
        == "Doe J. A review article. J Ex 2020;1:1-2."
    )
    assert strip_noise("Doe J. Title. J Ex 2020;1:1-2. [CrossRef] [PMC free article]") == (
        "Doe J. Title. J Ex 2020;1:1-2."
    )
    assert strip_noise("Doe J. A systematic review article") == "Doe J. A systematic review article"


@pytest.mark.parametrize("style", ["[{n}] ", "{n}. ", "{n}) ", "({n}) "])
def test_numbering_styles(style: str) -> None:
    refs = [f"Author{n}, A. ({2000 + n}). Title number {n}. J Ex {n}: 1-{n + 1}." for n in range(1, 4)]
    lines = ["Some body text.", "", "References", ""]
    for n, ref in enumerate(refs, start=1):
        lines += [style.format(n=n) + ref, "CrossRef", ""]
    lines += ["", "Follow us on social media"]
    section = find_section(lines)
    assert section is not None
    assert [text for _, text in split_entries(lines[section[0] :])] == refs


def test_numbered_references_without_heading_and_wrapped_lines() -> None:
    text = "\n".join(
        [
            "Title of a Page", "Author(s): Ana Lima* and Rui Sousa", "DOI: 10.5555/x.1", "",
            "1. Lima, A. (2019). A first reference that is long enough",
            "to wrap over two lines. J Ex 3: 1-9.",
            "2. Sousa, R. (2020). Second. J Ex 4: 10-19.", "",
        ]
    )
    record = parse_text(text)
    assert record is not None
    raws = [r["custom"]["raw"] for r in record["custom"]["references"]]
    assert raws == [
        "Lima, A. (2019). A first reference that is long enough to wrap over two lines. J Ex 3: 1-9.",
        "Sousa, R. (2020). Second. J Ex 4: 10-19.",
    ]


def test_publisher_page_without_labels() -> None:
    """Menus, a byline one name per line with markers and joiners, a "Cite this article"
    block, a glued DOI, a digitised back-file date and a "similar content" box."""
    (record,) = parse(_source(FIXTURES / "text" / "publisher_page.txt"))
    assert record["title"] == "Mountain glaciers of the Southern Alps: mass balance since 1977"
    assert record["author"] == [{"family": "Whitfield", "given": "Tane R."}, {"family": "Ngata", "given": "Aroha M."}]
    assert record["DOI"] == "10.5555/elg.1998.0201"  # "...0201Share this article" cut off
    assert (record["container-title"], record["volume"], record["issue"], record["page"]) == (
        "Example Letters in Geophysics", "58", "7", "201-219"
    )
    # Published online 2021, issue of July 1998: the publication is the earlier date.
    assert record["issued"] == {"date-parts": [[1998, 7]]}
    assert record["custom"]["dates"] == {
        "published": "2021-03-14", "received": "1997-02-12", "published-print": "1998-07"
    }
    assert record["container-title-short"] == "Ex Lett Geophys"  # from the page's own citation
    assert "warnings" not in record["custom"]
    raws = [r["custom"]["raw"] for r in record["custom"]["references"]]
    assert len(raws) == 2 and raws[1].endswith("International Journal of Climatology 17: 745-763.")


def test_title_chosen_over_menus_and_other_works() -> None:
    lines = [
        "Home", "Browse journals", "Sign in", "Example Journal of Soils", "Volume 3, Issue 2", "",
        "Soil carbon under long-term no-till farming", "Kwame Mensah1, Ama Owusu2*",
        "1Department of Soil Science, Example University, Kumasi, Ghana",
        "Recommended articles", "Soil erosion on steep farmland", "Peter Jones, Mary Smith",
        "Nitrogen in tropical soils", "A. Lee, B. Kim, C. Park",
    ]
    record = parse_text("\n".join(lines))
    assert record is not None
    assert record["title"] == "Soil carbon under long-term no-till farming"
    assert [a["family"] for a in record["author"]] == ["Mensah", "Owusu"]
    assert record["custom"]["authors"][0]["affiliation"] == [
        "Department of Soil Science, Example University, Kumasi, Ghana"
    ]


def test_embedded_bibtex_gives_authors_and_year() -> None:
    text = "\n".join(
        [
            "Example Conference 2019", "Fast sorting on small devices",
            "Anna Novak, Example University; Tomasz Kowal, Example Labs", "",
            "@inproceedings {12345,", "author = {Anna Novak and Tomasz Kowal},",
            "title = {Fast sorting on small devices},",
            "booktitle = {Proceedings of the Example Conference},", "year = {2019},", "pages = {11--20}", "}",
        ]
    )
    record = parse_text(text)
    assert record is not None
    assert [a["family"] for a in record["author"]] == ["Novak", "Kowal"]
    assert record["issued"] == {"date-parts": [[2019]]} and record["type"] == "paper-conference"
    assert record["container-title"] == "Proceedings of the Example Conference" and record["page"] == "11-20"


def test_label_alone_and_glued_event_dates() -> None:
    text = (
        "Article title that is long enough\nAna Lima*, Rui Sousa\nReceived19 August 2011\nPublished\n\n2011-10-10\n"
        "DOI: 10.5555/x.9\n"
    )
    record = parse_text(text)
    assert record is not None
    assert record["custom"]["dates"] == {"received": "2011-08-19", "published": "2011-10-10"}


def test_research_article_of_the_seed_family() -> None:
    (record,) = parse(_source(FIXTURES / "text" / "research_article_family.txt"))
    assert record["title"] == (
        "Regulatory T Cell Frequencies in Children with Persistent Asthma: A Cross-Sectional Study"
    )
    assert [a["family"] for a in record["author"]] == ["Adeyemi", "De Luca", "dos Santos", "Lan"]
    extras = record["custom"]["authors"]
    assert extras[1]["affiliation"] == ["Department of Immunology, Example University of Milan, Milan, Italy"]
    assert extras[0]["email"] == "o.adeyemi@example.ng" and extras[0]["corresponding"] is True
    assert record["custom"]["dates"]["received"] == "2022-12-29"  # 29-Dec-2022
    assert record["issued"] == {"date-parts": [[2023, 1, 30]]}
    assert record["keyword"] == "Asthma, Regulatory T cells, Children, FOXP3"  # label on its own line
    assert record["abstract"].startswith("Background: ") and "Results: " in record["abstract"]
    assert [r["custom"]["label"] for r in record["custom"]["references"]] == ["1", "2", "3"]
    assert not any(
        "Cross Ref" in r["custom"]["raw"] or "Author Info" in r["custom"]["raw"] for r in record["custom"]["references"]
    )


@pytest.mark.parametrize(
    ("line", "families", "markers"),
    [
        ("Jia Li ,1 Xiaoming Zhou ,2 and Wei Chen 1", ["Li", "Zhou", "Chen"], [["1"], ["2"], ["1"]]),
        ("Jane Doe 1 , John Smith 2 , Wei Li 1 2", ["Doe", "Smith", "Li"], [["1"], ["2"], ["1", "2"]]),
        (
            "Anna Kowalska 1,*, Jan Nowak 2 and Piotr Zieliński 1",
            ["Kowalska", "Nowak", "Zieliński"],
            [["1", "*"], ["2"], ["1"]],
        ),
    ],
)
def test_marker_styles_of_other_publishers(line: str, families: list[str], markers: list[list[str]]) -> None:
    found = parse_author_line(line)
    assert found is not None
    assert [a.name["family"] for a in found] == families and [a.markers for a in found] == markers


def test_compact_header_and_slash_separated_dates() -> None:
    text = "\n".join(
        [
            "Open Access Article", "Effects of grazing on alpine meadow soils in the Tatra Mountains", "by",
            "Anna Kowalska 1,*, Jan Nowak 2 and Piotr Zieliński 1",
            "1 Department of Soil Science, Example University of Life Sciences, Warsaw, Poland",
            "2 Institute of Botany, Example Academy of Sciences, Kraków, Poland",
            "* Author to whom correspondence should be addressed.",
            "Example Sustainability 2021, 13(5), 2345; https://doi.org/10.5555/exsus13052345",
            (
                "Received: 12 January 2021 / Revised: 10 February 2021 / Accepted: 15 February 2021 / "
                "Published: 22 February 2021"
            ),
        ]
    )
    record = parse_text(text)
    assert record is not None
    assert record["title"] == "Effects of grazing on alpine meadow soils in the Tatra Mountains"
    assert (record["container-title"], record["volume"], record["issue"], record["page"]) == (
        "Example Sustainability", "13", "5", "2345"
    )
    assert record["custom"]["dates"] == {
        "received": "2021-01-12", "revised": "2021-02-10", "accepted": "2021-02-15", "published": "2021-02-22"
    }
    assert record["custom"]["authors"][2]["affiliation"] == [
        "Department of Soil Science, Example University of Life Sciences, Warsaw, Poland"
    ]
    assert record["DOI"] == "10.5555/exsus13052345"


def test_pubmed_page_is_dated_by_its_issue() -> None:
    text = "\n".join(
        [
            "PubMed", "Search", "Example J Clin Epidemiol", ". 2019 Mar;12(3):45-67.", "doi: 10.5555/ejce.2019.045.",
            "Epub 2018 Dec 12.",
            "Sleep duration and blood pressure in adolescents: a cohort study",
            "Jane Doe 1 , John Smith 2 , Wei Li 1 2", "Affiliations",
            "1 Department of Epidemiology, Example University, Boston, USA",
            "2 School of Public Health, Example College, Toronto, Canada",
        ]
    )
    record = parse_text(text)
    assert record is not None
    assert record["issued"] == {"date-parts": [[2019, 3]]}  # the issue, not the epub date
    assert record["custom"]["dates"] == {"published-online": "2018-12-12"}
    assert (record["container-title"], record["volume"], record["issue"], record["page"]) == (
        "Example J Clin Epidemiol", "12", "3", "45-67"
    )
    assert [a["family"] for a in record["author"]] == ["Doe", "Smith", "Li"]
    assert record["custom"]["authors"][2]["affiliation"] == [
        "Department of Epidemiology, Example University, Boston, USA",
        "School of Public Health, Example College, Toronto, Canada",
    ]


def test_citation_block_after_the_references() -> None:
    (record,) = parse(_source(FIXTURES / "text" / "citation_block_after_references.txt"))
    assert record["title"] == "Glacier retreat recorded in village parish books"
    assert [a["family"] for a in record["author"]] == ["Huber", "Conti"]
    assert record["DOI"] == "10.5555/ems.v9i2.777"
    assert record["issued"] == {"date-parts": [[2022, 2, 7]]}
    assert record["custom"]["dates"]["accepted"] == "2022-01-19"
    raws = [r["custom"]["raw"] for r in record["custom"]["references"]]
    assert len(raws) == 2 and all(", accessed 2 April 2022." in r for r in raws)


def test_issue_number_followed_by_the_issue_date() -> None:
    from citekit.parsers.text.header import find_header

    header = find_header(["First Example, Volume 25, Number 10 - 5 October 2020"], 0, 1)
    assert header is not None
    assert (header.journal, header.volume, header.issue, header.year, header.month, header.day) == (
        "First Example", "25", "10", "2020", 10, 5
    )
    ranged = find_header(["Journal of Example Studies, Vol. 12, No. 3-4 (2019)"], 0, 1)
    assert ranged is not None and ranged.issue == "3-4"
    labelled = find_header(["Current issue: Vol. 7, No. 2 (2019)"], 0, 1)
    assert labelled is not None and labelled.journal == ""
    # a site's menu entry above the volume line is not the journal; the name further on is
    page = ["List of Issues", "Volume 1, Issue 1", "Example Food & Soils", "Volume 1, 2015 - Issue 1"]
    menu = find_header(page, 0, 4)
    assert menu is not None
    assert (menu.journal, menu.volume, menu.issue, menu.year) == ("Example Food & Soils", "1", "1", "2015")


def test_byline_introduced_by_by() -> None:
    from citekit.parsers.text.byline import single_name

    found = single_name("by Selma Huber, Jevan Alexander Ito, and Os Keyes.")
    assert found is not None
    assert [a.name for a in found] == [
        {"family": "Huber", "given": "Selma"},
        {"family": "Ito", "given": "Jevan Alexander"},
        {"family": "Keyes", "given": "Os"},
    ]
    assert single_name("By contrast, the ice stayed longer in the eastern valleys") is None


def test_doi_and_link_lines_continue_the_reference_above() -> None:
    lines = [
        "A. Author, 2011. “A title,” Example Journal, volume 5, pp. 1–9.", "",
        "doi: https://doi.org/10.5555/x.1, accessed 2 April 2022.", "",
        "B. Writer, 2012. Another book. Example Press.", "", "Editorial history", "", "Received 1 May 2021.",
    ]
    entries = split_entries(lines)
    assert [text for _, text in entries] == [
        (
            "A. Author, 2011. “A title,” Example Journal, volume 5, pp. 1–9. "
            "doi: https://doi.org/10.5555/x.1, accessed 2 April 2022."
        ),
        "B. Writer, 2012. Another book. Example Press.",
    ]


def test_anchored_reading_takes_the_lines_under_the_title_only() -> None:
    from citekit.parsers.text.anchor import anchored_partial

    lines = [
        "“A quotation in a heading-like line that a whole-page reading may take for the title”",
        "",
        (
            "Some running text of the article, long enough to read as a paragraph of prose, which goes on for a while "
            "and says nothing about the work itself."
        ),
        "",
        "References",
        "",
        "Greta Albrecht, 2011. “Moraine ages,” Journal of Example Glaciology, volume 57, pp. 210–224.",
        "doi: https://doi.org/10.5555/jeg.2011.210, accessed 2 April 2022.",
        "",
        "Received 14 March 2021; accepted 19 January 2022.",
        "",
        "Glacier retreat & parish books",
        "",
        "by Selma Huber and Paolo Conti.",
        "",
        "Example Mountain Studies, Volume 9, Number 2 - 7 February 2022",
        "",
        "doi: http://dx.doi.org/10.5555/ems.v9i2.777",
    ]
    part = anchored_partial(lines, ["Glacier retreat and parish books | Example Mountain Studies"])
    assert part is not None
    assert part.fields["title"] == "Glacier retreat & parish books"
    assert part.fields["DOI"] == "10.5555/ems.v9i2.777"
    assert [a["name"]["family"] for a in part.authors] == ["Huber", "Conti"]
    assert part.dates == {"received": "2021-03-14", "accepted": "2022-01-19"}
    # Without the title printed as a line there is nothing to anchor on.
    assert anchored_partial(lines, ["Some other work entirely"]) is None


def test_byline_signed_on_behalf_of_a_group() -> None:
    from citekit.parsers.text.byline import single_name

    found = single_name("Mirela Castell and on Behalf of the Survey Respondents")
    assert found is not None
    assert [a.name for a in found] == [
        {"family": "Castell", "given": "Mirela"},
        {"literal": "on Behalf of the Survey Respondents"},
    ]
    found = parse_author_line("Ana Petrov, Luc Ferrand, on behalf of the RIVER Trial Group", labelled=True)
    assert found is not None
    assert [a.name.get("family") or a.name.get("literal") for a in found] == [
        "Petrov",
        "Ferrand",
        "on behalf of the RIVER Trial Group",
    ]
    assert parse_author_line("On behalf of the committee", labelled=True) is None


def test_group_named_alone_under_the_byline() -> None:
    text = "\n".join(
        [
            "Journal of Imagined Health, Volume 7, Issue 2, 2011",
            "",
            "Why Rural Clinics Close in Winter",
            "",
            "Odile Marchetti",
            "Tomas Ferreira Lind",
            "The Imagined Health Editors",
            "Quantum Optics Group",
            "doi:10.5555/jih.0070002",
            "Published: 2011-02-14",
        ]
    )
    record = parse_text(text)
    assert record is not None
    assert [a.get("family") or a.get("literal") for a in record["author"]] == [
        "Marchetti",
        "Lind",
        "The Imagined Health Editors",
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("eExample 2012; 1: e00270", ("eExample", "2012", "1", "", "e00270")),
        ("iExample Letters 2020, 23(4), 101012", ("iExample Letters", "2020", "23", "4", "101012")),
        ("Example Sustainability 2021, 13(5), 2345;", ("Example Sustainability", "2021", "13", "5", "2345")),
        ("eExample, Volume 5, 2016", ("eExample", "2016", "5", "", "")),
    ],
)
def test_journal_names_opening_in_lower_case(line: str, expected: tuple[str, ...]) -> None:
    """Journal names such as "eLife", "iScience" or "mBio" open with a lower-case letter
    before a capital: the header in citation order is read all the same."""
    from citekit.parsers.text.header import find_header

    header = find_header(["Menu", line], 0, 2)
    assert header is not None
    assert (header.journal, header.year, header.volume, header.issue, header.page) == expected


@pytest.mark.parametrize("line", ["in 2012; 1: 270", "and 2019, 4(2), 33"])
def test_a_lower_case_word_is_no_journal_name(line: str) -> None:
    from citekit.parsers.text.header import find_header

    assert find_header(["Menu", line], 0, 2) is None


def test_a_group_author_keeps_its_affiliation_mark() -> None:
    found = parse_author_line("Ana Petrov1, Luc Ferrand1,2, Example Production Group1 and Example Data Group2")
    assert found is not None
    assert [(a.name.get("literal") or a.name.get("family"), a.markers) for a in found] == [
        ("Petrov", ["1"]),
        ("Ferrand", ["1", "2"]),
        ("Example Production Group", ["1"]),
        ("Example Data Group", ["2"]),
    ]


def test_an_undated_reference_inside_an_unnumbered_list_is_kept() -> None:
    """A report or web page without a year inside the list does not end it; a related-
    articles box after the list (a title, then names with "et al.") does."""
    from citekit.parsers.text.reflist import references

    lines = [
        "References",
        "Alder AB, Birch CD. A first example of grazing. J Ex Ecol. 2006;29(9):536-546.",
        "Example Agency, Office of Examples. Example threat warning system.",
        "Cedar EF, Dahl GH, et al. A second example of soils. Ex Soil. 2011;66(1):25-32.",
        "Elm IJ. A third example of meadows. New York: Example Press. 2003.",
        "You may also like A fourth example of grazing in a related article.",
        "K Fir, L Gum, M Hazel et al.",
        "Privacy policy",
    ]
    found, end = references(lines, 0)
    assert [str(r["custom"]["raw"]).split(".")[0] for r in found] == [  # type: ignore[index]
        "Alder AB, Birch CD",
        "Example Agency, Office of Examples",
        "Cedar EF, Dahl GH, et al",
        "Elm IJ",
    ]
    assert end == 5


def test_an_unlabelled_citation_of_the_page_fills_the_journal_line() -> None:
    """A "Cite this" box whose label is a button prints the citation alone: the line
    holding the page's title and a year is read as the page's own citation."""
    text = "\n".join(
        [
            "Example Journals",
            "Home",
            "",
            "An analysis of the example method for grassland soils",
            "",
            "Ana Petrov, Luc Ferrand",
            "",
            "Abstract",
            "We study grassland soils with an example method over ten seasons of sampling in three regions "
            "and find that the method recovers the known patterns in every region we sampled.",
            "",
            'Ana Petrov, Luc Ferrand "An analysis of the example method for grassland soils," '
            "Journal of Example Soils, 19(3), 245-301, (2014)",
            "",
            "Related: An analysis of the example method for grassland soils (slides)",
        ]
    )
    record = parse_text(text)
    assert record is not None
    assert record["title"] == "An analysis of the example method for grassland soils"
    assert (record.get("container-title"), record.get("volume"), record.get("issue"), record.get("page")) == (
        "Journal of Example Soils", "19", "3", "245-301"
    )


def test_a_line_naming_the_title_without_a_citation_adds_nothing() -> None:
    text = "\n".join(
        [
            "An analysis of the example method for grassland soils",
            "",
            "Ana Petrov, Luc Ferrand",
            "",
            "Slides for An analysis of the example method for grassland soils, shown at a workshop in 2014 and later",
        ]
    )
    record = parse_text(text)
    assert record is not None
    assert not {"container-title", "volume", "page"} & set(record)


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (
            ["Physical Review Examples", "Menu", "Phys. Rev. Ex. 12, 041027 – Published 9 December, 2022"],
            ("Physical Review Examples", "Phys. Rev. Ex.", "12", "041027", "2022"),
        ),
        (["Menu", "J. Ex. Phys. 155, 084302 (2021)"], ("J. Ex. Phys.", "", "155", "084302", "2021")),
        (
            ["Reviews of Example Physics", "Rev. Ex. Phys. 94, 45–60 (2022)"],
            ("Reviews of Example Physics", "Rev. Ex. Phys.", "94", "45-60", "2022"),
        ),
    ],
)
def test_an_abbreviated_journal_line(page: list[str], expected: tuple[str, ...]) -> None:
    """Physics journals print an abbreviated name, the volume and the article number; the
    full name is the journal when the page prints it alone."""
    from citekit.parsers.text.header import find_header

    header = find_header(page, 0, len(page))
    assert header is not None
    assert (header.journal, header.short, header.volume, header.page, header.year) == expected


@pytest.mark.parametrize("line", ["Fig. 3. 12 cells 45", "Dr. Smith. 12, 3 apples", "Tab. Suppl. 12, 4 rows"])
def test_no_abbreviated_journal_line(line: str) -> None:
    from citekit.parsers.text.header import find_header

    assert find_header(["Menu", line], 0, 2) is None


def test_a_far_volume_line_of_the_same_year_gives_the_issue() -> None:
    from citekit.parsers.text.header import find_header

    page = ["Rev. Ex. Phys. 94, 045004 – Published 6 December, 2022", *["menu"] * 40, "Vol. 94, Iss. 4 — 2022"]
    header = find_header(page, 0, len(page))
    assert header is not None and header.issue == "4"
    other_year = [*page[:-1], "Vol. 94, Iss. 4 — 2019"]
    header = find_header(other_year, 0, len(other_year))
    assert header is not None and header.issue == ""


def test_a_list_followed_by_page_lines_keeps_one_entry_per_line() -> None:
    """References one per line with the footer right under them (no blank line): an entry
    opening with a number ("1000 Genomes Project ...") stays an entry of its own, and a
    box of other works after the list is not part of it."""
    from citekit.parsers.text.reflist import references

    lines = [
        "References",
        "Alder AB, Birch CD. A first example of grazing. J Ex Ecol. 2006;29(9):536-546.",
        "1000 Example Genomes Consortium, Cedar EF. A map of example variation. Ex Nature. 2010;467:1061-1073.",
        "Dahl GH, Elm IJ. A third example of meadows. Ex Soil. 2003;4:1-9.",
        "Sitemap",
        "Cookie settings",
    ]
    found, end = references(lines, 1)
    assert [str(r["custom"]["raw"])[:10] for r in found] == ["Alder AB, ", "1000 Examp", "Dahl GH, E"]  # type: ignore[index]
    assert end == 4
    boxed = [*lines[:4], "You may also like", "A fourth example of grazing in a related article", "K Fir, L Gum et al."]
    found, end = references(boxed, 1)
    assert len(found) == 3 and end == 4
