"""A long bibliography in a harvest: read in pieces by the driver, memory flat, the
outputs those of reading it whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citekit import engines
from citekit.batch import run_harvest
from citekit.engines import local
from tests.conftest import FIXTURES


def _bibliography(count: int) -> str:
    return "".join(
        f"@article{{k{i}, author = {{Roe, Ann}}, title = {{Harvested work {i}}}, journal = {{J}}, year = {{2001}}}}\n"
        for i in range(count)
    )


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_long_bibliography_is_read_in_pieces_between_other_inputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    big = tmp_path / "big.bib"
    big.write_text(_bibliography(1203))
    small = tmp_path / "small.bib"
    small.write_text(_bibliography(2).replace("Harvested", "Small"))
    page, again = str(FIXTURES / "cli" / "page.html"), tmp_path / "again.html"
    again.write_bytes((FIXTURES / "cli" / "page.html").read_bytes())  # the same work: merged
    inputs = [page, str(big), str(small), str(again)]
    whole = run_harvest(inputs, tmp_path / "whole", jobs=jobs)

    monkeypatch.setattr(engines, "LONG_BYTES", 10_000)  # big.bib is long, small.bib is not
    pieces: list[tuple[int, bool]] = []
    real = local.process_pieces

    def spy(item: str, **kwargs: object) -> object:
        for outcome in real(item, **kwargs):  # type: ignore[arg-type]
            pieces.append((outcome.piece, outcome.more))
            yield outcome

    monkeypatch.setattr(local, "process_pieces", spy)
    split = run_harvest(inputs, tmp_path / "split", jobs=jobs)

    if jobs > 1:  # one process reads the long one, in pieces, while the workers take the rest
        assert pieces == [(0, True), (1, True), (2, False)]
    assert (split.inputs, split.ok, split.failed, split.works) == (whole.inputs, whole.ok, whole.failed, whole.works)
    assert split.works == 1203 + 2 + 1 and split.duplicates == 1
    for name in ("records.json", "records.bib", "records.ris", "citations.csv"):
        assert (tmp_path / "split" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes(), name
    report = json.loads((tmp_path / "split" / "report.json").read_text())
    assert [(e["input"], e["status"], len(e["records"])) for e in report] == [
        (page, "ok", 1),
        (str(big), "ok", 1203),
        (str(small), "ok", 2),
        (str(again), "ok", 1),
    ]
