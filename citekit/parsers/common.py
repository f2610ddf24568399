"""Helpers shared by the article-page parsers (HTML vocabularies, JATS, scraped text).

A vocabulary extractor fills a :class:`Partial`: the CSL fields it found, where each came
from, its author list with per-author extras, dated events, identifiers and references.
:mod:`citekit.parsers.html.merge` merges the partials of one page field by field.
"""

from __future__ import annotations

import html
import operator
import re
from dataclasses import dataclass, field
from typing import Any

from citekit.dates import parse_date, to_iso
from citekit.names import fold, split_name
from citekit.record import CSL_TYPES, Record, make_id, normalize_doi

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
    "render_reference",
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
    csl = split_name(name) if isinstance(name, str) else (dict(name) if name else {})
    if not csl:
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
    "conferencepaper": "paper-conference", "proceedings-article": "paper-conference", "inproceedings": "paper-conference",
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


def finish(record: Record, default_type: str = "article-journal") -> Record:
    """A reference item built from clean values: empty fields dropped, ``type`` and ``id``
    set. The cheap path for the hundreds of references of one page (their values come
    cleaned from markup, so :func:`citekit.record.normalize` would only repeat work).
    """
    out: Record = {k: v for k, v in record.items() if v or (v is not None and not isinstance(v, _EMPTY_KINDS))}
    if out.get("type") not in CSL_TYPES:
        out["type"] = default_type
    if "DOI" in out or "author" in out or "title" in out or "issued" in out:
        out["id"] = quick_id(out)
    return out


# Falsy values of these kinds are empty fields; other falsy values (0, False) are kept.
_EMPTY_KINDS = (str, list, dict)
_ID_WORD = re.compile(r"[a-z0-9]+")
_GROUP = operator.methodcaller("group")
_ID_STOP = frozenset(["a", "an", "the", "of", "on", "in", "and", "for", "to", "with", "from", "at", "by", "is", "are", "la", "le", "les", "de", "der", "die", "das", "el"])


def quick_id(record: Record) -> str:
    """:func:`citekit.record.make_id` for items whose DOI is already normalised: the DOI
    in lower case, else ``family-year-word`` (the same form, without re-reading the DOI)."""
    doi = record.get("DOI")
    if doi:
        return str(doi).lower()
    names = record.get("author") or record.get("editor") or []
    family = (names[0].get("family") or names[0].get("literal") or "") if names else ""
    title = str(record.get("title") or "")
    if not (family.isascii() and title.isascii()):
        return make_id(record)
    family_slug = "-".join(_ID_WORD.findall(family.lower())[:2]) or "anon"
    try:
        year: Any = record["issued"]["date-parts"][0][0]
    except (KeyError, IndexError, TypeError):
        year = "nd"
    word = next((w for w in map(_GROUP, _ID_WORD.finditer(title.lower())) if w not in _ID_STOP), "untitled")
    return f"{family_slug}-{year}-{word}"


def doi_of(value: str | None) -> str | None:
    """The DOI in an identifier value (bare, ``doi:``, resolver URL), else ``None``."""
    if not value:
        return None
    text = clean(value)
    if "10." not in text:
        return None
    return normalize_doi(text)


@dataclass(frozen=True, slots=True)
class Meta:
    """One ``<meta>`` of a page: its canonical key, the key as written, value and scheme."""

    key: str
    name: str
    value: str
    scheme: str = ""
    lang: str = ""


class MetaBag:
    """A page's meta tags in document order, looked up by canonical key."""

    def __init__(self, metas: list[Meta]) -> None:
        self.items = metas
        self._by_key: dict[str, list[Meta]] = {}
        for meta in metas:
            self._by_key.setdefault(meta.key, []).append(meta)

    def first(self, *keys: str) -> tuple[str, str] | None:
        """``(value, written key)`` of the first non-empty meta among ``keys`` (in key order)."""
        for key in keys:
            for meta in self._by_key.get(key, ()):
                value = clean(meta.value)
                if value:
                    return value, meta.key
        return None

    def all(self, key: str) -> list[Meta]:
        """Every meta with canonical ``key``, in document order."""
        return self._by_key.get(key, [])

    def values(self, key: str) -> list[str]:
        """Every non-empty cleaned value of ``key``, in document order."""
        return [v for v in (clean(m.value) for m in self._by_key.get(key, ())) if v]

    def has_prefix(self, prefix: str) -> bool:
        """True when some key starts with ``prefix``."""
        return any(k.startswith(prefix) for k in self._by_key)

    def __contains__(self, key: object) -> bool:
        return key in self._by_key


def render_reference(record: Record, *, etal: bool = False) -> str:
    """A structured reference written out in Vancouver style: the readable ``custom.raw``
    of references that markup gives as fields (JATS element-citations, Highwire
    ``citation_reference`` key=value parts), for people and the resolver.

    :param record: the reference's CSL fields.
    :param etal: the author list was cut short ("et al").
    """
    parts: list[str] = []
    authors = record.get("author")
    if authors:
        parts.append(_vancouver_names(authors, etal))
    title = record.get("title")
    if title:
        parts.append(str(title).rstrip("."))
    container = record.get("container-title")
    if container:
        parts.append(f"In: {container}" if record.get("type") == "chapter" else str(container))
    if record.get("publisher"):
        parts.append(": ".join(str(record[k]) for k in ("publisher-place", "publisher") if record.get(k)))
    tail = _vancouver_numbers(record)
    if tail:
        parts.append(tail)
    doi = record.get("DOI")
    if doi:
        parts.append(f"doi:{doi}")
    elif record.get("URL"):
        parts.append(str(record["URL"]))
    kept = [t for t in [p.rstrip(". ") for p in parts] if t]
    return ". ".join(kept) + ("." if parts else "")


def _vancouver_names(authors: list[dict[str, str]], etal: bool) -> str:
    """The names as Vancouver writes them, "Family GI, Family GI, et al": initials without
    dots, literal names as written."""
    names = []
    for name in authors:
        family = name.get("family")
        if family is None or "literal" in name:
            literal = name.get("literal")
            if literal:
                names.append(literal)
                continue
        given = name.get("given")
        if given:
            given = given.replace(".", "").replace(" ", "")
        if given:
            names.append(f"{family} {given}" if family else given)
        else:
            names.append(family or "")
    return ", ".join(names) + (", et al" if etal else "")


def _vancouver_numbers(record: Record) -> str:
    """The numbers as Vancouver writes them, "2001;3(4):5-9": the year (or the date as
    written), volume, issue and pages."""
    issued = record.get("issued") or {}
    tail = str(issued["date-parts"][0][0]) if issued.get("date-parts") else str(issued.get("literal") or "")
    volume = record.get("volume")
    if volume:
        issue = record.get("issue")
        tail += f";{volume}({issue})" if issue else f";{volume}"
    page = record.get("page")
    if page:
        tail += f":{page}"
    return tail
