"""Title and authors of scraped pages that print no "Author(s):" label.

Pages saved as text keep their headline and byline but lose the markup that said which
was which, and keep the site's menus around them. What survives is shape and position:
the title is a heading-like line, often printed twice (breadcrumb, heading, "cite this"
box), and the authors follow it at once, one name per line or as a list, with markers
and separators ("," "&" "and") left over from the byline's markup. A citation the page
prints ("Cite this article", "How to cite", an embedded BibTeX entry) states title,
authors and year outright, and is used to pick the right line and to fill gaps.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources

from citekit.names import fold
from citekit.parsers.text.authors import AFFILIATION as _AFFILIATION
from citekit.parsers.text.authors import GROUP_NAME, Author, parse_author_line
from citekit.parsers.text.classify import MAX_LINES
from citekit.parsers.text.lines import (
    ABSTRACT_FIRST,
    ABSTRACT_LABEL,
    COPYRIGHT,
    KEYWORDS_LABEL,
    OTHER_WORKS_HEADING,
    is_prose,
)
from citekit.parsers.text.title import title_score

__all__ = ["Byline", "Prior", "authors_after", "choose_byline", "known_name", "single_name", "title_bonus"]

Prior = Mapping[int, Mapping[str, float]]
"""What the line model (:mod:`citekit.parsers.text.classify`) says of each line near the
top of the page: ``{line index: {label: probability}}``."""
Asker = Callable[[set[int], dict[int, float]], Prior]
"""Asks the line model about some lines (its cost grows with the lines asked), given the
title scores of the lines already scored (by line index: not scored twice)."""
# The lines around each title candidate the line model is asked about: those before it
# and after it (where its byline is). Lines near no candidate (menu words, paragraphs)
# are not described.
_BEFORE, _AFTER = 2, 6
# What a candidate loses for standing further down the page (at its end: all of it).
_POSITION = 12

# How far the line model moves a candidate title (the shape scores run from 0 to about
# 20, the byline under a title adds up to 10), and how sure it must be of a name line the
# shape rules did not take.
TITLE_WEIGHT = 10.0
AUTHOR_SURE = 0.6


def title_bonus(prior: Prior | None, index: int) -> float:
    """The line model's say on line ``index`` being the title: up to ``TITLE_WEIGHT`` for,
    as much against (a line past the lines classified counts as not a title)."""
    if not prior:
        return 0.0
    probabilities = prior.get(index)
    p = probabilities.get("title", 0.0) if probabilities else 0.0
    return TITLE_WEIGHT * (2 * p - 1)


_JOINERS = re.compile(r"^[\s,;&|·•]*(?:and\s+)?|[\s,;&|·•]*(?:\band)?[\s,;&|·•]*$", re.IGNORECASE)
_JOINER_CHARS = frozenset(",;&|·•")


def _strip_joiners(text: str) -> str:
    """``text`` without the separators and "and" left at its ends (:data:`_JOINERS`).

    The pattern, tried at every position of a long line, is run only when an end of the
    line may hold one: a space or a separator there, or "and" (only the letters a, n and d
    match "and" case-blind).
    """
    if (
        text
        and not text[0].isspace()
        and not text[-1].isspace()
        and text[0] not in _JOINER_CHARS
        and text[-1] not in _JOINER_CHARS
        and text[:3].lower() != "and"
        and text[-3:].lower() != "and"
    ):
        return text
    return _JOINERS.sub("", text)
_NOT_BYLINE = re.compile(
    r"^(?:more\s+by|search\s+for|view\s+(?:further|all|more)|see\s+all|show\s+(?:more|less|all)|author\s+information|"
    r"affiliations?|roles?|contributed\s+equally|corresponding|e-?mail|orcid|https?://|\*|†|#)",
    re.IGNORECASE,
)
# "By Jane Doe and John Roe": a byline word before a capitalised name (not "By contrast").
_BY = re.compile(r"^[Bb]y\s+(?=[A-ZÀ-Þ])")
_STOP = re.compile(
    r"^(?:abstract|summary|introduction|background|keywords?|received|accepted|published|cite\s+this|how\s+to\s+cite|"
    r"citation|download|references|full\s+text|share\s+this|article\s+info)\b",
    re.IGNORECASE,
)


#: The page parser's own names lexicon, written by ``scripts/train_lines.py`` with the line
#: model whose features read it (not the reference parser's lexicon: retraining that one
#: must not move the page classifier).
NAMES_FILE = "data/lines_names.json"


@functools.lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[str], frozenset[str]]:
    """Given and family names seen in annotated reference lists (:data:`NAMES_FILE`)."""
    try:
        data = json.loads(resources.files("citekit").joinpath(NAMES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return frozenset(), frozenset()
    return frozenset(data.get("given", [])), frozenset(data.get("family", []))


def known_name(author: Author) -> bool:
    """True when the given name is a known given name, or the family name a known family
    name after initials ("J. Myrheim")."""
    given, family = _lexicon()
    first = [w for w in re.split(r"[\s\-.]+", fold(author.name.get("given", ""))) if w]
    last = [w for w in re.split(r"[\s\-]+", fold(author.name.get("family", ""))) if w]
    if first and len(first[0]) > 1 and first[0] in given:
        return True
    initials = bool(first) and all(len(w) == 1 for w in first)
    return initials and any(w in family for w in last)


_VOUCHES = re.compile(
    r"^(?:\(?\d{1,2}\)?|[*\u2020\u2021\u00a7#]+|more\s+by\b|search\s+for\s+(?:more\s+papers|this\s+author)|"
    r"view\s+further\s+author|e-?mail\b|[\w.+-]+@[\w-]+\.|https?://orcid\.org|orcid\b)",
    re.IGNORECASE,
)


def single_name(line: str, following: str = "") -> list[Author] | None:
    """The person(s) on a byline line: one name, maybe with markers and a separator left
    over ("J. M. Leinaas1 &", "Yang Li ,", "B. J. Lawrie*"), or a list of names.

    A lone name without markers or separators is taken when it is a known name, or when
    the next line vouches for it (an affiliation, a marker, "More by", an e-mail).

    :param following: the next non-empty line.
    """
    by = _BY.match(line.strip())
    if by:
        return _after_by(line.strip()[by.end() :])
    text = _strip_joiners(line.strip())
    if not text or len(text) > 400 or _NOT_BYLINE.match(text) or _AFFILIATION.search(text):
        return None
    found = parse_author_line(text, labelled=True)
    if not found and "author" in text.lower():
        # "Author links open overlay panelKati Finzel": a widget's label glued to the name.
        pieces = _GLUE.split(text)
        if len(pieces) > 1:
            found = parse_author_line(pieces[-1], labelled=True)
            return found if found and all(len(a.name) >= 2 for a in found) else None
    if not found:
        return None
    if len(found) == 1:
        return found if _lone_name_taken(found[0], text, line, following) else None
    if not any(a.markers for a in found) and not _names_vouched(found, text):
        return None
    return found


def _after_by(rest: str) -> list[Author] | None:
    """The names after "By": the word vouches for them as a label would ("by Calvin
    Liang, Jevan Alexander Hutson, and Os Keyes.")."""
    text = _strip_joiners(rest).rstrip(". ")
    if not text or len(text) > 300 or _AFFILIATION.search(text):
        return None
    listed = parse_author_line(text, labelled=True)
    return listed if listed and all(len(a.name) >= 2 or "literal" in a.name for a in listed) else None


def _lone_name_taken(only: Author, text: str, line: str, following: str) -> bool:
    """A single name on its line counts when written out (two parts, one longer than
    initials) and marked, cut from a list, vouched for by the next line, or known."""
    parts = [p for p in only.name.values() if p]
    if len(only.name) < 2 or not any(len(p.replace(".", "").replace(" ", "")) > 2 for p in parts):
        return False
    if text.isupper() and not only.markers:
        return False  # "FIRST PAGE", "CITED BY": menu entries in capitals
    separated = text != line.strip()
    vouched = bool(following and (_VOUCHES.match(following) or _AFFILIATION.search(following)))
    return bool(only.markers or separated or vouched or known_name(only))


def _names_vouched(found: list[Author], text: str) -> bool:
    """An unmarked list of names counts when it is written as a list and at least half
    its names are known, carry initials or name the group the others sign for ("on behalf
    of the ...") (not "Organizational Psychology and Organizational Behavior")."""
    if not re.search(r",|;|&|\band\b", text):
        return False
    vouched_names = sum(
        1
        for a in found
        if known_name(a)
        or any(_initial_word(w) for w in a.name.get("given", "").split())
        or a.name.get("literal", "")[:12].lower() == "on behalf of"  # a byline's own phrase
    )
    return vouched_names * 2 >= len(found)


def _initial_word(word: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]\.?(?:-[A-Z]\.?)?", word))


def authors_after(
    lines: list[str],
    index: int,
    end: int,
    prior: Prior | None = None,
    read: dict[int, list[Author] | None] | None = None,
) -> tuple[list[Author], int, int]:
    """The byline that starts within a few lines after ``index``: ``(authors, last line,
    lines passed over before the first name)``.

    Lines between names that are not names (affiliations, "More by ...", roles, e-mail)
    are passed over; the byline ends at an abstract, a running paragraph, a section
    label, or a long run of other lines.

    :param read: the names found on each line by earlier calls with the same ``end``
        and ``prior`` (filled here): a line is read once whatever the candidate above.
    """
    authors: list[Author] = []
    seen: set[str] = set()
    misses = 0
    first_gap = 0
    last = index
    j = index + 1
    while j < end and j < index + 400:
        line = lines[j]
        j += 1
        if not line:
            continue
        if authors and line.strip() in ("|", "/"):
            break  # the byline's group ends; an editor's or a reviewer's name may follow
        if len(line) < 60 and _OTHER_WORKS.match(line):
            break  # "Recommended articles": other works' bylines follow
        if (
            is_prose(line) or ABSTRACT_LABEL.match(line) or KEYWORDS_LABEL.match(line) or COPYRIGHT.match(line)
            or (authors and _STOP.match(line))
        ):
            break
        if read is not None and j - 1 in read:
            found = read[j - 1]
        else:
            following = next((lines[k] for k in range(j, min(end, j + 3)) if lines[k]), "")
            found = single_name(line, following) or _model_names(line, prior, j - 1)
            if read is not None:
                read[j - 1] = found
        found = found or (authors and _group_line(line))
        if found:
            if not authors:
                first_gap = misses
            for author in found:
                key = _NOT_LETTER.sub("", fold(" ".join(author.name.values())))
                if key not in seen:
                    seen.add(key)
                    authors.append(author)
            misses = 0
            last = j - 1
            continue
        if not authors and _METADATA.match(line):
            continue  # journal, volume, DOI or date lines between the title and the byline
        if authors and title_score(line) >= 4 and not _AFFILIATION.search(line):
            break  # another work's title: the page goes on with a list of other works
        misses += 1
        if (not authors and misses > 3) or misses > 14:
            break
    return authors, last, first_gap


def _model_names(line: str, prior: Prior | None, index: int) -> list[Author] | None:
    """The names on a line the line model is sure is a byline line (a lone unmarked name,
    a group's name) where the shape rules were not."""
    if not prior or prior.get(index, {}).get("author", 0.0) < AUTHOR_SURE:
        return None
    text = _strip_joiners(line.strip())
    if not text or len(text) > 400 or _NOT_BYLINE.match(text):
        return None
    found = parse_author_line(text, labelled=True)
    if not found and len(text) <= 80 and GROUP_NAME.match(text):
        return [Author(name={"literal": text})]  # "The PLoS Medicine Editors" on its own line
    return found if found and all(len(a.name) >= 2 or "literal" in a.name for a in found) else None


def _group_line(line: str) -> list[Author] | None:
    """A group signing with the people above it, alone on its line ("The PLoS Medicine
    Editors", "The PRISMA Group"): only a name starting with "The", which an affiliation
    ("Quantum Optics Group") does not."""
    text = _strip_joiners(line.strip())
    if len(text) <= 80 and text[:4].lower() == "the " and GROUP_NAME.match(text):
        return [Author(name={"literal": text})]
    return None


@dataclass
class Byline:
    """The title line chosen and the authors under it."""

    title: str
    index: int
    authors: list[Author]
    last: int


_NOT_LETTER_OR_DIGIT = re.compile(r"[^a-z0-9]")
_NOT_LETTER = re.compile(r"[^a-z]")


def _letters(text: str) -> str:
    return _NOT_LETTER_OR_DIGIT.sub("", fold(text))


def _same_letters(a: str, b: str) -> bool:
    """True when a line with the letters ``a`` (:func:`_letters`) gives the title with the letters ``b``."""
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 20 and long_.startswith(short) and len(short) / len(long_) > 0.6


def choose_byline(
    lines: list[str],
    start: int,
    end: int,
    skip: set[int],
    cited_title: str = "",
    avoid: frozenset[str] = frozenset(),
    near: int | None = None,
    ask: Asker | None = None,
) -> Byline | None:
    """The most likely title line in ``lines[start:end]`` with the authors under it.

    :param skip: lines already read as something else.
    :param cited_title: the title a citation on the page gives, if any.
    :param avoid: folded lines that cannot be the title (the journal's name).
    :param near: the journal header's line; a title printed just after it gains.
    :param ask: the line model, when there is one: asked about the lines around every
        candidate, its say moves each candidate (:func:`title_bonus`) and vouches for
        name lines the shape rules miss.
    """
    scores: dict[int, float] = {}
    # With a line model, a title is taken from the lines it classifies (the head of the
    # page): a line past them would lose its whole say (:func:`title_bonus`), so none is
    # scored.
    stop = min(end, _head_end(lines)) if ask is not None else end
    scored = _title_candidates(lines, start, end, skip, cited_title, avoid, near, scores, stop)
    if not scored:
        return None
    scored.sort(reverse=True)
    prior = None
    if ask is not None:
        prior = ask({j for _, i in scored for j in range(i - _BEFORE, i + _AFTER + 1)}, scores)
        scored = sorted(((base + title_bonus(prior, i), i) for base, i in scored), reverse=True)
    return _with_byline(lines, scored, start, end, prior)


def _head_end(lines: list[str]) -> int:
    """The line after the last one the line model classifies (:data:`MAX_LINES`), or where
    the abstract or the body starts when that comes before: an abstract label on a
    paragraph or above one ("Abstract" alone on its line is also a menu's tab), or a
    paragraph (:func:`is_prose`) with at least two more among the four non-empty lines
    after it (:data:`_BODY_RUN`)."""
    need, span = _BODY_RUN
    heads = list(itertools.islice(itertools.compress(itertools.count(), lines), MAX_LINES + span - 1))
    prose: list[bool] = []  # whether each head line is a paragraph, found as far as looked

    def paragraph(n: int) -> bool:
        while len(prose) <= n:
            line = lines[heads[len(prose)]]
            prose.append(len(line) >= 160 and is_prose(line))  # a paragraph is 160 characters at least
        return prose[n]

    for n in range(min(len(heads), MAX_LINES)):
        if paragraph(n) and sum(map(paragraph, range(n, min(n + span, len(heads))))) >= need:
            return heads[n]
        line = lines[heads[n]]
        if (
            line[:1] in ABSTRACT_FIRST
            and (paragraph(n) or (n + 1 < len(heads) and paragraph(n + 1)))
            and ABSTRACT_LABEL.match(line)
        ):
            return heads[n]
    return heads[MAX_LINES - 1] + 1 if len(heads) >= MAX_LINES else len(lines)


# The body's first paragraph: a paragraph with at least 3 paragraphs among it and the 4
# non-empty lines after it (the title and byline stand above it).
_BODY_RUN = (3, 5)


def _title_candidates(
    lines: list[str],
    start: int,
    end: int,
    skip: set[int],
    cited_title: str,
    avoid: frozenset[str],
    near: int | None,
    scores: dict[int, float],
    stop: int | None = None,
) -> list[tuple[float, int]]:
    """``(score, index)`` of every line that may be the title: its title shape, the
    citation's title, where it stands on the page (earlier is better).

    :param scores: filled with every line's :func:`title_score` computed here.
    :param stop: the line where candidates end (``end`` when ``None``; the position and
        repetition of a line still count against ``end``).
    """
    cited = _letters(cited_title) if cited_title else ""
    found: list[tuple[float, int, bool]] = []
    elsewhere = False
    for i in range(start, end if stop is None else stop):
        line = lines[i]
        if not line:
            continue
        size = len(line)
        if size < 60 and _OTHER_WORKS.match(line):
            elsewhere = True  # from here on the page lists other works
        if i in skip or size < 8 or size > 400:
            continue
        base = scores[i] = title_score(line)
        # The line's letters, made once. An ASCII line has at most its length in letters,
        # and a line giving the cited title more than 0.6 of the title's
        # (:func:`_same_letters`): one of half the title's length or less is not folded for it.
        letters = _letters(line) if cited and (2 * size > len(cited) or not line.isascii()) else None
        if cited and letters is not None and _same_letters(letters, cited):
            base = max(base, 1.0) + 10
        if base <= 0 or (avoid and (_letters(line) if letters is None else letters) in avoid):
            continue
        found.append((base, i, elsewhere))
    counts = _counts(lines, start, end, {lines[i].lower() for _, i, _ in found})
    scored: list[tuple[float, int]] = []
    for base, i, elsewhere in found:
        base = _in_context(base, lines, i, end, counts, near, elsewhere)
        scored.append((base - _POSITION * i / max(end, 1), i))
    return scored


def _counts(lines: list[str], start: int, end: int, keys: set[str]) -> dict[str, int]:
    """How many lines of ``lines[start:end]`` are each of ``keys`` once lower-cased.

    An ASCII line keeps its length when lower-cased: one of a length no key has is passed
    over without lower-casing it.
    """
    counts: dict[str, int] = {}
    if not keys:
        return counts
    sizes = {len(key) for key in keys}
    for i in range(start, end):
        line = lines[i]
        if not line or (len(line) not in sizes and line.isascii()):
            continue
        key = line.lower()
        if key in keys:
            counts[key] = counts.get(key, 0) + 1
    return counts


def _in_context(
    base: float, lines: list[str], i: int, end: int, counts: dict[str, int], near: int | None, elsewhere: bool
) -> float:
    """A candidate's score adjusted for its surroundings: printed twice, just under the
    journal header, an affiliation, a journal's name above its volume line, among other works."""
    line = lines[i]
    if counts.get(line.lower(), 0) > 1:
        base += 3
    if near is not None and 0 < i - near <= 6:
        base += 6
    if "," in line and _AFFILIATION.search(line):
        base -= 10
    following = next((lines[k] for k in range(i + 1, min(end, i + 3)) if lines[k]), "")
    if _VOLUME_LINE.match(following):
        base -= 6  # a journal's name above "Vol. 6:15-38"
    if elsewhere:
        base -= 6
    return base


def _with_byline(
    lines: list[str], scored: list[tuple[float, int]], start: int, end: int, prior: Prior | None = None
) -> Byline | None:
    """The best candidate once the byline under each is read (best first, up to 60)."""
    best: tuple[float, Byline] | None = None
    read: dict[int, list[Author] | None] = {}  # the names on each line, read once for all candidates
    for base, i in scored[:60]:
        if best is not None and base + 10 <= best[0]:
            break  # the byline bonus is at most 10: no later candidate can win
        line = lines[i]
        previous = next((lines[k] for k in range(i - 1, max(start, i - 3) - 1, -1) if lines[k]), "")
        if previous and single_name(previous, line):
            base -= 6  # inside a byline: an affiliation or the next name's line
        listed = parse_author_line(line)
        if listed and len(listed) >= 2:
            base -= 8  # a name list is not a title
        authors, last, gap = authors_after(lines, i, end, prior, read)
        total = base + (6 + min(len(authors), 4) - gap if authors else 0)
        if best is None or total > best[0]:
            best = (total, Byline(lines[i], i, authors, last))
    return best[1] if best else None


_OTHER_WORKS = re.compile(rf"^(?:{OTHER_WORKS_HEADING}|references|bibliography)\b", re.IGNORECASE)
_METADATA = re.compile(
    r"^(?:vol(?:ume)?\.?\s*\d|https?://doi\.org/|doi\b|\d{1,2}\s+[A-Z][a-z]+\s+\d{4}$|published\b|research\s+article$"
    r"|article$|original\s+(?:article|paper)$)",
    re.IGNORECASE,
)
_VOLUME_LINE = re.compile(r"^\s*vol(?:ume)?\.?\s*\d", re.IGNORECASE)
_GLUE = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")

