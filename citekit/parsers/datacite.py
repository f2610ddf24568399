"""DataCite JSON (the REST API's JSON:API ``{"data": {"type": "dois", "attributes": …}}``,
or the attributes alone as DataCite exports them) → a CSL-JSON record.

Mapped as Zotero's DataCite JSON import maps it: the type from DataCite's own CSL type
(software and book chapters by their resource type), titles with subtitles, creators and
contributors, the publisher (the repository of a dataset or preprint), the issue date
(else the first of updated, available, accepted, submitted, created, else the
publication year), subjects, rights, the abstract, the container (``container`` or a
related item the work ``IsPublishedIn``) with volume, issue, pages and ISSN/ISBN.
Affiliations and ORCID iDs go to ``custom.authors``, every dated event to
``custom.dates``, funding to ``custom.grants``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from citekit.dates import parse_date, to_csl, to_iso
from citekit.errors import ParseError
from citekit.names import split_name
from citekit.parsers.common import norm_language, norm_orcid
from citekit.record import CSL_TYPES, Record, normalize, normalize_doi
from citekit.source import Source

__all__ = ["attributes_of", "parse"]

_SOFTWARE = frozenset({"softwaresourcecode", "softwareapplication", "mobileapplication", "videogame", "webapplication"})
_GENERAL = {"dataset": "dataset", "software": "software", "preprint": "article", "bookchapter": "chapter"}
_DATE_ORDER = ("Issued", "Updated", "Available", "Accepted", "Submitted", "Created")


def _str(value: Any) -> str:
    return value.strip() if isinstance(value, str) else str(value) if isinstance(value, int) else ""


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if isinstance(value, dict) else []


def attributes_of(value: Any) -> dict[str, Any] | None:
    """The DataCite attributes in a parsed JSON document, or ``None`` if it holds none."""
    if not isinstance(value, dict):
        return None
    data = value.get("data")
    if isinstance(data, dict) and data.get("type") == "dois" and isinstance(data.get("attributes"), dict):
        attributes: dict[str, Any] = data["attributes"]
        return attributes
    datacite = str(value.get("schemaVersion") or "").startswith("http://datacite.org/schema/")
    if (datacite or str(value.get("agency") or "").lower() == "datacite") and "titles" in value:
        return value
    return None


def _type(types: dict[str, Any]) -> str:
    general = _str(types.get("resourceTypeGeneral")).lower()
    if _str(types.get("schemaOrg")).lower() in _SOFTWARE:
        return "software"
    if general == "bookchapter":
        return "chapter"
    citeproc = _str(types.get("citeproc"))
    if citeproc in CSL_TYPES and not (citeproc == "article" and general in _GENERAL):
        return citeproc
    return _GENERAL.get(general, citeproc if citeproc in CSL_TYPES else "document")


def _title(titles: list[Any]) -> str:
    main, subtitle, other = "", "", ""
    for entry in titles:
        text = _str(entry.get("title")) if isinstance(entry, dict) else ""
        kind = _str(entry.get("titleType")).lower() if isinstance(entry, dict) else ""
        if not text:
            continue
        if not kind and not main:
            main = text
        elif kind == "subtitle" and not subtitle:
            subtitle = text
        elif not other:
            other = text
    if main and subtitle:
        return f"{main}: {subtitle}"
    return main or other


def _person(entry: dict[str, Any]) -> tuple[dict[str, str], dict[str, Any]]:
    family, given, name = _str(entry.get("familyName")), _str(entry.get("givenName")), _str(entry.get("name"))
    if family:
        csl = {"family": family, "given": given} if given else {"family": family}
    elif _str(entry.get("nameType")) == "Personal" and name:
        csl = split_name(name)
    else:
        csl = {"literal": name} if name else {}
    extra: dict[str, Any] = {}
    affiliations = [_str(a.get("name")) if isinstance(a, dict) else _str(a) for a in _list(entry.get("affiliation"))]
    if any(affiliations):
        extra["affiliation"] = [a for a in affiliations if a]
    for identifier in _list(entry.get("nameIdentifiers")):
        if _str(identifier.get("nameIdentifierScheme")).upper() == "ORCID":
            orcid = norm_orcid(_str(identifier.get("nameIdentifier")))
            if orcid:
                extra["ORCID"] = orcid
    return csl, extra


_PAGE = re.compile(r"^[A-Za-z]{0,2}\d{1,7}[A-Za-z]?$")


def _pages(holder: dict[str, Any]) -> str:
    """``firstPage``-``lastPage``; repositories put issue statements there too ("Bd. 1 Nr. 1
    (2018)"), which are not pages."""
    first, last = _str(holder.get("firstPage")), _str(holder.get("lastPage"))
    if not _PAGE.match(first) or (last and not _PAGE.match(last)):
        return ""
    return f"{first}-{last}" if last and last != first else first


_UNIT = r"(?:pages?|pp?\.?|seiten|s\.|blz\.?|pagine|páginas)"
_SIZE_RANGE = re.compile(
    rf"^(?:{_UNIT}\s*)?(\w{{1,8}})\s*[-\u2010-\u2015]\s*(\w{{1,8}})(?:\s*{_UNIT})?$", re.IGNORECASE
)
_SIZE_COUNT = re.compile(rf"^(\d{{1,6}})\s*{_UNIT}$", re.IGNORECASE)


def _sizes(record: Record, attrs: dict[str, Any]) -> None:
    """DataCite's ``sizes`` (free text: "42-79 Seiten", "120 pages", "3.2 MB"): a page range
    is the pages (repositories of journal articles put them there), a page count the number
    of pages; other sizes stay out of the record."""
    for size in (_str(s) for s in _list(attrs.get("sizes"))):
        pages, count = _SIZE_RANGE.match(size), _SIZE_COUNT.match(size)
        if pages and any(c.isdigit() for c in size) and not record.get("page"):
            record["page"] = f"{pages.group(1)}-{pages.group(2)}"
        elif count and not record.get("number-of-pages"):
            record["number-of-pages"] = count.group(1)


def _container(record: Record, attrs: dict[str, Any]) -> None:
    container: dict[str, Any] = attrs["container"] if isinstance(attrs.get("container"), dict) else {}
    published_in = next(
        (r for r in _list(attrs.get("relatedItems")) if _str(r.get("relationType")) == "IsPublishedIn"), None
    )
    if container and _str(container.get("type")) in ("Series", "Journal", "Book", "BookSeries"):
        record["container-title"] = _str(container.get("title"))
        record["volume"] = _str(container.get("volume"))
        record["issue"] = _str(container.get("issue"))
        record["page"] = _pages(container)
    if container and _str(container.get("identifierType")) in ("ISSN", "ISBN"):
        record[_str(container.get("identifierType"))] = _str(container.get("identifier"))
    if published_in is not None:
        titles = _list(published_in.get("titles"))
        record["container-title"] = _title(titles) or record.get("container-title", "")
        for key in ("volume", "issue", "edition"):
            record[key] = _str(published_in.get(key)) or record.get(key, "")
        record["page"] = _pages(published_in) or record.get("page", "")
        year = _str(published_in.get("publicationYear"))
        if year.isdigit():
            record["issued"] = {"date-parts": [[int(year)]]}  # a chapter is dated by its book
        related = published_in.get("relatedItemIdentifier")
        if isinstance(related, dict) and _str(related.get("relatedItemIdentifierType")) in ("ISSN", "ISBN"):
            record[_str(related.get("relatedItemIdentifierType"))] = _str(related.get("relatedItemIdentifier"))
    for related in _list(attrs.get("relatedIdentifiers")):
        kind = _str(related.get("relatedIdentifierType"))
        if kind in ("ISSN", "ISBN") and not record.get(kind):
            record[kind] = _str(related.get("relatedIdentifier"))


def _people(attrs: dict[str, Any], record: Record) -> list[dict[str, Any]]:
    """Creators as authors, contributors as editors or contributors; returns the authors' extras."""
    extras: list[dict[str, Any]] = []
    for entry in _list(attrs.get("creators")):
        csl, extra = _person(entry)
        if csl:
            record.setdefault("author", []).append(csl)
            extras.append(extra)
    for entry in _list(attrs.get("contributors")):
        csl, _ = _person(entry)
        role = "editor" if _str(entry.get("contributorType")).lower() == "editor" else "contributor"
        if csl and csl not in record.get(role, []):  # one name per role, however many roles DataCite lists
            record.setdefault(role, []).append(csl)
    return extras


def _texts(attrs: dict[str, Any], record: Record) -> None:
    """Identifiers, language, subjects, version, rights, formats and the abstract."""
    record["DOI"] = normalize_doi(_str(attrs.get("doi"))) or ""
    record["URL"] = _str(attrs.get("url"))
    language = _str(attrs.get("language"))
    record["language"] = norm_language(language) or language
    subjects = [_str(s.get("subject")) for s in _list(attrs.get("subjects"))]
    record["keyword"] = ", ".join(dict.fromkeys(s for s in subjects if s))
    record["version"] = _str(attrs.get("version"))
    record["license"] = ", ".join(r for r in (_str(x.get("rights")) for x in _list(attrs.get("rightsList"))) if r)
    record["medium"] = ", ".join(f for f in (_str(x) for x in attrs.get("formats") or []) if f)
    # Several abstracts (one per language): the last, as Zotero takes it.
    abstracts = [d for d in _list(attrs.get("descriptions")) if _str(d.get("descriptionType")) == "Abstract"]
    record["abstract"] = _str(abstracts[-1].get("description")) if abstracts else ""


def _custom(attrs: dict[str, Any], extras: list[dict[str, Any]], dates: dict[str, str]) -> dict[str, Any]:
    """Author extras, every dated event and the grants."""
    custom: dict[str, Any] = {}
    if any(extras):
        custom["authors"] = extras
    events = {k.lower(): to_iso(parse_date(v)) for k, v in dates.items() if k and v}
    if any(events.values()):
        custom["dates"] = {k: v for k, v in events.items() if v}
    grants = [
        {k: v for k, v in (("agency", _str(f.get("funderName"))), ("id", _str(f.get("awardNumber")))) if v}
        for f in _list(attrs.get("fundingReferences"))
    ]
    if any(grants):
        custom["grants"] = [g for g in grants if g]
    return custom


def _record(attrs: dict[str, Any]) -> Record:
    types: dict[str, Any] = attrs["types"] if isinstance(attrs.get("types"), dict) else {}
    record: Record = {"type": _type(types), "title": _title(_list(attrs.get("titles")))}
    extras = _people(attrs, record)
    publisher = attrs.get("publisher")
    record["publisher"] = _str(publisher.get("name")) if isinstance(publisher, dict) else _str(publisher)
    dates = {_str(d.get("dateType")): _str(d.get("date")) for d in reversed(_list(attrs.get("dates")))}
    written = next((dates[k] for k in _DATE_ORDER if dates.get(k)), "") or _str(attrs.get("publicationYear"))
    issued = to_csl(written) if written else None
    if issued:
        record["issued"] = issued
    _texts(attrs, record)
    _container(record, attrs)
    _sizes(record, attrs)
    custom = _custom(attrs, extras, dates)
    if custom:
        record["custom"] = custom
    return normalize(record, default_type="document")


def parse(source: Source) -> list[Record]:
    """One record from DataCite JSON.

    :param source: a source in format ``datacite``.
    :returns: the record (none when it has neither title nor DOI).
    :raises ParseError: the JSON is not a DataCite record.
    """
    try:
        value = json.loads(source.text)
    except ValueError as exc:
        raise ParseError(f"not JSON: {exc}", origin=source.origin) from exc
    attrs = attributes_of(value)
    if attrs is None:
        raise ParseError("not a DataCite record (no JSON:API 'dois' data, no DataCite schemaVersion)")
    record = _record(attrs)
    return [record] if record.get("title") or record.get("DOI") else []
