"""Rendering harvest outputs from the library: streamed in chunks, yet byte for byte what
the exporters write for the whole list at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from citekit import render
from citekit.library import Library
from citekit.pipeline import Outcome, export
from citekit.record import normalize


def _records() -> list[dict[str, object]]:
    records = []
    for i in range(7):
        references = [
            {
                "id": f"r{j}",
                "type": "article-journal",
                "title": f"Cited work {j % 3}",
                "author": [{"family": "Roe", "given": "A"}],
                "issued": {"date-parts": [[2001]]},
            }
            for j in range(3)
        ]
        if i:
            references.append({"id": "prev", "DOI": f"10.5555/render.{i - 1}"})
        records.append(
            normalize(
                {
                    "type": "article-journal",
                    # Same author, year and first word: BibTeX keys need a/b/c across chunks.
                    "title": f"Harvest {'ß' * (i % 2)} number {i}",
                    "abstract": "Kept as written:\u2028a line separator\x85and NEL" if i == 3 else "Plain.",
                    "author": [{"family": "Müller", "given": "Jörg"}],
                    "issued": {"date-parts": [[2020, 1 + i]]},
                    "DOI": f"10.5555/render.{i}",
                    "custom": {"references": references},
                }
            )
        )
    return records


@pytest.mark.parametrize("chunk", [1, 3, 500])
def test_streamed_outputs_equal_whole_list_exports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    monkeypatch.setattr(render, "_CHUNK", chunk)
    with Library(tmp_path / "lib.sqlite") as lib:
        for i, record in enumerate(_records()):
            lib.commit(Outcome(f"page{i}.html", (record,)))
        stored = list(lib.records())
        out = tmp_path / "out"
        render.render_outputs(lib, out)
    expected = {
        "records.json": export(stored, "csljson"),
        "records.bib": export(stored, "bibtex"),
        "records.ris": export(stored, "ris"),
        "citations.csv": export(stored, "citations-csv"),
        "citations.graphml": export(stored, "graphml"),
    }
    for name, text in expected.items():
        assert (out / name).read_text(encoding="utf-8") == text, name
    assert sorted(p.name for p in out.iterdir()) == sorted([*expected, "report.json"])


def test_empty_library_renders_empty_but_valid_files(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite") as lib:
        render.render_outputs(lib, tmp_path / "out")
    assert (tmp_path / "out" / "records.json").read_text() == "[]\n"
    assert (tmp_path / "out" / "citations.csv").read_text().startswith("citing,cited")


def test_leftovers_of_a_killed_render_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / ".records.bib.abc123.tmp").write_text("half")
    (out / ".citekit-graph-xyz.tmp").write_text("half")
    (out / ".notes.txt.tmp").write_text("a user's file")
    with Library(tmp_path / "lib.sqlite") as lib:
        render.render_outputs(lib, out)
    assert [p.name for p in out.glob(".*")] == [".notes.txt.tmp"]
