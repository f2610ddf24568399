"""The CSL type of a parsed reference, from its fields and its wording.

Thesis, report, dataset, conference and web markers, GB/T 7714 type codes ("[J]",
"[M]", "[EB/OL]"), and the cues that tell a chapter from a journal article or a book.
"""

from __future__ import annotations

import re

from citekit.record import Record

__all__ = ["BOOK_IN", "BOOK_IN_HEAD", "DATASET", "GBT_MARKER", "MEDIUM", "REPORT", "THESIS", "infer_type"]

THESIS = re.compile(
    r"\b(?:ph\.?\s?d|doctoral|doctorate|dissertation|thesis|theses|master'?s?|m\.?\s?sc|msc|m\.?a\.|diss\.|th[eè]se"
    r"|tesis|tese|dissertação|mémoire|habilitation|diplomarbeit|magisterarbeit|doktorarbeit)\b",
    re.IGNORECASE,
)
REPORT = re.compile(
    r"\b(?:tech(?:nical)?\.?\s*rep(?:ort)?s?|report|working\s+paper|white\s+paper|discussion\s+paper|memorandum|memo"
    r"|rapport|bericht|informe|relatório|occasional\s+paper|policy\s+brief)\b",
    re.IGNORECASE,
)
_CONFERENCE = re.compile(
    r"\b(?:proc(?:eedings)?|conf(?:erence)?|symp(?:osium)?|workshop|congress|colloqui(?:um|a)|meeting|convention|summit"
    r"|tagung|congrès|congreso|congresso|actes|anais|annual\s+(?:conference|meeting)|icml|neurips|nips|cvpr|iccv|eccv"
    r"|acl|emnlp|naacl|sigir|kdd|www|chi)\b",
    re.IGNORECASE,
)
DATASET = re.compile(r"\[\s*data\s*set\s*\]|\bdata\s*set\b|\bdataset\b|\bdata\s+repository\b", re.IGNORECASE)
_DATA_DOI = re.compile(r"^10\.(?:5061|5281|6084|1594|15468|7910|17632|25740|48550|3886|5255|7937)/", re.IGNORECASE)
_WEB = re.compile(
    r"\b(?:retrieved|accessed|available\s+(?:at|from|online)|last\s+(?:accessed|visited)|consult[ée]|abgerufen"
    r"|zugegriffen|acesso\s+em|consultado|online)\b",
    re.IGNORECASE,
)
# APA's bracketed description after a title: "[DVD]", "[Motion picture]", "[Computer software]".
MEDIUM = re.compile(
    r"^(?:DVD|CD(?:-ROM)?|Blu-ray|VHS|videos?|video\s*recording|videorecording|film|motion\s+picture"
    r"|audio(?:\s*(?:file|recording|podcast))?|podcast|"
    r"(?:computer\s+)?software|computer\s+program|mobile\s+app(?:lication)?|abstract|letter(?:\s+to\s+the\s+editor)?"
    r"|editorial|photograph|map|poster|"
    r"slides?|lecture\s+notes|blog\s+(?:post|entry)|tweet|brochure|fact\s+sheet|pamphlet"
    r"|television\s+(?:series|broadcast|series\s+episode)|"
    r"radio\s+broadcast|web\s*(?:page|site)|online|electronic\s+version|monograph|review\s+of\s+.+|special\s+issue"
    r"|supplemental\s+material)$",
    re.IGNORECASE,
)
BOOK_IN = re.compile(r"^\s*(?:in|dans|en|em)\s*:?\s", re.IGNORECASE)
# "In" (or its translations) opening a span, with or without a colon: a book or proceedings follows.
BOOK_IN_HEAD = re.compile(r"^\s*(?:in|dans|en|em|im)\b", re.IGNORECASE)


# GB/T 7714 (Chinese standard) document-type markers after a title: "[J]", "[M]", "[EB/OL]".
GBT_MARKER = re.compile(r"\s*\[(J|M|D|C|R|N|P|S|Z|A|G|DB|CP|EB|DS)(?:/(?:OL|CD|MT|DK))?\]\s*")
_GBT_TYPES = {
    "J": "article-journal", "M": "book", "D": "thesis", "C": "paper-conference", "R": "report",
    "N": "article-newspaper", "P": "patent", "S": "standard", "EB": "webpage", "DB": "dataset", "DS": "dataset",
    "CP": "software", "A": "chapter", "G": "book", "Z": "document",
}


def infer_type(record: Record, text: str, chunks: dict[str, list[str]]) -> str:
    """The CSL ``type`` of a parsed reference from its fields and wording.

    The wording decides first (a GB/T code, a thesis or report said so, a dataset, an
    arXiv preprint), then the fields: with a container, a conference, a chapter or a
    journal article; without one, a web page, a book or, with a volume or pages, an article.

    :param record: the fields parsed so far.
    :param text: the whole reference string.
    :param chunks: the raw labelled spans (their wording tells "In:" and "Thesis").
    :returns: a CSL type name.
    """
    said = _said_type(record, text, chunks)
    if said:
        return said
    if record.get("container-title", ""):
        return _contained_type(record, chunks)
    return _standalone_type(record, text)


def _says(pattern: re.Pattern[str], genre: str, container: str, elsewhere: str) -> bool:
    """The genre says so, or, with no container, the other wording does."""
    return bool((genre and pattern.search(genre)) or (not container and pattern.search(elsewhere)))


def _said_type(record: Record, text: str, chunks: dict[str, list[str]]) -> str | None:
    """The type the wording states: a GB/T code, a thesis, a dataset, a preprint, a report."""
    marker = GBT_MARKER.search(text)
    if marker:
        return _GBT_TYPES[marker.group(1)]
    genre = " ".join(chunks.get("genre", []))
    container = record.get("container-title", "")
    if _says(THESIS, genre, container, " ".join(chunks.get("note", [])) + " " + genre):
        return "thesis"
    doi = record.get("DOI", "")
    if DATASET.search(text) or (doi and _DATA_DOI.match(doi)):
        return "dataset"
    if (record.get("custom") or {}).get("identifiers", {}).get("arXiv") and not record.get("volume"):
        return "article"
    if _says(REPORT, genre, container, " ".join(chunks.get("note", []) + chunks.get("title", [])[1:])):
        return "report"
    return None


def _contained_type(record: Record, chunks: dict[str, list[str]]) -> str:
    """A reference with a container: a conference paper, a chapter or a journal article."""
    if _CONFERENCE.search(record["container-title"]):
        return "paper-conference"
    raw_container = " ".join(chunks.get("container-title", []))
    if record.get("editor") or (BOOK_IN.match(raw_container) and not record.get("issue")):
        return "chapter"
    if record.get("publisher") and not record.get("volume") and not record.get("issue"):
        return "chapter"
    return "article-journal"


def _standalone_type(record: Record, text: str) -> str:
    """A reference without a container: a web page, a book, an article or a document."""
    online = record.get("URL") and not record.get("publisher") and not record.get("volume")
    if online and (_WEB.search(text) or not record.get("page")):
        return "webpage"
    if record.get("publisher") or record.get("ISBN") or record.get("edition") or record.get("publisher-place"):
        return "book"
    if (record.get("volume") or record.get("page")) and (record.get("title") or record.get("author")):
        return "article-journal"  # not "Ibid., p. 23": a note citing a page says nothing of its kind
    if record.get("URL"):
        return "webpage"
    return "document"
