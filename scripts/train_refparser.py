#!/usr/bin/env python
"""Train the reference-string labeller (a CRFsuite model) reproducibly.

    nice -n 10 python scripts/train_refparser.py [--data ../shared/data] [--synthetic 6000]

Training data:
  (a) the *training* side of every annotated set in ``DATA/reference-strings`` (the
      held-out side, chosen by a hash of each folded string, is never read here; see
      ``citekit.parse.refs.corpus.split_of``), deduplicated;
  (b) synthetic references: records built from those training annotations (and the
      Crossref API records in ``DATA/crossref-api``) rendered through many CSL styles
      with citeproc-py, with realistic damage (abbreviated journals, dropped titles,
      typos, truncated author lists); see ``citekit.parse.refs.synth``.
Writes ``citekit/data/refparser.crfsuite`` and ``citekit/data/refs_lexicon.json``.
Every random choice uses a fixed seed, so the same data give the same model.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citekit.parse.refs import features  # noqa: E402
from citekit.parse.refs.corpus import Example, fold_key, load_all, split_of  # noqa: E402
from citekit.parse.refs.model import MODEL_NAME, prepare, token_labels  # noqa: E402


def default_data() -> Path:
    return (ROOT / ".." / "shared" / "data").resolve()


def build_lexicon(examples: list[Example], data: Path, out: Path) -> None:
    """Word classes from the training annotations and the Crossref records."""
    from citekit.parse.refs.lexicon import build

    lexicon = build(examples, data)
    out.write_text(json.dumps({k: sorted(v) for k, v in lexicon.items()}, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    features.use_lexicon(out)
    print(f"lexicon: {', '.join(f'{k} {len(v)}' for k, v in lexicon.items())}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=default_data(), help="shared data folder (default ../shared/data)")
    parser.add_argument("--out", type=Path, default=ROOT / "citekit" / "data", help="where the model and lexicon go")
    parser.add_argument("--synthetic", type=int, default=6000, help="synthetic references to render (0: none)")
    parser.add_argument("--iterations", type=int, default=120)
    parser.add_argument("--c1", type=float, default=0.05, help="L1 penalty (sparser, smaller model)")
    parser.add_argument("--c2", type=float, default=0.01, help="L2 penalty")
    parser.add_argument("--minfreq", type=float, default=2, help="drop features seen fewer times")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)

    import pycrfsuite

    random.seed(args.seed)
    started = time.time()
    examples = load_all(args.data)
    seen: set[str] = set()
    train: list[Example] = []
    for ex in examples:
        key = fold_key(ex.text)
        if split_of(ex.text) != "train" or key in seen:
            continue
        seen.add(key)
        train.append(ex)
    print(f"real training references: {len(train)} ({dict(Counter(e.source for e in train))})", file=sys.stderr)
    args.out.mkdir(parents=True, exist_ok=True)
    build_lexicon(train, args.data, args.out / "refs_lexicon.json")

    synthetic: list[Example] = []
    if args.synthetic:
        from citekit.parse.refs.synth import render_examples

        synthetic = render_examples(train, args.data, args.synthetic, seed=args.seed)
        print(f"synthetic references: {len(synthetic)}", file=sys.stderr)

    trainer = pycrfsuite.Trainer(verbose=False)
    labels: Counter[str] = Counter()
    for ex in [*train, *synthetic]:
        text = " ".join(ex.text.split())
        if text != ex.text:
            continue  # spans are offsets into the folded text built by the loaders
        spans, feats, _, _ = prepare(text)
        if not spans:
            continue
        ys = token_labels(text, spans, ex.spans)
        labels.update(ys)
        trainer.append(feats, ys)
    print(f"token labels: {dict(labels.most_common())}", file=sys.stderr)
    trainer.set_params({
        "c1": args.c1,
        "c2": args.c2,
        "max_iterations": args.iterations,
        "feature.minfreq": args.minfreq,
        "feature.possible_transitions": True,
    })
    model = args.out / MODEL_NAME
    tmp = model.with_suffix(".tmp")
    trainer.train(str(tmp))
    tmp.replace(model)
    info = trainer.logparser.last_iteration
    print(f"trained in {time.time() - started:.0f} s; loss {info.get('loss')}; model {model.stat().st_size / 1e6:.2f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
