"""The trained labeller: a linear-chain CRF (CRFsuite) over reference tokens.

Training (``scripts/train_refparser.py``) and tagging share :func:`prepare`, so the
features seen at run time are exactly those the model was trained on. The model file
``citekit/data/refparser.crfsuite`` is opened once, lazily, on first use.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

from citekit.parsers.refs.features import sequence_features, use_lexicon
from citekit.parsers.refs.ident import Ident, find_identifiers
from citekit.parsers.refs.tokens import tokenize

__all__ = [
    "IDENT_LABELS",
    "MODEL_NAME",
    "SECOND_SUFFIX",
    "CrfLabeller",
    "begin_marked",
    "default_labeller",
    "plain",
    "prepare",
    "stacked_features",
    "token_labels",
]

MODEL_NAME = "refparser.crfsuite"
SECOND_SUFFIX = ".pass2.crfsuite"  # refparser.pass2.crfsuite: the stacked second pass
LEXICON_NAME = "refs_lexicon.json"
_ISO_DATE = re.compile(r"^\(?(?:1[5-9]|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\)?[.,;:]?$")
_DASH = re.compile(r"^[-‐‑‒–—―−]{1,2}$")
_NUMBER = re.compile(r"^\(?[A-Za-z]?\d+[A-Za-z]?[.,;:)]*$")
IDENT_LABELS = {
    "DOI": "doi",
    "URL": "url",
    "arXiv": "identifier",
    "PMID": "identifier",
    "PMCID": "identifier",
    "ISBN": "identifier",
    "ISSN": "identifier",
}


def prepare(text: str) -> tuple[list[tuple[int, int]], list[list[str]], list[Ident], list[str]]:
    """Tokens, their features, the exact identifiers and each token's identifier kind.

    :param text: one reference string (whitespace already folded).
    :returns: ``(spans, features, identifiers, kinds)``.
    """
    spans = tokenize(text)
    idents = find_identifiers(text)
    kinds = [""] * len(spans)
    if idents:
        for k, (start, end) in enumerate(spans):
            for ident in idents:
                if start < ident.end and ident.start < end:
                    kinds[k] = ident.kind
                    break
    feats = sequence_features([text[a:b] for a, b in spans], kinds if idents else None)
    return spans, feats, idents, kinds


def stacked_features(feats: list[list[str]], first: list[str]) -> list[list[str]]:
    """Second-pass features: the first pass's labels around each token and the order of
    the fields it found (what came before, what comes after), added to ``feats``.

    A linear-chain CRF sees only the previous label; the second pass sees the whole
    first reading, so "a title already ended three tokens ago" can inform this token.
    """
    n = len(first)
    runs: list[int] = [0] * n  # index of the run each token belongs to
    run_labels: list[str] = []
    for i, label in enumerate(first):
        if i == 0 or label != first[i - 1]:
            run_labels.append(label)
        runs[i] = len(run_labels) - 1
    out = []
    seen: set[str] = set()
    for i, f in enumerate(feats):
        r = runs[i]
        extra = [
            f"L0={first[i]}",
            f"L-1={first[i - 1] if i else 'BOS'}",
            f"L+1={first[i + 1] if i + 1 < n else 'EOS'}",
            f"L-2={first[i - 2] if i > 1 else 'BOS'}",
            f"L+2={first[i + 2] if i + 2 < n else 'EOS'}",
            f"Rp={run_labels[r - 1] if r else 'BOS'}",
            f"Rn={run_labels[r + 1] if r + 1 < len(run_labels) else 'EOS'}",
            f"L0Rp={first[i]}|{run_labels[r - 1] if r else 'BOS'}",
        ]
        extra.extend(f"S={label}" for label in sorted(seen - {first[i]}))
        out.append(f + extra)
        if i + 1 < n and runs[i + 1] != r:
            seen.add(first[i])
    return out


def begin_marked(labels: list[str]) -> list[str]:
    """``labels`` with the first token of each field marked ("B-title"): the CRF then
    learns how a field opens apart from how it goes on ("in «" opens a journal, a full
    stop closes a title), which one label per field cannot tell it."""
    return [f"B-{y}" if y != "other" and (k == 0 or labels[k - 1] != y) else y for k, y in enumerate(labels)]


def plain(labels: list[str]) -> list[str]:
    """Labels without the marks of :func:`begin_marked`."""
    return [y[2:] if y.startswith("B-") else y for y in labels]


def token_labels(text: str, spans: list[tuple[int, int]], char_spans: list[tuple[int, int, str]]) -> list[str]:
    """Gold token labels from labelled character spans (the label most letters carry)."""
    chars = ["other"] * len(text)
    for start, end, label in char_spans:
        for i in range(start, min(end, len(text))):
            chars[i] = label
    out = []
    for start, end in spans:
        votes: dict[str, int] = defaultdict(int)
        for i in range(start, end):
            weight = 2 if text[i].isalnum() else 1
            votes[chars[i]] += weight
        labelled = {k: v for k, v in votes.items() if k != "other"}
        if labelled and (max(labelled.values()) * 2 >= votes.get("other", 0) or len(labelled) == len(votes)):
            out.append(max(labelled, key=lambda k: labelled[k]))
        else:
            out.append("other")
    return out


class CrfLabeller:
    """Labels reference tokens with a trained CRFsuite model."""

    def __init__(self, path: str | Path) -> None:
        import pycrfsuite  # imported here: only tagging needs it

        self.path = str(path)
        second = Path(path).with_name(Path(path).stem + SECOND_SUFFIX)
        self._second: Any = None
        if second.is_file():
            self._second = pycrfsuite.Tagger()
            self._second.open(str(second))
        lexicon = Path(path).with_name(LEXICON_NAME)
        use_lexicon(lexicon if lexicon.is_file() else None)
        self._tagger: Any = pycrfsuite.Tagger()
        self._tagger.open(self.path)
        self._lock = threading.Lock()

    def label_spans(self, text: str) -> tuple[dict[str, list[str]], list[Ident]]:
        """Labelled spans and identifiers of one reference string.

        :param text: one reference string, whitespace folded.
        :returns: ``(chunks, identifiers)``: label → span texts in order.
        """
        spans, feats, idents, kinds = prepare(text)
        if not spans:
            return {}, idents
        with self._lock:  # a CRFsuite tagger holds one sequence at a time
            labels = plain(self._tagger.tag(feats))
            if self._second is not None:
                labels = plain(self._second.tag(stacked_features(feats, labels)))
        for k in range(1, len(labels) - 1):
            # "pp. 1573 – 1584": a dash standing alone between two numbers joins a page range.
            if (
                "pages" in (labels[k - 1], labels[k + 1])
                and _DASH.match(text[spans[k][0] : spans[k][1]])
                and _NUMBER.match(text[spans[k - 1][0] : spans[k - 1][1]])
                and _NUMBER.match(text[spans[k + 1][0] : spans[k + 1][1]])
            ):
                labels[k - 1] = labels[k] = labels[k + 1] = "pages"
        for k, kind in enumerate(kinds):
            if kind:
                labels[k] = IDENT_LABELS[kind]
            elif _ISO_DATE.match(text[spans[k][0] : spans[k][1]]):
                labels[k] = "date"  # 2017-06-22 is never a page range
        chunks: dict[str, list[str]] = defaultdict(list)
        start = 0
        for k in range(1, len(labels) + 1):
            if k == len(labels) or labels[k] != labels[start]:
                if labels[start] != "other":
                    chunks[labels[start]].append(text[spans[start][0] : spans[k - 1][1]])
                start = k
        return dict(chunks), idents


_DEFAULT: CrfLabeller | None = None
_DEFAULT_LOCK = threading.Lock()


def default_labeller() -> CrfLabeller | None:
    """The shipped model, opened once; ``None`` when the package has no model file."""
    global _DEFAULT
    if _DEFAULT is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                ref = resources.files("citekit").joinpath(f"data/{MODEL_NAME}")
                if not ref.is_file():
                    return None
                _DEFAULT = CrfLabeller(str(ref))
    return _DEFAULT
