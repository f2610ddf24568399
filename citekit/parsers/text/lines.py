"""Labelled lines of a scraped article page: dated events, DOI, "Citation:" line,
keywords, abstract, licence (the journal header: :mod:`citekit.parsers.text.header`).

Every pattern is compiled once; each finder takes the page's lines and a range, so the
page is scanned a bounded number of times whatever its length.
"""

from __future__ import annotations

import re

from citekit.dates import EVENTS, event_name, match_date, to_iso
from citekit.record import DOI_PATTERN, normalize_doi

__all__ = [
    "ABSTRACT_FIRST",
    "ABSTRACT_LABEL",
    "AUTHORS_LABEL",
    "CITATION_FIRST",
    "CITATION_LABEL",
    "COPYRIGHT",
    "COPYRIGHT_FIRST",
    "CORRESPONDING_FIRST",
    "CORRESPONDING_LABEL",
    "KEYWORDS_FIRST",
    "KEYWORDS_LABEL",
    "OTHER_WORKS_HEADING",
    "WordGuard",
    "find_abstract",
    "find_doi_line",
    "find_events",
    "find_keywords",
    "find_license",
    "is_prose",
    "prepare",
]

AUTHORS_LABEL = re.compile(
    r"^(?:author\s*\(s\)|authors?|by|written\s+by|auteurs?|autores?|autoren)\s*[:\-–—]\s*(?P<rest>.+)$", re.IGNORECASE
)
CORRESPONDING_LABEL = re.compile(
    r"^[*\u2020#\s]*(?:corresponding\s+authors?(?:\s*\(s\))?|correspondence(?:\s+(?:to|author))?|"
    r"address\s+(?:for\s+)?correspondence(?:\s+to)?|address\s+reprint\s+requests\s+to|auteur\s+correspondant|"
    r"autor\s+(?:para\s+)?correspondencia)\s*(?:[:\-–—]\s*|$)(?P<rest>.*)$",
    re.IGNORECASE,
)
# The heading of a box listing other works ("Related articles", "You may also like",
# "Cited by", "Most read"): the page's own title is not under it, and a reference list
# ends at it. A pattern to build on (followed by a word boundary where used).
OTHER_WORKS_HEADING = (
    r"recommended|related|similar|you\s+may\s+also|cited\s+by|citing\s+articles|this\s+article\s+is\s+cited|"
    r"more\s+(?:from|like|articles)|other\s+articles|most\s+(?:read|cited|viewed)|trending|people\s+also|"
    r"latest\s+articles"
)
CITATION_LABEL = re.compile(
    r"^(?:citation|cite\s+this\s+(?:article|paper|as)|how\s+to\s+cite(?:\s+this\s+(?:article|paper))?|"
    r"to\s+cite\s+this\s+(?:article|paper)|please\s+cite\s+this\s+(?:article|paper)\s+as|recommended\s+citation|"
    r"citar\s+como|zitierweise)\s*[:\-–—]\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
COPYRIGHT = re.compile(r"^(?:copyright\b|©|\(c\)\s*\d{4})", re.IGNORECASE)
KEYWORDS_LABEL = re.compile(
    r"^(?:key\s*-?\s*words?|index\s+terms|mots[- ]cl[ée]s|palabras\s+clave|palavras[- ]chave|schlüsselwörter|"
    r"schlagwörter|parole\s+chiave)"
    r"\s*(?:[:\-–—.]\s*|$)(?P<rest>.*)$",
    re.IGNORECASE,
)
ABSTRACT_LABEL = re.compile(
    r"^(?:abstract|summary|résumé|resumen|resumo|zusammenfassung|riassunto)\s*(?:[:\-–—.]\s*|$)(?P<rest>.*)$",
    re.IGNORECASE,
)
# The characters a keywords or abstract label may open with: the first letters of its
# words in either case, and the letters a case-blind match takes for them (dotted and
# dotless i, long s, the kelvin sign): a line opening otherwise is not tried.
CITATION_FIRST = frozenset("chtprzCHTPRZ")
COPYRIGHT_FIRST = frozenset("cC©(")
# The corresponding-author label may follow marks and spaces (tested apart: ``isspace``).
CORRESPONDING_FIRST = frozenset("acAC*\u2020#")
KEYWORDS_FIRST = frozenset("kimpsKIMPS\u0130\u0131\u017f\u212a")
ABSTRACT_FIRST = frozenset("asrzASRZ\u017f")
_BODY_HEADING = re.compile(
    r"^(?:\d{1,2}\.?\s+)?(?:introduction|background|methods?|materials\s+and\s+methods|results|discussion|conclusions?|"
    r"case\s+(?:report|presentation|description)|main\s+text|references|acknowledge?ments?|conflicts?\s+of\s+interest|"
    r"funding|ethics|abbreviations|data\s+availability)\s*:?$",
    re.IGNORECASE,
)

_LABELS = sorted(EVENTS, key=len, reverse=True)
_EVENT = re.compile(
    r"(?P<label>(?:date\s+of\s+)?(?:"
    + "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in _LABELS)
    + r")(?:\s+(?:on|date|at))?)"
    r"\s*(?P<colon>[:\-–—]?)\s*",
    re.IGNORECASE,
)


# Where a label may start (the first word of every label): the full pattern is tried
# only there, so a long paragraph costs one cheap scan. The stems are grouped by their
# first letter (a lookahead on that letter lets the regex engine pass over most
# positions at once): the same matches as one flat alternation, in half the time.
_HINT_STEMS = (
    "date", "receiv", "submi", "manuscript", "editor", "review", "revis", "final", "accept", "approv", "publi",
    "online", "first", "epub", "issue", "print", "avail", "version", "re[çc]u", "eingeg", "angenom", "ver[öo]ff",
    "recib", "acept", "receb", "aceit", "ricev", "accett", "pubbl",
)


def _hint_pattern(stems: tuple[str, ...]) -> re.Pattern[str]:
    groups: dict[str, list[str]] = {}
    for stem in stems:
        groups.setdefault(stem[0], []).append(stem[1:])
    body = "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())
    return re.compile(rf"(?i)(?<![\w-])(?=[{''.join(groups)}])(?:{body})")


_EVENT_HINT = _hint_pattern(_HINT_STEMS)


def _literals(stem: str) -> list[str]:
    """A stem as plain lower-case strings ("re[çc]u": "reçu" and "recu")."""
    choice = re.search(r"\[(\w+)\]", stem)
    return [stem.replace(choice.group(0), c) for c in choice.group(1)] if choice else [stem]


_HINT_LITERALS = tuple(literal for stem in _HINT_STEMS for literal in _literals(stem))


# A byte table lower-casing ASCII letters and turning every other byte into a space.
_LOWER_RUNS = bytes(c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 else 32 for c in range(256))


class WordGuard:
    """A case-blind pattern of whole words, searched only in text that may hold one of them.

    Every match of the pattern on ASCII text spans one of ``words`` as a whole run of
    letters (lower-cased): an ASCII text with none of them among its letter runs is
    passed over without the search, which tries the pattern at every position. Other
    text (where case folding may match beyond ASCII) is always searched.
    """

    def __init__(self, pattern: re.Pattern[str], words: tuple[str, ...]) -> None:
        self.pattern = pattern
        self.words = frozenset(word.encode("ascii") for word in words)

    def search(self, text: str) -> re.Match[str] | None:
        if text.isascii() and self.words.isdisjoint(text.encode("ascii").translate(_LOWER_RUNS).split()):
            return None
        return self.pattern.search(text)


def prepare(text: str) -> list[str]:
    """The page's lines: spaces folded, invisible characters removed, blank lines kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    # A printable line holds no whitespace but the plain space (every other one is a
    # control or separator character): with no double space and no space at its ends it
    # is folded already.
    return [
        line
        if line.isprintable() and "  " not in line and line[:1] != " " and line[-1:] != " "
        else " ".join(line.split())
        for line in text.split("\n")
    ]


def is_prose(line: str) -> bool:
    """True for a paragraph of running text (long, several sentences, lower-case words)."""
    if len(line) < 160:
        return False
    words = line.split()
    lower = sum(1 for w in words if w[:1].islower())
    return lower / max(len(words), 1) > 0.45 and len(re.findall(r"[.!?](?:\s|$)", line)) >= 1


def find_events(lines: list[str], ranges: list[tuple[int, int]]) -> tuple[dict[str, str], set[int]]:
    """Dated events ("Received: 08 November 2023; ... Published: 15 January 2024").

    A label counts only when a date follows it at once (or alone on the next line, as
    saved pages print "Published" above "2020-09-10"), and a date without a month only
    after a colon, so "accepted 15 patients" and "published 2020 data" are not events.

    :param ranges: ``(start, end)`` line ranges to look in.
    :returns: ``({event: ISO date}, indexes of the lines they were on)``.
    """
    events: dict[str, str] = {}
    used: set[int] = set()
    for start, end in ranges:
        for index, starts in _hinted(lines, start, end):
            line = lines[index]
            if len(line) > 2000:
                continue
            for at in starts:
                match = _EVENT.match(line, at)
                if match is None:
                    continue
                name = event_name(match.group("label"))
                if not name:
                    continue
                rest = line[match.end() : match.end() + 40]
                lone = not rest.strip() and match.start() == 0
                if lone:
                    following = next((j for j in range(index + 1, min(end, index + 3)) if lines[j]), None)
                    rest = lines[following][:40] if following is not None else ""
                found = match_date(rest)
                if not found:
                    continue
                parts, _ = found
                if len(parts) < 2 and not (match.group("colon") or lone):
                    continue
                if name not in events:
                    events[name] = to_iso(parts) or ""
                    used.add(index)
    return events, used


def _hinted(lines: list[str], start: int, end: int) -> list[tuple[int, list[int]]]:
    """The lines of ``lines[start:end]`` where an event label may start, in order, each
    with the positions on it where one starts (those :data:`_EVENT_HINT` finds).

    The range is joined and lower-cased once and every stem looked up as a plain
    substring (a fast scan, where the hint pattern tries every position); each place
    found is then checked by the hint pattern anchored there (the word boundary before
    it), so no line is scanned by a pattern. Text with a letter whose case folding the
    lower-cased copy would not show (dotless i, long s, a dotted capital I that
    lower-cases to two characters) is scanned with the pattern.
    """
    if start >= end:
        return []
    text = "\n".join(lines[start:end])
    lowered = text.lower()
    exact = len(lowered) != len(text) or "\u0131" in text or "\u017f" in text
    if exact:
        positions = [hint.start() for hint in _EVENT_HINT.finditer(text)]
    else:
        positions = []
        for stem in _HINT_LITERALS:
            at = lowered.find(stem)
            while at >= 0:
                positions.append(at)
                at = lowered.find(stem, at + 1)
    found: list[tuple[int, list[int]]] = []
    line, previous, opened = start, 0, 0
    hint = _EVENT_HINT.match
    for position in sorted(set(positions)):
        breaks = text.count("\n", previous, position)  # the line breaks passed since the last hint
        if breaks:
            line += breaks
            opened = text.rfind("\n", 0, position) + 1  # where the line starts in ``text``
        previous = position
        at = position - opened
        if not exact and not hint(lines[line], at):
            continue
        if not found or found[-1][0] != line:
            found.append((line, [at]))
        else:
            found[-1][1].append(at)
    return found


_GLUED = re.compile(
    r"(?<=[0-9])(?:Get|View|Download|Open|Full|Cited|Google|Crossref|PubMed|Article|Abstract|PDF|Copy|Share|Export|"
    r"Citation|Search|Read|Check|Help|Published|Received|Issue|Volume)[A-Za-z]*$"
)


# DOI prefixes of data repositories (Zenodo, figshare, Dryad, Mendeley Data, Harvard
# Dataverse, PANGAEA, OSF): a page's DOI there is its data's, rarely the article's.
_DATA_PREFIXES = ("10.5281/", "10.6084/", "10.5061/", "10.17632/", "10.7910/", "10.1594/", "10.17605/")
_DATA_CONTEXT = re.compile(
    r"(?i)\b(?:data(?:\s*set)?s?\b(?:\s+(?:availability|are|is|deposited|archived|underlying))?|supplement(?:ary|al)?"
    r"|supporting\s+information|source\s+code|software)\b[^.;]{0,80}$"
)
_DATA_WORDS = (
    "data", "datas", "dataset", "datasets", "supplement", "supplementary", "supplemental", "supporting", "source",
    "software",
)


_DATA_GUARD = WordGuard(_DATA_CONTEXT, _DATA_WORDS)


def find_doi_line(lines: list[str], ranges: list[tuple[int, int]]) -> tuple[str, int] | None:
    """The page's own DOI among every DOI in ``ranges`` (reference lists excluded by the
    caller): labelled ones ("DOI:", doi.org) and repeated ones first, then the earliest.

    A word glued to the DOI by scraping ("10.1016/j.x.2018.004Get rights") is cut off.
    """
    weight: dict[str, float] = {}
    where: dict[str, tuple[str, int]] = {}
    for start, end in ranges:
        for index in range(start, end):
            line = lines[index]
            if "10." not in line:
                continue
            for match in DOI_PATTERN.finditer(line):
                doi = normalize_doi(_GLUED.sub("", match.group(0)))
                if not doi:
                    continue
                key = doi.lower()
                before = line[max(0, match.start() - 30) : match.start()].lower()
                labelled = "doi" in before or "digital object identifier" in before
                found = 2.0 if labelled else 1.0
                if key.startswith(_DATA_PREFIXES) or _DATA_GUARD.search(line[: match.start()]):
                    found *= 0.1  # a data set's or supplement's DOI, not the article's
                weight[key] = weight.get(key, 0.0) + found
                where.setdefault(key, (doi, index))
    if not weight:
        return None
    best = max(weight, key=lambda k: (weight[k], -where[k][1]))
    return where[best]


def find_keywords(lines: list[str], start: int, end: int, skip: set[int]) -> tuple[list[str], int] | None:
    """Keywords: a labelled line (or the line after a lone label), else an unlabelled
    line of short phrases separated by semicolons.

    :param skip: lines already read as something else (authors, events).
    :returns: ``(keywords, line index)`` or ``None``.
    """
    for index in range(start, end):
        if lines[index][:1] not in KEYWORDS_FIRST:
            continue
        match = KEYWORDS_LABEL.match(lines[index])
        if not match:
            continue
        rest = match.group("rest").strip()
        at = index
        if not rest:
            at = next((j for j in range(index + 1, min(end, index + 4)) if lines[j]), index)
            rest = lines[at] if at != index else ""
        words = _phrases(rest, allow_commas=True)
        if words:
            return words, at
    for index in range(start, end):
        line = lines[index]
        if index in skip or not line or ";" not in line or len(line) > 400:
            continue
        words = _phrases(line, allow_commas=False)
        if words and len(words) >= 2:
            return words, index
    return None


def _phrases(text: str, *, allow_commas: bool) -> list[str]:
    text = text.strip().rstrip(".")
    if not text or "@" in text or "http" in text.lower():
        return []
    event = _EVENT.search(text)
    if event and match_date(text[event.end() : event.end() + 40]):
        return []
    parts = re.split(r"\s*[;•·|]\s*", text)
    if len(parts) == 1 and allow_commas:
        parts = re.split(r"\s*,\s*", text)
    parts = [p.strip(" .") for p in parts if p.strip(" .")]
    if not parts:
        return []
    for part in parts:
        words = part.split()
        if len(words) > 8 or len(part) > 80 or re.search(r"[.!?]\s+[A-Z]", part):
            return []
        if sum(c.isdigit() for c in part) > len(part) / 3:
            return []
    return parts


def find_abstract(lines: list[str], start: int, end: int, skip: set[int]) -> tuple[str, int] | None:
    """The abstract: paragraphs after an "Abstract" label up to the next heading, else the
    first paragraph of running text after the header.

    :returns: ``(abstract, index of its first line)`` or ``None``.
    """
    for index in range(start, end):
        if lines[index][:1] not in ABSTRACT_FIRST:
            continue
        match = ABSTRACT_LABEL.match(lines[index])
        if not match or len(lines[index]) > 3000:
            continue
        paragraphs = [match.group("rest").strip()] if match.group("rest").strip() else []
        for j in range(index + 1, end):
            line = lines[j]
            if not line:
                continue
            if (
                KEYWORDS_LABEL.match(line) or _BODY_HEADING.match(line) or CITATION_LABEL.match(line)
                or COPYRIGHT.match(line)
            ):
                break
            if len(line) < 40 and not line.endswith(".") and paragraphs and not re.match(r"^[A-Z][\w ]{2,30}:$", line):
                break  # an unlabelled heading
            paragraphs.append(line)
            if sum(len(p) for p in paragraphs) > 6000:
                break
        text = "\n\n".join(p for p in paragraphs if p)
        if len(text) >= 40:
            return text, index
    for index in range(start, end):
        if index not in skip and is_prose(lines[index]) and not COPYRIGHT.match(lines[index]):
            return lines[index], index
    return None


_LICENSE = re.compile(
    r"(creative\s+commons\s+(?:attribution(?:[- ](?:non-?commercial|share-?alike|no-?derivatives?|no-?derivs))*)?"
    r"\s*(?:license|licence)?(?:\s*\(?cc[- ]by[\w-]*\)?)?(?:\s*\d\.\d)?|\bcc[- ]by(?:-[a-z]{2})*(?:\s*\d\.\d)?)",
    re.IGNORECASE,
)


def find_license(lines: list[str], start: int, end: int) -> str | None:
    """The licence named on a copyright line ("Creative Commons Attribution License")."""
    for index in range(start, end):
        line = lines[index]
        if "c" not in line and "C" not in line:
            continue  # no licence name without a "c" (lower-casing makes one only of "C")
        lowered = line.lower()
        if "creative commons" in lowered or "cc by" in lowered or "cc-by" in lowered:
            # A match opens with "creative" or "cc": on ASCII text (lower-cased to the same
            # length) it is looked for from the first of them.
            at = 0
            if line.isascii():
                at = min(found for found in (lowered.find("creative"), lowered.find("cc")) if found >= 0)
            match = _LICENSE.search(line, at)
            if match:
                return " ".join(match.group(1).split()).strip(" .")
    return None
