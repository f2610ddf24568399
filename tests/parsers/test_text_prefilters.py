"""The one-character tests the scraped-text parser runs before its label patterns must
never skip a line a pattern would take."""

from __future__ import annotations

import re

from citekit.parsers.text import selfcite
from citekit.parsers.text.lines import CITATION_LABEL, find_license
from citekit.parsers.text.selfcite import _BIBTEX_START, _LONE_LABEL, _OPENINGS, citation_line

_LABELS = (
    "Citation: Doe J (2020) A title. J Test 1: 2-3.",
    "Cite this article: Doe J. A title.",
    "How to cite: Doe J. A title.",
    "To cite this article: Doe J. A title.",
    "Please cite this article as: Doe J. A title.",
    "Recommended citation: Doe J. A title.",
    "Citar como: Doe J. A title.",
    "Zitierweise: Doe J. A title.",
    "Suggested citation",
    "Copy citation",
    "Cite (ACL):",
    "Citer",
    "Zitieren",
    "@article{doe2020,",
    "  @misc{doe2020,",
)


def test_every_label_opens_with_an_allowed_character() -> None:
    for text in _LABELS:
        for variant in (text, text.upper(), text.lower(), text.swapcase()):
            hit = CITATION_LABEL.match(variant) or _LONE_LABEL.match(variant) or _BIBTEX_START.match(variant)
            assert hit, variant
            assert variant[0] in _OPENINGS or variant[0].isspace(), variant


def test_no_other_character_matches_the_labels_first_letters_case_blind() -> None:
    letters = re.compile(r"(?i)[chtprzs@]")
    for code in range(0x110000):
        char = chr(code)
        if letters.match(char):
            assert char in _OPENINGS, hex(code)


def test_long_s_label_still_read() -> None:
    # "ſ" matches "s" case-blind: a label spelt with it is still a label.
    lines = ["ſuggested citation", "Doe, J. (2020). A long enough title of a work. Journal of Tests, 1, 2-3."]
    assert selfcite._LONE_LABEL.match(lines[0])
    assert lines[0][0] in _OPENINGS


def test_citation_line_and_license_found() -> None:
    lines = ["Menu", "", "Citation: Doe J (2020) A title. J Test 1: 2-3.", "", "© 2020 Doe. CC BY 4.0"]
    assert citation_line(lines, len(lines)) == ("Doe J (2020) A title. J Test 1: 2-3.", 2)
    assert find_license(lines, 0, len(lines)) == "CC BY 4.0"
    assert find_license(["Creative Commons Attribution License"], 0, 1) == "Creative Commons Attribution License"
    assert find_license(["no licence here", "CREATIVE COMMONS ATTRIBUTION"], 0, 2) == "CREATIVE COMMONS ATTRIBUTION"


def test_keywords_and_abstract_openings_cover_the_case_blind_letters() -> None:
    from citekit.parsers.text.lines import ABSTRACT_FIRST, ABSTRACT_LABEL, KEYWORDS_FIRST, KEYWORDS_LABEL

    keywords, abstract = re.compile(r"(?i)[kimps]"), re.compile(r"(?i)[asrz]")
    for code in range(0x110000):
        char = chr(code)
        if keywords.match(char):
            assert char in KEYWORDS_FIRST, hex(code)
        if abstract.match(char):
            assert char in ABSTRACT_FIRST, hex(code)
    labels = (
        "Keywords: a; b",
        "Key words: a",
        "Index terms: a",
        "Mots-clés: a",
        "Palabras clave: a",
        "Palavras-chave: a",
        "Schlüsselwörter: a",
        "Schlagwörter: a",
        "Parole chiave: a",
    )
    for text in labels:
        for variant in (text, text.upper(), text.lower()):
            assert KEYWORDS_LABEL.match(variant) and variant[0] in KEYWORDS_FIRST, variant
    for text in ("Abstract", "Summary:", "Résumé", "Resumen", "Resumo", "Zusammenfassung", "Riassunto"):
        for variant in (text, text.upper(), text.lower()):
            assert ABSTRACT_LABEL.match(variant) and variant[0] in ABSTRACT_FIRST, variant


def test_joiners_stripped_as_the_pattern_strips_them() -> None:
    import itertools

    from citekit.parsers.text.byline import _JOINERS, _strip_joiners

    pieces = ["", " ", ",", "·", "&", "and", "AND", "And ", "x", "Smith", "\n", "\u3000", "band", "J. Doe"]
    for parts in itertools.product(pieces, repeat=3):
        text = "".join(parts)
        assert _strip_joiners(text) == _JOINERS.sub("", text), repr(text)


def test_title_label_openings_cover_the_case_blind_letters() -> None:
    from citekit.parsers.text.lines import AUTHORS_LABEL, COPYRIGHT, CORRESPONDING_LABEL
    from citekit.parsers.text.title import LABEL_FIRST

    letters = re.compile(r"(?i)[abchikmprstwz]")
    for code in range(0x110000):
        char = chr(code)
        if letters.match(char):
            assert char in LABEL_FIRST, hex(code)
    examples = {
        AUTHORS_LABEL: (
            "Author(s): J. Doe",
            "Authors: J. Doe",
            "By: J. Doe",
            "Written by: J. Doe",
            "Auteurs: J. Doe",
            "Autores: J. Doe",
            "Autoren: J. Doe",
        ),
        COPYRIGHT: ("Copyright 2020", "© 2020", "(c) 2020"),
        CORRESPONDING_LABEL: (
            "Corresponding author: J. Doe",
            "*Correspondence: J. Doe",
            "† Correspondence to: x",
            "# Address for correspondence: x",
            "Address reprint requests to: x",
            "Auteur correspondant: x",
            "Autor para correspondencia: x",
        ),
    }
    for pattern, texts in examples.items():
        for text in texts:
            for variant in (text, text.upper(), text.lower()):
                assert pattern.match(variant) and variant[0] in LABEL_FIRST, variant


def test_reference_heading_openings_cover_the_case_blind_letters() -> None:
    from citekit.parsers.text.reflist import _HEADING_FIRST, HEADING, _may_head

    letters = re.compile(r"(?i)[ivxrblwcnсл参]")
    for code in range(0x110000):
        char = chr(code)
        if letters.match(char):
            assert char in _HEADING_FIRST, hex(code)
    headings = (
        "References",
        "2. References",
        "IV. Bibliography",
        "Literature cited",
        "Works cited",
        "Cited literature",
        "Notes and references",
        "Références",
        "Literaturverzeichnis",
        "Referencias",
        "Bibliografía",
        "Referências",
        "Riferimenti",
        "Список литературы",
        "Литература",
        "参考文献",
        "١. References",
    )
    for text in headings:
        for variant in (text, text.upper(), text.lower(), "  " + text):
            if HEADING.match(variant.strip()):
                assert _may_head(variant), variant
    assert not _may_head("Figures") and not _may_head("")


def test_prepare_folds_every_kind_of_whitespace() -> None:
    import random

    from citekit.parsers.text.lines import prepare

    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace() and chr(c) not in "\n\r"]
    assert all(not c.isprintable() for c in spaces if c != " ")
    rng = random.Random(7)
    alphabet = ["a", "b", "\u00ad", *spaces]
    for _ in range(3000):
        line = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        folded = prepare(line)[0]
        assert folded == " ".join(line.replace("\u00a0", " ").split()), repr(line)


def test_anchor_label_openings_cover_the_case_blind_letters() -> None:
    from citekit.parsers.text.lines import (
        CITATION_FIRST,
        COPYRIGHT,
        COPYRIGHT_FIRST,
        CORRESPONDING_FIRST,
        CORRESPONDING_LABEL,
    )

    for pattern, first in (("chtprz", CITATION_FIRST), ("c", COPYRIGHT_FIRST), ("ac", CORRESPONDING_FIRST)):
        letters = re.compile(rf"(?i)[{pattern}]")
        for code in range(0x110000):
            char = chr(code)
            if letters.match(char):
                assert char in first, hex(code)
    for text in ("Copyright 2020", "© 2020 x", "(c) 2020 x"):
        for variant in (text, text.upper(), text.lower()):
            assert COPYRIGHT.match(variant) and variant[0] in COPYRIGHT_FIRST, variant
    for text in (
        "Corresponding author: x",
        "*Correspondence: x",
        "\u2020Correspondence to: x",
        "#Address for correspondence: x",
        "Auteur correspondant: x",
        "Autor para correspondencia: x",
    ):
        for variant in (text, text.upper(), text.lower()):
            assert CORRESPONDING_LABEL.match(variant) and variant[0] in CORRESPONDING_FIRST, variant
    for text in _LABELS[:8]:
        for variant in (text, text.upper(), text.lower()):
            assert CITATION_LABEL.match(variant) and variant[0] in CITATION_FIRST, variant


def test_event_hints_are_those_the_case_blind_pattern_finds() -> None:
    import random

    from citekit.parsers.text.lines import _EVENT_HINT, _HINT_LITERALS, _hinted

    pieces = [*_HINT_LITERALS, "e", "pre", "re", "-", " ", "\n", "1", "Ä", "ü", ":", "REVIEW", "Publi", "x"]
    pieces += ["epublished", "republished", "reviewer", "prepublication", "firstly", "datesubmitted"]
    rng = random.Random(7)
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        lines = text.split("\n")
        expected = [
            (index, [m.start() for m in _EVENT_HINT.finditer(line)])
            for index, line in enumerate(lines)
            if _EVENT_HINT.search(line)
        ]
        assert _hinted(lines, 0, len(lines)) == expected, text
