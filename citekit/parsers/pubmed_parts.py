"""Pieces of PubMed XML that need more than reading an element: names, dates, page
ranges, journal titles, MeSH headings and grants (used by :mod:`citekit.parsers.pubmed`).
"""

from __future__ import annotations

import re
from typing import Any

from citekit.dates import MONTHS
from citekit.names import PARTICLES
from citekit.parsers.common import norm_orcid
from citekit.parsers.jats.load import text_of

__all__ = [
    "abstract_of",
    "csl_date",
    "date_parts",
    "dotted",
    "expand_pages",
    "grants_of",
    "journal_title",
    "medline_date",
    "mesh_of",
    "people",
    "strip_period",
]

_SEASONS = {"spring": "1", "summer": "2", "fall": "3", "autumn": "3", "winter": "4"}


def strip_period(title: str) -> str:
    """PubMed ends every title with a period; styles add their own punctuation."""
    return title[:-1] if title.endswith(".") and not title.endswith("..") else title


def dotted(given: str) -> str:
    """Initials in a PubMed fore name get their periods: "Peter O" → "Peter O.",
    "S J" → "S. J.", "J-P" → "J.-P."; a name in capitals is title-cased."""
    words = []
    for word in given.split():
        if given.isupper() and len(word) > 2:
            word = word.title()
        parts = word.split("-")
        words.append("-".join(f"{p}." if len(p) == 1 and p.isupper() else p for p in parts))
    return " ".join(words)


def _shouting(name: str) -> str:
    """A family name in capitals, title-cased ("VAN DER BERG" → "van der Berg")."""
    if not (name.isupper() and len(name) > 1):
        return name
    words = name.split()
    last = len(words) - 1
    return " ".join(w.lower() if w.lower() in PARTICLES and i < last else w.title() for i, w in enumerate(words))


def people(author_list: Any) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    """The CSL names of an ``AuthorList`` and, in the same order, each one's extras
    (affiliations, ORCID, e-mail). Authors PubMed marks invalid (``ValidYN="N"``) are left out."""
    names: list[dict[str, str]] = []
    extras: list[dict[str, Any]] = []
    if author_list is None:
        return names, extras
    for author in author_list.iterfind("Author"):
        if author.get("ValidYN") == "N":
            continue
        family = text_of(author.find("LastName"))
        given = text_of(author.find("ForeName")) or text_of(author.find("FirstName"))
        if not given:
            given = " ".join(text_of(author.find("Initials")))
        collective = text_of(author.find("CollectiveName"))
        if family:
            name = {"family": _shouting(family), "given": dotted(given)}
            suffix = text_of(author.find("Suffix"))
            if suffix:
                name["suffix"] = suffix
        elif collective:
            name = {"literal": collective}
        else:
            continue
        names.append({k: v for k, v in name.items() if v})
        extra: dict[str, Any] = {}
        affiliations = [text_of(a) for a in author.iterfind("AffiliationInfo/Affiliation")]
        affiliations += [text_of(a) for a in author.iterfind("Affiliation")]  # the 2013 DTD's place
        email = next((m.group(1) for a in affiliations if (m := _EMAIL.search(a))), None)
        affiliations = [a for a in dict.fromkeys(_EMAIL.sub("", a).strip() for a in affiliations) if a]
        if affiliations:
            extra["affiliation"] = affiliations
        for identifier in author.iterfind("Identifier"):
            if (identifier.get("Source") or "").upper() == "ORCID" and norm_orcid(text_of(identifier)):
                extra["ORCID"] = norm_orcid(text_of(identifier))
        if email:
            extra["email"] = email.rstrip(".")
        if author.get("EqualContrib") == "Y":
            extra["equal-contribution"] = True
        extras.append(extra)
    return names, extras


_EMAIL = re.compile(r"\s*(?:Electronic address|E-?mail)\s*:\s*([\w.+-]+@[\w-]+(?:\.[\w-]+)+)\.?", re.IGNORECASE)


def _month(text: str) -> int | None:
    if text.isdigit():
        value = int(text)
        return value if 1 <= value <= 12 else None
    return MONTHS.get(text.lower().rstrip("."))


def date_parts(element: Any) -> list[int] | None:
    """``[year, month, day]`` (shorter when vaguer) of a PubMed date element
    (``Year``/``Month``/``Day``; month as a number or an English abbreviation)."""
    if element is None:
        return None
    year = text_of(element.find("Year"))
    if not re.fullmatch(r"\d{4}", year):
        return None
    parts = [int(year)]
    month = _month(text_of(element.find("Month")))
    if month:
        parts.append(month)
        day = text_of(element.find("Day"))
        if day.isdigit() and 1 <= int(day) <= 31:
            parts.append(int(day))
    return parts


_MEDLINE_DATE = re.compile(
    r"^(?P<y1>\d{4})(?:\s+(?P<m1>[A-Za-z]{3,9})\.?(?:\s+(?P<d1>\d{1,2}))?)?"
    r"(?:\s*[-/]\s*(?:(?P<y2>\d{4})\s*)?(?P<m2>[A-Za-z]{3,9})?\.?(?:\s*(?P<d2>\d{1,2}))?)?\s*$"
)


def medline_date(text: str) -> dict[str, Any] | None:
    """A CSL date from PubMed's free-form ``MedlineDate``: "2010 Sep-Oct" is a range of two
    months, "1998 Dec-1999 Jan" of two years, "2000 Spring" a season, "1975-1976" two years;
    any other form keeps its year and the text (``raw``)."""
    text = " ".join(text.split())
    match = _MEDLINE_DATE.match(text)
    if match:
        groups = match.groupdict()
        season = _SEASONS.get((groups["m1"] or "").lower())
        first = [int(groups["y1"])]
        month = _month(groups["m1"] or "")
        if month:
            first.append(month)
            if groups["d1"]:
                first.append(int(groups["d1"]))
        if season:
            return {"date-parts": [first], "season": season}
        if groups["m1"] and not month:
            match = None
        else:
            second = [int(groups["y2"] or groups["y1"])]
            month2 = _month(groups["m2"] or "")
            if month2:
                second.append(month2)
                if groups["d2"]:
                    second.append(int(groups["d2"]))
            elif groups["d2"] and len(first) >= 2:
                second += [first[1], int(groups["d2"])]
            if (groups["y2"] or groups["m2"] or groups["d2"]) and second != first:
                return {"date-parts": [first, second]}
            return {"date-parts": [first]}
    year = re.search(r"\b(1[5-9]|20)\d\d\b", text)
    return {"date-parts": [[int(year.group(0))]], "raw": text} if year else None


def csl_date(pub_date: Any) -> dict[str, Any] | None:
    """The CSL date of a ``PubDate``: Year/Month/Day, Year/Season, or ``MedlineDate``."""
    if pub_date is None:
        return None
    parts = date_parts(pub_date)
    if parts:
        season = _SEASONS.get(text_of(pub_date.find("Season")).lower())
        return {"date-parts": [parts], "season": season} if season and len(parts) == 1 else {"date-parts": [parts]}
    written = text_of(pub_date.find("MedlineDate"))
    return medline_date(written) if written else None


_RANGE = re.compile(r"(\d+)-(\d+)")


def expand_pages(text: str) -> str:
    """MEDLINE's abbreviated page ranges written out: "132-42" → "132-142", "1638-45, 1650"
    → "1638-1645, 1650"; anything else ("e12516", "S1-8") as it is."""

    def full(match: re.Match[str]) -> str:
        start, end = match.group(1), match.group(2)
        if len(end) < len(start):
            end = start[: len(start) - len(end)] + end
        return f"{start}-{end}"

    return _RANGE.sub(full, " ".join(text.split()))


# Words a title keeps in lower case (not first, not after a colon or full stop).
_SMALL = frozenset(
    [
        "a", "an", "and", "as", "at", "but", "by", "en", "for", "from", "if", "in", "into", "nor", "of", "on", "onto",
        "or", "per", "so", "than", "the", "to", "up", "via", "vs", "with", "yet",
    ]
)
_ACRONYM = re.compile(r"\b[A-Z]{2}")
_QUALIFIER = re.compile(r"\s+\(([^()]+)\)$")
_NOT_PLACE = re.compile(r"\b(?:ed|edition|online|print|series|section|sect)\b\.?", re.IGNORECASE)


def _cap(word: str) -> str:
    return "-".join(p[:1].upper() + p[1:] if p[:1].islower() and p[1:] == p[1:].lower() else p for p in word.split("-"))


def journal_title(title: str) -> tuple[str, str]:
    """NLM's journal title in title case, and the place NLM adds to tell journals apart.

    NLM writes titles in sentence case ("Nature chemical biology") and disambiguates
    same-named journals with a trailing qualifier ("Arthritis & rheumatology (Hoboken,
    N.J.)"); the qualifier is taken off, and kept as the place when it names one. A title
    with an acronym in it ("Journal of the AMA") is left alone: words in capitals could be
    either.

    :returns: ``(title, place)``; place may be "".
    """
    title = " ".join(title.split()).replace(" : ", ": ")
    place = ""
    qualifier = _QUALIFIER.search(title)
    if qualifier:
        title = title[: qualifier.start()]
        candidate = re.sub(r"\s*:\s*\d{4}$", "", qualifier.group(1)).strip()
        if not _NOT_PLACE.search(candidate) and not candidate.isdigit():
            place = candidate
    if _ACRONYM.search(title) and (title.upper() != title or " " not in title):
        return title, place
    words = title.split(" ")
    out: list[str] = []
    for i, word in enumerate(words):
        lower = word.lower()
        after_break = i == 0 or out[-1].endswith((":", ".", "?", "!"))
        if not after_break and lower.strip(",;") in _SMALL:
            out.append(lower)
        else:
            out.append(_cap(lower if word.isupper() else word))
    return " ".join(out), place


def abstract_of(abstract: Any) -> str:
    """The sections of an ``Abstract`` as "LABEL: text" paragraphs, one per line."""
    if abstract is None:
        return ""
    paragraphs = []
    for section in abstract.iterfind("AbstractText"):
        text = text_of(section)
        label = (section.get("Label") or "").strip()
        if text and label and label.upper() != "UNLABELLED":
            text = f"{label}: {text}"
        if text:
            paragraphs.append(text)
    return "\n".join(paragraphs)


def mesh_of(citation: Any) -> list[dict[str, Any]]:
    """MeSH headings: descriptor, its unique id, whether it is a major topic, qualifiers."""
    headings: list[dict[str, Any]] = []
    for heading in citation.iterfind("MeshHeadingList/MeshHeading"):
        descriptor = heading.find("DescriptorName")
        name = text_of(descriptor)
        if not name:
            continue
        entry: dict[str, Any] = {"descriptor": name}
        if descriptor.get("UI"):
            entry["ui"] = descriptor.get("UI")
        entry["major"] = descriptor.get("MajorTopicYN") == "Y"
        qualifiers = [
            {"name": text_of(q), "ui": q.get("UI") or "", "major": q.get("MajorTopicYN") == "Y"}
            for q in heading.iterfind("QualifierName")
            if text_of(q)
        ]
        if qualifiers:
            entry["qualifiers"] = [{k: v for k, v in q.items() if v != ""} for q in qualifiers]
        headings.append(entry)
    return headings


def grants_of(holder: Any) -> list[dict[str, str]]:
    """Grants of a ``GrantList``: id, acronym, agency, country (those given)."""
    grants = []
    for grant in holder.iterfind("GrantList/Grant"):
        entry = {
            key: text_of(grant.find(tag))
            for key, tag in (("id", "GrantID"), ("acronym", "Acronym"), ("agency", "Agency"), ("country", "Country"))
        }
        entry = {k: v for k, v in entry.items() if v}
        if entry:
            grants.append(entry)
    return grants
