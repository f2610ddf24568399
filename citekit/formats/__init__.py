"""Format names, aliases, suffixes and media types, one table per kind.

Tables map a format name to ``"module:function"`` and :func:`lookup` imports it on first
use, so ``citekit refs`` does not pay for lxml, bibtexparser or citeproc at start-up. A
new format is one module, one table line and one fixture.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable
from pathlib import PurePath
from typing import Any, Literal

from citekit.errors import UnknownFormatError

__all__ = [
    "ALIASES",
    "EXPORTERS",
    "MEDIA_TYPES",
    "PARSERS",
    "SUFFIXES",
    "canonical",
    "detect",
    "from_suffix",
    "looks_like_medline",
    "lookup",
]

Kind = Literal["parser", "exporter"]

PARSERS: dict[str, str] = {
    "html": "citekit.parsers.html.page:parse",
    "jats": "citekit.parsers.jats.article:parse",
    "text": "citekit.parsers.text.page:parse",
    "bibtex": "citekit.parsers.bibtex:parse",
    "ris": "citekit.parsers.ris:parse",
    "csljson": "citekit.parsers.csljson:parse",
    "jsonl": "citekit.parsers.csljson:parse",
    "cslyaml": "citekit.parsers.csljson:parse_yaml",
    "pubmed": "citekit.parsers.pubmed:parse",
    "arxiv": "citekit.parsers.arxiv:parse",
    "openlibrary": "citekit.parsers.openlibrary:parse",
    "datacite": "citekit.parsers.datacite:parse",
}

EXPORTERS: dict[str, str] = {
    "csljson": "citekit.exporters.csljson:dumps",
    "bibtex": "citekit.exporters.bibtex:dumps",
    "biblatex": "citekit.exporters.bibtex:dumps_biblatex",
    "ris": "citekit.exporters.ris:dumps",
    "citations-csv": "citekit.exporters.graph:dumps_csv",
    "graphml": "citekit.exporters.graph:dumps_graphml",
    "gexf": "citekit.exporters.graph:dumps_gexf",
    "jsonl": "citekit.exporters.csljson:dumps_lines",
    "cslyaml": "citekit.exporters.csljson:dumps_yaml",
}

ALIASES: dict[str, str] = {
    "json": "csljson",
    "csl-json": "csljson",
    "csl": "csljson",
    "bib": "bibtex",
    "htm": "html",
    "xml": "jats",
    "nlm": "jats",
    "txt": "text",
    "plain": "text",
    "csv": "citations-csv",
    "jsonlines": "jsonl",
    "ndjson": "jsonl",
    "yaml": "cslyaml",
    "yml": "cslyaml",
    "csl-yaml": "cslyaml",
    "pubmed-xml": "pubmed",
    "pubmedxml": "pubmed",
    "atom": "arxiv",
}

SUFFIXES: dict[str, str] = {
    ".bib": "bibtex",
    ".bibtex": "bibtex",
    ".ris": "ris",
    ".nbib": "ris",
    ".medline": "ris",
    ".json": "csljson",
    ".jsonl": "jsonl",
    ".yaml": "cslyaml",
    ".yml": "cslyaml",
    ".xml": "jats",
    ".nxml": "jats",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".csv": "citations-csv",
    ".graphml": "graphml",
    ".gexf": "gexf",
}

MEDIA_TYPES: dict[str, str] = {
    "html": "text/html",
    "jats": "application/jats+xml",
    "text": "text/plain",
    "bibtex": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
    "csljson": "application/vnd.citationstyles.csl+json",
    "jsonl": "application/x-ndjson",
    "cslyaml": "application/x-yaml",
    "pubmed": "application/x-pubmed+xml",
    "arxiv": "application/atom+xml",
    "openlibrary": "application/x-openlibrary+json",
    "datacite": "application/vnd.datacite.datacite+json",
}
_BY_MEDIA_TYPE = {v: k for k, v in MEDIA_TYPES.items()}
_BY_MEDIA_TYPE.update(
    {
        "application/xhtml+xml": "html",
        "application/xml": "jats",
        "text/xml": "jats",
        "application/json": "csljson",
        "application/jsonl": "jsonl",
        "application/yaml": "cslyaml",
        "text/yaml": "cslyaml",
    }
)


def canonical(name: str) -> str:
    """The canonical name of a format name or alias (case-insensitive; not checked)."""
    key = name.strip().lower().lstrip(".")
    return ALIASES.get(key, key)


def _table(kind: Kind) -> dict[str, str]:
    if kind == "parser":
        return PARSERS
    if kind == "exporter":
        return EXPORTERS
    raise ValueError(f"unknown kind {kind!r}: expected 'parser' or 'exporter'")


def lookup(kind: Kind, name: str) -> Callable[..., Any]:
    """The parser or exporter function for a format name, alias or suffix.

    :param kind: ``"parser"`` or ``"exporter"``.
    :param name: e.g. ``"bibtex"``, ``"bib"``, ``".bib"``, ``"CSL-JSON"``.
    :returns: the function (imported on first use).
    :raises UnknownFormatError: the name is not in the table; the message lists those that are.
    """
    table = _table(kind)
    key = canonical(name)
    if key not in table and f".{key}" in SUFFIXES:
        key = SUFFIXES[f".{key}"]
    if key not in table:
        known = ", ".join(sorted(table))
        raise UnknownFormatError(f"unknown {kind} format {name!r} (known: {known})")
    module_name, _, attr = table[key].partition(":")
    function: Callable[..., Any] = getattr(importlib.import_module(module_name), attr)
    return function


def from_suffix(path: str | PurePath) -> str | None:
    """The format a file name's suffix stands for, or ``None``."""
    return SUFFIXES.get(PurePath(str(path)).suffix.lower())


def from_media_type(media_type: str | None) -> str | None:
    """The format a MIME type stands for (parameters ignored), or ``None``."""
    if not media_type:
        return None
    return _BY_MEDIA_TYPE.get(media_type.split(";")[0].strip().lower())


_BIBTEX = re.compile(
    r"^\s*@(?:article|book|inproceedings|incollection|inbook|misc|phdthesis|mastersthesis|techreport|online|proceedings|conference|unpublished|manual|booklet|report|thesis|dataset|software|string|preamble|comment|collection|electronic|patent|[a-z]+)\s*[{(]",
    re.IGNORECASE | re.MULTILINE,
)
# RIS as written by hand and by old exporters ("TY - ", "TY  -JOUR"), and PubMed's MEDLINE
# text, which the RIS reader also takes.
_RIS = re.compile(r"^(?:\ufeff)?(?:TY {1,2}- ?|PMID- ?\d)", re.MULTILINE)
# A MEDLINE line: the tag padded to four characters, "- ", the value ("TI  - ", "PMID- ").
_MEDLINE_LINE = re.compile(r"^(?=[A-Z][A-Z0-9 ]{3}- )([A-Z][A-Z0-9]{1,3}) *- ", re.MULTILINE)
# Tags only MEDLINE writes (RIS tags are two characters); one of them marks the format.
_MEDLINE_ONLY = frozenset({"PMID", "OWN", "STAT", "FAU", "FED", "LID", "AID", "OID", "EDAT", "CRDT", "DCOM", "BTI"})


def looks_like_medline(text: str) -> bool:
    """True for MEDLINE-format text (PubMed's, ERIC's ...), known by its structure: no RIS
    ``TY`` line, nearly every line a tag line (tags padded to four characters) or a
    six-space continuation, and at least one tag only MEDLINE uses (``PMID``, ``OWN``,
    ``FAU``, ``AID`` ...), so no ``PMID`` line is needed."""
    head = text[:20000].lstrip("\ufeff")
    if re.search(r"^TY  - ", head, re.MULTILINE):
        return False
    tags = [match.group(1) for match in _MEDLINE_LINE.finditer(head)]
    if len(tags) < 3 or not _MEDLINE_ONLY.intersection(tags):
        return False
    lines = [line for line in head.splitlines()[:200] if line.strip()]
    structured = sum(1 for line in lines if _MEDLINE_LINE.match(line) or line.startswith("      "))
    return structured >= 0.9 * len(lines)


# CSL-YAML: a references: list (maybe in a --- block) or a bare list of items.
_YAML = re.compile(
    r"\A(?:---[ \t]*\n)?(?:#[^\n]*\n|[ \t]*\n)*(?:references:[ \t]*\n[ \t]*)?- (?:id|type|title|author|DOI|issued):",
    re.IGNORECASE,
)
_XML_DECL = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE\s+([\w:.-]+)[^>]*>\s*)?(?:<!--.*?-->\s*)*<([\w:.-]+)([^>]*)>",
    re.DOTALL | re.IGNORECASE,
)
# Elements an HTML page or fragment may open with (a document rooted anywhere else is XML).
_HTML_ROOTS = frozenset(
    [
        "html", "head", "body", "meta", "link", "title", "base", "style", "script", "noscript", "template", "div",
        "span", "p", "a", "b", "i", "u", "em", "strong", "small", "section", "nav", "main", "header", "footer", "aside",
        "h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "address", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead",
        "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col", "form", "input", "button", "select", "option",
        "textarea", "label", "fieldset", "legend", "img", "picture", "source", "figure", "figcaption", "iframe",
        "video", "audio", "canvas", "blockquote", "pre", "code", "hr", "br", "center", "font", "frameset", "frame",
        "dialog", "details", "summary", "abbr", "cite", "q", "sup", "sub", "time", "mark",
    ]
)
_JATS_ROOTS = frozenset({"article", "pmc-articleset", "articles", "book", "book-part-wrapper"})
_PUBMED_ROOTS = frozenset(
    {"pubmedarticleset", "pubmedarticle", "pubmedbookarticle", "pubmedbookarticleset", "medlinecitationset"}
)
_ARXIV_NS = re.compile(r"arxiv\.org/schemas/atom|arxiv\.org/api/", re.IGNORECASE)


def _xml_format(text: str, head: str, hint: str | None) -> str:
    """The format of a document opening with ``<``; XML of a kind citekit does not read
    is refused, because the HTML and JATS readers would make a confident record of it."""
    match = _XML_DECL.match(head)
    doctype = (match.group(1) or "").lower() if match else ""
    root = (match.group(2) or "").lower().split(":")[-1] if match else ""
    if doctype == "html" or root in _HTML_ROOTS:
        return "html"
    if root in _JATS_ROOTS or doctype == "article":
        return "jats"
    if root in _PUBMED_ROOTS or doctype == "pubmedarticleset":
        return "pubmed"
    if root == "feed" and _ARXIV_NS.search(head):
        return "arxiv"
    if "<html" in head.lower() or not match or not root:
        return "html"
    if hint != "html" and "<front" in text[:200000] and "<article-meta" in text[:200000]:
        return "jats"
    kind = "an Atom feed not from arXiv" if root == "feed" else f"XML with root element <{match.group(2)}>"
    raise UnknownFormatError(f"{kind}: not a format citekit reads (XML: JATS, PubMed XML, arXiv Atom)")


def _json_format(value: Any) -> str:
    """The format of a parsed JSON document: a DataCite or Open Library record, else CSL-JSON."""
    if isinstance(value, dict):
        data = value.get("data")
        if isinstance(data, dict) and data.get("type") == "dois" and isinstance(data.get("attributes"), dict):
            return "datacite"
        datacite = str(value.get("schemaVersion") or "").startswith("http://datacite.org/schema/")
        if (datacite or str(value.get("agency") or "").lower() == "datacite") and "titles" in value:
            return "datacite"
        edition = value["edition"] if isinstance(value.get("edition"), dict) else value
        kind = edition.get("type")
        if isinstance(kind, dict) and kind.get("key") == "/type/edition":
            return "openlibrary"
    return "csljson"


def detect(text: str, *, hint: str | None = None) -> str:
    """The format of ``text``: html, jats, pubmed, arxiv, bibtex, ris, csljson, jsonl,
    cslyaml, datacite, openlibrary or text.

    Content decides; ``hint`` (from a suffix or a Content-Type) only breaks ties, because
    servers and file names often lie (an ``.xml`` that is HTML, JSON served as text/plain).

    :param text: the decoded input.
    :param hint: a format name guessed from the suffix or media type.
    :returns: a key of :data:`PARSERS`.
    :raises UnknownFormatError: XML citekit does not read (TEI, MODS, RSS, EndNote XML ...):
        refused in one line rather than read as a page.
    """
    head = text[:4096].lstrip("\ufeff \t\r\n")
    if head[:1] in "[{":
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):  # nested past the stack: the JSON reader says so
            pass
        else:
            return _json_format(value)
        first = head.split("\n", 1)[0].strip()
        if first.startswith("{"):
            try:
                json.loads(first)
            except ValueError:
                pass
            else:
                return "jsonl"
        if hint in ("csljson", "jsonl"):
            return hint  # a .json file that does not parse: its reader says where it breaks
    if head.startswith("<"):
        return _xml_format(text, head, hint)
    if _RIS.search(text[:20000]) or looks_like_medline(text):
        return "ris"
    if _YAML.match(head):
        return "cslyaml"
    if _BIBTEX.search(text[:20000]):
        return "bibtex"
    return "text"
