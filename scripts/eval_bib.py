#!/usr/bin/env python
"""Import → export → import on every bibliography file in a folder; how much survives.

    python scripts/eval_bib.py [PATH] [--show N] [--quiet]

PATH defaults to ``../shared/data/bib-ris`` (relative to the repository root). Every
``.bib``, ``.bibtex``, ``.ris``, ``.nbib``, ``.json`` and ``.jsonl`` file under it is read with
citekit's importer for its suffix, and:

- files: read, or refused with a one-line error (a traceback would be a bug and is
  counted as a crash);
- entries kept: each imported record (CSL-JSON) is written as BibTeX and read back
  (BibTeX → CSL-JSON → BibTeX → CSL-JSON for .bib inputs); an entry is kept when title,
  authors (family and given names, in order), year, container title, DOI, volume and
  pages are all identical after the round trip (titles with their rich-text markup, ``<i>``,
  ``<sub>`` ..., but through RIS, which has none, as plain text). The same is measured through
  RIS and through CSL-JSON. Target: ≥ 98% through BibTeX;
- titles with LaTeX markup: imported titles still holding a command, a brace or a
  ``$`` (target ≤ 2%);
- the other ecosystems' readers: every BibTeX export parsed by bibtexparser v2 (no
  failed blocks, one entry per record) and every RIS export by rispy (one entry per
  record).

``--show N`` prints up to N examples of lost fields and of titles left with markup.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citekit.errors import CitekitError  # noqa: E402
from citekit.exporters import bibtex as bibtex_out  # noqa: E402
from citekit.exporters import csljson as csljson_out  # noqa: E402
from citekit.exporters import ris as ris_out  # noqa: E402
from citekit.formats.latex import has_markup  # noqa: E402
from citekit.formats.richtext import plain  # noqa: E402
from citekit.parsers import bibtex as bibtex_in  # noqa: E402
from citekit.parsers import csljson as csljson_in  # noqa: E402
from citekit.parsers import ris as ris_in  # noqa: E402
from citekit.record import normalize_doi, year_of  # noqa: E402
from citekit.source import read  # noqa: E402

FIELDS = ("title", "authors", "year", "container", "DOI", "volume", "pages")
READERS: dict[str, Callable[..., list[dict[str, Any]]]] = {
    ".bib": bibtex_in.parse_text,
    ".bibtex": bibtex_in.parse_text,
    ".ris": ris_in.parse_text,
    ".nbib": ris_in.parse_text,
    ".medline": ris_in.parse_text,
    ".json": csljson_in.parse_text,
    ".jsonl": csljson_in.parse_text,
}
ROUND_TRIPS: dict[str, tuple[Callable[[Sequence[dict[str, Any]]], str], Callable[..., list[dict[str, Any]]]]] = {
    "bibtex": (bibtex_out.dumps, bibtex_in.parse_text),
    "ris": (ris_out.dumps, ris_in.parse_text),
    "csljson": (csljson_out.dumps, csljson_in.parse_text),
}


def _fold(value: Any) -> str:
    return " ".join(str(value or "").split())


# Formats that cannot carry rich text (<i>, <sub> ...): titles compare as plain text.
PLAIN_FORMATS = frozenset({"ris"})


def signature(record: Mapping[str, Any], *, rich: bool = True) -> dict[str, Any]:
    """The seven compared fields of a record, normalised only for whitespace (and, with
    ``rich=False``, titles without their rich-text markup)."""
    text = _fold if rich else (lambda value: _fold(plain(str(value or ""))))
    authors = tuple(
        (_fold(n.get("family")), _fold(n.get("given")), _fold(n.get("literal")))
        for n in record.get("author") or ()
        if isinstance(n, Mapping)
    )
    return {
        "title": text(record.get("title")),
        "authors": authors,
        "year": year_of(record),
        "container": text(record.get("container-title")),
        "DOI": (normalize_doi(str(record.get("DOI") or "")) or "").lower(),
        "volume": _fold(record.get("volume")),
        "pages": _fold(record.get("page")),
    }


def round_trip(records: list[dict[str, Any]], fmt: str) -> list[dict[str, Any]]:
    """``records`` written in ``fmt`` and read back."""
    dump, load = ROUND_TRIPS[fmt]
    text = dump(records)
    return load(text) if text.strip() else []


def _foreign_readers(records: list[dict[str, Any]]) -> Counter[str]:
    """Counts from bibtexparser v2 and rispy reading citekit's exports of ``records``."""
    import bibtexparser
    import rispy

    counts: Counter[str] = Counter()
    library = bibtexparser.parse_string(bibtex_out.dumps(records))
    counts["bib_entries"] = len(library.entries)
    counts["bib_ok"] = int(not library.failed_blocks and len(library.entries) == len(records))
    try:
        entries = rispy.loads(ris_out.dumps(records))
    except Exception:  # rispy raises bare exceptions on what it cannot read
        entries = []
    counts["ris_entries"] = len(entries)
    counts["ris_ok"] = int(len(entries) == len(records))
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = ROOT.parent / "shared" / "data" / "bib-ris"
    parser.add_argument("path", nargs="?", default=str(default), help="folder (or file) of .bib/.ris/.json files")
    parser.add_argument("--show", type=int, default=0, help="print up to N examples of losses and leftover markup")
    parser.add_argument("--quiet", action="store_true", help="totals only")
    args = parser.parse_args(argv)

    root = Path(args.path)
    if not root.exists():
        print(f"{root}: no such file or folder", file=sys.stderr)
        return 2
    files = (
        [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in READERS)
    )
    read_ok = refused = crashed = entries = warnings = 0
    kept: Counter[str] = Counter()
    lost_fields: dict[str, Counter[str]] = {fmt: Counter() for fmt in ROUND_TRIPS}
    titles = marked = 0
    foreign = Counter()
    examples: list[str] = []
    started = time.perf_counter()
    for path in files:
        name = str(path.relative_to(root)) if path != root else path.name
        try:
            source = read(str(path))
            records = READERS[path.suffix.lower()](source.text, origin=str(path))
        except CitekitError as exc:
            refused += 1
            if not args.quiet:
                print(f"refused  {name}: {exc.describe().removeprefix(str(path) + ': ').removeprefix(str(path))}")
            continue
        except Exception as exc:  # a crash is a bug: report it, keep going
            crashed += 1
            print(f"CRASH    {name}: {exc.__class__.__name__}: {exc}")
            continue
        read_ok += 1
        entries += len(records)
        warnings += sum(len((r.get("custom") or {}).get("warnings") or ()) for r in records)
        for record in records:
            if record.get("title"):
                titles += 1
                if has_markup(str(record["title"])):
                    marked += 1
                    if len(examples) < args.show:
                        examples.append(f"markup   {name}: {record['title']!r}")
        foreign.update(_foreign_readers(records))
        per_file: dict[str, int] = {}
        for fmt in ROUND_TRIPS:
            try:
                again = round_trip(records, fmt)
            except CitekitError as exc:
                again = []
                if not args.quiet:
                    print(f"lost     {name} ({fmt} round trip): {exc}")
            except Exception as exc:
                crashed += 1
                print(f"CRASH    {name} ({fmt} round trip): {exc.__class__.__name__}: {exc}")
                continue
            good = 0
            for i, record in enumerate(records):
                before = signature(record, rich=fmt not in PLAIN_FORMATS)
                after = signature(again[i], rich=fmt not in PLAIN_FORMATS) if i < len(again) else {}
                diff = [f for f in FIELDS if before[f] != after.get(f)]
                if not diff:
                    good += 1
                for f in diff:
                    lost_fields[fmt][f] += 1
                    if len(examples) < args.show:
                        examples.append(f"lost     {name} [{fmt}] {f}: {before[f]!r} -> {after.get(f)!r}")
            kept[fmt] += good
            per_file[fmt] = good
        if not args.quiet:
            summary = "  ".join(f"{fmt} {per_file.get(fmt, 0)}/{len(records)}" for fmt in ROUND_TRIPS)
            print(f"read     {name}: {len(records)} entries  kept: {summary}")
    elapsed = time.perf_counter() - started

    print()
    print(f"files: {len(files)}  read: {read_ok}  refused (one-line error): {refused}  crashed: {crashed}")
    print(f"entries: {entries}  warnings reported: {warnings}")
    for fmt in ROUND_TRIPS:
        share = kept[fmt] / entries if entries else 0.0
        losses = ", ".join(f"{f} {n}" for f, n in lost_fields[fmt].most_common()) or "none"
        target = "  (target >= 98%)" if fmt == "bibtex" else ""
        print(f"kept through {fmt:8s} {kept[fmt]}/{entries} = {share:.2%}{target}; fields lost: {losses}")
    print(
        f"bibtexparser v2 reads the BibTeX export: {foreign['bib_ok']}/{read_ok} files without failed blocks, "
        f"{foreign['bib_entries']}/{entries} entries; rispy reads the RIS export: {foreign['ris_ok']}/{read_ok} files, "
        f"{foreign['ris_entries']}/{entries} entries"
    )
    share = marked / titles if titles else 0.0
    print(f"titles with LaTeX markup after import: {marked}/{titles} = {share:.2%}  (target <= 2%)")
    print(f"time: {elapsed:.2f} s")
    for line in examples:
        print(line)
    return 1 if crashed else 0


if __name__ == "__main__":
    raise SystemExit(main())
