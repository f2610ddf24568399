#!/usr/bin/env python3
"""Resolution speed against a stand-in that enforces Crossref's polite-pool limits.

    scripts/bench_resolve.py [DATA] [--refs 90] [--latency 0.15] [--limit 3] [--dois 300]

The stand-in (:mod:`citekit.testing`) serves the works collected from
DATA/crossref-api (the invented fixture works when DATA is missing), announces
``X-Rate-Limit-Limit``/``X-Concurrency-Limit`` and answers 429 to any client that sends
more than ``--limit`` list requests in a second, or more than 3 at once; every answer
takes ``--latency`` seconds. Scenarios, each with a fresh resolver and cache:

1. ``--refs`` reference strings without DOIs (rendered from the works): one search each.
   The limit allows them in ``(refs - 1) / limit`` seconds; the target is at most 1.2x
   that, with no 429.
2. the same again with the cache of run 1: no request at all.
3. ``--dois`` references that carry DOIs: verified fifty to a request.
4. baseline: the same searches sent by plain habanero calls from 3 threads, with no
   limiter, to show what the limits do to a client that ignores them.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from match_data import DEFAULT_DATA, collect_works, render  # noqa: E402


def works_for(data: Path) -> list[dict[str, Any]]:
    if (data / "crossref-api").is_dir():
        return collect_works(data)
    from tests.conftest import fixture_works

    return fixture_works()


def run(url: str, items: list[dict[str, Any]], cache: Path) -> tuple[float, list[dict[str, Any]], Any]:
    from citekit.resolve import make_resolver

    with make_resolver(base_url=url, mailto="bench@example.org", cache=cache) as resolver:
        start = time.perf_counter()
        out = resolver.resolve_all(items)
        seconds = time.perf_counter() - start
        client = resolver.client
    return seconds, out, client


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--refs", type=int, default=90)
    parser.add_argument("--dois", type=int, default=300)
    parser.add_argument("--latency", type=float, default=0.15, help="seconds per answer (default 0.15)")
    parser.add_argument("--limit", type=int, default=3, help="list requests per second the stand-in allows")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args(argv)

    from citekit.parsers.refs.reference import parse_references
    from citekit.testing import Limits, StandIn, serve

    rng = random.Random(args.seed)
    works = works_for(args.data)
    usable = [w for w in works if w.get("title") and w.get("author")]
    rng.shuffle(usable)
    strings = []
    for work in usable:
        text = render(work, rng.choice(["apa", "ieee", "vancouver", "chicago-author-date"]))
        if text:
            strings.append(text)
        if len(strings) == args.refs:
            break
    items = parse_references(strings)
    limits = Limits(single=10, list=args.limit, interval=1.0, concurrency=3)
    allowed = (len(items) - 1) / args.limit
    print(
        f"stand-in: {len(works)} works, limits {args.limit}/s list, 10/s single, 3 at once, enforced; "
        f"latency {args.latency}s"
    )

    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "bench.sqlite"
        standin = StandIn(works, limits=limits, enforce=True, latency=args.latency)
        with serve(standin) as url:
            seconds, out, client = run(url, items, cache)
            stats = standin.stats
            matched = sum(1 for r in out if r["custom"]["match"]["status"] == "matched")
            print(f"\n1. {len(items)} references, one search each")
            print(
                f"   {seconds:.2f}s for {stats.requests} requests ({stats.requests / seconds:.2f} "
                f"req/s); the limit allows {allowed:.2f}s: ratio {seconds / allowed:.3f} (target <= 1.2)"
            )
            print(
                f"   answers {dict(stats.by_status)}; 429 received: {stats.by_status.get(429, 0)}; "
                f"retries {client.retries}; peak in flight {stats.peak_in_flight}; matched {matched}/{len(items)}"
            )
            before = stats.requests
            seconds2, out2, _ = run(url, items, cache)
            print(
                f"\n2. the same, second run with the cache: {standin.stats.requests - before} "
                f"requests, {seconds2:.3f}s, same results: {out2 == out}"
            )

        dois = [str(w["DOI"]) for w in works][: args.dois]
        refs = [{"DOI": d, "custom": {"raw": f"doi:{d}"}} for d in dois]
        standin3 = StandIn(works, limits=limits, enforce=True, latency=args.latency)
        with serve(standin3) as url:
            seconds3, out3, _ = run(url, refs, Path(tmp) / "dois.sqlite")
        verified = sum(1 for r in out3 if r["custom"]["match"]["status"] == "verified")
        print(
            f"\n3. {len(refs)} references with DOIs: {standin3.stats.requests} requests, "
            f"{seconds3:.2f}s, {verified} verified, 429: {standin3.stats.by_status.get(429, 0)}"
        )

        if not args.no_baseline:
            import habanero
            import httpx2

            standin4 = StandIn(works, limits=limits, enforce=True, latency=args.latency)
            with serve(standin4) as url:
                crossref = habanero.Crossref(base_url=url, mailto="bench@example.org")
                from citekit.resolve.query import clean_reference

                def naive(text: str) -> int:
                    try:
                        crossref.works(query_bibliographic=clean_reference(text), limit=10)
                        return 200
                    except (habanero.RequestError, httpx2.HTTPStatusError, RuntimeError):
                        return 429

                start = time.perf_counter()
                with ThreadPoolExecutor(3) as pool:
                    codes = list(pool.map(naive, strings))
                naive_seconds = time.perf_counter() - start
            print(
                f"\n4. baseline, plain habanero on 3 threads, no limiter: {naive_seconds:.2f}s, "
                f"{codes.count(429)} of {len(codes)} searches refused with 429"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
