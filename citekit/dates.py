"""Written dates into CSL date parts and ISO 8601, and dated-event labels.

A small regex parser rather than ``dateutil``: article pages write dates in a handful of
forms, and a fuzzy parser happily reads page numbers and volume numbers as dates.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["EVENTS", "MONTHS", "event_name", "match_date", "parse_date", "to_csl", "to_iso"]

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "january jan janvier janv januar enero ene janeiro gennaio",
        "february feb febr février fevrier févr fevr februar febrero fevereiro fev febbraio",
        "march mar mars märz maerz marzo março marco",
        "april apr avril avr abril aprile",
        "may mai mayo maio maggio",
        "june jun juin juni junio junho giugno",
        "july jul juillet juil juli julio julho luglio",
        "august aug août aout agosto ago",
        "september sep sept septembre septiembre setembro set settembre",
        "october oct octobre oktober okt octubre outubro out ottobre",
        "november nov novembre noviembre novembro",
        "december dec décembre decembre dezember dez diciembre dic dezembro dicembre",
    ],
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

_MONTH = r"(?P<month>[A-Za-zéèûôäçÄÉÛÔ]{3,10})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|e|º)?\.?"
_YEAR = r"(?P<year>(?:1[5-9]|20)\d\d)(?!\d)"
_FORMS = [
    re.compile(rf"\b{_YEAR}-(?P<mnum>\d{{1,2}})-(?P<dnum>\d{{1,2}})(?!\d)"),  # 2024-01-15, 2024-01-15T10:00Z
    re.compile(rf"\b{_YEAR}/(?P<mnum>\d{{1,2}})/(?P<dnum>\d{{1,2}})(?!\d)"),  # 2024/01/15
    re.compile(rf"\b{_YEAR}\s*年\s*(?P<mnum>\d{{1,2}})\s*月\s*(?:(?P<dnum>\d{{1,2}})\s*日)?"),  # 2024年1月15日
    re.compile(rf"\b{_YEAR}\.\s*(?P<mnum>\d{{1,2}})\.\s*(?P<dnum>\d{{1,2}})\.?(?!\d)"),  # 2024. 1. 15. (Korean)
    re.compile(
        rf"\b{_DAY}\s*(?:de\s+|of\s+)?{_MONTH},?\s*(?:de\s+)?{_YEAR}", re.IGNORECASE
    ),  # 15 January 2024, 15. Januar 2024
    re.compile(rf"\b{_DAY}[-\s]{_MONTH}[-\s]{_YEAR}", re.IGNORECASE),  # 15-Jan-2024
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}", re.IGNORECASE),  # January 15, 2024
    re.compile(rf"\b(?P<dnum>\d{{1,2}})[./-](?P<mnum>\d{{1,2}})[./-]{_YEAR}"),  # 15.01.2024, 15/01/2024
    re.compile(rf"\b{_YEAR},?\s+{_MONTH}\s+{_DAY}(?!\d)", re.IGNORECASE),  # 2024 Jan 15 (PubMed), 2024, Jan 15 (APA)
    re.compile(
        rf"\b{_MONTH}\s*[/\-\u2013]\s*[A-Za-z]{{3,10}}\.?,?\s+{_YEAR}", re.IGNORECASE
    ),  # March/April 2014 (the first)
    re.compile(rf"\b{_MONTH},?\s+{_YEAR}", re.IGNORECASE),  # January 2024
    re.compile(rf"\b{_YEAR},?\s+{_MONTH}\b", re.IGNORECASE),  # 2024 Jan, APA's 2024, January
    re.compile(rf"\b{_YEAR}[-/](?P<mnum>\d{{1,2}})(?![\d/-])"),  # 2024-01
    re.compile(rf"\b{_YEAR}"),
]


def _month(value: str) -> int | None:
    return MONTHS.get(value.lower().rstrip("."))


def _parts(groups: dict[str, str | None]) -> list[int] | None:
    year = int(groups["year"] or 0)
    month: int | None = None
    if groups.get("month"):
        month = _month(groups["month"] or "")
        if month is None:
            return None
    elif groups.get("mnum"):
        month = int(groups["mnum"] or 0)
    day_text = groups.get("day") or groups.get("dnum")
    day = int(day_text) if day_text else None
    if groups.get("dnum") and month is not None and month > 12 and day is not None and day <= 12:
        month, day = day, month  # mm/dd/yyyy written by a US site
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= 31:
        return None
    parts = [year]
    if month:
        parts.append(month)
        if day:
            parts.append(day)
    return parts


def parse_date(text: str | None) -> list[int] | None:
    """The first date written in ``text`` as ``[year, month, day]`` (shorter when vaguer).

    Forms are tried from the most precise to the vaguest, so "Vol. 5 (2019), published
    15 March 2020" gives 2020-03-15; use :func:`match_date` for the date at a position.

    :param text: "08 November 2023", "Nov. 8, 2023", "2023-11-08", "15.01.2024",
        "15-Jan-2024", "2024年1月15日", "2023" ...
    :returns: date parts, or ``None`` when ``text`` holds no date. Day-first is assumed for
        numeric ``dd/mm/yyyy`` forms unless the first number cannot be a day.
    """
    if not text:
        return None
    for form in _FORMS:
        for match in form.finditer(text):
            parts = _parts(match.groupdict())
            if parts:
                return parts
    return None


def match_date(text: str) -> tuple[list[int], int] | None:
    """The date that starts ``text`` (after spaces), and where it ends.

    :param text: e.g. the rest of a line after a "Received:" label.
    :returns: ``(date parts, end offset in text)``, the most precise form that matches at
        the start, or ``None``.
    """
    start = len(text) - len(text.lstrip())
    best: tuple[list[int], int] | None = None
    for form in _FORMS:
        match = form.match(text, start)
        if match:
            parts = _parts(match.groupdict())
            if parts and (best is None or len(parts) > len(best[0])):
                best = (parts, match.end())
                if len(parts) == 3:
                    break
    return best


def to_iso(parts: list[int] | None) -> str | None:
    """``[2024, 1, 15]`` → ``"2024-01-15"`` (``"2024-01"``, ``"2024"`` for vaguer dates)."""
    if not parts:
        return None
    return "-".join([f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:3]])


def to_csl(value: str | list[int] | None) -> dict[str, Any] | None:
    """A CSL date ``{"date-parts": [[...]]}`` from an ISO string or date parts."""
    if value is None:
        return None
    parts = parse_date(value) if isinstance(value, str) else value
    return {"date-parts": [list(parts)]} if parts else None


# Labels pages use for dated events, folded to the names kept in ``custom.dates``.
EVENTS: dict[str, str] = {
    "received": "received",
    "submitted": "received",
    "submission": "received",
    "manuscript received": "received",
    "received for publication": "received",
    "editor assigned": "editor-assigned",
    "reviewed": "reviewed",
    "revised": "revised",
    "revision received": "revised",
    "revised version received": "revised",
    "final version received": "revised",
    "received in revised form": "revised",
    "accepted": "accepted",
    "accepted for publication": "accepted",
    "approved": "accepted",
    "acceptance": "accepted",
    "published": "published",
    "publication": "published",
    "date of publication": "published",
    "published online": "published-online",
    "online publication": "published-online",
    "first published": "published-online",
    "first published online": "published-online",
    "online": "published-online",
    "epub": "published-online",
    "epub ahead of print": "published-online",
    "available online": "published-online",
    "version of record online": "published-online",
    "issue date": "published-print",
    "issue published": "published-print",
    "published in print": "published-print",
    "print": "published-print",
    "reçu": "received",
    "reçu le": "received",
    "accepté": "accepted",
    "accepté le": "accepted",
    "publié": "published",
    "publié le": "published",
    "eingegangen": "received",
    "angenommen": "accepted",
    "veröffentlicht": "published",
    "recibido": "received",
    "aceptado": "accepted",
    "publicado": "published",
    "recebido": "received",
    "aceito": "accepted",
    "ricevuto": "received",
    "accettato": "accepted",
    "pubblicato": "published",
}


def event_name(label: str) -> str | None:
    """The ``custom.dates`` key for a page's label.

    "Published online:" → published-online, "Date of Acceptance" → accepted, "Received
    Date" → received, "Received on" → received.
    """
    key = re.sub(r"[\s:.\-–]+", " ", label.strip().lower()).strip()
    if key in EVENTS:
        return EVENTS[key]
    trimmed = re.sub(r"^(?:date\s+of\s+|date\s+)|\s+(?:on|date|at)$", "", key).strip()
    trimmed = {"acceptance": "accepted", "submission": "received", "receipt": "received", "revision": "revised"}.get(
        trimmed, trimmed
    )
    return EVENTS.get(trimmed)
