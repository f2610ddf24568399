"""Which identifier a ``/search`` text holds, as translation-server decides it.

Zotero looks for a DOI first (any whitespace-separated word holding one), then ISBNs
(ten or thirteen digits with a valid check digit, hyphens and then spaces ignored), then
arXiv identifiers (new ``2101.00001`` or old ``hep-th/9901001`` style, version dropped),
then a PMID, which counts only when it is the whole text (``123``, ``pmid:123``). citekit
adds PMCIDs (``PMC1234567``), which Zotero's search cannot take.

Each identifier is handed to :func:`citekit.source.read` in the spelling the command line
takes (``PMID:123``, ``arXiv:2101.00001``...), so the route reaches whatever lookups the
read → parse → resolve path knows; :data:`SPELLINGS` is the one place that says how.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from citekit.parsers.refs.ident import isbn_valid
from citekit.record import normalize_doi

__all__ = ["SPELLINGS", "Identifier", "as_url", "extract"]

# kind -> how citekit's inputs spell it (``citekit parse PMID:123``)
SPELLINGS: dict[str, str] = {
    "DOI": "{}",
    "ISBN": "ISBN:{}",
    "arXiv": "arXiv:{}",
    "PMCID": "{}",
    "PMID": "PMID:{}",
}

_DASHES = re.compile(r"[\u002D\u00AD\u2010-\u2015\u2212]+")
_ISBN = re.compile(r"(?:\D|^)(97[89]\d{10}|\d{9}[\dX])(?!\d)")
_ARXIV = re.compile(r"(?:(?:[^A-Za-z]|^)([-A-Za-z.]+/\d{7})|(?:\D|^)(\d{4}\.\d{4,5}))(?:v\d+)?(?!\d)")
_PMCID = re.compile(r"^\s*(?:pmcid\s*:\s*)?(PMC\d{1,9})\s*$", re.IGNORECASE)
_PMID = re.compile(r"^\s*(?:pmid\s*:\s*)?(\d{1,9})\s*$", re.IGNORECASE)
# What translation-server takes for a URL: a host name with a top-level domain, or an
# IPv4 address, with or without http(s)://, and no spaces.
_HOST_URL = re.compile(
    r"^(https?://)?(?:[-a-z0-9@:%._+~#=]{2,256}\.[a-z]{2,9}\b|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)(?:\.|\b)){4})\S*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Identifier:
    """One identifier: its kind (a key of :data:`SPELLINGS`) and normalized value."""

    kind: str
    value: str

    @property
    def input(self) -> str:
        """The identifier as an input of :func:`citekit.source.read`."""
        return SPELLINGS[self.kind].format(self.value)


def _isbn(text: str) -> str | None:
    folded = _DASHES.sub("", text).upper()
    for candidate in (folded, re.sub(r"[ \u00a0]+", "", folded)):
        for match in _ISBN.finditer(candidate):
            if isbn_valid(match.group(1)):
                return match.group(1)
    return None


def extract(text: str) -> Identifier | None:
    """The first identifier in ``text`` by Zotero's order of preference, or ``None``.

    :param text: what a client posted to ``/search``.
    :returns: the identifier, or ``None`` for text that holds none (a title, a reference).
    """
    for word in text.split():
        doi = normalize_doi(word)
        if doi:
            return Identifier("DOI", doi)
    isbn = _isbn(text)
    if isbn:
        return Identifier("ISBN", isbn)
    arxiv = _ARXIV.search(text)
    if arxiv:
        return Identifier("arXiv", arxiv.group(1) or arxiv.group(2))
    pmcid = _PMCID.match(text)
    if pmcid:
        return Identifier("PMCID", pmcid.group(1).upper())
    pmid = _PMID.match(text)
    if pmid:
        return Identifier("PMID", pmid.group(1))
    return None


def as_url(text: str) -> str | None:
    """``text`` as an http(s) URL the way translation-server's ``/web`` reads it
    (``example.com/page`` gains ``http://``), or ``None`` when it is not one.

    :param text: what a client posted to ``/web``.
    """
    text = text.strip()
    if not _HOST_URL.match(text):
        return None
    return text if text.lower().startswith(("http://", "https://")) else f"http://{text}"
