"""Chinese and Japanese references: full-width punctuation and unspaced segments.

Chinese and Japanese references are often written with full-width punctuation
("田中太郎，山田花子．日本の高齢化社会．社会学評論，2016，67(2)：120-135．") and, even in
ASCII punctuation, with no spaces inside names and titles, which the labeller (trained
mostly on spaced scripts) reads as one long field. :func:`fold_width` turns the
punctuation into its ASCII form before labelling, and :func:`mostly_han_kana` sends
such strings to the rule-based reader, which cuts "authors. title. journal, year,
volume(issue): pages." at its full stops as GB/T 7714 and JIS layouts write it.
"""

from __future__ import annotations

import re

__all__ = ["HAN_KANA", "fold_width", "mostly_han_kana"]

HAN_KANA = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_WIDE = re.compile(r"[\uff01-\uff5e\u3000\u3001\u3002]")
_WIDTH = str.maketrans(
    {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " ", "\u3001": ",", "\u3002": "."}
)
# After folding, a separator glued to the next word gets its space back ("花子.日本").
_GLUED = re.compile(r"([.,;:])(?=[^\s\d.,;:)\]])")


def fold_width(text: str) -> str:
    """``text`` with full-width ASCII forms, the ideographic space, comma and full stop
    in their ASCII form, and spaces after separators; unchanged without such characters."""
    if not _WIDE.search(text):
        return text
    return " ".join(_GLUED.sub(r"\1 ", text.translate(_WIDTH)).split())


def mostly_han_kana(text: str) -> bool:
    """True when Chinese characters and kana make up most of the letters of ``text``
    (names and titles written without spaces between words)."""
    letters = sum(1 for c in text if c.isalpha())
    return letters > 0 and len(HAN_KANA.findall(text)) * 2 > letters
