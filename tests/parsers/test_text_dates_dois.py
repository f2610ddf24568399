"""Scraped pages: the article's DOI among data-set DOIs, and the year among other dates."""

from __future__ import annotations

from citekit.parsers.text.page import parse_text

HEAD = """Tidal Mixing over Rough Slopes
Ann Roe1, Bo Lee2
1 Department of Oceans, University of Nowhere
"""


def test_a_data_set_doi_is_not_the_article_doi() -> None:
    record = parse_text(
        HEAD + "Data availability: all data are at https://doi.org/10.5281/zenodo.123456\n"
        "Cite as: https://doi.org/10.5555/tides.2019.7\n"
        "Supplementary material: doi:10.6084/m9.figshare.998877\n"
    )
    assert record is not None and record["DOI"] == "10.5555/tides.2019.7"


def test_a_month_and_year_line_gives_the_year_but_labelled_dates_do_not() -> None:
    record = parse_text(
        "Journal of Example Oceans\nMarch 2019\n" + HEAD + "Received 12 October 2018\nAccessed 5 May 2023\n"
        "DOI: 10.5555/tides.2019.7\n© 2020 Example Press. All rights reserved.\n"
    )
    assert record is not None and record["issued"] == {"date-parts": [[2019, 3]]}


def test_a_copyright_year_is_not_the_year() -> None:
    record = parse_text(HEAD + "DOI: 10.5555/tides.2019.7\nCopyright © 2021 The Authors\n")
    assert record is not None and "issued" not in record


def test_a_middle_initial_y_is_not_the_spanish_and() -> None:
    from citekit.parsers.text.authors import parse_author_line

    found = parse_author_line("James Y Dai, Ian McGowan", labelled=True)
    assert found is not None and [a.name["family"] for a in found] == ["Dai", "McGowan"]
    joined = parse_author_line("Juan Perez y Maria Lopez", labelled=True)
    assert joined is not None and [a.name["family"] for a in joined] == ["Perez", "Lopez"]


def test_a_group_named_in_the_byline_is_an_author() -> None:
    record = parse_text(
        "Preferred Reporting Items for Systematic Reviews\n"
        "by David Moher, Alessandro Liberati, Douglas G. Altman, The PRISMA Group\n"
        "DOI: 10.5555/prisma.1\n"
    )
    assert record is not None
    assert record["author"][-1] == {"literal": "The PRISMA Group"}
    assert [a.get("family") for a in record["author"][:3]] == ["Moher", "Liberati", "Altman"]
