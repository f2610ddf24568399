"""One RIS record (its tag/value lines) to a CSL-JSON record."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from citekit.dates import parse_date
from citekit.formats.ris_tags import SN_NUMBERED, TAGS, Kind, read_tags, rows
from citekit.formats.types import csl_type_from_ris, ris_type
from citekit.names import is_initials, split_name
from citekit.record import Record, find_doi, normalize, normalize_doi, normalize_pages

__all__ = ["record_from_tags", "ris_date", "ris_name"]

_RIS_DATE = re.compile(r"^\s*(\d{4})(?:\s*[/-]\s*(\d{1,2})?)?(?:\s*[/-]\s*(\d{1,2})?)?")
_ISSN = re.compile(r"^\d{4}-?\d{3}[\dXx]$")
_SERIAL = re.compile(r"\b\d{4}-?\d{3}[\dXx]\b|\b(?:\d[\s-]?){9}[\dXx]\b")  # an ISSN or an ISBN's digits
_RANGE = re.compile(r"\w\s*[-\u2013\u2014]\s*\w")
_CORPORATE = re.compile(
    r"\b(organi[sz]ation|association|society|group|consortium|committee|institute|university|council|agency|"
    r"collaboration|network|project|team|foundation|department|ministry|office|board|commission|centre|center|"
    r"working party|investigators|trialists|institution|inc|ltd|gmbh|corporation|company|laborator(?:y|ies)|"
    r"instituto|institut|universidad|universidade|universit[ée]|universit[äa]t|ministerio|minist[èe]re|agencia|"
    r"agence|consejo|conseil|sociedad|soci[ée]t[ée]|gesellschaft|verein|servi[cç]o|service)\b",
    re.IGNORECASE,
)
# Text variables read by a step of their own (for their fallbacks or their place in the record).
_OWN_STEP = frozenset({"title", "container-title", "container-title-short", "abstract", "URL"})
_TEXT_VARIABLES = tuple(
    dict.fromkeys(row.variable for row in TAGS if row.kind == "text" and row.variable not in _OWN_STEP)
)
# ProCite writes what it has no tag for as N1 lines "Key: value"; the keys that name a
# RIS tag are read as that tag (as Zotero does), when the record has no such tag itself.
_PROCITE_NOTES = {
    "call number": "CN",
    "edition": "ET",
    "isbn": "SN",
    "language": "LA",
    "publisher name": "PB",
    "series title": "T3",
    "page(s)": "SP",
    "volume id": "VL",
    "issue id": "IS",
    "issue identification": "IS",
    "place of publication": "CY",
    "proceedings title": "C3",
    "histroy": "OP",  # sic: ProCite's export filter
    "history": "OP",
}
# Keys whose tag depends on the reference type (Zotero's reverse lookup of the field).
_PROCITE_TYPED_NOTES = {
    "series volume id": {"BOOK": "M1", "SER": "M1", "CHAP": "SV"},
    "scale": {"MAP": "C1"},
    "size": {"ART": "C3"},
}
# A ProCite export (its N1 "Record ID: 10" lines) uses some tags its own way, by type:
# a book's or chapter's VL is its edition (the volume comes in a "Volume ID" note), a
# book's IS its volume, a program's IS its version, a bill's CY its code, VL its number
# and SP its section, an artwork's M1 its medium.
_PROCITE_RECORD = re.compile(r"^(?:Record ID|Record Number)\s*:", re.IGNORECASE)
_PROCITE_TAGS: dict[str, dict[str, str]] = {
    "BOOK": {"VL": "ET", "IS": "VL"},
    "CHAP": {"VL": "ET"},
    "COMP": {"IS": "ET"},
    "BILL": {"CY": "T2", "VL": "M1", "SP": "SE"},
    "ART": {"M1": "M3"},
}
_PROCITE_NOTE = re.compile(r"^([A-Za-z(), ]+?)\s*:\s*(.+)$", re.DOTALL)
# Tags where exporters hide a DOI when they have no DO line.
_DOI_ALSO_IN = ("UR", "N1", "M3", "M1", "L3")
_DOI_URL = re.compile(r"https?://(dx\.)?doi\.org/")
_KEY_LIKE = re.compile(r"(?=.*[A-Za-z])[^\s,{}#%~=\\\"']+")


def ris_date(value: str) -> list[int] | None:
    """Date parts from a RIS date: ``2014/09/10/``, ``2014///``, ``2014``, ``2014 Jan 15``."""
    match = _RIS_DATE.match(value)
    if match and not re.match(r"^\s*\d{4}\s+[A-Za-z]", value):
        parts = [int(match.group(1))]
        month = int(match.group(2)) if match.group(2) else 0
        day = int(match.group(3)) if match.group(3) else 0
        if 1 <= month <= 12:
            parts.append(month)
            if 1 <= day <= 31:
                parts.append(day)
        return parts
    return parse_date(value)


def ris_name(value: str) -> dict[str, str]:
    """A CSL name from a RIS name: ``Last, First, Suffix``, ``Last,First``, ``F. Last`` or a
    name of several words kept whole (an organisation's)."""
    text = " ".join(value.split()).strip(" ;")
    if not text:
        return {}
    if len(text.split()) == 1 and "," not in text:
        return {"family": text}  # "Aristotle", "Intel": one name, nothing to split
    head = text.split(",")[0]
    if (_CORPORATE.search(head) and len(head.split()) >= 2) or (
        len(text.split()) >= 4 and _CORPORATE.search(text) and text.count(",") != 1
    ):
        return {"literal": text}
    if "," in text:
        parts = [p.strip() for p in text.split(",")]
        name = {
            "family": parts[0],
            "given": parts[1] if len(parts) > 1 else "",
            "suffix": ", ".join(p for p in parts[2:] if p),
        }
        return {k: v for k, v in name.items() if v}
    if any(is_initials(token) for token in text.split()):
        return split_name(text)  # "C. Barata" (IEEE Xplore), "Smith JA": a person's name in another order
    # RIS writes a person's name "Family, Given"; a name of several words without a comma
    # is an organisation's or a name its exporter kept whole ("Human Rights Watch"):
    # kept whole, as Zotero and EndNote store it, rather than split at a guessed place.
    return {"literal": text}


def _page(start: str, end: str) -> str:
    start, end = start.strip(), end.strip()
    if not start:
        return normalize_pages(end)
    if re.search(r"\w\s*[-\u2013\u2014]", start) or not end or end == start:
        return normalize_pages(start)
    return normalize_pages(f"{start}-{end}")


@dataclass(frozen=True, slots=True)
class _Plan:
    """What the tag table says for one CSL type: the tags to try for each variable, preferred first."""

    title: tuple[str, ...]
    container: tuple[str, ...]
    short: tuple[str, ...]  # abbreviation tags that never hold the full name
    short_or_full: tuple[str, ...]  # JO: the abbreviation when another tag gave the full name
    names: tuple[tuple[str, str], ...]  # (tag, variable) in table order
    texts: tuple[tuple[str, tuple[str, ...]], ...]  # (variable, tags)
    abstract: tuple[str, ...]
    issued: tuple[str, ...]
    accessed: tuple[str, ...]
    page_start: tuple[str, ...]
    page_end: tuple[str, ...]
    counts_pages: bool  # SP of a whole work is its page count
    serials: tuple[str, ...]
    serial_variables: tuple[str, ...]
    sn_number: bool  # SN not shaped as an ISSN or ISBN is the number
    doi: tuple[str, ...]
    url: tuple[str, ...]
    key: tuple[str, ...]
    keyword: tuple[str, ...]


@lru_cache(maxsize=256)
def _plan(ctype: str) -> _Plan:
    def kind(name: Kind) -> tuple[str, ...]:
        return tuple(dict.fromkeys(row.tag for row in rows(name, ctype)))

    container = read_tags("container-title", ctype)
    short = read_tags("container-title-short", ctype)
    return _Plan(
        title=read_tags("title", ctype),
        container=container,
        short=tuple(tag for tag in short if tag not in container),
        short_or_full=tuple(tag for tag in short if tag in container),
        names=tuple((row.tag, row.variable) for row in rows("name", ctype)),
        texts=tuple(
            (variable, read_tags(variable, ctype)) for variable in _TEXT_VARIABLES if read_tags(variable, ctype)
        ),
        abstract=read_tags("abstract", ctype),
        issued=read_tags("issued", ctype),
        accessed=read_tags("accessed", ctype),
        page_start=kind("page-start"),
        page_end=kind("page-end"),
        counts_pages=bool(rows("page-count", ctype)),
        serials=kind("serial"),
        serial_variables=tuple(row.variable for row in rows("serial", ctype)),
        sn_number=ctype in SN_NUMBERED,
        doi=read_tags("DOI", ctype),
        url=read_tags("URL", ctype),
        key=read_tags("citation-key", ctype),
        keyword=read_tags("keyword", ctype),
    )


class _Tags:
    """One record's values by tag, and how many values of each tag a CSL variable took."""

    __slots__ = ("lines", "used", "values")

    def __init__(self, tags: Sequence[tuple[str, str]]) -> None:
        self.lines = tags  # in file order
        self.values: dict[str, list[str]] = {}
        for tag, value in tags:
            if value:
                self.values.setdefault(tag, []).append(value)
        self.used: dict[str, int] = {"TY": 1}

    def pick(self, names: tuple[str, ...]) -> tuple[str, str]:
        """The first of ``names`` present and its first value (marked used); ``("", "")`` if none."""
        for name in names:
            found = self.values.get(name)
            if found:
                if not self.used.get(name):
                    self.used[name] = 1
                return name, found[0]
        return "", ""

    def first(self, names: tuple[str, ...]) -> str:
        """The first value of the first of ``names`` present (marked used), else ``""``."""
        for name in names:
            found = self.values.get(name)
            if found:
                if not self.used.get(name):
                    self.used[name] = 1
                return found[0]
        return ""

    def use_all(self, tag: str) -> None:
        """Mark every value of ``tag`` used."""
        if tag in self.values:
            self.used[tag] = len(self.values[tag])

    def unused(self) -> dict[str, Any]:
        """The values no CSL variable took, by tag, in file order."""
        kept: dict[str, Any] = {}
        for tag, tag_values in self.values.items():
            rest = tag_values[self.used.get(tag, 0) :]
            if rest:
                kept[tag] = rest
        return kept


def _titles(tags: _Tags, record: Record, plan: _Plan) -> None:
    record["title"] = tags.first(plan.title)
    record["container-title"] = tags.first(plan.container)
    short = tags.first(plan.short)
    if not short and record["container-title"]:
        short = tags.first(tuple(tag for tag in plan.short_or_full if tag not in tags.used))
    if not short and tags.used.get("JO") and record["container-title"] == tags.values["JO"][0]:
        short = record["container-title"]  # JO alone: the abbreviation, standing for the name too
    record["container-title-short"] = short
    if not record["container-title"] and short:
        record["container-title"] = short
    if record["type"] == "paper-conference" and tags.used.get("C3") and tags.values.get("T2"):
        record["event-title"] = tags.first(("T2",))  # EndNote: C3 the proceedings, T2 the conference


def _names(tags: _Tags, record: Record, plan: _Plan) -> None:
    # Names in file order across tags (A1 then AU lines: the A1 author comes first); a
    # variable's place in the record follows the table.
    roles = dict(reversed(plan.names))  # a tag's first row wins
    for role in dict.fromkeys(role for tag, role in plan.names if tag in tags.values):
        record[role] = []
    for tag, value in tags.lines:
        variable = roles.get(tag)
        name = ris_name(value) if variable and value else None
        if variable and name:
            record[variable].append(name)
    for tag in roles:
        tags.use_all(tag)


def _texts(tags: _Tags, record: Record, plan: _Plan) -> None:
    values, used = tags.values, tags.used
    for variable, names in plan.texts:  # tags.first(names), inlined: twenty variables a record
        for name in names:
            found = values.get(name)
            if found:
                if not used.get(name):
                    used[name] = 1
                record[variable] = found[0]
                break
    record["abstract"] = tags.first(plan.abstract)


def _month_and_day(tags: _Tags, unread: list[str], issued: list[int]) -> list[int]:
    """EndNote's Date field holds the month and day alone ("June 15") beside the year in
    PY; Zotero reads them together, and so does this."""
    for tag in unread:
        parts = parse_date(f"{tags.values[tag][0]} {issued[0]}")
        if parts and parts[0] == issued[0] and len(parts) > 1:
            tags.used[tag] = 1
            return parts
    return issued


def _dates(tags: _Tags, record: Record, plan: _Plan) -> None:
    issued: list[int] | None = None
    unread: list[str] = []  # date tags that are no date ("Spring", "n.d.")
    for tag in plan.issued:
        if tag in tags.values:
            parts = ris_date(tags.values[tag][0])
            if not parts:
                unread.append(tag)
                continue
            tags.used[tag] = 1
            # A later tag refines the date (PY 2016, DA 2016/04/22) but never replaces its
            # year, except that DA overrides the deprecated Y1 (as Zotero reads them).
            deprecated = tag == "DA" and "Y1" in tags.values and "PY" not in tags.values
            if issued is None or deprecated or (parts[0] == issued[0] and len(parts) > len(issued)):
                issued = parts
    if issued and len(issued) == 1:
        issued = _month_and_day(tags, unread, issued)
    if issued:
        record["issued"] = {"date-parts": [issued]}  # a date tag that is no date stays under custom.ris
    elif unread:
        # No date at all: the text is kept as CSL's literal date rather than dropped.
        record["issued"] = {"literal": " ".join(tags.values[tag][0] for tag in unread)}
        for tag in unread:
            tags.used[tag] = 1
    for tag in plan.accessed:
        accessed = ris_date(tags.values[tag][0]) if tag in tags.values else None
        if accessed:
            record["accessed"] = {"date-parts": [accessed]}
            tags.used[tag] = 1
            break


def _pages(tags: _Tags, record: Record, plan: _Plan) -> None:
    start, end = tags.first(plan.page_start), tags.first(plan.page_end)
    if plan.counts_pages and start and not end and not _RANGE.search(start):
        record["number-of-pages"] = start  # RIS 2011: SP of a book or thesis is its page count ("xii, 300 p.")
    else:
        record["page"] = _page(start, end)


def _serials(tags: _Tags, record: Record, plan: _Plan) -> None:
    numbers: dict[str, list[str]] = {variable: [] for variable in plan.serial_variables}  # ISSN, ISBN
    for tag in plan.serials:
        for value in tags.values.get(tag, ()):
            if plan.sn_number and not _SERIAL.search(value):
                _own_number(tags, record, value)
                continue
            for number in re.split(r"[\s;,]+(?=\d)", value):
                number = number.strip().split(" ")[0]
                if number:
                    numbers["ISSN" if _ISSN.match(number) else "ISBN"].append(number)
        tags.use_all(tag)
    for key, collected in numbers.items():
        if collected:
            record[key] = ", ".join(dict.fromkeys(collected))


def _own_number(tags: _Tags, record: Record, value: str) -> None:
    """A report's or patent's number from its SN (Zotero's reportNumber, patentNumber); an
    M1 that gave the number before goes to the note, as Zotero keeps it in Extra."""
    if record.get("number") and tags.used.get("M1") and record["number"] == tags.values["M1"][0]:
        tags.used["M1"] = 0
        record["number"] = value
    elif not record.get("number"):
        record["number"] = value


def _extra(tags: _Tags, record: Record, plan: _Plan) -> None:
    """M2 (Zotero's Extra) and an M1 a report's SN displaced are lines of the note."""
    values = tags.values
    if "M2" not in values and ("M1" not in values or tags.used.get("M1") == len(values["M1"])):
        return
    lines = [v for tag in ("M1", "M2") for v in values.get(tag, ())[tags.used.get(tag, 0) :]]
    if lines:
        record["note"] = "\n".join([record["note"], *lines] if record.get("note") else lines)
        tags.use_all("M1")
        tags.use_all("M2")


def _hidden_doi(tags: _Tags) -> str | None:
    """A DOI written where exporters put one when they have no DO line (a URL, a note)."""
    for tag in _DOI_ALSO_IN:
        for value in tags.values.get(tag, ()):
            lowered = value.lower()
            explicit = (
                lowered.startswith(("doi:", "10.")) or _DOI_URL.match(lowered) or (tag != "UR" and "doi" in lowered)
            )
            found = find_doi(value) if explicit else None
            if found:
                return found
    return None


def _links(tags: _Tags, record: Record, plan: _Plan) -> None:
    record["DOI"] = normalize_doi(tags.first(plan.doi)) or _hidden_doi(tags)
    url = tags.first(plan.url)
    if url:
        record["URL"] = url


def _key_and_keywords(tags: _Tags, record: Record, plan: _Plan) -> None:
    tag, reference_id = tags.pick(plan.key)
    if reference_id and _KEY_LIKE.fullmatch(reference_id):
        record["citation-key"] = reference_id  # a real key ("smith2020"), not a record number
    elif reference_id:
        tags.used.pop(tag, None)
    keywords = [k.strip() for tag in plan.keyword for k in tags.values.get(tag, ()) if k.strip()]
    if keywords:
        record["keyword"] = ", ".join(keywords)
        for tag in plan.keyword:
            tags.use_all(tag)


# The reading steps, in the order the record lists what they find.
_STEPS = (_titles, _names, _texts, _dates, _pages, _serials, _links, _key_and_keywords, _extra)


def _procite(tags: Sequence[tuple[str, str]]) -> Sequence[tuple[str, str]]:
    """ProCite's ``N1  - Call Number: X`` lines as the tags they stand for."""
    notes = [i for i, (tag, _) in enumerate(tags) if tag == "N1"]
    if not notes:
        return tags
    ty = tags[0][1].strip().upper() if tags[0][0] == "TY" else ""
    if ty in _PROCITE_TAGS and any(_PROCITE_RECORD.match(tags[i][1]) for i in notes):
        moved = _PROCITE_TAGS[ty]
        tags = [(moved.get(tag, tag), value) for tag, value in tags]
    out = list(tags)
    present: set[str] | None = None
    for i in notes:
        match = _PROCITE_NOTE.match(out[i][1])
        key = match.group(1).strip().lower() if match else ""
        real = _PROCITE_NOTES.get(key) or _PROCITE_TYPED_NOTES.get(key, {}).get(ty)
        if match and real:
            present = present if present is not None else {tag for tag, _ in tags}
            if real not in present:
                out[i] = (real, match.group(2).strip())
                present.add(real)
    return out


def record_from_tags(tags: Sequence[tuple[str, str]]) -> Record:
    """A CSL-JSON record from one RIS record's ``(tag, value)`` lines, ``TY`` first.

    :param tags: the lines in file order; repeated tags allowed.
    :returns: a normalised record; tags without a CSL home under ``custom.ris``.
    """
    tags = _procite(tags)
    if tags and tags[0] == ("TY", "EDBOOK"):
        tags = [("ED" if tag in ("AU", "A1") else tag, value) for tag, value in tags]  # EndNote: its authors edited it
    ty = tags[0][1] if tags and tags[0][0] == "TY" else ""
    ctype = csl_type_from_ris(ty)
    record: Record = {"type": ctype}
    values = _Tags(tags)
    plan = _plan(ctype)
    for step in _STEPS:
        step(values, record, plan)
    kept = values.unused()
    if ty and ris_type(ctype) != ty.strip().upper():
        kept["TY"] = [ty]  # e.g. CONF or "Journal Article": written back as it was
    if kept:
        record["custom"] = {"ris": kept}
    return normalize(record, default_type="document")
