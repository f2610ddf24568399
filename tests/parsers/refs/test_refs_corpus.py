"""The converted sets' labels mapped onto the parser's (citekit.parsers.refs.corpus._conventions, _series)."""

from __future__ import annotations

import pytest

from citekit.parsers.refs.corpus import Example, _conventions, _linkedbooks, _series, _title_parts

Pieces = list[tuple[str, str]]  # (text, label); label "" for unlabelled glue


def _example(pieces: Pieces) -> Example:
    text, spans = "", []
    for piece, label in pieces:
        if text:
            text += " "
        if label:
            spans.append((len(text), len(text) + len(piece), label))
        text += piece
    return Example("linkedbooks", text, spans)


def _pieces(ex: Example) -> Pieces:
    return [(ex.text[a:b], label) for a, b, label in ex.spans]


CASES: list[tuple[Pieces, Pieces]] = [
    # EXCITE splits an edition into a number (volume or issue) and a note.
    (
        [("Innovation.", "title"), ("2.", "issue"), ("Aufl.", "note"), ("Bonn:", "location")],
        [("Innovation.", "title"), ("2. Aufl.", "edition"), ("Bonn:", "location")],
    ),
    (
        [("Surveys.", "title"), ("2nd", "volume"), ("ed.", "note"), ("New York:", "location")],
        [("Surveys.", "title"), ("2nd ed.", "edition"), ("New York:", "location")],
    ),
    (
        [("Gruppen,", "title"), ("2.", "issue"), ("Auflage, Bern u.a.,", "note")],
        [("Gruppen,", "title"), ("2. Auflage,", "edition"), ("Bern u.a.,", "note")],
    ),
    ([("Dizionario,", "title"), ("2a edizione,", "note")], [("Dizionario,", "title"), ("2a edizione,", "edition")]),
    # A volume that is a number and then a word other than an edition stays.
    (
        [("Gruppen,", "title"), ("2.", "volume"), ("Teil,", "note")],
        [("Gruppen,", "title"), ("2.", "volume"), ("Teil,", "note")],
    ),
    # LinkedBooks' "publication number-year": a day or month inside the volume is the date.
    (
        [("«Piccolo Teatro»,", "container-title"), ("a. II, n. 3, gennaio", "volume"), ("1979.", "date")],
        [("«Piccolo Teatro»,", "container-title"), ("a. II, n. 3,", "volume"), ("gennaio 1979.", "date")],
    ),
    (
        [("«Mercure»,", "container-title"), ("15 novembre", "volume"), ("1925,", "date")],
        [("«Mercure»,", "container-title"), ("15 novembre 1925,", "date")],
    ),
    (
        [("«Annales»,", "container-title"), ("n. 3,", "volume")],
        [("«Annales»,", "container-title"), ("n. 3,", "volume")],
    ),
    # "vol. 48" left as a note; a genre left as a note.
    (
        [("«Design»,", "container-title"), ("voi. 48,", "note")],
        [("«Design»,", "container-title"), ("voi. 48,", "volume")],
    ),
    (
        [("Governo del bosco,", "title"), ("Tesi di laurea,", "note"), ("Padova", "location")],
        [("Governo del bosco,", "title"), ("Tesi di laurea,", "genre"), ("Padova", "location")],
    ),
    (
        [("Symbol.", "title"), ("Unpublished Ph.D. Dissertation. University of Chicago.", "note")],
        [("Symbol.", "title"), ("Unpublished Ph.D. Dissertation.", "genre"), ("University of Chicago.", "note")],
    ),
    ([("Paper presented at the ENHR Conference,", "note")], [("Paper presented at the ENHR Conference,", "note")]),
    # A report or paper series with its number is the genre, the body issuing it the publisher.
    (
        [("Credit.", "title"), ("(NBER Working Paper No.", "container-title"), ("10063)", "volume")],
        [("Credit.", "title"), ("(NBER Working Paper No. 10063)", "genre")],
    ),
    (
        [("Exist?", "title"), ("Discussion Paper", "container-title"), ("95/5,", "volume"),
         ("Max Planck Institute for the Study of Societies,", "editor"), ("Köln.", "location")],
        [("Exist?", "title"), ("Discussion Paper 95/5,", "genre"),
         ("Max Planck Institute for the Study of Societies,", "publisher"), ("Köln.", "location")],
    ),
    (
        [("Policy.", "title"), ("Arbeitspapier", "genre"), ("4,", "volume"),
         ("Zentrum für Sozialpolitik,", "container-title"), ("Bremen", "location")],
        [("Policy.", "title"), ("Arbeitspapier 4,", "genre"), ("Zentrum für Sozialpolitik,", "publisher"),
         ("Bremen", "location")],
    ),
    (
        [("Networks”,", "title"), ("Wissenschaftszentrum Berlin,", "editor"),
         ("Discussion Paper FS IV 02-32.", "container-title")],
        [("Networks”,", "title"), ("Wissenschaftszentrum Berlin,", "publisher"),
         ("Discussion Paper FS IV 02-32.", "genre")],
    ),
    (
        [("Africa", "title"), ("(Working Paper No. 214). Centre for Development Studies.", "note")],
        [("Africa", "title"), ("(Working Paper No. 214).", "genre"), ("Centre for Development Studies.", "publisher")],
    ),
    # GROBID's report number (a note) joins the genre.
    (
        [("Taxonomy.", "title"), ("Technical Report", "genre"), ("CAIP-TR-125,", "note"),
         ("Rutgers University,", "publisher")],
        [("Taxonomy.", "title"), ("Technical Report CAIP-TR-125,", "genre"), ("Rutgers University,", "publisher")],
    ),
    # A journal whose name ends in "Papers" has pages; a series without a number stays a container.
    (
        [("Fall.", "title"), ("Deep-Sea Research Part I: Oceanographic Research Papers,", "container-title"),
         ("45(9):", "volume"), ("1555-1573.", "pages")],
        [("Fall.", "title"), ("Deep-Sea Research Part I: Oceanographic Research Papers,", "container-title"),
         ("45(9):", "volume"), ("1555-1573.", "pages")],
    ),
    (
        [("Engine.", "title"), ("SAE Technical Paper Series.", "container-title")],
        [("Engine.", "title"), ("SAE Technical Paper Series.", "container-title")],
    ),
    # A collection of working papers named as such is a container; so is one cited "in:".
    (
        [("Rules,", "title"), ("MIT Working Papers in Linguistics", "container-title"), ("40,", "volume")],
        [("Rules,", "title"), ("MIT Working Papers in Linguistics", "container-title"), ("40,", "volume")],
    ),
    (
        [("Arbeitsmarkt", "title"), ("in: WIP Occasional Paper", "container-title"), ("4:", "volume")],
        [("Arbeitsmarkt", "title"), ("in: WIP Occasional Paper", "container-title"), ("4:", "volume")],
    ),
    # "n. 109" right after a footnote's page is a note number, not an issue.
    (
        [("Penco,", "author"), ("pp. 744-5,", "pages"), ("n. 548.", "volume")],
        [("Penco,", "author"), ("pp. 744-5,", "pages"), ("n. 548.", "note")],
    ),
]


EXCITE_CASES: list[tuple[Pieces, Pieces]] = [
    # "84(1)," is a volume and an issue, one token holding two tags in the source.
    (
        [("Statistics,", "container-title"), ("84(1),", "volume"), ("116-130.", "pages")],
        [("Statistics,", "container-title"), ("84", "volume"), ("(1),", "issue"), ("116-130.", "pages")],
    ),
    (
        [("Research,", "container-title"), ("XXII(2),", "volume")],
        [("Research,", "container-title"), ("XXII", "volume"), ("(2),", "issue")],
    ),
    (
        [("Politik", "container-title"), ("2000 (13.", "volume")],
        [("Politik", "container-title"), ("2000 (13.", "volume")],
    ),
    # "2009;46(8):1071-8." tagged as pages is a year, a volume, an issue and the pages.
    (
        [("Stud.", "container-title"), ("2009;46(8):1071-8.", "pages")],
        [("Stud.", "container-title"), ("2009;", "date"), ("46", "volume"), ("(8):", "issue"), ("1071-8.", "pages")],
    ),
    (
        [("Policy", "container-title"), ("11", "volume"), ("(6):1096 -111.", "pages")],
        [("Policy", "container-title"), ("11", "volume"), ("(6):", "issue"), ("1096 -111.", "pages")],
    ),
    (
        [("Politik,", "container-title"), ("S. 12-14.", "pages")],
        [("Politik,", "container-title"), ("S. 12-14.", "pages")],
    ),
]


@pytest.mark.parametrize(("given", "expected"), EXCITE_CASES)
def test_excite_glued_issue(given: Pieces, expected: Pieces) -> None:
    ex = _example(given)
    ex.source = "excite-en"
    assert _pieces(_conventions(ex)) == expected


@pytest.mark.parametrize(("given", "expected"), CASES)
def test_conventions(given: Pieces, expected: Pieces) -> None:
    ex = _conventions(_example(given))
    ex.spans = _series(ex.text, ex.spans)  # as load_all does, for every set
    assert _pieces(ex) == expected


PLACES = frozenset({"Roma", "Firenze", "Bergamo"})
TITLES: list[tuple[str, Pieces]] = [
    # ", in <title>": the book or journal the piece is in.
    (
        "Gli ospedali, in Difesa della sanità a Venezia,",
        [("Gli ospedali,", "title"), ("in Difesa della sanità a Venezia,", "container-title")],
    ),
    (
        "Andrea Querini, in “Rivista di Storia del Diritto italiano”,",
        [("Andrea Querini,", "title"), ("in “Rivista di Storia del Diritto italiano”,", "container-title")],
    ),
    # A quoted title, then the journal.
    (
        "«Vecchie mura», Ateneo veneto.",
        [("«Vecchie mura»,", "title"), ("Ateneo veneto.", "container-title")],
    ),
    # The place at the end, after a comma, in the title or the container.
    ("Il sale e la fortuna di Venezia, Roma,", [("Il sale e la fortuna di Venezia,", "title"), ("Roma,", "location")]),
    (
        "Oriente e Occidente, in La civiltà veneziana, Firenze",
        [("Oriente e Occidente,", "title"), ("in La civiltà veneziana,", "container-title"), ("Firenze", "location")],
    ),
    # "p." before the pages, "cit." after a short title.
    ("Opera..., p.", [("Opera...", "title"), ("p.", "pages")]),
    ("Il Capitolare..., cit.,", [("Il Capitolare...", "title"), ("cit.,", "note")]),
    ("op. cit.,", [("op. cit.,", "note")]),
    # Left alone: a place word that is not the last piece, "in" without a comma, a word
    # the set never tags as a place, inner quotes.
    ("Roma e Venezia nel Seicento,", [("Roma e Venezia nel Seicento,", "title")]),
    ("La chiesa di San Martino in Venezia.", [("La chiesa di San Martino in Venezia.", "title")]),
    ("Daniele Manin, Rivoluzione", [("Daniele Manin, Rivoluzione", "title")]),
    ("I «teologi» minori dell’Interdetto,", [("I «teologi» minori dell’Interdetto,", "title")]),
]


@pytest.mark.parametrize(("title", "expected"), TITLES)
def test_linkedbooks_title_parts(title: str, expected: Pieces) -> None:
    text = f"{title} 1990."
    parts = _title_parts(text, 0, len(title), "title", PLACES)
    assert [(text[a:b], label) for a, b, label in parts] == expected


def test_linkedbooks_places_come_from_the_set_and_pages_join() -> None:
    located = [_example([("Storia,", "title"), ("Roma", "location"), ("1990.", "date")]) for _ in range(3)]
    cut = _example([("Contarini,", "author"), ("Opera..., Roma, p.", "title"), ("403.", "pages")])
    once = _example([("Vita, Asolo", "title"), ("1990.", "date")])
    out = _linkedbooks([*located, cut, once])
    expected = [("Contarini,", "author"), ("Opera...,", "title"), ("Roma", "location"), ("p. 403.", "pages")]
    assert _pieces(out[3]) == expected
    assert _pieces(out[4]) == [("Vita, Asolo", "title"), ("1990.", "date")]  # a place seen once: left alone
