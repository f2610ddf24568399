"""Tokens of a reference string, with their character offsets.

Tokens are whitespace-separated words, cut further where one word holds several
fields ("13(2):100-9" → "13", "(2):", "100-9"; "2009;37" → "2009;", "37";
"Smith,J." → "Smith,", "J."; "(pp.137-162)" → "(pp.", "137-162)"). Punctuation stays
glued to its word, because whether a word ends with "," or "." is the strongest clue to
where a field ends. URLs and DOIs are never cut.
"""

from __future__ import annotations

import re

__all__ = ["tokenize"]

_WORD = re.compile(r"\S+")
_PROTECTED = re.compile(r"^(?:https?://|ftp://|www\.|doi:|10\.\d{4,9}/|<https?://|arxiv:)", re.IGNORECASE)
# Zero-width cut points inside one whitespace-separated word.
_CUT = re.compile(
    r"(?<=[\w\])])(?=\()"  # 13(2)  Smith(2001)
    r"|(?<=[:;,])(?=[\w(\[\"“])"  # 56:538  2009;37  Smith,J.
    r"|(?<=[)\]])(?=[\w\[(])"  # (2)100  [1]Smith
    r"|(?<=[a-z]\.)(?=[A-Z][a-z]{2})"  # Nat.Med
    r"|(?<=[.,;:])(?=[\"“])"  # ."Title
    r"|(?<=[A-Za-z]\.)(?=\d)"  # pp.137-162  Jg.20  Vol.3
)


def tokenize(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the tokens of ``text``, left to right.

    :param text: one reference string.
    :returns: token spans; ``text[start:end]`` is the token.
    """
    out: list[tuple[int, int]] = []
    for m in _WORD.finditer(text):
        word = m.group(0)
        start = m.start()
        if len(word) < 3 or _PROTECTED.match(word) or ("/" in word and "://" in word):
            out.append((start, m.end()))
            continue
        prev = 0
        for cut in _CUT.finditer(word):
            pos = cut.start()
            if pos > prev:
                out.append((start + prev, start + pos))
                prev = pos
        out.append((start + prev, m.end()))
    return out
