"""CSL formatting through citeproc-py: the seed record in the styles users ask for."""

from __future__ import annotations

import json
from typing import Any

import pytest

from citekit.errors import UnknownFormatError
from citekit.exporters.csl import (
    available_locales,
    available_styles,
    format_bibliography,
    format_entries,
    style_path,
)
from tests.conftest import FIXTURES


def _seed() -> dict[str, Any]:
    records: list[dict[str, Any]] = json.loads((FIXTURES / "export" / "records.json").read_text(encoding="utf-8"))
    return records[0]


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        (
            "apa",
            "Boujida, N., Jabour, S., El Aoufir, O., Laamrani, F. Z., & Jroundi, L. (2024). Thoracic "
            "Paravertebral Extramedullary Hematopoiesis. "
            "International Journal of Clinical & Medical Images, 11(1), 931. https://doi.org/10.4172/2376-0249.1000931",
        ),
        (
            "vancouver",
            "1. Boujida N, Jabour S, El Aoufir O, Laamrani FZ, Jroundi L. Thoracic Paravertebral "
            "Extramedullary Hematopoiesis. "
            "Int J Clin Med Imaging. 2024 Jan 15;11(1):931. doi:10.4172/2376-0249.1000931",
        ),
        (
            "ieee",
            "[1] N. Boujida, S. Jabour, O. El Aoufir, F. Z. Laamrani, and L. Jroundi, “Thoracic "
            "Paravertebral Extramedullary Hematopoiesis,” "
            "Int J Clin Med Imaging, vol. 11, no. 1, p. 931, Jan. 2024, doi: 10.4172/2376-0249.1000931.",
        ),
        (
            "chicago",
            "Boujida, Nadia, Soukaina Jabour, Omar El Aoufir, Fatima Zahra Laamrani, and Laila "
            "Jroundi. 2024. “Thoracic Paravertebral "
            "Extramedullary Hematopoiesis.” International Journal of Clinical & Medical Images 11 (1): 931. https://doi.org/10.4172/2376-0249.1000931.",
        ),
    ],
)
def test_seed_record_in_the_common_styles(style: str, expected: str) -> None:
    assert format_bibliography([_seed()], style=style) == expected + "\n"


def test_aliases_resolve_to_installed_styles() -> None:
    for alias, name in [
        ("vancouver", "nlm-citation-sequence"),
        ("harvard", "harvard-cite-them-right"),
        ("chicago", "chicago-author-date"),
        ("mla", "modern-language-association"),
        ("ieee", "ieee"),
        ("apa", "apa"),
    ]:
        assert style_path(alias).stem == name
    assert "nature" in available_styles() and "fr-FR" in available_locales()


def test_html_output_escapes_data_and_keeps_markup() -> None:
    html = format_bibliography([_seed()], style="apa", output="html")
    assert html.startswith('<div class="csl-bib-body">\n  <div class="csl-entry">')
    assert "<i>International Journal of Clinical &amp; Medical Images</i>" in html
    assert "&amp; Jroundi, L." in html


def test_locales_and_order() -> None:
    french = format_bibliography([_seed()], style="chicago", locale="fr")
    assert "et Laila Jroundi" in french and "«\xa0Thoracic" in french
    second = {
        "id": "b",
        "type": "book",
        "title": "Atlas of the estuary",
        "author": [{"family": "Almeida", "given": "Rui"}],
        "issued": {"date-parts": [[2019]]},
        "publisher": "Porto Press",
    }
    apa = format_bibliography([_seed(), second], style="apa").splitlines()
    assert apa[0].startswith("Almeida, R. (2019). Atlas of the estuary.") and apa[1].startswith("Boujida")
    numeric = format_bibliography([_seed(), second], style="vancouver").splitlines()
    assert numeric[0].startswith("1. Boujida") and numeric[1].startswith("2. Almeida R.")


def test_unknown_style_and_locale_name_close_matches() -> None:
    with pytest.raises(UnknownFormatError, match="vancouver"):
        format_bibliography([_seed()], style="vancover")
    with pytest.raises(UnknownFormatError, match="unknown CSL locale"):
        format_bibliography([_seed()], locale="xx-YY")
    with pytest.raises(ValueError):
        format_bibliography([_seed()], output="pdf")
    assert format_bibliography([], style="apa") == ""


@pytest.mark.parametrize(
    "style",
    ["agora", "acta-polytechnica", "acta-anaesthesiologica-taiwanica", "etudes-chinoises", "de-buck", "representation"],
)
def test_styles_citeproc_py_crashes_on_are_formatted(style: str) -> None:
    # Citation-only styles, and text-case on name parts and terms, which citeproc-py
    # 0.11 cannot handle by itself (see citekit.exporters.csl_fixes).
    records: list[dict[str, Any]] = json.loads((FIXTURES / "export" / "records.json").read_text(encoding="utf-8"))
    out = format_bibliography(records, style=style)
    assert len(out.splitlines()) == len(records)
    assert "boujida" in out.lower() and "Thoracic Paravertebral" in out


def test_number_ranges_and_doubled_punctuation() -> None:
    record = {
        "id": "q",
        "type": "article-journal",
        "title": "Is it tidal?",
        "author": [{"family": "Doe", "given": "Jo"}],
        "container-title": "Estuaries",
        "issue": "3-4",
        "volume": "2",
        "issued": {"date-parts": [[2001]]},
    }
    out = format_bibliography([record], style="apa")
    # an issue printed by cs:text keeps its hyphen, as pandoc and citeproc-js print it;
    # cs:number (Acta Adriatica's issue) makes it a range with an en dash
    assert "Is it tidal? Estuaries" in out and "2(3-4)" in out
    assert "2(3–4)" in format_bibliography([record], style="acta-adriatica")


def test_style_default_locale_when_none_is_given() -> None:
    # modern-language-association declares none (en-US); acta-ophthalmologica declares en-GB.
    assert format_bibliography([_seed()], style="acta-ophthalmologica", locale=None) == format_bibliography(
        [_seed()], style="acta-ophthalmologica", locale="en-GB"
    )
    assert format_bibliography([_seed()], style="mla", locale=None) == format_bibliography(
        [_seed()], style="mla", locale="en-US"
    )


_EDITED_BOOK = {
    "id": "ed",
    "type": "book",
    "title": "The Cambridge Companion",
    "editor": [{"family": "Cohen", "given": "I. B."}, {"family": "Smith", "given": "G. E."}],
    "issued": {"date-parts": [[2002]]},
    "edition": "2",
    "publisher": "CUP",
}


def test_editors_standing_in_for_the_author_are_printed_once_with_a_capitalised_label() -> None:
    apa = format_bibliography([_EDITED_BOOK], style="apa")
    assert apa == "Cohen, I. B., & Smith, G. E. (Eds.). (2002). The Cambridge Companion (2nd ed.). CUP.\n"
    vancouver = format_bibliography([_EDITED_BOOK], style="vancouver")
    assert vancouver.count("Cohen IB") == 1 and "Cohen IB, Smith GE, editors." in vancouver


def test_a_title_standing_in_for_the_author_is_printed_once() -> None:
    record = {
        "id": "t",
        "type": "book",
        "title": "Anonymous chronicles",
        "publisher": "P",
        "issued": {"date-parts": [[1990]]},
    }
    assert format_bibliography([record], style="apa").count("Anonymous chronicles") == 1


def test_page_ranges_are_not_cut_wrongly() -> None:
    base = {"type": "article-journal", "title": "T", "author": [{"family": "X", "given": "Y"}], "container-title": "J"}
    records = [
        {**base, "id": "a", "page": "1-13"},
        {**base, "id": "b", "page": "10-105"},
        {**base, "id": "c", "page": "1204-22"},
        {**base, "id": "d", "page": "321-328"},
    ]
    vancouver = format_bibliography(records, style="vancouver")
    assert (
        " 1–13.\n" in vancouver
        and " 10–105.\n" in vancouver
        and " 1204–22.\n" in vancouver
        and " 321–8.\n" in vancouver
    )
    apa = format_bibliography(records, style="apa")
    assert "1204–1222" in apa and "1–13" in apa  # APA writes every digit, also of "1204-22"


def test_report_numbers_keep_their_hyphens_and_quotes_are_typographic() -> None:
    record = {
        "id": "r",
        "type": "report",
        "title": "Newton's 'object' of science",
        "author": [{"family": "O'Mahony", "given": "D."}],
        "number": "RC-6947-2",
        "publisher": "IBM",
        "issued": {"date-parts": [[1978]]},
    }
    out = format_bibliography([record], style="apa")
    assert "RC-6947-2" in out
    assert "Newton’s “object” of science" in out and "O’Mahony" in out


def test_same_author_and_year_get_year_suffixes_where_the_style_asks() -> None:
    base = {"type": "book", "author": [{"family": "Schiffer", "given": "S"}], "issued": {"date-parts": [[2005]]}}
    records = [{**base, "id": "z", "title": "Zeta"}, {**base, "id": "a", "title": "Alpha"}]
    apa = format_bibliography(records, style="apa")
    assert apa.splitlines() == ["Schiffer, S. (2005a). Alpha.", "Schiffer, S. (2005b). Zeta."]
    assert "2005a" not in format_bibliography(records, style="vancouver")  # a numeric style does not


def _apa(*records: dict[str, Any]) -> list[str]:
    return format_bibliography(list(records), style="apa").splitlines()


def test_a_group_whose_called_variables_are_empty_is_left_out() -> None:
    # APA's "(Publication No. 123)" group: the choose branch that printed "Publication"
    # calls no variable, the number it waits for is missing, so nothing is printed.
    thesis = {"id": "t", "type": "thesis", "title": "X", "author": [{"family": "B", "given": "D"}], "genre": "PhD"}
    (entry,) = _apa({**thesis, "issued": {"date-parts": [[2003]]}})
    assert entry == "B, D. (2003). X [PhD]."
    assert "(Publication No. 7)" in _apa({**thesis, "number": "7"})[0]


def test_a_record_with_nothing_but_a_type_still_gets_its_entry() -> None:
    # the "n.d." macro prints without a variable: it counts as printed for the entry's
    # group; and an entry that renders to nothing would not shift the others
    entries = dict(format_entries([{"id": "e", "type": "book"}, {"id": "f", "type": "book", "title": "F"}], "apa"))
    assert entries == {0: "(n.d.).", 1: "F. (n.d.)."}


def test_number_of_volumes_and_plural_labels() -> None:
    book = {"id": "b", "type": "book", "title": "Y", "author": [{"family": "C", "given": "D"}]}
    assert _apa({**book, "number-of-volumes": "3"}) == ["C, D. (n.d.). Y (Vols. 1–3)."]
    patent = {"id": "p", "type": "patent", "title": "Z", "author": [{"family": "E", "given": "D"}]}
    assert "(Patent Nos. EU-29702195U)" in _apa({**patent, "number": "EU-29702195U"})[0]
    assert "(Patent No. 29702195)" in _apa({**patent, "number": "29702195"})[0]


def test_year_suffixes_follow_the_sort_without_role_labels_then_the_keys() -> None:
    editor = [{"family": "Westfahl", "given": "Gary"}]
    year = {"date-parts": [[2000]]}
    edited = {"id": "w1", "type": "book", "title": "Space and beyond", "editor": editor, "issued": year}
    written = {"id": "w2", "type": "book", "title": "The true frontier", "author": editor, "issued": year}
    # "Westfahl, G. (Ed.)" sorts with "Westfahl, G.": the titles decide
    assert _apa(written, edited) == [
        "Westfahl, G. (Ed.). (2000a). Space and beyond.",
        "Westfahl, G. (2000b). The true frontier.",
    ]
    same = {"type": "book", "title": "T", "author": [{"family": "B", "given": "D"}], "issued": {"date-parts": [[2003]]}}
    entries = format_entries([{**same, "id": "zz"}, {**same, "id": "aa"}], "apa")
    # works the sort cannot tell apart: suffixes in the order of their keys, entries in the input's
    assert [(i, entry) for i, entry in entries] == [(0, "B, D. (2003b). T."), (1, "B, D. (2003a). T.")]


def test_a_range_of_years_is_not_ambiguous_with_its_first_year() -> None:
    knuth = {"type": "book", "author": [{"family": "Knuth", "given": "Donald E."}]}
    single = {**knuth, "id": "a", "title": "A", "issued": {"date-parts": [[1984]]}}
    ranged = {**knuth, "id": "b", "title": "B", "issued": {"date-parts": [[1984], [1986]]}}
    assert _apa(single, ranged) == ["Knuth, D. E. (1984). A.", "Knuth, D. E. (1984–1986). B."]


@pytest.mark.parametrize(
    ("given", "mark", "hyphen", "expected"),
    [
        ("Jean-Pierre", ". ", True, "J.-P."),
        ("Jean-Pierre", "", False, "JP"),
        ("J.-P.", "", False, "J-P"),  # the hyphen written in the data stays
        ("Ph.", ". ", True, "Ph."),  # an abbreviation in the data stays
        ("Yu. B.", "", True, "YuB"),
        ("Ji-ping", ". ", True, "J."),
        ("1. S.", ". ", True, "1. S."),
        ("Ludwig van", ". ", True, "L. van"),
        ("M.-a.", ". ", True, "M.-a."),
    ],
)
def test_initials_as_pandoc_makes_them(given: str, mark: str, hyphen: bool, expected: str) -> None:
    from citekit.exporters.csl_fixes import initialize

    assert initialize(given, mark, hyphen) == expected


def test_initials_in_a_style() -> None:
    record = {"id": "n", "type": "book", "title": "X", "author": [{"family": "Nys", "given": "J.-P."}]}
    assert format_bibliography([{**record, "author": [{"family": "Ebert", "given": "Ph."}]}], "apa").startswith(
        "Ebert, Ph. (n.d.)."
    )
    assert format_bibliography([record], "vancouver").startswith("1. Nys J-P. X.")


def test_title_case_as_pandoc_applies_it() -> None:
    record = {
        "id": "x",
        "type": "article-journal",
        "title": "T",
        "author": [{"family": "Xie", "given": "H."}],
        "issued": {"date-parts": [[2020]]},
    }
    journals = {
        "Electromagnetic compatibility, IEEE transactions on": "Electromagnetic Compatibility, IEEE Transactions On",
        "estudios de filosofía": "Estudios de Filosofía",
        "is it? on the way": "Is It? On the Way",
    }
    for journal, expected in journals.items():
        assert f"T. {expected}." in format_bibliography([{**record, "container-title": journal}], style="apa")


def test_is_numeric_takes_ranges_and_lists_of_numbers() -> None:
    from citekit.exporters.csl_fixes import numeric

    assert all(numeric(text) for text in ("12", "99-02", "R1-R81", "3 & 5", "2a, 4b", "1–3"))
    assert not any(numeric(text) for text in ("", "RC-6947a-x1", "12.5", "twelve", "EU 12"))


def test_what_stood_in_for_the_author_is_not_printed_again() -> None:
    translated = {
        "id": "v",
        "type": "book",
        "title": "The Rites of Passage",
        "translator": [{"family": "Vizedom", "given": "Monika B."}],
        "publisher": "University of Chicago Press",
        "issued": {"date-parts": [[1960]]},
    }
    assert _apa(translated) == ["The Rites of Passage (M. B. Vizedom, Trans.). (1960). University of Chicago Press."]
    anonymous = {
        "id": "c",
        "type": "report",
        "title": "The Manual",
        "edition": "15",
        "issued": {"date-parts": [[2003]]},
    }
    assert _apa(anonymous) == ["The Manual (15th ed.). (2003)."]


def test_editors_standing_in_for_the_author_take_the_author_format_in_chicago() -> None:
    editor = [{"family": "Gaonkar", "given": "Dilip Parameshwar"}]
    book = {"id": "g", "type": "book", "title": "Alternative modernities", "editor": editor}
    out = format_bibliography([{**book, "issued": {"date-parts": [[2001]]}}], style="chicago")
    # the cs:names in Chicago's substitute sits in a cs:choose: it still takes the name
    # format and label of the author's cs:names, and the editor is named once
    assert out == "Gaonkar, Dilip Parameshwar, ed. 2001. Alternative Modernities.\n"


def test_quotation_marks_of_the_data_alternate_with_the_style_s() -> None:
    article = {"type": "article-journal", "container-title": "Studies", "issued": {"date-parts": [[2022]]}}
    quoted = {**article, "id": "s", "author": [{"family": "Sak", "given": "V"}]}
    title = "Constituting the ‘object’ of science in Newton's Principia"
    # APA prints the title bare: the data's quotes are the outer ones
    assert "Constituting the “object” of science in Newton’s Principia. Studies." in _apa({**quoted, "title": title})[0]
    # Chicago quotes the title: the data's quotes turn inner, and words after a quote or
    # a hyphen take title case
    chicago = format_bibliography([{**quoted, "title": title + " and 't Hooft's S-matrix"}], "chicago")
    assert "“Constituting the ‘Object’ of Science in Newton’s Principia and ’t Hooft’s S-Matrix.”" in chicago
    # a period does not move into the data's own quotation marks, nor follow a colon
    book = {"id": "n", "type": "book", "author": [{"family": "Nussbaum", "given": "Martha"}]}
    assert _apa({**book, "title": 'Aristotle\'s "De Motu Animalium"'}) == [
        "Nussbaum, M. (n.d.). Aristotle’s “De Motu Animalium”."
    ]
    assert _apa({**book, "title": "Escapes:"}) == ["Nussbaum, M. (n.d.). Escapes:"]
    thesis = {**book, "type": "thesis", "title": "T", "genre": "Master's thesis"}
    assert _apa(thesis) == ["Nussbaum, M. (n.d.). T [Master’s thesis]."]


def test_hyphenated_name_variables_and_verb_terms() -> None:
    kant = [{"family": "Kant", "given": "Immanuel"}]
    chapter = {
        "id": "k",
        "type": "chapter",
        "title": "Kritik der praktischen Vernunft",
        "author": kant,
        "container-author": kant,
        "container-title": "Werke",
        "issued": {"date-parts": [[1968]]},
    }
    assert _apa(chapter) == ["Kant, I. (1968). Kritik der praktischen Vernunft. In I. Kant, Werke."]
    book = {**chapter, "type": "book", "editor": [{"family": "Colli", "given": "Giorgio"}]}
    del book["container-title"]
    assert "(By I. Kant; G. Colli, Ed.)" in _apa(book)[0]


def test_a_date_range_within_the_printed_part_is_one_date() -> None:
    book = {"id": "m", "type": "book", "title": "T", "author": [{"family": "Moraux", "given": "Paul"}]}
    dated = {**book, "issued": {"date-parts": [[1979]]}, "original-date": {"date-parts": [[1924, 6, 7], [1924, 7, 9]]}}
    assert _apa(dated) == ["Moraux, P. (1979). T. (Original work published 1924)"]


def test_punctuation_moves_into_the_data_s_quotes_unless_formatting_ends_between() -> None:
    author = [{"family": "Sak", "given": "V"}]
    book = {"id": "b", "type": "book", "title": 'Blah "enquote"', "author": author}
    article = {**book, "type": "article-journal", "container-title": "J"}
    assert _apa(article) == ["Sak, V. (n.d.). Blah “enquote.” J."]
    assert _apa(book) == ["Sak, V. (n.d.). Blah “enquote”."]  # the title is in italics


@pytest.mark.parametrize(
    ("first", "last", "range_format", "expected"),
    [
        ("1198", "1201", "chicago-16", "201"),
        ("1198", "1201", "chicago-15", "1201"),  # the four-digit rule is Chicago 15's only
        ("321", "328", "chicago-16", "28"),
        ("101", "108", "chicago-16", "8"),
        ("1", "13", "minimal", "13"),
        ("10", "105", "minimal", "105"),
        ("1204", "22", "minimal", "22"),
        ("1204", "22", "expanded", "1222"),
        ("R1", "R81", "minimal", "81"),  # the shared prefix is written once
        ("R1", "R81", "expanded", "R81"),
        ("100", "100", "minimal", "100"),
        ("42", "", "minimal", ""),
    ],
)
def test_page_ranges_as_pandoc_shortens_them(first: str, last: str, range_format: str, expected: str) -> None:
    from citekit.exporters.csl_fixes import last_page

    assert last_page(first, last, range_format) == expected


def test_particles_and_initials_of_full_names() -> None:
    from citekit.exporters.csl import particles

    assert particles({"family": "de la Mata", "given": "María"}) == {
        "family": "Mata",
        "given": "María",
        "non-dropping-particle": "de la",
    }
    assert particles({"family": "Beethoven", "given": "Ludwig van"})["dropping-particle"] == "van"
    assert particles({"family": "al-Hasan", "given": "ʿAlī"}) == {"family": "al-Hasan", "given": "ʿAlī"}
    authors = [{"family": "van Arsdall", "given": "Anne"}, {"family": "Adams", "given": "Nancy K"}]
    book = {"id": "a", "type": "book", "title": "T", "author": authors, "issued": {"date-parts": [[1979]]}}
    # Chicago demotes the particle and, not initializing, still gives an initial its period
    assert format_bibliography([book], "chicago") == "Arsdall, Anne van, and Nancy K. Adams. 1979. T.\n"
    assert _apa(book) == ["van Arsdall, A., & Adams, N. K. (1979). T."]


def test_italics_do_not_change_the_sort_order() -> None:
    gary = [{"family": "Westfahl", "given": "Gary"}]
    edited = {
        "id": "w1",
        "type": "book",
        "title": "Space and beyond",
        "editor": gary,
        "issued": {"date-parts": [[2000]]},
    }
    article = {
        "id": "w2",
        "type": "article-journal",
        "title": "The true frontier",
        "author": gary,
        "issued": edited["issued"],
    }
    # Chicago sorts by the title macro, which italicizes the book's title: the italics
    # must not move it after "The True Frontier"
    assert format_bibliography([article, edited], "chicago").splitlines() == [
        "Westfahl, Gary, ed. 2000a. Space and Beyond.",
        "Westfahl, Gary. 2000b. The True Frontier.",
    ]


def test_variables_at_the_start_of_the_note_are_read() -> None:
    from citekit.exporters.csl import note_fields

    assert note_fields({"id": "a", "note": "PMID: 1\nPMCID: PMC2\nSeen."}) == {
        "PMID": "1",
        "PMCID": "PMC2",
        "id": "a",
        "note": "Seen.",
    }
    assert note_fields({"id": "a", "PMID": "9", "note": "PMID: 1"}) == {"id": "a", "PMID": "9"}  # the item's own wins
    for note in ("A remark: with a colon", "author: Thompson", "Nothing here"):
        assert note_fields({"id": "a", "note": note}) == {"id": "a", "note": note}
    article = {"id": "s", "type": "article-journal", "title": "T", "container-title": "J", "note": "PMID: 23439512"}
    assert "PubMed PMID: 23439512." in format_bibliography([article], "vancouver")


def test_run_together_initials_are_initials() -> None:
    """Vancouver lists give "Kosal ME": styles print both initials, not "Kosal, M."."""
    record = {
        "id": "k",
        "type": "article-journal",
        "title": "Example",
        "author": [{"family": "Kosal", "given": "ME"}, {"family": "Roe", "given": "Ann"}],
        "issued": {"date-parts": [[2012]]},
    }
    assert format_bibliography([record], style="apa").startswith("Kosal, M. E., & Roe, A. (2012).")
    assert "Kosal ME, Roe A." in format_bibliography([record], style="vancouver")
