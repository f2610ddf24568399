from __future__ import annotations

import json
import subprocess
import sys

import pytest

from citekit import record
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("text", "doi"),
    [
        ("10.4172/2376-0249.1000931", "10.4172/2376-0249.1000931"),
        ("doi:10.1000/xyz123.", "10.1000/xyz123"),
        ("https://doi.org/10.1016/0006-2952(91)90100-X", "10.1016/0006-2952(91)90100-X"),
        ("(see 10.1000/abc)", "10.1000/abc"),
        ("DOI:10.4172/2376-0249.1000931, p. 3", "10.4172/2376-0249.1000931"),
        ("https://dx.doi.org/10.5555/12345678", "10.5555/12345678"),
        ("no doi here", None),
        ("10.1/short", None),
        (
            "10.1002/(SICI)1097-4636(199712)37:4<457::AID-JBM4>3.0.CO;2-E.",
            "10.1002/(SICI)1097-4636(199712)37:4<457::AID-JBM4>3.0.CO;2-E",
        ),
        ("<https://doi.org/10.1000/xyz>", "10.1000/xyz"),
        ('<a href="x">10.1000/abc</a>', "10.1000/abc"),
        ("10.1000/abc<br>", "10.1000/abc"),
        (None, None),
    ],
)
def test_normalize_doi(text: str | None, doi: str | None) -> None:
    assert record.normalize_doi(text) == doi


def test_make_id_prefers_lowercase_doi() -> None:
    assert record.make_id({"DOI": "10.5555/ABC.Def"}) == "10.5555/abc.def"


def test_make_id_from_author_year_title() -> None:
    item = {
        "author": [{"family": "El Aoufir", "given": "Omar"}],
        "issued": {"date-parts": [[2024]]},
        "title": "The Ünusual case",
    }
    assert record.make_id(item) == "el-aoufir-2024-unusual"


def test_slug_writes_out_letters_without_accent_decomposition() -> None:
    assert record.slug("Ærø Straße Łódź Þórr") == "aero-strasse-lodz-thorr"
    assert record.make_id({"author": [{"family": "Ødegård"}], "title": "Æsthetics"}) == "odegard-nd-aesthetics"
    assert record.slug("Щукин Юрьев: Теория графов") == "shchukin-yurev-teoriya-grafov"


def test_make_id_without_anything_is_still_ascii() -> None:
    assert record.make_id({}) == "anon-nd-untitled"


def test_normalize_fixes_shapes_and_sets_id_and_type() -> None:
    out = record.normalize(
        {
            "title": "  A   title\n",
            "container-title": ["Journal", "J."],
            "volume": 12,
            "DOI": "https://doi.org/10.5555/X1",
            "page": "",
            "type": "nonsense",
        }
    )
    assert out == {
        "title": "A title",
        "container-title": "Journal",
        "volume": "12",
        "DOI": "10.5555/X1",
        "type": "article-journal",
        "id": "10.5555/x1",
    }


def test_normalize_keeps_abstract_layout() -> None:
    assert record.normalize({"abstract": " one\n\ntwo "})["abstract"] == "one\n\ntwo"


def test_merge_fills_gaps_and_records_provenance() -> None:
    a = {"id": "a", "title": "T", "custom": {"dates": {"received": "2020-01-01"}}}
    b = {"id": "b", "title": "Other", "volume": "3", "custom": {"dates": {"accepted": "2020-02-01"}, "authors": [{}]}}
    merged = record.merge(a, b, source="crossref")
    assert merged["title"] == "T" and merged["volume"] == "3" and merged["id"] == "a"
    assert merged["custom"]["source"] == {"volume": "crossref"}
    assert merged["custom"]["dates"] == {"received": "2020-01-01"}
    assert merged["custom"]["authors"] == [{}]
    assert a == {"id": "a", "title": "T", "custom": {"dates": {"received": "2020-01-01"}}}


def test_validate_accepts_a_good_record_and_names_problems() -> None:
    good = record.normalize(
        {
            "title": "T",
            "author": [{"family": "F", "given": "G"}],
            "issued": {"date-parts": [[2024, 1, 15]]},
            "custom": {"x": 1},
        }
    )
    assert record.validate(good) == []
    problems = record.validate({"id": "x", "type": "article", "titel": "typo", "author": [{"famly": "F"}]})
    assert any("titel" in p for p in problems)
    assert any(p.startswith("0/author/0") for p in problems)


def test_schema_file_is_built_from_the_variable_tables() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_schema.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "license" in json.loads((ROOT / "citekit" / "data" / "csl-data.json").read_text())["items"]["properties"]


def test_date_parts_and_year_of() -> None:
    assert record.date_parts("2024", "1", None) == {"date-parts": [[2024, 1]]}
    assert record.date_parts(None) is None
    assert record.year_of({"issued": {"date-parts": [["2019"]]}}) == 2019
    assert record.year_of({"issued": {"literal": "n.d."}}) is None
