"""Token features of the reference labeller (citekit.parsers.refs.features)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citekit.parsers.refs.features import token_info


@pytest.mark.parametrize(
    ("token", "role"),
    [
        ("pp.", "R=pp"),
        ("PP.", "R=ppU"),  # capitals: a Vancouver author's initials ("Gontijo Filho PP.") as often as pages
        ("P.", "R=pp"),  # one letter: an initial either way, the feature is the plain role
        ("Vol.", "R=vol"),
        ("sgg.", "R=pp"),
        ("cura", "R=ed"),
        ("cit.", "R=again"),
        ("ebd.", "R=again"),
        ("Aufl.", "R=edition"),
    ],
)
def test_role_feature(token: str, role: str) -> None:
    feats = token_info(token).feats
    assert role in feats
    assert [f for f in feats if f.startswith("R=")] == [role]


def test_again_words_do_not_end_a_sentence() -> None:
    assert not token_info("cit.").ends_sentence
    assert token_info("città.").ends_sentence


@pytest.mark.parametrize(
    ("token", "ends"),
    [
        ("crater.", True),
        ("(abstract).", True),  # the full stop after a bracket still ends the title's sentence
        ("Sloppy”.", True),
        ("Sloppy.”", True),
        ("enough?”", True),
        ("crater,", False),
        ("(1988)", False),
        ("J.", False),  # an initial
        ("(eds.)", False),  # an abbreviated role word, bracketed
        ("Vol.", False),
    ],
)
def test_sentence_ends(token: str, ends: bool) -> None:
    assert token_info(token).ends_sentence is ends


@pytest.mark.parametrize(
    ("tokens", "opening"),
    [
        (["G.", "Rossi,", "La", "città,", "Venezia", "1988."], "I.|C,|C"),
        (["Rossi,", "G.", "(1988)", "La", "città."], "C,|I.|Y)"),
        (["[12]", "ROSSI", "G.,", "La", "città."], "U|I.|C"),  # the citation number is skipped
    ],
)
def test_opening_feature(tokens: list[str], opening: str) -> None:
    """Every token carries the reference's opening (classes and punctuation of its first
    three tokens) with its own class and punctuation: how the names are written."""
    from citekit.parsers.refs.features import sequence_features

    feats = sequence_features(tokens)
    own = [next(f for f in fs if f.startswith("op=")) for fs in feats]
    assert all(f.startswith(f"op={opening}|") for f in own)
    assert own[1] != own[2]  # each token's own class and punctuation follow


def test_neighbours_dictionary_classes(tmp_path: Path) -> None:
    """A token sees the dictionary classes of the words beside it: the word after a known
    given name is likely the family name, the word before a known place the publisher's."""
    from citekit.parsers.refs import features

    lexicon = tmp_path / "refs_lexicon.json"
    lexicon.write_text(json.dumps({"given": ["egidio"], "place": ["bologna"]}), encoding="utf-8")
    features.use_lexicon(lexicon)
    try:
        feats = features.sequence_features(["Egidio", "Ivetic,", "Le", "guerre,", "Bologna,", "2006."])
    finally:
        features.use_lexicon(None)
    assert "D=given" in feats[0] and "-1D=given" in feats[1] and "-1D=given" not in feats[2]
    assert "+1D=place" in feats[3] and "-1D=place" in feats[5]
    assert not any(f.startswith(("-1D=", "+1D=")) for f in feats[2])
