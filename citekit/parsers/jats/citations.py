"""JATS / NLM reference lists: ``element-citation``, ``mixed-citation``, ``nlm-citation``
and NLM 2.x ``citation`` into CSL items with their pub-ids.

The structure the markup gives is kept (authors, titles, source, volume, pages, DOI,
PMID ...); the reference as printed goes to ``custom.raw`` (the text of the
``mixed-citation`` when there is one, a Vancouver rendering for an element-citation
whose fields carry no punctuation between them). A citation with no tagged fields keeps
only ``custom.raw`` and is parsed later by the reference-string parser.

Speed matters on articles with a hundred references: each ``<ref>`` is walked once,
its children's text read with a compiled XPath ``normalize-space`` (in C), and items
are finished without a second normalisation pass.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from citekit.names import split_name
from citekit.parsers.common import norm_isbn, norm_issn, page_range, quick_id, render_reference
from citekit.parsers.jats.load import local, text_of
from citekit.record import Record, date_parts, normalize_doi

__all__ = ["parse_ref", "person_name", "references"]

_TYPES = {
    "journal": "article-journal", "book": "book", "bookchapter": "chapter", "book-chapter": "chapter", "chapter": "chapter",
    "confproc": "paper-conference", "conf-proc": "paper-conference", "conference": "paper-conference", "proceedings": "paper-conference",
    "thesis": "thesis", "dissertation": "thesis", "report": "report", "gov": "report", "working-paper": "report",
    "web": "webpage", "webpage": "webpage", "website": "webpage", "blog": "post-weblog", "data": "dataset", "dataset": "dataset",
    "database": "dataset", "software": "software", "patent": "patent", "preprint": "article", "newspaper": "article-newspaper",
    "magazine": "article-magazine", "standard": "standard", "letter": "personal_communication", "discussion": "article-journal",
    "commun": "personal_communication", "list": "document", "other": "document",
}


def person_name(element: Any) -> dict[str, str] | None:
    """A CSL name from ``name``, ``string-name`` or ``collab``."""
    kind = local(element.tag)
    if kind == "collab":
        literal = text_of(element, frozenset(("contrib-group", "xref", "fn")))
        return {"literal": literal} if literal else None
    if kind not in ("name", "string-name"):
        return None
    # One pass over the children (ElementPath ``find`` costs more than the loop); the
    # first of each part counts, as ``find`` would give.
    surname = given = suffix = prefix = None
    for part in element:
        tag = part.tag
        if tag == "surname":
            surname = part if surname is None else surname
        elif tag == "given-names":
            given = part if given is None else given
        elif tag == "suffix":
            suffix = part if suffix is None else suffix
        elif tag == "prefix":
            prefix = part if prefix is None else prefix
    if surname is not None:
        given_text = text_of(given)
        out = {"family": text_of(surname), "given": given_text, "suffix": text_of(suffix)}
        if not given_text and prefix is not None:
            out["given"] = text_of(prefix)
        return {k: v for k, v in out.items() if v} or None
    if kind == "name":
        given_text = text_of(given)
        return {"literal": given_text} if given_text else None
    written = text_of(element)
    return split_name(written) if written else None


def _whole_doi(value: str) -> str | None:
    """A DOI from a ``pub-id`` (the element holds only the DOI, so all of it counts, the
    ``<...>`` of a SICI DOI included)."""
    text = _DOI_LEAD.sub("", value.strip())
    return text if _WHOLE_DOI.match(text) else normalize_doi(value)


_DOI_LEAD = re.compile(r"^(?:doi\s*:?\s*|https?://(?:dx\.)?doi\.org/)", re.IGNORECASE)
_WHOLE_DOI = re.compile(r"10\.\d{4,9}/\S+$")
_DOI_IN = re.compile(r"(?:doi\s*:?\s*|doi\.org/)(10\.\d{4,9}/\S+)", re.IGNORECASE)


def _doi_in(text: str) -> str | None:
    match = _DOI_IN.search(text)
    return normalize_doi(match.group(1)) if match else None


_PUNCTUATION = re.compile(r"[.,;:]")
_XLINK = "{http://www.w3.org/1999/xlink}href"


def _ns(element: Any) -> str:
    """Text of an element with spaces folded: lxml's text serialisation (in C, cheaper
    than an XPath ``normalize-space`` call), every kind of space folded."""
    global _TOSTRING
    if element is None:
        return ""
    if _TOSTRING is None:
        from lxml import etree

        _TOSTRING = etree.tostring
    return " ".join(_TOSTRING(element, method="text", encoding=str, with_tail=False).split())


_TOSTRING: Any = None


def _flat(element: Any) -> str:
    """Text of a leaf element (the common case) without an XPath call; markup inside
    falls back to normalize-space."""
    if len(element):
        return _ns(element)
    text = element.text
    return " ".join(text.split()) if text else ""


_CITATIONS = ("element-citation", "nlm-citation", "citation", "mixed-citation")
_NAME_TAGS = frozenset(("name", "string-name", "collab", "etal"))
_NAME_SKIP = frozenset(("contrib-group", "xref", "fn"))


def _add_name(element: Any, slot: str, names: list[tuple[str, dict[str, str] | None]]) -> None:
    """Append ``(CSL name variable, CSL name)`` for a ``name`` / ``string-name`` /
    ``collab`` (``None`` for ``etal``)."""
    tag = element.tag
    if tag == "etal":
        names.append((slot, None))
        return
    if tag != "collab":
        surname = given = suffix = ""
        for part in element:
            kind = part.tag
            if kind == "surname":
                text = _ns(part) if len(part) else part.text
                surname = " ".join(text.split()) if text else ""
            elif kind == "given-names":
                text = _ns(part) if len(part) else part.text
                given = " ".join(text.split()) if text else ""
            elif kind == "suffix":
                suffix = _flat(part)
        if surname:
            made = {"family": surname}
            if given:
                made["given"] = given
            if suffix:
                made["suffix"] = suffix
            names.append((slot, made))
            return
        if tag == "name":
            if given:
                names.append((slot, {"literal": given}))
            return
    own = text_of(element, _NAME_SKIP) if len(element) else _flat(element)
    if own:
        names.append((slot, {"literal": own} if tag == "collab" else split_name(own)))


# What the walk keeps of one <ref>: id, label, the citation element's tag ("" for none),
# its publication type, the element whose text is the reference as printed (or that
# text, for a ref without a citation element), punctuated?, names as (CSL variable,
# name), field texts by tag, links as (tag, type, value), the access date, the page count.
_Walked = tuple[str, str, str, str, Any, bool, list[tuple[str, dict[str, str] | None]], dict[str, str], list[tuple[str, str, str]], str, str]
_LINKS = frozenset(("pub-id", "ext-link", "uri"))
_SPECIAL_FIELDS = _LINKS | {"year", "date-in-citation", "size"}


def _walk(back: Any) -> list[_Walked]:
    """Each ``<ref>`` of ``back`` read in one pass over its chosen citation element
    (structured element-citation / nlm-citation / citation before mixed-citation).

    This loop runs over every element of a reference list, so it stays flat: leaf text
    read directly (no XPath call), attributes read only for the fields that use them,
    the first text of each field tag kept (the year with its ISO form).
    """
    out: list[_Walked] = []
    for ref in back.iter("ref"):
        structured = mixed = None
        for element in ref.iter(*_CITATIONS):
            if element.tag == "mixed-citation":
                if mixed is None:
                    mixed = element
            elif structured is None:
                structured = element
        chosen = structured if structured is not None else mixed
        label = ""
        for child in ref:  # the label opens the ref: cheaper than an ElementPath find
            if child.tag == "label":
                label = _flat(child)
                break
        if chosen is None:
            out.append((ref.get("id") or "", label, "", "", _ns(ref), False, [], {}, [], "", ""))
            continue
        punctuated = mixed is not None
        kind = chosen.get("publication-type") or chosen.get("citation-type") or ""
        names: list[tuple[str, dict[str, str] | None]] = []
        texts: dict[str, str] = {}
        links: list[tuple[str, str, str]] = []
        accessed = pages = ""
        for child in chosen:
            if not punctuated:
                tail = child.tail
                if tail and not tail.isspace() and _PUNCTUATION.search(tail):
                    punctuated = True
            tag = child.tag
            if tag == "person-group":
                role = child.get("person-group-type") or ""
                slot = _ROLES.get(role) or _ROLES.get(role.lower(), "author")
                for name in child:
                    if name.tag == "name" and len(name) == 2:
                        # The common case inline: <name><surname/><given-names/></name>.
                        first, second = name
                        if first.tag == "surname" and second.tag == "given-names" and not len(first) and not len(second) and first.text:
                            family = " ".join(first.text.split())
                            if family:
                                given = second.text
                                given = " ".join(given.split()) if given else ""
                                names.append((slot, {"family": family, "given": given} if given else {"family": family}))
                                continue
                    if name.tag.__class__ is str:
                        _add_name(name, slot, names)
            elif tag in _NAME_TAGS:
                _add_name(child, "author", names)
            elif tag.__class__ is str:
                if tag in texts:
                    continue  # the first of a field counts
                if len(child):
                    value = _ns(child)
                else:
                    text = child.text
                    value = " ".join(text.split()) if text else ""
                if tag not in _SPECIAL_FIELDS:
                    if value:
                        texts[tag] = value
                    continue
                if tag == "year":
                    texts["year"], texts["year-iso"] = value, child.get("iso-8601-date") or ""
                    continue
                if tag in _LINKS:
                    attr = child.get("pub-id-type") or child.get("ext-link-type") or child.get("content-type") or child.get("units") or ""
                    links.append((tag, attr.lower(), value if tag == "pub-id" else (child.get(_XLINK) or child.get("href") or value)))
                elif tag == "date-in-citation":
                    attr = child.get("pub-id-type") or child.get("ext-link-type") or child.get("content-type") or child.get("units") or ""
                    if attr.startswith("access"):
                        accessed = child.get("iso-8601-date") or value
                elif tag == "size":
                    attr = child.get("pub-id-type") or child.get("ext-link-type") or child.get("content-type") or child.get("units") or ""
                    if attr == "pages":
                        pages = value
                elif value:
                    texts[tag] = value
        out.append((ref.get("id") or "", label, chosen.tag, kind, mixed if mixed is not None else chosen, punctuated, names, texts, links, accessed, pages))
    return out


_ROLES = {"author": "author", "editor": "editor", "translator": "translator", "compiler": "compiler", "inventor": "author", "assignee": "author", "director": "director", "": "author"}
_SLOTS = (
    ("volume", "volume"), ("issue", "issue"), ("edition", "edition"), ("publisher-name", "publisher"),
    ("publisher-loc", "publisher-place"), ("conf-loc", "event-place"), ("conf-name", "event-title"),
    ("series", "collection-title"), ("part-title", "part-title"), ("comment", "note"),
)
_MONTHS = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


def _dates(record: Record, custom: dict[str, Any], texts: dict[str, str], accessed: str) -> None:
    year_text = texts.get("year-iso") or texts.get("year", "")
    match = year_text[:4] if year_text[:4].isdigit() else (m.group(0) if (m := re.search(r"\d{4}", year_text)) else "")
    if match:
        parts = [int(match)]
        month_text = texts.get("month", "")
        month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text[:3].lower())
        if month and 1 <= month <= 12:
            parts.append(month)
            day = texts.get("day", "")
            if day.isdigit() and 1 <= int(day) <= 31:
                parts.append(int(day))
        record["issued"] = {"date-parts": [parts]}
        year = texts.get("year", "")
        if len(year) > 4:
            suffix = re.search(r"\d{4}([a-z])\b", year)
            if suffix:
                custom["year-suffix"] = suffix.group(1)
    elif texts.get("year"):
        record["issued"] = {"literal": texts["year"]}
    if accessed:
        from citekit.dates import parse_date

        when = parse_date(accessed)
        if when:
            record["accessed"] = date_parts(*when)


def _identifiers(record: Record, custom: dict[str, Any], links: list[tuple[str, str, str]]) -> None:
    for name, kind, value in links:
        if name == "pub-id":
            if kind == "doi" and normalize_doi(value):
                if "DOI" not in record:
                    record["DOI"] = _whole_doi(value)
            elif kind == "pmid" and value.isdigit():
                record.setdefault("PMID", value)
            elif kind in ("pmcid", "pmc"):
                record.setdefault("PMCID", value if value.upper().startswith("PMC") else f"PMC{value}")
            elif kind == "arxiv":
                custom.setdefault("identifiers", {})["arXiv"] = value
            elif value:
                custom.setdefault("identifiers", {})[kind or "other"] = value
        elif kind == "doi" or "doi.org/" in value:
            doi = normalize_doi(value)
            if doi:
                record.setdefault("DOI", doi)
        elif value.startswith(("http://", "https://", "ftp://")):
            record.setdefault("URL", value)


def _kind(record: Record, texts: dict[str, str], publication_type: str) -> str:
    """Title, container and CSL type from the citation's titles and its publication type."""
    article_title = texts.get("article-title") or texts.get("data-title")
    chapter_title = texts.get("chapter-title")
    source = texts.get("source")
    if chapter_title:
        record["title"] = chapter_title
        if source:
            record["container-title"] = source
        return "chapter"
    if article_title:
        record["title"] = article_title
        if source:
            record["container-title"] = source
        csl_type = _TYPES.get(publication_type, "article-journal")
        return "chapter" if csl_type == "book" else csl_type
    csl_type = _TYPES.get(publication_type, "book" if publication_type in ("", "book") and source else "document")
    if csl_type == "article-journal" and source:
        record["container-title"] = source  # a journal reference without an article title
    elif source:
        record["title"] = source
    return csl_type


def _raw_text(source: Any, label: str) -> str:
    """The reference as printed (the citation element's text), its label cut off."""
    raw = source if isinstance(source, str) else _ns(source)
    if label and raw.startswith(label):
        raw = raw[len(label) :].lstrip(" .")
    return raw


def _from_parts(walked: _Walked) -> Record | None:
    ref_id, label, element, publication_type, raw_source, punctuated, names, texts, links, accessed, pages = walked
    if not element:
        printed = _raw_text(raw_source, label)
        return {"custom": {"raw": printed, **({"ref-id": ref_id} if ref_id else {})}} if printed else None
    custom: dict[str, Any] = {}
    record: Record = {}
    for slot, made in names:
        if made is None:
            custom["et-al"] = True
        elif slot in record:
            record[slot].append(made)
        else:
            record[slot] = [made]
    if pages:
        record["number-of-pages"] = pages
    csl_type = _kind(record, texts, publication_type.lower())
    if "conf-name" in texts and "container-title" not in record:
        record["container-title"] = texts["conf-name"]
    if "trans-title" in texts or "trans-source" in texts:
        custom["translated-title"] = texts.get("trans-title") or texts.get("trans-source")
    for tag, slot in _SLOTS:
        if tag in texts:
            record.setdefault(slot, texts[tag])
    _dates(record, custom, texts, accessed)
    first = texts.get("fpage")
    if first:
        last = texts.get("lpage")
        record["page"] = f"{first}-{last}" if last and last != first else first
    else:
        page = page_range(texts["page-range"]) if "page-range" in texts else None
        if page:
            record["page"] = page
        elif "elocation-id" in texts:
            record["page"] = texts["elocation-id"]
    _identifiers(record, custom, links)
    # The printed text is read only when it is used: to find a DOI, or as custom.raw.
    raw: str | None = None
    if "DOI" not in record:
        raw = _raw_text(raw_source, label)
        if "doi" in raw.lower():
            found = _doi_in(texts.get("comment", "") or raw)
            if found:
                record["DOI"] = found
    if "isbn" in texts:
        record["ISBN"] = norm_isbn(texts["isbn"]) or texts["isbn"]
    if "issn" in texts:
        record["ISSN"] = norm_issn(texts["issn"]) or texts["issn"]
    record["type"] = csl_type
    tagged = bool(record.get("title") or record.get("author") or record.get("container-title") or record.get("DOI") or record.get("editor"))
    if tagged and not punctuated:
        raw = render_reference(record, etal=bool(custom.get("et-al"))) or raw
    if not raw:
        raw = _raw_text(raw_source, label)
    custom["raw"] = raw
    if label:
        custom["label"] = label.strip("[]().")
    if ref_id:
        custom["ref-id"] = ref_id
    if not tagged:
        out: Record = {"custom": custom}
        for key in ("DOI", "PMID", "PMCID", "URL"):
            if record.get(key):
                out[key] = record[key]
        return out if raw else None
    record["custom"] = custom
    # Every value above was set only when non-empty and csl_type is a CSL type, so the
    # item is finished by its id alone (what finish() would add).
    if "DOI" in record or "author" in record or "title" in record or "issued" in record:
        record["id"] = quick_id(record)
    return record


def _items(back: Any) -> list[Record]:
    out: list[Record] = []
    for walked in _walk(back):
        made = _from_parts(walked)
        if made:
            out.append(made)
    return out


def parse_ref(ref: Any) -> Record | None:
    """One ``<ref>`` element as a CSL item (``custom.raw``, ``custom.label``, ``custom.ref-id``)."""
    from lxml import etree

    holder = etree.Element("back")
    holder.append(copy.deepcopy(ref))
    items = _items(holder)
    return items[0] if items else None


def references(article: Any) -> list[Record]:
    """Every reference of the article's back matter, in order (nested lists included)."""
    back = article.find("back")
    if back is None:
        return []
    return _items(back)
