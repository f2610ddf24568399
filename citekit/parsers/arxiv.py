"""arXiv's Atom feeds (its API, ``/api/query``) → CSL-JSON records, one per entry.

Mapped as Zotero maps arXiv: a preprint (CSL ``article``) published by arXiv, numbered
``arXiv:ID``, dated by the version's ``updated`` date, with arXiv's DOI
(``10.48550/arXiv.ID``, which arXiv registers for every paper) and the abstract page as
URL. The published version's DOI and journal reference, the categories, the comment and
the version are kept under ``custom.arxiv``; affiliations under ``custom.authors``; the
first and latest version dates under ``custom.dates``.
"""

from __future__ import annotations

import re
from typing import Any

from citekit.errors import ParseError
from citekit.names import split_name
from citekit.parsers.jats.load import load, local, text_of
from citekit.record import Record, normalize, normalize_doi
from citekit.source import Source

__all__ = ["parse"]

_ABS = re.compile(r"arxiv\.org/abs/(?P<id>.+?)(?:v(?P<version>\d+))?$")


def _date(value: str) -> list[int] | None:
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    return [int(g) for g in match.groups()] if match else None


def _entry(entry: Any) -> Record | None:
    found = _ABS.search(text_of(entry.find("id")))
    title = text_of(entry.find("title"))
    if found is None or not title:
        return None  # an error entry (".../api/errors#...") or an id arXiv does not hold
    arxiv_id, version = found.group("id"), found.group("version")
    record: Record = {
        "type": "article",
        "title": title,
        "publisher": "arXiv",
        "number": f"arXiv:{arxiv_id}",
        "DOI": f"10.48550/arXiv.{arxiv_id}",
        "URL": f"https://arxiv.org/abs/{arxiv_id}",
        "abstract": text_of(entry.find("summary")),
        "version": version or "",
    }
    authors: list[dict[str, str]] = []
    extras: list[dict[str, Any]] = []
    for author in entry.iterfind("author"):
        name = split_name(text_of(author.find("name")))
        if not name:
            continue
        authors.append(name)
        affiliations = [text_of(a) for a in author.iterfind("affiliation") if text_of(a)]
        extras.append({"affiliation": affiliations} if affiliations else {})
    record["author"] = authors
    updated, published = _date(text_of(entry.find("updated"))), _date(text_of(entry.find("published")))
    if updated or published:
        record["issued"] = {"date-parts": [updated or published]}
    terms = [c.get("term") for c in entry.iterfind("category") if c.get("term")]
    primary = entry.find("primary_category")
    categories = list(dict.fromkeys(t for t in [primary.get("term") if primary is not None else None, *terms] if t))
    record["keyword"] = ", ".join(categories)
    details = {
        "id": arxiv_id,
        "version": version,
        "primary-category": categories[0] if categories else None,
        "categories": categories,
        "comment": text_of(entry.find("comment")),
        "journal-ref": text_of(entry.find("journal_ref")),
        "doi": normalize_doi(text_of(entry.find("doi"))),
    }
    custom: dict[str, Any] = {"arxiv": {k: v for k, v in details.items() if v}, "identifiers": {"arXiv": arxiv_id}}
    if any(extras):
        custom["authors"] = extras
    dates = {"published-online": published, "updated": updated}
    iso = {k: "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(v)) for k, v in dates.items() if v}
    if iso:
        custom["dates"] = iso
    record["custom"] = custom
    return normalize(record, default_type="article")


def parse(source: Source) -> list[Record]:
    """Records from an arXiv API answer (an Atom feed), one per paper.

    :param source: a source in format ``arxiv``.
    :returns: the records (none when the feed holds no paper).
    :raises ParseError: the XML is not an Atom feed, or not arXiv's.
    """
    root = load(source.text, source.origin)
    if local(root.tag) != "feed":
        raise ParseError(f"not an arXiv Atom feed (root element <{local(root.tag)}>)", origin=source.origin)
    entries = root.findall("entry")
    ids = [text_of(e.find("id")) for e in entries]
    if ids and not any(_ABS.search(i) or "arxiv.org/api/" in i for i in ids):
        raise ParseError("an Atom feed, but not arXiv's (no arxiv.org entry)", origin=source.origin)
    return [record for record in map(_entry, entries) if record is not None]
