"""Repairs at the title/container boundary: where the title ends and the journal or book begins.

A title that runs into the journal after a year or an abbreviation ("... products Int. |
J. Mod. Phys. B"), into "In <book>", or across GOST's "//"; a container that holds the
title too, or that is a publisher. Every function here is one entry of
:data:`citekit.parsers.refs.repairs.REPAIRS`: ``(spans, text) -> spans``.
"""

from __future__ import annotations

import re

from citekit.parsers.refs.features import load_lexicon
from citekit.parsers.refs.kinds import BOOK_IN_HEAD
from citekit.parsers.refs.spans import Spans, drop_empty

__all__ = [
    "abbreviation_tail",
    "acronym_ends_title",
    "container_publisher",
    "gost_slashes",
    "journal_head",
    "quoted_journal",
    "split_in",
    "title_in_container",
    "year_ended_title",
]

_TITLE_YEAR_END = re.compile(r"^(?P<title>.{8,}?[\s,:]\(?(?:1[5-9]|20)\d\d\)?)\.\s+(?P<tail>[A-ZÀ-Þ][^.]*?[.,]?)$")


def _into_container(spans: Spans, title: str, moved: str) -> Spans:
    """The first title becomes ``title`` and ``moved`` opens the first container."""
    titles, containers = spans["title"], spans["container-title"]
    return {**spans, "title": [title, *titles[1:]], "container-title": [f"{moved} {containers[0]}", *containers[1:]]}


def _title_meets_container(spans: Spans, text: str) -> bool:
    """True when the first title runs straight into the first container in ``text``."""
    titles, containers = spans.get("title") or [], spans.get("container-title") or []
    return bool(titles and containers) and f"{titles[0]} {containers[0]}" in text


def year_ended_title(spans: Spans, text: str) -> Spans:
    """A title ending in a year ("Cancer statistics, 2020.") that ran on into the journal
    ("CA Cancer" + "J Clin"): the words after the year's full stop go back to the journal."""
    titles = spans.get("title")
    match = _TITLE_YEAR_END.match(titles[0]) if titles else None
    if not match or len(match.group("tail").split()) > 5 or not _title_meets_container(spans, text):
        return spans
    return _into_container(spans, match.group("title"), match.group("tail"))


# Words that open an abbreviated journal name and never end a title ("... fusion products Int. | J. Mod. Phys. B").
_JOURNAL_OPENERS = frozenset(
    [
        "int.", "j.", "j", "proc.", "ann.", "rev.", "phys.", "nucl.", "eur.", "am.", "trans.", "bull.", "acta", "z.",
        "mod.", "lett.", "adv.", "astron.", "astrophys.", "chem.", "biol.", "mon.",
    ]
)


def abbreviation_tail(spans: Spans, text: str) -> Spans:
    """The first abbreviation of a journal name left at the end of the title."""
    titles = spans.get("title")
    if not titles or not spans.get("container-title"):
        return spans
    words = titles[0].split()
    if len(words) < 3 or words[-1].lower() not in _JOURNAL_OPENERS or not _title_meets_container(spans, text):
        return spans
    return _into_container(spans, " ".join(words[:-1]), words[-1])


_ABBREV = re.compile(r"^(?:[A-Z][a-z]{0,5}|[A-Z]{2,4})\.$")


def journal_head(spans: Spans, text: str) -> Spans:
    """Move abbreviated journal words ("Int. J.") from the end of the title to the journal."""
    titles = spans.get("title")
    if not titles or not spans.get("container-title"):
        return spans
    words = titles[0].split()
    cut = len(words)
    while cut > 3 and _ABBREV.match(words[cut - 1]):
        cut -= 1
    if cut == len(words) or not _title_meets_container(spans, text):
        return spans
    if not re.search(r"[.,:;?!\"”]$", words[cut - 1]):
        return spans  # the title must end before the abbreviations
    return _into_container(spans, " ".join(words[:cut]), " ".join(words[cut:]))


_ACRONYM_END = re.compile(r"^[A-Z]{2,5}\.$")


def acronym_ends_title(spans: Spans, text: str) -> Spans:
    """"... on Cone-Beam | CT. J Ex Otolaryngol Images": a title that stops without
    punctuation right before a journal opening with a capitalised acronym and a full stop,
    two words or more after it: the acronym and its full stop end the title."""
    titles, containers = spans.get("title"), spans.get("container-title")
    if not titles or not containers or not _title_meets_container(spans, text):
        return spans
    words = containers[0].split()
    if len(words) < 3 or not _ACRONYM_END.match(words[0]) or re.search(r"[.,:;?!\"”»)]$", titles[0].rstrip()):
        return spans
    return {
        **spans,
        "title": [f"{titles[0].rstrip()} {words[0]}", *titles[1:]],
        "container-title": [" ".join(words[1:]), *containers[1:]],
    }


def gost_slashes(spans: Spans, text: str) -> Spans:
    """GOST "Title // Journal": the "//" separates the title from the journal (whatever the
    model read as the journal goes to the note)."""
    titles = spans.get("title")
    if not titles or " // " not in titles[0]:
        return spans
    head, _, tail = titles[0].partition(" // ")
    out = {**spans, "title": [head, *titles[1:]], "container-title": [tail]}
    if spans.get("container-title"):
        out["note"] = [*spans.get("note", []), *spans["container-title"]]  # what the model took for the journal
    return out


def title_in_container(spans: Spans, text: str) -> Spans:
    """A container read with no title before it ("Title of the paper. Journal"): cut at its
    first full stop when the part before is long enough to be a title rather than an
    abbreviation (four words, or six letters of an unspaced script)."""
    containers = spans.get("container-title")
    if not containers or spans.get("title"):
        return spans
    stop = re.search(r"[.。]\s*(?=\S)", containers[0])
    if not stop:
        return spans
    head = containers[0][: stop.start()]
    long_words = len(head.split()) >= 4
    long_script = len(head) >= 6 and not head.isascii() and " " not in head.strip()
    if not (long_words or long_script):
        return spans
    return {**spans, "title": [head], "container-title": [containers[0][stop.end() :], *containers[1:]]}


# ". In: Proceedings...", ", in Novels": the word that opens the containing work.
_IN_CONTAINER = re.compile(
    r"(?<=[.,;])\s+(?:In|in|IN|Dans|dans|Im)\s*:?\s+(?=[A-Z0-9À-Þ\"“«])(?!(?:Vitro|Vivo|Situ|Silico|Press)\b)"
)


def split_in(spans: Spans, text: str) -> Spans:
    """A title that runs on into "In <book or proceedings>" when no container was found:
    the words after "In" are the container."""
    titles = spans.get("title")
    if not titles or spans.get("container-title"):
        return spans
    match = _IN_CONTAINER.search(titles[0])
    if not match or len(titles[0][: match.start()].split()) < 2:
        return spans
    tail = titles[0][match.end() :].strip()
    if len(tail) < 3:
        return spans
    return {**spans, "title": [titles[0][: match.start()], *titles[1:]], "container-title": [tail]}


_QUOTED_JOURNAL = re.compile(r",\s+(?=«[^«»]{3,}»|“[^“”]{3,}”)")


def quoted_journal(spans: Spans, text: str) -> Spans:
    """"La Dominazione dei Carrarese su Verona, «Vita Veronese», 8 (1955)": a title that
    runs on, after a comma, into a name in guillemets or curly quotes, when no container
    was found: the quoted name and what follows it in the span are the container (the
    Italian and French way of quoting a journal). Three words at least stay the title."""
    titles = spans.get("title")
    if not titles or spans.get("container-title"):
        return spans
    match = _QUOTED_JOURNAL.search(titles[0])
    if not match or len(titles[0][: match.start()].split()) < 3:  # "Vladyslav Verstiuk, “Novyi etap”": names
        return spans
    return {
        **spans,
        "title": [titles[0][: match.start() + 1], *titles[1:]],
        "container-title": [titles[0][match.end() :].strip()],
    }


_PUBLISHER_END = re.compile(
    r"\b(?:press|publishers?|publishing|publications|verlag|éditions|editions|editora|editorial|books|inc|ltd)\.?[,.;]?$",
    re.IGNORECASE,
)
_CONFERENCE_WORD = re.compile(
    r"\b(?:proc|proceedings|conference|symposium|workshop|congress|journal|review|annals)\b", re.IGNORECASE
)


def _could_be_publisher(spans: Spans) -> bool:
    """A short container of a book with authors or editors: no numbers, no conference word."""
    containers = spans["container-title"]
    if any(spans.get(label) for label in ("volume", "issue", "pages")) or not spans.get("title"):
        return False
    if BOOK_IN_HEAD.match(containers[0]) or len(containers[0].split()) > 3 or _CONFERENCE_WORD.search(containers[0]):
        return False
    return not (spans.get("editor") is None and spans.get("author") is None)


def container_publisher(spans: Spans, text: str) -> Spans:
    """A publisher read as the container of a book (no volume, issue or pages): "SIAM |
    Publications," (glued to a publisher span), "Gallimard," (words of the lexicon's
    "publisher" class)."""
    containers = spans.get("container-title")
    if not containers or not _could_be_publisher(spans):
        return spans
    value = containers[0]
    words = [w.strip(",.;:()").lower() for w in value.split()]
    publishers = spans.get("publisher") or []
    glued = bool(publishers) and f"{value} {publishers[0]}" in text and len(words) == 1
    glued = glued and bool(_PUBLISHER_END.search(publishers[0]))
    publisher_words = load_lexicon().get("publisher", frozenset())
    lexical = not publishers and words and all(w in publisher_words for w in words if len(w) > 2)
    if not (glued or lexical):
        return spans
    merged = [f"{value} {publishers[0]}", *publishers[1:]] if glued else [value, *publishers]
    return drop_empty({**spans, "container-title": containers[1:], "publisher": merged})
