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
# CSL-YAML: a references: list (maybe in a --- block) or a bare list of items.
_YAML = re.compile(
    r"\A(?:---[ \t]*\n)?(?:#[^\n]*\n|[ \t]*\n)*(?:references:[ \t]*\n[ \t]*)?- (?:id|type|title|author|DOI|issued):",
    re.IGNORECASE,
)
_XML_DECL = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE\s+(\w+)[^>]*>\s*)?(?:<!--.*?-->\s*)*<([\w:.-]+)", re.DOTALL
)


def detect(text: str, *, hint: str | None = None) -> str:
    """The format of ``text``: html, jats, bibtex, ris, csljson, jsonl, cslyaml or text.

    Content decides; ``hint`` (from a suffix or a Content-Type) only breaks ties, because
    servers and file names often lie (an ``.xml`` that is HTML, JSON served as text/plain).

    :param text: the decoded input.
    :param hint: a format name guessed from the suffix or media type.
    :returns: a key of :data:`PARSERS`.
    """
    head = text[:4096].lstrip("\ufeff \t\r\n")
    if head[:1] in "[{":
        try:
            json.loads(text)
        except ValueError:
            pass
        else:
            return "csljson"
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
        match = _XML_DECL.match(head)
        doctype = (match.group(1) or "").lower() if match else ""
        root = (match.group(2) or "").lower() if match else ""
        root = root.split(":")[-1]
        if doctype == "html" or root in ("html", "head", "body", "meta"):
            return "html"
        if root in ("article", "pmc-articleset", "articles", "book", "book-part-wrapper") or doctype == "article":
            return "jats"
        if "<html" in head.lower():
            return "html"
        return "jats" if hint not in ("html",) and "<front" in text[:200000] else "html"
    if _RIS.search(text[:20000]):
        return "ris"
    if _YAML.match(head):
        return "cslyaml"
    if _BIBTEX.search(text[:20000]):
        return "bibtex"
    return "text"
