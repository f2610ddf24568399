"""PubMed XML (E-utilities ``efetch``, PubMed's "XML" export) → CSL-JSON records.

Reads ``PubmedArticleSet`` documents (also a lone ``PubmedArticle`` or
``PubmedBookArticle``, and ``MedlineCitationSet``): journal articles, preprints (the
"Preprint" publication type), books and book chapters from the NCBI Bookshelf. Fields are
mapped as Zotero's PubMed XML import maps them (title without its closing period,
abbreviated page ranges written out, NLM's sentence-case journal titles in title case,
initials with periods), and everything else PubMed says is kept: ISO abbreviation,
affiliations and ORCID iDs (``custom.authors``), every dated event (``custom.dates``),
MeSH headings (``custom.mesh``), publication types, grants, other article ids, the
reference list. Anything that is not PubMed XML is refused with one line.
"""

from __future__ import annotations

from typing import Any

from citekit.dates import to_iso
from citekit.errors import ParseError
from citekit.parsers.common import norm_isbn, norm_issn, norm_language
from citekit.parsers.jats.load import load, local, text_of
from citekit.parsers.pubmed_parts import (
    abstract_of,
    csl_date,
    date_parts,
    expand_pages,
    grants_of,
    journal_title,
    mesh_of,
    people,
    strip_period,
)
from citekit.parsers.refitems import finish
from citekit.record import Record, normalize, normalize_doi
from citekit.source import Source

__all__ = ["parse"]

_SETS = frozenset({"PubmedArticleSet", "PubmedBookArticleSet", "MedlineCitationSet"})
_PREPRINT_UI = "D000076942"  # the "Preprint" publication type
# PubMed's history statuses, as custom.dates names.
_EVENTS = {
    "received": "received",
    "revised": "revised",
    "accepted": "accepted",
    "aheadofprint": "published-online",
    "epublish": "published-online",
    "ppublish": "published-print",
    "ecollection": "collection",
    "pubmed": "pubmed",
    "medline": "medline",
    "entrez": "entrez",
    "pmc-release": "pmc-release",
    "pmc": "pmc",
    "retracted": "retracted",
    "premedline": "premedline",
}


def parse(source: Source) -> list[Record]:
    """Records from a PubMed XML document, one per article or book.

    :param source: a source in format ``pubmed``.
    :returns: the records, in document order.
    :raises ParseError: the XML is not PubMed's.
    """
    root = load(source.text, source.origin)
    name = local(root.tag)
    if name in _SETS:
        items = list(root)
    elif name in ("PubmedArticle", "PubmedBookArticle", "MedlineCitation"):
        items = [root]
    else:
        raise ParseError(f"not PubMed XML (root element <{name}>)", origin=source.origin)
    records: list[Record] = []
    for item in items:
        kind = local(item.tag)
        if kind == "PubmedArticle" and item.find("MedlineCitation/Article") is not None:
            records.append(_article(item.find("MedlineCitation"), item.find("PubmedData")))
        elif kind == "MedlineCitation" and item.find("Article") is not None:
            records.append(_article(item, None))
        elif kind == "PubmedBookArticle" and item.find("BookDocument/Book") is not None:
            records.append(_book(item.find("BookDocument"), item.find("PubmedBookData")))
    return records


def _ids(*holders: Any) -> dict[str, str]:
    """Article ids by type (``doi``, ``pmc``, ``pii``, ``bookaccession`` ...), first of each."""
    found: dict[str, str] = {}
    for holder in holders:
        if holder is None:
            continue
        for element in holder.iterfind("ArticleIdList/ArticleId"):
            kind = (element.get("IdType") or "").lower()
            value = text_of(element)
            if kind and value:
                found.setdefault(kind, value)
    return found


def _dates(custom: dict[str, Any], *holders: Any) -> None:
    dates: dict[str, str] = custom.setdefault("dates", {})
    for holder in holders:
        if holder is None:
            continue
        for element in holder.iterfind("History/PubMedPubDate"):
            name = _EVENTS.get((element.get("PubStatus") or "").lower())
            iso = to_iso(date_parts(element))
            if name and iso:
                dates.setdefault(name, iso)


def _references(*holders: Any) -> list[Record]:
    references: list[Record] = []
    for holder in holders:
        if holder is None:
            continue
        for reference in holder.iter("Reference"):
            raw = text_of(reference.find("Citation"))
            ids = _ids(reference)
            if not raw and not ids:
                continue
            item: Record = {"custom": {"raw": raw}} if raw else {}
            if ids.get("pubmed"):
                item["PMID"] = ids["pubmed"]
            if ids.get("pmc") or ids.get("pmcid"):
                item["PMCID"] = ids.get("pmc") or ids.get("pmcid")
            doi = normalize_doi(ids.get("doi"))
            if doi:
                item["DOI"] = doi
            references.append(finish(item))
    return references


def _common(record: Record, custom: dict[str, Any], document: Any, data: Any) -> None:
    """What articles and books share: language, abstract, keywords, grants, ids, references."""
    container = document.find("Article") if document.find("Article") is not None else document
    language = text_of(container.find("Language"))
    if language:
        record["language"] = norm_language(language) or language
    record["abstract"] = abstract_of(container.find("Abstract"))
    record["license"] = text_of(container.find("Abstract/CopyrightInformation"))
    keywords = [text_of(k) for k in document.iterfind("KeywordList/Keyword")]
    record["keyword"] = ", ".join(dict.fromkeys(k for k in keywords if k))
    grants = grants_of(container)
    if grants:
        custom["grants"] = grants
    references = _references(data, document)
    if references:
        custom["references"] = references


def _people(record: Record, custom: dict[str, Any], lists: list[tuple[Any, str, str]]) -> None:
    """Authors and editors from ``(AuthorList, role for authors, role for editors)`` in order."""
    extras: list[dict[str, Any]] = []
    for author_list, author_role, editor_role in lists:
        if author_list is None:
            continue
        role = editor_role if author_list.get("Type") == "editors" else author_role
        names, more = people(author_list)
        record.setdefault(role, []).extend(names)
        if role == "author":
            extras.extend(more)
    if any(extras):
        custom["authors"] = extras


def _article_titles_people(article: Any, record: Record, custom: dict[str, Any]) -> None:
    title = text_of(article.find("ArticleTitle"))
    vernacular = text_of(article.find("VernacularTitle"))
    record["title"] = strip_period(title or vernacular)
    if title and vernacular:
        record["original-title"] = strip_period(vernacular)
    _people(record, custom, [(element, "author", "editor") for element in article.iterfind("AuthorList")])
    affiliation = text_of(article.find("Affiliation"))  # before 2014: the first author's, on the article
    if affiliation and record.get("author") and not (custom.get("authors") or [{}])[0].get("affiliation"):
        extras = custom.setdefault("authors", [{} for _ in record["author"]])
        extras[0] = {**extras[0], "affiliation": [affiliation]}


def _article_journal(citation: Any, article: Any, record: Record, preprint: bool) -> None:
    """Journal (or, for a preprint, its server as publisher), ISSN, volume, issue, date."""
    journal = article.find("Journal")
    full, place = journal_title(text_of(journal.find("Title"))) if journal is not None else ("", "")
    short = text_of(article.find("Journal/ISOAbbreviation")) or text_of(citation.find("MedlineJournalInfo/MedlineTA"))
    issue = article.find("Journal/JournalIssue")
    if preprint:
        record["publisher"] = full or short
    else:
        record["container-title"] = full or short
        record["container-title-short"] = short
        record["publisher-place"] = place
    issn = norm_issn(text_of(article.find("Journal/ISSN")) or text_of(citation.find("MedlineJournalInfo/ISSNLinking")))
    record["ISSN"] = issn or ""
    if issue is not None:
        record["volume"] = text_of(issue.find("Volume"))
        record["issue"] = text_of(issue.find("Issue"))
        issued = csl_date(issue.find("PubDate"))
        if issued:
            record["issued"] = issued


def _article_pages(article: Any, record: Record, preprint: bool) -> dict[str, str]:
    """Pages (or the e-location standing for them); returns the e-location ids by type."""
    locations = {(e.get("EIdType") or "").lower(): text_of(e) for e in reversed(article.findall("ELocationID"))}
    pages = expand_pages(text_of(article.find("Pagination/MedlinePgn")))
    if not pages:
        start, end = text_of(article.find("Pagination/StartPage")), text_of(article.find("Pagination/EndPage"))
        pages = f"{start}-{end}" if start and end and end != start else start
    if preprint:
        record["number"] = locations.get("pii", "")
    else:
        # Zotero's rule: an article without pages is cited by its e-location (its pii).
        record["page"] = pages or locations.get("pii", "")
    return locations


def _article_ids(citation: Any, data: Any, locations: dict[str, str], record: Record, custom: dict[str, Any]) -> None:
    ids = _ids(data)
    record["DOI"] = normalize_doi(ids.get("doi")) or normalize_doi(locations.get("doi")) or ""
    record["PMID"] = text_of(citation.find("PMID"))
    pmc = ids.get("pmc") or ids.get("pmcid") or ""
    record["PMCID"] = pmc if not pmc or pmc.upper().startswith("PMC") else f"PMC{pmc}"
    other = {k: v for k, v in ids.items() if k not in ("doi", "pubmed", "pmc", "pmcid")}
    for kind, value in locations.items():
        if kind != "doi" and value:
            other.setdefault(kind, value)
    if other:
        custom["identifiers"] = other


def _article_events_terms(citation: Any, article: Any, types: list[Any], custom: dict[str, Any]) -> None:
    """Electronic and MEDLINE dates, MeSH headings and publication types into ``custom``."""
    dated = article.find("ArticleDate[@DateType='Electronic']")
    electronic = date_parts(dated if dated is not None else article.find("ArticleDate"))
    if electronic:
        custom["dates"]["published-online"] = to_iso(electronic) or ""
    for name, tag in (("medline-completed", "DateCompleted"), ("medline-revised", "DateRevised")):
        iso = to_iso(date_parts(citation.find(tag)))
        if iso:
            custom["dates"].setdefault(name, iso)
    mesh = mesh_of(citation)
    if mesh:
        custom["mesh"] = mesh
    names = [text_of(t) for t in types if text_of(t)]
    if names:
        custom["publication-types"] = names


def _article(citation: Any, data: Any) -> Record:
    article = citation.find("Article")
    types = article.findall("PublicationTypeList/PublicationType")
    preprint = any(t.get("UI") == _PREPRINT_UI or text_of(t) == "Preprint" for t in types)
    record: Record = {"type": "article" if preprint else "article-journal"}
    custom: dict[str, Any] = {}
    _article_titles_people(article, record, custom)
    _article_journal(citation, article, record, preprint)
    locations = _article_pages(article, record, preprint)
    _article_ids(citation, data, locations, record, custom)
    _common(record, custom, citation, data)
    _dates(custom, data)
    _article_events_terms(citation, article, types, custom)
    return _finish(record, custom)


def _book(document: Any, data: Any) -> Record:
    book = document.find("Book")
    section = text_of(document.find("ArticleTitle"))
    record: Record = {"type": "chapter" if section else "book"}
    custom: dict[str, Any] = {}
    book_title = strip_period(text_of(book.find("BookTitle")))
    if section:
        record["title"] = strip_period(section)
        record["container-title"] = book_title
        lists = [(e, "author", "editor") for e in document.iterfind("AuthorList")]
        lists += [(e, "container-author", "editor") for e in book.iterfind("AuthorList")]
    else:
        record["title"] = book_title
        lists = [(e, "author", "editor") for e in book.iterfind("AuthorList")]
    _people(record, custom, lists)
    issued = csl_date(book.find("PubDate"))
    if issued:
        record["issued"] = issued
    record["edition"] = text_of(book.find("Edition"))
    record["collection-title"] = text_of(book.find("CollectionTitle"))
    record["volume"] = text_of(book.find("Volume"))
    record["publisher"] = text_of(book.find("Publisher/PublisherName"))
    record["publisher-place"] = text_of(book.find("Publisher/PublisherLocation"))
    isbns = [norm_isbn(text_of(i)) for i in book.iterfind("Isbn")]
    record["ISBN"] = next((i for i in isbns if i), "")
    record["PMID"] = text_of(document.find("PMID"))
    ids = _ids(document, data)
    record["DOI"] = normalize_doi(ids.get("doi")) or ""
    accession = ids.get("bookaccession", "")
    if accession:
        record["call-number"] = accession
        record["URL"] = f"https://www.ncbi.nlm.nih.gov/books/{accession}/"
    other = {k: v for k, v in ids.items() if k not in ("doi", "pubmed", "bookaccession")}
    if other:
        custom["identifiers"] = other
    _common(record, custom, document, data)
    _dates(custom, data)
    for name, tag in (("contributed", "ContributionDate"), ("updated", "DateRevised")):
        iso = to_iso(date_parts(document.find(tag)))
        if iso:
            custom["dates"].setdefault(name, iso)
    return _finish(record, custom)


def _finish(record: Record, custom: dict[str, Any]) -> Record:
    custom = {k: v for k, v in custom.items() if v not in (None, "", [], {})}
    if custom:
        record["custom"] = custom
    return normalize(record, default_type=str(record["type"]))
