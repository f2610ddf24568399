"""Helpers shared by the article-page parsers (HTML vocabularies, JATS, scraped text).

A vocabulary extractor fills a :class:`Partial`: the CSL fields it found, where each came
from, its author list with per-author extras, dated events, identifiers and references.
:mod:`citekit.parsers.html.merge` merges the partials of one page field by field.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from citekit.dates import parse_date, to_iso
from citekit.names import fold, split_name
from citekit.record import Record, normalize_doi

__all__ = [
    "Partial",
    "Person",
    "clean",
    "norm_isbn",
    "norm_issn",
    "norm_language",
    "norm_orcid",
    "page_range",
    "person",
    "split_keywords",
    "type_from",
]

Person = dict[str, Any]
"""``{"name": CSL name, "affiliation": [str], "ORCID": str, "email": str, "corresponding": bool}``."""


@dataclass
class Partial:
    """What one vocabulary says about the page.

    :ivar vocab: the vocabulary's name ("highwire", "dc", "json-ld" ...).
    :ivar fields: CSL variables (strings, CSL dates) found.
    :ivar sources: for each field, the key it came from ("citation_title", "dc.title").
    :ivar authors: persons in order.
    :ivar author_source: the key the authors came from.
    :ivar dates: dated events, ISO 8601 (``custom.dates`` names).
    :ivar identifiers: ids CSL has no variable for (``custom.identifiers``).
    :ivar references: the work's reference list as CSL items.
    :ivar links: other addresses (pdf, xml, fulltext).
    :ivar warnings: disagreements found on the page (``custom.warnings``).
    """

    vocab: str
    fields: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    authors: list[Person] = field(default_factory=list)
    author_source: str = ""
    editors: list[Person] = field(default_factory=list)
    dates: dict[str, str] = field(default_factory=dict)
    identifiers: dict[str, str] = field(default_factory=dict)
    references: list[Record] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def put(self, key: str, value: Any, source: str) -> None:
        """Set ``key`` unless already set or ``value`` is empty (first value wins)."""
        if value in (None, "", [], {}) or key in self.fields:
            return
        self.fields[key] = value
        self.sources[key] = source

    def date(self, event: str, text: str | None) -> list[int] | None:
        """Record a dated event from written ``text``; returns its date parts."""
        parts = parse_date(text) if text else None
        if parts and event not in self.dates:
            self.dates[event] = to_iso(parts) or ""
        return parts

    def __bool__(self) -> bool:
        return bool(self.fields or self.authors or self.references)


_TAG = re.compile(r"<[^>]{0,2000}>")
_SPACE = re.compile(r"\s+")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]{1,31});")


def clean(value: Any, *, keep_breaks: bool = False) -> str:
    """Text of a meta value: tags removed, entities decoded, whitespace folded.

    Sites double-escape (``&amp;amp;``) and put markup (``<p>``, ``<i>``) inside
    ``content`` attributes; neither belongs in a record.

    :param value: a string (anything else is converted).
    :param keep_breaks: fold spaces but keep paragraph breaks (abstracts).
    """
    if value is None:
        return ""
    text = str(value)
    if "<" in text and ">" in text:
        text = _TAG.sub(" ", re.sub(r"(?i)</p\s*>|<br\s*/?>", "\n\n", text) if keep_breaks else text)
    for _ in range(2):
        if "&" in text and _ENTITY.search(text):
            text = html.unescape(text)
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    if keep_breaks:
        paragraphs = [_SPACE.sub(" ", p).strip() for p in re.split(r"\n\s*\n", text)]
        return "\n\n".join(p for p in paragraphs if p)
    return _SPACE.sub(" ", text).strip()


def page_range(first: str | None, last: str | None = None) -> str | None:
    """``"538"``, ``"544"`` → ``"538-544"``; a range given as one value is normalised.

    :param first: the first page (or a whole range such as "538–44").
    :param last: the last page, if given apart.
    """
    first = clean(first) if first else ""
    last = clean(last) if last else ""
    if first and not last:
        match = re.fullmatch(r"(\S+?)\s*(?:-{1,2}|[\u2010-\u2015\u2212]|to)\s*(\S+)", first)
        if match:
            first, last = match.group(1), match.group(2)
    if not first:
        return last or None
    if not last or last == first:
        return first
    return f"{first}-{last}"


_ORCID = re.compile(r"(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dXx])")


def norm_orcid(value: str | None) -> str | None:
    """The bare ORCID iD in ``value`` (URL or bare), checksum-verified; else ``None``."""
    if not value:
        return None
    match = _ORCID.search(value)
    if not match:
        return None
    digits = "".join(match.groups()).upper()
    total = 0
    for ch in digits[:-1]:
        total = (total + int(ch)) * 2
    check = (12 - total % 11) % 11
    if digits[-1] != ("X" if check == 10 else str(check)):
        return None
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


_ISSN = re.compile(r"\b(\d{4})\s*[-\u2010-\u2015]?\s*(\d{3}[\dXx])\b")


def norm_issn(value: str | None) -> str | None:
    """``"1748605X"`` or ``"ISSN 1748-605x"`` → ``"1748-605X"``; ``None`` if there is none."""
    if not value:
        return None
    match = _ISSN.search(value)
    return f"{match.group(1)}-{match.group(2).upper()}" if match else None


def norm_isbn(value: str | None) -> str | None:
    """The ISBN-10/13 in ``value`` with hyphens kept as written; ``None`` if there is none."""
    if not value:
        return None
    match = re.search(r"\b(?:97[89][- ]?)?\d[\d -]{7,15}[\dXx]\b", value)
    if not match:
        return None
    digits = re.sub(r"[^\dXx]", "", match.group(0))
    return match.group(0).replace(" ", "-") if len(digits) in (10, 13) else None


_LANGUAGES = {
    "eng": "en", "english": "en", "fre": "fr", "fra": "fr", "french": "fr", "français": "fr", "ger": "de",
    "deu": "de", "german": "de", "deutsch": "de", "spa": "es", "spanish": "es", "español": "es", "por": "pt",
    "portuguese": "pt", "português": "pt", "ita": "it", "italian": "it", "rus": "ru", "russian": "ru",
    "chi": "zh", "zho": "zh", "chinese": "zh", "jpn": "ja", "japanese": "ja", "dut": "nl", "nld": "nl",
    "pol": "pl", "tur": "tr", "ara": "ar", "kor": "ko", "cze": "cs", "ces": "cs", "swe": "sv", "per": "fa",
}


def norm_language(value: str | None) -> str | None:
    """A language tag as BCP 47 in lower case ("EN" → "en", "en_US" → "en-us", "eng" → "en")."""
    if not value:
        return None
    text = clean(value).strip().lower().replace("_", "-")
    if not text or len(text) > 40:
        return None
    text = text.split(",")[0].split(";")[0].strip()
    if text in _LANGUAGES:
        return _LANGUAGES[text]
    if re.fullmatch(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*", text):
        return text
    return None


def split_keywords(values: list[str]) -> list[str]:
    """Keyword phrases from one or many meta values, in order, without duplicates.

    One value holding a list is split at ``;`` (or ``,`` when it has no ``;`` and
    came alone); several values are taken as one phrase each unless they contain ``;``.
    """
    out: list[str] = []
    seen: set[str] = set()
    single = len(values) == 1
    for value in values:
        text = clean(value)
        if not text:
            continue
        if ";" in text or "|" in text:
            parts = re.split(r"\s*[;|]\s*", text)
        elif single and "," in text:
            parts = re.split(r"\s*,\s*", text)
        else:
            parts = [text]
        for part in parts:
            part = part.strip(" .,")
            key = fold(part)
            if part and key not in seen:
                seen.add(key)
                out.append(part)
    return out


_NOT_A_NAME = re.compile(r"(?i)\s*(?:https?:|www\.|urn:|info:|doi:|orcid\.org/|[^\s@]+@[^\s@]+\.\w+$)")


def person(
    name: str | dict[str, str] | None,
    *,
    affiliation: list[str] | None = None,
    orcid: str | None = None,
    email: str | None = None,
    corresponding: bool | None = None,
    structured: bool | None = None,
) -> Person | None:
    """A :data:`Person` from a written name (or a CSL name) and its extras.

    :param structured: the family/given split was stated by the source rather than
        guessed (default: a CSL name given, or a "Family, Given" string); the merge
        prefers stated splits.
    """
    if isinstance(name, str) and _NOT_A_NAME.match(name.strip()):
        return None  # a profile page or an identifier where a name belongs (DC.creator)
    csl = split_name(name) if isinstance(name, str) else (dict(name) if name else {})
    if not csl or any(_NOT_A_NAME.match(str(v)) for v in csl.values()):
        return None
    if structured is None:
        structured = not isinstance(name, str) or "," in name
    out: Person = {"name": csl, "_split": structured}
    affiliations = [a for a in (clean(x) for x in affiliation or []) if a]
    if affiliations:
        out["affiliation"] = list(dict.fromkeys(affiliations))
    if orcid and norm_orcid(orcid):
        out["ORCID"] = norm_orcid(orcid)
    if email:
        address = clean(email).removeprefix("mailto:").strip()
        if "@" in address:
            out["email"] = address
    if corresponding is not None:
        out["corresponding"] = corresponding
    return out


# Type words of every vocabulary (citation_article_type, dc.type, og:type, schema.org
# @type, eprints.type, COinS genre, JATS article-type) to CSL types.
_TYPES: dict[str, str] = {
    "article": "article-journal", "journal article": "article-journal", "journal-article": "article-journal",
    "journalarticle": "article-journal", "scholarlyarticle": "article-journal", "research-article": "article-journal",
    "research article": "article-journal", "review-article": "article-journal", "review article": "article-journal",
    "text.serial.journal": "article-journal", "medicalscholarlyarticle": "article-journal",
    "articleinjournal": "article-journal", "contribution to journal": "article-journal",
    "newsarticle": "article-newspaper", "reportagenewsarticle": "article-newspaper",
    "blogposting": "post-weblog", "socialmediaposting": "post", "webpage": "webpage", "website": "webpage",
    "book": "book", "monograph": "book", "book_section": "chapter", "bookchapter": "chapter", "chapter": "chapter",
    "book-chapter": "chapter", "conference_item": "paper-conference", "conference paper": "paper-conference",
    "conferencepaper": "paper-conference", "proceedings-article": "paper-conference",
    "inproceedings": "paper-conference",
    "proceeding": "paper-conference", "thesis": "thesis", "phdthesis": "thesis", "mastersthesis": "thesis",
    "dissertation": "thesis", "doctoral thesis": "thesis", "master thesis": "thesis", "report": "report",
    "techreport": "report", "technical report": "report", "working paper": "report", "workingpaper": "report",
    "dataset": "dataset", "datacatalog": "dataset", "softwaresourcecode": "software", "softwareapplication": "software",
    "software": "software", "patent": "patent", "preprint": "article", "posted-content": "article",
    "book-review": "review-book", "review": "review", "correction": "article-journal", "editorial": "article-journal",
    "letter": "article-journal", "case-report": "article-journal", "brief-report": "article-journal",
    "rapid-communication": "article-journal", "abstract": "article-journal", "discussion": "article-journal",
    "video": "motion_picture", "videoobject": "motion_picture", "map": "map", "legislation": "legislation",
}


def type_from(value: str | None) -> str | None:
    """The CSL type a vocabulary's type word stands for, or ``None`` when unknown."""
    if not value:
        return None
    key = clean(value).lower()
    key = key.rsplit("/", 1)[-1] if key.startswith("http") else key
    return _TYPES.get(key) or _TYPES.get(key.replace(" ", "")) or _TYPES.get(key.replace("_", " "))


def doi_of(value: str | None) -> str | None:
    """The DOI in an identifier value (bare, ``doi:``, resolver URL), else ``None``."""
    if not value:
        return None
    text = clean(value)
    if "10." not in text:
        return None
    return normalize_doi(text)
