"""schema.org descriptions of the work: JSON-LD scripts and microdata (``itemscope``).

Both are read into the same JSON-LD-shaped dicts, then the node describing the article
(ScholarlyArticle, Article, Book, Thesis, Dataset ...) is picked and read: its authors
(Person or Organization, with affiliation and ORCID), the Periodical / PublicationVolume
/ PublicationIssue chain it is part of, its identifiers and its ``citation`` list.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from citekit.dates import parse_date
from citekit.parsers.common import (
    Partial,
    Person,
    clean,
    doi_of,
    norm_isbn,
    norm_issn,
    norm_language,
    norm_orcid,
    page_range,
    person,
    split_keywords,
    type_from,
)
from citekit.parsers.refitems import finish
from citekit.record import Record, date_parts

__all__ = ["WORK_TYPES", "extract_schema", "load_json_ld", "microdata_items"]

# Types that describe a citable work, best first.
WORK_TYPES = (
    "scholarlyarticle", "medicalscholarlyarticle", "article", "techarticle", "report", "thesis", "chapter",
    "book", "dataset", "newsarticle", "blogposting", "creativework", "softwaresourcecode", "publicationissue",
)
_CONTAINER_TYPES = {"periodical", "publicationvolume", "publicationissue", "book", "website", "newspaper", "blog"}


def _types(node: dict[str, Any]) -> list[str]:
    value = node.get("@type") or node.get("type") or []
    values = value if isinstance(value, list) else [value]
    return [str(v).rsplit("/", 1)[-1].lower() for v in values if v]


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = next((v for v in value if v), "")
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or value.get("value") or ""
    return clean(value) if isinstance(value, (str, int, float)) else ""


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


_TRAILING_COMMA = re.compile(r",\s*([}\]])")


def load_json_ld(scripts: list[str]) -> list[dict[str, Any]]:
    """Every JSON object in ``scripts`` (``@graph`` members and nested nodes included).

    Broken JSON is common (trailing commas, HTML comments, raw newlines in strings); a
    light repair is tried once, then the script is skipped.
    """
    nodes: list[dict[str, Any]] = []
    for script in scripts:
        text = script.strip().removeprefix("<!--").removesuffix("-->").strip()
        text = re.sub(r"^\s*//\s*<!\[CDATA\[|//\s*\]\]>\s*$", "", text)
        if not text:
            continue
        data = _loads(text)
        if data is not None:
            nodes.extend(_walk(data))
    return nodes


# No real JSON-LD nests deeper than a dozen levels (graph, node, author, affiliation,
# address ...); anything past this is cut off so that neither the decoder nor any later
# walk over the values can exhaust the stack.
MAX_DEPTH = 32
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def _loads(text: str) -> Any:
    """``text`` decoded (a trailing-comma repair tried once), nesting deeper than
    :data:`MAX_DEPTH` replaced by ``null``; ``None`` when it is not JSON."""
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", text)):
        try:
            data = json.loads(attempt, strict=False)
        except RecursionError:
            data = _loads_shallow(attempt)
        except ValueError:
            continue
        if _deeper_than(data, MAX_DEPTH):
            data = _loads_shallow(attempt)
        return data
    return None


def _loads_shallow(text: str) -> Any:
    try:
        return json.loads(shallow_json(text, MAX_DEPTH), strict=False)
    except (ValueError, RecursionError):
        return None


def shallow_json(text: str, limit: int) -> str:
    """``text`` with every array or object nested deeper than ``limit`` replaced by
    ``null`` (one pass over the brackets outside strings; the rest is kept as written).

    :param text: JSON text, possibly nested far too deep for a recursive decoder.
    :param limit: the deepest nesting kept.
    """
    out: list[str] = []
    depth, kept_to, cut = 0, 0, False
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token[0] == '"':
            continue
        if token in "[{":
            depth += 1
            if depth == limit + 1:
                out.append(text[kept_to : match.start()])
                out.append("null")
                cut = True
        else:
            if depth == limit + 1 and cut:
                kept_to, cut = match.end(), False
            depth -= 1
    if not cut:
        out.append(text[kept_to:])
    return "".join(out)


def _deeper_than(data: Any, limit: int) -> bool:
    """Whether ``data`` nests more than ``limit`` containers deep (walked without recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth > limit:
                return True
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def _walk(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "hasPart", "about"):
            if key in data and isinstance(data[key], (dict, list)):
                yield from _walk(data[key], depth + 1)


# Where a microdata property's value is, by element: (attribute, the tags that use it or None for all).
_VALUE_ATTRIBUTES: tuple[tuple[str, tuple[str, ...] | None], ...] = (
    ("content", None),
    ("href", ("a", "link", "area")),
    ("src", ("img", "audio", "video", "source", "iframe")),
    ("datetime", ("time",)),
    ("value", ("data", "meter")),
)


def _microdata_value(element: Any) -> Any:
    if element.get("itemscope") is not None:
        return _microdata_item(element)
    tag = element.tag if isinstance(element.tag, str) else ""
    for attr, tags in _VALUE_ATTRIBUTES:
        if (tags is None or tag in tags) and element.get(attr) is not None:
            return element.get(attr)
    return " ".join("".join(element.itertext()).split())


def _microdata_item(root: Any) -> dict[str, Any]:
    item: dict[str, Any] = {}
    kind = root.get("itemtype")
    if kind:
        item["@type"] = [t.rsplit("/", 1)[-1] for t in kind.split()]
    stack = list(root)[::-1]
    while stack:
        element = stack.pop()
        if not isinstance(element.tag, str):
            continue
        prop = element.get("itemprop")
        if prop:
            value = _microdata_value(element)
            for name in prop.split():
                item.setdefault(name, []).append(value)
            if element.get("itemscope") is not None:
                continue  # its own properties belong to the nested item
        elif element.get("itemscope") is not None:
            continue  # an unrelated item inside this one
        stack.extend(list(element)[::-1])
    return {k: (v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in item.items()}


def microdata_items(tree: Any) -> list[dict[str, Any]]:
    """Top-level microdata items of a page (those not a property of another item)."""
    items = []
    for element in tree.iterfind(".//*[@itemscope]"):
        if element.get("itemprop") is None:
            items.append(_microdata_item(element))
    return items


def _pick_work(nodes: list[dict[str, Any]]) -> dict[str, Any] | None:
    best: tuple[int, int] | None = None
    chosen = None
    for index, node in enumerate(nodes):
        types = _types(node)
        ranks = [WORK_TYPES.index(t) for t in types if t in WORK_TYPES]
        if not ranks:
            continue
        if not (node.get("headline") or node.get("name")):
            continue
        score = (min(ranks), index)
        if best is None or score < best:
            best, chosen = score, node
    return chosen


def _resolved(node: Any, by_id: dict[str, dict[str, Any]], depth: int = 0) -> Any:
    """``node`` with ``{"@id": ...}`` references replaced by the graph nodes they name
    (authors, publishers and containers are often listed apart in an ``@graph``)."""
    if depth > 5 or not by_id:
        return node
    if isinstance(node, list):
        return [_resolved(item, by_id, depth + 1) for item in node]
    if isinstance(node, dict):
        if set(node) == {"@id"} and str(node["@id"]) in by_id:
            return _resolved(by_id[str(node["@id"])], by_id, depth + 1)
        return {k: (_resolved(v, by_id, depth + 1) if isinstance(v, (dict, list)) else v) for k, v in node.items()}
    return node


def _person(node: Any) -> Person | None:
    if isinstance(node, str):
        return person(node) if not node.startswith("http") else None
    if not isinstance(node, dict):
        return None
    family = _text(node.get("familyName"))
    name = _person_name(node, family)
    ids = [_text(v) for v in _ids(node)]
    orcid = next((norm_orcid(v) for v in ids if "orcid" in v.lower() and norm_orcid(v)), None)
    return person(
        name or None,
        structured=bool(family) or (isinstance(name, str) and "," in name),
        affiliation=[a for a in _person_affiliations(node) if a],
        orcid=orcid,
        email=_text(node.get("email")) or None,
    )


def _person_name(node: dict[str, Any], family: str) -> dict[str, str] | str:
    """An organisation's name as a literal, a stated family/given split, else the name
    as written."""
    given = " ".join(x for x in (_text(node.get("givenName")), _text(node.get("additionalName"))) if x)
    if "organization" in _types(node) and not family:
        literal = _text(node.get("name")) or _text(node.get("legalName"))
        return {"literal": literal} if literal else {}
    if family:
        return {"family": family, **({"given": given} if given else {})}
    return _text(node.get("name"))


def _person_affiliations(node: dict[str, Any]) -> list[str]:
    """Affiliations and employers, an organisation's full address when it names it."""
    affiliations = []
    for org in _list(node.get("affiliation")) + _list(node.get("worksFor")):
        if isinstance(org, dict):
            address = org.get("address")
            full = _text(address) if isinstance(address, dict) else ""
            label = _text(org.get("name"))
            affiliations.append(full if full and label and label in full else (label or full))
        else:
            affiliations.append(_text(org))
    return affiliations


def _ids(node: dict[str, Any]) -> list[Any]:
    """Everything that may identify a node: ``identifier``, ``sameAs``, ``@id``, ``url``."""
    return _list(node.get("identifier")) + _list(node.get("sameAs")) + _list(node.get("@id")) + _list(node.get("url"))


def _container_chain(node: dict[str, Any], part: Partial) -> None:
    seen = 0
    current: Any = node.get("isPartOf") or node.get("partOf")
    while isinstance(current, (dict, list)) and seen < 4:
        if isinstance(current, list):
            current = next((c for c in current if isinstance(c, dict)), None)
            if current is None:
                break
        types = set(_types(current))
        if "publicationissue" in types:
            part.put("issue", _text(current.get("issueNumber")), "json-ld")
        if "publicationvolume" in types:
            part.put("volume", _text(current.get("volumeNumber")), "json-ld")
        named = types & {"periodical", "newspaper", "blog", "book", "website"}
        if named or (not types & _CONTAINER_TYPES and current.get("name")):
            part.put("container-title", _text(current.get("name")), "json-ld")
        part.put("volume", _text(current.get("volumeNumber")), "json-ld")
        part.put("issue", _text(current.get("issueNumber")), "json-ld")
        issns = [norm_issn(_text(v)) for v in _list(current.get("issn"))]
        if any(issns):
            part.put("ISSN", ", ".join(dict.fromkeys(i for i in issns if i)), "json-ld")
        if "publisher" in current and isinstance(current["publisher"], dict):
            part.put("publisher", _text(current["publisher"].get("name")), "json-ld")
        current = current.get("isPartOf") or current.get("partOf")
        seen += 1


def _reference(node: Any) -> Record | None:
    if isinstance(node, str):
        text = clean(node)
        return {"custom": {"raw": text}} if text else None
    if not isinstance(node, dict):
        return None
    record: Record = {}
    title = _text(node.get("headline") or node.get("name"))
    if title:
        record["title"] = title
    authors = [p["name"] for p in (_person(a) for a in _list(node.get("author"))) if p]
    if authors:
        record["author"] = authors
    parts = parse_date(_text(node.get("datePublished"))) if node.get("datePublished") else None
    if parts:
        record["issued"] = date_parts(*parts)
    for ident in _ids(node):
        doi = doi_of(_text(ident))
        if doi:
            record["DOI"] = doi
            break
    inner = Partial("ref")
    _container_chain(node, inner)
    record.update(inner.fields)
    pages = page_range(_text(node.get("pageStart")), _text(node.get("pageEnd"))) or _text(node.get("pagination"))
    if pages:
        record["page"] = pages
    if not record:
        return None
    container = _text(inner.fields.get("container-title"))
    raw = _text(node.get("description")) or "; ".join(str(v) for v in (title, container) if v)
    record["custom"] = {"raw": raw}
    return finish(record, type_from(_types(node)[0] if _types(node) else None) or "article-journal")


def extract_schema(nodes: list[dict[str, Any]], vocab: str) -> Partial:
    """The work among schema.org ``nodes`` as a :class:`Partial`.

    :param nodes: JSON-LD nodes (:func:`load_json_ld`) or microdata items.
    :param vocab: "json-ld" or "microdata" (names the source in provenance).
    """
    part = Partial(vocab)
    work = _pick_work(nodes)
    if work is None:
        return part
    work = _resolved(work, {str(n["@id"]): n for n in nodes if isinstance(n.get("@id"), str) and len(n) > 1})
    types = _types(work)
    mapped = next((type_from(t) for t in types if type_from(t)), None)
    part.put("title", _text(work.get("headline")) or _text(work.get("name")), vocab)
    people = [_person(a) for a in _list(work.get("author")) or _list(work.get("creator"))]
    part.authors = [p for p in people if p]
    part.author_source = vocab
    part.editors = [p for p in (_person(a) for a in _list(work.get("editor"))) if p]
    chain = Partial(vocab)
    _container_chain(work, chain)
    for key, value in chain.fields.items():
        part.put(key, value, vocab)
    _work_dates(part, work, vocab)
    pages = page_range(_text(work.get("pageStart")), _text(work.get("pageEnd")))
    part.put("page", pages or page_range(_text(work.get("pagination"))), vocab)
    _work_ids(part, work, vocab)
    _work_texts(part, work, vocab)
    for key, prop, norm in _WORK_SLOTS:
        value = _text(work.get(prop))
        part.put(key, norm(value) if norm else value, vocab)
    if mapped:
        part.put("type", mapped, vocab)
    part.references = [r for r in (_reference(c) for c in _list(work.get("citation"))) if r]
    return part


# Properties read as they are: (CSL variable, schema.org property, normaliser or None).
_WORK_SLOTS: tuple[tuple[str, str, Callable[[str | None], str | None] | None], ...] = (
    ("language", "inLanguage", norm_language),
    ("license", "license", None),
    ("ISBN", "isbn", norm_isbn),
    ("ISSN", "issn", norm_issn),
    ("volume", "volumeNumber", None),
    ("issue", "issueNumber", None),
)


def _work_texts(part: Partial, work: dict[str, Any], vocab: str) -> None:
    """Web address, publisher, abstract (or description) and keywords."""
    url = _text(work.get("url"))
    if url.startswith("http"):
        part.put("URL", url, vocab)
    publisher = work.get("publisher")
    part.put("publisher", _text(publisher.get("name")) if isinstance(publisher, dict) else _text(publisher), vocab)
    abstract = _text(work.get("abstract")) or _text(work.get("description"))
    part.put("abstract", abstract, vocab)
    words = work.get("keywords")
    if words:
        listed = [_text(w) for w in _list(words)]
        part.put("keyword", ", ".join(split_keywords(listed)), vocab)


def _work_dates(part: Partial, work: dict[str, Any], vocab: str) -> None:
    """The issued date (a copyright year is a date but not a publication event) and the
    received and accepted events."""
    for key in ("datePublished", "publicationDate", "dateCreated", "copyrightYear"):
        value = _text(work.get(key))
        parts = parse_date(value) if value else None
        if parts:
            part.put("issued", date_parts(*parts), vocab)
            if key != "copyrightYear":
                part.date("published", value)
            break
    for key, event in (("dateReceived", "received"), ("dateAccepted", "accepted")):
        if work.get(key):
            part.date(event, _text(work.get(key)))


def _work_ids(part: Partial, work: dict[str, Any], vocab: str) -> None:
    """The first DOI among the work's identifiers; ISSN, ISBN, PMID and PMCID given as
    ``PropertyValue`` with a ``propertyID``."""
    for ident in _ids(work):
        if isinstance(ident, dict) and str(ident.get("propertyID", "")).lower() not in ("", "doi"):
            kind = str(ident.get("propertyID")).upper()
            if kind in ("ISSN", "ISBN", "PMID", "PMCID"):
                part.put(kind, _text(ident.get("value")), vocab)
            continue
        doi = doi_of(_text(ident.get("value") if isinstance(ident, dict) else ident))
        if doi:
            part.put("DOI", doi, vocab)
            break
