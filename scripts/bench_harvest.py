"""Benchmark ``citekit harvest``: inputs/s and peak memory, against the same pages parsed
one by one in a plain loop measured in the same run.

Two corpora, both built in a temporary directory (nothing is written to the repository):

* ``real``: the shared article pages and JATS files (``DATA/article-html``,
  ``DATA/jats-articles``), copied until there are ``--real N`` inputs (default 1,200);
  copies are duplicates the harvest must collapse.
* ``generated``: synthetic HTML pages with Highwire meta tags and reference lists, at
  1,000 and 10,000 inputs, to show that peak memory does not grow with the input count.

Everything runs offline. Peak memory is the largest sum of resident memory over the
harvest's process tree, sampled every 20 ms.

Usage: python scripts/bench_harvest.py [DATA] [--jobs 2] [--real 1200] [--sizes 1000 10000]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def _tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += rss.get(current, 0)
        stack.extend(children.get(current, []))
    return total


def run_harvest(inputs: Path, out: Path, jobs: int) -> tuple[float, int, dict[str, object]]:
    """Seconds, peak tree RSS and the last summary line of one offline harvest."""
    command = [
        sys.executable,
        "-m",
        "citekit",
        "harvest",
        str(inputs),
        "-o",
        str(out),
        "--offline",
        "--no-cache",
        "--jobs",
        str(jobs),
        "--no-progress",
    ]
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    stderr = proc.stderr.read() if proc.stderr else ""
    report = json.loads((out / "report.json").read_text()) if (out / "report.json").exists() else []
    failed = sum(1 for entry in report if entry["status"] != "ok")
    works = len(json.loads((out / "records.json").read_text())) if (out / "records.json").exists() else 0
    return (
        seconds,
        peak,
        {
            "exit": proc.returncode,
            "inputs": len(report),
            "failed": failed,
            "works": works,
            "last": stderr.strip().splitlines()[-1:],
        },
    )


def run_loop(inputs: Path) -> tuple[float, int]:
    """Seconds and peak RSS of parsing the same inputs one by one in one process."""
    code = (
        "import os, sys, citekit\n"
        "from citekit.source import expand\n"
        "from citekit.errors import CitekitError\n"
        "for path in expand([sys.argv[1]]):\n"
        "    try:\n"
        "        citekit.parse(citekit.read(path))\n"
        "    except CitekitError:\n"
        "        pass\n"
    )
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, str(inputs)])
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.02)
    return time.perf_counter() - start, peak


def distinct_works(data: Path) -> int:
    """Works the distinct shared files give when each is parsed once and the records are
    deduplicated in memory (what a harvest of all their copies must collapse to; two of
    the shared JATS files describe the same DOI)."""
    import citekit
    from citekit.dedupe import dedupe
    from citekit.errors import CitekitError

    records = []
    for path in _real_sources(data):
        with contextlib.suppress(CitekitError):
            records += citekit.parse(citekit.read(path))
    return len(dedupe(records))


def _real_sources(data: Path) -> list[Path]:
    sources = sorted(p for p in (data / "article-html").rglob("*.html"))
    sources += sorted(p for p in (data / "jats-articles").rglob("*") if p.suffix in (".xml", ".nxml"))
    return sources


def real_corpus(data: Path, target: Path, count: int) -> int:
    """Copy the shared pages and JATS files until ``count`` inputs exist; returns distinct files."""
    sources = _real_sources(data)
    if not sources:
        raise SystemExit(f"no pages under {data}/article-html or {data}/jats-articles")
    target.mkdir(parents=True)
    for i in range(count):
        src = sources[i % len(sources)]
        shutil.copyfile(src, target / f"{i:05d}-{src.name}")
    return len(sources)


_WORDS = [
    "analysis",
    "of",
    "cellular",
    "signalling",
    "in",
    "tissue",
    "models",
    "under",
    "chronic",
    "stress",
    "with",
    "imaging",
    "and",
    "genomic",
    "methods",
    "for",
    "patients",
]


def generated_corpus(target: Path, count: int, seed: int = 7) -> None:
    """``count`` synthetic article pages with Highwire meta tags and 20 references each."""
    rng = random.Random(seed)
    target.mkdir(parents=True)
    for i in range(count):
        title = " ".join(rng.choice(_WORDS) for _ in range(8)).capitalize()
        metas = [
            f'<meta name="citation_title" content="{title} {i}">',
            f'<meta name="citation_doi" content="10.5555/bench.{i}">',
            '<meta name="citation_journal_title" content="Journal of Benchmarks">',
            f'<meta name="citation_publication_date" content="{2000 + i % 24}/01/15">',
            f'<meta name="citation_volume" content="{i % 50}">',
            f'<meta name="citation_firstpage" content="{i % 900 + 1}">',
        ]
        for a in range(4):
            metas.append(f'<meta name="citation_author" content="Author{a} Family{rng.randint(1, 5000)}">')
            metas.append(
                '<meta name="citation_author_institution" content="Department of Examples, University of Nowhere">'
            )
        for _r in range(20):
            cited = rng.randint(0, count * 2)
            metas.append(
                f'<meta name="citation_reference" content="citation_title=Cited work {cited}; citation_author=Smith, J.; citation_journal_title=J Tests; citation_year={1990 + cited % 30}; citation_volume={cited % 90}; citation_doi=10.5555/cited.{cited}">'
            )
        body = "<p>" + " ".join(rng.choice(_WORDS) for _ in range(300)) + "</p>"
        (target / f"page-{i:06d}.html").write_text(
            f"<!DOCTYPE html><html><head><title>{title}</title>{''.join(metas)}</head><body><h1>{title}</h1>{body}</body></html>"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--real", type=int, default=1200)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="citekit-bench-") as tmp:
        work = Path(tmp)
        if args.real:
            distinct = real_corpus(args.data, work / "real", args.real)
            seconds, peak, info = run_harvest(work / "real", work / "out-real", args.jobs)
            loop_seconds, loop_peak = run_loop(work / "real")
            print(f"real pages: {args.real} inputs ({distinct} distinct files), jobs={args.jobs}")
            print(
                f"  harvest: {seconds:.2f}s = {args.real / seconds:.0f} inputs/s, peak {peak / 2**20:.0f} MiB, {info}"
            )
            print(
                f"  loop:    {loop_seconds:.2f}s = {args.real / loop_seconds:.0f} inputs/s, peak {loop_peak / 2**20:.0f} MiB"
            )
            print(f"  ratio harvest/loop speed: {loop_seconds / seconds:.2f}x  (target: >= 100 inputs/s)")
            expected = distinct_works(args.data)
            print(
                f"  works: {info['works']} (the distinct files give {expected} deduplicated in memory: {'every duplicate collapsed' if info['works'] == expected else 'MISMATCH'})"
            )
        peaks = {}
        for size in args.sizes:
            generated_corpus(work / f"gen{size}", size)
            seconds, peak, info = run_harvest(work / f"gen{size}", work / f"out{size}", args.jobs)
            peaks[size] = peak
            print(
                f"generated: {size} inputs: {seconds:.2f}s = {size / seconds:.0f} inputs/s, peak {peak / 2**20:.0f} MiB, {info}"
            )
            shutil.rmtree(work / f"gen{size}")
        if len(peaks) >= 2:
            small, large = min(peaks), max(peaks)
            print(f"peak memory {large} vs {small} inputs: {peaks[large] / peaks[small]:.2f}x  (target: <= 1.2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
