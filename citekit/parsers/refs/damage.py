"""More varied training references: real ones damaged, and note-style forms.

Two sources of variety for ``scripts/train_refparser.py`` beside the CSL renderings of
:mod:`citekit.parsers.refs.synth`, both aimed at the forms held-out sets are made of:

- :func:`damaged_copies`: training references with the damage real lists carry, labels
  kept character by character: names in capitals or lower case, spaces lost or added
  around punctuation as PDF extraction does, words broken by a hyphen, OCR confusions
  and ligatures, footnote openers ("Vgl.", "Cfr.", "See") and note numbers, and names
  and titles written in another script (Hangul, Cyrillic, Greek; role words, numbers
  and punctuation kept), so the layout is learnt apart from the Latin letters.
- :func:`note_forms`: records written in the shapes of humanities notes and physics
  lists that no CSL style renders: "G. Rossi, Title, Venezia 1988", "Rossi G., Title,
  «Journal», 12 (1990), pp. 3-9" (its volume in Roman numerals two times in five),
  "Rossi, Giovanni: Title. In: Journal 12 (1990), S. 3-9", a corporate author with its
  acronym, a physics reference without a title, chapters in edited books ("in M. Bianchi
  (a cura di), Book", "In: Bianchi, M. (Hrsg.): Book. 2. Aufl.", "in Book, a cura di
  M. Bianchi"), and short forms citing again ("Rossi, La città cit., p. 12", "Rossi, op.
  cit., S. 12 f.").

Training only; every choice comes from the ``random.Random`` passed in.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from citekit.parsers.refs.corpus import Example, _Builder
from citekit.parsers.refs.features import ROLE_WORDS
from citekit.parsers.refs.synth import roman

__all__ = ["damaged_copies", "note_forms"]

Chars = list[tuple[str, str]]  # (character, label)

_OPENERS = (
    "Vgl.",
    "Vgl. auch",
    "Siehe",
    "S. a.",
    "Cfr.",
    "Cf.",
    "cf.",
    "See",
    "See also",
    "Voir",
    "Vedi",
    "Zit. nach",
    "Véase",
    "Ver",
    "Ibid.;",
    "Dazu",
)
_OCR = (("rn", "m"), ("fi", "ﬁ"), ("fl", "ﬂ"), ("l", "1"), ("I", "l"), ("e", "c"), ("o", "0"), ("ü", "ii"))
_WORD = re.compile(r"[^\W\d_]{8,}")


def _chars(ex: Example) -> Chars:
    labels = ["other"] * len(ex.text)
    for start, end, label in ex.spans:
        labels[start:end] = [label] * (end - start)
    return list(zip(ex.text, labels, strict=True))


def _example(chars: Chars, source: str) -> Example | None:
    builder = _Builder()
    for ch, label in chars:
        builder.add(ch, label)
    return builder.build(source, "damaged")


def _names_case(chars: Chars, rng: random.Random) -> Chars:
    """Family names in capitals ("TOALDO g."), or the whole reference in one case."""
    mode = rng.random()
    if mode < 0.15:
        return [(c.upper(), lab) for c, lab in chars]
    if mode < 0.25:
        return [(c.lower(), lab) for c, lab in chars]
    out = list(chars)
    text = "".join(c for c, _ in chars)
    lower_initials = rng.random() < 0.3
    for m in re.finditer(r"[^\W\d_]+", text):
        if out[m.start()][1] not in ("author", "editor"):
            continue
        if len(m.group()) > 1:
            out[m.start() : m.end()] = [(c.upper(), lab) for c, lab in out[m.start() : m.end()]]
        elif lower_initials:
            out[m.start()] = (out[m.start()][0].lower(), out[m.start()][1])
    return out


def _pdf_spacing(chars: Chars, rng: random.Random) -> Chars:
    """Spaces dropped after punctuation or before numbers, and added before punctuation."""
    out: Chars = []
    for k, (ch, label) in enumerate(chars):
        before = chars[k - 1][0] if k else ""
        after = chars[k + 1][0] if k + 1 < len(chars) else ""
        if ch == " " and (before in ",.:;)" or after.isdigit() or after == "(") and rng.random() < 0.3:
            continue
        if ch in ",.:)" and before.isalnum() and after == " " and rng.random() < 0.15:
            out.append((" ", "other"))
        out.append((ch, label))
    return out


def _hyphen_break(chars: Chars, rng: random.Random) -> Chars:
    """One long word of a title or container broken by a line-end hyphen ("Repubbli-ca")."""
    text = "".join(c for c, _ in chars)
    words = [m for m in _WORD.finditer(text) if chars[m.start()][1] in ("title", "container-title")]
    if not words:
        return chars
    m = rng.choice(words)
    at = rng.randrange(m.start() + 3, m.end() - 2)
    label = chars[at][1]
    glue = [("-", label)] if rng.random() < 0.6 else [("-", label), (" ", label)]
    return chars[:at] + glue + chars[at:]


def _ocr(chars: Chars, rng: random.Random) -> Chars:
    """One or two OCR confusions or ligatures in the title."""
    out = list(chars)
    for _ in range(rng.randint(1, 2)):
        text = "".join(c for c, _ in out)
        wrong, right = rng.choice(_OCR)
        hits = [m.start() for m in re.finditer(re.escape(wrong), text) if out[m.start()][1] == "title"]
        if hits:
            at = rng.choice(hits)
            out[at : at + len(wrong)] = [(c, "title") for c in right]
    return out


def _footnote(chars: Chars, rng: random.Random) -> Chars:
    """A footnote's opener ("Vgl.", "Cfr.", "See") or note number before the reference."""
    head = rng.choice(_OPENERS) if rng.random() < 0.7 else ""
    lead: Chars = []
    if rng.random() < 0.4 and chars and chars[0][1] != "citation-number":
        lead = [(c, "citation-number") for c in str(rng.randint(1, 120))] + [(" ", "other")]
    if head:
        lead += [(c, "other") for c in head] + [(" ", "other")]
    return lead + chars


_LATIN = "abcdefghijklmnopqrstuvwxyz"
_ALPHABETS = {
    "cyrillic": "абцдефгхийклмнопярстужвьызш",
    "greek": "αβψδεφγηιξκλμνοπϙρστθωςχυζ",
}
_SCRIPT_LABELS = frozenset(
    ("author", "editor", "title", "container-title", "collection-title", "publisher", "location")
)


def _syllables(word: str) -> str:
    """``word`` as Hangul syllables, one for every two letters (the same word gives the same syllables)."""
    out = []
    for k in range(0, len(word), 2):
        pair = word[k : k + 2].lower()
        code = sum((i + 7) * ord(c) * 131 for i, c in enumerate(pair))
        out.append(chr(0xAC00 + code % 11172))
    return "".join(out)


def _letters_of(word: str, script: str) -> str:
    """``word`` written in another alphabet, letter for letter, case kept."""
    alphabet = _ALPHABETS[script]
    out = []
    for ch in word:
        base = unicodedata.normalize("NFKD", ch)[:1].lower()
        at = _LATIN.find(base) if base.isascii() else -1
        new = alphabet[at] if at >= 0 else ch
        out.append(new.upper() if ch.isupper() else new)
    return "".join(out)


def _script(chars: Chars, rng: random.Random) -> Chars:
    """The names and titles written in another script (Hangul, Cyrillic, Greek), so that
    the reading of a reference's layout does not hang on Latin letters; role words
    ("pp.", "Vol.", "In"), numbers and punctuation stay as they are."""
    script = rng.choice(("hangul", "hangul", "cyrillic", "greek"))
    text = "".join(c for c, _ in chars)
    out: Chars = []
    at = 0
    for m in re.finditer(r"[^\W\d_]+", text):
        label = chars[m.start()][1]
        out.extend(chars[at : m.start()])
        word = m.group()
        if label in _SCRIPT_LABELS and word.lower() not in ROLE_WORDS:
            new = _syllables(word) if script == "hangul" else _letters_of(word, script)
            out.extend((c, label) for c in new)
        else:
            out.extend(chars[m.start() : m.end()])
        at = m.end()
    out.extend(chars[at:])
    return out


_DAMAGE: tuple[Callable[[Chars, random.Random], Chars], ...] = (
    _names_case,
    _pdf_spacing,
    _hyphen_break,
    _ocr,
    _footnote,
    _script,
)


def damaged_copies(train: list[Example], count: int, rng: random.Random) -> list[Example]:
    """``count`` copies of training references, each with one or two kinds of damage.

    :param train: annotated training references.
    :param count: how many copies to make.
    :param rng: the source of every random choice.
    :returns: labelled examples (``source`` ``"damaged"``).
    """
    if not train:
        return []
    out: list[Example] = []
    for _ in range(count):
        chars = _chars(rng.choice(train))
        for damage in rng.sample(_DAMAGE, rng.choice((1, 1, 2))):
            chars = damage(chars, rng)
        ex = _example(chars, "damaged")
        if ex is not None:
            out.append(ex)
    return out


def _initials(given: str) -> str:
    return " ".join(f"{w[0]}." for w in re.split(r"[\s.]+", given) if w[:1].isalpha())


class _Writer:
    """Labelled pieces of one reference, with the punctuation between them."""

    def __init__(self) -> None:
        self.builder = _Builder()

    def put(self, text: str, label: str = "other") -> _Writer:
        self.builder.add(text, label)
        return self

    def example(self) -> Example | None:
        return self.builder.build("notes", "notes")


def _person(p: dict[str, str], rng: random.Random, label: str, w: _Writer) -> None:
    family, given = p.get("family", ""), p.get("given", "")
    if rng.random() < 0.25:
        family = family.upper()
    style = rng.random()
    if not given:
        w.put(family, label)
    elif style < 0.3:
        w.put(f"{_initials(given)} {family}", label)
    elif style < 0.5:
        w.put(f"{family} {_initials(given)}", label)
    elif style < 0.7:
        w.put(f"{family}, {given}", label)
    elif style < 0.9:
        w.put(f"{given} {family}", label)  # "Veronica Franco", "Dieter Nohlen/Florian Grotz"
    else:
        w.put(f"{family} {given}", label)  # "Trivellato Francesca", as Italian indexes list names


def _people(people: list[dict[str, str]], rng: random.Random, label: str, w: _Writer) -> None:
    sep = rng.choice((", ", "/", " - ", "; "))
    for k, p in enumerate(people[:3]):
        if k:
            w.put(sep, label)
        _person(p, rng, label, w)


def _year(rec: dict[str, Any]) -> str:
    parts = (rec.get("issued") or {}).get("date-parts") or [[None]]
    return str(parts[0][0]) if parts and parts[0] and parts[0][0] else ""


def _journal(rec: dict[str, Any], rng: random.Random, w: _Writer) -> None:
    """ ", «Journal», 12 (1990), pp. 3-9" and its German and English kin."""
    quote = rng.choice((("«", "»"), ("“", "”"), ("", ""), ("in ", ""), ("In: ", "")))
    w.put(". " if quote[0] == "In: " else ", ")
    w.put(f"{quote[0]}{rec['container-title']}{quote[1]}", "container-title")
    year = _year(rec)
    if rec.get("volume"):
        volume = str(rec["volume"])
        if volume.isdigit() and 0 < int(volume) < 90 and rng.random() < 0.4:
            volume = roman(int(volume)) if rng.random() < 0.7 else roman(int(volume)).lower()  # «Studi», XXXVI
        w.put(rng.choice((", ", " ", ", vol. ", ", a. ", " Jg. ")))
        w.put(volume, "volume")
    if rec.get("issue") and rng.random() < 0.5:
        opener = rng.choice((", n. ", ", H. ", " (", ", fasc. "))
        w.put(opener).put(str(rec["issue"]), "issue").put(")" if opener == " (" else "")
    if year:
        opener = " (" if rng.random() < 0.6 else ", "
        w.put(opener).put(year, "date").put(")" if opener == " (" else "")
    if rec.get("page"):
        w.put(rng.choice((", pp. ", ", p. ", ", S. ", ": ", ", ")))
        w.put(str(rec["page"]), "pages")


def _book(rec: dict[str, Any], places: list[str], rng: random.Random, w: _Writer) -> None:
    """ ", Venezia 1988" / ", Milano, Einaudi, 1988" / ". Frankfurt/Main: Suhrkamp." after a book's title."""
    place = rec.get("publisher-place") or (rng.choice(places) if places else "")
    year = _year(rec)
    if place:
        w.put(", " if rng.random() < 0.7 else ". ")
        w.put(place, "location")
    if rec.get("publisher") and rng.random() < 0.5:
        w.put(rng.choice((", ", ": ")))
        w.put(rec["publisher"], "publisher")
    if year:
        w.put(rng.choice((" ", ", ")))
        w.put(year, "date")
    w.put(rng.choice((".", "", ",")))


def _note_form(rec: dict[str, Any], places: list[str], rng: random.Random) -> Example | None:
    w = _Writer()
    people = rec.get("author") or []
    corporate = not people and rec.get("publisher")
    if corporate:
        name = rec["publisher"]
        acronym = "".join(x[0] for x in name.split() if x[:1].isupper())
        w.put(name + (f" ({acronym})" if len(acronym) > 1 and rng.random() < 0.6 else ""), "author")
    elif people:
        _people(people, rng, "author", w)
    else:
        return None
    title = rec.get("title")
    physics = rec.get("container-title") and rec.get("volume") and rng.random() < 0.15
    if physics:  # "A. Smith, Nucl. Phys. B 407, 3 (1993)"
        w.put(", ").put(str(rec["container-title"]), "container-title").put(" ").put(str(rec["volume"]), "volume")
        if rec.get("page"):
            w.put(", ").put(re.split(r"[-–]", str(rec["page"]))[0], "pages")
        return w.put(" (").put(_year(rec), "date").put(")").example() if _year(rec) else w.example()
    if not title:
        return None
    w.put(rng.choice((", ", ": ", ". ", " - ")))
    w.put(title, "title")
    if rec.get("container-title") and rec.get("volume"):
        _journal(rec, rng, w)
        w.put(rng.choice((".", "")))
    else:
        _book(rec, places, rng, w)
    return w.example()


_EDITOR_MARKS = {
    "it": ("(a cura di)", "a cura di "),
    "de": ("(Hrsg.)", "hrsg. von "),
    "en": ("(ed.)", "ed. by "),
    "fr": ("(éd.)", "éd. par "),
}
_EDITIONS = {
    "it": ("{n}a ed.", "{n}a edizione"),
    "de": ("{n}. Aufl.", "{n}., überarb. Aufl."),
    "en": ("{n}nd edn", "{n}nd ed."),
    "fr": ("{n}e éd.", "{n}e édition"),
}
_VOLUMES = {
    "it": ("vol. {r}", "voi. {r}", "t. {r}"),
    "de": ("Bd. {n}", "Bd. {r}"),
    "en": ("vol. {r}", "Vol. {n}"),
    "fr": ("t. {r}", "vol. {r}"),
}
_PAGES = {
    "it": ("p. {p}", "pp. {p}", "p. {p} sgg.", "pp. {p} e sgg."),
    "de": ("S. {p}", "S. {p} f.", "S. {p} ff."),
    "en": ("p. {p}", "pp. {p}", "at {p}"),
    "fr": ("p. {p}", "p. {p} sq."),
}
_SHORT = ("cit.", "op. cit.", "cit. supra", "a. a. O.", "zit.", "loc. cit.", "art. cit.")
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIV", "XX")


def _first_page(rec: dict[str, Any], rng: random.Random) -> str:
    first = re.split(r"[-–]", str(rec.get("page") or ""))[0].strip()
    return first if first.isdigit() else str(rng.randint(3, 480))


def _page_range(rec: dict[str, Any], rng: random.Random) -> str:
    page = str(rec.get("page") or "")
    if page and page[0].isdigit():
        return page
    start = rng.randint(3, 400)
    return f"{start}-{start + rng.randint(5, 40)}"


def _chapter(rec: dict[str, Any], other: dict[str, Any], places: list[str], rng: random.Random) -> Example | None:
    """A chapter in an edited book, the way Italian, German, French and English notes write it:
    "G. Rossi, Title, in M. Bianchi (a cura di), Book, Venezia 1988, pp. 3-9",
    "Rossi, G. (1988): Title. In: Bianchi, M. (Hrsg.): Book. 2. Aufl. Berlin: Verlag, S. 3-9",
    "G. Rossi, Title, in Book, a cura di M. Bianchi, Venezia 1988, II, p. 12"."""
    people = rec.get("author") or []
    editors = rec.get("editor") or other.get("author") or other.get("editor") or []
    book = other.get("title")
    if not people or not editors or not rec.get("title") or not book:
        return None
    lang = rng.choice(("it", "it", "de", "de", "en", "fr"))
    w = _Writer()
    _people(people, rng, "author", w)
    year = _year(rec) or _year(other)
    german = lang == "de" and rng.random() < 0.7
    if german and year:
        w.put(" (").put(year, "date").put(")")
    w.put(rng.choice((": ", ". ")) if german else rng.choice((", ", ". ")))
    quote = rng.choice((("", ""), ("", ""), ("«", "»"), ("“", "”")))
    w.put(f"{quote[0]}{rec['title']}{quote[1]}", "title")
    w.put(rng.choice((". ", ", ")) if german else ", ")
    mark, lead = _EDITOR_MARKS[lang]
    opener = rng.choice(("In: ", "in: ", "In ")) if german or lang == "en" else rng.choice(("in ", "in ", "dans "))
    if rng.random() < 0.6:
        w.put(opener, "editor")
        _people(editors, rng, "editor", w)
        w.put(f" {mark}", "editor").put(rng.choice((": ", ", ")))
        w.put(book, "container-title")
    else:
        w.put(f"{opener}{book}", "container-title").put(", ")
        w.put(lead, "editor")
        _people(editors, rng, "editor", w)
    if rng.random() < 0.3:
        w.put(rng.choice((". ", ", ")))
        w.put(rng.choice(_EDITIONS[lang]).format(n=rng.randint(2, 5)), "edition")
    if rng.random() < 0.3:
        w.put(", ").put(rng.choice(_VOLUMES[lang]).format(n=rng.randint(1, 12), r=rng.choice(_ROMAN)), "volume")
    place = other.get("publisher-place") or rec.get("publisher-place") or (rng.choice(places) if places else "")
    publisher = other.get("publisher") if rng.random() < 0.5 else None
    if place:
        w.put(". " if german else ", ").put(place, "location")
    if publisher:
        w.put(": " if german else ", ").put(publisher, "publisher")
    if year and not german:
        w.put(rng.choice((" ", ", "))).put(year, "date")
    pages = _page_range(rec, rng) if rng.random() < 0.7 else _first_page(rec, rng)
    w.put(", ").put(rng.choice(_PAGES[lang]).format(p=pages), "pages")
    w.put(rng.choice((".", "", ";")))
    return w.example()


def _short_form(rec: dict[str, Any], rng: random.Random) -> Example | None:
    """A note citing again what an earlier note gave in full: "Rossi, La città cit., p. 12",
    "Rossi, op. cit., pp. 3-9", "Id., La città, II, p. 12", "Rossi 1988, S. 12 f."."""
    people = rec.get("author") or []
    if not people:
        return None
    lang = rng.choice(("it", "it", "de", "en", "fr"))
    w = _Writer()
    if rng.random() < 0.15:
        # A word standing for the previous note's author: a note, as LinkedBooks tags it (no set tags it the author).
        w.put(rng.choice(("Id.", "Ead.", "Idem", "Ders.", "Dies.")), "note")
    else:
        family = people[0].get("family", "")
        given = people[0].get("given", "")
        if given and rng.random() < 0.4:
            family = f"{_initials(given)} {family}"
        w.put(family.upper() if rng.random() < 0.2 else family, "author")
    form = rng.random()
    title = str(rec.get("title") or "")
    if form < 0.5 and title:
        words = title.split()
        short = " ".join(words[: rng.randint(1, min(5, len(words)))])
        w.put(", ").put(short + rng.choice(("", "...", " …")), "title")
        w.put(rng.choice((" ", ", "))).put(rng.choice(_SHORT[:3]), "note")
    elif form < 0.75:
        w.put(", ").put(rng.choice(_SHORT), "note")
    elif _year(rec):
        w.put(rng.choice((" ", " (", ", "))).put(_year(rec), "date")
        chars = w.builder.chars  # (just the year when the record's first author has no family name)
        if len(chars) > len(_year(rec)) and chars[-len(_year(rec)) - 1] == "(":
            w.put(")")
    else:
        return None
    if rng.random() < 0.25:
        w.put(", ").put(rng.choice(_ROMAN), "volume")
    w.put(rng.choice((", ", ": ", ", ")))
    pages = _first_page(rec, rng) if rng.random() < 0.6 else _page_range(rec, rng)
    w.put(rng.choice(_PAGES[lang]).format(p=pages), "pages")
    if rng.random() < 0.2:
        w.put(", ").put(f"n. {rng.randint(1, 90)}", "note")
    w.put(rng.choice((".", "", ";")))
    return w.example()


def note_forms(records: list[dict[str, Any]], places: list[str], count: int, rng: random.Random) -> list[Example]:
    """``count`` references written as humanities notes, German social-science lists,
    corporate-author and physics references (see the module's docstring).

    :param records: CSL records (from the training side and Crossref; see :mod:`.synth`).
    :param places: places of publication seen in training, for books without one.
    :param count: how many to attempt.
    :param rng: the source of every random choice.
    """
    out: list[Example] = []
    if not records:
        return out
    for _ in range(count):
        roll = rng.random()
        if roll < 0.25:
            ex = _chapter(rng.choice(records), rng.choice(records), places, rng)
        elif roll < 0.4:
            ex = _short_form(rng.choice(records), rng)
        else:
            ex = _note_form(rng.choice(records), places, rng)
        if ex is not None:
            out.append(ex)
    return out
