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

With ``--engine dask`` a scheduler and ``--jobs`` single-threaded workers are started on
loopback as their own processes (so the harvest's tree is the driver alone), and:

* the real corpus is harvested by the local pool (``--jobs`` processes) and on the
  cluster, alternately ``--repeat`` times (best of each kept): the ratio of inputs/s
  (target >= 0.7) and whether records.json, records.bib and citations.csv are
  byte-identical;
* once more on the cluster with a worker killed by SIGKILL mid-run: the same check;
* per-input costs for the README's figures on paper: worker seconds per input (from
  report.json), driver and scheduler CPU seconds per input;
* the generated corpora (default 10,000 and 100,000 inputs, ``--gen-refs`` references
  each) on the cluster: driver peak memory (target <= 1.2x).

Usage: python scripts/bench_harvest.py [DATA] [--jobs 2] [--real 1200] [--sizes 1000 10000]
       python scripts/bench_harvest.py [DATA] --engine dask [--repeat 2] [--sizes 10000 100000]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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


def run_harvest(
    inputs: Path,
    out: Path,
    jobs: int,
    *extra: str,
    fault: tuple[int, Callable[[], None]] | None = None,
) -> tuple[float, int, dict[str, Any]]:
    """Seconds, peak tree RSS and a summary of one offline harvest.

    :param extra: more options (``--engine dask --scheduler ADDRESS``).
    :param fault: ``(n, act)``: call ``act()`` once ``n`` inputs are committed.
    """
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
        *extra,
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0
    faulted = False
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        if fault and not faulted and _committed(out / "library.sqlite") >= fault[0]:
            fault[1]()
            faulted = True
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
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
            # CPU of the harvest's own tree (the driver alone when the cluster is apart).
            "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
            "input_seconds": sum(float(entry["seconds"]) for entry in report),
            "faulted": faulted,
        },
    )


def _committed(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1) as con:
            return int(con.execute("SELECT COUNT(*) FROM inputs").fetchone()[0])
    except sqlite3.Error:
        return 0


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


def generated_corpus(target: Path, count: int, seed: int = 7, refs: int = 20) -> None:
    """``count`` synthetic article pages with Highwire meta tags and ``refs`` references each."""
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
        for _r in range(refs):
            cited = rng.randint(0, count * 2)
            metas.append(
                f'<meta name="citation_reference" content="citation_title=Cited work {cited};'
                f" citation_author=Smith, J.; citation_journal_title=J Tests; citation_year={1990 + cited % 30};"
                f' citation_volume={cited % 90}; citation_doi=10.5555/cited.{cited}">'
            )
        body = "<p>" + " ".join(rng.choice(_WORDS) for _ in range(300)) + "</p>"
        (target / f"page-{i:06d}.html").write_text(
            f"<!DOCTYPE html><html><head><title>{title}</title>{''.join(metas)}</head>"
            f"<body><h1>{title}</h1>{body}</body></html>"
        )


def _load() -> str:
    """The machine's load average (1, 5, 15 min): other work shares these cores."""
    with open("/proc/loadavg") as handle:
        return " ".join(handle.read().split()[:3]) + f" on {os.cpu_count()} cores"


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process so far (Linux /proc)."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench_local(args: argparse.Namespace, work: Path) -> None:
    """The local pool against a plain loop, and its peak memory over corpus sizes."""
    if args.real:
        distinct = real_corpus(args.data, work / "real", args.real)
        seconds, peak, info = run_harvest(work / "real", work / "out-real", args.jobs)
        loop_seconds, loop_peak = run_loop(work / "real")
        print(f"real pages: {args.real} inputs ({distinct} distinct files), jobs={args.jobs}; load {_load()}")
        print(f"  harvest: {seconds:.2f}s = {args.real / seconds:.0f} inputs/s, peak {peak / 2**20:.0f} MiB, {info}")
        loop_rate = args.real / loop_seconds
        print(f"  loop:    {loop_seconds:.2f}s = {loop_rate:.0f} inputs/s, peak {loop_peak / 2**20:.0f} MiB")
        print(f"  ratio harvest/loop speed: {loop_seconds / seconds:.2f}x  (target: >= 100 inputs/s)")
        expected = distinct_works(args.data)
        verdict = "every duplicate collapsed" if info["works"] == expected else "MISMATCH"
        print(f"  works: {info['works']} (the distinct files give {expected} deduplicated in memory: {verdict})")
    peaks = {}
    for size in args.sizes:
        generated_corpus(work / f"gen{size}", size, refs=args.gen_refs)
        seconds, peak, info = run_harvest(work / f"gen{size}", work / f"out{size}", args.jobs)
        peaks[size] = peak
        rate = size / seconds
        print(f"generated: {size} inputs: {seconds:.2f}s = {rate:.0f} inputs/s, peak {peak / 2**20:.0f} MiB, {info}")
        shutil.rmtree(work / f"gen{size}")
        shutil.rmtree(work / f"out{size}")
    if len(peaks) >= 2:
        small, large = min(peaks), max(peaks)
        print(f"peak memory {large} vs {small} inputs: {peaks[large] / peaks[small]:.2f}x  (target: <= 1.2x)")


class Cluster:
    """A Dask scheduler and single-threaded workers on loopback, each a process of its own
    (workers under a nanny, which restarts a worker that dies), as on a real cluster."""

    def __init__(self, workers: int, tmp: Path) -> None:
        self.file = tmp / "scheduler.json"
        self.procs: list[subprocess.Popen[bytes]] = []
        self.client: Any = None
        try:
            self._start(workers)
        except BaseException:
            self.close()
            raise

    def _start(self, workers: int) -> None:
        from distributed import Client

        file = self.file
        quiet: dict[str, Any] = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "start_new_session": True}
        run = [sys.executable, "-m"]
        scheduler_file = ["--scheduler-file", str(file), "--no-dashboard"]
        loopback = ["--host", "127.0.0.1", "--port", "0", "--dashboard-address", "127.0.0.1:0"]  # HTTP too
        self.procs.append(
            subprocess.Popen([*run, "distributed.cli.dask_scheduler", *loopback, *scheduler_file], **quiet)
        )
        deadline = time.monotonic() + 120
        while not file.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        self.address = str(json.loads(file.read_text())["address"])
        for _ in range(workers):
            self.procs.append(
                subprocess.Popen(
                    [*run, "distributed.cli.dask_worker", *scheduler_file, "--nthreads", "1", "--host", "127.0.0.1"],
                    **quiet,
                )
            )
        self.client = Client(self.address, timeout=60, set_as_default=False)  # type: ignore[no-untyped-call]
        self.client.wait_for_workers(workers, timeout=120)

    def worker_pids(self) -> list[int]:
        return sorted(self.client.run(os.getpid).values())

    def scheduler_cpu(self) -> float:
        return _cpu_seconds(self.procs[0].pid)

    def workers_cpu(self) -> float:
        return sum(_cpu_seconds(pid) for pid in self.worker_pids())

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.client.close()
        for proc in self.procs:  # what this script started, by process group
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _fixed_costs(running: Cluster, work: Path, jobs: int, dask_args: tuple[str, ...]) -> dict[str, float]:
    """What does not grow with the inputs, to leave out of the per-input figures: the
    driver's CPU for a one-input harvest (start-up, imports, connecting, rendering) and
    the scheduler's CPU per second when idle (heartbeats)."""
    one = work / "one"
    one.mkdir()
    shutil.copyfile(next(iter(sorted((work / "real").iterdir()))), one / "page.html")
    _, _, info = run_harvest(one, work / "out-one", jobs, *dask_args)
    before = running.scheduler_cpu()
    time.sleep(5)
    return {"driver": info["cpu"], "idle": (running.scheduler_cpu() - before) / 5}


@contextlib.contextmanager
def cluster(workers: int, tmp: Path) -> Iterator[Cluster]:
    running = Cluster(workers, tmp)
    try:
        yield running
    finally:
        running.close()


def _identical(a: Path, b: Path) -> str:
    names = ("records.json", "records.bib", "citations.csv")
    differ = [name for name in names if (a / name).read_bytes() != (b / name).read_bytes()]
    return "byte-identical " + ", ".join(names) if not differ else "DIFFER: " + ", ".join(differ)


def bench_dask(args: argparse.Namespace, work: Path) -> None:
    """The cluster against the local pool on the real corpus, a worker killed mid-run,
    per-input costs, and the driver's memory over corpus sizes."""
    print(f"dask: a scheduler and {args.jobs} single-threaded workers on loopback; load {_load()}")
    with cluster(args.jobs, work) as running:
        dask_args = ("--engine", "dask", "--scheduler", running.address)
        if args.real:
            distinct = real_corpus(args.data, work / "real", args.real)
            print(f"real pages: {args.real} inputs ({distinct} distinct files)")
            fixed = _fixed_costs(running, work, args.jobs, dask_args)
            best: dict[str, tuple[float, dict[str, Any]]] = {}
            for round_ in range(args.repeat):
                for engine in ("local", "dask"):
                    out = work / f"out-{engine}-{round_}"
                    scheduler_before, workers_before = running.scheduler_cpu(), running.workers_cpu()
                    extra = dask_args if engine == "dask" else ()
                    seconds, peak, info = run_harvest(work / "real", out, args.jobs, *extra)
                    info["scheduler_cpu"] = running.scheduler_cpu() - scheduler_before - fixed["idle"] * seconds
                    info["workers_cpu"] = running.workers_cpu() - workers_before
                    info["cpu"] -= fixed["driver"]
                    rate = args.real / seconds
                    mib = peak / 2**20
                    print(f"  {engine:5} {seconds:6.2f}s = {rate:.1f} inputs/s, peak {mib:.0f} MiB; load {_load()}")
                    if engine not in best or seconds < best[engine][0]:
                        best[engine] = (seconds, info)
            ratio = best["local"][0] / best["dask"][0]
            print(f"  ratio dask/local inputs/s (best of {args.repeat}): {ratio:.2f}  (target: >= 0.7)")
            print(f"  outputs: {_identical(work / 'out-dask-0', work / 'out-local-0')}")
            victim = running.worker_pids()[0]
            seconds, _, info = run_harvest(
                work / "real",
                work / "out-killed",
                args.jobs,
                *dask_args,
                fault=(args.real // 4, lambda: os.kill(victim, signal.SIGKILL)),
            )
            killed = "killed" if info["faulted"] else "NOT KILLED (finished first)"
            print(f"  worker {victim} {killed} after {args.real // 4} commits: exit {info['exit']}, {seconds:.2f}s,")
            print(f"    {_identical(work / 'out-killed', work / 'out-local-0')}; workers now {running.worker_pids()}")
            _on_paper(args.real, best["dask"][1], commit_rate(work / "real", work / "commits.sqlite"))
        peaks = {}
        for size in args.sizes:
            generated_corpus(work / f"gen{size}", size, refs=args.gen_refs)
            seconds, peak, info = run_harvest(work / f"gen{size}", work / f"out{size}", args.jobs, *dask_args)
            peaks[size] = peak
            print(
                f"generated ({args.gen_refs} refs each), dask: {size} inputs: {seconds:.2f}s = {size / seconds:.0f}"
                f" inputs/s, driver peak {peak / 2**20:.0f} MiB, driver CPU {info['cpu'] / size * 1000:.2f} ms/input,"
                f" exit {info['exit']}, {info['works']} works;"
                f" load {_load()}"
            )
            shutil.rmtree(work / f"gen{size}")
            shutil.rmtree(work / f"out{size}")
        if len(peaks) >= 2:
            small, large = min(peaks), max(peaks)
            print(
                f"driver peak memory {large} vs {small} inputs: {peaks[large] / peaks[small]:.2f}x  (target: <= 1.2x)"
            )


def commit_rate(inputs: Path, db: Path) -> float:
    """Inputs/s the driver's library commits alone: the inputs are parsed and resolved
    (offline) first, then committed one by one, as a harvest does, and only that is timed."""
    from citekit.library import Library
    from citekit.pipeline import process, resolve_outcomes
    from citekit.resolve import make_resolver
    from citekit.source import expand

    with make_resolver(offline=True, use_cache=False) as resolver:
        outcomes = resolve_outcomes([process(path) for path in expand([str(inputs)])], resolver)
    with Library(db) as library:
        start = time.perf_counter()
        for outcome in outcomes:
            library.commit(outcome)
        return len(outcomes) / (time.perf_counter() - start)


def _on_paper(inputs: int, info: dict[str, Any], commits: float) -> None:
    """Expected inputs/s for N workers, each on a core of its own: each worker gives 1/c,
    the driver at most 1/d and the scheduler at most 1/s, whichever is smallest."""
    c = info["workers_cpu"] / inputs  # worker CPU per input: unpickle, decode, parse, pickle
    wall = info["input_seconds"] / inputs  # the same in wall time on this shared machine (report.json)
    d = info["cpu"] / inputs  # driver CPU per input: read, send, receive, resolve, commit, render
    s = info["scheduler_cpu"] / inputs  # scheduler CPU per input (a task holds several)
    print(
        f"  per input: worker {c * 1000:.1f} ms CPU ({wall * 1000:.1f} ms wall here), driver {d * 1000:.2f} ms CPU,"
        f" scheduler {s * 1000:.2f} ms CPU (start-up and idle heartbeats left out)"
    )
    print(f"  the library commits alone {commits:.0f} inputs/s ({1000 / commits:.2f} ms each) of the driver's share")
    ceiling = 1 / max(d, s)
    rates = ", ".join(f"{n}: {min(n / c, ceiling):.0f}" for n in (1, 2, 4, 8, 16, 32, 64, 128))
    print(f"  on paper, inputs/s for N workers: {rates}; the driver limits past N = {c / max(d, s):.0f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--engine", choices=("local", "dask"), default="local")
    parser.add_argument("--jobs", type=int, default=2, help="local processes, or Dask workers")
    parser.add_argument("--real", type=int, default=1200)
    parser.add_argument("--sizes", type=int, nargs="*", default=None)
    parser.add_argument("--gen-refs", type=int, default=20, help="references per generated page")
    parser.add_argument("--repeat", type=int, default=2, help="dask: alternate local and dask runs this often")
    args = parser.parse_args()
    if args.sizes is None:
        args.sizes = [10000, 100000] if args.engine == "dask" else [1000, 10000]
    with tempfile.TemporaryDirectory(prefix="citekit-bench-") as tmp:
        (bench_dask if args.engine == "dask" else bench_local)(args, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
