"""One citation key per record in every format of an export, unique within it."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from citekit.exporters import bibtex, csljson, ris
from citekit.exporters.keys import KeyMaker

RECORDS: list[dict[str, Any]] = [
    # two works by one author in one year: the same generated id
    {"id": "smith-1948-theory", "type": "book", "title": "Theory of games", "issued": {"date-parts": [[1948]]}},
    {"id": "smith-1948-theory", "type": "book", "title": "Theory of sets", "issued": {"date-parts": [[1948]]}},
    # a key from the input is kept, in every format
    {"id": "10.1000/xyz", "citation-key": "Smith2008", "type": "article-journal", "title": "A", "DOI": "10.1000/xyz"},
    # an id a key cannot hold as it is
    {"id": "10.1016/s0140-6736(20)30183-5", "type": "article-journal", "title": "B"},
    # nothing at all
    {"type": "article-journal", "title": "Ohne Namen", "author": [{"family": "Müller", "given": "J"}]},
]


def _keys(records: list[dict[str, Any]]) -> dict[str, list[str]]:
    bib = bibtex.dumps(records)
    biblatex = bibtex.dumps_biblatex(records)
    return {
        "bibtex": re.findall(r"^@\w+\{([^,\n]*),", bib, re.M),
        "biblatex": re.findall(r"^@\w+\{([^,\n]*),", biblatex, re.M),
        "csljson": [item["id"] for item in json.loads(csljson.dumps(records))],
        "jsonl": [json.loads(line)["id"] for line in csljson.dumps_lines(records).splitlines()],
        "cslyaml": [item["id"] for item in yaml.safe_load(csljson.dumps_yaml(records))["references"]],
        "ris": re.findall(r"^ID  - (.*)$", ris.dumps(records), re.M),
    }


def test_every_format_gives_a_record_the_same_unique_key() -> None:
    keys = _keys(RECORDS)
    expected = ["smith-1948-theory", "smith-1948-theorya", "Smith2008", "10.1016/s0140-67362030183-5", "muller-nd-ohne"]
    for name, found in keys.items():
        assert found == expected, name
    assert len(set(expected)) == len(expected)


def test_citation_key_matches_id_in_csljson() -> None:
    (item,) = json.loads(csljson.dumps([RECORDS[2]]))
    assert item["id"] == item["citation-key"] == "Smith2008"


def test_keys_stay_unique_across_chunks_written_with_one_maker() -> None:
    maker = KeyMaker()
    first = json.loads(csljson.dumps(RECORDS[:1], keys=maker))
    second = json.loads(csljson.dumps(RECORDS[1:2], keys=maker))
    assert [first[0]["id"], second[0]["id"]] == ["smith-1948-theory", "smith-1948-theorya"]
