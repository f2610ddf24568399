#!/usr/bin/env python
"""``citekit format`` against pandoc's citeproc, with the same CSL files, record by record.

    python scripts/eval_format.py [DATA] [--style apa --style vancouver] [--show N] [--only NAME] [--pandoc PATH]

DATA defaults to ``../shared/data`` (relative to the repository root). The records of every
``.bib``, ``.ris`` and ``.json`` file under ``DATA/bib-ris`` are exported as CSL-JSON by
citekit; each style's ``.csl`` file (the one ``citekit format --style`` uses) formats them
twice: by citekit (citeproc-py and citekit's corrections) and by ``pandoc --citeproc
--csl`` over the exported file, ``nocite: '@*'``. Entries are paired by citation key and
compared as plain text, without a leading citation number (the two may number a
sequence style differently). Printed per style: exact matches (%) and the mean
similarity (difflib ratio); ``--show N`` prints N differing pairs.

pandoc is a reference, not the truth: where the two differ the report shows both. pandoc
2.17 (Debian 12) prints Vancouver names unabbreviated and in the wrong order with the
nlm-citation-sequence style; ``--pandoc`` runs another build (pandoc 3.x ships in the
pypandoc-binary wheel).
"""

from __future__ import annotations

import argparse
import difflib
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval_clients import bibliographies  # noqa: E402  (scripts/, beside this one)

from citekit.errors import CitekitError  # noqa: E402
from citekit.exporters import csljson  # noqa: E402
from citekit.exporters.csl import format_entries, style_path  # noqa: E402

_LABEL = re.compile(r"^\s*(?:\[\d+\]|\d+\.)\s*")


def _plain(entry: str) -> str:
    """An HTML entry (pandoc's) as plain text."""
    return _text(html.unescape(re.sub(r"<[^>]+>", "", entry)))


def _text(entry: str) -> str:
    """A plain-text entry (citekit's), spaces collapsed and the citation number dropped. Not
    read as HTML: a ``<`` in it is data (a SICI DOI such as ``...19:4<377::AID-JCC1>3.0.CO;2-P``)."""
    return _LABEL.sub("", " ".join(entry.split()))


PANDOC = ["pandoc"]


def pandoc_entries(items: list[dict[str, Any]], csl: Path, work: Path) -> dict[str, str]:
    """Key -> pandoc's entry (plain text) for the exported items."""
    (work / "refs.json").write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    (work / "doc.md").write_text("---\nnocite: '@*'\n---\n\n", encoding="utf-8")
    command = [
        *PANDOC,
        "--citeproc",
        "--csl",
        str(csl),
        "--bibliography",
        "refs.json",
        "-t",
        "html",
        "--wrap=none",
        "doc.md",
    ]
    result = subprocess.run(command, cwd=work, capture_output=True, text=True, timeout=300, check=False)
    entries: dict[str, str] = {}
    # \s+: pandoc wraps a long id onto the next line ("<div\nid=...") unless told not to
    entry = re.compile(r'<div\s+id="ref-([^"]+)"[^>]*>(.*?)</div>\s*(?=<div\s+id="ref-|</div>)', re.S)
    for match in entry.finditer(result.stdout):
        entries[html.unescape(match.group(1))] = _plain(match.group(2))
    return entries


def citekit_entries(items: list[dict[str, Any]], style: str) -> dict[str, str]:
    """Key -> citekit's entry (plain text)."""
    try:
        formatted = format_entries(items, style, "en-US", "text")
    except CitekitError as exc:
        print(f"citekit could not format: {exc}", file=sys.stderr)
        return {}
    return {str(items[i]["id"]): _text(entry) for i, entry in formatted}


def evaluate(data: Path, styles: Sequence[str], show: int, only: str | None) -> dict[str, tuple[int, int, float]]:
    exports = bibliographies(data, only)
    results: dict[str, tuple[int, int, float]] = {}
    for style in styles:
        csl = style_path(style)
        total = exact = 0
        similarity = 0.0
        shown = 0
        for name, records in exports:
            items = json.loads(csljson.dumps(records))
            with tempfile.TemporaryDirectory() as scratch:
                theirs = pandoc_entries(items, csl, Path(scratch))
            mine = citekit_entries(items, style)
            for key, expected in theirs.items():
                got = mine.get(key, "")
                total += 1
                ratio = difflib.SequenceMatcher(None, got, expected, autojunk=False).ratio()
                similarity += ratio
                if got == expected:
                    exact += 1
                elif shown < show:
                    shown += 1
                    print(f"[{style}] {name} {key}\n  citekit: {got}\n  pandoc:  {expected}")
        results[style] = (exact, total, similarity / total if total else 0.0)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--style", action="append", help="a style name or alias (default: apa and vancouver)")
    parser.add_argument("--show", type=int, default=0, help="print up to N differing entries")
    parser.add_argument("--only", help="only files whose path contains this")
    parser.add_argument("--pandoc", default="pandoc", help="the pandoc to run (e.g. a newer one than the system's)")
    args = parser.parse_args()
    PANDOC[0] = args.pandoc
    if shutil.which(args.pandoc) is None:
        sys.exit("pandoc not installed: nothing to compare with (apt-get install pandoc)")
    results = evaluate(args.data, args.style or ["apa", "vancouver"], args.show, args.only)
    for style, (exact, total, similarity) in results.items():
        share = 100 * exact / total if total else 0.0
        print(f"{style}: exact match {exact}/{total} ({share:.1f} %), mean similarity {similarity:.3f}")


if __name__ == "__main__":
    main()
