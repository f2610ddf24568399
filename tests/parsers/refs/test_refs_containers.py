"""Repairs at the title/container boundary (citekit.parsers.refs.containers), one table row each."""

from __future__ import annotations

import pytest

from citekit.parsers.refs.containers import (
    abbreviation_tail,
    acronym_ends_title,
    container_publisher,
    gost_slashes,
    journal_head,
    quoted_journal,
    split_in,
    title_in_container,
    year_ended_title,
)
from tests.parsers.refs.cases import UNCHANGED, Case, check, params

CASES = [
    # A title stopping unpunctuated before "CT. J Ex ...": the acronym ends the title.
    Case(
        acronym_ends_title,
        {"title": ["Ligament Calcification on Cone-Beam"], "container-title": ["CT. J Ex Otolaryngol Images"]},
        {"title": ["Ligament Calcification on Cone-Beam CT."], "container-title": ["J Ex Otolaryngol Images"]},
    ),
    Case(acronym_ends_title, {"title": ["Trial results."], "container-title": ["BMJ. Br Med J"]}, UNCHANGED),
    Case(acronym_ends_title, {"title": ["Trial results"], "container-title": ["BMJ. 2010"]}, UNCHANGED),
    Case(acronym_ends_title, {"title": ["Trial results"], "container-title": ["Ann. Intern Med"]}, UNCHANGED),
    # A title running on, after a comma, into a journal in guillemets or curly quotes.
    Case(
        quoted_journal,
        {"title": ["La Dominazione dei Carrarese, «Vita Veronese»,"], "volume": ["8"]},
        {"title": ["La Dominazione dei Carrarese,"], "volume": ["8"], "container-title": ["«Vita Veronese»,"]},
    ),
    Case(
        quoted_journal,
        {"title": ["Note sulla laguna di Venezia, “Ateneo Veneto” n. s."]},
        {"title": ["Note sulla laguna di Venezia,"], "container-title": ["“Ateneo Veneto” n. s."]},
    ),
    Case(quoted_journal, {"title": ["Vladyslav Verstiuk, “Novyi etap revoliutsii”"]}, UNCHANGED),  # names
    Case(quoted_journal, {"title": ["La chiesa di San Martino «De Geminis» in Venezia"]}, UNCHANGED),  # no comma
    Case(quoted_journal, {"title": ["Le relazioni, «Il Veltro»"], "container-title": ["Studi"]}, UNCHANGED),
    # A title ending in a year does not swallow the start of the journal.
    Case(
        year_ended_title,
        {"author": ["Siegel RL."], "title": ["Cancer statistics, 2019. CA Cancer"], "container-title": ["J Clin"]},
        {"author": ["Siegel RL."], "title": ["Cancer statistics, 2019"], "container-title": ["CA Cancer J Clin"]},
    ),
    Case(year_ended_title, {"title": ["Cancer statistics, 2019. CA Cancer"]}, UNCHANGED),
    Case(
        year_ended_title,
        {"title": ["Cancer statistics, 2019. CA Cancer"], "container-title": ["J Clin"]},
        UNCHANGED,
        text="Cancer statistics, 2019. CA Cancer. J Clin",
    ),
    # Abbreviated journal words left at the end of the title.
    Case(
        abbreviation_tail,
        {"title": ["Quasi-rational fusion products Int."], "container-title": ["J. Mod. Phys. B"]},
        {"title": ["Quasi-rational fusion products"], "container-title": ["Int. J. Mod. Phys. B"]},
        text="Nahm W 1994 Quasi-rational fusion products Int. J. Mod. Phys. B 08 3693-702",
    ),
    Case(abbreviation_tail, {"title": ["Tides of the sea"], "container-title": ["J. Mar. Eng."]}, UNCHANGED),
    Case(
        journal_head,
        {"title": ["Tidal energy in northern waters. Int. J."], "container-title": ["Mar. Eng."]},
        {"title": ["Tidal energy in northern waters."], "container-title": ["Int. J. Mar. Eng."]},
    ),
    # The title must end (with punctuation) before the abbreviations.
    Case(journal_head, {"title": ["Tidal energy in North Sea Int. J."], "container-title": ["Mar. Eng."]}, UNCHANGED),
    # GOST "Title // Journal".
    Case(
        gost_slashes,
        {
            "author": ["Лебедев А. В."],
            "title": ["Теория графов // Математический сборник."],
            "container-title": ["Т. 12."],
        },
        {
            "author": ["Лебедев А. В."],
            "title": ["Теория графов"],
            "container-title": ["Математический сборник."],
            "note": ["Т. 12."],
        },
    ),
    Case(
        gost_slashes,
        {"title": ["Теория графов // Математический сборник."]},
        {"title": ["Теория графов"], "container-title": ["Математический сборник."]},
    ),
    Case(gost_slashes, {"title": ["Теория графов."], "container-title": ["Математический сборник."]}, UNCHANGED),
    # A container that holds the title too.
    Case(
        title_in_container,
        {"author": ["田中太郎"], "date": ["(2015)."], "container-title": ["日本の都市計画の歴史. 都市計画論文集,"]},
        {
            "author": ["田中太郎"],
            "date": ["(2015)."],
            "title": ["日本の都市計画の歴史"],
            "container-title": ["都市計画論文集,"],
        },
    ),
    Case(
        title_in_container,
        {"container-title": ["A study of tides in the sea. Mar Eng"]},
        {"title": ["A study of tides in the sea"], "container-title": ["Mar Eng"]},
    ),
    Case(title_in_container, {"container-title": ["J. Mar. Eng."]}, UNCHANGED),
    Case(
        title_in_container,
        {"title": ["Tides."], "container-title": ["A study of tides in the sea. Mar Eng"]},
        UNCHANGED,
    ),
    # "In <book>" inside the title when no container was found ("In Vitro" is part of a title).
    Case(
        split_in,
        {"author": ["Henry James,"], "title": ["The Europeans, in Novels, 1871–1880"]},
        {"author": ["Henry James,"], "title": ["The Europeans,"], "container-title": ["Novels, 1871–1880"]},
    ),
    Case(split_in, {"author": ["Lind, K."], "title": ["Cell growth. In Vitro studies of yeast"]}, UNCHANGED),
    Case(split_in, {"title": ["The Europeans, in Novels"], "container-title": ["Library of America"]}, UNCHANGED),
    # A publisher read as the container of a book: glued to a publisher span, or lexicon words.
    Case(
        container_publisher,
        {
            "editor": ["M. C. Ferris (editors)."],
            "title": ["Complementarity problems."],
            "container-title": ["SIAM"],
            "publisher": ["Publications,"],
        },
        {
            "editor": ["M. C. Ferris (editors)."],
            "title": ["Complementarity problems."],
            "publisher": ["SIAM Publications,"],
        },
        text="M. C. Ferris (editors). Complementarity problems. SIAM Publications, 1997.",
    ),
    Case(
        container_publisher,
        {"author": ["Lind, K."], "title": ["Tides."], "container-title": ["Gallimard,"]},
        {"author": ["Lind, K."], "title": ["Tides."], "publisher": ["Gallimard,"]},
    ),
    Case(
        container_publisher,
        {
            "author": ["Lind, K."],
            "title": ["Tides."],
            "container-title": ["Proceedings of the Sea Workshop"],
            "publisher": ["Press,"],
        },
        UNCHANGED,
    ),
    Case(
        container_publisher,
        {"author": ["Lind, K."], "title": ["Tides."], "container-title": ["Gallimard,"], "volume": ["3"]},
        UNCHANGED,
    ),
    Case(container_publisher, {"title": ["Tides."], "container-title": ["Gallimard,"]}, UNCHANGED),
]


@pytest.mark.parametrize("case", params(CASES))
def test_containers_repair(case: Case) -> None:
    check(case)
