"""CSL-YAML (pandoc's bibliography format), both directions."""

from __future__ import annotations

from pathlib import Path

import pytest

from citekit import formats
from citekit.errors import ParseError
from citekit.parsers import parse
from citekit.pipeline import export
from citekit.record import validate
from citekit.source import read

PANDOC = """\
---
# a pandoc bibliography
references:
- id: doe2021
  type: article-journal
  title: "Tidal flats: a survey"
  author:
  - family: Doe
    given: Jane
  - literal: The Estuary Consortium
  container-title: Journal of Tests
  volume: 12
  issue: 3
  page: 5–9
  issued: 2021-05-01
  DOI: 10.5555/yaml.1
- id: roe
  type: book
  title: Über Gezeiten
  issued:
  - year: 1999
    month: 3
  publisher: Verlag
- just a string
...
"""


def _write(tmp_path: Path, text: str, name: str = "refs.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_pandoc_references_block(tmp_path: Path) -> None:
    records = parse(read(_write(tmp_path, PANDOC)))
    first, second = records
    assert first["volume"] == "12" and first["issue"] == "3" and first["page"] == "5-9"
    assert first["issued"] == {"date-parts": [[2021, 5, 1]]}
    assert first["author"] == [{"family": "Doe", "given": "Jane"}, {"literal": "The Estuary Consortium"}]
    assert second["issued"] == {"date-parts": [[1999, 3]]} and second["title"] == "Über Gezeiten"
    assert first["custom"]["warnings"] == ["item 3: a YAML str, not a CSL-YAML object; skipped"]
    assert validate(records) == []


def test_round_trip_through_yaml_keeps_every_field(tmp_path: Path) -> None:
    records = parse(read(_write(tmp_path, PANDOC)))
    again = parse(read(_write(tmp_path, export(records, "cslyaml"), "again.yml")))
    strip = lambda r: {k: v for k, v in r.items() if k != "custom"}  # noqa: E731
    assert [strip(r) for r in again] == [strip(r) for r in records]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (PANDOC, "cslyaml"),
        ("- id: a\n  title: T\n", "cslyaml"),
        ("references:\n  - type: book\n    title: T\n", "cslyaml"),
        ("- a shopping list\n- eggs\n", "text"),
    ],
)
def test_detection_needs_csl_keys(text: str, expected: str) -> None:
    assert formats.detect(text) == expected


def test_broken_yaml_is_one_line_with_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "references:\n- id: a\n  title: [unclosed\n")
    with pytest.raises(ParseError) as caught:
        parse(read(path))
    assert caught.value.describe().startswith(f"{path}") and "YAML" in str(caught.value)
