#!/usr/bin/env python
"""Imports measured against the import test cases that ship with Zotero's translators.

    python scripts/eval_imports.py --translators DIR [NAME ...] [--show N]

Zotero's import translators (``PubMed XML.js``, ``MEDLINEnbib.js``, ``BibTeX.js``,
``RIS.js``, ``CSL JSON.js``, ``Datacite JSON.js``) end with a ``testCases`` array: an input
text and the Zotero items Zotero's import gives. They are not in the repository (the
translators are AGPL); fetch github:zotero/translators and export those files into a
folder outside the repository, e.g.::

    git --git-dir=/work/.mirror/zotero+translators/repo show "HEAD:PubMed XML.js" > "/tmp/zt/PubMed XML.js"

Each input goes through citekit's content detection and parser, as ``citekit parse``
would read it. The i-th expected item is compared with the i-th record, field by field,
with Zotero's fields mapped to CSL the way Zotero's schema (``schema.json``, its ``csl``
section and each field's base field) maps them: ``publicationTitle`` → ``container-title``,
``court`` → ``authority``, ``applicationNumber`` → ``call-number``, ``rights`` →
``license``, creators by the schema's name map with each item type's primary creator
(inventor, artist, director ...) as ``author``. A field or creator type Zotero's own CSL
export drops (``assignee``, ``country``, ``attorneyAgent`` ...) is not checked. ``extra``
becomes CSL ``note``: each of its lines must be in the note or, for a ``Key: value``
line naming a CSL variable (``PMID``, ``event-place`` ...), in that variable (an
identifier CSL lacks, ``arXiv``, under ``custom.identifiers``).

A field is checked when the expected item has it; it matches when equal after folding
whitespace, except: ``date`` compares year, month and day (Zotero's "2010 Sep-Oct" and a
CSL range of those months agree; a date with no year, "0000 Year Date", must be kept as
that text); ``language`` compares codes (``eng`` and ``en`` agree); ``url``
ignores http/https; ``ISSN``/``ISBN`` compare the set of numbers (hyphens and separators
aside); ``pages`` ignore which dash joins the range and a unit word beside it ("33–52
Pages"); a title's closing period is not part of it (Zotero's MEDLINE import keeps it, its
PubMed XML import drops it); ``creators`` compare the whole name list per role, with the
periods of initials folded ("M. J." and "M J"); ``tags`` compare sets of CSL ``keyword``
parts plus ``custom.mesh`` headings (as ``MH`` lines, ``Brain/*enzymology``, for the
MEDLINE translator, whose tags are those lines; as descriptors otherwise), a tag with a
comma that is no MeSH heading as its comma-separated parts, since CSL's keyword cannot
hold it whole; ``itemType`` compares through the schema's type table. Rich text (``<i>``,
``<sup>`` ...) is compared as written, but for the BibTeX translator's small capitals,
``<span style="small-caps">``, which count as the rich-text form citeproc-js reads,
``<span style="font-variant:small-caps;">``. Attachments, notes,
``libraryCatalog`` and ``accessDate`` are not checked.

Prints, per translator: checked fields, matched, items found of expected, inputs failed.
``--show N`` lists up to N mismatches per translator; ``--strict`` compares strings as
they are (no whitespace folding, ``eng`` ≠ ``en``, ``http`` ≠ ``https``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citekit.dates import parse_date  # noqa: E402
from citekit.errors import CitekitError  # noqa: E402
from citekit.formats import MEDIA_TYPES, detect  # noqa: E402
from citekit.parsers import parse  # noqa: E402
from citekit.parsers.common import norm_language  # noqa: E402
from citekit.source import Source  # noqa: E402

DEFAULT = ("PubMed XML", "MEDLINEnbib", "BibTeX", "RIS", "CSL JSON", "Datacite JSON")
SKIP = frozenset({"attachments", "notes", "seeAlso", "libraryCatalog", "accessDate", "itemID"})

# Zotero field → CSL variable, as Zotero's schema (schema.json, "csl" section) maps them;
# type-specific fields by their base field (``caseName`` is a ``title``, ``court`` an
# ``authority``). ``journalAbbreviation`` is citeproc-js's alias of ``container-title-short``.
FIELDS: dict[str, str] = {
    "title": "title", "abstractNote": "abstract", "publicationTitle": "container-title", "reporter": "container-title",
    "code": "container-title", "journalAbbreviation": "container-title-short", "volume": "volume",
    "codeNumber": "volume", "issue": "issue", "priorityNumbers": "issue", "pages": "page", "edition": "edition",
    "DOI": "DOI", "ISSN": "ISSN", "ISBN": "ISBN", "PMID": "PMID", "PMCID": "PMCID", "url": "URL",
    "language": "language", "date": "issued", "filingDate": "submitted", "publisher": "publisher",
    "place": "publisher-place", "eventPlace": "event-place", "number": "number", "callNumber": "call-number",
    "applicationNumber": "call-number", "rights": "license", "series": "collection-title",
    "seriesTitle": "collection-title", "seriesNumber": "collection-number", "numPages": "number-of-pages",
    "numberOfVolumes": "number-of-volumes", "shortTitle": "title-short", "versionNumber": "version",
    "medium": "medium", "system": "medium", "section": "section", "committee": "section", "session": "chapter-number",
    "conferenceName": "event-title", "meetingName": "event-title", "archive": "archive",
    "archiveLocation": "archive_location", "type": "genre", "programmingLanguage": "genre",
    "artworkSize": "dimensions", "runningTime": "dimensions", "authority": "authority", "status": "status",
    "scale": "scale", "history": "references", "references": "references", "citationKey": "citation-key",
    "originalPublisher": "original-publisher", "originalPlace": "original-publisher-place",
    "originalDate": "original-date", "partNumber": "part-number", "partTitle": "part-title",
}  # fmt: skip
BASE_FIELDS: dict[str, str] = {
    "artworkMedium": "medium", "audioRecordingFormat": "medium", "videoRecordingFormat": "medium",
    "interviewMedium": "medium", "audioFileType": "medium", "format": "medium", "label": "publisher",
    "company": "publisher", "repository": "publisher", "distributor": "publisher", "institution": "publisher",
    "university": "publisher", "studio": "publisher", "network": "publisher", "billNumber": "number",
    "docketNumber": "number", "identifier": "number", "documentNumber": "number", "patentNumber": "number",
    "episodeNumber": "number", "archiveID": "number", "reportNumber": "number", "publicLawNumber": "number",
    "codeVolume": "volume", "reporterVolume": "volume", "codePages": "pages", "firstPage": "pages",
    "legislativeBody": "authority", "court": "authority", "issuingAuthority": "authority",
    "organization": "authority", "blogTitle": "publicationTitle", "bookTitle": "publicationTitle",
    "proceedingsTitle": "publicationTitle", "dictionaryTitle": "publicationTitle",
    "encyclopediaTitle": "publicationTitle", "forumTitle": "publicationTitle", "websiteTitle": "publicationTitle",
    "sessionTitle": "publicationTitle", "programTitle": "publicationTitle", "caseName": "title",
    "nameOfAct": "title", "subject": "title", "websiteType": "type", "genre": "type", "postType": "type",
    "letterType": "type", "manuscriptType": "type", "mapType": "type", "presentationType": "type",
    "reportType": "type", "thesisType": "type", "dateDecided": "date", "issueDate": "date", "dateEnacted": "date",
    "priorityDate": "originalDate", "legalStatus": "status", "repositoryLocation": "place",
}  # fmt: skip
FIELDS.update({name: FIELDS[base] for name, base in BASE_FIELDS.items()})
DATE_FIELDS = frozenset(
    name for name, variable in FIELDS.items() if variable in ("issued", "submitted", "original-date")
)
ITEM_TYPES = {
    "journalArticle": "article-journal", "magazineArticle": "article-magazine",
    "newspaperArticle": "article-newspaper", "book": "book", "bookSection": "chapter", "thesis": "thesis",
    "report": "report", "conferencePaper": "paper-conference", "preprint": "article", "dataset": "dataset",
    "computerProgram": "software", "webpage": "webpage", "manuscript": "manuscript", "document": "document",
    "letter": "personal_communication", "email": "personal_communication",
    "instantMessage": "personal_communication", "patent": "patent", "encyclopediaArticle": "entry-encyclopedia",
    "dictionaryEntry": "entry-dictionary", "film": "motion_picture", "videoRecording": "motion_picture",
    "artwork": "graphic", "map": "map", "presentation": "speech", "audioRecording": "song", "podcast": "broadcast",
    "radioBroadcast": "broadcast", "tvBroadcast": "broadcast", "blogPost": "post-weblog", "forumPost": "post",
    "case": "legal_case", "statute": "legislation", "bill": "bill", "hearing": "hearing", "interview": "interview",
    "standard": "standard",
}  # fmt: skip
# Creator type → CSL name variable (schema.json); a type not here is dropped by Zotero's
# CSL export, except each item type's primary creator type, which becomes ``author``.
ROLES = {
    "author": "author", "bookAuthor": "container-author", "chair": "chair", "castMember": "performer",
    "composer": "composer", "contributor": "contributor", "creator": "author", "director": "director",
    "editor": "editor", "executiveProducer": "executive-producer", "guest": "guest", "host": "host",
    "interviewer": "interviewer", "narrator": "narrator", "originalCreator": "original-author",
    "organizer": "organizer", "podcaster": "host", "producer": "producer", "recipient": "recipient",
    "reviewedAuthor": "reviewed-author", "seriesCreator": "series-creator", "seriesEditor": "collection-editor",
    "scriptwriter": "script-writer", "translator": "translator",
}  # fmt: skip
PRIMARY = {
    "artwork": "artist", "audioRecording": "performer", "bill": "sponsor", "computerProgram": "programmer",
    "film": "director", "hearing": "contributor", "interview": "interviewee", "map": "cartographer",
    "patent": "inventor", "podcast": "podcaster", "presentation": "presenter", "radioBroadcast": "creator",
    "tvBroadcast": "director", "videoRecording": "creator",
}  # fmt: skip


def test_cases(path: Path) -> list[dict[str, Any]]:
    """The import test cases embedded in one translator file."""
    text = path.read_text(encoding="utf-8")
    match = re.search(r"/\*\* BEGIN TEST CASES \*\*/\s*var testCases = (.*?);?\s*/\*\* END TEST CASES", text, re.S)
    if not match:
        return []
    cases = json.loads(match.group(1))
    return [c for c in cases if c.get("type") == "import" and isinstance(c.get("items"), list)]


# Zotero's BibTeX import writes small capitals as <span style="small-caps">, a spelling no
# CSL processor reads; Zotero's rich text (and citeproc-js) spell it as below.
_ZOTERO_BIBTEX_SMALL_CAPS = '<span style="small-caps">'
_SMALL_CAPS = '<span style="font-variant:small-caps;">'


def _fold(value: Any) -> str:
    text = str(value)
    if _ZOTERO_BIBTEX_SMALL_CAPS in text:
        text = text.replace(_ZOTERO_BIBTEX_SMALL_CAPS, _SMALL_CAPS)
    return " ".join(text.split())


def _iso(value: Any) -> list[int] | None:
    if isinstance(value, Mapping):
        parts = value.get("date-parts")
        if parts and parts[0]:
            return [int(p) for p in parts[0] if str(p).lstrip("-").isdigit()]
        return _iso(value.get("raw") or value.get("literal"))
    return parse_date(str(value)) if value else None


def _names(record: Mapping[str, Any], role: str) -> list[tuple[str, str]]:
    out = []
    for name in record.get(role) or []:
        if name.get("literal"):
            out.append((_fold(name["literal"]), ""))
        else:
            family = " ".join(p for p in (name.get("non-dropping-particle"), name.get("family")) if p)
            given = " ".join(p for p in (name.get("given"), name.get("dropping-particle")) if p)
            suffix = name.get("suffix")
            out.append((_fold(family), _given(f"{given}, {suffix}" if suffix else given)))
    return out


def _given(value: str) -> str:
    """Given names with initials' periods folded ("M. J." and "M J" agree), unless strict."""
    return _fold(value) if STRICT else _fold(value.replace(".", " "))


def _mesh_tag(heading: Mapping[str, Any]) -> str:
    """A MeSH heading as a MEDLINE ``MH`` line writes it: ``*Brain/metabolism/*enzymology``."""
    tag = ("*" if heading.get("major") and not heading.get("qualifiers") else "") + str(heading.get("descriptor"))
    for qualifier in heading.get("qualifiers") or []:
        tag += "/" + ("*" if qualifier.get("major") else "") + str(qualifier.get("name"))
    return tag


def _tags(record: Mapping[str, Any], mesh_lines: bool = False) -> set[str]:
    """Keywords plus MeSH headings: as descriptors (Zotero's PubMed XML import), or as
    ``MH`` lines with qualifiers and major-topic stars (its MEDLINE import)."""
    custom = record.get("custom") or {}
    tags = {t.strip() for t in str(record.get("keyword") or "").split(",") if t.strip()}
    headings = [m for m in custom.get("mesh") or [] if isinstance(m, Mapping)]
    tags |= {_mesh_tag(m) if mesh_lines else str(m.get("descriptor")) for m in headings}
    return tags


STRICT = False
MESH_LINES = frozenset({"MEDLINEnbib"})  # translators whose tags are whole MH lines
_DASHES = re.compile(r"\s*(?:-+|[\u2010-\u2015\u2212])\s*")
# A unit word beside a page range ("33–52 Pages", "42-79 Seiten", "pp. 1-20") names no page.
_PAGE_UNIT = re.compile(r"^(?:pp?\.|pages?|seiten|s\.)\s*|\s*\b(?:pp?\.?|pages?|seiten|s\.)$", re.IGNORECASE)


def _pages(value: Any) -> str:
    """Pages as compared: dashes alike, a unit word aside."""
    return _DASHES.sub("-", _PAGE_UNIT.sub("", _fold(value)))


def _creators(expected: list[Mapping[str, Any]], record: Mapping[str, Any], item_type: str) -> tuple[bool, Any]:
    """Zotero's creators by CSL role (the item type's primary type is ``author``; types
    Zotero's CSL export drops are not checked)."""
    roles: dict[str, list[tuple[str, str]]] = {}
    for creator in expected:
        kind = creator.get("creatorType", "author")
        role = "author" if kind == PRIMARY.get(item_type, "author") else ROLES.get(kind)
        if role is None:
            continue
        if "name" in creator or creator.get("fieldMode") == 1:
            entry = (_fold(creator.get("name") or creator.get("lastName", "")), "")
        else:
            entry = (_fold(creator.get("lastName", "")), _given(creator.get("firstName", "")))
        roles.setdefault(role, []).append(entry)
    got = {role: _names(record, role) for role in roles}
    return got == roles, got


def _date(expected: str, value: Any) -> bool:
    """Year, month and day agree. A date with no year Zotero's RIS import stores as "0000"
    and the first word (and day) of each date tag: "0000 Year Date" for ``PY - Year`` and
    ``DA - Date Accessed``; the words it kept must be the record's literal date."""
    unread = re.match(r"0000(?:-00-00)?\s+(.+)", expected)
    if unread:
        literal = value.get("literal") or value.get("raw") if isinstance(value, Mapping) else value
        return _fold(unread.group(1)) == _fold(literal or "")
    return _iso(expected) == _iso(value) and value is not None


def checkable(name: str, item: Mapping[str, Any]) -> bool:
    """Whether Zotero field ``name`` has a CSL home (else Zotero's CSL export drops it)."""
    if name in ("itemType", "tags", "extra"):
        return True
    if name == "creators":
        item_type = str(item.get("itemType"))
        kinds = {c.get("creatorType", "author") for c in item.get("creators") or []}
        return any(k in ROLES or k == PRIMARY.get(item_type, "author") for k in kinds)
    return name in FIELDS


def _field(name: str, expected: Any, record: Mapping[str, Any], item: Mapping[str, Any]) -> tuple[bool, Any]:
    """Whether ``record`` holds Zotero field ``name`` = ``expected``; and what it holds."""
    if STRICT and name in FIELDS and name not in DATE_FIELDS:
        value = record.get(FIELDS[name])
        return str(expected) == str(value if value is not None else ""), value
    if name == "itemType":
        return ITEM_TYPES.get(expected) == record.get("type"), record.get("type")
    if name == "creators":
        return _creators(expected, record, str(item.get("itemType")))
    if name == "tags":
        mesh_lines = bool(MESH_LINES & {str(item.get("_translator"))})
        # CSL's keyword is one comma-separated string: a tag with a comma that is not a
        # MeSH heading is compared as its parts.
        tags = [t["tag"] if isinstance(t, Mapping) else str(t) for t in expected]
        got_tags = _tags(record, mesh_lines)
        want = {part.strip() for t in tags for part in ([t] if t in got_tags else t.split(","))}
        return want == got_tags, sorted(got_tags)
    if name == "extra":
        return _extra(str(expected), record)
    variable = FIELDS[name]
    value = record.get(variable)
    if name in DATE_FIELDS:
        return _date(str(expected), value), value
    if name == "language":
        return norm_language(str(expected)) == norm_language(str(value or "")), value
    if name == "url":
        strip = re.compile(r"^https?://")
        return strip.sub("", _fold(expected)) == strip.sub("", _fold(value or "")), value
    if variable in ("ISSN", "ISBN"):
        # Several numbers: Zotero separates them with spaces, CSL-JSON writers with commas.
        numbers = [{n.replace("-", "") for n in re.findall(r"[\dXx-]{8,}", str(v))} for v in (expected, value)]
        return numbers[0] == numbers[1], value
    if variable == "page":
        return _pages(expected) == _pages(value or ""), value
    if variable == "title" and isinstance(value, str):
        # MEDLINE ends every title with a period; Zotero's PubMed XML import drops it,
        # its MEDLINE import keeps it: a closing period is not part of the title.
        return _fold(expected).removesuffix(".") == _fold(value).removesuffix("."), value
    return _fold(expected) == _fold(value if value is not None else ""), value


# Keys of Zotero's "extra" lines that name a CSL variable (Zotero's CSL export lifts them).
_EXTRA_KEYS = {"pmid": "PMID", "pmcid": "PMCID", "doi": "DOI", "type": "genre"}


def _extra(expected: str, record: Mapping[str, Any]) -> tuple[bool, Any]:
    """Zotero's ``extra`` becomes CSL ``note``; a ``Key: value`` line naming a CSL variable
    becomes that variable. Each line must be in one of those places."""
    ok = True
    notes = {_fold(line) for line in str(record.get("note") or "").splitlines()}
    for line in expected.splitlines():
        key, colon, value = line.partition(":")
        if not colon or not value.strip():
            # Not a "Key: value" line: Zotero's CSL export keeps it in the note.
            ok = ok and _fold(line) in notes
            continue
        variable = _EXTRA_KEYS.get(key.strip().lower()) or key.strip().lower().replace(" ", "-")
        custom = record.get("custom") or {}
        # Identifiers CSL has no variable for (arXiv, ...) are kept under custom.identifiers.
        identifiers = {k.lower(): v for k, v in (custom.get("identifiers") or {}).items()}
        got = record.get(variable) or custom.get(variable) or identifiers.get(key.strip().lower())
        ok = ok and (_fold(got or "") == _fold(value) or _fold(line) in notes)
    return ok, {k: record.get(k) for k in ("PMID", "PMCID", "note")}


def _checked(field: str, value: Any, item: Mapping[str, Any], record: Mapping[str, Any], name: str) -> bool:
    """Whether the expected item's ``field`` is checked (it has a value and a CSL home)."""
    if field in SKIP or (value in ("", [], None) and field != "tags") or not checkable(field, item):
        return False
    return field != "tags" or bool(value) or bool(_tags(record, name in MESH_LINES))


def evaluate(name: str, cases: list[dict[str, Any]], show: int) -> dict[str, Any]:
    """Field-level agreement of citekit's import with one translator's test cases."""
    checked = matched = expected_items = found_items = failed = 0
    misses: list[str] = []
    per_field: Counter[str] = Counter()
    per_field_ok: Counter[str] = Counter()
    for number, case in enumerate(cases, start=1):
        text = case["input"] if isinstance(case["input"], str) else json.dumps(case["input"])
        items = case["items"]
        expected_items += len(items)
        try:
            fmt = detect(text)
            records = parse(Source(text=text, media_type=MEDIA_TYPES[fmt], origin=f"{name} #{number}"))
        except CitekitError as exc:
            failed += 1
            misses.append(f"  #{number}: input failed: {exc.describe()}")
            records = []
        found_items += min(len(records), len(items))
        for index, item in enumerate(items):
            record = records[index] if index < len(records) else {}
            for field, value in item.items():
                if not _checked(field, value, item, record, name):
                    continue
                checked += 1
                per_field[field] += 1
                ok, got = _field(field, value, record, {**item, "_translator": name}) if record else (False, None)
                if ok:
                    matched += 1
                    per_field_ok[field] += 1
                else:
                    misses.append(f"  #{number}.{index + 1} {field}: want {str(value)[:100]!r} got {str(got)[:100]!r}")
    return {
        "name": name,
        "checked": checked,
        "matched": matched,
        "items": expected_items,
        "found": found_items,
        "failed": failed,
        "misses": misses[:show],
        "fields": {f: f"{per_field_ok[f]}/{n}" for f, n in sorted(per_field.items())},
    }


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", default=list(DEFAULT), help="translator names (default: %(default)s)")
    parser.add_argument("--translators", type=Path, required=True, help="folder holding the translator .js files")
    parser.add_argument("--show", type=int, default=0, help="mismatches to list per translator")
    parser.add_argument("--fields", action="store_true", help="per-field counts")
    parser.add_argument("--strict", action="store_true", help="compare strings exactly")
    args = parser.parse_args(argv)
    global STRICT
    STRICT = args.strict
    total_checked = total_matched = total_items = total_found = total_failed = 0
    for name in args.names:
        path = args.translators / f"{name}.js"
        if not path.exists():
            print(f"{name}: {path} not found", file=sys.stderr)
            continue
        result = evaluate(name, test_cases(path), args.show)
        share = result["matched"] / result["checked"] if result["checked"] else 0.0
        print(
            f"{name:14} fields {result['matched']}/{result['checked']} ({share:.1%})"
            f"  items {result['found']}/{result['items']}  inputs failed {result['failed']}"
        )
        if args.fields:
            print("   ", ", ".join(f"{k} {v}" for k, v in result["fields"].items()))
        for line in result["misses"]:
            print(line)
        total_checked += result["checked"]
        total_matched += result["matched"]
        total_items += result["items"]
        total_found += result["found"]
        total_failed += result["failed"]
    if total_checked:
        print(
            f"{'ALL':14} fields {total_matched}/{total_checked} ({total_matched / total_checked:.1%})"
            f"  items {total_found}/{total_items}  inputs failed {total_failed}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
