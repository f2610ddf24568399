"""BibTeX/BibLaTeX import: golden pairs, plus the behaviours users rely on."""

from __future__ import annotations

from pathlib import Path

import pytest

from citekit.errors import ParseError
from citekit.parsers.bibtex import parse, parse_text
from citekit.source import Source
from tests.conftest import FIXTURES, assert_golden

CASES = sorted((FIXTURES / "bibtex").glob("*.bib"))


def _source(path: Path) -> Source:
    return Source(path.read_text(encoding="utf-8"), "application/x-bibtex", path.name)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden(path: Path) -> None:
    assert_golden(path, parse(_source(path)))


def test_macros_names_latex_and_dates() -> None:
    first, second, third = parse(_source(FIXTURES / "bibtex" / "journal_articles.bib"))
    assert first["container-title"] == "Journal of Estuarine Geomorphology"  # @string macro
    assert first["title"] == "Tidal patterns of estuarine DNA in Portugal: a β-diversity study"
    assert first["author"] == [
        {"family": "Pereira", "given": "Ana"},
        {"family": "van der Berg", "given": "Jan"},
        {"family": "Nuñez", "given": "Carlos", "suffix": "Jr."},
        {"literal": "Coastal Monitoring Group"},
    ]
    assert first["issued"] == {"date-parts": [[2021, 3]]}
    assert first["page"] == "301-315" and first["issue"] == "3"
    assert first["abstract"] == "First paragraph with 50% of the samples.\n\nSecond paragraph."
    assert first["custom"]["bibtex"]["file"] == ":pereira2021.pdf:PDF"  # unknown field kept
    assert first["citation-key"] == "pereira2021tidal"
    assert second["container-title"] == "Proceedings of the Fourth Workshop on Harbours"  # concatenation
    assert second["author"][0] == {"family": "Müller", "given": "Jörg"}
    assert second["author"][1] == {"family": "Dupont", "given": "François"}
    assert second["author"][2] == {"family": "Dupont", "given": "Renée"}
    assert second["custom"]["bibtex"]["@others"] == "author"
    assert second["title"] == "Æsthetic measures of Łódź harbour — a case study"
    assert second["custom"]["identifiers"] == {"arXiv": "1901.01234"}
    assert second["type"] == "paper-conference" and second["publisher-place"] == "Gdańsk"
    assert third["type"] == "thesis" and third["genre"] == "PhD thesis" and third["publisher"] == "University of Lagos"
    assert third["title"] == "Sediment transport under “mixed” forcing"
    assert third["issued"] == {"date-parts": [[2018, 9]]}


def test_crossref_and_biblatex_fields() -> None:
    collection, chapter, online, report = parse(_source(FIXTURES / "bibtex" / "crossref_and_biblatex.bib"))
    assert collection["title"] == "Harbours of the North: Essays on Coastal Engineering"
    assert collection["issued"] == {"date-parts": [[2020, 5]]}
    assert chapter["type"] == "chapter"
    assert chapter["container-title"] == "Harbours of the North: Essays on Coastal Engineering"
    assert chapter["editor"][0]["family"] == "Lindqvist" and chapter["publisher"] == "Nordic Academic"
    assert chapter["page"] == "45-67" and chapter["ISBN"] == "978-0-00-000000-2"
    assert online["type"] == "webpage" and online["author"] == [{"literal": "Norwegian Coastal Administration"}]
    assert online["accessed"] == {"date-parts": [[2022, 11, 3]]}
    assert report["type"] == "report" and report["number"] == "CI-17-4" and report["publisher"] == "Coastal Institute"
    assert "genre" not in report


def test_malformed_entries_are_reported_with_their_line_and_skipped() -> None:
    records = parse(_source(FIXTURES / "bibtex" / "malformed.bib"))
    assert [r["citation-key"] for r in records] == ["good1", "good2", "good3"]
    warnings = records[0]["custom"]["warnings"]
    assert warnings[0].startswith("line 8: skipped malformed entry")
    assert any(w.startswith("line 13: repeated field year") for w in warnings)
    assert any(w.startswith("line 21: skipped malformed entry") for w in warnings)
    assert any(w.startswith("line 23: undefined string macro 'undefinedjournal'") for w in warnings)
    assert records[1]["issued"] == {"date-parts": [[2015]]}  # first value kept, as BibTeX does
    assert "warnings" not in records[1].get("custom", {})


def test_entry_without_a_key_is_recovered() -> None:
    (record,) = parse(_source(FIXTURES / "bibtex" / "keyless_endnote.bib"))
    assert record["title"] == "Salt marsh accretion rates" and record["page"] == "120-33"
    assert "citation-key" not in record
    assert record["custom"]["warnings"] == ["line 2: entry without a citation key (kept)"]


def test_nothing_readable_raises_with_the_line() -> None:
    with pytest.raises(ParseError) as caught:
        parse_text("% nothing\n\n@article{x title = {y}}\n", origin="broken.bib")
    assert caught.value.line == 3 and caught.value.origin == "broken.bib"
    with pytest.raises(ParseError, match="no BibTeX entries"):
        parse_text("% only a comment\n")


def test_crossref_cycle_and_missing_parent_are_reported() -> None:
    text = (
        "@inbook{a, title={A}, crossref={b}}\n@book{b, title={B}, crossref={a}}\n"
        "@inbook{c, title={C}, crossref={nowhere}}\n"
    )
    records = parse_text(text)
    warnings = records[0]["custom"]["warnings"]
    assert any("crossref cycle" in w for w in warnings)
    assert "line 3: crossref to unknown entry 'nowhere'" in warnings
    assert records[0]["container-title"] == "B"


def test_years_that_are_not_numbers() -> None:
    (press, literal) = parse_text("@article{a, title={A}, year={in press}}\n@article{b, title={B}, year={circa MCM}}\n")
    assert press["status"] == "in press" and "issued" not in press
    assert literal["issued"] == {"literal": "circa MCM"}


def test_xdata_fields_are_inherited_and_xdata_entries_are_not_works() -> None:
    text = (
        "@xdata{pub, publisher = {Harbour Press}, location = {Porto}}\n"
        "@book{b1, title = {Tides}, author = {Silva, Rui}, year = {2003}, xdata = {pub}}\n"
        "@book{b2, title = {Waves}, xdata = {pub, missing}}\n"
    )
    first, second = parse_text(text)
    assert first["publisher"] == "Harbour Press" and first["publisher-place"] == "Porto"
    assert second["publisher"] == "Harbour Press"
    assert first["custom"]["warnings"] == ["line 3: xdata to unknown entry 'missing'"]


def test_names_written_family_then_initials() -> None:
    names = "Boujida N and Laamrani FZ and Donald E. Knuth and {World Health Organization}"
    (record,) = parse_text(f"@article{{a, author = {{{names}}}, title = {{T}}}}\n")
    assert record["author"] == [
        {"family": "Boujida", "given": "N"},
        {"family": "Laamrani", "given": "F. Z."},  # initials spaced, as styles initialise them
        {"family": "Knuth", "given": "Donald E."},
        {"literal": "World Health Organization"},
    ]


def test_fjournal_is_the_journal_and_journal_its_abbreviation() -> None:
    text = "@article{MR1, JOURNAL = {Adv. Math.}, FJOURNAL = {Advances in Mathematics}, TITLE = {T}, YEAR = 2013}"
    (record,) = parse_text(text)
    assert record["container-title"] == "Advances in Mathematics"
    assert record["container-title-short"] == "Adv. Math."


def test_copyright_is_the_license_and_is_written_back() -> None:
    from citekit.exporters.bibtex import dumps

    (record,) = parse_text("@article{a, title = {T}, copyright = {the authors}, year = 2020}")
    assert record["license"] == "the authors"
    assert "copyright = {the authors}" in dumps([record])


def test_the_location_of_a_paper_with_an_address_is_the_conference_place() -> None:
    text = "@inproceedings{a, title = {T}, location = {San Jose, USA}, address = {New York, NY, USA}, year = 2007}"
    (record,) = parse_text(text)
    assert record["event-place"] == "San Jose, USA" and record["publisher-place"] == "New York, NY, USA"


def test_an_accent_over_nothing_is_the_accent_itself() -> None:
    (record,) = parse_text(r"@misc{a, title = {home\~{}user and x\^{}2 and \v{}}, year = 2001}")
    assert record["title"] == "home~user and x^2 and \u02c7"


@pytest.mark.parametrize("zbl_field", ["zmnumber", "zblnumber", "zbl"])
def test_catalogue_numbers_are_identifiers_and_are_written_back(zbl_field: str) -> None:
    from citekit.exporters.bibtex import dumps

    text = (
        "@article{k, author={Doe, Jane}, title={Sums}, journal={J. Math.}, year={2001},"
        f" mrnumber={{MR1234567}}, {zbl_field}={{0987.65432}}, lccn={{2001012345}}}}"
    )
    (record,) = parse_text(text)
    assert record["custom"]["identifiers"] == {"MR": "MR1234567", "Zbl": "0987.65432", "LCCN": "2001012345"}
    assert set(record["custom"]["bibtex"]) == {"@type"}  # not kept twice
    written = dumps([record])
    assert "mrnumber = {MR1234567}" in written and "zmnumber = {0987.65432}" in written
    assert "lccn = {2001012345}" in written
    (again,) = parse_text(written)
    assert again["custom"]["identifiers"] == record["custom"]["identifiers"]


@pytest.mark.parametrize(
    ("names", "given"),
    [
        ("KC Wright", "K. C."),
        ("Wright, K.C.", "K. C."),
        ("Wright, JRR", "J. R. R."),
        ("Wright, Ann", "Ann"),
        ("WRIGHT, JO", "JO"),  # a name in capitals, not initials
        ("Wright, J.-P.", "J.-P."),
    ],
)
def test_run_together_initials_are_spaced(names: str, given: str) -> None:
    (record,) = parse_text(f"@article{{a, author = {{{names}}}, title = {{T}}}}\n")
    assert record["author"][0]["given"] == given


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ("American Rights at Work", [{"literal": "American Rights at Work"}]),
        (
            "Corporation for Digital Scholarship and Ann Roe",
            [{"literal": "Corporation for Digital Scholarship"}, {"family": "Roe", "given": "Ann"}],
        ),
        ("Ludwig van Beethoven", [{"family": "van Beethoven", "given": "Ludwig"}]),
        ("Jean de la Fontaine", [{"family": "de la Fontaine", "given": "Jean"}]),
        ("Roe, Ann of", [{"family": "Roe", "given": "Ann of"}]),
    ],
)
def test_an_organisation_without_braces_is_one_name(names: str, expected: list[dict[str, str]]) -> None:
    """BibTeX's grammar would read "American Rights at Work" as given "American Rights",
    family "at Work"; a joining word no particle is between capitalised words says it is
    an organisation."""
    (record,) = parse_text(f"@article{{a, author = {{{names}}}, title = {{T}}}}\n")
    assert record["author"] == expected
