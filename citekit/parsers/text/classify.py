"""A line classifier for scraped article pages: title, author, affiliation, date, doi,
journal, abstract or other, for every line near the top of a page.

A linear-chain CRF (python-crfsuite, the library of the reference parser) over the
page's non-empty lines: each line is described by its shape (length, capitals, digits,
punctuation, markers glued to words), by what it holds (a date, a DOI, an address, known
given and family names, affiliation or journal words, menu words), by its place on the
page and by the same for the lines around it. Trained on text renderings of article
pages with their site chrome kept (``scripts/train_lines.py``); the model ships in
``citekit/data/lines.crfsuite``.

The parser (:mod:`citekit.parsers.text.page`) keeps its rules for what is deterministic
(DOI and date syntax) and asks the model only which lines are the title and the byline.
"""

from __future__ import annotations

import collections
import functools
import itertools
import operator
import re
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from citekit.dates import match_date
from citekit.names import fold
from citekit.parsers.text.lines import ABSTRACT_FIRST, ABSTRACT_LABEL, KEYWORDS_FIRST, KEYWORDS_LABEL, is_prose
from citekit.parsers.text.title import title_score
from citekit.record import DOI_PATTERN

__all__ = ["MAX_LINES", "LineModel", "Marginals", "active", "features", "load_default", "train", "use_model"]

# Only the top of a page holds its title and byline (a reference list or a long body
# never needs classifying); this also bounds the cost on very long pages.
MAX_LINES = 250
_LONG = 400

# A year 1600-2099 as a word. Each branch opens with its digit (the word boundary before
# it looked behind for from there), so the regex engine tries the pattern only at a 1 or a 2.
_YEAR = re.compile(r"(?:1(?<!\w1)[6-9]|2(?<!\w2)0)\d\d\b")
_GLUED_MARK = re.compile(r"[a-zà-ÿ][\d*†‡§]+(?:,\d+)*(?=[\s,;]|$)")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


@functools.lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[str], frozenset[str]]:
    from citekit.parsers.text.byline import _lexicon as names

    return names()


def _bucket(value: float, edges: Sequence[float]) -> str:
    for i, edge in enumerate(edges):
        if value <= edge:
            return str(i)
    return str(len(edges))


_DIGIT = re.compile(r"\d")
_COPYRIGHT = re.compile(r"^(?:copyright\b|©|\(c\)\s*\d{4})|©", re.IGNORECASE)
# Words that mark a line as a menu entry, a journal's name or numbers, a dated event or
# an affiliation: looked up among the line's lower-cased words (one pass over the line).
_WORD_SETS = (
    (
        "menu",
        frozenset(
            [
                "home",
                "menu",
                "search",
                "log",
                "login",
                "sign",
                "register",
                "subscribe",
                "cookie",
                "cookies",
                "privacy",
                "browse",
                "cart",
                "account",
                "download",
                "share",
                "cite",
                "alert",
                "alerts",
                "archive",
                "issue",
                "issues",
                "journals",
                "submit",
                "contact",
                "help",
                "terms",
                "skip",
                "access",
                "metrics",
                "pdf",
                "rss",
            ]
        ),
    ),
    (
        "journalword",
        frozenset(
            [
                "journal",
                "annals",
                "archive",
                "archives",
                "review",
                "letters",
                "proceedings",
                "bulletin",
                "acta",
                "transactions",
                "reports",
                "plos",
                "nature",
                "science",
                "medicine",
                "research",
                "volume",
                "vol",
                "issue",
            ]
        ),
    ),
    ("event", frozenset(["received", "accepted", "published", "revised", "submitted"])),
    (
        "affword",
        frozenset(
            [
                "department",
                "dept",
                "university",
                "université",
                "universität",
                "universitat",
                "universidad",
                "universidade",
                "università",
                "hospital",
                "hôpital",
                "institut",
                "institute",
                "instituto",
                "college",
                "school",
                "faculty",
                "faculté",
                "facultad",
                "center",
                "centre",
                "centro",
                "laboratory",
                "laboratories",
                "laboratoire",
                "clinic",
                "klinik",
                "division",
                "unit",
                "academy",
                "ministry",
                "foundation",
                "service",
                "polytechnic",
                "inc",
                "ltd",
                "gmbh",
                "corporation",
                "council",
                "agency",
                "program",
                "programme",
            ]
        ),
    ),
)
_SET_NAMES = tuple(name for name, _ in _WORD_SETS)
# Every word of the sets, with the names of the sets holding it.
_VOCABULARY: dict[str, tuple[str, ...]] = {}
for _name, _words in _WORD_SETS:
    for _word in _words:
        _VOCABULARY[_word] = (*_VOCABULARY.get(_word, ()), _name)
_VOCABULARY_WORDS = frozenset(_VOCABULARY)
# A byte table keeping ASCII letters and turning every other byte into a space.
_RUNS = bytes(c if chr(c).isalpha() and c < 128 else 32 for c in range(256))
_LETTERS = re.compile(r"[^\W\d_]+")
# A country after a comma that follows a word. The pattern opens with the comma (the
# letter before it is looked behind for from there): the regex engine looks for commas
# alone and tries the rest only at them.
_COUNTRY = re.compile(
    r",(?<=[^\W\d_],)\s*(?:usa|uk|morocco|france|germany|china|india|japan|italy|spain|brazil|canada)\b"
)
# Bucketed counts as feature strings, made once.
_LENGTHS = [f"len={_bucket(n, (10, 30, 80, 160, _LONG))}" for n in range(_LONG + 2)]
_WORD_COUNTS = [f"words={_bucket(n, (1, 2, 5, 12, 30))}" for n in range(32)]
_DIGIT_COUNTS = [f"digits={_bucket(n, (0, 2, 6))}" for n in range(8)]
_COMMA_COUNTS = [f"commas={_bucket(n, (0, 1, 3, 8))}" for n in range(10)]


_MARK_CHARS = frozenset("*†‡§")
_FIRST = operator.itemgetter(0)
_CAPS = ("caps=0", "caps=1", "caps=2", "caps=3")


def _shape(line: str, score: float | None = None) -> tuple[list[str], list[str]]:
    """Features of one line on its own, and those of them it gives its neighbours (all
    but the counts of commas and initials).

    :param score: the line's :func:`title_score`, when the caller has it already.
    """
    words = line.split()
    size = len(line)
    out = [_LENGTHS[min(size, _LONG + 1)], _WORD_COUNTS[min(len(words), 31)]]
    if size > _LONG:
        out.append("long")
        return out, out
    alpha = _WORD.findall(line)
    capitalised = sum(map(str.isupper, map(_FIRST, alpha))) / max(len(alpha), 1)
    out.append(_CAPS[0 if capitalised <= 0.3 else 1 if capitalised <= 0.6 else 2 if capitalised <= 0.9 else 3])
    ascii_line = line.isascii()
    if ascii_line:  # \d is 0-9 on ASCII text: the digits deleted by a byte table
        raw = line.encode("ascii")
        digits = len(raw) - len(raw.translate(None, b"0123456789"))
    else:
        digits = len(_DIGIT.findall(line))
    out.append(_DIGIT_COUNTS[min(digits, 7)])
    # The flags in a fixed order; each pattern is tried only when the characters it
    # needs are on the line (a year has four digits, a marker a digit or a symbol).
    if digits >= 4 and _YEAR.search(line):
        out.append("year")
    opening = line[:1]
    if opening in ABSTRACT_FIRST and ABSTRACT_LABEL.match(line):
        out.append("abstract")
    if opening in KEYWORDS_FIRST and KEYWORDS_LABEL.match(line):
        out.append("keywords")
    if "©" in line or (line[:1] in "cC(" and _COPYRIGHT.match(line)):
        out.append("copyright")
    if (digits or not _MARK_CHARS.isdisjoint(line)) and _GLUED_MARK.search(line):
        out.append("marks")
    lower = line.lower()
    if ascii_line:  # the letter runs of ASCII text: every other byte made a space
        hits = _VOCABULARY_WORDS.intersection(lower.encode("ascii").translate(_RUNS).decode("ascii").split())
    else:
        hits = _VOCABULARY_WORDS.intersection(_LETTERS.findall(lower))
    if hits:
        named = {name for word in hits for name in _VOCABULARY[word]}
        out.extend(name for name in _SET_NAMES if name in named)
    if "," in line and "affword" not in out and _COUNTRY.search(lower):
        out.append("affword")
    if "event" not in out and ("available online" in lower or "issue date" in lower):
        out.append("event")
    out.extend(_substrings(line, size))
    shared = out.copy()  # the neighbours' features: the same from here on, less the counts
    out.append(_COMMA_COUNTS[min(line.count(","), 9)])
    if size <= 120 and digits >= 4:  # every date form holds a four-digit year
        found = match_date(line)
        if found:
            dated = [f"date{len(found[0])}"]
            if found[1] >= len(line.rstrip(" .")) - 2:
                dated.append("dateonly")
            out.extend(dated)
            shared.extend(dated)
    if score is None:
        score = title_score(line)
    scored = "tscore=0" if score <= 0 else "tscore=1" if score <= 3 else "tscore=2" if score <= 6 else "tscore=3"
    out.append(scored)
    shared.append(scored)
    if alpha:
        known, initials = _names(alpha)
        out += (known, initials)
        shared.append(known)
    return out, shared


def _substrings(line: str, size: int) -> list[str]:
    """Features a substring test decides."""
    out = []
    if "10." in line and DOI_PATTERN.search(line):
        out.append("doi")
    if "@" in line:
        out.append("at")
    if "http" in line or "www." in line:
        out.append("http")
    if line.endswith("."):
        out.append("end.")
    if line.endswith(":"):
        out.append("end:")
    if " and " in line or " & " in line:
        out.append("and")
    if line[:3].lower() == "by ":
        out.append("by")
    if line[:1].isdigit():
        out.append("startdigit")
    if size >= 160 and is_prose(line):
        out.append("prose")
    if line.isupper():
        out.append("upper")
    if "|" in line or " > " in line or " » " in line:
        out.append("sep")
    return out


@functools.lru_cache(maxsize=1)
def _known_names() -> frozenset[str]:
    given, family = _lexicon()
    return given | family


def _names(words: list[str]) -> tuple[str, str]:
    """How many of the line's words (one at least) are known given or family names, and
    how many are initials."""
    joined = " ".join(words)
    if joined.isascii():
        # Words hold no spaces and open with a letter: an ASCII line is lower-cased once,
        # its words' final dots cut ("J." -> "j") and split again.
        lowered = joined.lower()
        keys = (_FINAL_DOTS.sub("", lowered) if "." in lowered else lowered).split()
    else:
        keys = [fold(w).strip(".") for w in words]
    known = sum(map(_known_names().__contains__, keys))
    # An initial: one capital and dots only ("J", "J.").
    initials = sum(1 for w in words if w[1:2] in ("", ".") and not w[1:].strip(".") and w[0].isupper())
    share = known / len(words)
    return (
        "names=0" if share <= 0 else "names=1" if share <= 0.3 else "names=2" if share <= 0.6 else "names=3",
        _INITIALS[min(initials, 4)],
    )


_FINAL_DOTS = re.compile(r"\.+(?= |$)")
_INITIALS = [f"initials={_bucket(n, (0, 1, 3))}" for n in range(5)]


Row = list[str | bytes]
"""A line's features as the CRF library reads them: names as text, or as UTF-8 bytes."""


def features(
    lines: list[str], only: set[int] | None = None, scores: dict[int, float] | None = None
) -> tuple[list[int], list[Row]]:
    """The indexes of the non-empty lines classified (the first :data:`MAX_LINES`, or
    those of them in ``only``) and each one's features, its neighbours' included.

    :param lines: the page's lines (:func:`citekit.parsers.text.lines.prepare`).
    :param only: line indexes wanted (a line's features are the same whether its
        neighbours are wanted or not: only the lines described cost).
    :param scores: title scores (:func:`title_score`) of lines the caller has scored
        already, by line index (the others are scored here).
    """
    indexes = list(itertools.islice(itertools.compress(itertools.count(), lines), MAX_LINES))
    lowered = list(map(str.lower, map(lines.__getitem__, indexes)))
    seen = collections.Counter(lowered)
    total = len(indexes)
    kept = list(range(total)) if only is None else [n for n, i in enumerate(indexes) if i in only]
    own: dict[int, list[str]] = {}
    # What a line gives its neighbours: its own features less the counts, as a getter
    # that takes their names with a neighbour's offset in front from :data:`_OFFSETS`
    # (a line has two features at least: the getter gives a tuple).
    shared: dict[int, operator.itemgetter[Any]] = {}
    known = scores or {}
    # A line printed more than once (a menu entry, a repeated heading) is described once.
    described: dict[str, tuple[list[str], operator.itemgetter[Any]]] = {}
    for n in kept:
        for m in range(max(0, n - 2), min(total, n + 3)):
            if m not in own:
                line = lines[indexes[m]]
                made = described.get(line)
                if made is None:
                    mine, given = _shape(line, known.get(indexes[m]))
                    made = described[line] = (mine, operator.itemgetter(*given))
                own[m], shared[m] = made
    out: list[Row] = []
    for n in kept:
        i = indexes[n]
        share = n / total
        rel = "rel=0" if share <= 0.1 else "rel=1" if share <= 0.3 else "rel=2"
        row: Row = ["bias", *own[n], _POSITIONS[min(n, 121)], rel]
        if seen[lowered[n]] > 1:
            row.append("repeated")
        if i > 0 and not lines[i - 1]:
            row.append("blank_before")
        if i + 1 < len(lines) and not lines[i + 1]:
            row.append("blank_after")
        for offset, prefixed in _OFFSETS:
            if 0 <= n + offset < total:
                row.extend(shared[n + offset](prefixed))
            else:
                row.append(prefixed["none"])
        out.append(row)
    return [indexes[n] for n in kept], out


class _Prefixed(dict[str, bytes]):
    """A feature name with a neighbour's offset in front ("-1:" + "year"), made once per
    name: the names are few (buckets and flags), the neighbours' features many. Made as
    UTF-8 bytes, which the CRF library takes as they are (a name given as text is
    encoded again on every line it describes)."""

    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix

    def __missing__(self, name: str) -> bytes:
        made = self[name] = (self.prefix + name).encode("utf-8")
        return made


_OFFSETS = tuple((offset, _Prefixed(f"{offset}:")) for offset in (-2, -1, 1, 2))
_POSITIONS = [f"pos={_bucket(n, (3, 10, 25, 60, 120))}" for n in range(122)]


class LineModel:
    """A trained line model: :meth:`marginals` gives, for every classified line, the
    probability of each label."""

    def __init__(self, path: str | Path) -> None:
        import pycrfsuite  # imported here: only tagging needs it

        self.path = str(path)
        self._tagger: Any = pycrfsuite.Tagger()
        self._tagger.open(self.path)
        self.labels: list[str] = list(self._tagger.labels())
        self._rows: list[Row] | None = None  # the sequence the tagger is set on

    def marginals(
        self,
        lines: list[str],
        only: set[int] | None = None,
        scores: dict[int, float] | None = None,
        labels: Sequence[str] = ("title", "author"),
    ) -> Mapping[int, Mapping[str, float]]:
        """``{line index: {label: probability}}`` for the lines classified (read from the
        tagger as they are looked up: :class:`Marginals`).

        :param only: the lines wanted (:func:`features`); the rest are not described.
        :param scores: title scores already computed, by line index (:func:`features`).
        :param labels: the labels wanted (each costs a pass over the lines).
        """
        indexes, rows = features(lines, only, scores)
        if not rows:
            return {}
        return Marginals(self, rows, indexes, [label for label in labels if label in self.labels])

    def _tag(self, rows: list[Row]) -> Any:
        """The tagger, set on ``rows`` (again only when another sequence was set since)."""
        if self._rows is not rows:
            self._tagger.set(rows)
            self._rows = rows
        return self._tagger


class Marginals(Mapping[int, Mapping[str, float]]):
    """``{line index: {label: probability}}`` for the lines a model classified, each
    line's probabilities read from the tagger when first looked up (a caller reads a
    few lines of the many a sequence needs: the title candidates, the byline's lines)."""

    def __init__(self, model: LineModel, rows: list[Row], indexes: list[int], labels: list[str]) -> None:
        self._model, self._rows, self._labels = model, rows, labels
        self._where = {index: n for n, index in enumerate(indexes)}
        self._read: dict[int, dict[str, float]] = {}
        model._tag(rows)

    def __getitem__(self, index: int) -> dict[str, float]:
        made = self._read.get(index)
        if made is None:
            n = self._where[index]
            marginal = self._model._tag(self._rows).marginal
            made = self._read[index] = {label: marginal(label, n) for label in self._labels}
        return made

    def __contains__(self, index: object) -> bool:
        return index in self._where

    def __iter__(self) -> Iterator[int]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


def train(
    documents: list[tuple[list[str], list[str]]], path: str | Path | None = None, *, iterations: int = 80
) -> LineModel:
    """A model trained on ``documents`` (each its lines and every line's label).

    :param path: where to write the model (a temporary file when ``None``).
    :param iterations: L-BFGS iterations.
    """
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for lines, labels in documents:
        indexes, rows = features(lines)
        if rows:
            trainer.append(rows, [labels[i] for i in indexes])
    trainer.set_params({"c1": 0.1, "c2": 0.05, "max_iterations": iterations, "feature.possible_transitions": True})
    if path is not None:
        trainer.train(str(path))
        return LineModel(path)
    # crfsuite reads a model from a file; the tagger holds it in memory once opened, so the
    # temporary file goes as soon as the model is loaded.
    with tempfile.TemporaryDirectory(prefix="citekit-lines-") as folder:
        trainer.train(str(Path(folder) / "lines.crfsuite"))
        return LineModel(Path(folder) / "lines.crfsuite")


_DEFAULT = "data/lines.crfsuite"


@functools.lru_cache(maxsize=1)
def _shipped() -> LineModel | None:
    resource = resources.files("citekit").joinpath(_DEFAULT)
    if not resource.is_file():
        return None
    with resources.as_file(resource) as path:
        return LineModel(path)


def load_default() -> LineModel | None:
    """The model shipped with citekit, or ``None`` when there is none."""
    return _shipped()


_ACTIVE: list[LineModel | None] = []


def use_model(model: LineModel | None) -> None:
    """Make ``model`` the one the text parser uses (``None``: the rules alone). For
    evaluation and training scripts; the parser otherwise uses :func:`load_default`."""
    _ACTIVE[:] = [model]


def active() -> LineModel | None:
    """The model the text parser uses."""
    return _ACTIVE[0] if _ACTIVE else load_default()
