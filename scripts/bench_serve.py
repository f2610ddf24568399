#!/usr/bin/env python
"""``citekit serve`` under load, and the page's time from submitting a DOI to the entry.

    python scripts/bench_serve.py [--requests 50] [--latency 0.5] [--page-runs 5]

Everything runs on loopback: a Crossref stand-in (citekit.testing) over generated works
that answers every request after ``--latency`` seconds, ten small article sites on
127.0.0.2 … 127.0.0.11 (so the fetcher's per-host pacing stays at its default), and the
server with its default settings (thread pool, Crossref politeness, no answer cache so
that every lookup really reaches the stand-in).

1. API: ``--requests`` requests sent at once, a mix of /search (a distinct DOI each),
   /web (article pages holding a DOI), /import (BibTeX) and /export (BibTeX); counts
   errors (any answer but 200) and prints latency percentiles. The baseline, measured
   in the same run on fresh DOIs, is the same mix sent one at a time; the ratio is
   concurrent wall time / sequential wall time.
2. Page: headless Chromium (Debian's chromium and chromium-driver; skipped when absent)
   types a DOI into the page and waits for its formatted entry, ``--page-runs`` times
   with fresh DOIs; prints the median and worst time from the click to the entry.

Targets (issue "citekit serve"): 50 concurrent requests with no error; an entry within
2 s of submitting a DOI when Crossref answers within 0.5 s.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citekit.serve.app import create_app, serving  # noqa: E402
from citekit.serve.work import Settings  # noqa: E402
from citekit.testing import StandIn, serve  # noqa: E402

SITES = 10
BIBTEX = (
    "@article{doe2020,\n  title = {A benchmark entry},\n  author = {Doe, Jane and Roe, Rick},\n"
    "  journal = {J. Bench},\n  year = {2020}\n}\n"
)
ENTRIES = "return document.querySelectorAll('#bibliography .csl-entry').length"


def work(n: int) -> dict[str, Any]:
    """A Crossref work message for the generated DOI ``10.5555/bench.n``."""
    return {
        "DOI": f"10.5555/bench.{n}",
        "type": "journal-article",
        "title": [f"Generated work number {n} on tidal sediment transport"],
        "author": [{"family": f"Author{n}", "given": "Ada"}, {"family": "Second", "given": "Ben"}],
        "container-title": ["Journal of Benchmarks"],
        "volume": str(n % 40 + 1),
        "issue": "2",
        "page": f"{n}-{n + 9}",
        "issued": {"date-parts": [[2000 + n % 25, 3]]},
        "publisher": "Bench Press",
    }


def article(doi: str) -> str:
    return (
        "<!doctype html><html><head><title>Article</title>"
        f'<meta name="citation_title" content="Page for {doi}">'
        '<meta name="citation_author" content="Page, Paula">'
        f'<meta name="citation_doi" content="{doi}"></head><body><h1>Article</h1></body></html>'
    )


class _Site(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        if self.path.startswith("/article/"):
            body, status = article(self.path.removeprefix("/article/")).encode(), 200
        else:
            body, status = b"not here", 404
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


@contextlib.contextmanager
def sites() -> Iterator[list[str]]:
    """Article sites on 127.0.0.2 … (one host each, so per-host pacing never queues)."""
    servers = []
    for i in range(SITES):
        server = ThreadingHTTPServer((f"127.0.0.{i + 2}", 0), _Site)
        server.daemon_threads = True
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield [f"http://127.0.0.{i + 2}:{s.server_address[1]}" for i, s in enumerate(servers)]
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def call(base: str, path: str, body: str, content_type: str) -> tuple[int, float]:
    """POST ``body``; returns (status, seconds)."""
    request = urllib.request.Request(base + path, data=body.encode(), headers={"Content-Type": content_type})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
            status = int(response.status)
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError:
        status = 0
    return status, time.perf_counter() - start


def mix(count: int, first: int, site_urls: list[str], export_body: str) -> list[tuple[str, str, str]]:
    """``count`` requests: 2 in 5 /search, 1 in 5 each /web, /import, /export."""
    jobs = []
    for i in range(count):
        n = first + i
        kind = i % 5
        if kind in (0, 1):
            jobs.append(("/search", f"10.5555/bench.{n}", "text/plain"))
        elif kind == 2:
            jobs.append(("/web", f"{site_urls[i % len(site_urls)]}/article/10.5555/bench.{n}", "text/plain"))
        elif kind == 3:
            jobs.append(("/import", BIBTEX, "text/plain"))
        else:
            jobs.append(("/export?format=bibtex", export_body, "application/json"))
    return jobs


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def api(base: str, site_urls: list[str], count: int) -> None:
    export_body = json.dumps([{"itemType": "journalArticle", "title": f"T{i}", "date": "2020"} for i in range(20)])
    concurrent = mix(count, 1, site_urls, export_body)
    start = time.perf_counter()
    with ThreadPoolExecutor(count) as pool:
        results = list(pool.map(lambda job: call(base, *job), concurrent))
    wall = time.perf_counter() - start
    errors = [(job[0], status) for job, (status, _) in zip(concurrent, results, strict=True) if status != 200]
    latencies = [seconds for _, seconds in results]
    sequential = mix(count, 1 + count, site_urls, export_body)
    start = time.perf_counter()
    baseline = [call(base, *job) for job in sequential]
    base_wall = time.perf_counter() - start
    base_errors = sum(1 for status, _ in baseline if status != 200)
    print(f"API: {count} concurrent requests (/search, /web, /import, /export): {len(errors)} errors {errors[:5]}")
    print(
        f"  latency p50 {percentile(latencies, 0.5):.2f} s, p90 {percentile(latencies, 0.9):.2f} s, "
        f"p99 {percentile(latencies, 0.99):.2f} s, max {max(latencies):.2f} s; wall {wall:.2f} s"
    )
    by_route: dict[str, list[float]] = {}
    for job, (_, seconds) in zip(concurrent, results, strict=True):
        by_route.setdefault(job[0].split("?")[0], []).append(seconds)
    print("  p50 by route: " + ", ".join(f"{route} {statistics.median(v):.2f} s" for route, v in by_route.items()))
    print(f"  baseline, the same mix one at a time: wall {base_wall:.2f} s ({base_errors} errors)")
    print(f"  ratio concurrent / sequential wall time: {wall / base_wall:.2f}")


def page(base: str, runs: int, first: int) -> None:
    if not (Path("/usr/bin/chromium").exists() and Path("/usr/bin/chromedriver").exists()):
        print("page: skipped (needs /usr/bin/chromium and /usr/bin/chromedriver)")
        return
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    flags += ["--disable-component-update", "--no-first-run", f"--user-data-dir={tempfile.mkdtemp()}"]
    for flag in flags:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    times = []
    try:
        for n in range(first, first + runs):
            driver.get(base + "/")
            driver.execute_script("localStorage.clear()")
            driver.refresh()
            WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
            driver.find_element(By.ID, "q").send_keys(f"10.5555/bench.{n}")
            start = time.perf_counter()
            driver.find_element(By.ID, "cite-button").click()
            WebDriverWait(driver, 30, poll_frequency=0.01).until(lambda d: d.execute_script(ENTRIES) > 0)
            times.append(time.perf_counter() - start)
    finally:
        driver.quit()
    print(
        f"page: DOI typed → formatted entry, {runs} runs: median {statistics.median(times):.2f} s, "
        f"worst {max(times):.2f} s (target 2 s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=50, help="concurrent API requests")
    parser.add_argument("--latency", type=float, default=0.5, help="seconds the Crossref stand-in takes per answer")
    parser.add_argument("--page-runs", type=int, default=5, help="page measurements (0 skips the page)")
    args = parser.parse_args()
    # Loopback only: the identifier services (DataCite for DOIs Crossref lacks) point at a
    # closed port, so nothing here can reach a public service.
    for name in ("CITEKIT_PUBMED_URL", "CITEKIT_ARXIV_URL", "CITEKIT_OPENLIBRARY_URL", "CITEKIT_DATACITE_URL"):
        os.environ[name] = "http://127.0.0.1:9"
    works = [work(n) for n in range(0, 2 * args.requests + args.page_runs + 2)]
    standin = StandIn(works, latency=args.latency)
    with serve(standin) as crossref, sites() as site_urls:
        settings = Settings(crossref_url=crossref, mailto="bench@example.org", use_cache=False)
        with serving(create_app(settings)) as base:
            call(base, "/search", "10.5555/bench.0", "text/plain")  # start-up: styles, first connection
            print(f"Crossref stand-in answers after {args.latency:g} s; server threads {settings.threads}")
            api(base, site_urls, args.requests)
            if args.page_runs:
                page(base, args.page_runs, 2 * args.requests + 1)
    print(f"stand-in: {standin.stats.requests} requests, peak {standin.stats.peak_in_flight} in flight")


if __name__ == "__main__":
    main()
