"""Merge what several vocabularies say about one page, field by field.

Priority (first wins, per field), from the vocabulary made for citations to the one made
for link previews:

1. Highwire ``citation_*`` (incl. ``bepress_``, ``dc.citation_``): Google Scholar's
   inclusion rules make publishers keep it right.
2. EPrints ``eprints.*``: repository records, curated.
3. JSON-LD schema.org, then 4. microdata schema.org: structured names and containers.
5. PRISM, 6. Dublin Core / DCTERMS: right but coarse (a ``dc.date`` may be any date).
7. COinS, 8. Open Graph / ``article:*`` / Twitter, 8b. volume, issue and pages read from a
   citation string (:mod:`citekit.parsers.html.citestring`), 9. the page's visible text (see
   :mod:`citekit.parsers.text.page`; only for what the metadata lacks), 10. class-named bylines
   (hCard), 11. plain HTML (``<title>``, ``description``): titles carry site names,
   descriptions are cut short.

Exceptions, each for a reason:

- ``abstract``: a value cut short ("...", "…") gives way to a longer one that starts
  the same way.
- ``author``: the list (order and count) comes from the first vocabulary that has one
  (one naming only organisations gives way to one naming people);
  affiliations, ORCID iDs, e-mails and the corresponding flag are then added from every
  other vocabulary naming the same person, and a name split by guesswork ("Ahmet Engin
  Pazarçeviren") takes the family/given split of a source that states it (JSON-LD
  ``familyName``, a "Family, Given" value, an Atypon double space).
- ``custom.dates``, ``custom.identifiers``: the union, first source winning per key.
- ``custom.references``: the first vocabulary that lists references.

Where each field came from is kept in ``custom.source``.
"""

from __future__ import annotations

import re
from typing import Any

from citekit.names import fold
from citekit.parsers.common import Partial, Person
from citekit.parsers.html.choose import arxiv_doi, choose_issued, distinct_people, name_key, plausible_page
from citekit.record import Record, normalize

__all__ = ["PRIORITY", "merge_partials"]

PRIORITY = (
    "highwire",
    "eprints",
    "json-ld",
    "microdata",
    "prism",
    "dc",
    "coins",
    "og",
    "citation-string",
    "text",
    "hcard",
    "html",
)

_ABSTRACT_LABEL = re.compile(r"^(?:abstract|summary|résumé|resumen|zusammenfassung)\s*[:.\-–]?\s+(?=\S)", re.IGNORECASE)
_TRUNCATED = re.compile(r"(?:\.\.\.|\u2026|\[\.\.\.\])\s*$")


def _order(partials: list[Partial]) -> list[Partial]:
    rank = {name: i for i, name in enumerate(PRIORITY)}
    return sorted(partials, key=lambda p: rank.get(p.vocab, len(PRIORITY)))


def _key(name: dict[str, str]) -> str:
    return re.sub(r"[^a-z]", "", fold(name.get("family") or name.get("literal") or ""))


def _whole(name: dict[str, str]) -> str:
    # Order left out: "Roe Ann" split the wrong way round is still Ann Roe.
    return name_key(name).replace(" ", "")


def _initials_match(a: dict[str, str], b: dict[str, str]) -> bool:
    ga, gb = fold(a.get("given", "")), fold(b.get("given", ""))
    return not ga or not gb or ga[:1] == gb[:1]


def _match(person: Person, others: list[Person], index: int, same_length: bool) -> Person | None:
    name = person["name"]
    key = _key(name)
    if same_length and index < len(others):
        candidate = others[index]["name"]
        if _key(candidate) == key or _whole(candidate) == _whole(name):
            return others[index]
    hits = [o for o in others if _key(o["name"]) == key and key and _initials_match(name, o["name"])]
    if len(hits) == 1:
        return hits[0]
    whole = [o for o in others if _whole(o["name"]) == _whole(name) and _whole(name)]
    return whole[0] if len(whole) == 1 else None


def _merge_authors(ordered: list[Partial]) -> tuple[list[Person], str]:
    lists = [p for p in ordered if p.authors]
    if not lists:
        return [], ""
    main = lists[0]
    if all("literal" in a["name"] for a in main.authors):
        # An organisation as the only "author" (a news site's microdata names its desk)
        # gives way to a vocabulary that names people.
        main = next((p for p in lists if any("family" in a["name"] for a in p.authors)), main)
        lists = [main] + [p for p in lists if p is not main]
    people = distinct_people([dict(p) for p in main.authors])
    for other in lists[1:]:
        same = len(other.authors) == len(people)
        for i, entry in enumerate(people):
            twin = _match(entry, other.authors, i, same)
            if twin is None:
                continue
            if not entry.get("_split") and twin.get("_split") and _whole(twin["name"]) == _whole(entry["name"]):
                entry["name"] = dict(twin["name"])
                entry["_split"] = True
            for key in ("affiliation", "ORCID", "email", "corresponding"):
                if key in twin and key not in entry:
                    entry[key] = twin[key]
    return people, main.author_source


def merge_partials(partials: list[Partial], *, default_type: str | None = None) -> Record:
    """One normalised record from the partials of one page.

    :param partials: what each vocabulary found (any order; empty ones are ignored).
    :param default_type: the CSL type when no vocabulary states one.
    :returns: the record, with ``custom.source`` naming each field's origin.
    """
    ordered = _order([p for p in partials if p])
    record, source = _first_values(ordered)
    choose_issued(record, source, ordered)
    plausible_page(record, source, ordered)
    _whole_abstract(record, source, ordered)
    custom = _people(record, source, ordered)
    dates, identifiers, links = _unions(ordered)
    arxiv_doi(record, source, identifiers, links)
    references = next((p.references for p in ordered if p.references), [])
    warnings = [w for p in ordered for w in p.warnings]
    _type_and_site(record, source, links, default_type)
    links.pop("site", None)
    links.pop("section", None)
    extras_by_key = (
        ("dates", dates),
        ("identifiers", identifiers),
        ("references", references),
        ("links", links),
        ("warnings", list(dict.fromkeys(warnings))),
    )
    for key, value in extras_by_key:
        if value:
            custom[key] = value
    if source:
        custom["source"] = {k: source[k] for k in sorted(source)}
    if custom:
        record["custom"] = custom
    return normalize(record, default_type=record["type"])


def _people(record: Record, source: dict[str, str], ordered: list[Partial]) -> dict[str, Any]:
    """Authors and editors into ``record``; the ``custom`` started with the authors' extras."""
    people, author_source = _merge_authors(ordered)
    custom: dict[str, Any] = {}
    if people:
        record["author"] = [p["name"] for p in people]
        source["author"] = author_source
        extras = [{k: p[k] for k in ("affiliation", "ORCID", "corresponding", "email") if k in p} for p in people]
        if any(extras):
            custom["authors"] = extras
    editors = next((p.editors for p in ordered if p.editors), [])
    if editors:
        record["editor"] = [p["name"] for p in editors]
    return custom


# Types whose container, when no vocabulary names one, is the site (og:site_name).
_WEB_TYPES = ("webpage", "post-weblog", "post")


def _type_and_site(record: Record, source: dict[str, str], links: dict[str, str], default_type: str | None) -> None:
    """The type when no vocabulary states one (from the container, or an ISBN alone), and
    a web page's site as its container."""
    if "type" not in record:
        record["type"] = default_type or ("article-journal" if _journal_like(record, source) else "article")
        if record.get("ISBN") and not record.get("container-title"):
            record["type"] = "book"
    if record.get("type") in _WEB_TYPES and links.get("site") and not record.get("container-title"):
        record["container-title"] = links["site"]
        source["container-title"] = "og:site_name"


# Fields that number an article within a journal.
_JOURNAL_NUMBERS = ("ISSN", "volume", "issue", "page")


def _journal_like(record: Record, source: dict[str, str]) -> bool:
    """True when the container reads as a journal: a PRISM ``publicationName`` alone names
    the work's outlet (a film's studio, a blog, a data repository), not a journal."""
    if not record.get("container-title"):
        return False
    if source.get("container-title") != "prism.publicationname":
        return True
    return any(record.get(k) for k in _JOURNAL_NUMBERS)


def _first_values(ordered: list[Partial]) -> tuple[Record, dict[str, str]]:
    """Every field from the first vocabulary that has it, and where it came from."""
    record: Record = {}
    source: dict[str, str] = {}
    for part in ordered:
        for key, value in part.fields.items():
            if key not in record and value not in (None, "", [], {}):
                record[key] = value
                source[key] = part.sources.get(key, part.vocab)
    return record, source


def _whole_abstract(record: Record, source: dict[str, str], ordered: list[Partial]) -> None:
    """The abstract without a printed "Abstract" label, and whole: a value cut short
    gives way to a longer one that starts the same way."""
    abstract = record.get("abstract")
    if isinstance(abstract, str) and _ABSTRACT_LABEL.match(abstract):
        # "Abstract" printed inside the value
        abstract = record["abstract"] = _ABSTRACT_LABEL.sub("", abstract, count=1)
    if not (isinstance(abstract, str) and _TRUNCATED.search(abstract)):
        return
    stem = fold(_TRUNCATED.sub("", abstract))[:60]
    longer = [
        (p.fields["abstract"], p.sources.get("abstract", p.vocab))
        for p in ordered
        if isinstance(p.fields.get("abstract"), str)
        and len(p.fields["abstract"]) > len(abstract)
        and not _TRUNCATED.search(p.fields["abstract"])
        and fold(p.fields["abstract"]).startswith(stem)
    ]
    if longer:
        record["abstract"], source["abstract"] = longer[0]


def _unions(ordered: list[Partial]) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Dated events, identifiers and links of every vocabulary, the first winning per key."""
    dates: dict[str, str] = {}
    identifiers: dict[str, str] = {}
    links: dict[str, str] = {}
    for part in ordered:
        for key, value in part.dates.items():
            dates.setdefault(key, value)
        for key, value in part.identifiers.items():
            identifiers.setdefault(key, value)
        for key, value in part.links.items():
            links.setdefault(key, value)
    return dates, identifiers, links
