"""Harvest outputs rendered from the library database, each file written atomically."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .library import Library
from .pipeline import export
from .write import atomic_open, atomic_write

__all__ = ["OUTPUTS", "render_outputs", "write_report"]

# Output file → exporter name, in the order they are written.
OUTPUTS: dict[str, str] = {
    "records.json": "csljson",
    "records.bib": "bibtex",
    "records.ris": "ris",
    "citations.csv": "citations-csv",
    "citations.graphml": "graphml",
}


def write_report(entries: Iterable[dict[str, Any]], path: Path) -> None:
    """``report.json``: a JSON array of one entry per input, written entry by entry."""
    with atomic_open(path) as handle:
        handle.write("[")
        for i, entry in enumerate(entries):
            handle.write(("," if i else "") + "\n  " + json.dumps(entry, ensure_ascii=False))
        handle.write("\n]\n")


def render_outputs(library: Library, outdir: Path) -> None:
    """Write every output of :data:`OUTPUTS` and ``report.json`` into ``outdir``."""
    records = list(library.records())
    for name, fmt in OUTPUTS.items():
        atomic_write(outdir / name, export(records, fmt))
    write_report(library.report(), outdir / "report.json")
