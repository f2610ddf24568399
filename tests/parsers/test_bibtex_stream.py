"""BibTeX read in pieces: the same records as one read, macros carried across pieces,
no cut inside an entry, and the command line writing pieces as they come."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from citekit.cli import cli
from citekit.exporters.bibtex import dumps as bibtex_dumps
from citekit.exporters.csljson import dumps as csljson_dumps
from citekit.exporters.ris import dumps as ris_dumps
from citekit.parsers.bibtex import parse_text
from citekit.parsers.bibtex_stream import iter_chunks, pieces


def _plain(records: list[dict[str, object]]) -> list[dict[str, object]]:
    """The records without their warnings (one read gathers them on the first record,
    pieces on the first record of each piece)."""
    for record in records:
        custom = record.get("custom")
        if isinstance(custom, dict):
            custom.pop("warnings", None)
    return records


def _library(n: int) -> str:
    head = '@string{jbc = "Journal of Invented Chemistry"}\n'
    entries = [
        f"@article{{k{i}, title = {{Work {i}}}, author = {{Roe, Ann and Doe, Bo}}, journal = jbc,"
        f" year = {1990 + i % 30},\n  abstract = {{First line\n@ not an entry, {{but}} text}}}}\n"
        for i in range(n)
    ]
    entries.insert(700, "@article{broken, title = {B}, , year = 2000}\n")
    return head + "".join(entries)


def test_pieces_cover_the_text_and_never_cut_inside_an_entry() -> None:
    text = _library(1200)
    parts = list(pieces(text, size=100))
    assert "".join(piece for _, piece in parts) == text and len(parts) > 10
    for lines, piece in parts:
        assert piece.lstrip().startswith("@") and lines == text[: text.index(piece)].count("\n")


def test_read_in_pieces_gives_the_records_and_lines_of_one_read() -> None:
    text = _library(1200)
    chunks = list(iter_chunks(text))
    assert len(chunks) >= 3
    records = [r for chunk, _ in chunks for r in chunk]
    assert _plain(records) == _plain(parse_text(text))
    assert len(records) == 1201 and records[-1]["container-title"] == "Journal of Invented Chemistry"
    problems = [str(p) for _, found in chunks for p in found]
    broken_line = text[: text.index("@article{broken")].count("\n") + 1
    assert problems == [f"line {broken_line}: empty field (a stray comma) in entry 'broken' ignored"]


def test_a_file_with_crossrefs_is_read_in_pieces_as_one_read_would() -> None:
    parents = (
        '@proceedings{proc, title = {Proceedings of P}, publisher = pub, year = 2001, crossref = {series}}\n'
        "@book{series, ids = {seriesalias}, series = {Lecture Notes}, address = {Berlin}}\n"
        '@xdata{shared, publisher = {Shared Press}}\n'
    )
    children = (
        "@inproceedings{early%s, crossref = {proc}, title = {Early}, author = {Doe, Jane}}\n"
        '@inbook{aliased%s, crossref = "seriesalias", title = {Aliased}}\n'
        "@book{pooled%s, xdata = {shared, nothere}, title = {Pooled}}\n"
        "@inproceedings{orphan%s, crossref = {missing}, title = {Orphan}}\n"
    )
    text = '@string{pub = "Pub House"}\n' + children % (("",) * 4) + _library(600) + children % (("2",) * 4) + parents
    assert len(list(pieces(text, size=100))) > 3
    chunks = list(iter_chunks(text, size=100))
    records = [r for chunk, _ in chunks for r in chunk]
    (whole, whole_problems) = next(iter_chunks(text, size=len(text)))  # one piece: every parent at hand
    assert _plain(records) == _plain(whole)
    assert sorted(str(p) for _, found in chunks for p in found) == sorted(str(p) for p in whole_problems)
    early = next(r for r in records if r.get("citation-key") == "early")
    assert early["container-title"] == "Proceedings of P" and early["publisher"] == "Pub House"
    assert early["collection-title"] == "Lecture Notes" and early["publisher-place"] == "Berlin"  # two links up
    assert next(r for r in records if r.get("citation-key") == "pooled")["publisher"] == "Shared Press"
    assert next(r for r in records if r.get("citation-key") == "aliased")["publisher-place"] == "Berlin"


def test_parse_and_export_write_pieces_as_the_whole_list_would(tmp_path: Path) -> None:
    path = tmp_path / "big.bib"
    path.write_text(_library(1200))
    parsed = CliRunner().invoke(cli, ["parse", str(path)]).stdout
    one_read = parse_text(path.read_text())
    for record in one_read:
        # an input outside the working directory is named by its file name alone
        record.setdefault("custom", {}).update(origin=path.name, format="bibtex")
    assert _plain(json.loads(parsed)) == _plain(json.loads(csljson_dumps(one_read)))
    expected = json.loads(parsed)  # with the warnings where the pieces put them
    for to, dumps in (("ris", ris_dumps), ("bibtex", bibtex_dumps), ("csljson", csljson_dumps)):
        out = tmp_path / f"out.{to}"
        result = CliRunner().invoke(cli, ["export", str(path), "--to", to, "-o", str(out)])
        assert result.exit_code == 0, result.stderr
        assert out.read_text() == dumps(expected), to
