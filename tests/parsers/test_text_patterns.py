"""The scraped-text parser's patterns written for speed find what their plain forms find:
word guards skip only text that cannot match, and patterns reordered to open with a
literal match the same spans."""

from __future__ import annotations

import random
import re

import pytest

from citekit.parsers.text import classify, lines, reflist
from citekit.parsers.text.authors import _ET_AL, AFFILIATION, parse_author_line
from citekit.parsers.text.header import _JOURNAL_WORDS

SAMPLES = [
    "Department of Radiology, Ibn Sina University Hospital, Rabat, Morocco",
    "Dept. of Physics",
    "Dept.of Physics",
    "Universität Wien",
    "UNIVERSITÉ DE LYON",
    "Hôpital Necker",
    "Facultad de Medicina",
    "Instituto de Física",
    "Acme Inc.",
    "Acme Inc.x",
    "Unit2 of the departments",
    "Boston, USA",
    "Boston,USA2",
    "Tokyo , Japan",
    "A Survey of Sea Ice",
    "Journal of Example Oceans",
    "JOURNAL2 of nothing",
    "Annals of Science",
    "Reviews in Clinical Imaging",
    "the data set is available at",
    "Supplementary material:",
    "the datasets underlying this article",
    "Source code",
    "",
    "Ann Roe, Bo Lee",
]


def _span(match: re.Match[str] | None) -> tuple[int, int] | None:
    return match.span() if match else None


def _mutations(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(0, 3)):
        at = rng.randrange(len(chars) + 1)
        chars.insert(at, rng.choice(" ,.;-_1éİſK"))
    return "".join(chars)


@pytest.mark.parametrize("guard", [AFFILIATION, _JOURNAL_WORDS, lines._DATA_GUARD])
def test_a_word_guard_finds_what_its_pattern_finds(guard: lines.WordGuard) -> None:
    rng = random.Random(7)
    texts = SAMPLES + [_mutations(rng, text) for text in SAMPLES for _ in range(40)]
    assert any(guard.pattern.search(text) for text in texts)  # the samples exercise the pattern
    for text in texts:
        assert _span(guard.search(text)) == _span(guard.pattern.search(text)), text


def test_a_word_guard_passes_over_ascii_text_without_its_words() -> None:
    class Counting:
        calls = 0

        def search(self, text: str) -> None:
            Counting.calls += 1

    guard = lines.WordGuard(Counting(), ("unit",))  # type: ignore[arg-type]
    guard.search("community units")
    assert Counting.calls == 0
    guard.search("the unit, again")
    guard.search("l’unité")  # not ASCII: always searched
    assert Counting.calls == 2


def test_patterns_opening_with_a_literal_match_as_their_plain_forms() -> None:
    plain = {
        classify._YEAR: re.compile(r"\b(?:1[6-9]|20)\d\d\b"),
        classify._COUNTRY: re.compile(
            r"(?<=[^\W\d_]),\s*(?:usa|uk|morocco|france|germany|china|india|japan|italy|spain|brazil|canada)\b"
        ),
        _ET_AL: re.compile(r"\bet\s+al\.?\s*$"),
    }
    rng = random.Random(11)
    alphabet = ["1", "2", "0", "6", "9", "a", "é", "_", " ", ",", "usa", "uk", "et", "al", ".", "x"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(3000)]
    texts += ["in 1999.", "x1999", "2019x", "boston, usa", "12, uk", "Kim et al.", "Bet al", "et  al . "]
    for fast, slow in plain.items():
        for text in texts:
            assert _span(fast.search(text)) == _span(slow.search(text)), (fast.pattern, text)


def test_an_et_al_closing_a_byline_is_still_dropped() -> None:
    found = parse_author_line("Ann Roe, Bo Lee et al.", labelled=True)
    assert [a.name.get("family") for a in found] == ["Roe", "Lee"]


def test_decorations_are_cut_from_the_end_of_an_entry_only() -> None:
    entry = "Kim C. Mixing in the abyss. J Ex Oceans. 2001;1:1-9. doi:10.1/x.9 PubMed Google Scholar"
    assert reflist.strip_noise(entry) == "Kim C. Mixing in the abyss. J Ex Oceans. 2001;1:1-9. doi:10.1/x.9"
    assert reflist.strip_noise("Roe A. A review article.") == "Roe A. A review article."
    assert reflist.strip_noise("Roe A. Tides. 2001. Crossref | PubMed ") == "Roe A. Tides. 2001."


def test_the_licence_is_read_where_it_is_named() -> None:
    page = ["Copyright © 2024 Roe. This is an open-access article under the Creative Commons Attribution License."]
    assert lines.find_license(page, 0, 1) == "Creative Commons Attribution License"
    assert lines.find_license(["Distributed under a CC BY 4.0 licence, see cc-by.org"], 0, 1) == "CC BY 4.0"


LABEL_LINES = [
    "Abstract", "Abstract: We measured tides.", "SUMMARY.", "Résumé —", "Authors: Ann Roe, Bo Lee", "By: Ann Roe",
    "Author(s): Roe A", "Citation: Roe A (2020) Tides.", "How to cite this article: Roe A.", "Copyright 2020",
    "© 2020 The authors", "(c) 2020 Roe", "*Corresponding author: Ann Roe", "Correspondence to: Ann Roe",
    "Keywords: tides; slopes", "Key words", "Index Terms—mixing", "Palabras clave: mareas",
]


@pytest.mark.parametrize("line", [*LABEL_LINES, "Tidal Mixing over Rough Slopes", "By contrast the tides", "Citations"])
def test_the_labels_as_one_pattern_match_where_one_of_them_does(line: str) -> None:
    from citekit.parsers.text.title import _ANY_LABEL, _LABELS, title_score

    assert bool(_ANY_LABEL.match(line)) == any(label.match(line) for label in _LABELS)
    if line in LABEL_LINES:
        assert _ANY_LABEL.match(line) and title_score(line) < 0
