"""Is this Crossref work the one the reference means? Evidence, score, decision.

Crossref's search ranks by text relevance, so its top hit for a reference is often a
near-duplicate: the preprint of the article, its erratum, the conference version, the
same title in another year or volume. Every candidate is therefore checked against what
the reference says, one piece of evidence at a time (title, first author, year ±1,
volume, issue, pages with abbreviated ranges, container title with abbreviations, the
kind of work), each adding to or taking from a log-odds score. A candidate is accepted
only when its score is high, nothing hard contradicts it, and it clearly beats the
runner-up; otherwise the reference stays unresolved ("no confident match").

The reference's fields come from the record (parsed upstream); its original string,
when present, is a second source: a title found verbatim in the string, or a volume
among its numbers, counts even when parsing missed it.

Two rules accept what single contradictions or thin evidence would otherwise lose, in
terms of evidence counts rather than of any source's habits:

- a typo: a year, volume or first page one typing error from the candidate's is not a
  contradiction when exactly one of the three is off, the other two agree exactly, the
  first author agrees, and the journal or a long title agrees (:func:`_typo_signal`);
- an untitled reference ("A. Lin, Eng. Struct. 247, 113173 (2021)") whose first author,
  journal, volume and first page all agree gains weight (:func:`_untitled_signal`).

Both stay subject to :func:`choose`'s margin: a candidate exact on every number beats a
typo, and two candidates equally close abstain.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from citekit.formats.words import FUNCTION_WORDS, abbreviates
from citekit.record import Record
from citekit.resolve.convert import crossref_year, first, work_title
from citekit.resolve.evidence import PREPRINT_CONTAINERS, Evidence, evidence_of, first_page, flat, num
from citekit.resolve.outcome import AMBIGUOUS, NO_MATCH, NOT_FOUND, TOO_LITTLE, Miss

__all__ = ["ACCEPT", "MARGIN", "SIGNALS", "Evidence", "Scored", "choose", "evidence_of", "score"]

ACCEPT = 0.85  # minimum probability for a match
MARGIN = 1.2  # log-odds by which the winner must beat a runner-up that is also plausible

_STOP = FUNCTION_WORDS | {"&", "des", "du", "el", "et", "les", "und", "y"}
_CORRECTION = re.compile(
    r"^\W*(erratum|errata|corrigend|correction|retraction|retracted|withdrawn|expression of concern|reply|response"
    r"|comment|author correction|publisher correction|addendum)\b",
    re.IGNORECASE,
)
_CORRECTION_WORD = re.compile(
    r"\b(erratum|errata|corrigendum|correction|retraction|retracted|withdrawn|reply|response|comment|addendum)\b"
)


@dataclass
class Scored:
    """One candidate with its log-odds, probability and the reasons behind them."""

    work: dict[str, Any]
    logit: float
    reasons: list[str] = field(default_factory=list)
    veto: str | None = None

    @property
    def probability(self) -> float:
        return 1.0 / (1.0 + math.exp(-self.logit))

    @property
    def doi(self) -> str:
        return str(self.work.get("DOI") or "")


def _title_similarity(ev: Evidence, work: Mapping[str, Any]) -> float | None:
    full = flat(work_title(work))
    main = flat(first(work.get("title")))
    if not full:
        return None
    best = 0.0
    if ev.title:
        for variant in {full, main}:
            best = max(best, fuzz.ratio(variant, ev.title) / 100)
        # A title parsed with its subtitle cut off (or the other way round).
        if len(ev.title) >= 25 and len(main) >= 25:
            best = max(
                best,
                0.97 * fuzz.ratio(main, ev.title[: len(main)]) / 100,
                0.97 * fuzz.ratio(ev.title, full[: len(ev.title)]) / 100,
            )
        if len(main) >= 8 and ev.title.startswith(main + " "):
            best = max(best, 0.9)  # "The Widget, in: Programming with Motif"
    if ev.raw and len(main) >= 12 and len(main) <= len(ev.raw):
        # Parsing may have mangled the title; the raw string still contains it.
        found = fuzz.partial_ratio(main, ev.raw) / 100
        if len(main) < 30:
            found *= 0.97  # short titles are found by chance more easily
        best = max(best, found)
    if not ev.title and not ev.raw:
        return None
    return best


def _mentions_correction(ev: Evidence) -> bool:
    return bool(_CORRECTION.search(ev.title) or _CORRECTION_WORD.search(ev.raw))


def _container_names(work: Mapping[str, Any]) -> list[str]:
    names = [
        flat(n)
        for key in ("container-title", "short-container-title")
        for n in (work.get(key) or [])
        if isinstance(n, str)
    ]
    return [n for n in names if n]


def _same_container(text: str, name: str) -> bool:
    if text == name or fuzz.ratio(name, text) >= 88:
        return True
    if abbreviates(text.split(), name.split(), _STOP) or abbreviates(name.split(), text.split(), _STOP):
        return True
    return len(text) >= 8 and (name.startswith(text) or text.startswith(name))


def _is_container(text: str, work: Mapping[str, Any]) -> bool:
    return any(_same_container(text, name) for name in _container_names(work))


def _author_words(work: Mapping[str, Any]) -> set[str]:
    words = set()
    for person in work.get("author") or ():
        if isinstance(person, Mapping):
            words.update(flat(str(person.get("family") or person.get("name") or "")).split())
    return words


def _container_match(ev: Evidence, work: Mapping[str, Any]) -> bool | None:
    names = _container_names(work)
    if not ev.container or not names:
        return None
    if any(_same_container(ev.container, name) for name in names):
        return True
    # Titleless styles run the authors into the journal ("K. J. Babbitt, PLoS ONE 10"), and
    # a parser may take the last names with it: the candidate's own authors' names and
    # initials in front of the journal are dropped before comparing again.
    words = ev.container.split()
    names_of = _author_words(work) | {"and", "et", "al"}
    start = 0
    while start < len(words) - 1 and (len(words[start]) == 1 or words[start] in names_of):
        start += 1
    if start == 0 or not any(w in names_of for w in words[:start]):
        return False
    rest = " ".join(words[start:])
    return any(_same_container(rest, name) for name in names)


def _names_server(ev: Evidence, work: Mapping[str, Any]) -> bool:
    """True when the reference's container is the preprint's server, group or publisher,
    or its string names the publisher or institution ("..., 2015, Cold Spring Harbor
    Laboratory": the parser may have taken something else for the container)."""
    owners = [
        work.get("publisher"),
        *(i.get("name") for i in work.get("institution") or () if isinstance(i, Mapping)),
    ]
    for name in (work.get("group-title"), *owners):
        text = flat(str(name or ""))
        if text and (fuzz.partial_ratio(text, ev.container) >= 90 or fuzz.partial_ratio(ev.container, text) >= 90):
            return True
    for name in owners:
        text = flat(str(name or ""))
        if len(text) >= 8 and f" {text} " in f" {ev.raw} ":
            return True
    return False


def _candidate_family(work: Mapping[str, Any]) -> str:
    for key in ("author", "editor"):
        for person in work.get(key) or ():
            if isinstance(person, Mapping):
                family = person.get("family") or person.get("name")
                if family:
                    return flat(str(family))
    return ""


def _years(work: Mapping[str, Any]) -> set[int]:
    years = set()
    for key in ("issued", "published-print", "published-online", "published"):
        try:
            years.add(int(work[key]["date-parts"][0][0]))
        except (KeyError, IndexError, TypeError, ValueError):
            continue
    base = crossref_year(work)
    if base is not None:
        years.add(base)
    return years


@dataclass
class _Tally:
    """The running score of one candidate while the signals look at it."""

    logit: float = -3.0
    reasons: list[str] = field(default_factory=list)
    veto: str | None = None
    untitled: bool = False  # the reference has no title (its "title" is the journal)
    swapped: bool = False  # the reference's volume was read as its issue
    title: float | None = None  # how well the titles agree (None: nothing to compare)
    agree: set[str] = field(default_factory=set)  # exact agreements: author, year, volume, page, container
    # Year, volume or first page one edit away from the candidate's ("1985" for 1935,
    # "e0253863" for e0253763): a typo or another work, decided once all else is known.
    near: dict[str, str] = field(default_factory=dict)
    single_page: bool = False  # the first page off is a single digit ("5" for "6")

    def add(self, amount: float, reason: str, veto: str | None = None) -> None:
        self.logit += amount
        self.reasons.append(reason)
        if veto is not None:
            self.veto = self.veto or veto


def _title_signal(ev: Evidence, work: Mapping[str, Any], tally: _Tally) -> None:
    title = _title_similarity(ev, work)
    if title is not None and title < 0.75 and ev.title and _is_container(ev.title, work):
        # "A. Lin, Engineering Structures 247, 113173 (2021)": the parser took the
        # journal for a title; the reference simply has none.
        title = None
        tally.untitled = True
        tally.reasons.append("untitled reference")
    tally.title = title
    if title is None:
        return
    part = max(-6.0, min(3.5, (title - 0.75) * 16))
    main = flat(first(work.get("title")))
    if part > 0 and len(main) < 20:
        part *= 0.6  # "Introduction", "Editorial": weak evidence on their own
    if not ev.titled:
        # No title in the reference: the candidate's title found in the string
        # supports it, its absence proves nothing (physics styles omit titles).
        part = max(0.0, part)
    elif title < 0.6:
        tally.veto = "title differs"
    tally.add(part, f"title {title:.2f}")


def _same_family(family: str, other: str) -> bool:
    return (
        family == other
        or fuzz.ratio(family, other) >= 85
        or family.endswith(" " + other)
        or other.endswith(" " + family)
        or family.startswith(other + " ")  # "Veysey Powell" cited (or parsed) as "Veysey"
        or other.startswith(family + " ")
    )


def _author_signal(ev: Evidence, work: Mapping[str, Any], tally: _Tally) -> None:
    family = _candidate_family(work)
    if family and ev.family:
        if _same_family(family, ev.family):
            tally.agree.add("author")
            tally.add(1.5, "first author")
        elif (
            family in ev.raw[: max(60, 3 * len(family))].split()
            or fuzz.partial_ratio(family, ev.raw[: 4 * len(family) + 20]) >= 90
        ):
            tally.add(1.0, "author in string")
        elif len(family) >= 4 and _one_edit(family, ev.family):
            tally.reasons.append("first author one edit off")  # "Lpnch" for Lynch: no evidence either way
        else:
            tally.add(-2.0, "first author differs")
    elif family and ev.raw and len(family) >= 3 and family in ev.raw[: 6 * len(family) + 40].split():
        tally.add(1.0, "author in string")


def _year_signal(ev: Evidence, work: Mapping[str, Any], tally: _Tally) -> None:
    years = _years(work)
    ref_years = {ev.year} if ev.year is not None else set(ev.years_in_raw)
    # No year parsed: a four-digit number one edit from the work's ("(2916)", beside pages
    # 1655-1664 that look like years) may be it, a typo if all else agrees (the typo signal
    # decides); with no year-like number at all it is no evidence otherwise.
    typed = {n for n in ev.numbers if len(n) == 4 and n.isdigit()} if ev.year is None else set()
    if years and not ref_years:
        if any(_one_edit(str(a), n) for a in years for n in typed):
            tally.near["year"] = "year differs"
        return
    if not years:
        return
    gap = min(abs(a - b) for a in years for b in ref_years)
    if gap and ev.year is not None and years & ev.years_in_raw and _is_page_or_volume(str(ev.year), work):
        # "Ecology 66, 1986 (1985)": the parser took the page for the year; the work's
        # year is in the string, and the parsed "year" is the work's own page or volume.
        gap = 0
    if gap == 0:
        tally.agree.add("year")
        tally.add(1.5, "year")
    elif gap == 1:
        tally.add(-0.3, "year ±1")
    elif years & ev.years_in_raw:
        # The parsed year is far off but the string holds the work's year (a year
        # in the title, a conference date): no veto, no support either.
        tally.reasons.append("year in string")
    elif any(_one_edit(str(a), str(b)) for a in years for b in ref_years | typed):
        tally.near["year"] = "year differs"
    else:
        tally.add(-4.0, "year differs", veto="year differs")


def _is_page_or_volume(number: str, work: Mapping[str, Any]) -> bool:
    start, _ = first_page(work.get("page"))
    return number in (start, num(work.get("volume")), num(work.get("article-number")))


def _volume_signal(ev: Evidence, work: Mapping[str, Any], tally: _Tally) -> None:
    volume = num(work.get("volume"))
    tally.swapped = bool(volume) and not ev.volume and ev.issue == volume  # "Jcen 21, 572": 21 read as the issue
    if tally.swapped:
        tally.agree.add("volume")
        tally.add(1.5, "volume (parsed as issue)")
    elif volume and ev.volume:
        if volume == ev.volume:
            tally.agree.add("volume")
            tally.add(1.5, "volume")
        elif _one_digit_off(volume, ev.volume):
            tally.near["volume"] = "volume differs"
        else:
            tally.add(-3.5, "volume differs", veto="volume differs")
    elif volume and not ev.volume and volume in ev.loose:
        # "111, 202" parsed as the volume: the candidate's volume is in the field itself.
        tally.agree.add("volume")
        tally.add(1.2, "volume in a messy field")
    elif volume and not ev.volume and _among(volume, ev.numbers):
        tally.agree.add("volume in string")
        tally.add(0.8, "volume in string")


def _among(value: str, numbers: frozenset[str]) -> bool:
    """``value`` among a string's numbers: whole, or every part of a range ("199-200"),
    or the digits of a lettered number ("e84")."""
    if value in numbers:
        return True
    parts = re.split(r"[-\u2010-\u2015\u2212/]+", value)
    if len(parts) > 1 and all(parts):
        return all(p.lstrip("0") in numbers for p in parts)
    digits = value.lstrip("abcdefghijklmnopqrstuvwxyz.").lstrip("0")
    return digits != value and len(digits) >= 2 and digits.isdigit() and digits in numbers


def _page_signal(ev: Evidence, work: Mapping[str, Any], tally: _Tally) -> None:
    start, _ = first_page(work.get("page"))
    article = num(work.get("article-number"))
    if ev.first_page and (start or article):
        if ev.first_page in (start, article):
            tally.agree.add("page")
            tally.add(1.5, "first page")
        elif any(_one_edit(ev.first_page, x) for x in (start, article) if x):
            tally.near["page"] = "pages differ"
        elif any(_one_digit_off(ev.first_page, x) for x in (start, article) if x):
            tally.near["page"] = "pages differ"  # "5" for "6": a typo only beside a title that agrees
            tally.single_page = True
        else:
            tally.add(-3.0, "pages differ", veto="pages differ")
    elif not ev.first_page and ((start and start in ev.loose) or (article and article in ev.loose)):
        tally.agree.add("page")
        tally.add(1.2, "first page in a messy field")
    elif not ev.first_page and ((start and _among(start, ev.numbers)) or (article and _among(article, ev.numbers))):
        tally.agree.add("page in string")
        tally.add(0.8, "page in string")


def _issue_signal(ev: Evidence, work: Mapping[str, Any], tally: _Tally) -> None:
    issue = num(work.get("issue"))
    if not issue or not ev.issue or tally.swapped:
        return
    if issue == ev.issue:
        tally.add(0.3, "issue")
    elif len(ev.issue) == 4 and any(ev.issue == str(y) or _one_edit(str(y), ev.issue) for y in _years(work)):
        return  # "AJ 159, 46 (2620)" read with 2620 as the issue: a (mistyped) year, not an issue
    else:
        tally.add(-0.8, "issue differs")


def _container_signal(ev: Evidence, work: Mapping[str, Any], tally: _Tally) -> None:
    container = _container_match(ev, work)
    if tally.untitled and container is not True:
        container = True
    if container is True:
        tally.agree.add("container")
        tally.add(1.0, "container")
    elif container is False:
        tally.add(-1.0, "container differs")
    elif not ev.container and ev.raw and _container_in_string(ev.raw, work):
        # No journal parsed ("Jcen 21, 572 (1999)" read as a title, or nothing): the
        # candidate's journal named in the string still counts, for less.
        # Without a title the string holds little else a journal's name could belong to.
        tally.agree.add("container")
        tally.add(0.6 if ev.titled else 1.0, "container in string")


def _container_in_string(raw: str, work: Mapping[str, Any]) -> bool:
    return any(len(name) >= 4 and f" {name} " in f" {raw} " for name in _container_names(work))


# What a number one edit off costs as a contradiction (what year, volume and pages cost when they differ).
_CONTRADICTION = {"year": -4.0, "volume": -3.5, "page": -3.0}
TYPO_COST = 0.5  # a number taken for a typo: the agreement it would have brought is lost, and a little more


def _one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` one typing error apart: a character replaced, dropped, added, or two swapped.

    Single characters are never one edit apart here ("3" for "4" is another page, not a typo).
    """
    return a != b and max(len(a), len(b)) >= 2 and OSA.distance(a, b) == 1


def _one_digit_off(a: str, b: str) -> bool:
    """Two volumes one edit apart; single digits count too ("8" for "5": a volume is no page)."""
    return a != b and (_one_edit(a, b) or (len(a) == len(b) == 1 and a.isdigit() and b.isdigit()))


def _typo_signal(ev: Evidence, work: Mapping[str, Any], tally: _Tally) -> None:
    """A year, volume or first page one edit off is a typo when all else is overwhelming.

    Overwhelming: exactly one of the three is off, the other two agree exactly, the first
    author agrees, and the container agrees or the title agrees (0.9 or more, shown by the
    reference or a title of 25 characters or more found in its string). Then the number
    costs :data:`TYPO_COST` instead of a veto; otherwise it contradicts like any other
    number. A single-digit first page off needs the title. Uniqueness is :func:`choose`'s
    margin: a candidate that agrees on all three beats a typo by more than it.
    """
    if not tally.near:
        return
    title_agrees = (
        tally.title is not None and tally.title >= 0.9 and (ev.titled or len(flat(first(work.get("title")))) >= 25)
    )
    # A number found in the string (its field unparsed) counts only beside a title that agrees.
    numbers = {"year", "volume", "page"} | ({"volume in string", "page in string"} if title_agrees else set())
    overwhelming = (
        len(tally.near) == 1
        and len(numbers & tally.agree) >= 2
        and "author" in tally.agree
        and ("container" in tally.agree or title_agrees)
        and (not ev.titled or title_agrees)
        and (title_agrees or not tally.single_page)
    )
    for name, reason in tally.near.items():
        if overwhelming:
            tally.add(-TYPO_COST, f"{name} one edit off")
        elif name == "year" and not (ev.year or ev.years_in_raw):
            continue  # a number that only might have been the year contradicts nothing
        else:
            tally.add(_CONTRADICTION[name], reason, veto=reason)


UNTITLED_BONUS = 1.0


def _untitled_signal(ev: Evidence, work: Mapping[str, Any], tally: _Tally) -> None:
    """An untitled reference whose first author, journal, volume and first page all agree.

    Physics styles give nothing else ("A. Lin, Eng. Struct. 247, 113173 (2021)"): the four
    together name one article (another by the same author in that volume starts on another
    page), so they count for more than their sum; a year or pages that contradict still veto.
    """
    if ev.titled or tally.veto:
        return
    if {"author", "container", "volume", "page"} <= tally.agree:
        tally.add(UNTITLED_BONUS, "author, journal, volume and page agree")


def _notice_signal(ev: Evidence, work: Mapping[str, Any], tally: _Tally) -> None:
    """Errata, retractions and update notices are not the work a reference cites."""
    title_text = first(work.get("title")) or ""
    if _CORRECTION.search(title_text) and not _mentions_correction(ev):
        tally.add(-6.0, "correction notice", veto="correction notice, not the work")
    if work.get("update-to") and not _mentions_correction(ev):
        tally.add(-2.0, "update notice")


def _kind_signal(ev: Evidence, work: Mapping[str, Any], tally: _Tally) -> None:
    """A preprint for a published reference, or a part of a work (a figure, an issue)."""
    kind = str(work.get("type") or "")
    containers = " ".join(str(c) for c in work.get("container-title") or [] if isinstance(c, str))
    is_preprint = kind == "posted-content" or bool(PREPRINT_CONTAINERS.search(containers))
    if is_preprint and not ev.preprint and ev.container and not _names_server(ev, work):
        tally.add(-2.5, "preprint, reference is published")
    if kind in ("component", "peer-review", "journal-issue", "journal-volume", "journal"):
        tally.add(-2.5, f"a {kind}")


# The evidence, in order: each signal adds to or takes from the log-odds, may veto, and
# may leave a note for later ones (an untitled reference, a volume read as the issue).
SIGNALS: tuple[Callable[[Evidence, Mapping[str, Any], _Tally], None], ...] = (
    _title_signal,
    _author_signal,
    _year_signal,
    _volume_signal,
    _page_signal,
    _issue_signal,
    _container_signal,
    _typo_signal,
    _untitled_signal,
    _notice_signal,
    _kind_signal,
)


def score(ev: Evidence, work: Mapping[str, Any]) -> Scored:
    """Log-odds that ``work`` is what the reference ``ev`` describes, with reasons.

    :param ev: the reference's evidence (:func:`evidence_of`).
    :param work: a Crossref work (search item or full record).
    :returns: the candidate scored by every signal in :data:`SIGNALS`.
    """
    tally = _Tally()
    for signal in SIGNALS:
        signal(ev, work, tally)
    return Scored(dict(work), tally.logit, tally.reasons, tally.veto)


def choose(
    reference: Record | Evidence, works: Sequence[Mapping[str, Any]]
) -> tuple[Scored | None, Miss, list[Scored]]:
    """The candidate the reference clearly means, or ``None`` with the reason why not.

    :param reference: the reference record (or its prepared evidence).
    :param works: Crossref candidates, best-ranked first.
    :returns: ``(winner or None, why not (empty code for a winner), all candidates
        scored best first)``.
    """
    ev = reference if isinstance(reference, Evidence) else evidence_of(reference)
    if not ev.title and not ev.raw and not ev.family:
        return None, Miss(TOO_LITTLE, "too little to match on"), []
    scored = sorted((score(ev, w) for w in works), key=lambda s: s.logit, reverse=True)
    if not scored:
        return None, Miss(NOT_FOUND, "not found in Crossref"), scored
    best = scored[0]
    if best.veto:
        return None, Miss(NO_MATCH, f"no confident match ({best.veto})"), scored
    if best.probability < ACCEPT:
        return None, Miss(NO_MATCH, "no confident match"), scored
    for other in scored[1:]:
        if other.probability < 0.5 or best.logit - other.logit >= MARGIN:
            break
        if other.veto is None:
            # Two plausible works the reference cannot tell apart (the same text
            # deposited twice, a version without the numbers that would decide).
            return None, Miss(AMBIGUOUS, f"ambiguous ({best.doi} or {other.doi})"), scored
    return best, Miss("", ""), scored
