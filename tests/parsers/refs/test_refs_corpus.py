"""The converted sets' labels mapped onto the parser's (citekit.parsers.refs.corpus._conventions)."""

from __future__ import annotations

import pytest

from citekit.parsers.refs.corpus import Example, _conventions

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
    # "n. 109" right after a footnote's page is a note number, not an issue.
    (
        [("Penco,", "author"), ("pp. 744-5,", "pages"), ("n. 548.", "volume")],
        [("Penco,", "author"), ("pp. 744-5,", "pages"), ("n. 548.", "note")],
    ),
]


@pytest.mark.parametrize(("given", "expected"), CASES)
def test_conventions(given: Pieces, expected: Pieces) -> None:
    assert _pieces(_conventions(_example(given))) == expected
