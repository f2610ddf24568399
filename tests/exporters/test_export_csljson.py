"""CSL-JSON and JSON Lines export: schema-valid whatever comes in."""

from __future__ import annotations

import json

from citekit.conform import clean
from citekit.exporters.csljson import dumps, dumps_lines
from citekit.parsers.csljson import parse_text
from citekit.record import validate
from tests.conftest import FIXTURES


def test_round_trip_is_lossless_and_valid() -> None:
    records = json.loads((FIXTURES / "export" / "records.json").read_text(encoding="utf-8"))
    text = dumps(records)
    assert validate(json.loads(text)) == []
    assert parse_text(text) == [dict(r, page=r["page"].replace("–", "-")) if "page" in r else r for r in records]
    lines = dumps_lines(records).splitlines()
    assert len(lines) == len(records) and json.loads(lines[0])["id"] == "10.4172/2376-0249.1000931"


def test_clean_repairs_or_moves_what_the_schema_refuses() -> None:
    item = {
        "type": "article-journal",
        "title": ["A title"],
        "author": [{"family": "Doe", "given": "J", "ORCID": "0000-0001"}, "Plain Name"],
        "issued": "2020-05-01",
        "volume": 12,
        "container-title": ["Journal"],
        "link": [{"URL": "https://example.org"}],
        "license": [{"URL": "https://creativecommons.org/licenses/by/4.0/"}],
        "keyword": ["a", "b"],
    }
    cleaned = clean(item)
    assert validate(cleaned) == []
    assert cleaned["title"] == "A title" and cleaned["volume"] == 12 and cleaned["container-title"] == "Journal"
    assert cleaned["author"] == [{"family": "Doe", "given": "J"}, {"literal": "Plain Name"}]
    assert cleaned["issued"] == {"date-parts": [[2020, 5, 1]]}
    assert cleaned["keyword"] == "a, b"
    assert set(cleaned["custom"]["csljson"]) == {"link", "license"}
    assert cleaned["id"]


def test_language_names_are_written_as_bcp47_tags() -> None:
    records = [
        {"id": "a", "type": "book", "title": "A", "language": "english"},
        {"id": "b", "type": "book", "title": "B", "language": "en-US"},
        {"id": "c", "type": "book", "title": "C", "language": "ngerman"},
    ]
    assert [item.get("language") for item in json.loads(dumps(records))] == ["en", "en-US", "ngerman"]
