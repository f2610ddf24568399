"""Record helpers: a record is a plain CSL-JSON item (``dict``).

String variables (``title``, ``container-title``, ``publisher`` ...) may carry the rich-text
subset CSL processors read (``<i>``, ``<b>``, ``<sup>``, ``<sub>``, small capitals, ``nocase``
spans; see :mod:`citekit.formats.richtext`), as CSL-JSON and Zotero keep them; anything else
that looks like a tag is text. Ids, keys and comparisons read the plain text
(:func:`citekit.formats.richtext.plain`).

Behaviour lives here as functions rather than in a ``dict`` subclass, so records stay
JSON-ready and cheap to pass between processes. The CSL variable tables below are the
single source of truth for the schema in ``citekit/data/csl-data.json`` (built by
``scripts/build_schema.py``; a test keeps the two in step).
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any

from citekit.formats.richtext import plain
from citekit.formats.words import FUNCTION_WORDS

__all__ = [
    "CSL_TYPES",
    "DATE_VARIABLES",
    "DOI_PATTERN",
    "NAME_VARIABLES",
    "NUMBER_VARIABLES",
    "STRING_VARIABLES",
    "Record",
    "date_parts",
    "find_doi",
    "make_id",
    "merge",
    "normalize",
    "normalize_doi",
    "normalize_pages",
    "parts_of",
    "schema",
    "slug",
    "to_ascii",
    "validate",
    "year_of",
]

Record = dict[str, Any]


CSL_TYPES: frozenset[str] = frozenset(
    [
        "article",
        "article-journal",
        "article-magazine",
        "article-newspaper",
        "bill",
        "book",
        "broadcast",
        "chapter",
        "classic",
        "collection",
        "dataset",
        "document",
        "entry",
        "entry-dictionary",
        "entry-encyclopedia",
        "event",
        "figure",
        "graphic",
        "hearing",
        "interview",
        "legal_case",
        "legislation",
        "manuscript",
        "map",
        "motion_picture",
        "musical_score",
        "pamphlet",
        "paper-conference",
        "patent",
        "performance",
        "periodical",
        "personal_communication",
        "post",
        "post-weblog",
        "regulation",
        "report",
        "review",
        "review-book",
        "software",
        "song",
        "speech",
        "standard",
        "thesis",
        "treaty",
        "webpage",
    ]
)

NAME_VARIABLES: tuple[str, ...] = tuple(
    [
        "author",
        "chair",
        "co-investigator",
        "collection-editor",
        "compiler",
        "composer",
        "container-author",
        "contributor",
        "curator",
        "director",
        "editor",
        "editor-translator",
        "editorial-director",
        "executive-producer",
        "guest",
        "host",
        "illustrator",
        "interviewer",
        "narrator",
        "organizer",
        "original-author",
        "performer",
        "principal-investigator",
        "producer",
        "recipient",
        "reviewed-author",
        "script-writer",
        "series-creator",
        "translator",
    ]
)

DATE_VARIABLES: tuple[str, ...] = (
    "accessed",
    "available-date",
    "event-date",
    "issued",
    "original-date",
    "submitted",
)

NUMBER_VARIABLES: tuple[str, ...] = tuple(
    [
        "chapter-number",
        "citation-number",
        "collection-number",
        "edition",
        "first-reference-note-number",
        "issue",
        "locator",
        "number",
        "number-of-pages",
        "number-of-volumes",
        "page",
        "page-first",
        "part-number",
        "printing-number",
        "section",
        "supplement-number",
        "version",
        "volume",
    ]
)

STRING_VARIABLES: tuple[str, ...] = tuple(
    [
        "abstract",
        "annote",
        "archive",
        "archive_collection",
        "archive_location",
        "archive-place",
        "authority",
        "call-number",
        "citation-key",
        "citation-label",
        "collection-title",
        "container-title",
        "container-title-short",
        "dimensions",
        "division",
        "DOI",
        "event",
        "event-title",
        "event-place",
        "genre",
        "ISBN",
        "ISSN",
        "jurisdiction",
        "keyword",
        "language",
        "license",
        "medium",
        "note",
        "original-publisher",
        "original-publisher-place",
        "original-title",
        "part-title",
        "PMCID",
        "PMID",
        "publisher",
        "publisher-place",
        "references",
        "reviewed-genre",
        "reviewed-title",
        "scale",
        "source",
        "status",
        "title",
        "title-short",
        "URL",
        "volume-title",
        "volume-title-short",
        "year-suffix",
        "journalAbbreviation",
        "shortTitle",
    ]
)

# Crossref's advice for modern DOIs; the character class stops at whitespace, quotes and
# angle brackets, and trailing sentence punctuation is trimmed afterwards.
# Angle brackets belong to a DOI only as a pair holding digits or colons and no slash
# (SICI DOIs: 10.1002/(SICI)1097-4636(199712)37:4<457::AID-JBM4>3.0.CO;2-E); otherwise
# they wrap it or are markup (<br>, </a>).
DOI_PATTERN = re.compile(r"\b10\.\d{4,9}/(?:[^\s\"<>]|<[^\s\"<>/]*[\d:][^\s\"<>/]*>)+", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^(?:doi\s*[:=]?\s*|https?://(?:dx\.)?doi\.org/|info:doi/|urn:doi:)", re.IGNORECASE)
_TRAILING = ".,;:)]}>'\u201d\u2019"


def normalize_doi(value: str | None) -> str | None:
    """The bare DOI in ``value`` (``doi:``, resolver URL and trailing punctuation removed).

    :param value: a DOI in any common written form, or ``None``.
    :returns: the DOI as written (DOIs are case-insensitive; callers compare lowercase),
        or ``None`` when ``value`` holds no DOI.
    """
    if not value:
        return None
    text = _DOI_PREFIX.sub("", value.strip())
    match = DOI_PATTERN.search(text)
    if not match:
        return None
    doi = match.group(0)
    # Balanced brackets belong to the DOI (10.1016/0006-2952(91)90100-X); an unbalanced
    # closing one, like any trailing punctuation, belongs to the sentence around it.
    while doi and doi[-1] in _TRAILING:
        if doi[-1] == ")" and doi.count("(") >= doi.count(")"):
            break
        if doi[-1] == "]" and doi.count("[") >= doi.count("]"):
            break
        doi = doi[:-1]
    return doi if "/" in doi and len(doi.split("/", 1)[1]) > 0 else None


_PAGE_DASH = re.compile(r"(?<=\w)\s*(?:-{1,3}|[\u2010-\u2015\u2212])\s*(?=\w|$)")


def normalize_pages(page: str) -> str:
    """A page range in CSL's form: ``"153 – 163"``, ``"153--163"`` → ``"153-163"``."""
    text = " ".join(page.split())
    if not any(c.isalnum() for c in text):
        return ""
    return _PAGE_DASH.sub("-", text)


def find_doi(text: str) -> str | None:
    """The first DOI anywhere in ``text``, normalised; ``None`` if there is none."""
    match = DOI_PATTERN.search(text)
    return normalize_doi(match.group(0)) if match else None


# Letters NFKD does not decompose into an ASCII base letter plus accents.
_TRANSLIT = str.maketrans("øØłŁđĐðÐı", "oOlLdDdDi") | str.maketrans(
    {"ß": "ss", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ŋ": "ng", "Æ": "AE", "æ": "ae"}
)
# Cyrillic, romanised as library catalogues commonly do (BGN/PCGN-like), so Russian,
# Ukrainian or Bulgarian authors get ids and citation keys ("ivanov2017issledovanie").
_CYRILLIC_LATIN = [
    "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u",
    "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "i", "i", "ie", "g",
]  # fmt: skip
_CYRILLIC = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ", _CYRILLIC_LATIN, strict=True))
_TRANSLIT |= str.maketrans(_CYRILLIC) | str.maketrans({k.upper(): v.capitalize() for k, v in _CYRILLIC.items()})


def to_ascii(text: str) -> str:
    """``text`` in ASCII: accents dropped, ß/æ/ø/ł... written out, other symbols removed."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text.translate(_TRANSLIT)).encode("ascii", "ignore").decode("ascii")


def slug(text: str, *, words: int | None = None) -> str:
    """Lowercase ASCII words of ``text`` joined by ``-`` (accents folded, symbols dropped).

    :param text: any text.
    :param words: keep at most this many words.
    """
    parts = re.findall(r"[a-z0-9]+", to_ascii(text).lower())
    if words is not None:
        parts = parts[:words]
    return "-".join(parts)


_STOPWORDS = FUNCTION_WORDS | {"are", "el", "is", "les"}


def year_of(record: Mapping[str, Any]) -> int | None:
    """The year of ``issued``, or ``None``."""
    try:
        value = record["issued"]["date-parts"][0][0]
        return int(value)
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def _first_family(record: Mapping[str, Any]) -> str:
    for key in ("author", "editor"):
        for name in record.get(key) or ():
            family = name.get("family") or name.get("literal") or ""
            if family:
                return family
    return ""


def make_id(record: Mapping[str, Any]) -> str:
    """A stable lowercase ASCII id: the DOI, else ``family-year-word``.

    :param record: a CSL-JSON item.
    :returns: the id; ``"untitled"``-style fallbacks keep it non-empty.
    """
    doi = normalize_doi(record.get("DOI"))
    if doi:
        return doi.lower()
    family = slug(_first_family(record), words=2) or "anon"
    year = year_of(record)
    title_words = [w for w in slug(plain(str(record.get("title") or ""))).split("-") if w and w not in _STOPWORDS]
    word = title_words[0] if title_words else "untitled"
    return f"{family}-{year if year is not None else 'nd'}-{word}"


def parts_of(date: Any) -> list[int]:
    """The first ``[y, m, d]`` of a CSL date (``date-parts``, else ``raw``/``literal``
    text read by :func:`citekit.dates.parse_date`); ``[]`` when it gives none."""
    if not isinstance(date, Mapping):
        return []
    for parts in date.get("date-parts") or ():
        try:
            ints = [int(p) for p in parts]
        except (TypeError, ValueError):
            continue
        if ints:
            return ints[:3]
    text = date.get("raw") or date.get("literal")
    if isinstance(text, str):
        from citekit.dates import parse_date

        return parse_date(text) or []
    return []


def date_parts(
    year: int | str | None, month: int | str | None = None, day: int | str | None = None
) -> dict[str, Any] | None:
    """A CSL date ``{"date-parts": [[y, m, d]]}`` from its parts; ``None`` without a year."""
    if year in (None, ""):
        return None
    parts = [int(year)]
    if month not in (None, ""):
        parts.append(int(month))
        if day not in (None, ""):
            parts.append(int(day))
    return {"date-parts": [parts]}


_SPACES = re.compile(r"\s+")


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        # The same as _SPACES.sub(" ", value).strip() (str.split and the pattern's \s agree
        # on every code point), in half the time: it runs on every string of every record.
        return " ".join(value.split())
    if isinstance(value, list):
        cleaned = [_clean(v) for v in value]
        return [v for v in cleaned if v not in (None, "", [], {})]
    if isinstance(value, dict):
        cleaned_dict = {k: _clean(v) for k, v in value.items()}
        return {k: v for k, v in cleaned_dict.items() if v not in (None, "", [], {})}
    return value


# Fields whose text is meaningful with its line breaks (kept apart from whitespace folding).
_KEEP_LAYOUT = frozenset({"abstract", "note", "annote"})


def normalize(record: Mapping[str, Any], *, default_type: str = "article-journal") -> Record:
    """A clean copy of ``record``: whitespace folded, empty values dropped, CSL shapes fixed.

    Fixes the shapes real inputs get wrong: ``container-title`` as a list, numbers as
    ints, a DOI written as a URL. Sets ``type`` (``default_type`` when missing or not a
    CSL type) and ``id`` (:func:`make_id`) when absent.

    :param record: a CSL-JSON-like mapping.
    :param default_type: the type to use when the record has none.
    :returns: a new dict; ``record`` is not modified.
    """
    out: Record = {}
    for key, value in record.items():
        if key in _KEEP_LAYOUT and isinstance(value, str):
            value = value.strip()
        elif key in ("custom",):
            value = dict(value) if isinstance(value, Mapping) else value
        else:
            value = _clean(value)
        if value in (None, "", [], {}):
            continue
        out[key] = value
    for key in ("container-title", "title", "publisher", "ISSN", "ISBN", "URL", "collection-title"):
        if isinstance(out.get(key), list):
            out[key] = str(out[key][0])
    for key in NUMBER_VARIABLES:
        if isinstance(out.get(key), (int, float)) and not isinstance(out.get(key), bool):
            out[key] = str(out[key])
    if "DOI" in out:
        doi = normalize_doi(str(out["DOI"]))
        if doi:
            out["DOI"] = doi
        else:
            del out["DOI"]
    if out.get("type") not in CSL_TYPES:
        out["type"] = default_type
    if not out.get("id"):
        out["id"] = make_id(out)
    return out


def merge(primary: Mapping[str, Any], secondary: Mapping[str, Any], *, source: str | None = None) -> Record:
    """Fill the gaps of ``primary`` from ``secondary``, field by field.

    ``primary`` wins on every field both hold; ``custom`` is merged one level deep the
    same way. When ``source`` is given, each field taken from ``secondary`` is recorded in
    ``custom.source`` as coming from it.

    :param primary: the preferred record.
    :param secondary: the record that fills gaps.
    :param source: a name for ``secondary`` in the provenance map.
    :returns: a new record.
    """
    out: Record = dict(primary)
    custom: dict[str, Any] = dict(primary.get("custom") or {})
    provenance: dict[str, Any] = dict(custom.get("source") or {})
    for key, value in secondary.items():
        if key == "custom" or value in (None, "", [], {}):
            continue
        if key in ("id",) and key in out:
            continue
        if out.get(key) in (None, "", [], {}):
            out[key] = value
            if source:
                provenance[key] = source
    for key, value in (secondary.get("custom") or {}).items():
        if key == "source":
            continue
        if custom.get(key) in (None, "", [], {}):
            custom[key] = value
    if provenance:
        custom["source"] = provenance
    if custom:
        out["custom"] = custom
    return out


@functools.lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The CSL-JSON schema (array of items) kept in ``citekit/data/csl-data.json``."""
    text = resources.files("citekit").joinpath("data/csl-data.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@functools.lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema  # imported late: only validation needs it

    return jsonschema.Draft7Validator(schema())


def validate(records: Record | Iterable[Record]) -> list[str]:
    """Schema problems of one record or many, as ``path: message`` lines.

    :param records: a record or an iterable of records.
    :returns: an empty list when everything validates.
    """
    items = [records] if isinstance(records, Mapping) else list(records)
    problems = []
    for error in _validator().iter_errors(items):
        path = "/".join(str(p) for p in error.absolute_path)
        problems.append(f"{path or '.'}: {error.message}")
    return problems
