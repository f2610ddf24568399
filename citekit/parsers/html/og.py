"""Open Graph (``og:*``, ``article:*``, ``book:*``), Twitter cards, plain HTML
(``<title>``, ``description``, ``keywords``, ``author``) and COinS spans.

These are the weakest sources on a scholarly page: titles carry the site's name, the
description is often cut short. They fill gaps only (see :mod:`citekit.parsers.html.merge`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from urllib.parse import parse_qsl

from citekit.dates import parse_date
from citekit.names import split_author_list
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

__all__ = ["extract_coins", "extract_html", "extract_og", "strip_site_name"]

_SEPARATORS = r"\s+[|\u2013\u2014:\-\u00bb\u00b7\u2022]\s+"


def strip_site_name(title: str, sites: list[str]) -> str:
    """``title`` without a leading or trailing site or journal name ("X | Nature")."""
    text = clean(title)
    for site in sorted((s for s in sites if s), key=len, reverse=True):
        site_re = re.escape(clean(site))
        stripped = re.sub(rf"(?i)(?:{_SEPARATORS}){site_re}\s*$", "", text)
        stripped = re.sub(rf"(?i)^{site_re}(?:{_SEPARATORS})", "", stripped)
        if stripped and stripped != text:
            return stripped.strip()
    return text


def extract_og(bag: MetaBag) -> Partial:
    """Open Graph, ``article:*``/``book:*`` and Twitter-card tags as a :class:`Partial`."""
    part = Partial("og")
    site = bag.first("og:site_name")
    if site:
        part.links["site"] = site[0]
    for key in ("og:title", "twitter:title"):
        value = bag.first(key)
        if value:
            part.put("title", strip_site_name(value[0], [site[0]] if site else []), key)
    for key in ("og:description", "twitter:description"):
        value = bag.first(key)
        if value:
            part.put("abstract", value[0], key)
    url = bag.first("og:url")
    if url and url[0].startswith("http"):
        part.put("URL", url[0], url[1])
    kind = bag.first("og:type")
    if kind and kind[0].lower() not in ("article", "website"):
        part.put("type", type_from(kind[0]), kind[1])
    locale = bag.first("og:locale")
    if locale:
        part.put("language", norm_language(locale[0]), locale[1])
    for key in ("article:published_time", "book:release_date", "og:published_time"):
        value = bag.first(key)
        parts = parse_date(value[0]) if value else None
        if parts and value:
            part.put("issued", date_parts(*parts), value[1])
            part.date("published", value[0])
            break
    names = [v for k in ("article:author", "book:author") for v in bag.values(k) if not v.startswith("http")]
    if names:
        part.authors = [p for p in (person(n) for n in names) if p]
        part.author_source = "article:author"
    words = split_keywords(bag.values("article:tag") or bag.values("book:tag"))
    if words:
        part.put("keyword", ", ".join(words), "article:tag")
    isbn = bag.first("book:isbn")
    if isbn:
        part.put("ISBN", norm_isbn(isbn[0]), isbn[1])
        part.put("type", "book", isbn[1])
    section = bag.first("article:section")
    if section:
        part.links["section"] = section[0]
    return part


def extract_html(bag: MetaBag, title: str, canonical: str, lang: str) -> Partial:
    """Plain HTML: the ``<title>``, ``description``, ``keywords``, ``author``, ``doi`` metas,
    the canonical link and the ``lang`` attribute."""
    part = Partial("html")
    sites = [v for v in bag.values("og:site_name")]
    sites += [v for k in ("citation_journal_title", "dc.publisher", "citation_publisher") for v in bag.values(k)]
    if title:
        part.put("title", strip_site_name(title, sites), "html:title")
    for key in ("doi", "dc.identifier.doi", "citation.doi"):
        value = bag.first(key)
        if value and doi_of(value[0]):
            part.put("DOI", doi_of(value[0]), key)
    description = bag.first("description")
    if description:
        part.put("abstract", description[0], "description")
    words = split_keywords(bag.values("keywords"))
    if words:
        part.put("keyword", ", ".join(words), "keywords")
    authors = bag.values("author")
    if authors:
        names = authors if len(authors) > 1 else [n for n in split_author_list(authors[0])] or []
        made = [person(n) for n in names]
        part.authors = [p for p in made if p]
        part.author_source = "author"
    if canonical.startswith("http"):
        part.put("URL", canonical, "link:canonical")
    if lang:
        part.put("language", norm_language(lang), "html:lang")
    return part


_COINS_TYPES = {
    "journal": "article-journal", "article": "article-journal", "book": "book", "bookitem": "chapter",
    "proceeding": "paper-conference", "conference": "paper-conference", "report": "report",
    "dissertation": "thesis", "preprint": "article", "patent": "patent",
}


def extract_coins(titles: list[str]) -> Partial:
    """A COinS span (OpenURL ContextObject in ``span.Z3988/@title``) as a :class:`Partial`.

    A page with several spans lists its references that way; only a lone span describes
    the page itself, so callers pass the spans and this reads one only when there is one.

    :param titles: the ``title`` attributes of the page's ``Z3988`` spans.
    """
    part = Partial("coins")
    if len(titles) != 1:
        return part
    pairs = parse_qsl(titles[0].replace("&amp;", "&"), keep_blank_values=False)
    values: dict[str, list[str]] = {}
    for key, value in pairs:
        values.setdefault(key, []).append(clean(value))
    one = functools.partial(_first_of, values)
    genre = (one("rft.genre") or "").lower()
    fmt = (one("rft_val_fmt") or "").rsplit(":", 1)[-1].lower()
    part.put("type", _COINS_TYPES.get(genre) or _COINS_TYPES.get(fmt), "coins")
    part.put("title", one("rft.atitle", "rft.title", "rft.btitle"), "coins")
    container = (
        one("rft.jtitle") or (one("rft.title") if one("rft.atitle") else None)
        or (one("rft.btitle") if genre == "bookitem" else None)
    )
    part.put("container-title", container, "coins")
    part.put("container-title-short", one("rft.stitle"), "coins")
    for key, slot in _COINS_SLOTS:
        part.put(slot, one(key), "coins")
    pages = page_range(one("rft.spage"), one("rft.epage")) if one("rft.spage") else page_range(one("rft.pages"))
    part.put("page", pages or one("rft.artnum"), "coins")
    part.put("ISSN", norm_issn(one("rft.issn", "rft.eissn")), "coins")
    part.put("ISBN", norm_isbn(one("rft.isbn")), "coins")
    date = one("rft.date")
    parts = parse_date(date) if date else None
    if parts:
        part.put("issued", date_parts(*parts), "coins")
    for ident in values.get("rft_id", []):
        _coins_id(part, ident)
    part.authors = _coins_authors(values, one)
    part.author_source = "coins"
    return part


_COINS_SLOTS = (
    ("rft.volume", "volume"), ("rft.issue", "issue"), ("rft.pub", "publisher"), ("rft.place", "publisher-place"),
    ("rft.inst", "publisher"),
)


def _first_of(values: dict[str, list[str]], *keys: str) -> str | None:
    """The first non-empty value of the first of ``keys`` that has one."""
    for key in keys:
        for value in values.get(key, []):
            if value:
                return value
    return None


def _coins_id(part: Partial, ident: str) -> None:
    """An ``rft_id``: ``info:doi/``, ``info:pmid/``, a DOI resolver address or a web address."""
    if ident.startswith("info:doi/"):
        part.put("DOI", doi_of(ident[9:]), "coins")
    elif ident.startswith("info:pmid/"):
        part.put("PMID", ident[10:], "coins")
    elif ident.startswith("http") and doi_of(ident) and "doi.org/" in ident:
        part.put("DOI", doi_of(ident), "coins")
    elif ident.startswith("http"):
        part.put("URL", ident, "coins")


def _coins_authors(values: dict[str, list[str]], one: Callable[..., str | None]) -> list[Person]:
    """The ``rft.au`` names; the first author's ``aulast``/``aufirst`` replace the first
    name when they name the same person, or stand alone when there is none."""
    people = [person(n) for n in values.get("rft.au", [])]
    first = {"family": one("rft.aulast") or "", "given": one("rft.aufirst") or one("rft.auinit") or ""}
    if first["family"]:
        named = {k: v for k, v in first.items() if v}
        if people and people[0] and people[0]["name"].get("family", "").lower() == first["family"].lower():
            people[0]["name"] = named
        elif not people:
            people = [person(named)]
    return [p for p in people if p]
