"""CSL-JSON import: arrays, single items, JSON Lines; repaired to the schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citekit.errors import ParseError
from citekit.parsers.csljson import parse, parse_text
from citekit.source import Source
from tests.conftest import FIXTURES, assert_golden

CASES = sorted(p for p in (FIXTURES / "csljson").glob("*.json") if not p.name.endswith(".expected.json"))


def _source(path: Path) -> Source:
    return Source(path.read_text(encoding="utf-8"), "application/vnd.citationstyles.csl+json", path.name)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden(path: Path) -> None:
    assert_golden(path, parse(_source(path)))


def test_repairs_and_keeps_what_the_schema_refuses() -> None:
    first, second = parse(_source(FIXTURES / "csljson" / "array.json"))
    assert first["container-title"] == "Aeolian Research Notes"
    assert first["volume"] == "41" and first["page"] == "100-112"
    assert first["DOI"] == "10.5555/arn.2020.100"
    assert first["issued"] == {"date-parts": [[2020, 6]]}
    assert first["custom"]["csljson"] == {"reference-count": 31, "link": [{"URL": "https://example.org/arn/100.pdf"}]}
    assert first["custom"]["warnings"] == [
        "item 3: a JSON str, not a CSL-JSON object; skipped",
        "item 4: no CSL-JSON variables (type, title, author ...); skipped",
    ]
    assert second["issued"] == {"date-parts": [[2019, 3, 2]]} and second["id"] == "ng-2019-sand"


def test_json_lines_report_the_bad_line() -> None:
    records = parse(_source(FIXTURES / "csljson" / "lines.json"))
    assert [r["id"] for r in records] == ["a1", "a2"]
    assert records[0]["custom"]["warnings"][0].startswith("line 3: not JSON")


def test_wrappers_and_errors() -> None:
    (record,) = parse_text(json.dumps({"items": [{"type": "book", "title": "T"}]}))
    assert record["title"] == "T"
    with pytest.raises(ParseError, match="not JSON"):
        parse_text("{oops")
    with pytest.raises(ParseError, match="no CSL-JSON items"):
        parse_text("[1, 2]")


def test_json_lines_round_trip_keeps_unicode_line_separators() -> None:
    from citekit.exporters.csljson import dumps_lines

    items = [
        {"id": "a", "type": "article-journal", "title": "One", "abstract": "First line\u2028second line\x85third"},
        {"id": "b", "type": "book", "title": "Two"},
    ]
    text = dumps_lines(items)
    assert "\u2028" in text  # written unescaped, as JSON allows
    again = parse_text(text)
    assert [r["id"] for r in again] == ["a", "b"] and again[0]["abstract"] == items[0]["abstract"]
