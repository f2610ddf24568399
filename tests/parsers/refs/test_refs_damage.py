"""Damaged copies and note-style forms for training (citekit.parsers.refs.damage)."""

from __future__ import annotations

import random

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
    out = damage.note_forms([record, book], ["Venezia"], 60, random.Random(1))
    assert len(out) == 60
    for ex in out:
        assert " ".join(ex.text.split()) == ex.text
        assert _letters(_labelled(ex, "author")) in (
            "rossimario",
            "mariorossi",
            "rossim",
            "mrossi",
            "bianchianna",
            "abianchi",
            "bianchia",
            "annabianchi",
        )
        if "Storia" in ex.text:
            assert _labelled(ex, "title") == "Storia di Venezia"
            assert _labelled(ex, "location") == "Venezia" and _labelled(ex, "date") == "1901"
        elif _labelled(ex, "title"):
            assert _labelled(ex, "title") == "La città e il mare"
            assert "Archivio Veneto" in _labelled(ex, "container-title")
        else:  # the physics form: no title
            assert _labelled(ex, "volume") == "12" and _labelled(ex, "pages") == "33"
