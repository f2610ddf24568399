#!/usr/bin/env python3
"""The local index of Crossref works: build rate, size, lookups and matches through the
CLI, and accuracy offline against the API path through the Crossref stand-in.

    scripts/bench_index.py [DATA] [--near-misses N] [--limit N] [--seed S] [--json FILE] [--keep DIR]

DATA defaults to ../shared/data. The works and cases are eval_match.py's (collected
Crossref records, invented near-duplicates, works rebuilt from Crossref's APA strings;
rendered, noisy, untitled and real reference strings with their gold DOIs). The index is
built from them (JSON Lines) plus ``--near-misses`` generated works: the vocabulary of the
real ones (title words, family names, journals) recombined under other DOIs, the first of
them one near miss of each real work (its title with two words changed, its first author
and journal, another year, volume and pages). Every timed step runs the ``citekit``
command in a subprocess pinned to one core (``taskset``, when available), and reports its
CPU seconds beside its wall time:

- ``index build``: works/s, and bytes per work of the finished file;
- ``parse @dois.txt --index``: DOI lookups/s, records out;
- ``refs --resolve --offline --index``: bibliographic matches/s, and precision, recall
  and F1 against the gold DOIs;
- the API path: the same strings resolved through the stand-in (no index), for the same
  figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_match import build as build_cases  # noqa: E402
from eval_match import calibrate, metrics, run_citekit  # noqa: E402
from match_data import DEFAULT_DATA  # noqa: E402

Work = dict[str, Any]


def _vocabulary(works: list[Work]) -> tuple[list[str], list[str], list[str]]:
    from citekit.resolve.evidence import words

    title_words = sorted({w for work in works for t in work.get("title") or () for w in words(str(t)) if len(w) > 2})
    families = sorted(
        {
            str(a.get("family"))
            for work in works
            for a in work.get("author") or ()
            if isinstance(a, dict) and a.get("family")
        }
    )
    journals = sorted({str(c) for work in works for c in work.get("container-title") or () if isinstance(c, str)})
    return title_words, families, journals


def near_misses(works: list[Work], count: int, rng: random.Random) -> Iterator[Work]:
    """``count`` generated works from the vocabulary of ``works``: first one near miss of
    each real work (its title with two words changed, its first author and journal, a year
    2 to 6 away, another volume and pages), then works of random title words, family names
    and journals."""
    title_words, families, journals = _vocabulary(works)
    titled = [w for w in works if w.get("title") and str(w["title"][0]).split() and w.get("author")]
    for i in range(count):
        year = rng.randint(1960, 2024)
        work: Work = {
            "DOI": f"10.99999/gen.{i}",
            "type": "journal-article",
            "issued": {"date-parts": [[year]]},
            "volume": str(rng.randint(1, 300)),
            "page": f"{(p := rng.randint(1, 2000))}-{p + rng.randint(2, 30)}",
            "container-title": [rng.choice(journals)],
        }
        if i < len(titled):
            base = titled[i]
            words = str(base["title"][0]).split()
            for _ in range(2):
                words[rng.randrange(len(words))] = rng.choice(title_words)
            work["title"] = [" ".join(words)]
            work["author"] = [dict(base["author"][0]), {"family": rng.choice(families), "given": "A."}]
            base_year = _year(base)
            if base_year:
                work["issued"] = {"date-parts": [[base_year + rng.choice((-1, 1)) * rng.randint(2, 6)]]}
            if base.get("container-title"):
                work["container-title"] = list(base["container-title"])
        else:
            work["title"] = [" ".join(rng.sample(title_words, rng.randint(5, 12))).capitalize()]
            work["author"] = [{"family": rng.choice(families), "given": "B."} for _ in range(rng.randint(1, 4))]
        yield work


def _year(work: Work) -> int | None:
    try:
        return int(work["issued"]["date-parts"][0][0])
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def _write_jsonl(path: Path, works: Iterator[Work] | list[Work]) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as handle:
        for work in works:
            handle.write(json.dumps(work, ensure_ascii=False) + "\n")
            n += 1
    return n


CPU: dict[str, float] = {}  # CPU seconds (user + system) of the last command


def _citekit(args: list[str], stdin: Path | None = None) -> tuple[float, str, str]:
    """Run the command on one core; wall seconds, stdout, stderr (its CPU seconds in CPU)."""
    command = [sys.executable, "-m", "citekit", *args]
    if shutil.which("taskset"):
        command = ["taskset", "-c", "0", *command]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open(stdin or os.devnull, "rb") as source:
        done = subprocess.run(command, stdin=source, capture_output=True, check=False)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU["last"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        raise SystemExit(f"citekit {' '.join(args[:2])} failed: {done.stderr.decode()[-2000:]}")
    return seconds, done.stdout.decode(), done.stderr.decode()


def _rates(count: int, seconds: float) -> dict[str, float]:
    """Wall and CPU figures of the last command (on a shared machine the CPU rate is the
    one-core figure: what the command costs, whatever else ran beside it)."""
    cpu = CPU["last"]
    return {"seconds": seconds, "cpu_seconds": cpu, "per_second": count / seconds, "per_cpu_second": count / cpu}


def _startup() -> float:
    return min(_citekit(["--version"])[0] for _ in range(3))


def _accuracy(cases: list[tuple[str, str, str | None]], found: list[str | None]) -> dict[str, dict[str, float]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, (dataset, _, _) in enumerate(cases):
        groups[dataset].append(i)
    groups["all"] = list(range(len(cases)))
    return {name: metrics([(found[i], cases[i][2]) for i in idx]) for name, idx in groups.items()}


def _matched(lines: list[str]) -> list[str | None]:
    out: list[str | None] = []
    for line in lines:
        item = json.loads(line)
        match = (item.get("custom") or {}).get("match") or {}
        out.append(str(item["DOI"]).lower() if match.get("status") == "matched" else None)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--near-misses", type=int, default=100_000, help="generated works added (default 100,000)")
    parser.add_argument("--limit", type=int, default=800, help="Crossref IEEE strings to use (default 800)")
    parser.add_argument("--dois", type=int, default=20_000, help="DOIs looked up (default 20,000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=1, help="index build --jobs (default 1: one core)")
    parser.add_argument("--no-api", action="store_true", help="skip the API path through the stand-in")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args(argv)
    if not (args.data / "crossref-api").is_dir():
        parser.error(f"no crossref-api folder under {args.data}")
    rng = random.Random(args.seed)
    works, cases = build_cases(args.data, rng, args.limit)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="citekit-bench-index-"))
    folder.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {"works": len(works), "near_misses": args.near_misses, "cases": len(cases)}
    try:
        report.update(_offline(args, folder, works, cases, rng))
        if not args.no_api:
            report["api"] = _api(works, cases)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    _print(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


def _offline(
    args: argparse.Namespace, folder: Path, works: list[Work], cases: list[tuple[str, str, str | None]], rng: Any
) -> dict[str, Any]:
    out: dict[str, Any] = {"startup_seconds": _startup(), "startup_cpu_seconds": CPU["last"]}
    source = folder / "works"
    source.mkdir(exist_ok=True)
    _write_jsonl(source / "collected.jsonl", works)
    generated = _write_jsonl(source / "generated.jsonl", near_misses(works, args.near_misses, rng))
    index = folder / "works.idx"
    index.unlink(missing_ok=True)
    build = ["index", "build", str(source), "--index", str(index), "--no-progress", "--jobs", str(args.jobs)]
    seconds, _, _ = _citekit(build)
    built = _rates(len(works) + generated, seconds)  # before `index info` replaces the CPU figure
    info = json.loads(_citekit(["index", "info", "--index", str(index)])[1])
    out["build"] = {"works": len(works) + generated, **built}
    out["build"].update(bytes=info["bytes"], bytes_per_work=info["bytes_per_work"])
    dois = [str(w["DOI"]) for w in works] + [f"10.99999/gen.{i}" for i in range(generated)]
    asked = [rng.choice(dois) for _ in range(args.dois)]
    listing = folder / "dois.txt"
    listing.write_text("\n".join(asked) + "\n", encoding="utf-8")
    seconds, text, _ = _citekit(["parse", f"@{listing}", "--index", str(index), "-o", str(folder / "dois.json")])
    records = json.loads((folder / "dois.json").read_text(encoding="utf-8"))
    filled = sum(1 for r in records if (r.get("custom") or {}).get("match", {}).get("method") == "index")
    out["doi_lookups"] = {"dois": len(asked), "filled": filled, **_rates(len(asked), seconds)}
    refs = folder / "refs.txt"
    refs.write_text("".join(" ".join(text.split()) + "\n" for _, text, _ in cases), encoding="utf-8")
    seconds, text, _ = _citekit(["refs", "--resolve", "--offline", "--index", str(index), "--no-cache"], stdin=refs)
    found = _matched(text.splitlines())
    out["bib_matches"] = {"references": len(cases), **_rates(len(cases), seconds)}
    out["offline"] = _accuracy(cases, found)
    return out


def _api(works: list[Work], cases: list[tuple[str, str, str | None]]) -> dict[str, Any]:
    from citekit.testing import StandIn, serve

    standin = StandIn(works)
    standin.scale = calibrate(standin, [c for c in cases if c[0] == "rendered"])
    with serve(standin) as url:
        start = time.perf_counter()
        found = run_citekit(url, [(d, " ".join(t.split()), g) for d, t, g in cases])
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "accuracy": _accuracy(cases, found)}


def _print(report: dict[str, Any]) -> None:
    build, lookups, matches = report["build"], report["doi_lookups"], report["bib_matches"]
    print(
        f"index: {report['works']:,} collected + {report['near_misses']:,} generated works,"
        f" {build['bytes_per_work']:,.0f} bytes/work ({build['bytes'] / 1e6:,.1f} MB)"
    )
    print(f"start-up: {report['startup_seconds']:.2f}s wall, {report['startup_cpu_seconds']:.2f}s CPU (included below)")
    print(f"{'':<24}{'per CPU-second':>15}{'per second':>12}{'CPU s':>9}{'wall s':>9}")
    for name, row in (("build (works)", build), ("DOI lookups", lookups), ("bibliographic matches", matches)):
        print(
            f"{name:<24}{row['per_cpu_second']:>15,.0f}{row['per_second']:>12,.0f}"
            f"{row['cpu_seconds']:>9.1f}{row['seconds']:>9.1f}"
        )
    head = f"{'index P':>8}{'R':>7}{'F1':>7}   {'API P':>7}{'R':>7}{'F1':>7}"
    print(f"\n{'dataset':<16}{'n':>6}{'targets':>8}  {head}")
    api = (report.get("api") or {}).get("accuracy") or {}
    for name, row in report["offline"].items():
        other = api.get(name)
        tail = f"   {other['precision']:>7.4f}{other['recall']:>7.4f}{other['f1']:>7.4f}" if other else ""
        scores = f"{row['precision']:>8.4f}{row['recall']:>7.4f}{row['f1']:>7.4f}"
        print(f"{name:<16}{row['n']:>6}{row['targets']:>8}  {scores}{tail}")


if __name__ == "__main__":
    raise SystemExit(main())
