"""Written dates into CSL date parts and ISO 8601, and dated-event labels.

A small regex parser rather than ``dateutil``: article pages write dates in a handful of
forms, and a fuzzy parser happily reads page numbers and volume numbers as dates.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["parse_date", "to_iso", "to_csl", "MONTHS", "EVENTS", "event_name"]

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

_MONTH = r"(?P<month>[A-Za-zéèûôäç]{3,10})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er)?"
_YEAR = r"(?P<year>(?:1[5-9]|20)\d\d)"
_FORMS = [
    re.compile(rf"\b{_YEAR}-(?P<mnum>\d{{1,2}})-(?P<dnum>\d{{1,2}})\b"),  # 2024-01-15
    re.compile(rf"\b{_YEAR}/(?P<mnum>\d{{1,2}})/(?P<dnum>\d{{1,2}})\b"),  # 2024/01/15
    re.compile(rf"\b{_DAY}\s*(?:de\s+)?{_MONTH},?\s*(?:de\s+)?{_YEAR}\b", re.IGNORECASE),  # 15 January 2024
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),  # January 15, 2024
    re.compile(rf"\b(?P<dnum>\d{{1,2}})[./](?P<mnum>\d{{1,2}})[./]{_YEAR}\b"),  # 15.01.2024, 15/01/2024
    re.compile(rf"\b{_YEAR}\s+{_MONTH}\s+{_DAY}\b", re.IGNORECASE),  # 2024 Jan 15 (PubMed)
    re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),  # January 2024
    re.compile(rf"\b{_YEAR}-(?P<mnum>\d{{1,2}})\b"),  # 2024-01
    re.compile(rf"\b{_YEAR}\b"),
]


def _month(value: str) -> int | None:
    return MONTHS.get(value.lower().rstrip("."))


def parse_date(text: str | None) -> list[int] | None:
    """The first date written in ``text`` as ``[year, month, day]`` (shorter when vaguer).

    :param text: "08 November 2023", "Nov. 8, 2023", "2023-11-08", "15.01.2024", "2023" ...
    :returns: date parts, or ``None`` when ``text`` holds no date. Day-first is assumed for
        numeric ``dd/mm/yyyy`` forms unless the first number cannot be a day.
    """
    if not text:
        return None
    for form in _FORMS:
        for match in form.finditer(text):
            groups = match.groupdict()
            year = int(groups["year"])
            month: int | None = None
            if groups.get("month"):
                month = _month(groups["month"])
                if month is None:
                    continue
            elif groups.get("mnum"):
                month = int(groups["mnum"])
            day = int(groups["day"]) if groups.get("day") else (int(groups["dnum"]) if groups.get("dnum") else None)
            if groups.get("dnum") and month is not None and month > 12 and day is not None and day <= 12:
                month, day = day, month  # mm/dd/yyyy written by a US site
            if month is not None and not 1 <= month <= 12:
                continue
            if day is not None and not 1 <= day <= 31:
                continue
            parts = [year]
            if month:
                parts.append(month)
                if day:
                    parts.append(day)
            return parts
    return None


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
    "editor assigned": "editor-assigned",
    "reviewed": "reviewed",
    "revised": "revised",
    "revision received": "revised",
    "accepted": "accepted",
    "accepted for publication": "accepted",
    "published": "published",
    "published online": "published-online",
    "first published": "published-online",
    "online": "published-online",
    "epub": "published-online",
    "available online": "published-online",
    "date of publication": "published",
    "issue date": "published-print",
    "published in print": "published-print",
    "print": "published-print",
    "reçu": "received",
    "accepté": "accepted",
    "publié": "published",
    "eingegangen": "received",
    "angenommen": "accepted",
    "recibido": "received",
    "aceptado": "accepted",
    "recebido": "received",
    "aceito": "accepted",
}


def event_name(label: str) -> str | None:
    """The ``custom.dates`` key for a page's label ("Published online:" → published-online)."""
    key = re.sub(r"[\s:]+", " ", label.strip().lower()).strip()
    key = re.sub(r"^(date\s+)?", "", key) if key.startswith("date ") and key not in EVENTS else key
    return EVENTS.get(key)
