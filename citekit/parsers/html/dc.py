"""Dublin Core / DCTERMS, PRISM and EPrints meta tags.

The page collector has already resolved ``<link rel="schema.X" href=...>`` prefixes, so
keys arrive as ``dc.*``, ``dcterms.*``, ``prism.*`` and ``eprints.*`` in lower case,
whatever the page called them (``DC.Title``, ``DCTERMS.issued``, ``foo.title`` with
``schema.foo`` pointing at purl.org/dc/elements).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from citekit.dates import parse_date
from citekit.names import split_name
from citekit.parsers.common import (
    Partial,
    Person,
    clean,
    doi_of,
    norm_isbn,
    norm_issn,
    norm_language,
    page_range,
    person,
    split_keywords,
    type_from,
)
from citekit.parsers.html.meta import MetaBag
from citekit.record import date_parts

__all__ = ["dc_name", "extract_dc", "extract_eprints", "extract_prism"]


def dc_name(value: str) -> dict[str, str]:
    """A DC creator as a CSL name.

    Atypon sites (ACS, Taylor & Francis, Annual Reviews) write "Given  Family" with two
    spaces between the parts: the double space is the split, and it keeps "Gulzar Ahmad
    Nayik" and "Livius V. d'Uscio" right where a guess would not.
    """
    raw = value.replace("\u00a0", " ").strip()
    if "," not in raw:
        pieces = re.split(r"(?<=\S) {2,}(?=\S)", raw)
        if len(pieces) == 2:
            given, family = (" ".join(p.split()) for p in pieces)
            return {"family": family, "given": given}
    return split_name(clean(raw))


_DOUBLE = re.compile(r"\S {2,}\S")


def _date(part: Partial, bag: MetaBag, keys: tuple[str, ...]) -> None:
    for key in keys:
        for value in bag.values(key):
            parts = parse_date(value)
            if parts:
                part.put("issued", date_parts(*parts), key)
                return


_DC_AUTHOR_KEYS = (
    "dc.creator", "dc.creator.personalname", "dc.contributor.author", "dcterms.creator", "dc.creator.author",
)
_DC_ISSUED = (
    "dc.date.issued", "dcterms.issued", "dc.issued", "dc.date.published", "dc.date", "dcterms.date", "dc.date.created",
    "dcterms.created",
)
_DC_EVENTS = (
    ("dc.date.issued", "published"), ("dcterms.issued", "published"), ("dc.issued", "published"),
    ("dcterms.available", "published-online"), ("dc.date.available", "published-online"),
    ("dc.date.datesubmitted", "received"), ("dcterms.datesubmitted", "received"),
    ("dcterms.dateaccepted", "accepted"), ("dc.date.accepted", "accepted"),
)
_DC_IDENTIFIERS = ("dc.identifier.doi", "dc.identifier", "dcterms.identifier", "dc.identifier.uri", "dc.relation.uri")
_DC_URL_KEYS = frozenset(("dc.identifier.uri", "dc.identifier", "dcterms.identifier"))
_DOI_SCHEMES = frozenset(("doi", "uri", "url", "dcterms.uri"))
_DOI_WRITTEN = re.compile(r"(?i)(?:doi:|info:doi/|https?://(?:dx\.)?doi\.org/|10\.)")
_DC_CONTAINERS = (
    "dcterms.ispartof", "dc.relation.ispartof", "dc.source", "dcterms.source", "dc.relation.ispartofseries",
)
_NOT_A_NAME = re.compile(r"(?i)^(?:https?://|www\.|urn:|info:)")
_VOLUME_AFTER = re.compile(r"\s*[;,]\s*(?:vol\.?|volume|no\.?|\(\d{4}\))", re.IGNORECASE)
# Keys read as they are: (key, CSL variable, normaliser or None).
_DC_SLOTS: tuple[tuple[str, str, Callable[[str | None], str | None] | None], ...] = (
    ("dc.source.issn", "ISSN", norm_issn),
    ("dc.source.volume", "volume", None),
    ("dc.source.issue", "issue", None),
    ("dc.publisher", "publisher", None),
    ("dcterms.publisher", "publisher", None),
)
_DC_ABSTRACTS = ("dcterms.abstract", "dc.description.abstract", "dc.description", "dcterms.description")
_DC_SUBJECTS = ("dc.subject", "dcterms.subject", "dc.subject.keywords", "dc.subject.other")
_DC_LICENSES = ("dcterms.license", "dc.rights.uri", "dc.rights", "dcterms.rights", "dc.rights.license")
_LICENSE_WORDS = re.compile(r"(?i)licen[cs]e|creative\s*commons|\bcc[- ]by")


def extract_dc(bag: MetaBag) -> Partial:
    """Dublin Core and DCTERMS tags as a :class:`Partial`."""
    part = Partial("dc")
    for key in ("dc.title", "dcterms.title"):
        value = bag.first(key)
        if value:
            part.put("title", value[0], value[1])
    _dc_authors(part, bag)
    _date(part, bag, _DC_ISSUED)
    for key, event in _DC_EVENTS:
        value = bag.first(key)
        if value:
            part.date(event, value[0])
    for key in _DC_IDENTIFIERS:
        for meta in bag.all(key):
            _dc_identifier(part, key, meta.scheme.lower(), clean(meta.value))
    _dc_container(part, bag)
    for key, slot, fix in _DC_SLOTS:
        value = bag.first(key)
        if value:
            part.put(slot, fix(value[0]) if fix else value[0], key)
    _dc_texts(part, bag)
    return part


def _dc_authors(part: Partial, bag: MetaBag) -> None:
    """The creators under the first author key that has any."""
    for key in _DC_AUTHOR_KEYS:
        raws = [m.value for m in bag.all(key) if clean(m.value)]
        if raws:
            made = [person(dc_name(v), structured="," in v or bool(_DOUBLE.search(v.strip()))) for v in raws]
            part.authors = [p for p in made if p]
            part.author_source = key
            break


def _dc_identifier(part: Partial, key: str, scheme: str, written: str) -> None:
    """One identifier: by its scheme when it names one (ISBN, ISSN), else by its form
    (a DOI, a web address, a ``urn:isbn:`` / ``urn:issn:``)."""
    if scheme and scheme not in _DOI_SCHEMES and "doi" not in scheme:
        if scheme in ("isbn",):
            part.put("ISBN", norm_isbn(written), key)
        elif scheme in ("issn",):
            part.put("ISSN", norm_issn(written), key)
        return
    doi = doi_of(written)
    if doi and (scheme == "doi" or key.endswith("doi") or _DOI_WRITTEN.match(written)):
        part.put("DOI", doi, key)
    elif written.startswith("http") and key in _DC_URL_KEYS:
        part.put("URL", written, key)
    elif written.lower().startswith("urn:isbn:"):
        part.put("ISBN", norm_isbn(written), key)
    elif written.lower().startswith("urn:issn:"):
        part.put("ISSN", norm_issn(written), key)


def _dc_container(part: Partial, bag: MetaBag) -> None:
    for key in _DC_CONTAINERS:
        value = bag.first(key)
        if value and not _NOT_A_NAME.match(value[0]) and len(value[0]) < 300:
            # A DC source is often the journal, but some platforms put the citation or
            # a volume string there; keep only the journal-like part before "; Vol".
            name = _VOLUME_AFTER.split(value[0], maxsplit=1)[0]
            part.put("container-title", name.strip(" .,;"), key)
            break


def _dc_texts(part: Partial, bag: MetaBag) -> None:
    """Abstract (the longest description), subjects, language, type and licence."""
    for key in _DC_ABSTRACTS:
        metas = [m for m in bag.all(key) if clean(m.value)]
        if metas:
            part.put("abstract", clean(max(metas, key=lambda m: len(m.value)).value, keep_breaks=True), key)
            break
    for key in _DC_SUBJECTS:
        words = split_keywords(bag.values(key))
        if words:
            part.put("keyword", ", ".join(words), key)
            break
    for key in ("dc.language", "dcterms.language", "dc.language.iso"):
        value = bag.first(key)
        if value:
            part.put("language", norm_language(value[0]), key)
    for key in ("dc.type", "dcterms.type"):
        mapped = next((m for m in (type_from(w) for w in bag.values(key)) if m), None)
        if mapped:
            part.put("type", mapped, key)
    for key in _DC_LICENSES:
        licence = next((w for w in bag.values(key) if w.startswith("http") or _LICENSE_WORDS.search(w)), None)
        if licence:
            part.put("license", licence, key)


_PRISM_EVENTS = (
    ("prism.publicationdate", "published"),
    ("prism.onlinedate", "published-online"),
    ("prism.coverdate", "published-print"),
)
# What a PRISM aggregation type makes the work: an article in a journal, a chapter in a book ...
_AGGREGATION_TYPES = {
    "journal": "article-journal", "book": "chapter", "magazine": "article-magazine", "newspaper": "article-newspaper",
}


def extract_prism(bag: MetaBag) -> Partial:
    """PRISM tags (``prism.publicationName``, ``prism.doi``, ...) as a :class:`Partial`."""
    part = Partial("prism")
    for key, slot in (
        ("prism.publicationname", "container-title"),
        ("prism.volume", "volume"),
        ("prism.number", "issue"),
        ("prism.issueidentifier", "issue"),
        ("prism.publisher", "publisher"),
        ("prism.edition", "edition"),
        ("prism.title", "title"),
    ):
        value = bag.first(key)
        if value:
            part.put(slot, value[0], key)
    doi = bag.first("prism.doi")
    if doi:
        part.put("DOI", doi_of(doi[0]), doi[1])
    url = bag.first("prism.url")
    if url and url[0].startswith("http"):
        part.put("URL", url[0], url[1])
    issns = [i for i in (norm_issn(v) for k in ("prism.issn", "prism.eissn") for v in bag.values(k)) if i]
    if issns:
        part.put("ISSN", ", ".join(dict.fromkeys(issns)), "prism.issn")
    isbn = bag.first("prism.isbn")
    if isbn:
        part.put("ISBN", norm_isbn(isbn[0]), isbn[1])
    first, last = bag.first("prism.startingpage"), bag.first("prism.endingpage")
    pages = page_range(first[0] if first else None, last[0] if last else None)
    if pages:
        part.put("page", pages, "prism.startingpage")
    else:
        whole = bag.first("prism.pagerange")
        if whole:
            part.put("page", page_range(whole[0]), whole[1])
    _date(part, bag, ("prism.publicationdate", "prism.coverdate", "prism.coverdisplaydate", "prism.onlinedate"))
    for key, event in _PRISM_EVENTS:
        value = bag.first(key)
        if value:
            part.date(event, value[0])
    words = split_keywords(bag.values("prism.keyword"))
    if words:
        part.put("keyword", ", ".join(words), "prism.keyword")
    aggregation = bag.first("prism.aggregationtype")
    if aggregation:
        part.put("type", _AGGREGATION_TYPES.get(aggregation[0].lower()), aggregation[1])
    return part


# The event an EPrints date is, by its ``eprints.date_type``.
_EPRINTS_EVENTS = {"published": "published", "submitted": "received", "accepted": "accepted"}


def extract_eprints(bag: MetaBag) -> Partial:
    """EPrints repository tags (``eprints.creators_name`` ...) as a :class:`Partial`."""
    part = Partial("eprints")
    value = bag.first("eprints.title")
    if value:
        part.put("title", value[0], value[1])
    names = bag.values("eprints.creators_name")
    emails = bag.values("eprints.creators_id")
    orcids = bag.values("eprints.creators_orcid")
    people: list[Person] = []
    for i, name in enumerate(names):
        email = emails[i] if i < len(emails) and len(emails) == len(names) else None
        orcid = orcids[i] if i < len(orcids) and len(orcids) == len(names) else None
        made = person(split_name(name), email=email, orcid=orcid)
        if made:
            people.append(made)
    part.authors, part.author_source = people, "eprints.creators_name"
    part.editors = [p for p in (person(split_name(n)) for n in bag.values("eprints.editors_name")) if p]
    kind = bag.first("eprints.type")
    if kind:
        part.put("type", type_from(kind[0]), kind[1])
    for key, slot in (
        ("eprints.publication", "container-title"),
        ("eprints.book_title", "container-title"),
        ("eprints.event_title", "container-title"),
        ("eprints.volume", "volume"),
        ("eprints.number", "issue"),
        ("eprints.publisher", "publisher"),
        ("eprints.institution", "publisher"),
        ("eprints.place_of_pub", "publisher-place"),
        ("eprints.official_url", "URL"),
    ):
        value = bag.first(key)
        if value:
            part.put(slot, value[0], key)
    pages = bag.first("eprints.pagerange")
    if pages:
        part.put("page", page_range(pages[0]), pages[1])
    for key in ("eprints.id_number", "eprints.doi"):
        value = bag.first(key)
        if value and doi_of(value[0]):
            part.put("DOI", doi_of(value[0]), key)
    issn = bag.first("eprints.issn")
    if issn:
        part.put("ISSN", norm_issn(issn[0]), issn[1])
    isbn = bag.first("eprints.isbn")
    if isbn:
        part.put("ISBN", norm_isbn(isbn[0]), isbn[1])
    date = bag.first("eprints.date")
    if date:
        parts = parse_date(date[0])
        if parts:
            part.put("issued", date_parts(*parts), date[1])
            date_type = (bag.first("eprints.date_type") or ("published", ""))[0].lower()
            part.date(_EPRINTS_EVENTS.get(date_type, "published"), date[0])
    abstract = [m for m in bag.all("eprints.abstract") if clean(m.value)]
    if abstract:
        part.put("abstract", clean(abstract[0].value, keep_breaks=True), "eprints.abstract")
    words = split_keywords(bag.values("eprints.keywords"))
    if words:
        part.put("keyword", ", ".join(words), "eprints.keywords")
    return part
