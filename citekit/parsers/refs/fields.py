"""Labelled spans of a reference string into a CSL-JSON item.

The labeller (statistical or rule-based) decides *which* text is the title, the
volume, the pages...; this module decides *what it means*, deterministically: prefixes
such as "Vol." and "pp." are dropped, "1425-37" becomes "1425-1437", dates become date
parts, editors and authors become CSL names, and the reference type is inferred from
the fields found and the words around them.
"""

from __future__ import annotations

import re
from typing import Any

from citekit.dates import parse_date
from citekit.parsers.refs.ident import Ident, clean_url
from citekit.parsers.refs.kinds import BOOK_IN, DATASET, GBT_MARKER, MEDIUM, REPORT, THESIS, infer_type
from citekit.parsers.refs.names import is_editor_list, parse_names
from citekit.parsers.refs.numbers import cjk_numbers, container_volume, cyrillic_numbers, note_pages, pages_date
from citekit.record import Record, normalize

__all__ = ["LABELS", "build_record", "clean_number", "clean_pages", "clean_title", "infer_type", "split_volume", "volume_tail"]

# Labels shared by every labeller; training data is mapped onto these.
LABELS: tuple[str, ...] = (
    "citation-number", "author", "editor", "translator", "title", "container-title",
    "collection-title", "date", "volume", "issue", "pages", "publisher", "location",
    "edition", "genre", "note", "url", "doi", "identifier", "other",
)

_CJK = re.compile(r"[제第]\s*\d|\d\s*[권집卷巻호號号期]")
_CYRILLIC = re.compile(r"[Тт]\.\s*\d|№\s*\d|Вып\.")
_DASHES = re.compile(r"\s*[-‐‑‒–—―−]+\s*")
_PAGE_PREFIX = re.compile(r"^(?:pp|p|pages?|pgs?|págs?|pág|seiten|ss|s|str|стр|с)(?:\s*\.\s*|\s+)(?=[\dA-Za-z])", re.IGNORECASE)
_NUM_PREFIX = re.compile(
    r"^(?:(?:vol(?:ume)?s?|v|bd|band|t|tome|tomo|jg|jahrgang|nos?|nr|num(?:ber|éro|ero)?|n[°º]|n|iss(?:ue)?|heft|h|fasc(?:icule)?|cahier|part|pt|suppl(?:ement)?|т|том|вып|год)\b\.?|№)\s*",
    re.IGNORECASE,
)
_TITLE_QUOTES = "\"'“”‘’«»„‟‹›`"
_PAGES_COUNT = re.compile(r"^\s*(\d+|[ivxlc]+\s*\+\s*\d+)\s*(?:pp|p|pages|s|seiten|págs?)\.?\s*$", re.IGNORECASE)


_IN = re.compile(r"^(?:[Ii]n|[Dd]ans|[Ee]n|[Ee]m|[Ii]m)\s*:\s*|^(?:[Ii]n|[Dd]ans|[Ii]m)\s+(?:the\s+)?(?=[A-Z0-9À-Þ\"“]|[a-z]+\s+[A-Z])")


def clean_title(text: str, *, container: bool = False) -> str:
    """A title without the quotes, brackets and trailing punctuation around it.

    :param text: the labelled span.
    :param container: also drop the "In:" / "In" that introduces a book or proceedings.
    """
    text = re.sub(r"\s+", " ", text).strip()
    if container:
        text = _IN.sub("", text)
    for _ in range(3):
        before = text
        text = text.strip(" ,;:./" + _TITLE_QUOTES)
        if (text.startswith("[") and text.endswith("]")) or (text.startswith("(") and text.endswith(")")):
            text = text[1:-1]
        if text == before:
            break
    if text.endswith((" (", " [")):
        text = text[:-2]
    if text.count("(") > text.count(")") and text.endswith("("):
        text = text[:-1]
    return text.strip(" ,;:" + _TITLE_QUOTES)


def _expand_range(first: str, last: str) -> str:
    """``1425``-``37`` → ``1425-1437``; ranges already complete pass through."""
    if first.isdigit() and last.isdigit() and len(last) < len(first) and int(first[-len(last):]) <= int(last):
        last = first[: len(first) - len(last)] + last
    return f"{first}-{last}"


def clean_pages(text: str) -> str:
    """A page span as CSL writes it: "pp. 1477-81." → "1477-1481", "e1234", "S12-S15"."""
    value = re.sub(r"\s+", " ", text).strip(" ,;:.()[]")
    value = _PAGE_PREFIX.sub("", value).strip(" ,;:.()")
    value = re.sub(r"^(?:art(?:icle)?\.?\s*(?:no\.?|number)?|paper)\s*", "", value, flags=re.IGNORECASE)
    parts = [p for p in _DASHES.split(value) if p]
    if len(parts) == 2 and all(re.fullmatch(r"[A-Za-z]{0,3}\d+[A-Za-z]?", p) for p in parts):
        first, last = parts
        pre_a, pre_b = re.match(r"[A-Za-z]*", first).group(0), re.match(r"[A-Za-z]*", last).group(0)  # type: ignore[union-attr]
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
    r"^(?P<volume>[\w.\-–/]+?)\s*(?:\((?P<paren>[^()]+)\)|[,.]?\s*(?:nos?|nr|n[°º]|num|issue|iss|heft|h|fasc|cahier|№|вып)\.?\s*(?P<label>[\w\-–/]+))[\s,.:;]*$",
    re.IGNORECASE,
)


_VOLUME_DATE = re.compile(r"^\s*((?:(?:1[5-9]|20)\d\d[a-z]?)?\s*(?:[A-Za-zé]{3,9}\.?)?\s*(?:\d{1,2})?)\s*;\s*(?=\S)")


# "14(2):974-983", "51:197-204", "37:20:": the pages (or the issue, when a colon closes
# it) glued after the volume by a colon.
_VOLUME_TAIL = re.compile(
    r"^(?P<head>[^:]*?\d[^:]*?)\s*:\s*(?:(?P<pages>[A-Za-z]{0,2}\d+[A-Za-z]?(?:\s*[-‐‑‒–—―−]+\s*[A-Za-z]{0,2}\d+[A-Za-z]?)?)[\s.,;]*"
    r"|(?P<issue>\d+(?:\s*[-–/]\s*\d+)?)\s*:)\s*$"
)


def volume_tail(text: str) -> tuple[str, str, str]:
    """A volume span with pages or an issue glued on after a colon, split up.

    :param text: the labelled volume span ("14(2):974-983", "51:197-204", "37:20:").
    :returns: ``(volume part, issue, pages)``; ``(text, "", "")`` when nothing is glued on.
    """
    value = re.sub(r"\s+", " ", text).strip(" ,;.")
    match = _VOLUME_TAIL.match(value)
    if not match or _VOLUME_DATE.match(value):
        return text, "", ""
    head = match.group("head")
    if match.group("issue"):
        return head, match.group("issue"), ""
    pages = match.group("pages")
    single = re.fullmatch(r"\d+", pages)
    if "(" not in head and not re.search(r"[-‐‑‒–—―−]", pages) and not re.search(r"\b(?:vol|v|bd|t)\b\.?", head, re.IGNORECASE) and not (single and int(pages) > 30):
        return text, "", ""  # "15: 4" could be a volume and an issue as well as a page ("3: 233" cannot)
    return head, "", pages


def split_volume(text: str) -> tuple[str, str]:
    """A volume span that also holds the issue ("24(7)", "48, no. 7") as ``(volume, issue)``."""
    text, tail_issue, _ = volume_tail(text)
    if tail_issue:
        return clean_number(text), clean_number(tail_issue)
    value = re.sub(r"\s+", " ", text).strip(" ,;:.")
    if value.startswith("(") and value.count("(") > value.count(")"):
        value = value[1:]
    match = _VOLUME_ISSUE.match(_NUM_PREFIX.sub("", value))
    if not match:
        return clean_number(text), ""
    issue = clean_number(match.group("paren") or match.group("label") or "")
    return clean_number(match.group("volume")), issue


def _edition(text: str) -> str:
    value = clean_title(text)
    match = re.match(r"^(\d+)(?:st|nd|rd|th|e|er|ème|a|\.)?\b", value)
    if match:
        return match.group(1)
    words = {"first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6", "seventh": "7", "eighth": "8", "ninth": "9", "tenth": "10"}
    first = value.split()[0].lower() if value.split() else ""
    if first in words:
        return words[first]
    return re.sub(r"\s*\b(?:ed|edn|edition|éd|édition|aufl|auflage|ed\.)\b\.?$", "", value, flags=re.IGNORECASE).strip() or value


_ROLE_AFTER = re.compile(r"\s*[,(\[]?\s*(?:eds?|editors?|éds?|hrsg|hg|coords?|orgs?|dirs?)\.?\s*[)\]]?\s*[.,:;]", re.IGNORECASE)


def _names(spans: list[str]) -> tuple[list[dict[str, str]], bool]:
    names: list[dict[str, str]] = []
    et_al = False
    for span in spans:
        found, cut = parse_names(span)
        names.extend(found)
        et_al = et_al or cut
    return names, et_al


def _date(spans: list[str]) -> tuple[list[int] | None, str]:
    text = " ".join(spans)
    if re.search(r"\b(?:n\.\s?d\.|s\.\s?d\.|o\.\s?J\.|no date|sans date|in press|forthcoming|im druck|sous presse|en prensa)\b", text, re.IGNORECASE):
        status = re.search(r"in press|forthcoming|im druck|sous presse|en prensa", text, re.IGNORECASE)
        parts = parse_date(text)
        return parts, status.group(0).lower() if status else ""
    # "Aug2014 .": a month glued to its year.
    return parse_date(text) or parse_date(re.sub(r"(?<=[A-Za-z.])(?=(?:1[5-9]|20)\d\d\b)", " ", text)), ""


def build_record(chunks: dict[str, list[str]], idents: list[Ident], raw: str) -> Record:
    """A normalised CSL item from labelled spans and exact identifiers.

    :param chunks: label → the text of each span with that label, in order.
    :param idents: identifiers found exactly in the string.
    :param raw: the original reference string (kept in ``custom.raw``).
    :returns: the record (``type`` and ``id`` set).
    """
    record: Record = {}
    custom: dict[str, Any] = {"raw": raw}
    identifiers: dict[str, str] = {}
    vol_chunks = chunks.get("volume") or []
    lead = _VOLUME_DATE.match(vol_chunks[0]) if vol_chunks else None
    if lead and lead.group(1).strip():
        # Vancouver "2020;13(2):100-9" read as one volume: the date before ";" goes to the date.
        when = lead.group(1).strip()
        dates = chunks.get("date") or []
        if not dates:
            dates = [when]
        elif not re.search(r"\d{4}", when):
            dates = [f"{when} {dates[0]}", *dates[1:]]  # "Mar" + "2011" → "Mar 2011"
        chunks = {**chunks, "volume": [vol_chunks[0][lead.end() :], *vol_chunks[1:]], "date": dates}
    containers_raw = chunks.get("container-title") or []
    lead_year = re.match(r"^\(?((?:1[5-9]|20)\d\d)[a-z]?\)?[.,:;]\s+(?=\S)", containers_raw[0]) if containers_raw else None
    if lead_year:
        # "..., 1958, Daedalus 87(2)": the year belongs to the date, not the journal.
        chunks = {**chunks, "container-title": [containers_raw[0][lead_year.end() :], *containers_raw[1:]]}
        if not chunks.get("date"):
            chunks["date"] = [lead_year.group(1)]
    if not chunks.get("date"):
        # A year the labeller left at the end of another field ("Journal, 2019").
        for label in ("container-title", "publisher", "location", "title"):
            values = chunks.get(label) or []
            tail = re.search(r"[,.;]?\s*\(?((?:1[5-9]|20)\d\d)[a-z]?\)?(?:\s+([A-Z][a-z]{2,8}\.?(?:\s+\d{1,2})?))?[.,;]?$", values[-1]) if values else None
            if tail and tail.start() > 0:
                when = f"{tail.group(2)} {tail.group(1)}" if tail.group(2) else tail.group(1)  # "2011 Mar" → "Mar 2011"
                chunks = {**chunks, label: [*values[:-1], values[-1][: tail.start()]], "date": [when]}
                break
    chunks = note_pages(container_volume(pages_date(chunks)))
    if _CJK.search(raw):
        chunks = cjk_numbers(chunks, raw)
    if _CYRILLIC.search(raw):
        chunks = cyrillic_numbers(chunks, raw)
    if not chunks.get("date"):
        # Last resort: a lone year inside a note ("2010. Т. 12" left unlabelled).
        for note in chunks.get("note", []):
            year = re.search(r"(?<![\d/.-])((?:1[5-9]|20)\d\d)(?![\d/-])", note)
            if year:
                chunks = {**chunks, "date": [year.group(1)]}
                break
    editors_raw, containers_raw = chunks.get("editor") or [], chunks.get("container-title") or []
    if editors_raw and containers_raw and not chunks.get("author") and not chunks.get("title") and is_editor_list(editors_raw[-1]) and not BOOK_IN.match(containers_raw[0]):
        starts = raw.find(editors_raw[0])
        if 0 <= starts < raw.find(containers_raw[0]) and not BOOK_IN.match(raw[:starts].split(".")[-1] + " "):
            # "Tester, Keith, ed. The Flâneur. London: Routledge": the edited work is the title.
            chunks = {**chunks, "title": containers_raw[:1], "container-title": containers_raw[1:]}
    authors_raw = chunks.get("author") or []
    after = raw.find(authors_raw[-1]) + len(authors_raw[-1]) if authors_raw and authors_raw[-1] in raw else -1
    role_after = after >= 0 and _ROLE_AFTER.match(raw, after)
    if authors_raw and not chunks.get("editor") and (all(is_editor_list(a) for a in authors_raw) or role_after):
        # "Bird, J., and L. Tickner, eds. Mapping the Futures": editors of the whole work.
        chunks = {**chunks, "editor": authors_raw, "author": []}
        containers_raw = chunks.get("container-title") or []
        if not chunks.get("title") and containers_raw and not BOOK_IN.match(containers_raw[0]):
            # ... so the work they edited is the title, not a container.
            chunks = {**chunks, "title": containers_raw[:1], "container-title": containers_raw[1:]}
    authors, et_al = _names(chunks.get("author", []))
    if authors:
        record["author"] = authors
    if et_al:
        custom["et-al"] = True
    editors, ed_et_al = _names(chunks.get("editor", []))
    if editors:
        record["editor"] = editors
    translators, _ = _names(chunks.get("translator", []))
    if translators:
        record["translator"] = translators
    titles = [clean_title(GBT_MARKER.sub(" ", t)) for t in chunks.get("title", []) if clean_title(GBT_MARKER.sub(" ", t))]
    if titles:
        bracket = re.search(r"\s*\[([^\]]{3,60})\]\s*$", titles[0])
        if bracket and (THESIS.search(bracket.group(1)) or REPORT.search(bracket.group(1)) or DATASET.search(bracket.group(0)) or MEDIUM.match(bracket.group(1))):
            chunks = {**chunks, "genre": [*chunks.get("genre", []), bracket.group(1)]}
            titles[0] = titles[0][: bracket.start()]
    if titles:
        record["title"] = titles[0]
    containers = [clean_title(t, container=True) for t in chunks.get("container-title", []) if clean_title(t, container=True)]
    if containers:
        record["container-title"] = containers[0]
    for label, key in (("collection-title", "collection-title"), ("publisher", "publisher"), ("location", "publisher-place"), ("genre", "genre")):
        values = [clean_title(t, container=True) for t in chunks.get(label, []) if clean_title(t, container=True)]
        if values:
            record[key] = "; ".join(values) if label == "publisher" else values[0]
    parts, status = _date(chunks.get("date", []))
    if parts:
        record["issued"] = {"date-parts": [parts]}
        suffix = re.search(rf"\b{parts[0]}([a-z])\b", " ".join(chunks.get("date", [])))
        if suffix:
            record["year-suffix"] = suffix.group(1)
    if status:
        record["status"] = status
    volumes = [split_volume(t) for t in chunks.get("volume", []) if clean_number(t)]
    if volumes:
        record["volume"] = volumes[0][0]
        if volumes[0][1]:
            record["issue"] = volumes[0][1]
    issues = [clean_number(t) for t in chunks.get("issue", []) if clean_number(t)]
    if issues:
        record["issue"] = issues[0]
    pages = " ".join(chunks.get("pages", []))
    if not pages and chunks.get("volume"):
        pages = volume_tail(chunks["volume"][0])[2]  # "14(2):974-983" read as one volume
    if pages:
        count = _PAGES_COUNT.match(pages.strip(" .,;()"))
        if count and not re.search(r"\bpp?\.?\s*\d", pages, re.IGNORECASE):
            record["number-of-pages"] = re.sub(r"\D+", " ", count.group(1)).split()[-1]
        else:
            cleaned = clean_pages(pages)
            if cleaned:
                record["page"] = cleaned
    edition_chunks = chunks.get("edition") or []
    extra = re.match(r"^(.*?\b(?:ed|edn|edition|éd|édition|aufl|auflage|edición|edição)\b\.?)[\s,.;]+(\S.*)$", edition_chunks[0], re.IGNORECASE) if edition_chunks else None
    if extra:
        # "2nd ed. Milano: Einaudi" read as one edition: place and publisher follow it.
        place = re.match(r"^([^:;,.]{2,40}?)\s*:\s*([^:;]{2,80}?)[\s.,;]*$", extra.group(2))
        if place and not record.get("publisher"):
            record["publisher-place"], record["publisher"] = place.group(1).strip(), place.group(2).strip()
        chunks = {**chunks, "edition": [extra.group(1), *edition_chunks[1:]]}
    editions = [_edition(t) for t in chunks.get("edition", []) if _edition(t)]
    if editions:
        record["edition"] = editions[0]
    notes = [n.strip(" ,;.") for n in chunks.get("note", []) if n.strip(" ,;.")]
    if notes:
        record["note"] = "; ".join(notes)
    for ident in idents:
        if ident.kind == "DOI":
            record.setdefault("DOI", ident.value)
        elif ident.kind == "URL":
            record.setdefault("URL", ident.value)
        elif ident.kind in ("ISBN", "ISSN", "PMID", "PMCID"):
            record.setdefault(ident.kind, ident.value)
        else:
            identifiers.setdefault(ident.kind, ident.value)
    if "URL" not in record:
        for url in chunks.get("url", []):
            found = re.search(r"(?:https?://|www\.)\S+", url)
            if found:
                record["URL"] = clean_url(found.group(0))
                break
    accessed = re.search(r"(?:accessed|retrieved|consulted|last visited|abgerufen|zugegriffen|consult[ée] le|acesso em|consultado)\s*(?:on|le|am|el|em)?\s*:?\s*([^.;\]]+\d)", raw, re.IGNORECASE)
    if accessed:
        when = parse_date(accessed.group(1))
        if when:
            record["accessed"] = {"date-parts": [when]}
    if identifiers:
        custom["identifiers"] = identifiers
    numbers = chunks.get("citation-number", [])
    if numbers:
        digits = re.sub(r"\D", "", numbers[0])
        if digits:
            custom["citation-number"] = digits
    record["custom"] = custom
    record["type"] = infer_type(record, raw, chunks)
    if record["type"] == "thesis" and "genre" not in record:
        thesis = THESIS.search(" ".join(chunks.get("note", [])))
        if thesis:
            record["genre"] = thesis.group(0)
    if record["type"] == "chapter" and ed_et_al:
        custom["editor-et-al"] = True
    return normalize(record, default_type="document")
