"""JATS / NLM XML articles (NLM 2.x archiving, JATS 1.x, PMC ``.nxml``, eLife, PLOS,
SciELO): front matter and reference list.

Front matter: title (+ subtitle), authors with affiliations resolved through their
``xref`` ids, ORCID iDs, the corresponding flag and e-mails, the journal (title,
abbreviation, ISSNs, publisher), volume, issue, pages or e-location, every publication
and history date, identifiers (DOI, PMID, PMCID, publisher id), abstract, keywords,
licence and language. References: :mod:`citekit.parsers.jats.citations`.
"""

from __future__ import annotations

import re
from typing import Any

from citekit.dates import to_iso
from citekit.errors import ParseError
from citekit.parsers.common import Partial, Person, norm_issn, norm_language, norm_orcid, page_range, person, type_from
from citekit.parsers.html.merge import merge_partials
from citekit.parsers.jats.citations import person_name, references
from citekit.parsers.jats.load import date_of, element_text, load, local, text_of
from citekit.record import Record, date_parts, normalize_doi
from citekit.source import Source

__all__ = ["parse", "parse_article"]

_XLINK = "{http://www.w3.org/1999/xlink}href"
_AFF_SKIP = frozenset(("label", "sup", "xref", "fn"))
_TITLE_SKIP = frozenset(("xref", "fn"))
_SKIPPED_ABSTRACTS = frozenset(("teaser", "executive-summary", "editor", "author-highlights", "graphical", "toc", "web-summary", "precis", "short", "impact-statement", "plain-language-summary", "summary"))
_SKIPPED_KWD = frozenset(("abbreviations", "research-organism", "abbrev", "subject", "classification"))
_HISTORY = {"rev-recd": "revised", "rev-request": "revision-requested", "pub": "published"}


def _find_article(root: Any) -> Any:
    if local(root.tag) in ("article", "book", "book-part-wrapper"):
        return root
    for element in root.iter():
        if local(element.tag) == "article":
            return element
    return None


def _aff_text(aff: Any) -> str:
    """An affiliation as printed: SciELO keeps the printed form in
    ``institution[@content-type="original"]`` next to its parts, which must not be
    read twice."""
    for institution in aff.iter("institution"):
        if institution.get("content-type") == "original":
            return text_of(institution)
    return element_text(aff, _AFF_SKIP)


def _affiliations(meta: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for aff in meta.iter("aff"):
        parent = aff.getparent()
        if parent is not None and parent.tag == "contrib" and not aff.get("id"):
            continue  # read with its contributor
        text = _aff_text(aff)
        alternatives = aff.find("institution-wrap")
        if not text and alternatives is not None:
            text = element_text(alternatives, _AFF_SKIP)
        if text:
            out[aff.get("id") or f"__{len(out)}"] = text
    return out


_NAME_KINDS = ("name", "string-name", "collab")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _contrib_person(contrib: Any, affs: dict[str, str], notes: dict[str, str]) -> Person | None:
    # One pass over the children finds the name and the contributor's own affiliations.
    name_element: Any = None
    inner_affs: list[Any] = []
    alternatives: Any = None
    for child in contrib:
        kind = local(child.tag)
        if kind in _NAME_KINDS:
            if name_element is None:
                name_element = child
        elif kind == "aff":
            inner_affs.append(child)
        elif kind == "name-alternatives" and alternatives is None:
            alternatives = child
    if name_element is None and alternatives is not None:
        name_element = next((c for c in alternatives if local(c.tag) == "name"), None) or next(iter(alternatives), None)
    if name_element is None:
        return None
    name = person_name(name_element)
    if not name:
        return None
    affiliation: list[str] = []
    for inner in inner_affs:
        text = affs.get(inner.get("id") or "") or _aff_text(inner)
        if text:
            affiliation.append(text)
    corresponding = contrib.get("corresp") == "yes"
    emails: list[str] = []
    noted: list[str] = []  # addresses from the corresponding-author note, after the contributor's own
    orcid = link_orcid = None
    # One walk over the contributor for e-mails, xrefs, contributor ids and links.
    for element in contrib.iter("email", "xref", "contrib-id", "uri", "ext-link"):
        tag = element.tag
        if tag == "email":
            emails.append(text_of(element))
        elif tag == "xref":
            kind = element.get("ref-type") or ""
            for rid in (element.get("rid") or "").split():
                if kind == "aff" and rid in affs:
                    affiliation.append(affs[rid])
                elif kind == "corresp" and rid in notes:
                    corresponding = True
                    noted.extend(_EMAIL.findall(notes[rid]))
        elif tag == "contrib-id":
            value = text_of(element)
            if (element.get("contrib-id-type") or "").lower() == "orcid" or "orcid" in value:
                orcid = norm_orcid(value)
        else:
            href = element.get(_XLINK) or text_of(element)
            if "orcid.org" in href:
                link_orcid = norm_orcid(href)
    emails.extend(noted)
    if orcid is None:
        orcid = link_orcid
    return person(name, affiliation=affiliation, orcid=orcid, email=emails[0].rstrip(".") if emails else None, corresponding=True if corresponding else None, structured=True)


def _contributors(meta: Any) -> tuple[list[Person], list[Person]]:
    affs = _affiliations(meta)
    notes: dict[str, str] = {}
    author_notes = meta.find("author-notes")
    if author_notes is not None:
        for note in author_notes:
            if note.get("id"):
                notes[note.get("id")] = text_of(note)
    authors: list[Person] = []
    editors: list[Person] = []
    groups = meta.findall("contrib-group")
    for group in groups:
        group_type = (group.get("content-type") or "").lower()
        members: list[tuple[Person, Any]] = []
        for contrib in group.findall("contrib"):
            kind = (contrib.get("contrib-type") or group_type or "author").lower()
            made = _contrib_person(contrib, affs, notes)
            if made is None:
                continue
            if kind in ("author", "authors", "collab", "compiler"):
                members.append((made, contrib))
            elif kind in ("editor", "guest-editor", "handling-editor", "senior_editor", "series-editor") and not authors:
                editors.append(made)
        # An aff sitting in the contrib group without xrefs belongs to every member.
        group_affs = group.findall("aff")
        cited = {x.get("rid") for x in group.iter("xref")} if group_affs else set()
        shared = [element_text(a, _AFF_SKIP) for a in group_affs if not a.get("id") or a.get("id") not in cited]
        if len(affs) == 1 and not any(p.get("affiliation") for p, _ in members):
            shared = list(affs.values())
        for made, _ in members:
            if shared and not made.get("affiliation"):
                made["affiliation"] = [s for s in shared if s]
            authors.append(made)
    return authors, editors


def _title(meta: Any) -> str:
    group = meta.find("title-group")
    if group is None:
        return ""
    title = text_of(group.find("article-title"), _TITLE_SKIP)
    subtitle = text_of(group.find("subtitle"), _TITLE_SKIP)
    if subtitle and title:
        return f"{title}{'' if title.endswith((':', '?', '!')) else ':'} {subtitle}"
    return title


def _abstract(meta: Any) -> str:
    for abstract in meta.findall("abstract"):
        if (abstract.get("abstract-type") or "").lower() in _SKIPPED_ABSTRACTS:
            continue
        paragraphs: list[str] = []
        for node in abstract.iter("p", "sec"):
            if local(node.tag) == "p":
                parent = node.getparent()
                heading = ""
                if parent is not None and local(parent.tag) == "sec" and node is parent.find("p"):
                    heading = text_of(parent.find("title"))
                text = text_of(node, frozenset(("xref",)) & frozenset())
                if text:
                    paragraphs.append(f"{heading}: {text}" if heading else text)
        if not paragraphs:
            paragraphs = [text_of(abstract, frozenset(("title", "label")))]
        text = "\n\n".join(p for p in paragraphs if p)
        if text:
            return text
    return ""


def _dates(part: Partial, meta: Any) -> None:
    published: dict[str, list[int]] = {}
    for pub_date in meta.findall("pub-date"):
        kind = (pub_date.get("pub-type") or pub_date.get("date-type") or "").lower()
        fmt = (pub_date.get("publication-format") or "").lower()
        parts = date_of(pub_date)
        if not parts:
            continue
        if kind in ("epub", "epreprint") or (fmt == "electronic" and kind in ("", "pub", "publication")):
            event = "published-online"
        elif kind == "ppub" or (fmt == "print" and kind in ("", "pub", "publication")):
            event = "published-print"
        elif kind in ("collection", "epub-ppub"):
            event = "collection" if kind == "collection" else "published"
        elif kind in ("pub", "publication", ""):
            event = "published"
        else:
            continue  # pmc-release, ecorrected, retracted: not the publication
        published.setdefault(event, parts)
    for event, parts in published.items():
        part.dates.setdefault(event, to_iso(parts) or "")
    dated = [published[e] for e in ("published-online", "published-print", "published") if e in published]
    issued = min(dated, key=lambda p: [*p, 99, 99][:3]) if dated else published.get("collection")
    if issued:
        part.put("issued", date_parts(*issued), "pub-date")
    history = meta.find("history")
    if history is not None:
        for date in history.findall("date"):
            kind = (date.get("date-type") or "").lower()
            parts = date_of(date)
            if kind and parts:
                part.dates.setdefault(_HISTORY.get(kind, kind), to_iso(parts) or "")


def _journal(part: Partial, front: Any) -> None:
    journal = front.find("journal-meta")
    if journal is None:
        return
    title = journal.find("journal-title-group/journal-title")
    if title is None:
        title = journal.find("journal-title")
    part.put("container-title", text_of(title), "journal-title")
    abbrev = journal.find(".//abbrev-journal-title")
    if abbrev is not None:
        part.put("container-title-short", text_of(abbrev), "abbrev-journal-title")
    else:
        for jid in journal.findall("journal-id"):
            if (jid.get("journal-id-type") or "") in ("iso-abbrev", "nlm-ta"):
                part.put("container-title-short", text_of(jid), "journal-id")
                break
    issns = [i for i in (norm_issn(text_of(x)) for x in journal.findall("issn")) if i]
    if issns:
        part.put("ISSN", ", ".join(dict.fromkeys(issns)), "issn")
    publisher = journal.find("publisher")
    if publisher is not None:
        part.put("publisher", text_of(publisher.find("publisher-name")), "publisher-name")
        part.put("publisher-place", text_of(publisher.find("publisher-loc")), "publisher-loc")


def parse_article(root: Any) -> Partial | None:
    """The front matter and references of the article in ``root``, or ``None``."""
    article = _find_article(root)
    if article is None:
        return None
    front = article.find("front")
    meta = front.find("article-meta") if front is not None else None
    if meta is None:
        return None
    part = Partial("jats")
    part.put("title", _title(meta), "article-title")
    authors, editors = _contributors(meta)
    part.authors, part.author_source, part.editors = authors, "contrib", editors
    _journal(part, front)
    for tag in ("volume", "issue"):
        element = meta.find(tag)
        if element is not None:
            part.put(tag, text_of(element), tag)
    fpage, lpage = meta.find("fpage"), meta.find("lpage")
    pages = page_range(text_of(fpage) if fpage is not None else None, text_of(lpage) if lpage is not None else None)
    if pages:
        part.put("page", pages, "fpage")
    elif meta.find("elocation-id") is not None:
        part.put("page", text_of(meta.find("elocation-id")), "elocation-id")
    for article_id in meta.findall("article-id"):
        kind = (article_id.get("pub-id-type") or "").lower()
        value = text_of(article_id)
        if kind == "doi":
            part.put("DOI", normalize_doi(value), "article-id")
        elif kind == "pmid":
            part.put("PMID", value, "article-id")
        elif kind in ("pmc", "pmcid"):
            part.put("PMCID", value if value.upper().startswith("PMC") else f"PMC{value}", "article-id")
        elif value:
            part.identifiers.setdefault(kind or "other", value)
    _dates(part, meta)
    part.put("abstract", _abstract(meta), "abstract")
    groups = [g for g in meta.findall("kwd-group") if (g.get("kwd-group-type") or "").lower() not in _SKIPPED_KWD]
    language = article.get("{http://www.w3.org/XML/1998/namespace}lang") or article.get("lang") or ""
    # One language's keywords (SciELO prints the Spanish, English and Portuguese sets).
    own = [g for g in groups if (g.get("{http://www.w3.org/XML/1998/namespace}lang") or language) == language]
    keywords = [text_of(k) for g in (own or groups[:1]) for k in g.iter("kwd")]
    if keywords:
        part.put("keyword", ", ".join(dict.fromkeys(k for k in keywords if k)), "kwd")
    permissions = meta.find("permissions")
    if permissions is not None:
        license_element = permissions.find("license")
        if license_element is not None:
            href = license_element.get(_XLINK) or license_element.get("href") or ""
            ref = next((text_of(x) for x in license_element.iter() if local(x.tag) == "license_ref"), "")
            part.put("license", href or ref or text_of(license_element), "license")
    part.put("language", norm_language(language), "xml:lang")
    article_type = (article.get("article-type") or "").lower()
    part.put("type", type_from(article_type) or "article-journal", "article-type")
    uri = meta.find("self-uri")
    if uri is not None and (uri.get(_XLINK) or "").startswith("http"):
        part.put("URL", uri.get(_XLINK), "self-uri")
    part.references = references(article)
    return part


def parse(source: Source) -> list[Record]:
    """Parser entry point: one record for a JATS article.

    :param source: a JATS / NLM XML source.
    :returns: ``[record]``; ``[]`` for XML without article front matter.
    :raises ParseError: the XML is not well-formed enough to read.
    """
    root = load(source.text, source.origin)
    part = parse_article(root)
    if part is None or not part:
        return []
    if not (part.fields.get("title") or part.fields.get("DOI")):
        raise ParseError("JATS article without a title or DOI in its front matter", origin=source.origin)
    return [merge_partials([part])]
