"""Function words of titles: articles, conjunctions and prepositions (English, French,
German, Spanish) that tell nothing about which work a title names.

One core list, which each use extends with the words its own rule also skips: record ids
(:mod:`citekit.record`), citation keys (:mod:`citekit.exporters.keys`), abbreviated
journal names (:mod:`citekit.resolve.match`) and index queries
(:mod:`citekit.resolve.index.store`). :func:`abbreviates` tells an abbreviated name from
the name it abbreviates (journal names in matching and on scraped pages).
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["FUNCTION_WORDS", "abbreviates"]

FUNCTION_WORDS = frozenset(
    {"a", "an", "and", "at", "by", "das", "de", "der", "die", "for", "from", "in", "la", "le", "of", "on", "the",
     "to", "with"}
)


def abbreviates(short: Sequence[str], full: Sequence[str], skip: frozenset[str] = FUNCTION_WORDS) -> bool:
    """True when the words of ``short`` abbreviate the words of ``full`` one for one, the
    words in ``skip`` left out of both: each opens with the same letter and keeps its
    letters in the order the full word has them ("j med imaging" and "journal of medical
    imaging", "phys rev x" and "physical review x"). Words are compared as given (fold
    them first for a case-blind test).
    """
    a = [w for w in short if w not in skip]
    b = [w for w in full if w not in skip]
    if not a or len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if x[0] != y[0]:
            return False
        letters = iter(y)
        if not all(ch in letters for ch in x):  # the letters of x appear in order in y
            return False
    return True
