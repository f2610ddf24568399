"""BibTeX and BibLaTeX export: golden files, bibtexparser v2 reads them, round trips, the shared field table."""

from __future__ import annotations

import json
from typing import Any

import bibtexparser
import pytest

from citekit.errors import ExportError
from citekit.exporters.bibtex import dumps, dumps_biblatex, entry_fields, format_pages
from citekit.exporters.keys import KeyMaker, base_key
from citekit.formats.bibtex_fields import FIELDS, Model, written_fields
from citekit.parsers.bibtex import parse_text
from citekit.record import validate
from tests.conftest import FIXTURES, assert_golden_text

RECORDS = FIXTURES / "export" / "records.json"


def _records() -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads(RECORDS.read_text(encoding="utf-8"))
    return loaded


@pytest.mark.parametrize(
    ("dump", "name"), [(dumps, "records.expected.bib"), (dumps_biblatex, "records.expected.biblatex.bib")]
)
def test_golden_and_bibtexparser_reads_it(dump: Any, name: str) -> None:
    text = dump(_records())
    assert_golden_text(text, FIXTURES / "export" / name)
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    # each record's key is its CSL id (the DOI, else family-year-word)
    assert [e.key for e in library.entries] == [r["id"] for r in _records()]


def test_bibtex_is_ascii_latex_and_biblatex_keeps_utf8() -> None:
    bibtex, biblatex = dumps(_records()), dumps_biblatex(_records())
    assert bibtex.isascii()
    assert 'M{\\"u}ller, J{\\"o}rg' in bibtex and "address = {Gda{\\'n}sk}" in bibtex
    assert "journal = {International Journal of Clinical \\& Medical Images}" in bibtex
    assert "title = {Tidal patterns of estuarine diatoms in {Portugal}: a {DNA} and {mRNA} survey}" in bibtex
    assert "pages = {301--315}" in bibtex and "month = jan," in bibtex
    assert "author = {Pereira, Ana and van der Berg, Jr., Jan and {Coastal Monitoring Group}}" in bibtex
    assert "file = {:tidal.pdf:PDF}" in bibtex  # fields kept from an import are written back
    assert "editor = {Müller, Jörg}" in biblatex and "location = {Gdańsk}" in biblatex
    assert "journaltitle = {" in biblatex and "date = {2024-01-15}" in biblatex
    assert "@thesis{pereira-2021-tidal-2," in biblatex and "type = {mathesis}" in biblatex
    assert "@mastersthesis{pereira-2021-tidal-2," in bibtex


@pytest.mark.parametrize("dump", [dumps, dumps_biblatex])
def test_round_trip_keeps_the_fields(dump: Any) -> None:
    records = _records()
    again = parse_text(dump(records))
    assert validate(again) == []
    assert len(again) == len(records)
    for before, after in zip(records, again, strict=True):
        for key in (
            "title",
            "author",
            "editor",
            "container-title",
            "volume",
            "issue",
            "publisher",
            "publisher-place",
            "abstract",
            "genre",
            "version",
        ):
            assert after.get(key) == before.get(key), key
        assert after.get("page") == (before.get("page") or "").replace("–", "-") or "page" not in before
        assert (after.get("DOI") or "").lower() == (before.get("DOI") or "").lower()
        assert after["issued"] == before["issued"] or dump is dumps  # BibTeX has no day
        assert after["type"] == before["type"]
    assert again[0]["citation-key"] == records[0]["id"] == "10.4172/2376-0249.1000931"
    assert again[3]["custom"]["identifiers"] == {"arXiv": "2205.01234"}


def test_keys_are_stable_unique_and_disambiguated() -> None:
    record = {
        "type": "article-journal",
        "title": "The Ærø effect",
        "author": [{"family": "van der Berg", "given": "J."}],
        "issued": {"date-parts": [[1999]]},
    }
    assert base_key(record) == "berg1999aero"
    maker = KeyMaker()
    # no citation key and no id: the id the record would be given
    assert [maker.key_for(record) for _ in range(3)] == [
        "van-der-1999-aero",
        "van-der-1999-aeroa",
        "van-der-1999-aerob",
    ]
    assert maker.key_for({**record, "id": "berg-1999-aero"}) == "berg-1999-aero"
    assert maker.key_for({"id": "10.1016/s0140-6736(20)30183-5"}) == "10.1016/s0140-67362030183-5"
    assert base_key({"title": "Untitled notes"}) == "untitled"
    assert base_key({}) == "anon"
    assert (
        base_key(
            {
                "author": [{"literal": "World Health Organization"}],
                "issued": {"date-parts": [[2020]]},
                "title": "A report",
            }
        )
        == "world2020report"
    )
    kept = KeyMaker()
    assert kept.key_for({"citation-key": "Smith:2001 x"}) == "Smith:2001x"
    assert kept.key_for({"citation-key": "smith:2001X"}) == "smith:2001Xa"


def test_pages_and_errors() -> None:
    assert format_pages("538-544") == "538--544"
    assert format_pages("538 – 544, 560—562") == "538--544, 560--562"
    assert format_pages("e0815") == "e0815"
    assert dumps([]) == ""
    with pytest.raises(ExportError):
        dumps(["not a record"])  # type: ignore[list-item]


def test_imported_entry_types_and_others_survive() -> None:
    text = "@conference{k1, author = {Doe, Jane and others}, title = {On {RNA}}, booktitle = {Conf}, year = {2001}}\n"
    (record,) = parse_text(text)
    out = dumps([record])
    assert out.startswith("@conference{k1,") and "author = {Doe, Jane and others}" in out
    assert "title = {On {RNA}}" in out


def test_non_english_titles_are_protected_whole() -> None:
    record = {
        "type": "article-journal",
        "title": "Die Rückkehr der Religionen",
        "language": "de",
        "author": [{"family": "Graf", "given": "F."}],
    }
    text = dumps([record])
    assert 'title = {{Die R{\\"u}ckkehr der Religionen}}' in text
    assert parse_text(text)[0]["title"] == "Die Rückkehr der Religionen"
    assert "title = {Tidal {DNA}}" in dumps([{"type": "article-journal", "title": "Tidal DNA", "language": "en-GB"}])


_PIECES = [
    "Tidal",
    "DNA",
    "mRNA",
    "Ærø",
    "Łódź",
    "naïve",
    "50%",
    "R&D",
    "C_6",
    "{x}",
    "~",
    "^",
    "\\",
    "#1",
    "$5",
    "--",
    "it''s",
    "α-helix",
    "H₂O",
    "“q”",
    "‘s’",
    "–",
    "—",
    "Portugal",
    "of",
    "the",
    "a",
    "São",
    "Straße",
    "日本語",
]
_FAMILIES = [
    "Boujida",
    "El Aoufir",
    "van der Berg",
    "de la Cruz",
    "Nuñez",
    "O'Brien",
    "Łukasiewicz",
    "Smith-Jones",
    "d'Alembert",
    "Müller",
]


def test_random_records_survive_bibtex_and_biblatex() -> None:
    import random

    rng = random.Random(11)
    for dump in (dumps, dumps_biblatex):
        records = []
        for i in range(200):
            authors: list[dict[str, str]] = []
            for _ in range(rng.randint(0, 4)):
                name = {"family": rng.choice(_FAMILIES)}
                if rng.random() < 0.8:
                    name["given"] = rng.choice(["Nadia", "J. R.", "Anna-Maria", "Zoë", "Jan"])
                if rng.random() < 0.1:
                    name["suffix"] = "Jr."
                authors.append(name)
            if rng.random() < 0.2:
                authors.append({"literal": "Coastal Group, Inc. and Partners"})
            record: dict[str, Any] = {
                "id": f"r{i}",
                "type": rng.choice(
                    ["article-journal", "chapter", "book", "paper-conference", "report", "thesis", "dataset", "webpage"]
                ),
                "title": " ".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 9))),
                "container-title": " ".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 4))),
                "issued": {"date-parts": [[rng.randint(1900, 2024), rng.randint(1, 12)]]},
                "volume": str(rng.randint(1, 99)),
                "page": f"{rng.randint(1, 99)}-{rng.randint(100, 999)}",
                "DOI": f"10.5555/x{i}_(y){rng.randint(1, 9)}",
            }
            if authors:
                record["author"] = authors
            records.append({k: v for k, v in record.items() if v})
        again = parse_text(dump(records))
        assert len(again) == len(records)
        for before, after in zip(records, again, strict=True):
            for key in ("title", "volume", "page", "DOI", "type"):
                assert after.get(key) == before.get(key), (key, before.get(key), after.get(key))
            # A family name alone and a literal name are the same thing in BibTeX ({El Aoufir}).
            same = [{"literal": n["family"]} if set(n) == {"family"} else n for n in before.get("author", [])]
            assert [{"literal": n["family"]} if set(n) == {"family"} else n for n in after.get("author", [])] == same
            assert after.get("container-title", "") == before.get("container-title", "") or before["type"] in (
                "book",
                "report",
                "thesis",
            )
            assert after["issued"]["date-parts"][0][0] == before["issued"]["date-parts"][0][0]


# One value per kind of field, as a CSL variable holds it.
_SAMPLES: dict[str, Any] = {
    "text": "Sample text",
    "name": [{"family": "Doe", "given": "Jane"}],
    "date": {"date-parts": [[2020, 5, 17]]},
    "paragraphs": "First paragraph.\n\nSecond paragraph.",
    "publisher": "Sample Press",
}
# Types whose entry types use every field the table names (school, institution, organization ...).
_TYPES = ["article-journal", "book", "chapter", "paper-conference", "thesis", "report", "standard", "webpage"]


@pytest.mark.parametrize(("dump", "model"), [(dumps, "bibtex"), (dumps_biblatex, "biblatex")])
def test_every_written_field_reads_back_as_its_variable(dump: Any, model: Model) -> None:
    for ctype in _TYPES:
        for row in FIELDS:
            if row.write not in ("both", model) or (row.entry_types and row.field not in _fields_for(ctype, model)):
                continue
            if row.variable == "container-title-short" and ctype != "article-journal":
                continue  # a journal's abbreviation: written for articles only
            record = {
                "type": ctype,
                "title": "A title",
                "container-title": "A container",
                row.variable: _SAMPLES[row.kind],
            }
            entry_type, fields = entry_fields(record, biblatex=model == "biblatex")
            assert written_fields(model, entry_type)[row.variable] in dict(fields), (ctype, row)
            (again,) = parse_text(dump([record]))
            assert again.get(row.variable) == _SAMPLES[row.kind], (ctype, row)
            assert row.field not in again["custom"]["bibtex"], (ctype, row)


def _fields_for(ctype: str, model: Model) -> set[str]:
    entry_type, _ = entry_fields({"type": ctype}, biblatex=model == "biblatex")
    return set(written_fields(model, entry_type).values())


def test_every_field_is_read_as_its_variable() -> None:
    for row in FIELDS:
        value = {"name": "Doe, Jane", "date": "2020-05-17"}.get(row.kind, "Sample text")
        (record,) = parse_text(f"@misc{{k, title = {{T}}, {row.field} = {{{value}}}}}\n")
        assert record.get(row.variable), row
        assert row.field not in record["custom"]["bibtex"], row


def test_run_together_initials_are_written_spaced() -> None:
    """BibTeX reads "ME" as one given name (plain.bst: "M. Kosal"); "M. E." as two."""
    record = {"id": "k", "type": "article-journal", "title": "T", "author": [{"family": "Kosal", "given": "ME"}]}
    assert "author = {Kosal, M. E.}" in dumps([record])
