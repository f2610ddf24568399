"""Labelled spans into CSL items (citekit.parsers.refs.fields): the record-stage repairs
and the plain mapping together, as every labeller's reading goes through them."""

from __future__ import annotations

import re

import pytest

from citekit.parsers.refs.fields import build_record, map_fields
from citekit.parsers.refs.ident import find_identifiers
from citekit.parsers.refs.names import parse_names


def test_pages_glued_to_the_volume_become_pages() -> None:
    spans = {
        "author": ["Lind, K."],
        "title": ["Tidal energy."],
        "container-title": ["Ocean Eng,"],
        "volume": ["14(2):974–83"],
    }
    rec = build_record(spans, [], "x")
    assert (rec["volume"], rec["issue"], rec["page"]) == ("14", "2", "974-983")


def test_bracketed_medium_is_the_genre_not_the_title() -> None:
    rec = build_record(
        {"author": ["Lind, K."], "title": ["Tides of the North Sea [Motion picture]."], "date": ["(2005)."]}, [], "x"
    )
    assert rec["title"] == "Tides of the North Sea"
    assert rec["genre"] == "Motion picture"
    kept = build_record({"title": ["A treatise [selections]."]}, [], "x")
    assert kept["title"] == "A treatise [selections]"


def test_edited_book_is_a_title_not_a_container() -> None:
    raw = "Tester, Keith, ed. The Flâneur. London: Routledge, 1994."
    spans = {
        "editor": ["Tester, Keith, ed."],
        "container-title": ["The Flâneur."],
        "location": ["London:"],
        "publisher": ["Routledge,"],
        "date": ["1994."],
    }
    rec = build_record(spans, [], raw)
    assert (rec["title"], rec["editor"][0]["family"], rec["type"]) == ("The Flâneur", "Tester", "book")
    assert "container-title" not in rec
    raw = "Demarais, S., and P. R. Krausman, editors. 2000. Ecology of large mammals. Prentice Hall."
    rec = build_record(
        {"author": ["Demarais, S., and P. R. Krausman,"], "date": ["2000."], "title": ["Ecology of large mammals."]},
        [],
        raw,
    )
    assert [n["family"] for n in rec["editor"]] == ["Demarais", "Krausman"]
    assert "author" not in rec


@pytest.mark.parametrize(
    ("names", "families"),
    [
        ("G. Chittolini-G. Miccoli", ["Chittolini", "Miccoli"]),  # Italian lists join names with hyphens
        ("A. Lombardo-R. Morozzo Della Rocca", ["Lombardo", "Morozzo Della Rocca"]),
        ("J. Hubert-J. Por-cher-W. F. Volbach", ["Hubert", "Por-cher", "Volbach"]),
        ("Jean-Pierre Dupont", ["Dupont"]),  # a hyphen inside a name stays
        ("Lévi-Strauss, C.", ["Lévi-Strauss"]),
        ("Smith-Jones, A. B.", ["Smith-Jones"]),
        ("Brühl C. R., Königs -,", ["Brühl", "Königs"]),  # a dash standing alone is no name
    ],
)
def test_hyphen_joined_name_lists(names: str, families: list[str]) -> None:
    assert [p["family"] for p in parse_names(names)[0]] == families


@pytest.mark.parametrize(
    ("names", "people"),
    [
        ("DARU P. A.", [("P. A.", "Daru")]),  # capitals before dotted initials: the family name
        ("DA MOSTO A.", [("A.", "Da Mosto")]),
        ("LI J.", [("J.", "Li")]),
        # Vancouver in capitals: short family names read like initials, particles too
        ("WANG XY, LI J", [("XY", "Wang"), ("J", "Li")]),
        ("KIM JH", [("JH", "Kim")]),
        ("WANG X Y", [("X Y", "Wang")]),
        ("DE LA CRUZ M, VAN DER BERG JA.", [("M", "De La Cruz"), ("JA", "Van Der Berg")]),
        ("DE LA PAZ M A", [("M A", "De La Paz")]),
        ("JOHN LEE", [("JOHN", "LEE")]),  # initials have no vowel past two letters: given first
        ("J. WANG", [("J.", "Wang")]),
        ("JA SMITH", [("JA", "Smith")]),
        ("casanova g.", [("g", "casanova")]),  # an initial in lower case
        ("piGNATTi t.", [("t", "piGNATTi")]),
        ("Rossi M. A.", [("M. A.", "Rossi")]),
        ("J. R. Smith", [("J. R.", "Smith")]),
        ("JR Smith", [("JR", "Smith")]),
        ("de la Cruz, J.", [("J.", "de la Cruz")]),
        ("Franz, Marie-Luise von", [("Marie-Luise", "von Franz")]),  # a particle after the given name
        ("Beethoven, Ludwig van; Smith, J.", [("Ludwig", "van Beethoven"), ("J.", "Smith")]),
    ],
)
def test_family_names_first(names: str, people: list[tuple[str, str]]) -> None:
    assert [(p.get("given"), p["family"]) for p in parse_names(names)[0]] == people


def test_slashed_names() -> None:
    assert [n["family"] for n in parse_names("Irma Schnell/ Alfred Sander/ Claudia Federolf")[0]] == [
        "Schnell",
        "Sander",
        "Federolf",
    ]


@pytest.mark.parametrize(
    ("names", "people"),
    [
        ("dir. C. Boito", [("C.", "Boito")]),  # Italian: diretto da
        ("a cura di G. Chittolini", [("G.", "Chittolini")]),
        ("a c. di G. Benzoni e M. Pegrari", [("G.", "Benzoni"), ("M.", "Pegrari")]),
        ("curr. F. Valcanover e W. Wolters", [("F.", "Valcanover"), ("W.", "Wolters")]),
        ("hrsg. von K. Müller", [("K.", "Müller")]),
        ("Hg. v. K. Müller", [("K.", "Müller")]),
        ("éd. par J. Dupont", [("J.", "Dupont")]),
        ("ed. J. Goimard", [("J.", "Goimard")]),
        ("ed. e note a cura di A. Caracciolo Aricó", [("A.", "Caracciolo Aricó")]),  # words before the role
        ("catalogo della mostra a cura di M. Zorzi", [("M.", "Zorzi")]),
        ("per cura di R. Cessi", [("R.", "Cessi")]),
        ("edd. A. Lombardo", [("A.", "Lombardo")]),
        ("Menis, a cura di,", [(None, "Menis")]),  # the role after the names
        ("Fabio Benzi (a cura di)", [("Fabio", "Benzi")]),
        ("Rossi a cura di", [(None, "Rossi")]),
        ("E. Bordignon (a cura di -),", [("E.", "Bordignon")]),
        ("Dirks, J.", [("J.", "Dirks")]),  # family names that begin like a role word stay
        ("Curran, P.", [("P.", "Curran")]),
        ("Dir, A.", [("A.", "Dir")]),
        ("Giovanni Da Pozzo (a cura)", [("Giovanni", "Da Pozzo")]),  # the role cut short, in brackets
        ("Chittolini, Molho, Schiera (a c.)", [("Molho", "Chittolini"), (None, "Schiera")]),
        ("R. Polacco (a cu-ra di)", [("R.", "Polacco")]),
        ("G. Cozzi (a. c. d.)", [("G.", "Cozzi")]),
        ("edited and translated by Richard Taylor", [("Richard", "Taylor")]),
        ("(edited by Simon Eliot", [("Simon", "Eliot")]),
        ("dans D. Coulon", [("D.", "Coulon")]),
        ("Dans, Karl", [("Karl", "Dans")]),
        ("F. Schindler, andT. Neupert", [("F.", "Schindler"), ("T.", "Neupert")]),  # "and" glued by PDF extraction
        ("Duh, et al., Proc.", [(None, "Duh")]),  # nothing after "et al." is a name
    ],
)
def test_a_role_word_around_the_names_is_not_a_name(names: str, people: list[tuple[str, str]]) -> None:
    assert [(p.get("given"), p.get("family")) for p in parse_names(names)[0]] == people


@pytest.mark.parametrize(
    ("names", "literal"),
    [
        ("OSCE.", "OSCE"),
        ("WHO", "WHO"),
        ("AA. VV.", "AA. VV."),  # Italian "autori vari": many authors, none named
        ("AA.VV.", "AA.VV."),
        ("VV. AA.", "VV. AA."),  # Spanish
        ("IBM Corp.", "IBM Corp"),
    ],
)
def test_an_acronym_alone_is_a_body(names: str, literal: str) -> None:
    assert parse_names(names)[0] == [{"literal": literal}]


@pytest.mark.parametrize(
    ("raw", "accessed"),
    [
        ("Zugriff am 18. Mai 2009 unter http://www.example.org", [2009, 5, 18]),
        ("letzter Zugriff: 2. März 2007", [2007, 3, 2]),
        ("consultato il 3 marzo 2011", [2011, 3, 3]),
        ("Accessed 3 May 2020.", [2020, 5, 3]),
    ],
)
def test_the_access_date(raw: str, accessed: list[int]) -> None:
    rec = map_fields({"title": ["A page."]}, [], f"A page. {raw}")
    assert rec["accessed"] == {"date-parts": [accessed]}


@pytest.mark.parametrize(
    ("raw", "volume", "issue"),
    [
        ("이영희, '교사의 연구동향,' 교육행정학연구, 제23권, 제4호, pp.29-48, 2005.", "23", "4"),
        ("노상은, '노인 여가 프로그램,' 한국연구, 제26호, pp.111-130, 2018.", None, "26"),
        ("王明. 数据研究[J]. 计算机学报, 2015, 第38卷第5期: 1-10.", "38", "5"),
    ],
)
def test_cjk_volume_and_issue_markers(raw: str, volume: str | None, issue: str | None) -> None:
    marked = re.search(r"제\d+[권호]|第\d+卷", raw)
    rec = build_record({"title": ["x"], "volume": [marked.group(0)] if marked else []}, [], raw)
    assert (rec.get("volume"), rec.get("issue")) == (volume, issue)


def test_dates_glued_to_the_month() -> None:
    rec = build_record(
        {"title": ["Topological insulators"], "volume": ["90,"], "pages": ["p. 085304,"], "date": ["Aug2014 ."]},
        [],
        "x",
    )
    assert rec["issued"] == {"date-parts": [[2014, 8]]}


def test_record_stage_repairs_run_before_the_mapping_only_in_build_record() -> None:
    spans = {"title": ["Tides."], "container-title": ["Journal of Tides, 2019"], "volume": ["3"]}
    assert build_record(spans, [], "x")["issued"] == {"date-parts": [[2019]]}
    mapped = map_fields(spans, [], "x")
    assert "issued" not in mapped and mapped["container-title"] == "Journal of Tides, 2019"
    assert build_record(spans, [], "x", repairs=()) == mapped


def test_mapping_of_every_kind_of_field() -> None:
    raw = (
        "[7] Lind, K., Berg, A., et al. (2019a). Tides of the North Sea [Doctoral dissertation]. "
        "2nd ed. Milano: Einaudi. Mar Eng 12(3), pp. 45-9. https://doi.org/10.1234/tides.2019 arXiv:1901.01234 "
        "Accessed 3 May 2020. Unpublished."
    )
    spans = {
        "citation-number": ["[7]"],
        "author": ["Lind, K., Berg, A., et al."],
        "date": ["(2019a)."],
        "title": ["Tides of the North Sea [Doctoral dissertation]."],
        "edition": ["2nd ed. Milano: Einaudi."],
        "volume": ["12(3),"],
        "pages": ["pp. 45-9."],
        "note": ["Unpublished."],
    }
    rec = map_fields(spans, find_identifiers(raw), raw)
    assert [n["family"] for n in rec["author"]] == ["Lind", "Berg"] and rec["custom"]["et-al"] is True
    assert (rec["title"], rec["genre"], rec["type"]) == ("Tides of the North Sea", "Doctoral dissertation", "thesis")
    assert (rec["issued"], rec["year-suffix"]) == ({"date-parts": [[2019]]}, "a")
    assert (rec["edition"], rec["publisher-place"], rec["publisher"]) == ("2", "Milano", "Einaudi")
    assert (rec["volume"], rec["issue"], rec["page"]) == ("12", "3", "45-49")
    assert rec["DOI"] == "10.1234/tides.2019" and rec["custom"]["identifiers"]["arXiv"] == "1901.01234"
    assert rec["accessed"] == {"date-parts": [[2020, 5, 3]]} and rec["note"] == "Unpublished"
    assert rec["custom"]["citation-number"] == "7" and rec["custom"]["raw"] == raw


@pytest.mark.parametrize(
    ("date", "parts"),
    [
        ("1878-1893.", [[1878], [1893]]),  # a work in several volumes
        ("(1965-66)", [[1965], [1966]]),
        ("1995/96,", [[1995], [1996]]),  # an academic year
        ("1999–2001", [[1999], [2001]]),
        ("1893-1878", [[1893]]),  # not a span: the first year only, as before
        ("1950-1999-2001", [[1950]]),
        ("March 1965-66", [[1965, 3]]),  # more than years: the first date
        ("2019", [[2019]]),
    ],
)
def test_a_span_of_years_is_a_date_range(date: str, parts: list[list[int]]) -> None:
    rec = map_fields({"title": ["Storia di Venezia,"], "date": [date]}, [], "x")
    assert rec["issued"] == {"date-parts": parts}


def test_an_article_number_read_as_a_note_is_the_page() -> None:
    rec = build_record({"title": ["Reflexivity."], "volume": ["4(2),"], "note": ["Art. 24."]}, [], "x")
    assert (rec["volume"], rec["issue"], rec["page"]) == ("4", "2", "24") and "note" not in rec
    kept = build_record({"title": ["Reflexivity."], "pages": ["pp. 3-9"], "note": ["Art. 24."]}, [], "x")
    assert (kept["page"], kept["note"]) == ("3-9", "Art. 24")  # pages found: the note stays


@pytest.mark.parametrize(
    ("spans", "kind"),
    [
        ({"note": ["Ibid.,"], "pages": ["p. 23."]}, "document"),  # a note citing a page: no kind said
        ({"author": ["Smith J."], "title": ["A title."], "volume": ["12:1-9."]}, "article-journal"),
        ({"author": ["Smith J."], "volume": ["12,"], "pages": ["1-9"]}, "article-journal"),
    ],
)
def test_the_kind_of_a_reference_without_a_container(spans: dict[str, list[str]], kind: str) -> None:
    assert build_record(spans, [], "x")["type"] == kind


def test_a_book_page_count_is_not_a_page_range() -> None:
    rec = map_fields({"title": ["Tides."], "publisher": ["Einaudi,"], "pages": ["368 pp."]}, [], "x")
    assert rec["number-of-pages"] == "368" and "page" not in rec and rec["type"] == "book"
