"""Deterministic repairs of the labeller's output at the author/title boundary.

The model decides token by token; a few mistakes are easy to see once the whole
reading is known: a name list the model never saw the like of (lower-case, non-Latin)
read as the start of the title, or the last names of a list ("..., and A. Morzenti.")
pushed into the title. These rules move such text back to the authors when the layout
leaves no doubt, and never touch anything else.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .heuristic import _namey
from .ident import Ident
from .names import is_initial

__all__ = ["repair"]

Rules = Callable[[str], tuple[dict[str, list[str]], list[Ident]]]
_OPEN_LIST = re.compile(r"(?:,|\band|&|\bund|\bet|\b[A-ZÀ-Þ]\.?(?:-[A-ZÀ-Þ]\.?)?)\s*$")


def _leading_names(title: str) -> str:
    """The prefix of ``title`` that is plainly the end of a name list, or ""."""
    for m in re.finditer(r"\.\s+(?=\S)|\s+(?=[\"“])|,\s*(?=[\"“])", title):
        prefix = title[: m.start()].strip()
        words = prefix.split()
        last = words[-1].strip(",;") if words else ""
        if not words or (is_initial(last + ".") and len(last) <= 2):
            continue  # "J." inside the names: look further
        if len(words) > 12 or not _namey(prefix) or not all(w[:1].isupper() or w in ("and", "&", "und", "et", "de", "van", "von", "der") for w in words):
            return ""
        return title[: m.start() + (1 if m.group(0).startswith(".") else 0)]
    return ""


def repair(text: str, chunks: dict[str, list[str]], rules: Rules) -> dict[str, list[str]]:
    """``chunks`` with the author/title boundary repaired where the layout is plain.

    :param text: the reference string.
    :param chunks: the model's labelled spans.
    :param rules: the rule-based labeller (consulted only when the model found no names).
    :returns: the repaired spans (``chunks`` itself when nothing changes).
    """
    titles = chunks.get("title")
    if not titles:
        return chunks
    title = titles[0]
    authors = chunks.get("author")
    if not authors and not chunks.get("editor"):
        names = (rules(text)[0].get("author") or [""])[0].strip()
        if names and title.startswith(names) and len(title) > len(names) + 3:
            return {**chunks, "author": [names], "title": [title[len(names) :], *titles[1:]]}
        return chunks
    if not authors:
        return chunks
    last_author = authors[-1]
    joined = f"{last_author} {title}"
    if joined not in text or not _OPEN_LIST.search(last_author):
        return chunks
    moved = _leading_names(title)
    if not moved or len(title) - len(moved) < 8:
        return chunks
    return {**chunks, "author": [*authors[:-1], f"{last_author} {moved}"], "title": [title[len(moved) :].lstrip(), *titles[1:]]}
