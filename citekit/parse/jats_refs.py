"""JATS / NLM reference lists: ``element-citation``, ``mixed-citation``, ``nlm-citation``
and NLM 2.x ``citation`` into CSL items with their pub-ids.

The structure the markup gives is kept (authors, titles, source, volume, pages, DOI,
PMID ...); the reference as printed goes to ``custom.raw`` (the text of the
``mixed-citation`` when there is one). A citation with no tagged fields keeps only
``custom.raw`` and is parsed later by the reference-string parser.
"""

from __future__ import annotations

import re
from typing import Any

from ..names import split_name
from ..record import Record, date_parts, normalize, normalize_doi
from .jats_xml import date_of, local, text_of
from .meta_common import norm_isbn, norm_issn, page_range

__all__ = ["parse_ref", "person_name", "references"]

_CITATIONS = ("element-citation", "nlm-citation", "citation", "mixed-citation")
_TYPES = {
    "journal": "article-journal", "book": "book", "bookchapter": "chapter", "book-chapter": "chapter", "chapter": "chapter",
    "confproc": "paper-conference", "conf-proc": "paper-conference", "conference": "paper-conference", "proceedings": "paper-conference",
    "thesis": "thesis", "dissertation": "thesis", "report": "report", "gov": "report", "working-paper": "report",
    "web": "webpage", "webpage": "webpage", "website": "webpage", "blog": "post-weblog", "data": "dataset", "dataset": "dataset",
    "database": "dataset", "software": "software", "patent": "patent", "preprint": "article", "newspaper": "article-newspaper",
    "magazine": "article-magazine", "standard": "standard", "letter": "personal_communication", "discussion": "article-journal",
    "commun": "personal_communication", "list": "document", "other": "document",
}
_SKIP_TEXT = frozenset(("label",))


def person_name(element: Any) -> dict[str, str] | None:
    """A CSL name from ``name``, ``string-name`` or ``collab``."""
    kind = local(element.tag)
    if kind == "collab":
        literal = text_of(element, frozenset(("contrib-group", "xref", "fn")))
        return {"literal": literal} if literal else None
    if kind == "name":
        family = text_of(element.find("surname"))
        given = text_of(element.find("given-names"))
        out = {"family": family, "given": given}
        suffix = text_of(element.find("suffix"))
        prefix = text_of(element.find("prefix"))
        if suffix:
            out["suffix"] = suffix
        if prefix and not given:
            out["given"] = prefix
        out = {k: v for k, v in out.items() if v}
        if "family" not in out and "given" in out:
            return {"literal": out["given"]}
        return out or None
    if kind == "string-name":
        if element.find("surname") is not None:
            return person_name_like(element)
        written = text_of(element)
        return split_name(written) if written else None
    return None


def person_name_like(element: Any) -> dict[str, str] | None:
    family = text_of(element.find("surname"))
    given = text_of(element.find("given-names"))
    out = {k: v for k, v in (("family", family), ("given", given)) if v}
    return out or None


def _names(container: Any) -> tuple[list[dict[str, str]], bool]:
    names: list[dict[str, str]] = []
    etal = False
    for child in container:
        kind = local(child.tag)
        if kind in ("name", "string-name", "collab"):
            made = person_name(child)
            if made:
                names.append(made)
        elif kind == "etal":
            etal = True
    return names, etal


def _doi_in(text: str) -> str | None:
    match = re.search(r"(?:doi\s*:?\s*|doi\.org/)(10\.\d{4,9}/\S+)", text, re.IGNORECASE)
    return normalize_doi(match.group(1)) if match else None


def _fields(citation: Any) -> Record:
    record: Record = {}
    custom: dict[str, Any] = {}
    kind = (citation.get("publication-type") or citation.get("citation-type") or "").lower()
    groups = citation.findall("person-group")
    for group in groups:
        role = (group.get("person-group-type") or "author").lower()
        names, etal = _names(group)
        slot = {"author": "author", "editor": "editor", "translator": "translator", "compiler": "compiler", "inventor": "author", "assignee": "author", "director": "director"}.get(role, "author")
        if names:
            record.setdefault(slot, []).extend(names)
        if etal and slot == "author":
            custom["et-al"] = True
    if not groups:
        names, etal = _names(citation)
        if names:
            record["author"] = names
        if etal:
            custom["et-al"] = True
    texts: dict[str, str] = {}
    for child in citation:
        name = local(child.tag)
        if name and name not in texts and name not in ("person-group", "name", "string-name", "collab"):
            texts[name] = text_of(child)
    article_title = texts.get("article-title") or texts.get("data-title")
    chapter_title = texts.get("chapter-title")
    source = texts.get("source")
    if chapter_title:
        record["title"] = chapter_title
        if source:
            record["container-title"] = source
        csl_type = "chapter"
    elif article_title:
        record["title"] = article_title
        if source:
            record["container-title"] = source
        csl_type = _TYPES.get(kind, "article-journal")
        if csl_type == "book":
            csl_type = "chapter"
    else:
        if source:
            record["title"] = source
        csl_type = _TYPES.get(kind, "book" if kind in ("", "book") and source else "document")
        if csl_type == "article-journal" and source:
            # a journal reference without an article title: the source is the journal
            record.pop("title", None)
            record["container-title"] = source
    if texts.get("conf-name") and "container-title" not in record:
        record["container-title"] = texts["conf-name"]
    if texts.get("trans-title") or texts.get("trans-source"):
        custom["translated-title"] = texts.get("trans-title") or texts.get("trans-source")
    for tag, slot in (("volume", "volume"), ("issue", "issue"), ("edition", "edition"), ("publisher-name", "publisher"), ("publisher-loc", "publisher-place"), ("conf-loc", "event-place"), ("conf-name", "event-title"), ("series", "collection-title"), ("part-title", "part-title")):
        if texts.get(tag):
            record.setdefault(slot, texts[tag])
    year = citation.find("year")
    parts = date_of(citation) if year is not None else None
    if year is not None:
        suffix = re.search(r"\d{4}([a-z])\b", text_of(year))
        if suffix:
            custom["year-suffix"] = suffix.group(1)
    if parts:
        record["issued"] = date_parts(*parts)
    elif year is not None and text_of(year):
        record["issued"] = {"literal": text_of(year)}
    for element in citation.findall("date-in-citation"):
        if (element.get("content-type") or "").startswith("access"):
            from ..dates import parse_date

            accessed = parse_date(element.get("iso-8601-date") or text_of(element))
            if accessed:
                record["accessed"] = date_parts(*accessed)
    page = page_range(texts.get("fpage"), texts.get("lpage")) if texts.get("fpage") else page_range(texts.get("page-range"))
    if page:
        record["page"] = page
    elif texts.get("elocation-id"):
        record["page"] = texts["elocation-id"]
    size = citation.find("size")
    if size is not None and (size.get("units") or "") == "pages":
        record["number-of-pages"] = text_of(size)
    for pub_id in citation.findall("pub-id"):
        kind_id = (pub_id.get("pub-id-type") or "").lower()
        value = text_of(pub_id)
        if kind_id == "doi" and normalize_doi(value):
            record.setdefault("DOI", normalize_doi(value))
        elif kind_id == "pmid" and value.isdigit():
            record.setdefault("PMID", value)
        elif kind_id in ("pmcid", "pmc"):
            record.setdefault("PMCID", value if value.upper().startswith("PMC") else f"PMC{value}")
        elif kind_id == "arxiv":
            custom.setdefault("identifiers", {})["arXiv"] = value
        elif value:
            custom.setdefault("identifiers", {})[kind_id or "other"] = value
    for link in citation.findall("ext-link") + citation.findall("uri"):
        href = link.get("{http://www.w3.org/1999/xlink}href") or link.get("href") or text_of(link)
        link_type = (link.get("ext-link-type") or "").lower()
        if link_type == "doi" or "doi.org/" in href:
            record.setdefault("DOI", normalize_doi(href))
        elif href.startswith(("http://", "https://", "ftp://")):
            record.setdefault("URL", href)
    if "DOI" not in record:
        found = _doi_in(texts.get("comment", "") or text_of(citation))
        if found:
            record["DOI"] = found
    if texts.get("isbn"):
        record["ISBN"] = norm_isbn(texts["isbn"]) or texts["isbn"]
    if texts.get("issn"):
        record["ISSN"] = norm_issn(texts["issn"]) or texts["issn"]
    if texts.get("comment") and not record.get("note"):
        record["note"] = texts["comment"]
    record["type"] = csl_type
    if custom:
        record["custom"] = custom
    return record


def parse_ref(ref: Any) -> Record | None:
    """One ``<ref>`` as a CSL item (``custom.raw``, ``custom.label``, ``custom.ref-id``)."""
    citations = [c for c in ref.iter() if local(c.tag) in _CITATIONS]
    if not citations:
        raw = text_of(ref, _SKIP_TEXT)
        return {"custom": {"raw": raw}} if raw else None
    structured = next((c for kind in _CITATIONS for c in citations if local(c.tag) == kind), citations[0])
    mixed = next((c for c in citations if local(c.tag) == "mixed-citation"), None)
    raw_element = mixed if mixed is not None else structured
    record = _fields(structured)
    raw = text_of(raw_element) if mixed is not None or _punctuated(raw_element) else (_render(record) or _spaced(raw_element))
    tagged = any(record.get(k) for k in ("title", "author", "container-title", "DOI", "editor"))
    custom = dict(record.pop("custom", {}))
    custom["raw"] = raw
    label = text_of(ref.find("label")) if ref.find("label") is not None else ""
    if label:
        custom["label"] = label.strip("[]().")
    if ref.get("id"):
        custom["ref-id"] = ref.get("id")
    if not tagged:
        out: Record = {"custom": custom}
        for key in ("DOI", "PMID", "PMCID", "URL"):
            if record.get(key):
                out[key] = record[key]
        return out if raw else None
    record["custom"] = custom
    return normalize(record, default_type=record.get("type", "article-journal"))


def _punctuated(element: Any) -> bool:
    """True when the citation's own text carries the punctuation between its fields."""
    tails = "".join((child.tail or "") for child in element)
    return bool(re.search(r"[.,;:]", tails))


def _render(record: Record) -> str:
    """The reference in Vancouver style, for element-citations (fields without text
    between them): a readable ``custom.raw`` for people and the resolver."""
    names = []
    for name in record.get("author") or []:
        names.append(name.get("literal") or " ".join(x for x in (name.get("family"), name.get("given", "").replace(".", "").replace(" ", "")) if x))
    parts = [", ".join(names) + (", et al" if (record.get("custom") or {}).get("et-al") else "")] if names else []
    if record.get("title"):
        parts.append(str(record["title"]).rstrip("."))
    container = record.get("container-title")
    if container and record.get("type") == "chapter":
        parts.append(f"In: {container}")
    elif container:
        parts.append(str(container))
    if record.get("publisher"):
        parts.append(": ".join(str(record[k]) for k in ("publisher-place", "publisher") if record.get(k)))
    year = ""
    issued = record.get("issued") or {}
    if issued.get("date-parts"):
        year = str(issued["date-parts"][0][0])
    elif issued.get("literal"):
        year = str(issued["literal"])
    tail = year
    if record.get("volume"):
        tail += f";{record['volume']}" + (f"({record['issue']})" if record.get("issue") else "")
    if record.get("page"):
        tail += f":{record['page']}"
    if tail:
        parts.append(tail)
    if record.get("DOI"):
        parts.append(f"doi:{record['DOI']}")
    elif record.get("URL"):
        parts.append(str(record["URL"]))
    return ". ".join(p for p in parts if p) + ("." if parts else "")


def _spaced(element: Any) -> str:
    """Text of an element-citation with a space between fields the markup runs together."""
    parts: list[str] = [element.text] if element.text else []
    for node in element.iter():
        if node is not element and node.text and local(node.tag):
            parts.append(node.text)
        if node is not element and node.tail and node.tail.strip():
            parts.append(node.tail)
    text = " ".join(p.strip() for p in parts if p.strip())
    return re.sub(r"\s+([,.;:)])", r"\1", text)


def references(article: Any) -> list[Record]:
    """Every reference of the article's back matter, in order (nested lists included)."""
    back = article.find("back")
    if back is None:
        return []
    out: list[Record] = []
    for ref in back.iter("ref"):
        made = parse_ref(ref)
        if made:
            out.append(made)
    return out
