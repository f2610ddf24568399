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
with Zotero's fields mapped to CSL the way Zotero's schema maps them (``publicationTitle``
→ ``container-title``, ``repository`` → ``publisher``, ``archiveID`` → ``number``,
``rights`` → ``license``, ``extra`` lines ``PMID: …`` → ``PMID`` ...). A field is checked
when the expected item has it; it matches when equal after folding whitespace, except:
``date`` compares year, month and day (Zotero's "2010 Sep-Oct" and a CSL range of those
months agree), ``language`` compares codes (``eng`` and ``en`` agree), ``url`` ignores
http/https, ``creators`` compares the whole name list per role, ``tags`` compares sets
(CSL ``keyword`` plus ``custom.mesh`` headings), ``itemType`` compares through Zotero's
type table. Attachments, notes, ``libraryCatalog`` and ``accessDate`` are not checked.

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

# Zotero field → CSL variable (Zotero's schema; type-specific fields by their base field).
FIELDS: dict[str, str] = {
    "title": "title", "abstractNote": "abstract", "publicationTitle": "container-title",
    "bookTitle": "container-title", "proceedingsTitle": "container-title", "websiteTitle": "container-title",
    "blogTitle": "container-title", "forumTitle": "container-title", "encyclopediaTitle": "container-title",
    "dictionaryTitle": "container-title", "journalAbbreviation": "container-title-short", "volume": "volume",
    "issue": "issue", "pages": "page", "edition": "edition", "DOI": "DOI", "ISSN": "ISSN", "ISBN": "ISBN",
    "PMID": "PMID", "PMCID": "PMCID", "url": "URL", "language": "language", "date": "issued",
    "publisher": "publisher", "repository": "publisher", "company": "publisher", "institution": "publisher",
    "university": "publisher", "label": "publisher", "distributor": "publisher", "studio": "publisher",
    "place": "publisher-place", "archiveID": "number", "number": "number", "reportNumber": "number",
    "callNumber": "call-number", "rights": "license", "series": "collection-title",
    "seriesTitle": "collection-title", "seriesNumber": "collection-number", "numPages": "number-of-pages",
    "numberOfVolumes": "number-of-volumes", "shortTitle": "title-short", "version": "version",
    "versionNumber": "version", "medium": "medium", "format": "medium", "section": "section",
    "conferenceName": "event-title", "meetingName": "event-title", "archive": "archive",
    "archiveLocation": "archive_location", "thesisType": "genre", "reportType": "genre", "genre": "genre",
    "type": "genre", "websiteType": "genre", "presentationType": "genre", "manuscriptType": "genre",
    "letterType": "genre", "programmingLanguage": "genre", "system": "medium", "runningTime": "dimensions",
    "artworkSize": "dimensions", "code": "container-title", "court": "authority",
    "issuingAuthority": "authority", "legislativeBody": "authority", "patentNumber": "number",
    "docketNumber": "number", "billNumber": "number", "applicationNumber": "number",
    "issueDate": "issued", "dateDecided": "issued", "dateEnacted": "issued", "filingDate": "submitted",
}  # fmt: skip
ITEM_TYPES = {
    "journalArticle": "article-journal", "magazineArticle": "article-magazine",
    "newspaperArticle": "article-newspaper", "book": "book", "bookSection": "chapter", "thesis": "thesis",
    "report": "report", "conferencePaper": "paper-conference", "preprint": "article", "dataset": "dataset",
    "computerProgram": "software", "webpage": "webpage", "manuscript": "manuscript", "document": "document",
    "letter": "personal_communication", "email": "personal_communication", "patent": "patent",
    "encyclopediaArticle": "entry-encyclopedia", "dictionaryEntry": "entry-dictionary", "film": "motion_picture",
    "videoRecording": "motion_picture", "artwork": "graphic", "map": "map", "presentation": "speech",
    "audioRecording": "song", "podcast": "song", "radioBroadcast": "broadcast", "tvBroadcast": "broadcast",
    "blogPost": "post-weblog", "forumPost": "post", "case": "legal_case", "statute": "legislation",
    "bill": "bill", "hearing": "hearing", "interview": "interview", "standard": "standard",
}  # fmt: skip
ROLES = {
    "author": "author", "editor": "editor", "contributor": "contributor", "bookAuthor": "container-author",
    "seriesEditor": "collection-editor", "translator": "translator", "reviewedAuthor": "reviewed-author",
    "recipient": "recipient", "interviewer": "interviewer", "director": "director", "producer": "producer",
    "programmer": "author", "inventor": "author", "artist": "author", "performer": "author",
    "composer": "composer", "cartographer": "author", "sponsor": "author", "podcaster": "author",
    "presenter": "author", "interviewee": "author", "castMember": "performer", "attorneyAgent": "author",
}  # fmt: skip


def test_cases(path: Path) -> list[dict[str, Any]]:
    """The import test cases embedded in one translator file."""
    text = path.read_text(encoding="utf-8")
    match = re.search(r"/\*\* BEGIN TEST CASES \*\*/\s*var testCases = (.*?);?\s*/\*\* END TEST CASES", text, re.S)
    if not match:
        return []
    cases = json.loads(match.group(1))
    return [c for c in cases if c.get("type") == "import" and isinstance(c.get("items"), list)]


def _fold(value: Any) -> str:
    return " ".join(str(value).split())


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
            out.append((_fold(family), _fold(f"{given}, {suffix}" if suffix else given)))
    return out


def _tags(record: Mapping[str, Any]) -> set[str]:
    custom = record.get("custom") or {}
    tags = {t.strip() for t in str(record.get("keyword") or "").split(",") if t.strip()}
    tags |= {str(m.get("descriptor")) for m in custom.get("mesh") or [] if isinstance(m, Mapping)}
    return tags


STRICT = False


def _field(name: str, expected: Any, record: Mapping[str, Any]) -> tuple[bool, Any]:
    """Whether ``record`` holds Zotero field ``name`` = ``expected``; and what it holds."""
    if STRICT and name in FIELDS and name not in ("date", "issueDate", "dateDecided", "dateEnacted", "filingDate"):
        value = record.get(FIELDS[name])
        return str(expected) == str(value if value is not None else ""), value
    if name == "itemType":
        return ITEM_TYPES.get(expected) == record.get("type"), record.get("type")
    if name == "creators":
        roles: dict[str, list[tuple[str, str]]] = {}
        for creator in expected:
            role = ROLES.get(creator.get("creatorType", "author"), creator.get("creatorType", "author"))
            if "name" in creator or creator.get("fieldMode") == 1:
                entry = (_fold(creator.get("name") or creator.get("lastName", "")), "")
            else:
                entry = (_fold(creator.get("lastName", "")), _fold(creator.get("firstName", "")))
            roles.setdefault(role, []).append(entry)
        got = {role: _names(record, role) for role in roles}
        return got == roles, got
    if name == "tags":
        want = {t["tag"] if isinstance(t, Mapping) else str(t) for t in expected}
        got_tags = _tags(record)
        return want == got_tags, sorted(got_tags)
    if name == "extra":
        return _extra(str(expected), record)
    variable = FIELDS.get(name)
    if variable is None:
        return False, "(no CSL variable)"
    value = record.get(variable)
    if name in ("date", "issueDate", "dateDecided", "dateEnacted", "filingDate"):
        return _iso(expected) == _iso(value) and value is not None, value
    if name == "language":
        return norm_language(str(expected)) == norm_language(str(value or "")), value
    if name == "url":
        strip = re.compile(r"^https?://")
        return strip.sub("", _fold(expected)) == strip.sub("", _fold(value or "")), value
    return _fold(expected) == _fold(value if value is not None else ""), value


def _extra(expected: str, record: Mapping[str, Any]) -> tuple[bool, Any]:
    """Zotero's ``extra``: each ``Key: value`` line naming a CSL variable must be there."""
    ok = True
    for line in expected.splitlines():
        key, _, value = line.partition(":")
        variable = {"pmid": "PMID", "pmcid": "PMCID", "doi": "DOI", "type": "genre"}.get(key.strip().lower())
        variable = variable or key.strip().lower().replace(" ", "-")
        got = record.get(variable) or (record.get("custom") or {}).get(variable)
        ok = ok and _fold(got or "") == _fold(value)
    return ok, {k: record.get(k) for k in ("PMID", "PMCID", "note")}


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
                if field in SKIP or (value in ("", [], None) and field != "tags"):
                    continue
                if field == "tags" and not value and not _tags(record):
                    continue
                checked += 1
                per_field[field] += 1
                ok, got = _field(field, value, record) if record else (False, None)
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
