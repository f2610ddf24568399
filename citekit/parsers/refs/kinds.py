"""The CSL type of a parsed reference, from its fields and its wording.

Thesis, report, dataset, conference and web markers, GB/T 7714 type codes ("[J]",
"[M]", "[EB/OL]"), and the cues that tell a chapter from a journal article or a book.
"""

from __future__ import annotations

import re

from citekit.record import Record

__all__ = ["BOOK_IN", "DATASET", "GBT_MARKER", "MEDIUM", "REPORT", "THESIS", "infer_type"]

THESIS = re.compile(r"\b(?:ph\.?\s?d|doctoral|doctorate|dissertation|thesis|theses|master'?s?|m\.?\s?sc|msc|m\.?a\.|diss\.|th[eè]se|tesis|tese|dissertação|mémoire|habilitation|diplomarbeit|magisterarbeit|doktorarbeit)\b", re.IGNORECASE)
REPORT = re.compile(r"\b(?:tech(?:nical)?\.?\s*rep(?:ort)?s?|report|working\s+paper|white\s+paper|discussion\s+paper|memorandum|memo|rapport|bericht|informe|relatório|occasional\s+paper|policy\s+brief)\b", re.IGNORECASE)
_CONFERENCE = re.compile(r"\b(?:proc(?:eedings)?|conf(?:erence)?|symp(?:osium)?|workshop|congress|colloqui(?:um|a)|meeting|convention|summit|tagung|congrès|congreso|congresso|actes|anais|annual\s+(?:conference|meeting)|icml|neurips|nips|cvpr|iccv|eccv|acl|emnlp|naacl|sigir|kdd|www|chi)\b", re.IGNORECASE)
DATASET = re.compile(r"\[\s*data\s*set\s*\]|\bdata\s*set\b|\bdataset\b|\bdata\s+repository\b", re.IGNORECASE)
_DATA_DOI = re.compile(r"^10\.(?:5061|5281|6084|1594|15468|7910|17632|25740|48550|3886|5255|7937)/", re.IGNORECASE)
_WEB = re.compile(r"\b(?:retrieved|accessed|available\s+(?:at|from|online)|last\s+(?:accessed|visited)|consult[ée]|abgerufen|zugegriffen|acesso\s+em|consultado|online)\b", re.IGNORECASE)
# APA's bracketed description after a title: "[DVD]", "[Motion picture]", "[Computer software]".
MEDIUM = re.compile(
    r"^(?:DVD|CD(?:-ROM)?|Blu-ray|VHS|videos?|video\s*recording|videorecording|film|motion\s+picture|audio(?:\s*(?:file|recording|podcast))?|podcast|"
    r"(?:computer\s+)?software|computer\s+program|mobile\s+app(?:lication)?|abstract|letter(?:\s+to\s+the\s+editor)?|editorial|photograph|map|poster|"
    r"slides?|lecture\s+notes|blog\s+(?:post|entry)|tweet|brochure|fact\s+sheet|pamphlet|television\s+(?:series|broadcast|series\s+episode)|"
    r"radio\s+broadcast|web\s*(?:page|site)|online|electronic\s+version|monograph|review\s+of\s+.+|special\s+issue|supplemental\s+material)$",
    re.IGNORECASE,
)
BOOK_IN = re.compile(r"^\s*(?:in|dans|en|em)\s*:?\s", re.IGNORECASE)


# GB/T 7714 (Chinese standard) document-type markers after a title: "[J]", "[M]", "[EB/OL]".
GBT_MARKER = re.compile(r"\s*\[(J|M|D|C|R|N|P|S|Z|A|G|DB|CP|EB|DS)(?:/(?:OL|CD|MT|DK))?\]\s*")
_GBT_TYPES = {"J": "article-journal", "M": "book", "D": "thesis", "C": "paper-conference", "R": "report", "N": "article-newspaper", "P": "patent", "S": "standard", "EB": "webpage", "DB": "dataset", "DS": "dataset", "CP": "software", "A": "chapter", "G": "book", "Z": "document"}


def infer_type(record: Record, text: str, chunks: dict[str, list[str]]) -> str:
    """The CSL ``type`` of a parsed reference from its fields and wording.

    :param record: the fields parsed so far.
    :param text: the whole reference string.
    :param chunks: the raw labelled spans (their wording tells "In:" and "Thesis").
    :returns: a CSL type name.
    """
    genre = " ".join(chunks.get("genre", []))
    container = record.get("container-title", "")
    marker = GBT_MARKER.search(text)
    if marker:
        return _GBT_TYPES[marker.group(1)]
    doi = record.get("DOI", "")
    if (genre and THESIS.search(genre)) or (not container and THESIS.search(" ".join(chunks.get("note", [])) + " " + genre)):
        return "thesis"
    if DATASET.search(text) or (doi and _DATA_DOI.match(doi)):
        return "dataset"
    if (record.get("custom") or {}).get("identifiers", {}).get("arXiv") and not record.get("volume"):
        return "article"
    if (genre and REPORT.search(genre)) or (not container and REPORT.search(" ".join(chunks.get("note", []) + chunks.get("title", [])[1:]))):
        return "report"
    if container and _CONFERENCE.search(container):
        return "paper-conference"
    raw_container = " ".join(chunks.get("container-title", []))
    if container:
        if record.get("editor") or (BOOK_IN.match(raw_container) and not record.get("issue")):
            return "chapter"
        if record.get("publisher") and not record.get("volume") and not record.get("issue"):
            return "chapter"
        return "article-journal"
    if record.get("URL") and not record.get("publisher") and not record.get("volume") and (_WEB.search(text) or not record.get("page")):
        return "webpage"
    if record.get("publisher") or record.get("ISBN") or record.get("edition") or record.get("publisher-place"):
        return "book"
    if record.get("volume") or record.get("page"):
        return "article-journal"
    if record.get("URL"):
        return "webpage"
    return "document"
