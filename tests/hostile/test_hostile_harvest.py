"""A harvest never stops for one input: not in the driver's commit, not in rendering,
and a second harvest into the same place is told who holds it."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from citekit.batch import _exclusive, run_harvest
from citekit.cli import cli
from citekit.library import LibraryError
from citekit.pipeline import Outcome
from citekit.render import _add


class OddEngine:
    """Parses nothing: hands the driver records, one of which the library cannot store."""

    def parsed(self, items: Iterable[object], *, timeout: float) -> Iterator[Outcome]:
        for item in items:
            origin = str(item)
            record = {"id": origin, "type": "article", "title": f"Work {origin}"}
            if origin == "odd":
                record["note"] = {1, 2}  # a set: not JSON, so not storable
            yield Outcome(origin, (record,))

    def close(self) -> None:
        pass


def test_a_record_the_library_cannot_store_fails_its_input_only(tmp_path: Path) -> None:
    failed: list[Outcome] = []
    summary = run_harvest(["a", "odd", "b"], tmp_path / "out", engine=OddEngine(), on_error=failed.append)
    assert (summary.ok, summary.failed) == (2, 1)
    assert [o.origin for o in failed] == ["odd"] and "TypeError" in str(failed[0].error)
    records = json.loads((tmp_path / "out" / "records.json").read_text())
    assert sorted(r["title"] for r in records) == ["Work a", "Work b"]


def test_an_output_that_cannot_hold_a_record_leaves_out_only_that_record() -> None:
    written: list[str] = []

    def add(chunk: list[dict[str, str]]) -> None:
        if any(r["id"] == "bad" for r in chunk):
            raise ValueError("cannot")
        written.extend(r["id"] for r in chunk)

    skipped: dict[str, list[str]] = {}
    _add(add, [{"id": "a"}, {"id": "bad"}, {"id": "b"}], "records.bib", skipped)
    assert written == ["a", "b"]
    assert skipped == {"records.bib": ["bad (ValueError: cannot)"]}


def test_a_second_harvest_into_the_same_place_is_told_who_holds_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with _exclusive(out, out / "library.sqlite"):
        with pytest.raises(LibraryError) as caught, _exclusive(out, out / "library.sqlite"):
            pass
        assert caught.value.reason == "locked" and "in use by another citekit harvest (pid " in str(caught.value)
        page = tmp_path / "a.bib"
        page.write_text("@article{k, title={T}, year={2001}}\n")
        result = CliRunner().invoke(cli, ["harvest", "--offline", "-j", "1", str(page), "-o", str(out)])
        assert result.exit_code == 1
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith(f"{out}: in use by another citekit harvest (pid ")
        assert "wait for it to finish, or give another -o or --db" in line
    result = CliRunner().invoke(cli, ["harvest", "--offline", "-j", "1", str(page), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
