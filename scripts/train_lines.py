#!/usr/bin/env python3
"""Train the line classifier for scraped article pages (citekit/data/lines.crfsuite) and
write the names lexicon its features read (citekit/data/lines_names.json).

The training pages are the text renderings ``scripts/eval_pages.py --lopo`` judges: every
HTML page as a user copies it (site chrome kept) and every JATS article laid out as a
journal site prints it, each line labelled from the page's own metadata
(:mod:`citekit.parsers.text.corpus`). The same renderings, the same labels and a fixed
number of iterations give the same model on every run. Judge a change with
``eval_pages.py --lopo`` (each publisher read by a model trained without it) before
shipping the model this writes.

Usage: ``python scripts/train_lines.py [HTML_DIR] [JATS_DIR] [-o MODEL]``
(defaults: ``../shared/data/article-html``, ``../shared/data/jats-articles``,
``citekit/data/lines.crfsuite``).
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_pages import DATA, _documents, lopo_items  # noqa: E402

from citekit.parsers.text import byline, classify  # noqa: E402

# Sets whose references are journal reference lists, the names article pages print. The
# converted humanities and social-science sets (EXCITE's German footnotes, LinkedBooks'
# Italian notes) are left out: with their names in, the line classifier read one more
# publisher's title wrong leaving that publisher out (title 0.980 -> 0.959), and no field
# gained.
_NAME_SOURCES = ("anystyle", "cora", "crossref", "grobid", "jats")


def write_names(data: Path, path: Path) -> None:
    """The given and family names of the training side of the annotated reference sets
    (and Crossref records), as the reference parser's lexicon counts them, into ``path``."""
    import json

    from citekit.parsers.refs.corpus import load_all, split_of
    from citekit.parsers.refs.lexicon import build

    examples = [
        ex for ex in load_all(data) if split_of(ex.text) == "train" and ex.source.startswith(_NAME_SOURCES)
    ]
    lexicon = build(examples, data)
    names = {kind: sorted(lexicon[kind]) for kind in ("given", "family")}
    path.write_text(json.dumps(names, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {path}: {len(names['given'])} given, {len(names['family'])} family names")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("html", nargs="?", default=str(DATA / "article-html"), help="folder of HTML pages")
    parser.add_argument("jats", nargs="?", default=str(DATA / "jats-articles"), help="folder of JATS articles")
    parser.add_argument("-o", "--output", default=str(ROOT / "citekit" / "data" / "lines.crfsuite"))
    parser.add_argument(
        "--names-data", default=str(DATA), help="data folder whose reference-strings/ give the names lexicon"
    )
    args = parser.parse_args(argv)
    html_dir, jats_dir = Path(args.html), Path(args.jats)
    if not (html_dir.is_dir() or jats_dir.is_dir()):
        print(f"no data at {html_dir} or {jats_dir}", file=sys.stderr)
        return 1
    output = Path(args.output)
    names = output.with_name(Path(byline.NAMES_FILE).name)
    write_names(Path(args.names_data), names)
    byline._lexicon.cache_clear()  # the features below read the names just written
    classify.use_model(None)  # the renderings' labels never depend on a model
    documents = _documents(lopo_items(html_dir, jats_dir))
    counts = collections.Counter(label for _, labels in documents for label in labels)
    print(f"{len(documents)} pages; lines by label: {dict(sorted(counts.items()))}")
    classify.train(documents, output)
    print(f"wrote {output} ({output.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
