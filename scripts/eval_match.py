#!/usr/bin/env python3
"""Reference matching accuracy: citekit against Crossref's SBMV, on one stand-in server.

    scripts/eval_match.py [DATA] [--limit N] [--seed S] [--errors N] [--json FILE]

DATA defaults to ../shared/data. A Crossref-compatible stand-in
(:mod:`citekit.testing`, BM25 search) runs on loopback over:

- every work record in DATA/crossref-api (collected from API answers and cassettes);
- invented near-duplicates (preprint, erratum, conference version, same title in
  another year/volume) of a share of the journal articles;
- minimal records rebuilt from the APA strings of the Crossref matching set (their
  gold DOIs are not among the collected records), so that the IEEE strings of the same
  DOIs have a target.

Cases (reference string → gold DOI, or none when the target is not in the index):

- ``rendered``: collected works rendered with citeproc-py in several CSL styles;
- ``near-duplicates``: works removed from the index while their near-duplicates stay
  (any match is wrong);
- ``noisy``: rendered strings with 2% of their letters mistyped;
- ``no-title``: journal articles in a physics style that omits titles;
- ``crossref-ieee``: Crossref's IEEE-style strings, target rebuilt from the APA string
  (a fifth of the targets left out of the index);
- ``crossref-1k``: Crossref's 1,000 real unstructured references; none of their gold
  DOIs is in the index, so every match is wrong (a precision test on real strings).

With ``--typos N`` (off by default; the cases above stay the same), N journal articles
more are rendered with one digit of their year, volume or first page changed: ``typo``
(a style with titles), ``typo-no-title`` (the physics style without), and ``typo-absent``
when the article is one of the hidden fifth (any match is wrong).

citekit parses each string (``citekit.parsers.refs.reference``) and resolves it
(``citekit.resolve``). SBMV is crossref-matcher's ``reference-sbmv-unstructured``
strategy, unchanged, with its REST call pointed at the stand-in. Precision = correct
links / links made; recall = correct links / references whose target is indexed.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from match_data import DEFAULT_DATA, collect_works, crossref_matching, decoys, reconstruct, render  # noqa: E402

STYLES = [
    "apa",
    "ieee",
    "chicago-author-date",
    "modern-language-association",
    "nature",
    "american-medical-association",
    "harvard-cite-them-right",
    "springer-basic-author-date",
    "american-chemical-society",
    "elsevier-harvard",
]

Case = tuple[str, str, str | None]  # dataset, string, gold DOI (lowercase) or None


def build(data: Path, rng: random.Random, limit: int, typo_count: int = 0) -> tuple[list[dict[str, Any]], list[Case]]:
    works = collect_works(data)
    eligible = [
        w
        for w in works
        if w.get("title") and w.get("author") and w.get("type") not in ("journal-issue", "component", "peer-review")
    ]
    articles = [w for w in eligible if w.get("type") == "journal-article" and w.get("container-title")]
    rng.shuffle(articles)
    hidden = {str(w["DOI"]).lower() for w in articles[: len(articles) // 5]}
    with_decoys = articles[: len(articles) // 2]  # the hidden fifth and as many shown
    index = [w for w in works if str(w["DOI"]).lower() not in hidden]
    for n, work in enumerate(with_decoys):
        index.extend(decoys(work, n, rng))
    cases: list[Case] = []
    for work in eligible:
        doi = str(work["DOI"]).lower()
        for style in rng.sample(STYLES, 2 if doi not in hidden else 1):
            text = render(work, style)
            if text:
                cases.append(("near-duplicates" if doi in hidden else "rendered", text, None if doi in hidden else doi))
    # Harder strings: typing errors (2% of letters), and physics style without titles.
    sample = [w for w in eligible if str(w["DOI"]).lower() not in hidden]
    for work in rng.sample(sample, min(300, len(sample))):
        text = render(work, rng.choice(STYLES))
        if text:
            cases.append(("noisy", typos(text, rng), str(work["DOI"]).lower()))
    shown = [w for w in articles if str(w["DOI"]).lower() not in hidden]
    for work in rng.sample(shown, min(150, len(shown))):
        text = render(work, "american-physics-society-without-titles")
        if text:
            cases.append(("no-title", text, str(work["DOI"]).lower()))
    sets = crossref_matching(data)
    apa, ieee = sets.get("dataset-apa", []), sets.get("dataset-ieee", [])
    pairs = [(a, i, gold) for (a, gold), (i, gold2) in zip(apa, ieee, strict=False) if gold and gold == gold2]
    rng.shuffle(pairs)
    for apa_text, ieee_text, gold in pairs[:limit]:
        work = reconstruct(apa_text, gold)
        if work is None:
            continue
        absent = rng.random() < 0.2
        if not absent:
            index.append(work)
        cases.append(("crossref-ieee", ieee_text, None if absent else gold))
    indexed = {str(w["DOI"]).lower() for w in index}
    for text, gold in sets.get("unstructured_1K_sbm", []):
        cases.append(("crossref-1k", text, gold if gold in indexed else None))
    if typo_count:
        cases.extend(typo_cases(articles, hidden, rng, typo_count))
    return index, cases


def year_of(work: dict[str, Any]) -> int | None:
    try:
        return int(work["issued"]["date-parts"][0][0])
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def one_digit(text: str, rng: random.Random) -> str:
    """``text`` with one of its digits replaced by another."""
    places = [i for i, ch in enumerate(text) if ch.isdigit()]
    if not places:
        return text
    i = rng.choice(places)
    return text[:i] + rng.choice([d for d in "0123456789" if d != text[i]]) + text[i + 1 :]


def typo_cases(articles: list[dict[str, Any]], hidden: set[str], rng: random.Random, count: int) -> list[Case]:
    """Articles rendered with one digit of their year, volume or first page changed."""
    usable = [
        w
        for w in articles
        if str(w.get("volume") or "").isdigit() and re.match(r"\d", str(w.get("page") or "")) and year_of(w)
    ]
    cases: list[Case] = []
    for work in rng.sample(usable, min(count, len(usable))):
        doi = str(work["DOI"]).lower()
        typed = copy.deepcopy(work)
        field = rng.choice(("year", "volume", "page"))
        if field == "year":
            typed["issued"] = {"date-parts": [[int(one_digit(str(year_of(work)), rng))]]}
            for key in ("published-print", "published-online", "published"):
                typed.pop(key, None)
        elif field == "volume":
            typed["volume"] = one_digit(str(work["volume"]), rng)
        else:
            start, dash, rest = str(work["page"]).partition("-")
            typed["page"] = one_digit(start, rng) + dash + rest
        untitled = rng.random() < 0.4
        text = render(typed, "american-physics-society-without-titles" if untitled else rng.choice(STYLES))
        if text:
            kind = "typo-absent" if doi in hidden else "typo-no-title" if untitled else "typo"
            cases.append((kind, text, None if doi in hidden else doi))
    return cases


def typos(text: str, rng: random.Random, rate: float = 0.02) -> str:
    """``text`` with a share of its letters replaced, dropped or doubled."""
    out = []
    for ch in text:
        if ch.isalpha() and rng.random() < rate:
            kind = rng.randrange(3)
            if kind == 0:
                out.append(rng.choice("abcdefghijklmnopqrstuvwxyz"))
            elif kind == 2:
                out.append(ch + ch)
            continue
        out.append(ch)
    return "".join(out)


def calibrate(standin: Any, cases: list[Case]) -> float:
    """Scale BM25 so that good matches score ~0.64 per query character, as Crossref's do."""
    from citekit.resolve.query import clean_reference

    ratios = []
    for _, text, gold in cases[:400]:
        query = clean_reference(text)
        top = standin.search(query, 1)
        if gold and top and str(top[0][1]["DOI"]).lower() == gold:
            ratios.append(top[0][0] / standin.scale / max(1, len(query)))
    return 0.64 / statistics.median(ratios) if ratios else standin.scale


NOTES: dict[int, str] = {}  # citekit's reason for each unresolved case (shown with --errors)


def run_citekit(url: str, cases: list[Case]) -> list[str | None]:
    from citekit.parsers.refs.reference import parse_references
    from citekit.resolve import make_resolver
    from citekit.resolve.limiter import Politeness

    items = parse_references([text for _, text, _ in cases])
    fast = Politeness(single_rate=5000, list_rate=5000, concurrency=4)
    with make_resolver(
        base_url=url, mailto="eval@example.org", use_cache=False, politeness=fast, workers=4
    ) as resolver:
        out = resolver.resolve_all(items)
    for i, record in enumerate(out):
        NOTES[i] = str(record.get("custom", {}).get("match", {}).get("reason") or "")
    return [
        str(r["DOI"]).lower() if r.get("custom", {}).get("match", {}).get("status") == "matched" else None for r in out
    ]


def run_sbmv(url: str, cases: list[Case]) -> list[str | None]:
    import requests
    from crossref_matcher.strategies.reference.sbmv_unstructured import strategy as sbmv

    session = requests.Session()

    def call(route: str, params: dict[str, Any]) -> tuple[int, Any]:
        reply = session.get(f"{url}/{route}", params=params, timeout=30)
        return reply.status_code, reply.json()["message"] if reply.status_code == 200 else reply.text

    sbmv.crossref_rest_api_call = call  # the strategy's only network call, aimed at the stand-in
    matcher = sbmv.SbmvUnstructured()

    def one(text: str) -> str | None:
        found = matcher.match(text)
        return str(found[0]["id"]).removeprefix("https://doi.org/").lower() if found else None

    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(one, [text for _, text, _ in cases]))


def metrics(pairs: list[tuple[str | None, str | None]]) -> dict[str, float]:
    tp = sum(1 for pred, gold in pairs if pred and pred == gold)
    made = sum(1 for pred, _ in pairs if pred)
    wanted = sum(1 for _, gold in pairs if gold)
    p = tp / made if made else 1.0
    r = tp / wanted if wanted else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"n": len(pairs), "targets": wanted, "links": made, "correct": tp, "precision": p, "recall": r, "f1": f}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=800, help="Crossref IEEE strings to use (default 800)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--typos", type=int, default=0, help="add N articles with one digit of year, volume or page changed"
    )
    parser.add_argument("--errors", type=int, default=0, help="print this many citekit mistakes per dataset")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args(argv)
    if not (args.data / "crossref-api").is_dir():
        parser.error(f"no crossref-api folder under {args.data}")

    from citekit.testing import StandIn, serve

    started = time.perf_counter()
    index, cases = build(args.data, random.Random(args.seed), args.limit, args.typos)
    standin = StandIn(index)
    standin.scale = calibrate(standin, [c for c in cases if c[0] == "rendered"])
    print(
        f"stand-in: {len(standin.works)} works; {len(cases)} cases; built in {time.perf_counter() - started:.1f}s;"
        f" score scale {standin.scale:.2f}"
    )
    results: dict[str, list[str | None]] = {}
    seconds: dict[str, float] = {}
    with serve(standin) as url:
        for name, runner in (("citekit", run_citekit), ("sbmv", run_sbmv)):
            start = time.perf_counter()
            results[name] = runner(url, cases)
            seconds[name] = time.perf_counter() - start
    report: dict[str, Any] = {"seconds": seconds, "datasets": {}}
    groups: dict[str, list[int]] = defaultdict(list)
    for i, (dataset, _, _) in enumerate(cases):
        groups[dataset].append(i)
    # "all" is the shared cases only; the --typos cases have their own rows and total.
    groups["all"] = [i for i, case in enumerate(cases) if not case[0].startswith("typo")]
    if len(groups["all"]) < len(cases):
        groups["all with typos"] = list(range(len(cases)))
    print(
        f"\n{'dataset':<16}{'n':>6}{'targets':>8}  {'citekit P':>9}{'R':>7}{'F1':>7}   {'SBMV P':>7}{'R':>7}{'F1':>7}"
    )
    for dataset, idx in groups.items():
        row = {}
        for name in ("citekit", "sbmv"):
            row[name] = metrics([(results[name][i], cases[i][2]) for i in idx])
        report["datasets"][dataset] = row
        c, s = row["citekit"], row["sbmv"]
        print(
            f"{dataset:<16}{c['n']:>6}{c['targets']:>8}  {c['precision']:>9.4f}{c['recall']:>7.4f}{c['f1']:>7.4f}"
            f"   {s['precision']:>7.4f}{s['recall']:>7.4f}{s['f1']:>7.4f}"
        )
    print(f"\ntime: citekit {seconds['citekit']:.1f}s, SBMV {seconds['sbmv']:.1f}s for {len(cases)} references")
    if args.errors:
        for dataset, idx in groups.items():
            if dataset.startswith("all"):
                continue
            wrong = [i for i in idx if results["citekit"][i] != cases[i][2]]
            wrong.sort(key=lambda i: results["citekit"][i] is None)  # false links first
            for i in wrong[: args.errors]:
                print(
                    f"[{dataset}] gold={cases[i][2]} citekit={results['citekit'][i]} ({NOTES.get(i, '')})"
                    f" sbmv={results['sbmv'][i]}\n    {cases[i][1]}"
                )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
