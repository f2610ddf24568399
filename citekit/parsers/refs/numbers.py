"""Repairs of the numbers around a reference: volume, issue, pages and the day of a date.

A volume glued to the journal ("Gravity24"), Korean/Chinese and Russian volume and issue
markers, a day of the month read as the volume, a second "volume" that is the pages, a
bracketed series and its number, the volume of a multi-volume work read into the title.
Every function here is one entry of :data:`citekit.parsers.refs.repairs.REPAIRS`:
``(spans, text) -> spans``.
"""

from __future__ import annotations

import re
import unicodedata

from citekit.dates import MONTHS
from citekit.parsers.refs.features import ROMAN_NUMERAL
from citekit.parsers.refs.kinds import BOOK_IN_HEAD
from citekit.parsers.refs.spans import Spans, drop_empty
from citekit.parsers.refs.values import ARTICLE_LABEL, clean_number
from citekit.parsers.refs.years import SEASONS

__all__ = [
    "bracketed_series",
    "cjk_numbers",
    "container_pages_tail",
    "container_volume",
    "cyrillic_numbers",
    "day_not_volume",
    "page_mark_volume",
    "roman_volume_tail",
    "second_volume_pages",
    "title_volume_tail",
    "volume_words_tail",
]

_GLUED_VOLUME = re.compile(r"(?<=[A-Za-zÀ-ÿ.)])(?!(?:1[5-9]|20)\d\d\b)(\d{1,4})\s*[.,;:(]?\s*$")


_ROMAN_TAIL = re.compile(r"(?<=[,»”\"])\s*(?P<roman>[IVXLC]{1,8}|[ivxlc]{1,8})[.,;:]?$")
_QUOTED_NUMBER_TAIL = re.compile(r"(?<=[»”\"]),?\s*(?P<number>\d{1,4})[.,;:]?$")  # "«Venezia Sacra», 7"


def roman_volume_tail(spans: Spans, text: str) -> Spans:
    """A volume in Roman numerals read into the end of the journal ("in «Studi gregoriani»,
    III, Roma 1948", "«La rassegna mensile di Israel», xvi"), or, after a comma, into the
    end of a book's title, its editors or its place ("Delle inscrizioni veneziane, II,
    Venezia 1827", "a cura di S. Bertelli, II, Milano", "Oxford, XII, 1961"): the volume,
    when none was found. So is a number after the journal's closing quote ("in «Venezia
    Sacra», 7")."""
    if spans.get("volume"):
        return spans
    containers = spans.get("container-title")
    quoted = _QUOTED_NUMBER_TAIL.search(containers[0].rstrip()) if containers else None
    if containers and quoted and re.search(r"[^\W\d_]{3}", containers[0][: quoted.start()]):
        head = containers[0][: quoted.start()]
        return {**spans, "container-title": [head, *containers[1:]], "volume": [quoted["number"]]}
    for label in ("container-title", "title", "editor", "location"):
        values = spans.get(label)
        match = _ROMAN_TAIL.search(values[0].rstrip()) if values else None
        if not values or not match or not ROMAN_NUMERAL.match(match.group("roman").lower()):
            continue
        head = values[0][: match.start()]
        if label != "container-title" and not head.rstrip().endswith(","):
            continue
        if not re.search(r"[^\W\d_]{3}", head):
            continue
        return {**spans, label: [head.rstrip(" ,"), *values[1:]], "volume": [match.group("roman")]}
    return spans


_YEARS = re.compile(r"(?:1[5-9]|20)\d\d\s*[-–]\s*(?:1[5-9]|20)\d\d")
_PAREN_PAGES_TAIL = re.compile(r"\s*\((?:pp?\.|S\.|pages?)?\s*(?P<pages>\d{1,5}\s*[-–]\s*\d{1,5})\)[.,;:]?$")


def container_pages_tail(spans: Spans, text: str) -> Spans:
    """A chapter's pages in brackets read into the end of the book ("Childhood bilingualism
    (45–67)", "Handbuch (S. 3-20)"): the pages, when none were found."""
    containers = spans.get("container-title")
    pages = _PAREN_PAGES_TAIL.search(containers[0]) if containers else None
    if not containers or not pages or spans.get("pages") or _YEARS.fullmatch(pages["pages"]):
        return spans  # "Annual Review (1990-1991)": years
    head = containers[0][: pages.start()]
    if not re.search(r"[^\W\d_]{3}", head):
        return spans
    return {**spans, "container-title": [head, *containers[1:]], "pages": [pages["pages"]]}


_LETTER_VOLUME = re.compile(r"(?<=[.\s][A-Z])(\d{1,4})\s*[.,;:]?\s*$")  # "Phys .Rev .D57": series D, volume 57
_SPACED_VOLUME = re.compile(r"(?<=[^\W\d_])\s+(?!(?:1[5-9]|20)\d\d\b)(\d{1,4})\s*[,.;:]?\s*$")
_PAGE_MARK_NEXT = re.compile(r"\s*[,.;:]?\s*(?:pp?\.|pages?|S\.)\s*\d")


def container_volume(spans: Spans, text: str) -> Spans:
    """"Classical Quantum Gravity24", "Gen. Relativ. Gravit.43": a volume glued to the end
    of the journal when no volume was found elsewhere (a spaced number or a year stays: "MIT
    Working Papers in Linguistics 40", "GeoCongress 2008" are names), or a spaced one that
    a page mark follows ("Image and Vision Computing 9, | pp. 160-168"). A volume glued after
    a series letter, with a bare number read as the volume after it, is the volume, and that
    number the first page ("Phys .Rev .D57 , | 10( 1998 )")."""
    containers = spans.get("container-title")
    volumes = spans.get("volume") or []
    if containers and len(volumes) == 1 and not spans.get("pages") and re.fullmatch(r"\s*\d{1,5}[\s,(]*", volumes[0]):
        # "Phys .Rev .D57 , | 10( 1998 )": a letter and a volume glued to the journal, then the first page
        glued = _LETTER_VOLUME.search(containers[0])
        if glued and len(containers[0][: glued.start()].strip(" ,.;:")) >= 3:
            out = {**spans, "container-title": [containers[0][: glued.start()], *containers[1:]]}
            return {**out, "volume": [glued.group(1)], "pages": [volumes[0].strip(" ,(")]}
    if not containers or volumes:
        return spans
    spaced = _SPACED_VOLUME.search(containers[0])
    at = text.find(containers[0])
    if spaced and at >= 0 and _PAGE_MARK_NEXT.match(text, at + len(containers[0])):
        # "Image and Vision Computing 9, | pp. 160-168": the pages follow, so the number is the volume
        head = containers[0][: spaced.start()]
        return {**spans, "container-title": [head, *containers[1:]], "volume": [spaced.group(1)]}
    match = _GLUED_VOLUME.search(containers[0])
    head = containers[0][: match.start()] if match else ""
    if not match or len(head.strip(" ,.;:")) < 3 or BOOK_IN_HEAD.match(containers[0]):
        return spans
    return {**spans, "container-title": [head, *containers[1:]], "volume": [match.group(1)]}


# Korean "제23권 제4호", Chinese/Japanese "第23卷第4期": volume and issue written with
# their own markers, as exact as an identifier.
_CJK_VOLUME = re.compile(r"(?:제|第)\s*(\d+)\s*(?:권|집|卷|巻)")
_CJK_ISSUE = re.compile(r"(?:제|第)?\s*(\d+)\s*(?:호|號|号|期)")
_CJK_MARK = re.compile(r"[제第권집卷巻호號号期]")
_CJK = re.compile(r"[제第]\s*\d|\d\s*[권집卷巻호號号期]")  # a marker next to a number: worth a closer look


def cjk_numbers(spans: Spans, text: str) -> Spans:
    """Volume and issue from Korean, Chinese and Japanese markers in the string, replacing
    spans that still carry the markers or filling missing ones."""
    if not _CJK.search(text):
        return spans
    volume, issue = _CJK_VOLUME.search(text), _CJK_ISSUE.search(text)
    out = spans
    if volume and (not spans.get("volume") or _CJK_MARK.search(spans["volume"][0])):
        out = {**out, "volume": [volume.group(1)]}
    if issue and (not spans.get("issue") or _CJK_MARK.search(spans["issue"][0])):
        out = {**out, "issue": [issue.group(1)]}
    if issue and not volume and spans.get("volume") and _CJK_MARK.search(spans["volume"][0]):
        out = {**out, "volume": []}  # "제26호" read as the volume: it is the issue
    return out


# Russian GOST references: "Т. 59, № 3. С. 450–456" (том, номер, страницы), "Вып. 2".
_RU_VOLUME = re.compile(r"(?:^|[\s,.;(])Т\.\s*(\d+)")
_RU_ISSUE = re.compile(r"(?:№|Вып\.)\s*(\d+)")
_RU_LEFTOVER = re.compile(r"(?:1[5-9]|20)\d\d|\b(?:Т|С|с|Вып)\b|№")  # a note of markers and the year only
_RU_PAGES = re.compile(r"(?:^|[\s,.;(])[СсS]\.\s*(\d+(?:\s*[-‐‑‒–—―−]\s*\d+)?)")
# Only a reference with a Russian volume or issue marker is read this way ("S. 12" alone is German).
_CYRILLIC = re.compile(r"[Тт]\.\s*\d|№\s*\d|Вып\.")


def _agrees(span: str, number: str) -> bool:
    """True when the labelled ``span`` holds ``number`` and nothing but a marker around it."""
    value = clean_number(span)
    return bool(re.fullmatch(r"[\d\s‐‑‒–—―−-]+", value)) and re.findall(r"\d+", value) == re.findall(r"\d+", number)


def cyrillic_numbers(spans: Spans, text: str) -> Spans:
    """Volume, issue and pages from the markers of Russian references, replacing spans
    that hold something else (a lone "С" read as the issue, "59, №" as the volume) or
    filling missing ones; a note
    left with nothing but markers and the year goes (its year is the date if none was found)."""
    if not _CYRILLIC.search(text):
        return spans
    out = spans
    for label, pattern in (("volume", _RU_VOLUME), ("issue", _RU_ISSUE), ("pages", _RU_PAGES)):
        match = pattern.search(text)
        current = spans.get(label) or []
        if match and (not current or not _agrees(current[0], match.group(1))):
            out = {**out, label: [match.group(1)]}
    notes = out.get("note") or []
    kept = [n for n in notes if _RU_LEFTOVER.sub("", n).strip(" .,;:")]
    if len(kept) == len(notes):
        return out
    out = {**out, "note": kept}
    years = (re.search(r"(?:1[5-9]|20)\d\d", n) for n in notes if n not in kept)
    year = next((m.group(0) for m in years if m), None)
    if year and not out.get("date"):
        out["date"] = [year]
    return out


_BARE_PAGES = re.compile(r"[:\s]*\d+(?:\s*[-‐‑‒–—―−]\s*\d+)?[.,;]?\s*")


_VOLUME_THEN_WORDS = re.compile(
    r"^\s*(?P<volume>(?:(?:vol|bd|t)\.?\s*)?\d{1,4})[,.]\s+(?P<rest>[^\W\d_][^\d]*?)[.,;]?\s*$",
    re.IGNORECASE,
)


_VOLUME_THEN_SEASON = re.compile(
    r"^\s*(?P<volume>(?:\d{1,4}|[IVXLC]{1,7})(?:\s*/\s*\d{1,3})?)\s*\((?P<rest>[^\W\d_][^)]*)\)?[,.;:]?\s*$"
)


def volume_words_tail(spans: Spans, text: str) -> Spans:
    """A volume read on into the words after it ("American Sociological Review, | Vol. 11,
    October,", "Studia UBB, | 3. Cluj-Napoca."): the volume ends at its number; the words go
    to the note. Not after a Roman volume, whose words are its own title ("V, Il
    Rinascimento"). A month or season in brackets after it ("33/2 (Fall", "XLIII
    (January-February") is the date's, found elsewhere."""
    volumes = spans.get("volume") or []
    season = _VOLUME_THEN_SEASON.match(volumes[0]) if len(volumes) == 1 else None
    first = re.split(r"[\s/,-]", season["rest"])[0] if season else ""
    if season and (_folded(first) in MONTHS or first.lower() in SEASONS):
        return {**spans, "volume": [season["volume"]]}  # "33/2 (Fall", "XLIII (January-February": the date's
    match = _VOLUME_THEN_WORDS.match(volumes[0]) if len(volumes) == 1 else None
    if not match:
        return spans
    return {**spans, "volume": [match["volume"]], "note": [*spans.get("note", []), match["rest"]]}


_VOLUME_THEN_PAGES = re.compile(
    r"^\s*(?P<volume>\d{1,4})[,:]?\s+(?P<pages>\d+\s*[-‐‑‒–—―−]+\s*\d+)[.,;]?\s*$"
    # PDF spacing: "23 ,485 (", "A70 , 013608(", "vol .34 ,pp .645 -655," (a first page of three digits or more)
    r"|^\s*(?P<volume2>(?:vol\s*\.?\s*)?[A-Z]?\d{1,4})\s*,\s*(?:pp?\s*\.\s*)?(?P<pages2>\d{3,}(?:\s*[-‐‑‒–—―−]+\s*\d+)?)\s*[(.,;]?\s*$",
    re.IGNORECASE,
)


_SPACED_VOLUME_PAGES = re.compile(r"^\s*(?P<volume>\d{1,4})\s+,\s*(?P<pages>\d+(?:\s*[-‐‑‒–—―−]+\s*\d+)?)[.,;]?\s*$")


def second_volume_pages(spans: Spans, text: str) -> Spans:
    """"Film Comment 40.1 (January 2004): 17.", "Phys. Lett. B536 (2002 )72": a second
    number read as a volume, right after the date's bracket or a colon, with no pages found,
    is the pages; so is a range read into the one volume ("Machine Learning | 24 123--140"),
    or a first page after a comma in PDF spacing ("23 ,485 (", "A70 , 013608("). A volume
    read into the pages that way ("Nature, | 459 ,49") goes back to the volume."""
    volumes = spans.get("volume") or []
    both = _VOLUME_THEN_PAGES.match(volumes[0]) if len(volumes) == 1 and not spans.get("pages") else None
    if both:
        return {**spans, "volume": [both["volume"] or both["volume2"]], "pages": [both["pages"] or both["pages2"]]}
    pages = spans.get("pages") or []
    both = _SPACED_VOLUME_PAGES.match(pages[0]) if len(pages) == 1 and not volumes else None
    if both:  # "Nature, | 459 ,49": the volume read into the pages, a space before its comma
        return {**spans, "volume": [both["volume"]], "pages": [both["pages"]]}
    if len(volumes) < 2 or spans.get("pages") or not _BARE_PAGES.fullmatch(volumes[-1]):
        return spans
    at = text.rfind(volumes[-1])
    if at < 0 or not (volumes[-1].lstrip().startswith(":") or text[:at].rstrip()[-1:] in (")", ":")):
        return spans
    return {**spans, "volume": volumes[:-1], "pages": [volumes[-1]]}


_TITLE_VOLUME = re.compile(
    r"[.,;]\s*(?:vol|vols|t|т|bd|tome|tomo|band)\.?\s*(\d{1,3}|[IVXLC]{1,6})[.,;]?$", re.IGNORECASE
)


def title_volume_tail(spans: Spans, text: str) -> Spans:
    """"Die handschriftliche Überlieferung ... Apokryphen. Т. 1.": the volume of a multi-volume
    work read into the title; it leaves the title (and is the volume when none was found)."""
    titles = spans.get("title")
    match = _TITLE_VOLUME.search(titles[0]) if titles else None
    if not titles or not match or len(titles[0][: match.start()].split()) < 2:
        return spans
    out = {**spans, "title": [titles[0][: match.start()], *titles[1:]]}
    if not spans.get("volume"):
        out["volume"] = [match.group(1)]
    return out


def _folded(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.strip(".,;:()").lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_DAY_MONTH = re.compile(r"(\d{1,2})\.?\s+([^\W\d_]{3,10})\.?[,;]?")


def day_not_volume(spans: Spans, text: str) -> Spans:
    """"Mercure de France, 15 novembre 1925", "Web. 25 Mar. 2010.", "Frankfurter Rundschau,
    9. Oktober 1992": a day of the month read as the volume (with its month: "29. Juni,");
    it joins the date."""
    volumes = spans.get("volume") or []
    day_month = _DAY_MONTH.fullmatch(volumes[0].strip()) if len(volumes) == 1 else None
    if day_month and _folded(day_month.group(2)) in MONTHS:  # "29. Juni," read as one volume
        out = {k: v for k, v in spans.items() if k != "volume"}
        return {**out, "date": [*spans.get("date", []), f"{day_month.group(1)} {day_month.group(2)}"]}
    if len(volumes) != 1 or not re.fullmatch(r"\d{1,2}\.?", volumes[0].strip()):
        return spans
    at = text.find(volumes[0])
    if re.search(r"\b(?:vol|vols|v|volume|bd|t)\.?\s*$", text[max(0, at - 8) : max(at, 0)], re.IGNORECASE):
        return spans  # "vol. 7 Mar. 2017": a volume with its label
    following = text[at + len(volumes[0]) :].split()[:1] if at >= 0 else []
    if not following or _folded(following[0]) not in MONTHS or following[0].startswith("("):
        return spans  # "Poetry 37 (February 1931)": a volume, then its date in brackets
    if not 1 <= int(volumes[0].strip().rstrip(".")) <= 31:
        return spans
    dates = spans.get("date") or []
    out = {k: v for k, v in spans.items() if k != "volume"}
    if dates and text.find(dates[0], at) > at:
        out["date"] = [f"{volumes[0].strip(' .,')} {dates[0]}", *dates[1:]]
    return out


# "Title (Kieler Historische Studien. 33)": a numbered series in brackets that ends a title.
# Its name has no digits ("(Convegno, Venezia 21-25 ottobre 1981)" is the title's), its
# number is no year ("(Venezia 1988)" is a place and date).
_TITLE_SERIES = re.compile(
    r"^(?P<title>.*[^\s(])\s+\((?P<series>[A-ZÀ-ÖØ-Þ][^()\d]*[^\W\d_]{3}[^()\d]*?)[,.]?\s+"
    r"(?!(?:1[5-9]|20)\d\d\))(?P<number>\d{1,4})\)[.,;:]?$"
)


def bracketed_series(spans: Spans, text: str) -> Spans:
    """"(BAR International Series, 604)", "(Patristische Texte und Studien 20)": a series in
    brackets after a book title is its collection, not a container, and its number the
    collection number (not the book's volume). Also when the series was read into the end
    of the title ("Title (Venezia sacra. 13)")."""
    titles = spans.get("title")
    volumes = spans.get("volume") or []
    tail = None
    if titles and not spans.get("container-title"):
        title = titles[0].rstrip()
        # "(Kieler Historische Studien." + "33)," read as the volume
        joined = (
            bool(volumes)
            and title.count("(") > title.count(")")
            and f"{title} {volumes[0]}" in text
            and re.fullmatch(r"\d{1,4}\)[.,;:]?", volumes[0].strip()) is not None
        )
        tail = _TITLE_SERIES.match(f"{title} {volumes[0].strip()}" if joined else title)
    if tail and titles:
        out = {**spans, "title": [tail.group("title"), *titles[1:]]}
        if joined:
            out["volume"] = volumes[1:]
        out["collection-title"] = [*spans.get("collection-title", []), tail.group("series")]
        out["collection-number"] = [tail.group("number")]
        return drop_empty(out)
    containers = spans.get("container-title")
    if not containers or not titles or not containers[0].lstrip().startswith("("):
        return spans
    series = containers[0].strip(" ,.;:")
    out = {**spans, "container-title": containers[1:]}
    if volumes and f"{containers[0]} {volumes[0]}" in text and volumes[0].rstrip(" ,.;:").endswith(")"):
        series = f"{series} {volumes[0]}"  # "(Series" + "20)."
        out["volume"] = volumes[1:]
    number = re.search(r"[\s,.]+(\d{1,4})\)?$", series.rstrip(" ,.;:"))
    if number:
        out["collection-number"] = [number.group(1)]
        series = series[: number.start()]
    out["collection-title"] = [*spans.get("collection-title", []), series.strip("() ,.;:")]
    return drop_empty(out)


_PAGE_MARK = re.compile(r"(?:^|[\s,;(])(?:p|pp|pag|pagg|pgs?|S|s|Seite)\.?\s*$")
_NOTE_MARK = re.compile(r"(?:^|[\s,;(])(?:n|nn|nota|note|Anm|fn|nr)\.?\s*$", re.IGNORECASE)


def page_mark_volume(spans: Spans, text: str) -> Spans:
    """"Michel, Die Friedensbotschaft.., pag. | 170, | n. | 42.": a number written after a page
    mark ("p.", "pag.", "S.") read as a volume is the page; a number after a note mark ("n.",
    "nota", "Anm.") read as the pages is the note it cites."""
    volumes = spans.get("volume") or []
    k, at = -1, -1
    for i, value in enumerate(volumes):
        found = text.find(value)
        if re.match(r"\d", value) and found >= 0 and _PAGE_MARK.search(text[:found]):
            k, at = i, found
            break
    if k < 0:
        return spans
    kept = [*volumes[:k], *volumes[k + 1 :]]
    pages = spans.get("pages")
    if not pages:
        return drop_empty({**spans, "volume": kept, "pages": [volumes[k]]})
    after = text.find(pages[0], at + len(volumes[k]))
    mark = _NOTE_MARK.search(text[:after]) if after >= 0 else None
    if not mark:
        return spans
    note = text[mark.start() : after + len(pages[0])].strip(" ,;(")
    out = {**spans, "volume": kept, "pages": [volumes[k], *pages[1:]], "note": [*spans.get("note", []), note]}
    return drop_empty(out)


_ARTICLE_NOTE = re.compile(rf"^\W*{ARTICLE_LABEL}[A-Za-z]?\d+[\s.,;]*$", re.IGNORECASE)


def article_number_note(spans: Spans, text: str) -> Spans:
    """An article number read as a note ("4(2), Art. 24.") is the page when there is none."""
    notes = spans.get("note", [])
    number = next((n for n in notes if _ARTICLE_NOTE.match(n)), None)
    if number is None or spans.get("pages"):
        return spans
    return {**spans, "pages": [number], "note": [n for n in notes if n is not number]}
