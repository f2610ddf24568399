"""Repairs of the date: a year that the labeller left inside another field.

Vancouver's "2020;13(2):100-9" read as one volume, "Journal, 2019" with the year at the
end of a field, APA's "(1993, February 18)." cut after the year, and, as a last resort, a
lone year inside a note. These run on every
reading (the rule-based labeller's and annotated spans too) just before the mapping to
CSL fields. Every function here is one entry of
:data:`citekit.parsers.refs.repairs.REPAIRS`: ``(spans, text) -> spans``.
"""

from __future__ import annotations

import re

from citekit.dates import MONTHS
from citekit.parsers.refs.spans import Spans, drop_empty

__all__ = [
    "SEASONS",
    "VOLUME_DATE",
    "date_before_volume",
    "issue_slash_year",
    "month_after_year",
    "month_ends_container",
    "year_ends_field",
    "year_in_note",
    "year_splits_title",
]

# "2020;13(2)", "2011 Mar;": the date that Vancouver writes before the volume and ";".
VOLUME_DATE = re.compile(r"^\s*((?:(?:1[5-9]|20)\d\d[a-z]?)?\s*(?:[A-Za-zé]{3,9}\.?)?\s*(?:\d{1,2})?)\s*;\s*(?=\S)")


def date_before_volume(spans: Spans, text: str) -> Spans:
    """Vancouver "2020;13(2):100-9" read as one volume: the date before ";" goes to the
    date (a month alone, "Mar;", joins the year found elsewhere: "Mar 2011")."""
    volumes = spans.get("volume") or []
    lead = VOLUME_DATE.match(volumes[0]) if volumes else None
    if not lead or not lead.group(1).strip():
        return spans
    when = lead.group(1).strip()
    dates = spans.get("date") or []
    if not dates:
        dates = [when]
    elif not re.search(r"\d{4}", when):
        dates = [f"{when} {dates[0]}", *dates[1:]]
    return {**spans, "volume": [volumes[0][lead.end() :], *volumes[1:]], "date": dates}


_TAIL_YEAR = re.compile(
    r"[,.;]?\s*\(?((?:1[5-9]|20)\d\d)[a-z]?\)?(?:(?:,\s*|\s+)([A-Z][a-z]{2,8}\.?(?:\s+\d{1,2})?))?\)?[.,;]?$"
)
_TAIL_DAY = re.compile(
    r"(?:[,.;]?\s+(?:vom|am|from|du|del|of))?[,.;]?\s+(\d{1,2}\.\s?\d{1,2}\.\s?(?:1[5-9]|20)\d\d)[.,;]?$"
)
_YEAR_HOLDERS = ("container-title", "publisher", "location", "title")


def year_ends_field(spans: Spans, text: str) -> Spans:
    """"Journal, 2019", "Oxford University Press 2011 Mar", "Pillars of an institution.
    (1993, September)", "Der Standard, 11.12.2001": with no date found, a year (and month,
    or a day and month written with full stops) that the labeller left at the end of the
    container, publisher, place or title."""
    if spans.get("date"):
        return spans
    for label in _YEAR_HOLDERS:
        values = spans.get(label) or []
        day = _TAIL_DAY.search(values[-1]) if values else None
        if day and day.start() > 0:  # "Gesetz über ... vom 01.07.1998", "Segodnja 20.1.1999."
            return {**spans, label: [*values[:-1], values[-1][: day.start()]], "date": [day.group(1)]}
        tail = _TAIL_YEAR.search(values[-1]) if values else None
        if tail and tail.start() > 0:
            when = f"{tail.group(2)} {tail.group(1)}" if tail.group(2) else tail.group(1)  # "2011 Mar" → "Mar 2011"
            return {**spans, label: [*values[:-1], values[-1][: tail.start()]], "date": [when]}
    return spans


_LONE_YEAR = re.compile(r"(?<![\d/.-])((?:1[5-9]|20)\d\d)(?![\d/-])")


def year_in_note(spans: Spans, text: str) -> Spans:
    """Last resort for the date: a lone year inside a note ("2010. Т. 12" left unlabelled)."""
    if spans.get("date"):
        return spans
    for note in spans.get("note", []):
        year = _LONE_YEAR.search(note)
        if year:
            return {**spans, "date": [year.group(1)]}
    return spans


_MONTH_DAY = re.compile(r"^(?P<month>[^\W\d_]{3,10})\.?(?:\s+(?P<day>\d{1,2}))?\)[.,:;]?(?:\s+|$)")
_DATE_FOLLOWERS = ("title", "note", "container-title", "location", "publisher")


def month_after_year(spans: Spans, text: str) -> Spans:
    """APA's "(1993, February 18)." read as the year and the start of the next field ("(1993, |
    February 18). First female black student..."): the month and day join the date."""
    dates = spans.get("date")
    if not dates or not re.search(r"\(\s*(?:1[5-9]|20)\d\d[a-z]?,$", dates[0].rstrip()):
        return spans
    for label in _DATE_FOLLOWERS:
        values = spans.get(label)
        if not values or f"{dates[0].rstrip()} {values[0]}" not in text:
            continue
        match = _MONTH_DAY.match(values[0])
        if not match or match.group("month").lower() not in MONTHS:
            return spans
        when = f"{dates[0].rstrip()} {values[0][: match.end()].rstrip()}"
        rest = values[0][match.end() :]
        kept = [rest, *values[1:]] if rest.strip() else values[1:]
        return drop_empty({**spans, "date": [when, *dates[1:]], label: kept})
    return spans


SEASONS = frozenset(["spring", "summer", "fall", "autumn", "winter", "printemps", "été", "automne", "hiver"])
_LAST_MONTH = re.compile(r"[,.]\s+(?P<month>[^\W\d_]{3,10})\.?$")


def month_ends_container(spans: Spans, text: str) -> Spans:
    """A newspaper's or magazine's date read on into its name ("Mmegi, August | 5, 2007", "L’Aide-
    soignante, mai | 2000", "Industrial Management Review, Fall | 1961"): the month or season
    joins the date that follows it."""
    containers = spans.get("container-title")
    dates = spans.get("date")
    match = _LAST_MONTH.search(containers[0].rstrip()) if containers else None
    if not containers or not dates or not match:
        return spans
    word = match.group("month").lower()
    if word not in MONTHS and word not in SEASONS:
        return spans
    end = text.find(containers[0]) + len(containers[0])
    date_at = text.find(dates[0], end) if end >= len(containers[0]) else -1
    gap = text[end:date_at] if date_at >= 0 else ""
    day = re.fullmatch(r"\s*(\d{1,2}[,.]?)?\s*", gap)
    if date_at < 0 or not day:
        return spans
    month = containers[0].rstrip()[match.start("month") :]
    out = {
        **spans,
        "container-title": [containers[0][: match.start()], *containers[1:]],
        "date": [f"{month}{gap}{dates[0]}", *dates[1:]],
    }
    if day.group(1):  # the day, read as a volume or an issue
        for label in ("volume", "issue"):
            out[label] = [v for v in spans.get(label, []) if v.strip() != day.group(1)]
    return drop_empty(out)


# "Finding structure in time 1990 Cognitive Sci 14 179--211": no punctuation at all around
# the year, the journal, its volume and pages after it.
_YEAR_INSIDE = re.compile(r"(?<=[^\W\d_])\s+(?P<year>(?:1[5-9]|20)\d\d)\s+(?P<rest>[A-ZÀ-Þ].*)$")
_A_YEAR = re.compile(r"(?<!\d)(?:1[5-9]|20)\d\d(?!\d)")
_JOURNAL_NUMBERS = re.compile(
    r"^(?P<journal>.*?[^\W\d_].*?)(?:\s+(?P<volume>\d{1,4}))?(?:\s+(?P<pages>\d+(?:\s*-+\s*\d+)?))?$"
)


def year_splits_title(spans: Spans, text: str) -> Spans:
    """A reference written without punctuation after its title ("Elman, J.L. Finding
    structure in time 1990 Cognitive Sci 14 179--211", "Bagging predictors 1996 Machine
    Learning | 24 123--140") read as one title: when no date was found, a year inside the
    title, the only one in the reference, ends it; the journal follows, and its volume and
    pages when none were found."""
    titles = spans.get("title")
    match = _YEAR_INSIDE.search(titles[0]) if titles and not spans.get("date") else None
    if not titles or not match or len(titles[0][: match.start()].split()) < 2:
        return spans
    if len(_A_YEAR.findall(text)) > 1:
        return spans  # "a value of 2009 FIGO staging ... 2013;287(6)": the date is elsewhere
    parts = _JOURNAL_NUMBERS.match(match["rest"].strip())
    if not parts or len(parts["journal"].split()) > 8:
        return spans
    out = {**spans, "title": [titles[0][: match.start()], *titles[1:]], "date": [match["year"]]}
    out["container-title"] = [parts["journal"], *spans.get("container-title", [])]
    for label, value in (("volume", parts["volume"]), ("pages", parts["pages"])):
        if value and not spans.get(label):
            out[label] = [value]
    return out


_ISSUE_YEAR = re.compile(r"^\s*(?P<issue>\d{1,2})\s*/\s*(?P<year>(?:1[5-9]|20)\d\d)[.,;:]?\s*$")


def issue_slash_year(spans: Spans, text: str) -> Spans:
    """The German issue and year of a journal ("in: SozSich 2/2011, S. 44", "Heft 3/1997")
    read as the volume: the issue, and the date when none was found (or the same year)."""
    volumes = spans.get("volume") or []
    match = _ISSUE_YEAR.match(volumes[0]) if len(volumes) == 1 else None
    dates = spans.get("date") or []
    if not match or (dates and match["year"] not in " ".join(dates)):
        return spans
    out = drop_empty({**spans, "volume": [], "date": dates or [match["year"]]})
    return out if spans.get("issue") else {**out, "issue": [match["issue"]]}

