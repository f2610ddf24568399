"""The title of a scraped page that has no author line to hang it on.

Lines above the first anchor (the dated events, the abstract, the "Citation:" line) are
scored on the shape of a title: a few to a few dozen words, capitalised, no sentence
ending, not a menu entry; printed twice (breadcrumb and heading) counts for it.
"""

from __future__ import annotations

import re

from citekit.names import fold
from citekit.parsers.text.lines import (
    ABSTRACT_LABEL,
    AUTHORS_LABEL,
    CITATION_LABEL,
    COPYRIGHT,
    CORRESPONDING_LABEL,
    KEYWORDS_LABEL,
)

__all__ = ["best_title", "title_score"]

_MENU = re.compile(
    r"^(?:home|menu|search|log\s*in|sign\s*(?:in|up)|register|skip\b|you are here|main navigation|toggle|close|"
    r"current issue|archives?|about(?: us| the journal)?|contact(?: us)?|editorial board|for authors|for reviewers|"
    r"submit|subscribe|open access|issues?|articles?|journals?|browse|help|cart|my account|download|pdf|share|cite|"
    r"print|email|twitter|facebook|linkedin|figures?|tables?|references|metrics|permissions|cookies?|search\s+for|"
    r"add\s+to|sign\s+up|view\s+(?:all|more|article|pdf)|show\s+(?:more|all)|more\s+(?:by|from|like)|terms\s+and|"
    r"privacy|back\s+to|return\s+to|go\s+to|jump\s+to|request\s+|get\s+(?:access|rights)|buy\s+|purchase|"
    r"recommended|related|similar|this\s+article|article\s+(?:metrics|information|tools))\b",
    re.IGNORECASE,
)


_UI = re.compile(
    r"^(?:skip\s+to\s|search\s+for|add\s+to|sign\s+up|view\s|save\s|show\s+(?:more|all)|more\s+(?:by|from|like)|terms\s+and|"
    r"privacy|back\s+to|return\s+to|go\s+to|jump\s+to|request\s|get\s+(?:access|rights)|buy\s|purchase|recommended|"
    r"related|similar|this\s+article|article\s+(?:metrics|information|tools)|access\s+(?:provided|through|via)|"
    r"provided\s+by|institutional\s+access|log\s*in\s+(?:to|via|through)|download\s|subscribe\s)",
    re.IGNORECASE,
)


_UPPER = re.compile(r"[A-ZÀ-ÖØ-Þ]")
_LETTER = re.compile(r"[^\W\d_]")


_DROP_LOWER = str.maketrans("", "", "abcdefghijklmnopqrstuvwxyz")
_ASCII_UPPER = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ASCII_LOWER = b"abcdefghijklmnopqrstuvwxyz"
_INITIAL_END = re.compile(r"\b[A-Z]\.$|\betc\.$")
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")
_NUMBERING = re.compile(r"\b(?:vol(?:ume)?\.?|issue|pp\.)\s*\d", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_LABELS = (ABSTRACT_LABEL, AUTHORS_LABEL, CITATION_LABEL, COPYRIGHT, CORRESPONDING_LABEL, KEYWORDS_LABEL)
# The labels as one pattern (a line matches it when it matches one of them): one match
# per line, not six. Each label is case-blind and anchored at the start.
_ANY_LABEL = re.compile(
    "|".join(f"(?:{label.pattern.replace('(?P<rest>', '(?:')})" for label in _LABELS), re.IGNORECASE
)
# What those labels may open with: the first letters of their words in either case, the
# letters a case-blind match takes for them (dotted and dotless i, long s, the kelvin
# sign), the copyright sign and bracket, the corresponding author's marks; and spaces.
LABEL_FIRST = frozenset("abchikmprstwzABCHIKMPRSTWZ\u0130\u0131\u017f\u212a©(*\u2020#")


def title_score(line: str) -> float:
    """How much ``line`` looks like an article title (negative: not at all)."""
    if not 12 <= len(line) <= 350:
        return -1.0
    words = line.split()
    if not 3 <= len(words) <= 45 or _not_a_title(line, len(words)):
        return -1.0
    return _shape_score(line, words)


def _not_a_title(line: str, count: int) -> bool:
    """Lines that cannot be titles: addresses, lower-case starts, labelled lines, menus."""
    # Cheap tests before the patterns (this runs on every line of a page).
    if "@" in line or "http" in line or "www." in line:
        return True
    if not (line[0].isupper() or line[0].isdigit() or line[0] in "\"'“‘(["):
        return True
    if (line[0] in LABEL_FIRST or line[0].isspace()) and _ANY_LABEL.match(line):
        return True
    if _UI.match(line) or _WIDGET.search(line):
        return True
    return bool((_MENU.match(line) and count < 6) or _glued_menu(line))


# A control's label: what a button does to a part of the page ("Author links open
# overlay panel", "Close the navigation drawer").
_WIDGET = re.compile(
    r"\b(?:open|close|toggle)\s+(?:the\s+)?(?:overlay|panel|menu|popup|pop-up|modal|dialog|sidebar|drawer|navigation)"
    r"(?:\s+(?:panel|menu|drawer))?$",
    re.IGNORECASE,
)


# Where two entries of a menu meet when their markup is gone: a lower-case letter and a
# capital with no space between ("Skip to main contentSkip to article", "RegisterSign in").
_GLUE = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _glued_menu(line: str) -> bool:
    """A run of menu entries printed without separators: every piece a menu entry (the
    first looked at alone first: most lines have no such joint, or a title's word there)."""
    joint = _GLUE.search(line)
    if joint is None or not _entry(line[: joint.start()]):
        return False
    return all(_entry(piece) for piece in _GLUE.split(line[joint.start():]))


def _entry(piece: str) -> bool:
    return bool(_MENU.match(piece) or _UI.match(piece))


def _shape_score(line: str, words: list[str]) -> float:
    """The title score of a line that may be one: its length in words, less for sentence
    punctuation, numbering, separators and capitals, more for title case."""
    score = min(len(words), 14) / 2
    if line.endswith((".", ";", ",")) and not _INITIAL_END.search(line[-6:]):
        score -= 4
    # A sentence break needs its punctuation (most titles hold none).
    sentences = len(_SENTENCE_BREAK.findall(line)) if ("." in line or "!" in line or "?" in line) else 0
    score -= 3 * sentences
    lowered = line.lower()
    if ("vol" in lowered or "issue" in lowered or "pp." in lowered) and _NUMBERING.search(line):
        score -= 5
    if len(words) < 6 and _YEAR.search(line):
        score -= 2
    if "|" in line or " » " in line or " > " in line:
        score -= 4
    if line.isascii():  # counted by deleting bytes (the patterns' classes are A-Z, a-z there)
        raw = line.encode("ascii")
        upper = len(raw) - len(raw.translate(None, _ASCII_UPPER))
        if upper > 6:
            lower = len(raw) - len(raw.translate(None, _ASCII_LOWER))
            if 3 * lower <= 2 * upper and upper > 0.6 * (upper + lower):
                score -= 4
    else:
        upper = len(_UPPER.findall(line))
        # Lower-case ASCII letters alone may already outnumber the capitals enough (the
        # letter count, a slow pattern, is then not needed).
        if (
            upper > 6 and 3 * (len(line) - len(line.translate(_DROP_LOWER))) <= 2 * upper
            and upper > 0.6 * len(_LETTER.findall(line))
        ):
            score -= 4  # "RETURN TO ARTICLES", menu bars in capitals
    capitalised = len([w for w in words if w[:1].isupper()])
    if capitalised == len(words) and len(words) > 3:
        score += 1
    return score


def best_title(lines: list[str], start: int, end: int, skip: set[int]) -> str | None:
    """The most title-like line in ``lines[start:end]`` (``skip`` excluded), or ``None``."""
    counts: dict[str, int] = {}
    for index in range(start, end):
        if lines[index]:
            key = fold(lines[index])
            counts[key] = counts.get(key, 0) + 1
    best: tuple[float, int] | None = None
    for index in range(start, end):
        line = lines[index]
        if not line or index in skip:
            continue
        score = title_score(line)
        if score <= 0:
            continue
        if counts.get(fold(line), 0) > 1:
            score += 3
        score -= index * 0.01
        if best is None or score > best[0]:
            best = (score, index)
    return lines[best[1]] if best else None
