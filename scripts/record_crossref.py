#!/usr/bin/env python3
"""Record Crossref answers by hand for test fixtures (never run in CI).

    scripts/record_crossref.py 10.5555/abc 10.1000/xyz [--out tests/fixtures/crossref]
        [--crossref-url URL] [--mailto EMAIL]

Each DOI's ``/works/{doi}`` answer is written, as Crossref sent it (pretty JSON, sorted
keys), at its real path under ``--out``: ``works/10.5555/abc.json``. Fixtures in the
repository are written by us (invented works under 10.5555); recorded real answers are
for looking at shapes, and should be trimmed and anonymised before they are committed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dois", nargs="+", metavar="DOI")
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "fixtures" / "crossref")
    parser.add_argument("--crossref-url", default=os.environ.get("CITEKIT_CROSSREF_URL", "https://api.crossref.org"))
    parser.add_argument("--mailto", default=os.environ.get("CITEKIT_MAILTO"))
    args = parser.parse_args(argv)

    from citekit.errors import ResolveError
    from citekit.record import normalize_doi
    from citekit.resolve.client import CrossrefClient

    client = CrossrefClient(args.crossref_url, mailto=args.mailto)
    failed = 0
    try:
        for given in args.dois:
            doi = normalize_doi(given) or given
            try:
                work = client.work(doi)
            except ResolveError as exc:
                print(f"{doi}: {exc}", file=sys.stderr)
                failed += 1
                continue
            reply = {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": work}
            path = args.out / "works" / f"{doi}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(reply, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
            print(path)
    finally:
        client.close()
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
