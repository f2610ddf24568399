"""Values of labelled spans as CSL writes them: titles, page ranges, volume and issue numbers.

"pp. 1477-81." → "1477-1481", "Vol. 9," → "9", "14(2):974-983" → volume 14, issue 2 and
pages 974-983, '"Title," ' → "Title", "2nd ed." → "2". Used by the mapping of
:mod:`citekit.parsers.refs.fields` and by the evaluation (gold spans are read the same way).
"""

from __future__ import annotations

import re

from citekit.parsers.refs.years import VOLUME_DATE

__all__ = [
    "ARTICLE_LABEL",
    "PAGES_COUNT",
    "clean_number",
    "clean_pages",
    "clean_title",
    "edition_number",
    "split_volume",
    "volume_tail",
]

_DASHES = re.compile(r"\s*[-‐‑‒–—―−]+\s*")
_PAGE_PREFIX = re.compile(
    r"^(?:pp|p|pages?|pgs?|págs?|pág|pagg?|pagina|pagine|seiten?|ss|s|str|стр|с|blz)(?:\s*[.·]\s*|\s+)(?=[\dA-Za-z])",
    re.IGNORECASE,
)
_NUM_PREFIX = re.compile(
    r"^(?:n[°º]\.?|(?:vol(?:ume)?s?|voll|v|bd|band|t|tome|tomo|jg|jahrgang|nos?|nr|num(?:ber|éro|ero)?|n|iss(?:ue)?|heft|h"
    r"|fasc(?:icule)?|cahier|part|pt|suppl(?:ement)?|ann[oi]|annata|т|том|вып|год)\b\.?"
    # OCR's "Voi." and "Yol." for "Vol."; Italian "a." (annata) before a numeral; "n°", "№".
    r"|(?:voi|yol)\.|a\.(?=\s*[\dIVXLC])|№)\s*",
    re.IGNORECASE,
)
# The label of an article number: "Art.", "Article no.", "art. nr." (before "24", "e1234").
# (A whole word: "Artikel", "Artemis" are no label.)
ARTICLE_LABEL = r"art(?:icle)?\b\.?\s*(?:(?:no|nr)\b\.?|number\b)?\s*"
_ARTICLE_PREFIX = re.compile(rf"^(?:{ARTICLE_LABEL}|paper\b\s*)", re.IGNORECASE)
_TITLE_QUOTES = "\"'“”‘’«»„‟‹›`"
PAGES_COUNT = re.compile(r"^\s*(\d+|[ivxlc]+\s*\+\s*\d+)\s*(?:pp|p|pages|s|seiten|págs?)\.?\s*$", re.IGNORECASE)


_IN = re.compile(
    r"^(?:[Ii]n|[Dd]ans|[Ee]n|[Ee]m|[Ii]m)\s*:\s*"
    r"|^(?:[Ii]n|[Dd]ans|[Ii]m)\s+(?:the\s+)?(?=[A-Z0-9À-Þ\"“«„‘'‹]|[a-z]+\s+[A-Z])"
)


def clean_title(text: str, *, container: bool = False) -> str:
    """A title without the quotes, brackets and trailing punctuation around it; the full
    stop of an abbreviation it ends with stays ("Washington, D.C.", "Frankfurt a. M.",
    and for containers "J. Biol. Chem.").

    :param text: the labelled span.
    :param container: also drop the "In:" / "In" that introduces a book or proceedings.
    """
    text = re.sub(r"\s+", " ", text).strip()
    cleaned = _cleaned_title(text, container)
    at = text.rfind(cleaned)
    stop = at >= 0 and text[at + len(cleaned) : at + len(cleaned) + 1] == "."
    if cleaned and stop and _abbreviated(cleaned, container):
        return cleaned + "."
    return cleaned


_DOTTED_END = re.compile(r"(?:^|[\s/(])(?:[^\W\d_]\.){1,3}[^\W\d_]$|(?:\.\s?|/)[^\W\d_]$")
_JOURNAL_ABBREVIATED = re.compile(r"\b[^\W\d_]{1,8}\.\s.*\s[A-ZÀ-Þ][a-zà-ÿ]{1,6}$")


def _abbreviated(text: str, container: bool) -> bool:
    """Whether ``text`` ends with an abbreviation whose full stop was cut: dotted letters
    ("D.C", "U.S"), a letter after a stop or slash ("a. M", "Frankfurt/M"), or in a
    container, a short word after abbreviated ones ("J. Biol. Chem")."""
    return bool(_DOTTED_END.search(text) or (container and _JOURNAL_ABBREVIATED.search(text)))


_LEADING_JUNK = re.compile(r"^(?:[-–—]+(?!\d)|[)\]]+)\s*")


def _cleaned_title(text: str, container: bool) -> str:
    if container:
        text = _IN.sub("", text)
    for _ in range(3):
        before = text
        # A leading dash stands for the author ("-Per la storia"); a leading ")" is left over.
        text = _LEADING_JUNK.sub("", text.strip(" ,;:./" + _TITLE_QUOTES))
        if (text.startswith("[") and text.endswith("]")) or (text.startswith("(") and text.endswith(")")):
            text = text[1:-1]
        if text == before:
            break
    if text.endswith((" (", " [")):
        text = text[:-2]
    if text.count("(") > text.count(")") and text.endswith("("):
        text = text[:-1]
    for opening, closing in ("()", "[]"):  # a bracket the span cut off from its pair: "(PrenticeHall"
        if text.startswith(opening) and closing not in text:
            text = text[1:]
        if text.endswith(closing) and opening not in text:
            text = text[:-1]
    return text.strip(" ,;:" + _TITLE_QUOTES)


def _expand_range(first: str, last: str) -> str:
    """``1425``-``37`` → ``1425-1437``; ranges already complete pass through."""
    if first.isdigit() and last.isdigit() and len(last) < len(first) and int(first[-len(last):]) <= int(last):
        last = first[: len(first) - len(last)] + last
    return f"{first}-{last}"


_LETTERS = re.compile(r"[A-Za-z]*")


# "737=745": a dash that OCR or PDF extraction turned into "=" (the second number is
# larger, or shorter: "1425=37"); "1=2" in a formula is left alone.
_OCR_DASH = re.compile(r"^(\d{2,})\s*=\s*(\d+)$")


def _ocr_dash(value: str) -> str:
    match = _OCR_DASH.match(value)
    if match and (len(match[2]) < len(match[1]) or int(match[2]) > int(match[1])):
        return f"{match[1]}-{match[2]}"
    return value


def clean_pages(text: str) -> str:
    """A page span as CSL writes it: "pp. 1477-81." → "1477-1481", "e1234", "S12-S15"."""
    value = re.sub(r"\s+", " ", text).strip(" ,;:.()[]")
    value = _PAGE_PREFIX.sub("", value).strip(" ,;:.()")
    value = _ARTICLE_PREFIX.sub("", value)
    value = _ocr_dash(value)
    parts = [p for p in _DASHES.split(value) if p]
    if len(parts) == 2 and all(re.fullmatch(r"[A-Za-z]{0,3}\d+[A-Za-z]?", p) for p in parts):
        first, last = parts
        pre_a, pre_b = _LETTERS.match(first).group(0), _LETTERS.match(last).group(0)  # type: ignore[union-attr]
        if pre_a and not pre_b:
            expanded = _expand_range(first[len(pre_a) :], last).split("-")[1]
            return f"{first}-{pre_a}{expanded}"
        if pre_a == pre_b:
            return pre_a + _expand_range(first[len(pre_a):], last[len(pre_b):])
        return f"{first}-{last}"
    return "-".join(parts) if parts else ""


def clean_number(text: str) -> str:
    """A volume or issue without its label: "Vol. 9," → "9", "(2)" → "2", "no. 3" → "3"."""
    value = re.sub(r"\s+", " ", text).strip(" ,;:.")
    for _ in range(2):
        value = value.strip(" ,;:.()[]")
        value = _NUM_PREFIX.sub("", value)
    value = value.strip(" ,;:.()[]")
    value = _DASHES.sub("-", value) if re.fullmatch(r"\d+\s*[-‐‑‒–—―−]+\s*\d+", value) else value
    return value


_VOLUME_ISSUE = re.compile(
    r"^(?P<volume>[\w.\-–/]+?)\s*(?:\((?P<paren>[^()]+)\)"
    r"|[,.]?\s*(?:nos?|nr|n[°º]|n(?=\.)|n(?=\s+\d)|num|issue|iss|heft|h|fasc|cahier|№|вып)\.?\s*(?P<label>[\w\-–/]+)"
    r"|(?<=\d),\s*(?P<comma>\d{1,2}[-–/]\d{1,2}|\d{1,3})"  # "5, 2": volume, issue
    r"|(?<=\d)(?<!\d{4})\.(?P<dot>[1-9]\d?))[\s,.:;]*$",  # MLA's "40.1"; not J-STAGE's "2013.50"
    re.IGNORECASE,
)


# "14(2):974-983", "51:197-204", "37:20:": the pages (or the issue, when a colon closes
# it) glued after the volume by a colon.
_VOLUME_TAIL = re.compile(
    r"^(?P<head>[^:]*?\d[^:]*?)\s*:\s*"
    r"(?:(?P<pages>[A-Za-z]{0,2}\d+[A-Za-z]?(?:\s*[-‐‑‒–—―−]+\s*[A-Za-z]{0,2}\d+[A-Za-z]?)?)[\s.,;]*"
    r"|(?P<issue>\d+(?:\s*[-–/]\s*\d+)?)\s*:)\s*$"
)


# "4(2), Art. 24", "12, article no. 5": an article number after the volume and issue.
_ARTICLE_TAIL = re.compile(
    rf"^(?P<head>[^,;]*\d[^,;]*?)\s*[,;]\s*(?P<number>{ARTICLE_LABEL}[A-Za-z]?\d+)$",
    re.IGNORECASE,
)


def volume_tail(text: str) -> tuple[str, str, str]:
    """A volume span with pages or an issue glued on after a colon, split up.

    :param text: the labelled volume span ("14(2):974-983", "51:197-204", "37:20:").
    :returns: ``(volume part, issue, pages)``; ``(text, "", "")`` when nothing is glued on.
    """
    value = re.sub(r"\s+", " ", text).strip(" ,;.")
    article = _ARTICLE_TAIL.match(value)
    if article:
        return article.group("head"), "", article.group("number")
    match = _VOLUME_TAIL.match(value)
    if not match or VOLUME_DATE.match(value):
        return text, "", ""
    head = match.group("head")
    if match.group("issue"):
        return head, match.group("issue"), ""
    pages = match.group("pages")
    single = re.fullmatch(r"\d+", pages)
    plain = "(" not in head and not re.search(r"[-‐‑‒–—―−]", pages)
    if plain and not re.search(r"\b(?:vol|v|bd|t)\b\.?", head, re.IGNORECASE) and not (single and int(pages) > 30):
        return text, "", ""  # "15: 4" could be a volume and an issue as well as a page ("3: 233" cannot)
    return head, "", pages


def split_volume(text: str) -> tuple[str, str]:
    """A volume span that also holds the issue ("24(7)", "48, no. 7", "5, 2") as ``(volume, issue)``."""
    text, tail_issue, _ = volume_tail(text)
    if tail_issue:
        return clean_number(text), clean_number(tail_issue)
    value = re.sub(r"\s+", " ", text).strip(" ,;:.")
    if value.startswith("(") and value.count("(") > value.count(")"):
        value = value[1:]
    match = _VOLUME_ISSUE.match(_NUM_PREFIX.sub("", value))
    if not match:
        return clean_number(text), ""
    issue = clean_number(next((match[k] for k in ("paren", "label", "comma", "dot") if match[k]), ""))
    return clean_number(match.group("volume")), issue


def edition_number(text: str) -> str:
    """An edition span as CSL writes the edition.

    :param text: the labelled edition span ("2nd ed.", "Second edition,", "revised edition").
    :returns: its number when it says one ("2"), else the words without "edition" ("revised").
    """
    value = clean_title(text)
    match = re.match(r"^(\d+)(?:st|nd|rd|th|e|er|ème|a|\.)?\b", value)
    if match:
        return match.group(1)
    first = value.split()[0].lower() if value.split() else ""
    if first in _ORDINALS:
        return _ORDINALS[first]
    return _EDITION_WORD.sub("", value).strip() or value


_ORDINALS = {
    "first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6", "seventh": "7", "eighth": "8",
    "ninth": "9", "tenth": "10",
}
_EDITION_WORD = re.compile(r"\s*\b(?:ed|edn|edition|éd|édition|aufl|auflage|ed\.)\b\.?$", re.IGNORECASE)
