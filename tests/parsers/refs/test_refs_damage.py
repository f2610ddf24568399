"""Damaged copies and note-style forms for training (citekit.parsers.refs.damage)."""

from __future__ import annotations

import random
import re

import pytest

from citekit.parsers.refs import damage
from citekit.parsers.refs.corpus import Example

TEXT = "Rossi, Mario. La città e il mare veneziano. Archivio Veneto, 12, 1988, 33-45."
PIECES = (
    ("Rossi, Mario.", "author"),
    ("La città e il mare veneziano.", "title"),
    ("Archivio Veneto,", "container-title"),
    ("12", "volume"),
    ("1988", "date"),
)
SPANS = [(TEXT.index(p), TEXT.index(p) + len(p), label) for p, label in PIECES]
EXAMPLE = Example("test", TEXT, SPANS)


def _labelled(ex: Example, label: str) -> str:
    return " ".join(ex.text[a:b] for a, b, lab in ex.spans if lab == label)


def _letters(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalpha())


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("_names_case", lambda ex: _letters(_labelled(ex, "author")) == "rossimario"),
        ("_pdf_spacing", lambda ex: _letters(ex.text) == _letters(TEXT)),
        ("_hyphen_break", lambda ex: "-" in _labelled(ex, "title") + _labelled(ex, "container-title")),
        ("_script", lambda ex: _labelled(ex, "volume").startswith("12") and "Rossi" not in ex.text),
        ("_footnote", lambda ex: ex.text.endswith(TEXT) and _labelled(ex, "title") == "La città e il mare veneziano."),
    ],
)
def test_damage_keeps_labels(name: str, check: object) -> None:
    fn = getattr(damage, name)
    for seed in range(20):
        ex = damage._example(fn(damage._chars(EXAMPLE), random.Random(seed)), "t")
        assert ex is not None
        assert " ".join(ex.text.split()) == ex.text  # spans index folded text
        assert callable(check) and check(ex), (name, seed, ex.text, ex.spans)


def test_damaged_copies_are_reproducible() -> None:
    first = damage.damaged_copies([EXAMPLE], 30, random.Random(5))
    again = damage.damaged_copies([EXAMPLE], 30, random.Random(5))
    assert [e.text for e in first] == [e.text for e in again]
    assert len({e.text for e in first}) > 5  # varied
    assert all(_labelled(e, "volume") == "12" or "12" in e.text for e in first)


_NAMES = (
    "rossimario", "mariorossi", "rossim", "mrossi", "rossi", "bianchi", "bianchianna", "abianchi", "bianchia",
    "annabianchi",
)
_AGAIN = ("id", "ead", "idem", "ders", "dies")


def test_note_forms() -> None:
    record = {
        "author": [{"family": "Rossi", "given": "Mario"}],
        "title": "La città e il mare",
        "container-title": "Archivio Veneto",
        "volume": "12",
        "page": "33-45",
        "issued": {"date-parts": [[1988]]},
    }
    book = {
        "author": [{"family": "Bianchi", "given": "Anna"}],
        "title": "Storia di Venezia",
        "issued": {"date-parts": [[1901]]},
    }
    out = damage.note_forms([record, book], ["Venezia"], 200, random.Random(1))
    assert len(out) > 150
    shapes = set()
    authors = set()
    for ex in out:
        assert " ".join(ex.text.split()) == ex.text
        author = _letters(_labelled(ex, "author"))
        authors.add(author)
        # "Id.", "Ders." stand for the previous note's author: a note, as every annotated set tags them.
        assert author in _NAMES or (not author and _letters(ex.text.split()[0]) in _AGAIN)
        assert _letters(ex.text.split()[0]) not in _AGAIN or _letters(_labelled(ex, "note")).startswith(_AGAIN)
        title, editor = _labelled(ex, "title"), _labelled(ex, "editor")
        if editor:  # a chapter: the other record's title is the book, its author the editor
            shapes.add("chapter")
            assert title.strip("«»“”") in ("La città e il mare", "Storia di Venezia")
            assert _labelled(ex, "container-title").removeprefix("In: ").removeprefix("in ").removeprefix(
                "In "
            ).removeprefix("in: ").removeprefix("dans ") in ("La città e il mare", "Storia di Venezia")
            assert any(n in _letters(editor) for n in ("rossi", "bianchi"))
            assert _labelled(ex, "pages")
        elif _labelled(ex, "note") or title.endswith(("...", "…")) or not (title or _labelled(ex, "container-title")):
            shapes.add("short")  # a short form: a title's first words, "cit." or a year, then a page
            assert ("La città e il mare".startswith(title.rstrip(".… ")) or "Storia di Venezia".startswith(
                title.rstrip(".… ")
            ))
            assert _labelled(ex, "pages")
        elif "Storia" in ex.text:
            assert title == "Storia di Venezia"
            assert _labelled(ex, "location") == "Venezia" and _labelled(ex, "date") == "1901"
        elif title:
            assert title == "La città e il mare"
            assert "Archivio Veneto" in _labelled(ex, "container-title")
        else:  # the physics form: no title
            assert _labelled(ex, "volume") == "12" and _labelled(ex, "pages") == "33"
    assert shapes == {"chapter", "short"}
    assert "mariorossi" in authors  # a given name written out before the family name: "Mario Rossi, La città"


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        # an editor before the book, marked as Italian, German, French or English notes mark it
        (r"in .*Bianchi.* \(a cura di\)", "editor"),
        (r"In: .*Bianchi.* \(Hrsg\.\)", "editor"),
        (r"a cura di .*Bianchi.*", "editor"),
        # the pages of a note and a short form's "cit."
        (r"S\. 33 f\.", "pages"),
        (r"p\. 33 sgg\.", "pages"),
        (r"cit\.", "note"),
    ],
)
def test_note_forms_label_the_humanities_markers(text: str, labels: str) -> None:
    record = {
        "author": [{"family": "Rossi", "given": "Mario"}],
        "title": "La città e il mare",
        "page": "33",
        "issued": {"date-parts": [[1988]]},
    }
    book = {"author": [{"family": "Bianchi", "given": "Anna"}], "title": "Storia di Venezia"}
    found = [
        ex
        for ex in damage.note_forms([record, book], ["Venezia"], 3000, random.Random(2))
        if any(re.fullmatch(text, ex.text[a:b]) and lab == labels for a, b, lab in ex.spans)
    ]
    assert found, text


def test_short_form_of_an_author_without_family_name() -> None:
    record = {"author": [{"family": "", "given": ""}], "title": "", "issued": {"date-parts": [[1990]]}}
    years = 0
    for seed in range(200):  # a year (in brackets or not) after no name at all: no index error
        ex = damage._short_form(record, random.Random(seed))
        years += ex is not None and "1990" in ex.text
    assert years


def test_note_forms_number_a_journal_volume_in_roman_numerals_too() -> None:
    record = {
        "author": [{"family": "Rossi", "given": "Mario"}],
        "title": "La città e il mare",
        "container-title": "Archivio Veneto",
        "volume": "36",
        "issued": {"date-parts": [[1988]]},
    }
    volumes = {
        _labelled(ex, "volume")
        for ex in damage.note_forms([record], ["Venezia"], 400, random.Random(3))
        if _labelled(ex, "container-title")
    }
    assert {"36", "XXXVI", "xxxvi"} <= volumes  # «Archivio Veneto», XXXVI (1988)
