#!/usr/bin/env python
"""BibTeX write and read speed: citekit against bibtexparser v2 used directly.

    python scripts/bench_bib.py [--records 10000] [--repeat 3] [--seed 7]

Generates a large synthetic harvest (accented names, particles, corporate authors,
LaTeX-special characters, DOIs, page ranges, abstracts) and times, best of ``--repeat``:

- write: ``citekit.exporters.bibtex.dumps(records)`` (record → entry conversion, LaTeX
  encoding, keys and writing) against ``bibtexparser.write_string(library)`` on the
  same entries (the fields citekit produces, already built), with bibtexparser's
  default unparse stack, as a user calling it directly would. Target: ratio <= 1.5.
  Also shown: bibtexparser with an in-place unparse stack (its fastest documented
  setting), for reference.
- read: ``citekit.parsers.bibtex.parse_text`` (macros, crossref, LaTeX decoding, names,
  CSL mapping) against ``bibtexparser.parse_string`` with its default parse stack
  (splitting, string interpolation and brace removal only) on the same file.
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bibtexparser  # noqa: E402
from bibtexparser.library import Library  # noqa: E402
from bibtexparser.middlewares import default_unparse_stack  # noqa: E402
from bibtexparser.model import Block, Entry, Field  # noqa: E402

from citekit.exporters.bibtex import dumps, entry_fields  # noqa: E402
from citekit.exporters.keys import KeyMaker  # noqa: E402
from citekit.parsers.bibtex import parse_text  # noqa: E402

FAMILIES = [
    "Boujida",
    "El Aoufir",
    "van der Berg",
    "Müller",
    "Nuñez",
    "Łukasiewicz",
    "O'Brien",
    "Dupont",
    "Smith",
    "Tanaka",
    "de la Cruz",
    "Çelik",
    "Øster",
    "Laamrani",
    "Jroundi",
]
GIVENS = ["Nadia", "Omar", "Jan", "Jörg", "Carlos", "Anna-Maria", "Renée", "J. R.", "Fatima Zahra", "Hiro", "Zoë"]
WORDS = [
    "tidal",
    "thoracic",
    "estuarine",
    "paravertebral",
    "DNA",
    "hematopoiesis",
    "sediment",
    "coastal",
    "mRNA",
    "analysis",
    "of",
    "the",
    "in",
    "and",
    "model",
    "Portugal",
    "Bayesian",
    "CT",
    "imaging",
    "α-diversity",
    "50%",
    "R&D",
]
JOURNALS = [
    "International Journal of Clinical & Medical Images",
    "Journal of Estuarine Geomorphology",
    "Coastal Dynamics Letters",
    "Revue d'Écologie",
    "Nature Reviews Methods",
]
TYPES = ["article-journal"] * 6 + ["paper-conference", "chapter", "book", "thesis", "report", "dataset"]


def make_records(n: int, seed: int) -> list[dict[str, Any]]:
    """``n`` deterministic synthetic records."""
    rng = random.Random(seed)
    records = []
    for i in range(n):
        authors: list[dict[str, str]] = [
            {"family": rng.choice(FAMILIES), "given": rng.choice(GIVENS)} for _ in range(rng.randint(1, 6))
        ]
        if rng.random() < 0.05:
            authors.append({"literal": "Coastal Monitoring Group"})
        first_page = rng.randint(1, 900)
        title_words = rng.sample(WORDS, rng.randint(4, 10))
        record: dict[str, Any] = {
            "id": f"r{i}",
            "type": rng.choice(TYPES),
            "title": " ".join(title_words).capitalize(),
            "author": authors,
            "container-title": rng.choice(JOURNALS),
            "issued": {"date-parts": [[rng.randint(1950, 2024), rng.randint(1, 12), rng.randint(1, 28)]]},
            "volume": str(rng.randint(1, 80)),
            "issue": str(rng.randint(1, 12)),
            "page": f"{first_page}-{first_page + rng.randint(1, 30)}",
            "DOI": f"10.5555/bench.{i}.{rng.randint(100, 999)}",
            "publisher": "Harbour & Sons",
            "keyword": "coast, tides, sediment",
        }
        if rng.random() < 0.3:
            record["abstract"] = " ".join(rng.choice(WORDS) for _ in range(60))
        records.append(record)
    return records


def best(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Best wall time of ``repeat`` calls, and the last result."""
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    logging.getLogger("bibtexparser").setLevel(logging.ERROR)  # its large-library notice

    records = make_records(args.records, args.seed)
    keys = KeyMaker()
    entries: list[Block] = []
    for record in records:
        etype, fields = entry_fields(record)
        entries.append(Entry(etype, keys.key_for(record), [Field(k, v) for k, v in fields]))
    library = Library(entries)

    t_ours, text = best(lambda: dumps(records), args.repeat)
    t_theirs, _theirs = best(lambda: bibtexparser.write_string(library), args.repeat)
    t_inplace, _ = best(
        lambda: bibtexparser.write_string(
            Library(list(library.blocks)), unparse_stack=default_unparse_stack(allow_inplace_modification=True)
        ),
        1,
    )
    print(f"records: {args.records}  .bib size: {len(text) / 1e6:.1f} MB")
    print("write")
    print(f"  citekit dumps (records -> .bib)              {t_ours:7.3f} s")
    print(f"  bibtexparser.write_string (default stack)    {t_theirs:7.3f} s")
    print(f"  bibtexparser.write_string (in-place stack)   {t_inplace:7.3f} s")
    print(f"  ratio citekit / bibtexparser default: {t_ours / t_theirs:.2f}  (target <= 1.5)")
    print(f"  ratio citekit / bibtexparser in-place: {t_ours / t_inplace:.2f}")

    t_read_ours, parsed = best(lambda: parse_text(text), args.repeat)
    t_read_theirs, library_read = best(lambda: bibtexparser.parse_string(text), args.repeat)
    assert len(parsed) == len(library_read.entries) == args.records
    print("read")
    print(f"  citekit parse_text (.bib -> CSL records)     {t_read_ours:7.3f} s")
    print(f"  bibtexparser.parse_string (default stack)    {t_read_theirs:7.3f} s")
    print(f"  ratio citekit / bibtexparser: {t_read_ours / t_read_theirs:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
