"""The ordered list of repairs between the labeller and the CSL mapping.

The labeller decides token by token; :data:`REPAIRS` fixes, in order, what is easy to
see once the whole reading is known. Every repair is a small named function with one
signature, ``(spans, text) -> spans`` (:data:`citekit.parsers.refs.spans.Fix`): it
returns the spans unchanged unless the layout leaves no doubt. Each is tested alone
(tests/parsers/refs/).

Repairs run in two stages, in list order within each:

- ``"reading"``: on the trained model's reading only (these rules were written against
  its mistakes), inside :func:`citekit.parsers.refs.reference.default_labeller`; ``text``
  is the reference string the model read.
- ``"record"``: on every reading (the rule-based labeller's and annotated spans too),
  inside :func:`citekit.parsers.refs.fields.build_record`, just before the plain mapping
  from spans to CSL fields; ``text`` is the reference string as the record keeps it.

To add a repair, write the function beside its kin (boundary, tails, containers,
numbers, editors, years), add one line here where it belongs, and one table of cases
to its test. To measure what a repair is worth, parse without it:
``parse_references(texts, repairs=without("day_not_volume"))``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from citekit.parsers.refs.boundary import (
    again_author,
    collaboration_title,
    ellipsis_numbers,
    ellipsis_title,
    family_opens_title,
    given_opens_title,
    han_kana_rules,
    initials_list_tail,
    key_opens_names,
    names_from_rules,
    open_author_list,
    short_form_title,
    year_in_names,
)
from citekit.parsers.refs.containers import (
    abbreviation_tail,
    book_place,
    editors_in_container,
    gost_slashes,
    in_within_container,
    journal_initial_in_names,
    number_mark_tail,
    physics_journal_tail,
    place_list_title,
    quoted_journal,
    report_container,
    series_mark_tail,
    split_in,
    title_case_tail,
    vancouver_journal,
    year_ended_title,
)
from citekit.parsers.refs.editors import (
    authors_are_editors,
    book_after_editors,
    edited_work_is_title,
    editors_as_container,
    editors_open_container,
    editors_without_role,
    late_names,
    role_opens_title,
)
from citekit.parsers.refs.numbers import (
    article_number_note,
    bracketed_series,
    cjk_numbers,
    container_pages_tail,
    container_volume,
    cyrillic_numbers,
    day_not_volume,
    page_mark_volume,
    roman_volume_tail,
    second_volume_pages,
    title_volume_tail,
    volume_words_tail,
)
from citekit.parsers.refs.spans import Fix, Spans
from citekit.parsers.refs.tails import (
    closing_quote_title,
    edition_tail,
    paren_publisher,
    press_tail,
    quoted_title,
    role_tail,
    status_after_container,
    status_tail,
    volume_count,
    volumes_tail,
)
from citekit.parsers.refs.years import (
    date_before_volume,
    issue_slash_year,
    month_after_year,
    month_ends_container,
    year_ends_field,
    year_in_note,
    year_splits_title,
)

__all__ = ["READING", "RECORD", "REPAIRS", "Repair", "Stage", "apply_repairs", "without"]

Stage = Literal["reading", "record"]
READING: Stage = "reading"
RECORD: Stage = "record"


@dataclass(frozen=True, slots=True)
class Repair:
    """One entry of :data:`REPAIRS`: a fix and the stage it runs in."""

    fix: Fix
    stage: Stage

    @property
    def name(self) -> str:
        """The fix's function name, by which :func:`without` leaves it out."""
        return self.fix.__name__


REPAIRS: tuple[Repair, ...] = (
    # --- the model's reading: author/title boundary and the edges of the title ---
    Repair(year_in_names, READING),
    Repair(month_after_year, READING),
    Repair(month_ends_container, READING),
    Repair(again_author, READING),
    Repair(collaboration_title, READING),
    Repair(key_opens_names, READING),
    Repair(quoted_title, READING),
    Repair(edition_tail, READING),
    Repair(volumes_tail, READING),
    Repair(volume_count, READING),
    Repair(status_after_container, READING),
    Repair(status_tail, READING),
    Repair(press_tail, READING),
    Repair(paren_publisher, READING),
    Repair(role_tail, READING),
    # --- the model's reading: title/container boundary ---
    Repair(year_ended_title, READING),
    Repair(year_splits_title, READING),
    Repair(journal_initial_in_names, READING),
    Repair(abbreviation_tail, READING),
    Repair(physics_journal_tail, READING),
    Repair(gost_slashes, READING),
    Repair(split_in, READING),
    Repair(quoted_journal, READING),
    Repair(editors_in_container, READING),
    Repair(in_within_container, READING),
    Repair(vancouver_journal, READING),
    # --- the model's reading: numbers, quotes, subtitles, editors ---
    Repair(bracketed_series, READING),
    Repair(day_not_volume, READING),
    Repair(roman_volume_tail, READING),
    Repair(page_mark_volume, READING),
    Repair(closing_quote_title, READING),
    Repair(title_volume_tail, READING),
    Repair(second_volume_pages, READING),
    Repair(volume_words_tail, READING),
    Repair(editors_without_role, READING),
    Repair(role_opens_title, READING),
    Repair(late_names, READING),
    Repair(book_after_editors, READING),
    Repair(editors_open_container, READING),
    Repair(editors_as_container, READING),
    Repair(book_place, READING),
    Repair(place_list_title, READING),
    Repair(number_mark_tail, READING),
    Repair(series_mark_tail, READING),
    Repair(report_container, READING),
    Repair(title_case_tail, READING),
    # --- the model's reading: names still left in the title ---
    Repair(given_opens_title, READING),
    Repair(initials_list_tail, READING),
    Repair(open_author_list, READING),
    Repair(names_from_rules, READING),
    Repair(family_opens_title, READING),
    Repair(ellipsis_title, READING),
    Repair(short_form_title, READING),
    Repair(ellipsis_numbers, READING),
    Repair(han_kana_rules, READING),
    # --- every reading, before the mapping to CSL fields: dates, numbers, editors ---
    Repair(date_before_volume, RECORD),
    Repair(issue_slash_year, RECORD),
    Repair(year_ends_field, RECORD),
    Repair(container_volume, RECORD),
    Repair(container_pages_tail, RECORD),
    Repair(cjk_numbers, RECORD),
    Repair(cyrillic_numbers, RECORD),
    Repair(year_in_note, RECORD),
    Repair(edited_work_is_title, RECORD),
    Repair(authors_are_editors, RECORD),
    Repair(article_number_note, RECORD),
)


def without(*names: str, repairs: Iterable[Repair] = REPAIRS) -> tuple[Repair, ...]:
    """``repairs`` (by default :data:`REPAIRS`) without the named ones, order kept.

    :param names: function names of repairs to leave out ("day_not_volume").
    :param repairs: the list to start from.
    :returns: the shorter list, to pass as ``repairs=`` to the parser.
    :raises ValueError: a name is not in the list.
    """
    repairs = tuple(repairs)
    unknown = sorted(set(names) - {r.name for r in repairs})
    if unknown:
        raise ValueError(f"no such repair: {', '.join(unknown)} (known: {', '.join(r.name for r in repairs)})")
    return tuple(r for r in repairs if r.name not in names)


def apply_repairs(spans: Spans, text: str, stage: Stage, repairs: Iterable[Repair] = REPAIRS) -> Spans:
    """``spans`` after every repair of ``stage``, in list order.

    :param spans: labelled spans.
    :param text: the reference string the spans were cut from.
    :param stage: ``"reading"`` (the model's reading) or ``"record"`` (every reading).
    :param repairs: the list to apply (:data:`REPAIRS`, or a list from :func:`without`).
    :returns: the repaired spans (``spans`` itself when nothing changes).
    """
    for repair in repairs:
        if repair.stage == stage:
            spans = repair.fix(spans, text)
    return spans
