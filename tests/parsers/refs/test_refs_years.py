"""Repairs of the date (citekit.parsers.refs.years), one table row each."""

from __future__ import annotations

import pytest

from citekit.parsers.refs.years import (
    date_before_volume,
    issue_slash_year,
    month_after_year,
    month_ends_container,
    year_ends_field,
    year_in_note,
    year_splits_title,
)
from tests.parsers.refs.cases import UNCHANGED, Case, check, params

CASES = [
    # A newspaper's date read on into its name: the month (and the day after it) join the date.
    Case(
        month_ends_container,
        {"container-title": ["Mmegi, August"], "volume": ["5,"], "date": ["2007."]},
        {"container-title": ["Mmegi"], "date": ["August 5, 2007."]},
        "Baputaki, C. “Hospital fees go up,” Mmegi, August 5, 2007.",
    ),
    Case(
        month_ends_container,
        {"container-title": ["Industrial Management Review, Fall"], "date": ["1961."]},
        {"container-title": ["Industrial Management Review"], "date": ["Fall 1961."]},
        "Andrews, V. L. \"Captive Finance,\" Industrial Management Review, Fall 1961.",
    ),
    Case(
        month_ends_container,
        {"container-title": ["Journal of Tides, Marches"], "date": ["1961."]},
        UNCHANGED,
        "Lind, K. Tides. Journal of Tides, Marches 1961.",
    ),
    Case(
        month_ends_container,
        {"container-title": ["Mmegi, August"], "pages": ["3-9,"], "date": ["2007."]},
        UNCHANGED,
        "Lind, K. Tides. Mmegi, August 3-9, 2007.",
    ),
    # APA's "(1993, February 18)." cut after the year: the month and day join the date.
    Case(
        month_after_year,
        {"date": ["(1993,"], "title": ["February 18). First female student."]},
        {"date": ["(1993, February 18)."], "title": ["First female student."]},
        "Agnoli, B. (1993, February 18). First female student.",
    ),
    Case(
        month_after_year,
        {"date": ["(1997b,"], "note": ["August 7)."], "title": ["Schmoke to give"]},
        {"date": ["(1997b, August 7)."], "title": ["Schmoke to give"]},
        "Matthews, R. (1997b, August 7). Schmoke to give",
    ),
    Case(
        month_after_year,
        {"date": ["(1993,"], "title": ["Marches). Tides."]},
        UNCHANGED,
        "Lind, K. (1993, Marches). Tides.",
    ),
    Case(month_after_year, {"date": ["1993,"], "title": ["May 5). Tides."]}, UNCHANGED, "Lind, 1993, May 5). Tides."),
    # Vancouver "2020;13(2)" read as one volume; a month alone joins the year found elsewhere.
    Case(date_before_volume, {"volume": ["2020;13(2):100-9."]}, {"volume": ["13(2):100-9."], "date": ["2020"]}),
    Case(date_before_volume, {"volume": ["Mar;12(3)"], "date": ["2011"]}, {"volume": ["12(3)"], "date": ["Mar 2011"]}),
    Case(date_before_volume, {"volume": ["2011 Mar;12(3)"], "date": ["2011"]}, {"volume": ["12(3)"], "date": ["2011"]}),
    Case(date_before_volume, {"volume": ["13(2)"]}, UNCHANGED),
    Case(date_before_volume, {"volume": [";13(2)"]}, UNCHANGED),
    # A year (and month) at the end of the container, publisher, place or title.
    Case(
        year_ends_field,
        {"container-title": ["Journal of Tides, 2019"]},
        {"container-title": ["Journal of Tides"], "date": ["2019"]},
    ),
    Case(
        year_ends_field,
        {"title": ["Tides."], "publisher": ["Oxford University Press 2011 Mar"]},
        {"title": ["Tides."], "publisher": ["Oxford University Press"], "date": ["Mar 2011"]},
    ),
    Case(
        year_ends_field,
        {"title": ["Pillars of an institution. (1993, September)."], "container-title": ["Wake Forest"]},
        {"title": ["Pillars of an institution"], "container-title": ["Wake Forest"], "date": ["September 1993"]},
    ),
    Case(year_ends_field, {"container-title": ["Journal of Tides, 2019"], "date": ["2018"]}, UNCHANGED),
    Case(year_ends_field, {"container-title": ["2019"]}, UNCHANGED),
    # Last resort: a lone year in a note.
    Case(
        year_in_note,
        {"title": ["x"], "note": ["Т. 12", "2010. Т. 12"]},
        {"title": ["x"], "note": ["Т. 12", "2010. Т. 12"], "date": ["2010"]},
    ),
    Case(year_in_note, {"note": ["ISBN 978-3-16-148410-0, 1999/2000"]}, UNCHANGED),
    Case(year_in_note, {"note": ["2010."], "date": ["2011"]}, UNCHANGED),
    # No punctuation after the title: its only year ends it, the journal and its numbers follow.
    Case(
        year_splits_title,
        {"author": ["Elman, J.L."], "title": ["Finding structure in time 1990 Cognitive Sci 14 179--211"]},
        {
            "author": ["Elman, J.L."],
            "title": ["Finding structure in time"],
            "date": ["1990"],
            "container-title": ["Cognitive Sci"],
            "volume": ["14"],
            "pages": ["179--211"],
        },
    ),
    Case(
        year_splits_title,
        {"title": ["Bagging predictors 1996 Machine Learning"], "volume": ["24"]},
        {"title": ["Bagging predictors"], "date": ["1996"], "container-title": ["Machine Learning"], "volume": ["24"]},
    ),
    Case(year_splits_title, {"title": ["Bagging predictors 1996 Machine Learning"], "date": ["1996"]}, UNCHANGED),
    Case(
        year_splits_title,
        {"title": ["A value of 2009 FIGO staging in vulvar cancer."], "volume": ["2013;287(6)"]},
        UNCHANGED,
        "Sznurkowski JJ. A value of 2009 FIGO staging in vulvar cancer. Arch Gynecol. 2013;287(6):1211–8.",
    ),
    # The German issue and year of a journal read as the volume.
    Case(
        issue_slash_year,
        {"container-title": ["in: SozSich"], "volume": ["2/2011,"], "pages": ["S. 44"]},
        {"container-title": ["in: SozSich"], "date": ["2011"], "issue": ["2"], "pages": ["S. 44"]},
    ),
    Case(issue_slash_year, {"volume": ["3/1997,"], "date": ["1997"]}, {"date": ["1997"], "issue": ["3"]}),
    Case(issue_slash_year, {"volume": ["3/1997,"], "date": ["2001"]}, UNCHANGED),  # another year: not the date
    Case(issue_slash_year, {"volume": ["12/34"]}, UNCHANGED),
    # ... or a day and month written with full stops before it.
    Case(
        year_ends_field,
        {"title": ["Gesetz über die Krankenversicherung vom 01.07.1998."]},
        {"title": ["Gesetz über die Krankenversicherung"], "date": ["01.07.1998"]},
    ),
    Case(
        year_ends_field,
        {"title": ["Biopolitik,"], "container-title": ["in: Der Standard, 11.12.2001."]},
        {"title": ["Biopolitik,"], "container-title": ["in: Der Standard"], "date": ["11.12.2001"]},
    ),
    Case(year_ends_field, {"title": ["Gesetz vom 01.07.1998."], "date": ["1998"]}, UNCHANGED),
]


@pytest.mark.parametrize("case", params(CASES))
def test_years_repair(case: Case) -> None:
    check(case)
