"""JATS / NLM XML articles (NLM 2.x archiving, JATS 1.x, PMC ``.nxml``, eLife, PLOS,
SciELO): front matter and reference list.

Front matter: title (+ subtitle), authors with affiliations resolved through their
``xref`` ids, ORCID iDs, the corresponding flag and e-mails, the journal (title,
abbreviation, ISSNs, publisher), volume, issue, pages or e-location, every publication
and history date, identifiers (DOI, PMID, PMCID, publisher id), abstract, keywords,
licence and language. Contributors: :mod:`citekit.parsers.jats.people`; references:
:mod:`citekit.parsers.jats.citations`.
"""

from __future__ import annotations

from typing import Any

from citekit.dates import to_iso
from citekit.errors import ParseError
from citekit.formats import richtext
from citekit.parsers.common import Partial, norm_issn, norm_language, page_range, type_from
from citekit.parsers.html.merge import merge_partials
from citekit.parsers.jats.citations import references
from citekit.parsers.jats.load import (
    date_of,
    find_child,
    find_children,
    flatten_deep,
    load,
    local,
    rich_text_of,
    text_of,
    without_body,
)
from citekit.parsers.jats.people import contributors
from citekit.record import Record, date_parts, normalize_doi
from citekit.source import Source

__all__ = ["parse", "parse_article"]

_XLINK = "{http://www.w3.org/1999/xlink}href"
_TITLE_SKIP = frozenset(("xref", "fn"))
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_SKIPPED_ABSTRACTS = frozenset(
    (
        "teaser", "executive-summary", "editor", "author-highlights", "graphical", "toc", "web-summary", "precis",
        "short", "impact-statement", "plain-language-summary", "summary",
    )
)
_SKIPPED_KWD = frozenset(("abbreviations", "research-organism", "abbrev", "subject", "classification"))
_HISTORY = {"rev-recd": "revised", "rev-request": "revision-requested", "pub": "published"}


def _find_article(root: Any) -> Any:
    if local(root.tag) in ("article", "book", "book-part-wrapper"):
        return root
    for element in root.iter():
        if local(element.tag) == "article":
            return element
    return None


def _title(meta: Any) -> str:
    group = find_child(meta, "title-group")
    if group is None:
        return ""
    title = rich_text_of(find_child(group, "article-title"), _TITLE_SKIP)
    subtitle = rich_text_of(find_child(group, "subtitle"), _TITLE_SKIP)
    if subtitle and title:
        return f"{title}{'' if richtext.plain(title).endswith((':', '?', '!')) else ':'} {subtitle}"
    return title


def _abstract(meta: Any) -> str:
    for abstract in find_children(meta, "abstract"):
        if (abstract.get("abstract-type") or "").lower() in _SKIPPED_ABSTRACTS:
            continue
        paragraphs: list[str] = []
        for node in abstract.iter("p", "sec"):
            if local(node.tag) == "p":
                parent = node.getparent()
                heading = ""
                if parent is not None and local(parent.tag) == "sec" and node is find_child(parent, "p"):
                    heading = text_of(find_child(parent, "title"))
                text = text_of(node)
                if text:
                    paragraphs.append(f"{heading}: {text}" if heading else text)
        if not paragraphs:
            paragraphs = [text_of(abstract, frozenset(("title", "label")))]
        text = "\n\n".join(p for p in paragraphs if p)
        if text:
            return text
    return ""


def _pub_event(kind: str, fmt: str) -> str | None:
    """The dated event a ``pub-date`` stands for (by its type and publication format), or
    ``None`` for dates that are not the publication (pmc-release, ecorrected, retracted)."""
    generic = kind in ("", "pub", "publication")
    if kind in ("epub", "epreprint") or (fmt == "electronic" and generic):
        return "published-online"
    if kind == "ppub" or (fmt == "print" and generic):
        return "published-print"
    if kind in ("collection", "epub-ppub"):
        return "collection" if kind == "collection" else "published"
    return "published" if generic else None


def _dates(part: Partial, meta: Any) -> None:
    published: dict[str, list[int]] = {}
    for pub_date in find_children(meta, "pub-date"):
        kind = (pub_date.get("pub-type") or pub_date.get("date-type") or "").lower()
        fmt = (pub_date.get("publication-format") or "").lower()
        parts = date_of(pub_date)
        if not parts:
            continue
        event = _pub_event(kind, fmt)
        if event is not None:
            published.setdefault(event, parts)
    for event, parts in published.items():
        part.dates.setdefault(event, to_iso(parts) or "")
    dated = [published[e] for e in ("published-online", "published-print", "published") if e in published]
    issued = min(dated, key=lambda p: [*p, 99, 99][:3]) if dated else published.get("collection")
    if issued:
        part.put("issued", date_parts(*issued), "pub-date")
    history = find_child(meta, "history")
    if history is not None:
        for date in find_children(history, "date"):
            kind = (date.get("date-type") or "").lower()
            parts = date_of(date)
            if kind and parts:
                part.dates.setdefault(_HISTORY.get(kind, kind), to_iso(parts) or "")


def _journal(part: Partial, front: Any) -> None:
    journal = find_child(front, "journal-meta")
    if journal is None:
        return
    title = journal.find("journal-title-group/journal-title")
    if title is None:
        title = find_child(journal, "journal-title")
    part.put("container-title", text_of(title), "journal-title")
    abbrev = journal.find(".//abbrev-journal-title")
    if abbrev is not None:
        part.put("container-title-short", text_of(abbrev), "abbrev-journal-title")
    else:
        for jid in find_children(journal, "journal-id"):
            if (jid.get("journal-id-type") or "") in ("iso-abbrev", "nlm-ta"):
                part.put("container-title-short", text_of(jid), "journal-id")
                break
    issns = [i for i in (norm_issn(text_of(x)) for x in find_children(journal, "issn")) if i]
    if issns:
        part.put("ISSN", ", ".join(dict.fromkeys(issns)), "issn")
    publisher = find_child(journal, "publisher")
    if publisher is not None:
        part.put("publisher", text_of(find_child(publisher, "publisher-name")), "publisher-name")
        part.put("publisher-place", text_of(find_child(publisher, "publisher-loc")), "publisher-loc")


def parse_article(root: Any) -> Partial | None:
    """The front matter and references of the article in ``root``, or ``None``."""
    article = _find_article(root)
    if article is None:
        return None
    front = find_child(article, "front")
    meta = find_child(front, "article-meta") if front is not None else None
    if meta is None:
        return None
    part = Partial("jats")
    part.put("title", _title(meta), "article-title")
    authors, editors = contributors(meta)
    part.authors, part.author_source, part.editors = authors, "contrib", editors
    _journal(part, front)
    _numbering(part, meta)
    _article_ids(part, meta)
    _dates(part, meta)
    part.put("abstract", _abstract(meta), "abstract")
    language = article.get(_XML_LANG) or article.get("lang") or ""
    _keywords(part, meta, language)
    _license(part, meta)
    part.put("language", norm_language(language), "xml:lang")
    article_type = (article.get("article-type") or "").lower()
    part.put("type", type_from(article_type) or "article-journal", "article-type")
    uri = find_child(meta, "self-uri")
    if uri is not None and (uri.get(_XLINK) or "").startswith("http"):
        part.put("URL", uri.get(_XLINK), "self-uri")
    part.references = references(article)
    return part


def _numbering(part: Partial, meta: Any) -> None:
    """Volume, issue, and the pages (or the e-location when there are none)."""
    for tag in ("volume", "issue"):
        element = find_child(meta, tag)
        if element is not None:
            part.put(tag, text_of(element), tag)
    fpage, lpage = find_child(meta, "fpage"), find_child(meta, "lpage")
    pages = page_range(text_of(fpage) if fpage is not None else None, text_of(lpage) if lpage is not None else None)
    if pages:
        part.put("page", pages, "fpage")
    elif find_child(meta, "elocation-id") is not None:
        part.put("page", text_of(find_child(meta, "elocation-id")), "elocation-id")


def _pmcid(value: str) -> str:
    return value if value.upper().startswith("PMC") else f"PMC{value}"


def _as_written(value: str) -> str:
    return value


# article-id types CSL has a variable for: (variable, how the value is written there).
_ARTICLE_IDS = {
    "doi": ("DOI", normalize_doi),
    "pmid": ("PMID", _as_written),
    "pmc": ("PMCID", _pmcid),
    "pmcid": ("PMCID", _pmcid),
}


def _article_ids(part: Partial, meta: Any) -> None:
    """DOI, PMID, PMCID; other ``article-id`` types go to the identifiers."""
    for article_id in find_children(meta, "article-id"):
        kind = (article_id.get("pub-id-type") or "").lower()
        value = text_of(article_id)
        known = _ARTICLE_IDS.get(kind)
        if known is not None:
            part.put(known[0], known[1](value), "article-id")
        elif value:
            part.identifiers.setdefault(kind or "other", value)


def _keywords(part: Partial, meta: Any, language: str) -> None:
    """One language's keywords (SciELO prints the Spanish, English and Portuguese sets):
    the article's own, else the first group's."""
    groups = [
        g for g in find_children(meta, "kwd-group") if (g.get("kwd-group-type") or "").lower() not in _SKIPPED_KWD
    ]
    own = [g for g in groups if (g.get(_XML_LANG) or language) == language]
    keywords = [text_of(k) for g in (own or groups[:1]) for k in g.iter("kwd")]
    if keywords:
        part.put("keyword", ", ".join(dict.fromkeys(k for k in keywords if k)), "kwd")


def _license(part: Partial, meta: Any) -> None:
    """The licence's address, else its ``license_ref``, else its text."""
    permissions = find_child(meta, "permissions")
    license_element = find_child(permissions, "license") if permissions is not None else None
    if license_element is not None:
        href = license_element.get(_XLINK) or license_element.get("href") or ""
        ref = next((text_of(x) for x in license_element.iter() if local(x.tag) == "license_ref"), "")
        part.put("license", href or ref or text_of(license_element), "license")


def parse(source: Source) -> list[Record]:
    """Parser entry point: one record for a JATS article.

    :param source: a JATS / NLM XML source.
    :returns: ``[record]``; ``[]`` for XML without article front matter.
    :raises ParseError: the XML is not well-formed enough to read.
    """
    # The body (the article's full text) is never read: it is left out of the parse when
    # that cannot change the rest of the tree.
    root = load(without_body(source.text), source.origin)
    try:
        part = parse_article(root)
    except RecursionError:
        # Markup nested thousands deep (a title inside 3,000 <italic>): read again with
        # the deep part flattened to its text rather than lose the whole article.
        flatten_deep(root)
        part = parse_article(root)
    if part is None or not part:
        return []
    if not (part.fields.get("title") or part.fields.get("DOI")):
        raise ParseError("JATS article without a title or DOI in its front matter", origin=source.origin)
    return [merge_partials([part])]
