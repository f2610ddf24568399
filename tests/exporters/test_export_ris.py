"""RIS export: golden file, rispy reads it, round trip through citekit's reader."""

from __future__ import annotations

import json
from typing import Any

import rispy

from citekit.exporters.ris import dumps, format_name
from citekit.parsers.ris import parse_text
from citekit.record import validate
from tests.conftest import FIXTURES, assert_golden_text


def _records() -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads((FIXTURES / "export" / "records.json").read_text(encoding="utf-8"))
    return loaded


def test_golden_and_rispy_reads_it() -> None:
    text = dumps(_records())
    assert_golden_text(text, FIXTURES / "export" / "records.expected.ris")
    entries = rispy.loads(text)
    assert [e["type_of_reference"] for e in entries] == ["JOUR", "CPAPER", "THES", "DATA"]
    assert entries[0]["authors"][2] == "El Aoufir, Omar"
    assert entries[0]["doi"] == "10.4172/2376-0249.1000931"
    assert entries[1]["start_page"] == "301" and entries[1]["end_page"] == "315"
    assert entries[0]["keywords"] == ["Extra-medullary hematopoiesis", "EMH", "Chest CT"]


def test_round_trip() -> None:
    records = _records()
    again = parse_text(dumps(records))
    assert validate(again) == []
    for before, after in zip(records, again, strict=True):
        for key in (
            "type",
            "title",
            "author",
            "editor",
            "container-title",
            "volume",
            "issue",
            "issued",
            "publisher",
            "genre",
            "keyword",
            "DOI",
        ):
            assert after.get(key) == before.get(key), key
        assert after.get("page") == (before.get("page") or "").replace("–", "-") or "page" not in before


def test_names_and_tags_kept_from_an_import_are_written_back() -> None:
    assert (
        format_name({"family": "Berg", "non-dropping-particle": "van der", "given": "Jan", "suffix": "Jr."})
        == "van der Berg, Jan, Jr."
    )
    assert format_name({"literal": "Coastal Group"}) == "Coastal Group"
    (record,) = parse_text("TY  - CONF\nTI  - A talk\nAU  - Li, Bo\nC8  - kept\nER  - \n")
    text = dumps([record])
    assert text.startswith("TY  - CONF\n") and "C8  - kept\n" in text
