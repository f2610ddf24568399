#!/usr/bin/env python
"""Throughput of ``citekit refs`` on 10,000 generated references, on one core.

    python scripts/bench_refs.py [--count 10000] [--runs 3] [--keep FILE]

Times the real command (``python -m citekit refs FILE``) end to end: process start,
imports and model load included, output written to a file. The references are
generated here (invented names, titles and journals in eight citation layouts), so the
benchmark needs no data set. The command is pinned to one CPU with ``taskset`` when
available, and timed by its CPU time (user + system, so other jobs on a shared machine
do not count). Prints refs/s of the best run, its ratio to the 1,000 refs/s target, and the
fixed cost of an empty run (start-up and imports) and of a one-reference run (model
load) measured in the same session.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1000.0

_SYL = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ra",
    "to",
    "vu",
    "se",
    "da",
    "ri",
    "po",
    "lan",
    "ber",
    "gon",
    "mar",
    "tel",
    "vik",
    "son",
    "ham",
    "ez",
    "ov",
    "ski",
    "chen",
    "wang",
    "ito",
    "ber",
]
_GIVEN = [
    "Anna",
    "Luca",
    "Maria",
    "Jean",
    "Peter",
    "Sofia",
    "Chen",
    "Hiroshi",
    "Ahmed",
    "Olga",
    "Pablo",
    "Ines",
    "Kwame",
    "Lars",
    "Mei",
    "Ravi",
    "Elena",
    "Tomás",
]
_WORDS = [
    "analysis",
    "model",
    "effect",
    "study",
    "role",
    "regulation",
    "dynamics",
    "network",
    "response",
    "evidence",
    "impact",
    "protein",
    "cell",
    "climate",
    "policy",
    "learning",
    "structure",
    "patients",
    "treatment",
    "outcomes",
    "design",
    "measurement",
    "growth",
    "risk",
    "transport",
    "signal",
    "memory",
    "soil",
    "urban",
    "energy",
]
_JOURNALS = [
    "Journal of Applied Ecology",
    "Phys Rev Lett",
    "Nature Communications",
    "Am J Epidemiol",
    "Revue Française de Sociologie",
    "Zeitschrift für Physik",
    "BMC Public Health",
    "IEEE Trans. Signal Process.",
    "Cell Reports",
    "Lancet Oncol",
]
_PUBLISHERS = [
    ("Oxford", "Oxford University Press"),
    ("Berlin", "Springer"),
    ("New York", "Wiley"),
    ("Paris", "Gallimard"),
]


def _family(rng: random.Random) -> str:
    return "".join(rng.choice(_SYL) for _ in range(rng.randint(2, 3))).capitalize()


def _reference(rng: random.Random) -> str:
    authors = [(_family(rng), rng.choice(_GIVEN)) for _ in range(rng.randint(1, 6))]
    title = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(4, 12))).capitalize()
    journal = rng.choice(_JOURNALS)
    year, vol, issue = rng.randint(1950, 2024), rng.randint(1, 300), rng.randint(1, 12)
    first = rng.randint(1, 2000)
    last = first + rng.randint(1, 30)
    doi = f"10.{rng.randint(1000, 9999)}/{rng.choice(_SYL)}.{year}.{rng.randint(1, 99999)}"
    layout = rng.randrange(8)
    if layout == 0:  # APA
        names = (
            ", ".join(f"{f}, {g[0]}." for f, g in authors[:-1])
            + (", & " if len(authors) > 1 else "")
            + f"{authors[-1][0]}, {authors[-1][1][0]}."
        )
        return f"{names} ({year}). {title}. {journal}, {vol}({issue}), {first}–{last}. https://doi.org/{doi}"
    if layout == 1:  # Vancouver
        names = ", ".join(f"{f} {g[0]}" for f, g in authors)
        return f"{names}. {title}. {journal}. {year};{vol}({issue}):{first}-{str(last)[-2:]}."
    if layout == 2:  # IEEE
        names = ", ".join(f"{g[0]}. {f}" for f, g in authors)
        return (
            f'[{rng.randint(1, 99)}] {names}, "{title}," {journal}, vol. {vol}, no. {issue}, '
            f"pp. {first}-{last}, {year}."
        )
    if layout == 3:  # Nature
        names = ", ".join(f"{f}, {g[0]}." for f, g in authors)
        return f"{rng.randint(1, 99)}. {names} {title}. {journal} {vol}, {first}–{last} ({year})."
    if layout == 4:  # Chicago
        names = f"{authors[0][0]}, {authors[0][1]}" + "".join(f", {g} {f}" for f, g in authors[1:])
        return f'{names}. {year}. "{title}." {journal} {vol} ({issue}): {first}–{last}.'
    if layout == 5:  # book
        place, publisher = rng.choice(_PUBLISHERS)
        names = " and ".join(f"{f}, {g[0]}." for f, g in authors[:2])
        return f"{names} ({year}) {title}. {rng.randint(2, 5)}nd edn. {place}: {publisher}."
    if layout == 6:  # seed-like
        names = ", ".join(f"{f}, {g[0]}." for f, g in authors)
        return f"{names} ({year}). {title}. {journal}, {vol}: {first}-{last}."
    names = ", ".join(f"{g} {f}" for f, g in authors)  # MLA-ish
    return f'{names}. "{title}." {journal}, vol. {vol}, no. {issue}, {year}, pp. {first}-{last}.'


def generate(path: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    path.write_text("\n".join(_reference(rng) for _ in range(count)) + "\n", encoding="utf-8")


def _run(path: Path, out: Path) -> float:
    command = [sys.executable, "-m", "citekit", "refs", str(path), "-o", str(out)]
    if shutil.which("taskset"):
        command = ["taskset", "-c", "0", *command]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"citekit refs failed ({done.returncode}): {done.stderr.strip()[:500]}")
    # CPU time (user + system) of the command: on a shared machine wall time measures the neighbours.
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="also write the generated references here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        refs, empty, one, out = folder / "refs.txt", folder / "empty.txt", folder / "one.txt", folder / "out.jsonl"
        generate(refs, args.count)
        if args.keep:
            shutil.copyfile(refs, args.keep)
        empty.write_text("", encoding="utf-8")
        one.write_text(refs.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
        startup = min(_run(empty, out) for _ in range(2))
        first = min(_run(one, out) for _ in range(2))
        times = [_run(refs, out) for _ in range(args.runs)]
        lines = out.read_text(encoding="utf-8").splitlines()
        if len(lines) != args.count:
            raise SystemExit(f"expected {args.count} output lines, got {len(lines)}")
    best = min(times)
    rate = args.count / best
    runs = ", ".join(f"{t:.2f}" for t in times)
    print(f"citekit refs: {args.count} references in {best:.2f} s of CPU (runs: {runs})")
    print(f"  start-up + imports (empty file): {startup:.3f} s; one reference (adds model load): {first:.3f} s")
    print(f"  {rate:.0f} refs/s = {rate / TARGET:.2f} x the {TARGET:.0f} refs/s target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
