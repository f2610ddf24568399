#!/usr/bin/env python3
"""Parsing speed of the article-page parsers against a plain lxml parse of the same pages.

For every HTML page and JATS article in the data folders, time (a) a bare
``lxml.html.fromstring`` / ``lxml.etree.fromstring`` of the text, the baseline every
parser pays, and (b) citekit's parser (``citekit.parsers.html.page.parse`` /
``citekit.parsers.jats.article.parse``, the references left as the page gives them: the
reference-string parser is timed by its own benchmark). Also times the scraped-text
parser on the visible text of the HTML pages (against the lxml baseline of the page it
came from). Prints pages/s for each and the ratio citekit/lxml; the target is <= 3x.
Times are CPU times of this process (``time.process_time``), best of N rounds.

Usage: ``python scripts/bench_parse.py [HTML_DIR] [JATS_DIR] [--rounds N]``
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citekit.source import Source  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _once(function: Callable[[Any], Any], items: list[Any]) -> float:
    from citekit import names

    # Every round reads the pages afresh: the name cache would otherwise remember the
    # previous round's names (a harvest never sees a page twice).
    names._split_name.cache_clear()
    # CPU time of this process: on a shared machine, wall time also counts the time the
    # other processes hold the cores.
    start = time.process_time()
    for item in items:
        function(item)
    return time.process_time() - start


def _time(
    baseline: Callable[[Any], Any], ours: Callable[[Any], Any], items: list[Any], rounds: int
) -> tuple[float, float]:
    """Best-of-``rounds`` times of the baseline and of citekit, the two alternating round
    by round so that a busy machine (another process training) slows both alike."""
    best_base = best_ours = float("inf")
    for _ in range(rounds):
        best_base = min(best_base, _once(baseline, items))
        best_ours = min(best_ours, _once(ours, items))
    return best_base, best_ours


def _report(name: str, count: int, baseline: float, ours: float) -> float:
    ratio = ours / baseline if baseline else float("inf")
    print(
        f"{name:34s} {count:4d} pages  lxml {count / baseline:8.1f} pages/s"
        f"  citekit {count / ours:8.1f} pages/s  ratio {ratio:5.2f}x"
    )
    return ratio


def main(argv: list[str] | None = None) -> int:
    import lxml.etree
    import lxml.html

    from citekit.parsers.html.page import parse as parse_html
    from citekit.parsers.html.visible import visible_text
    from citekit.parsers.jats.article import parse as parse_jats
    from citekit.parsers.text.page import parse as parse_text

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("html", nargs="?", default=str(DATA / "article-html"))
    parser.add_argument("jats", nargs="?", default=str(DATA / "jats-articles"))
    parser.add_argument("--rounds", type=int, default=5, help="best of N rounds (default 5)")
    args = parser.parse_args(argv)

    html_pages = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(Path(args.html).rglob("*.html"))]
    jats_files = [
        p.read_text(encoding="utf-8", errors="replace")
        for p in sorted(Path(args.jats).rglob("*"))
        if p.suffix in (".xml", ".nxml")
    ]
    xml_parser = lxml.etree.XMLParser(
        recover=True, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
    )

    ratios = []
    if html_pages:
        # warm-up: imports, compiled patterns, the reference parser's lexicon
        for page in html_pages:
            parse_html(Source(page, "text/html", "bench"))
        base, ours = _time(
            lambda t: lxml.html.fromstring(_DECLARATION.sub("", t)),
            lambda t: parse_html(Source(t, "text/html", "bench")),
            html_pages,
            args.rounds,
        )
        ratios.append(_report("HTML (meta vocabularies)", len(html_pages), base, ours))
        texts = [visible_text(lxml.html.fromstring(_DECLARATION.sub("", t))) for t in html_pages]
        # The text parser's baseline is the lxml parse of the page each text came from.
        pairs = list(zip(html_pages, texts, strict=True))
        base, ours_text = _time(
            lambda pair: lxml.html.fromstring(_DECLARATION.sub("", pair[0])),
            lambda pair: parse_text(Source(pair[1], "text/plain", "bench")),
            pairs,
            args.rounds,
        )
        ratios.append(_report("scraped text (visible text)", len(texts), base, ours_text))
    if jats_files:
        for text in jats_files:
            parse_jats(Source(text, "application/jats+xml", "bench"))
        base, ours = _time(
            lambda t: lxml.etree.fromstring(_DECLARATION.sub("", t).encode("utf-8"), xml_parser),
            lambda t: parse_jats(Source(t, "application/jats+xml", "bench")),
            jats_files,
            args.rounds,
        )
        ratios.append(_report("JATS (front matter + references)", len(jats_files), base, ours))
    if ratios:
        print(f"worst ratio {max(ratios):.2f}x (target <= 3x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
