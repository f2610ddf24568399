#!/usr/bin/env python3
"""tantivy beside the SQLite FTS5 index, on the same works: build rate, size, search time.

    scripts/bench_tantivy.py SOURCE [--index-dir DIR] [--queries FILE] [--sqlite INDEX]

SOURCE is what ``citekit index build`` reads (``scripts/bench_index.py --keep DIR`` leaves
``DIR/works``). The works are prepared exactly as for the SQLite index (trimmed, compressed,
the same search text, folded as the FTS5 tokenizer folds it) and written to a tantivy index:
the DOI as a raw indexed field, the stored work as bytes, the search text indexed, not stored.
A search asks for the 14 rarest words of the query, any of them, ranked by BM25 (tantivy's
block-max WAND needs no budget). With ``--queries`` (reference strings, one a line, or
``[query, rows]`` JSON lines), each search is timed, and with ``--sqlite`` the same queries
are timed against that index and the overlap of the two top-20 lists is reported.
:func:`search` can be put in place of ``WorkIndex.search`` to measure matching accuracy.

Needs ``pip install tantivy`` (not a citekit dependency).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tantivy  # noqa: E402

from citekit.resolve.evidence import words  # noqa: E402
from citekit.resolve.index.sources import Tally, prepare_texts, source_files, texts_in  # noqa: E402
from citekit.resolve.index.store import _BOILERPLATE, _STOP, ZDICT, decode  # noqa: E402


def schema() -> Any:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("doi", stored=True, tokenizer_name="raw")
    builder.add_bytes_field("data", stored=True, indexed=False)
    builder.add_text_field("text", stored=False, tokenizer_name="default", index_option="freq")
    return builder.build()


def build(source: Path, folder: Path) -> dict[str, float]:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    index = tantivy.Index(schema(), path=str(folder))
    writer = index.writer(heap_size=256_000_000, num_threads=1)
    tally = Tally()
    start, cpu = time.perf_counter(), time.process_time()
    works = 0
    for file in source_files([source]):
        texts = list(texts_in(file, tally))
        for at in range(0, len(texts), 1000):
            prepared, _, _, _ = prepare_texts(texts[at : at + 1000], ZDICT, str(file))
            for doi, blob, text in prepared:
                writer.add_document(tantivy.Document(doi=doi, data=blob, text=" ".join(words(text))))
                works += 1
    writer.commit()
    writer.wait_merging_threads()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return {"works": works, "seconds": seconds, "cpu_seconds": cpu, "bytes": size, "bytes_per_work": size / works}


class Searcher:
    def __init__(self, folder: Path) -> None:
        self.index = tantivy.Index.open(str(folder))
        self.index.reload()
        self.searcher = self.index.searcher()
        self.df: dict[str, int] = {}

    def search(self, query: str, rows: int = 20, terms: int = 14) -> list[dict[str, Any]]:
        tokens = [
            w
            for w in dict.fromkeys(words(query))
            if w not in _STOP and w not in _BOILERPLATE and (len(w) > 1 or w.isdigit())
        ]
        for t in tokens:
            if t not in self.df:
                self.df[t] = self.searcher.doc_freq("text", t)
        chosen = sorted((t for t in tokens if self.df[t]), key=lambda t: self.df[t])[:terms]
        if not chosen:
            return []
        schema_ = self.index.schema
        clauses = [(tantivy.Occur.Should, tantivy.Query.term_query(schema_, "text", t)) for t in chosen]
        hits = self.searcher.search(tantivy.Query.boolean_query(clauses), rows).hits
        return [decode(bytes(self.searcher.doc(address)["data"][0]), ZDICT) for _, address in hits]


def _queries(path: Path) -> list[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            out.append(json.loads(line)[0] if line.startswith("[") else line)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--index-dir", type=Path, default=Path("tantivy-bench"))
    parser.add_argument("--queries", type=Path)
    parser.add_argument("--sqlite", type=Path, help="a citekit index of the same works, to time beside")
    args = parser.parse_args(argv)
    built = build(args.source, args.index_dir)
    print(
        f"tantivy build: {built['works']:,} works, {built['works'] / built['cpu_seconds']:,.0f}/CPU-s"
        f" ({built['works'] / built['seconds']:,.0f}/s wall), {built['bytes_per_work']:,.0f} bytes/work"
    )
    if args.queries:
        queries = _queries(args.queries)
        searcher = Searcher(args.index_dir)
        cpu = time.process_time()
        found = [[w["DOI"] for w in searcher.search(q)] for q in queries]
        cpu = time.process_time() - cpu
        print(f"tantivy search: {len(queries) / cpu:,.0f} queries/CPU-s")
        if args.sqlite:
            from citekit.resolve.index import WorkIndex

            with WorkIndex(args.sqlite) as index:
                cpu = time.process_time()
                other = [[w["DOI"] for w in index.search(q)] for q in queries]
                cpu = time.process_time() - cpu
            same_top = sum(1 for a, b in zip(found, other, strict=True) if a[:1] == b[:1])
            same = f"same first candidate {same_top}/{len(queries)}"
            print(f"sqlite search: {len(queries) / cpu:,.0f} queries/CPU-s; {same}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
