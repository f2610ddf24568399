"""Batch harvesting into a directory: records, citation graph and a per-input report."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .dedupe import Deduplicator
from .pipeline import Outcome, Resolver, harvest, export
from .write import atomic_write

__all__ = ["OUTPUTS", "Summary", "run_harvest"]

# Output file → exporter name, in the order they are written.
OUTPUTS: dict[str, str] = {
    "records.json": "csljson",
    "records.bib": "bibtex",
    "records.ris": "ris",
    "citations.csv": "citations-csv",
    "citations.graphml": "graphml",
}


@dataclass
class Summary:
    """Counts of a finished harvest, for the final lines on stderr."""

    outdir: str
    inputs: int = 0
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    records: int = 0
    duplicates: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The closing lines: what was skipped, then one summary line."""
        rate = self.inputs / self.seconds if self.seconds > 0 else 0.0
        head = (
            f"citekit: harvested {self.inputs} inputs ({self.ok} ok, {self.failed} failed"
            + (f", {self.skipped} already done" if self.skipped else "")
            + f") into {self.records} records ({self.duplicates} duplicates merged) in {self.seconds:.1f}s, {rate:.0f} inputs/s → {self.outdir}"
        )
        return [f"citekit: {note}" for note in self.notes] + [head]


def run_harvest(
    inputs: Iterable[str],
    outdir: str | Path,
    *,
    resolver: Resolver | None = None,
    jobs: int = 1,
    resume: bool = False,
    db_path: str | Path | None = None,
    progress: bool = False,
    timeout: float = 30.0,
    on_error: Callable[[Outcome], None] | None = None,
) -> Summary:
    """Harvest ``inputs`` into ``outdir`` and return the counts.

    :param inputs: single inputs (see :func:`citekit.read.expand`).
    :param outdir: created if missing; every output file is written atomically.
    :param resolver: resolves records and references (an offline resolver marks them).
    :param on_error: called with each failed outcome as it happens.
    :returns: a :class:`Summary`.
    """
    start = time.perf_counter()
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    summary = Summary(outdir=str(out))
    works = Deduplicator()
    report: list[tuple[dict[str, Any], list[int]]] = []
    for outcome in harvest(inputs, resolver=resolver, timeout=timeout):
        summary.inputs += 1
        if outcome.ok:
            summary.ok += 1
        else:
            summary.failed += 1
            if on_error is not None:
                on_error(outcome)
        indexes = [works.add(record, outcome.origin) for record in outcome.records]
        report.append((outcome.report(), indexes))
    records = works.records
    summary.records = len(records)
    summary.duplicates = sum(len(r) for _, r in report) - len(records)
    for name, fmt in OUTPUTS.items():
        atomic_write(out / name, export(records, fmt))
    entries = []
    for entry, indexes in report:
        entry["records"] = [works.id_of(i) for i in indexes]
        entries.append(entry)
    atomic_write(out / "report.json", json.dumps(entries, indent=2, ensure_ascii=False) + "\n")
    if resolver is not None:
        from .resolve import summarize

        line = summarize(records)
        if line:
            summary.notes.append(line)
    summary.seconds = time.perf_counter() - start
    return summary
