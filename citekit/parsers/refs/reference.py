"""Reference strings into CSL-JSON items.

``parse_reference("Sohawon, D., Lau, K. K. (2012). Extra-medullary haematopoiesis.
J Med Imaging Radiat Oncol, 56: 538-544.")`` gives a normalised CSL item (authors as
family/given, ``issued``, ``container-title``, ``volume``, ``page``...) with the original
string in ``custom.raw``. ``split_references`` cuts a pasted list or a page's reference
section into single strings first.

Identifiers are found exactly by pattern; the remaining fields come from a labeller
(a CRF trained by ``scripts/train_refparser.py``, shipped in ``citekit/data``; the
rule-based labeller of :mod:`citekit.parsers.refs.heuristic` only when no model file is
installed), then deterministic post-processing: the ordered list of repairs of
:mod:`citekit.parsers.refs.repairs` and the mapping of :mod:`citekit.parsers.refs.fields`.
The module imports nothing heavy: the model loads on first use, once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from citekit.errors import ParseError
from citekit.parsers.refs.cjk import HAN_KANA, fold_width
from citekit.parsers.refs.fields import build_record
from citekit.parsers.refs.ident import Ident
from citekit.parsers.refs.kinds import GBT_MARKER
from citekit.parsers.refs.repairs import READING, RECORD, REPAIRS, Repair, apply_repairs
from citekit.parsers.refs.segment import MAX_REFERENCE_CHARS, split_block
from citekit.record import Record

__all__ = ["MAX_REFERENCE_CHARS", "parse_reference", "parse_references", "split_references"]

Labeller = Callable[[str], tuple[dict[str, list[str]], list[Ident]]]


def default_labeller(model_path: str | None = None, *, repairs: tuple[Repair, ...] = REPAIRS) -> Labeller:
    """The trained model's labeller, or the rule-based one when no model is installed.

    The model's reading goes through the ``"reading"`` stage of ``repairs``; the rule-based
    reading (also used for GB/T 7714 references, whose type marker ends the title exactly)
    does not.

    :param model_path: use this CRFsuite model file instead of the shipped one.
    :param repairs: the repairs to run (:data:`~citekit.parsers.refs.repairs.REPAIRS`, or fewer).
    :returns: ``text -> (spans, identifiers)``.
    """
    from citekit.parsers.refs.heuristic import label_spans as rules
    from citekit.parsers.refs.model import CrfLabeller
    from citekit.parsers.refs.model import default_labeller as crf

    model = CrfLabeller(model_path) if model_path else crf()
    if model is None:
        return rules
    reading = tuple(r for r in repairs if r.stage == READING)

    def label(text: str) -> tuple[dict[str, list[str]], list[Ident]]:
        if GBT_MARKER.search(text):
            return rules(text)
        chunks, idents = model.label_spans(text)
        return apply_repairs(chunks, text, READING, reading), idents

    return label


def _check(text: object) -> str:
    if not isinstance(text, str):
        raise TypeError(f"a reference must be a str, not {type(text).__name__}")
    return text


def _check_length(text: str, number: int) -> None:
    # Checked before any folding, so an over-long string costs nothing but this look.
    if len(text) > MAX_REFERENCE_CHARS and len(text.strip()) > MAX_REFERENCE_CHARS:
        raise ParseError(
            f"reference {number}: longer than {MAX_REFERENCE_CHARS:,} characters; not parsed"
            " (split_references cuts a run-together list into references)"
        )


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff]")
# Inline formatting left by XML and HTML sources ("<italic>Planta</italic>", "<i>Nature</i>",
# "H<sub>2</sub>O"): markup, not text.
MARKUP = re.compile(r"</?(?:i|b|u|em|strong|italic|bold|sc|sup|sub|span|font)(?:\s[^<>]*)?/?>", re.IGNORECASE)


def parse_reference(text: str) -> Record:
    """One reference string as a CSL-JSON item.

    :param text: the reference as written ("Smith J. Title. J Abbr. 2009;37(2):155-9.").
    :returns: a normalised CSL item with ``custom.raw`` holding ``text``; ``{}`` for a
        blank string (or one without a single letter or digit).
    :raises TypeError: ``text`` is not a string.
    :raises ParseError: ``text`` is longer than :data:`MAX_REFERENCE_CHARS` characters.
    """
    return parse_references([text])[0]


def parse_references(
    texts: Iterable[str], *, labeller: Labeller | None = None, repairs: tuple[Repair, ...] = REPAIRS
) -> list[Record]:
    """Many reference strings at once, in the same order.

    :param texts: reference strings; blank ones give ``{}``.
    :param labeller: label spans with this instead of the shipped model (evaluation).
    :param repairs: the repairs to run (:data:`~citekit.parsers.refs.repairs.REPAIRS`; fewer
        to measure what one is worth: ``repairs=without("day_not_volume")``). The
        ``"record"`` stage runs on every reading; the ``"reading"`` stage is the default
        labeller's (pass ``default_labeller(path, repairs=...)`` along with a model file).
    :returns: one CSL item per input string.
    :raises TypeError: an item is not a string.
    :raises ParseError: an item is longer than :data:`MAX_REFERENCE_CHARS` characters
        (parsing cost grows with length; no reference is that long). The error names the
        item by its 1-based position.
    """
    label_spans = labeller or default_labeller(repairs=repairs)
    record_stage = tuple(r for r in repairs if r.stage == RECORD)
    out: list[Record] = []
    for number, text in enumerate(texts, 1):
        raw = _check(text)
        _check_length(raw, number)
        # Control characters and undecodable bytes (lone surrogates) are no part of a reference;
        # CRFsuite, which reads UTF-8 C strings, fails on both.
        raw = _CONTROL.sub(" ", raw)
        plain = MARKUP.sub("", raw)
        clean = " ".join(plain.split())
        if not any(c.isalnum() for c in clean):  # blank, or punctuation and control characters only
            out.append({})
            continue
        folded = fold_width(clean) if HAN_KANA.search(clean) else clean
        chunks, idents = label_spans(folded)
        changed = folded != clean or plain != raw
        record = build_record(chunks, idents, folded if changed else raw.strip(), repairs=record_stage)
        if changed:
            record["custom"]["raw"] = raw.strip()  # the string as written, not its folded form
        out.append(record)
    return out


def split_references(block: str) -> list[str]:
    """A block of text holding several references into single reference strings.

    :param block: a reference section or pasted list: numbered ("[1]", "1.", "1)") or
        not, each reference on one line or wrapped over several.
    :returns: the reference strings in order, wrapped lines joined; a piece longer than
        :data:`MAX_REFERENCE_CHARS` is cut into shorter ones, so every string returned
        can go to :func:`parse_references`. Linear in the length of ``block``.
    :raises TypeError: ``block`` is not a string.
    """
    return split_block(_check(block))
