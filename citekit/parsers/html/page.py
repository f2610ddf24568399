"""Article pages in HTML: every metadata vocabulary a page carries, merged.

Reads Highwire ``citation_*`` (and its ``bepress_``/``dc.citation_`` spellings), Dublin
Core / DCTERMS (with ``<link rel="schema.X">`` prefixes), PRISM, EPrints, JSON-LD and
microdata schema.org, COinS, Open Graph / ``article:*`` and the plain ``<title>``; each
vocabulary gives a partial record and :mod:`citekit.parsers.html.merge` merges them field
by field (the priority is documented there). Class-named bylines (hCard) come last.

The page's visible text (menus, scripts and styles removed, see
:mod:`citekit.parsers.html.visible`) is read as scraped text (:mod:`citekit.parsers.text.page`)
when the metadata lacks the byline or the journal, and then only for the same work
(same DOI or title). A page with no scholarly metadata at all is read from its text:
first from the lines printed with its own title (the ``<title>``, ``<h1>`` or
``og:title`` found as a line of the text, see :mod:`citekit.parsers.text.anchor`), with the
whole-page reading adding the reference list (and any other gap when it found the same
title), else from the whole page alone; a page with nothing bibliographic (a home page)
gives ``[]``.
"""

from __future__ import annotations

import re
from typing import Any

from citekit.errors import ParseError
from citekit.parsers.common import Partial
from citekit.parsers.html.merge import merge_partials
from citekit.parsers.html.meta import Meta, MetaBag
from citekit.record import Record
from citekit.source import Source

__all__ = ["collect_meta", "parse", "parse_html", "partials"]

# Vocabularies a ``<link rel="schema.X" href=...>`` may bind a prefix to.
_SCHEMA_HREFS = (
    ("purl.org/dc/elements", "dc"),
    ("purl.org/dc/terms", "dcterms"),
    ("prismstandard.org", "prism"),
    ("eprints", "eprints"),
)
_DEFAULT_PREFIXES = {"dc": "dc", "dcterms": "dcterms", "dct": "dcterms", "prism": "prism", "eprints": "eprints"}
# DSpace and some OJS themes write Highwire fields as DC.citation.* with their own names.
_DC_CITATION = {
    "spage": "firstpage", "epage": "lastpage", "jtitle": "journal_title", "journaltitle": "journal_title",
    "stitle": "journal_abbrev",
}


def _canonical(name: str, prefixes: dict[str, str]) -> str:
    key = name.strip().lower()
    if key.startswith("bepress_citation_"):
        key = key[len("bepress_") :]
    if "." in key and not key.startswith(("og:", "article:", "twitter:")):
        prefix, rest = key.split(".", 1)
        vocab = prefixes.get(prefix) or _DEFAULT_PREFIXES.get(prefix)
        if vocab:
            key = f"{vocab}.{rest}"
    if key.startswith(("dc.citation_", "dc.citation.", "dcterms.citation_")):
        rest = key.split("citation", 1)[1][1:]
        key = "citation_" + _DC_CITATION.get(rest, rest)
    return key


_HEAD_TAGS = ("meta", "link", "script", "title")


def _head_elements(tree: Any) -> dict[str, list[Any]]:
    """The page's ``meta``, ``link``, ``script`` and ``title`` elements by tag, in document
    order, gathered in one walk of the tree (each walk of a big page costs)."""
    found: dict[str, list[Any]] = {tag: [] for tag in _HEAD_TAGS}
    for element in tree.iter(*_HEAD_TAGS):
        found[element.tag].append(element)
    return found


def collect_meta(tree: Any, elements: dict[str, list[Any]] | None = None) -> MetaBag:
    """The page's ``<meta>`` tags with canonical keys, in document order.

    :param tree: the page's document root (an ``lxml`` element).
    :param elements: its elements by tag (from one walk), when already gathered.
    """
    if elements is None:
        elements = _head_elements(tree)
    prefixes: dict[str, str] = {}
    for link in elements["link"]:
        rel = (link.get("rel") or "").strip()
        if rel.lower().startswith("schema."):
            href = (link.get("href") or "").lower()
            for needle, vocab in _SCHEMA_HREFS:
                if needle in href:
                    prefixes[rel[7:].lower()] = vocab
    metas: list[Meta] = []
    for element in elements["meta"]:
        name = element.get("name") or element.get("property")
        if not name:
            if element.get("itemprop") is not None:
                continue  # microdata, read with its item
            name = element.get("id")
            if not name:
                continue
        content = element.get("content")
        if content is None:
            content = element.get("value")
        if content is None:
            continue
        scheme = element.get("scheme") or ""
        lang = element.get("lang") or element.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
        metas.append(Meta(_canonical(name, prefixes), name, content, scheme, lang))
    return MetaBag(metas)


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


_PARSER: Any = None


def _tree(text: str, origin: str) -> Any:
    """The page as a plain ``lxml.etree`` tree (libxml2's HTML parser).

    Plain etree elements rather than ``lxml.html``'s: the html flavour looks up a Python
    class for every element touched, which costs more than the parse on big pages.
    """
    import lxml.etree

    global _PARSER
    if _PARSER is None:
        _PARSER = lxml.etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=True)
    body = _XML_DECLARATION.sub("", text, count=1)
    try:
        root = lxml.etree.fromstring(body, _PARSER) if body.strip() else None
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise ParseError(f"not readable as HTML: {exc}", origin=origin) from exc
    if root is None:
        root = lxml.etree.fromstring("<html><body></body></html>", _PARSER)
    return root


_SCHOLARLY = ("highwire", "eprints", "json-ld", "microdata", "prism", "dc", "coins")


def partials(tree: Any, text: str = "") -> list[Partial]:
    """What each vocabulary of the page says, one :class:`Partial` per vocabulary.

    :param tree: the page's document root (an ``lxml`` element).
    :param text: the page source (cheap tests for vocabularies that cost a tree walk).
    """
    from citekit.parsers.html.citestring import extract_citation_strings
    from citekit.parsers.html.dc import extract_dc, extract_eprints, extract_prism
    from citekit.parsers.html.highwire import extract as extract_highwire
    from citekit.parsers.html.og import extract_coins, extract_html, extract_og
    from citekit.parsers.html.schema import extract_schema, load_json_ld, microdata_items

    elements = _head_elements(tree)
    bag = collect_meta(tree, elements)
    found: list[Partial] = []
    if bag.has_prefix("citation_"):
        found.append(extract_highwire(bag))
    if bag.has_prefix("eprints."):
        found.append(extract_eprints(bag))
    scripts = [
        s.text or "" for s in elements["script"] if (s.get("type") or "").strip().lower() == "application/ld+json"
    ]
    if scripts:
        found.append(extract_schema(load_json_ld(scripts), "json-ld"))
    if not text or "itemscope" in text:
        found.append(extract_schema(microdata_items(tree), "microdata"))
    if bag.has_prefix("prism."):
        found.append(extract_prism(bag))
    if bag.has_prefix("dc.") or bag.has_prefix("dcterms."):
        found.append(extract_dc(bag))
    if not text or "Z3988" in text:
        spans = [s.get("title") or "" for s in tree.iter("span") if "Z3988" in (s.get("class") or "")]
        found.append(extract_coins(spans))
    found.append(extract_og(bag))
    found.append(extract_citation_strings(bag))
    if not text or "given-name" in text:
        from citekit.parsers.html.hcard import extract_hcard

        found.append(extract_hcard(tree))
    titles = elements["title"]
    title = "".join(titles[0].itertext()) if titles else ""
    canonical = next(
        (link.get("href") or "" for link in elements["link"] if (link.get("rel") or "").lower() == "canonical"), ""
    )
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    found.append(extract_html(bag, title, canonical, lang))
    return [p for p in found if p]


def _is_article(found: list[Partial]) -> bool:
    """True when a scholarly vocabulary describes a work (title with anything else, or a DOI)."""
    for part in found:
        if part.vocab not in _SCHOLARLY:
            continue
        fields = part.fields
        if fields.get("DOI"):
            return True
        described = part.authors or fields.get("issued") or fields.get("container-title") or fields.get("publisher")
        if fields.get("title") and described:
            return True
    return any(p.vocab == "html" and p.fields.get("DOI") for p in found)


def _web_article(found: list[Partial]) -> bool:
    """True for an Open Graph article with an author or a date (a news or blog post)."""
    og = next((p for p in found if p.vocab == "og"), None)
    return bool(og and og.fields.get("title") and (og.authors or og.fields.get("issued")))


# What the visible text may add to a page whose metadata lacks it (the byline, the
# journal and its numbers: fields a page prints in its header and often leaves out of
# its meta tags). Abstracts, keywords and references stay with the metadata.
_TEXT_FILLS = ("container-title", "container-title-short", "volume", "issue", "page", "issued")


def _gaps(record: Record) -> bool:
    if record.get("type") not in ("article-journal", "paper-conference", "chapter", "article"):
        return False
    # Only what a reader misses most: reading the visible text costs several times the
    # metadata pass, so a missing page number alone does not pay for it.
    wanted = ["author"] + (["container-title"] if record.get("type") == "article-journal" else [])
    return any(not record.get(k) for k in wanted)


def _same_work(record: Record, scraped: Partial) -> bool:
    """True when the visible text describes the work the metadata describes."""
    from citekit.names import fold

    doi, other = str(record.get("DOI") or "").lower(), str(scraped.fields.get("DOI") or "").lower()
    if doi and other:
        return doi == other
    mine, theirs = fold(str(record.get("title") or "")), fold(str(scraped.fields.get("title") or ""))
    return bool(mine) and mine == theirs


def _gap_filler(scraped: Partial) -> Partial:
    filler = Partial("text")
    for key in _TEXT_FILLS:
        if key in scraped.fields:
            filler.put(key, scraped.fields[key], scraped.sources.get(key, "text"))
    filler.authors, filler.author_source = scraped.authors, scraped.author_source
    return filler


def _page_titles(tree: Any, found: list[Partial]) -> list[str]:
    """The titles a page names itself by: its vocabularies' titles (Open Graph, the
    ``<title>``), the ``<title>`` as written and its ``<h1>`` headings."""
    titles = [str(p.fields["title"]) for p in found if p.fields.get("title")]
    title_element = tree.find(".//title")
    if title_element is not None:
        titles.append("".join(title_element.itertext()))
    titles.extend("".join(h.itertext()) for h in list(tree.iter("h1"))[:5])
    return titles


def _names_itself(scraped: Partial, titles: list[str]) -> bool:
    """True when the text's title is one the page names itself by (``<title>``, ``<h1>``)."""
    from citekit.parsers.text.anchor import title_key, title_keys

    return title_key(str(scraped.fields.get("title") or "")) in title_keys(titles)


def _anchored_filler(anchored: Partial, scraped: Partial) -> list[Partial]:
    """What the whole-page reading adds to the title-anchored one: the reference list
    (the page's own), and every other gap when it found the same title."""
    from citekit.parsers.text.anchor import title_key

    if title_key(str(scraped.fields.get("title") or "")) == title_key(str(anchored.fields.get("title") or "")):
        return [scraped]
    filler = Partial("text")
    filler.references = scraped.references
    return [filler] if filler.references else []


def parse_html(text: str, origin: str = "-") -> Record | None:
    """The record an HTML page describes, or ``None`` when it describes none.

    :param text: the page source.
    :param origin: named in errors.
    :raises ParseError: the text is not HTML lxml can read.
    """
    tree = _tree(text, origin)
    found = partials(tree, text)
    from citekit.parsers.html.visible import visible_text
    from citekit.parsers.text.anchor import anchored_partial
    from citekit.parsers.text.lines import prepare
    from citekit.parsers.text.page import enough, read_lines, text_partial

    if _is_article(found):
        record = merge_partials(found)
        if _gaps(record):
            scraped = text_partial(visible_text(tree), model=False)
            if scraped is not None and _same_work(record, scraped):
                record = merge_partials([*found, _gap_filler(scraped)])
        return record
    lines = prepare(visible_text(tree))
    # The page names its title in its markup (<title>, <h1>): the line model, made for
    # text without markup, is not asked (it would double the cost of reading the page).
    whole = read_lines(lines, model=False)
    scraped = whole if enough(whole) else None
    titles = _page_titles(tree, found)
    if scraped is not None and _names_itself(scraped, titles):
        # The whole-page reading found the title the page names itself by: it is the
        # richer reading (the byline in full, affiliations, keywords, the citation line);
        # the lines under the title fill what it missed.
        complete = scraped.authors and all(scraped.fields.get(k) for k in ("DOI", "container-title", "issued"))
        filler = None if complete else anchored_partial(lines, titles)
        return merge_partials([*found, scraped, *([filler] if filler is not None else [])])
    anchored = anchored_partial(lines, titles)
    if anchored is not None:
        return merge_partials([*found, anchored, *_anchored_filler(anchored, whole)])
    if scraped is not None:
        return merge_partials([*found, scraped])
    if _web_article(found):
        return merge_partials(found, default_type="webpage")
    return None


def parse(source: Source) -> list[Record]:
    """Parser entry point: one record for an article page, ``[]`` for a page without one.

    :param source: an HTML source.
    :returns: ``[record]`` or ``[]``.
    :raises ParseError: the text cannot be read as HTML.
    """
    record = parse_html(source.text, source.origin)
    return [record] if record else []
