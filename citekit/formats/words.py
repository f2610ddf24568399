"""Function words of titles: articles, conjunctions and prepositions (English, French,
German, Spanish) that tell nothing about which work a title names.

One core list, which each use extends with the words its own rule also skips: record ids
(:mod:`citekit.record`), citation keys (:mod:`citekit.exporters.keys`), abbreviated
journal names (:mod:`citekit.resolve.match`) and index queries
(:mod:`citekit.resolve.index.store`).
"""

from __future__ import annotations

__all__ = ["FUNCTION_WORDS"]

FUNCTION_WORDS = frozenset(
    {"a", "an", "and", "at", "by", "das", "de", "der", "die", "for", "from", "in", "la", "le", "of", "on", "the",
     "to", "with"}
)
