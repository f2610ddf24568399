"""Repairs at the author/title boundary of the model's reading.

The model decides token by token; a few mistakes are easy to see once the whole
reading is known: a name list the model never saw the like of (lower-case, non-Latin)
read as the start of the title, a list left open (with the role word after it, "(eds).")
read into the title, or the year of an author-date reference read into the names. These
repairs move such text across the boundary when the layout leaves no doubt, and never
touch anything else. Every function here is one entry of
:data:`citekit.parsers.refs.repairs.REPAIRS`: ``(spans, text) -> spans``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from citekit.names import fold
from citekit.parsers.refs.cjk import mostly_han_kana
from citekit.parsers.refs.editors import ROLE_END, ROLE_START
from citekit.parsers.refs.features import ROLE_WORDS, load_lexicon
from citekit.parsers.refs.heuristic import _namey, label_spans
from citekit.parsers.refs.names import is_initial
from citekit.parsers.refs.spans import Spans, drop_empty

__all__ = [
    "again_author",
    "collaboration_title",
    "ellipsis_numbers",
    "ellipsis_title",
    "family_opens_title",
    "given_opens_title",
    "han_kana_rules",
    "initials_list_tail",
    "key_opens_names",
    "names_from_rules",
    "open_author_list",
    "short_form_title",
    "year_in_names",
]

_AGAIN_NAME = re.compile(r"^(?:id|idem|ead|eadem|ders|dies|ibid|ibidem|ebd|ebenda|ivi)[.,;:]*$", re.IGNORECASE)


_OP_CITED = re.compile(r",\s*(op\.\s*[^\W\d_]{1,4}\.?)[,;:]?\s*$", re.IGNORECASE)


def again_author(spans: Spans, text: str) -> Spans:
    """"Id., Il governo veneziano...", "Ders. (Hrsg.): ...": the same author as the note
    before, a word standing for a name the string does not hold; a note, not an author. So
    is "op. cit." (or its OCR, "op. dt.") read into the names after the author's name."""
    authors = spans.get("author")
    cited = _OP_CITED.search(authors[-1]) if authors else None
    if authors and cited:  # "Berengo, op. dt.," (OCR's "op. cit."): the words after the name are a note
        out = {**spans, "author": [*authors[:-1], authors[-1][: cited.start() + 1]]}
        return {**out, "note": [cited.group(1), *spans.get("note", [])]}
    if not authors or len(authors) != 1 or not _AGAIN_NAME.match(authors[0].strip()):
        return spans
    out = {k: v for k, v in spans.items() if k != "author"}
    out["note"] = [authors[0], *spans.get("note", [])]
    return out


_COLLABORATION = re.compile(
    r"^(?:The\s+)?[A-Z][\w/-]*(?:\s+[A-Z][\w/-]*){0,3}\s+(?:Collaboration|Consortium|Working Group)[,.:]?$"
)


def collaboration_title(spans: Spans, text: str) -> Spans:
    """"CMS Collaboration, | Phys. Rev. D 93": a collaboration that opens a reference with no
    names, read as its title, is its (corporate) author. So is a first title followed by the
    date and a second title ("Centers for Disease Control and Prevention | (2012) | Progress
    toward global eradication ...": author-date layout)."""
    titles = spans.get("title")
    if spans.get("author") or spans.get("editor") or not titles or not text.lstrip().startswith(titles[0].strip()):
        return spans
    dates = spans.get("date") or []
    dated = len(titles) > 1 and bool(dates) and f"{titles[0].rstrip()} {dates[0].strip()} {titles[1]}" in text
    if not dated and not _COLLABORATION.match(titles[0].strip()):
        return spans
    return drop_empty({**spans, "author": [titles[0]], "title": titles[1:]})


_CITATION_KEY = re.compile(r"^\s*\[(?=[^\]\s]*[^\W\d_])[^\]\s]{2,40}\]\s*")


def key_opens_names(spans: Spans, text: str) -> Spans:
    """"[Allison2006-MIT] G. Allison, …", "[Smi99] J. Smith.": a bibliography's citation key
    read into the first name is a note, not part of the name."""
    authors = spans.get("author")
    key = _CITATION_KEY.match(authors[0]) if authors else None
    if not authors or not key or not authors[0][key.end() :].strip():
        return spans
    out = {**spans, "author": [authors[0][key.end() :], *authors[1:]]}
    return {**out, "note": [key.group(0).strip(), *spans.get("note", [])]}


# The year after the names: spaced, or glued to the last one in brackets ("Welzer,
# Harald(2000):") or, by PDF extraction, without ("Andreas1999:", "Theodor W.(1963).Prismen").
_YEAR_IN_LIST = re.compile(
    r"(?:[\s,]\(?|(?<=[^\W\d_])\(|(?<=\.)\(|(?<=[a-zà-ÿ]))((?:1[5-9]|20)\d\d[a-z]?)\)?[.,:;]?(?:\s+|$|(?=[A-ZÀ-Þ]))"
)
_LEADING_YEAR = re.compile(r"^\(?((?:1[5-9]|20)\d\d)\)?\s*[-–.:]?\s*(?=[A-ZÀ-Þ])")
_YEAR_COLON = re.compile(r"\s\(?((?:1[5-9]|20)\d\d[a-z]?)\)?\s*:\s+")


def year_in_names(spans: Spans, text: str) -> Spans:
    """The year of an author-date reference read into the names ("Bosman, Anthony 1962.
    Jérôme Bosch.") or the names and year read into the title ("..., George Carayannis,
    2000, An optical..."): names before the year, the year to the date, the rest to the title.
    A year before the names of a dated list ("1898 F. Nani Mocenigo,") is the date."""
    if spans.get("date"):
        return spans
    if spans.get("author"):
        first = spans["author"][0]
        lead = _LEADING_YEAR.match(first)
        if lead and _namey(first[lead.end() :]):  # "1898 F. Nani Mocenigo,": a dated list
            return {**spans, "author": [first[lead.end() :], *spans["author"][1:]], "date": [lead.group(1)]}
        return _year_closes_names(spans)
    if spans.get("title") and not spans.get("editor"):
        return _names_and_year_as_title(spans)
    return spans


def _year_closes_names(spans: Spans) -> Spans:
    """"Bosman, Anthony 1962. Jérôme Bosch." read as names; or names left open ("Lind, Karl,")
    with "Anna Berg, Otto Wahl, 2000, Optical music recognition," read as the title."""
    authors, titles = spans["author"], spans.get("title")
    match = _YEAR_IN_LIST.search(authors[-1])
    if match and _namey(authors[-1][: match.start()]):
        rest = authors[-1][match.end() :].strip()
        if rest and titles:
            return spans
        out = {**spans, "author": [*authors[:-1], authors[-1][: match.start()]], "date": [match.group(1)]}
        if rest:
            out["title"] = [rest]
        return out
    if not titles or not authors[-1].rstrip().endswith(","):
        return spans
    match = _YEAR_IN_LIST.search(titles[0])
    head = titles[0][: match.start()] if match else ""
    words = head.replace(",", " ").split()
    if not match or not 2 <= len(words) <= 12 or not _namey(head) or not all(w[:1].isupper() for w in words):
        return spans
    if len(titles[0]) - match.end() < 8:
        return spans
    author = f"{authors[-1]} {head}"
    title = [titles[0][match.end() :], *titles[1:]]
    return {**spans, "author": [*authors[:-1], author], "date": [match.group(1)], "title": title}


def _names_and_year_as_title(spans: Spans) -> Spans:
    """"Irmtraud Schnell/ Alfred Sander/ Claudia Federolf 2011: Zur Effizienz...": no names
    found at all, and the title starts with names and "year:"."""
    titles = spans["title"]
    match = _YEAR_COLON.search(titles[0])
    head = titles[0][: match.start()] if match else ""
    words = re.sub(r"[,/;&]", " ", head).split()
    if not match or not 2 <= len(words) <= 12 or not _namey(" ".join(words)) or len(titles[0]) - match.end() < 8:
        return spans
    if not all(w[:1].isupper() or w in ("and", "und", "et") for w in words):
        return spans
    return {**spans, "author": [head], "date": [match.group(1)], "title": [titles[0][match.end() :], *titles[1:]]}


def _word_after_names(names: str) -> int:
    """Where the first title word starts in "James Gleick, Chaos:" or "Alireza Shameli-Sendi ,
    Michel Dagenais, ARITO:" (given-first names, then one word ending in a colon); -1 if not so."""
    cut = names.rstrip().rfind(",")
    if cut < 0:
        return -1
    word = names[cut + 1 :].strip()
    pieces = [p.strip() for p in names[:cut].split(",") if p.strip()]
    if " " in word or not word.endswith(":") or not word[:1].isupper() or is_initial(word.rstrip(":")) or len(word) < 4:
        return -1
    if not pieces or not all(2 <= len(p.split()) <= 4 and not is_initial(p.split()[-1]) for p in pieces):
        return -1  # each name before the word: two to four words, not ending in an initial
    return names.index(word, cut)




_OPEN_LIST = re.compile(r"(?:,|\band|&|\bund|\bet|\b[A-ZÀ-ÞА-ЯЁ]\.?(?:-[A-ZÀ-ÞА-ЯЁ]\.?)?)\s*$")
_LEADING_CONNECTOR = re.compile(r"^(?:and|&|und|et)\s+[A-ZÀ-ÞА-ЯЁ]")
_GIVEN_FIRST = re.compile(r"^(?:[A-ZÀ-ÞА-ЯЁ]\.\s?-?){1,3}\s?[A-ZÀ-ÞА-ЯЁ][\w'’-]+$")
_FAMILY = re.compile(r"^[A-ZÀ-ÞА-ЯЁ][\w'’-]*[a-zà-þа-яё][\w'’-]*[,.;:]?$|^[A-ZÀ-ÞА-ЯЁ]{2}[A-ZÀ-ÞА-ЯЁ'’-]*[,.;:]?$")
# "Zarchan P.," ends a family-first list; "Musoff H." (or "Musoff HJ,") is the next name of it.
# Up to two more words of a family name, with the particles between them ("Ferreira de
# Almeida", "Gontijo Filho"), as Vancouver lists write them before the initials.
_MORE_FAMILY = (
    r"(?:\s+(?:(?:de|da|do|dos|das|del|di|van|von|der|den)\s+)?[A-ZÀ-ÞА-ЯЁ][\w'’-]*[a-zà-þа-яё][\w'’-]*){0,2}"
)
_FAMILY_FIRST_LAST = re.compile(
    rf"(?:^|[,;]\s*)[A-ZÀ-ÞА-ЯЁ][\w'’-]+{_MORE_FAMILY},?\s+(?:[A-ZÀ-ÞА-ЯЁ]\.?\s?-?){{1,3}}[,;]\s*$"
)
_FAMILY_FIRST_NEXT = re.compile(
    r"^[A-ZÀ-ÞА-ЯЁ][\w'’-]*[a-zà-þа-яё][\w'’-]*,\s*(?:[A-ZÀ-ÞА-ЯЁ]\.\s?-?){1,3}:?(?=\s)"
    r"|^[A-ZÀ-ÞА-ЯЁ][\w'’-]*[a-zà-þа-яё][\w'’-]*\s+(?:[A-ZÀ-ÞА-ЯЁ]\.\s?-?){1,3}(?=\s)"
    rf"|^[A-ZÀ-ÞА-ЯЁ][\w'’-]*[a-zà-þа-яё][\w'’-]*{_MORE_FAMILY}\s+[A-ZÀ-ÞА-ЯЁ]{{1,3}}[.,:](?=\s)"
    # Vancouver's last two joined by "and": "Fiore D and Gennaro R."
    rf"|^[A-ZÀ-ÞА-ЯЁ][\w'’-]*[a-zà-þа-яё][\w'’-]*{_MORE_FAMILY}\s+[A-ZÀ-ÞА-ЯЁ]{{1,3}}\s+(?:and|&)\s+"
    rf"(?:(?:de|van|von|der|da|di|le|la)\s+)?[A-ZÀ-ÞА-ЯЁ][\w'’-]*[a-zà-þа-яё][\w'’-]*{_MORE_FAMILY}\s+[A-ZÀ-ÞА-ЯЁ]{{1,3}}[.,](?=\s)"
)
# "Cole, John Y. and Thomas G.": after "and" the names are given-first, so initials leave the list open.
_AND_GIVEN_OPEN = re.compile(r"(?:\band|&)\s+[A-ZÀ-Þ][a-zà-þ'’-]+(?:\s+[A-ZÀ-Þ]\.)+\s*$")
_CHICAGO_FIRST = re.compile(r"^[A-ZÀ-Þ][\w'’-]+,\s+[A-ZÀ-Þ][a-zà-þ]")
_LOWER_FAMILY = re.compile(r"^[a-zà-þ][\w'’-]+[,.;:]?$")
_CONNECTOR = re.compile(r"(?:\band|&|\bund|\bet|\by)\s*$")
_FAMILY_COMMA = re.compile(r"[A-ZÀ-ÞА-ЯЁ][\w'’-]+,")
_TITLE_STARTS = frozenset(
    [
        "the", "a", "an", "on", "of", "in", "for", "from", "to", "towards", "toward", "how", "what", "why", "when",
        "where", "which", "who", "is", "are", "do", "does", "can", "new", "study", "studies", "effect", "effects",
        "analysis",
    ]
)
_NAME_WORDS = ("and", "&", "und", "et", "de", "van", "von", "der")


def _leading_names(title: str) -> str:
    """The prefix of ``title`` that is plainly the end of a name list, or ""."""
    for m in re.finditer(r"\.\s+(?=\S)|\s+(?=[\"“])|,\s*(?=[\"“])", title):
        prefix = title[: m.start()].strip()
        words = prefix.split()
        last = words[-1].strip(",;") if words else ""
        if not words or (is_initial(last + ".") and len(last) <= 2):
            continue  # "J." inside the names: look further
        if len(words) > 12 or not _namey(prefix) or not all(w[:1].isupper() or w in _NAME_WORDS for w in words):
            return ""
        return title[: m.start() + len(m.group(0).rstrip())]
    return ""


def _all_names(title: str) -> bool:
    """True when ``title`` is nothing but given-first names with initials ("D. Dries, R.G. Hulet,")."""
    pieces = [p.strip() for p in re.split(r",|\band\b|&", title.strip(" ,;."))]
    pieces = [p for p in pieces if p]
    return bool(pieces) and all(_GIVEN_FIRST.match(p) for p in pieces)


def _open_initials(authors: list[str]) -> bool:
    """True when the list ends with initials still owing their family name: a given-first
    list ("R. Rosenfeld and D. S."), or a Chicago one left on "and Thomas G."."""
    last = authors[-1].rstrip()
    first_word = authors[0].split()[0] if authors[0].split() else ""
    given_first = bool(re.fullmatch(r"(?:[A-ZÀ-ÞА-ЯЁ]\.-?){1,3}", first_word))
    chicago = bool(_AND_GIVEN_OPEN.search(last)) and bool(_CHICAGO_FIRST.match(authors[0]))
    return (given_first or chicago) and is_initial(last.split()[-1]) and not last.endswith(",")


def _dangling_family(authors: list[str], title: str) -> str:
    """The start of ``title`` that completes a name list left open by the labeller.

    A list that ends with "and"/"&" still owes a name; a given-first list ("R. Rosenfeld and
    D. S.") that ends with initials still owes the family name. Returns the words to move
    (initials and a family name, then any further "and I. Family"), or "".
    """
    last = authors[-1].rstrip()
    words = title.split()
    if not words or not last.split():
        return ""
    open_initials = _open_initials(authors)
    connector = bool(_CONNECTOR.search(last))
    if not (connector or open_initials):
        return ""
    k = 0
    taken = 0
    while True:
        while k < len(words) - 1 and is_initial(words[k]) and not words[k].endswith(",") and k - taken < 3:
            k += 1
        if k >= len(words) or words[k].rstrip(",.;:").lower() in _TITLE_STARTS:
            break
        if not _FAMILY.match(words[k]) and not (k > taken and _LOWER_FAMILY.match(words[k]) and connector):
            break  # a lower-case family ("and A benhmouda,") only after initials that follow "and"
        if not open_initials and _given_then_family(words, k):
            k += 1  # "et Svante Pääbo.": a given name and the family name
        k += 1
        taken = k
        if k < len(words) - 2 and words[k] in ("and", "&"):
            k += 1
            continue
        break
    if not taken:
        return ""
    end = 0
    for word in words[:taken]:
        end = title.index(word, end) + len(word)
    return title[:end]


def _given_then_family(words: list[str], k: int) -> bool:
    """True when ``words[k]`` is a given name followed by its family name ("Svante Pääbo.")."""
    if words[k].endswith((",", ".", ";", ":")) or k + 1 >= len(words) - 1:
        return False
    return bool(_FAMILY.match(words[k + 1])) and words[k + 1].endswith((",", "."))


# The ways an open author list continues into the title, tried in this order; the first
# that applies decides. Each returns the repaired spans, or None when it does not apply.
def _extend_names(spans: Spans, moved: str, rest: list[str]) -> Spans:
    """The last author span grows by ``moved``; the first title becomes ``rest`` (0 or 1 span)."""
    authors, titles = spans["author"], spans["title"]
    return {**spans, "author": [*authors[:-1], f"{authors[-1]} {moved}"], "title": [*rest, *titles[1:]]}


def _next_family_first_name(spans: Spans) -> Spans | None:
    """"Zarchan P., | Musoff H. Fundamentals": the list is family-first, so "Musoff H." is a name."""
    last, title = spans["author"][-1], spans["title"][0]
    match = _FAMILY_FIRST_NEXT.match(title) if _FAMILY_FIRST_LAST.search(last) else None
    if not match or len(title) - match.end() < 8:
        return None
    moved = match.group(0).rstrip()
    return _extend_names(spans, moved, [title[len(moved) :].lstrip()])


def _title_all_names(spans: Spans) -> Spans | None:
    """"S.E. Pollack, | D. Dries, R.G. Hulet, | Science 326": a physics reference has no title."""
    title = spans["title"][0]
    if not _all_names(title) or not (spans.get("container-title") or spans.get("volume")):
        return None
    return _extend_names(spans, title, [])


def _names_before_title(spans: Spans) -> Spans | None:
    """"Della Porta, | Donatella and Manuela Caiani | (2006) Quale Europa?": a first title that
    is nothing but names (perhaps with their role: "Donatella and Sidney Tarrow (eds)"), with
    the real title after it, ends the name list."""
    titles = spans["title"]
    names = ROLE_END.sub("", titles[0])
    words = names.replace(",", " ").split()
    fewest = 1 if names != titles[0] else 2  # one given name will do before a role: "Donatella (ed.)"
    if len(titles) < 2 or not fewest <= len(words) <= 8 or not _namey(names):
        return None
    if not all(w[:1].isupper() or w in _NAME_WORDS for w in words) or words[-1] in _NAME_WORDS:
        return None
    return _extend_names(spans, titles[0], [])


def _family_of_given_first(spans: Spans) -> Spans | None:
    """"Stephen H. | Kellert, In the Wake...": a given-first name still needs its family name."""
    last, head = spans["author"][-1], spans["title"][0].split(" ", 1)
    if len(head) != 2 or "," in last or not _FAMILY_COMMA.fullmatch(head[0]) or not is_initial(last.split()[-1]):
        return None
    return _extend_names(spans, head[0], [head[1]])


def _last_initial(spans: Spans) -> Spans | None:
    """"Орлова Н. | И. Теория": the last initial of a name went to the title."""
    last, head = spans["author"][-1], spans["title"][0].split(" ", 1)
    if len(head) != 2 or not is_initial(head[0].rstrip(",;")) or not head[0].endswith("."):
        return None
    if not is_initial(last.split()[-1].rstrip(",;")):
        return None
    return _extend_names(spans, head[0], [head[1]])


def _leading_names_of_title(spans: Spans) -> Spans | None:
    """"..., M. Lind and | A. Berg. Tides": the title opens with the end of the name list.
    A list of initials-first names whose last name is whole goes on with another such name
    ("E. G. Turner, | Greek Papyri. An Introduction" does not)."""
    title = spans["title"][0]
    moved = _leading_names(title)
    if not moved or len(title) - len(moved) < 8:
        return None
    names = [p.strip() for p in re.split(r",|;|\band\b|&", " ".join(spans["author"])) if p.strip()]
    complete = bool(names) and _GIVEN_FIRST.match(names[0]) and _GIVEN_FIRST.match(names[-1])
    if complete and not any(is_initial(w.strip(",;:")) for w in moved.split()):
        return None
    return _extend_names(spans, moved, [title[len(moved) :].lstrip()])


def _dangling_names(spans: Spans) -> Spans | None:
    """"R. Lind and D. S. | Touretzky Coarse-coded memories.", "Lee & | Messerschmitt, Digital
    Communications,": the family name (and any role) owed by a list left open."""
    title = spans["title"][0]
    dangling = _dangling_family(spans["author"], title)
    if not dangling:
        return None
    rest = title[len(dangling) :].lstrip()
    role = ROLE_START.match(rest)
    if role:
        dangling, rest = f"{dangling} {rest[: role.end()].strip()}", rest[role.end() :]
    numbered = bool(spans.get("container-title") or spans.get("volume"))
    if not rest.strip(" ,.;:") and not numbered:
        return None  # the whole title would go: keep the model's reading
    if _all_names(rest) and numbered:
        return _extend_names(spans, title, [])
    return _extend_names(spans, dangling, [rest] if rest.strip(" ,.;:") else [])


_LIST_CONTINUATIONS: tuple[Callable[[Spans], Spans | None], ...] = (
    _next_family_first_name,
    _title_all_names,
    _names_before_title,
    _family_of_given_first,
    _last_initial,
    _leading_names_of_title,
    _dangling_names,
)


def open_author_list(spans: Spans, text: str) -> Spans:
    """An author list left open (a comma, "and", initials) right before the title, or a
    title opening with "and": the names it still owes move from the title to the authors,
    in the first of the layouts of ``_LIST_CONTINUATIONS`` that fits."""
    authors, titles = spans.get("author"), spans.get("title")
    if not authors or not titles or f"{authors[-1]} {titles[0]}" not in text:
        return spans
    if not (_OPEN_LIST.search(authors[-1]) or _LEADING_CONNECTOR.match(titles[0])):
        return spans
    for continuation in _LIST_CONTINUATIONS:
        out = continuation(spans)
        if out is not None:
            return out
    return spans


def names_from_rules(spans: Spans, text: str) -> Spans:
    """No names found at all (nor editors), but the title starts with what the rule-based
    labeller reads as the names: they are the authors (up to the first title word when
    given-first names run into it: "James Gleick, Chaos:")."""
    titles = spans.get("title")
    if not titles or spans.get("author") or spans.get("editor"):
        return spans
    title = titles[0]
    names = (label_spans(text)[0].get("author") or [""])[0].strip()
    start = _word_after_names(names + ":" if title.startswith(names + ":") else names)
    names = names[:start].rstrip() if start > 0 else names
    if not names or not title.startswith(names) or len(title) <= len(names) + 3:
        return spans
    return {**spans, "author": [names], "title": [title[len(names) :], *titles[1:]]}


_LONE_FAMILY = re.compile(r"^([A-ZÀ-ÞА-ЯЁ][a-zà-þа-яё'’-]+)(?:\s+([A-ZÀ-ÞА-ЯЁ][a-zà-þа-яё'’-]+))?,\s+(?=\S)")
_ONLY_FAMILY = re.compile(r"^([A-ZÀ-ÞА-ЯЁ][a-zà-þа-яё'’-]+),$")
_CITED_AGAIN = re.compile(r"\s*(?:op\.|cit\.|loc\.\s*cit|art\.\s*cit|ibid|a\.\s*a\.\s*O\.)", re.IGNORECASE)
_ELLIPSIS_END = re.compile(r"(?:\.\.\.?|…)[,.;:]?$")


def family_opens_title(spans: Spans, text: str) -> Spans:
    """No names found at all, but the title or note that opens the string opens with one
    capitalised word (or a family and a given name the lexicon knows) and a comma ("Memmo,
    Vita e macchine...", "Cervelli, op. cit.,", "Trivellato Francesca, Fondamenta..."):
    the humanities note's author, which the model read into the title or the note. A short
    title cut with an ellipsis read as a place or a container ("Contarini, Opera...,") is
    the author and the title; so is one word read alone as a place or a container before
    "op. cit." ("Bury, | op. cit., pp. 121-135"). Not when the word is a role word or one
    the lexicon knows from journal or publisher names ("Nature,"), nor when a title would
    keep a single word. (The lexicon's family names do not decide it: the family names a
    note cites are mostly not in it.)"""
    if spans.get("author") or spans.get("editor"):
        return spans
    head = text.lstrip()
    labels = ("title", "note") if spans.get("title") else ("title", "note", "location", "container-title")
    label = next((k for k in labels if spans.get(k) and head.startswith(spans[k][0])), "")
    lone = _ONLY_FAMILY.match(spans[label][0]) if label in ("location", "container-title") else None
    if lone and _CITED_AGAIN.match(head[len(spans[label][0]) :]) and fold(lone.group(1)) not in ROLE_WORDS:
        # "Bury, | op. cit., pp. 121-135": the short form's author, read as a place
        return drop_empty({**spans, label: spans[label][1:], "author": [spans[label][0]]})
    match = _LONE_FAMILY.match(spans[label][0]) if label else None
    if not match:
        return spans
    word = fold(match.group(1))
    lexicon = load_lexicon()
    if word in ROLE_WORDS or word in lexicon.get("journal", ()) or word in lexicon.get("publisher", ()):
        return spans
    if match.group(2) and fold(match.group(2)) not in lexicon.get("given", ()):
        return spans
    rest = spans[label][0][match.end() :]
    cut = bool(_ELLIPSIS_END.search(rest.rstrip()))
    if label == "title" and len(rest.split()) < 2 and not cut:
        return spans
    if label in ("location", "container-title"):
        if not cut:
            return spans
        out = {**spans, label: spans[label][1:]}
        return {**out, "author": [match.group(0).rstrip()], "title": [rest]}
    return {**spans, "author": [match.group(0).rstrip()], label: [rest, *spans[label][1:]]}


_GIVEN_COLON = re.compile(
    r"^(?P<given>[A-ZÀ-ÞА-ЯЁ][a-zà-þа-яё'’-]+(?:[\s-]+[A-ZÀ-ÞА-ЯЁ][a-zà-þа-яё'’-]+)?(?:\s+[A-Z]\.)?"
    r")\s*:\s+(?=\S)"
)


def given_opens_title(spans: Spans, text: str) -> Spans:
    """"Fetzer, | Anita: Negative Interaktionen", "Walter, | Christel: Technik, Studium ...":
    a lone family name, then the given name and the colon that ends the names, read as the
    start of the title: the given name joins the author (not a role word, nor a word the
    lexicon knows from journals or publishers, or only from places). Not "Dijk, Teun van:",
    whose particle belongs to the family name."""
    authors = spans.get("author")
    titles = spans.get("title")
    if not authors or not titles or not re.fullmatch(r"\s*[A-ZÀ-ÞА-ЯЁ][\w'’-]+,\s*", authors[-1]):
        return spans
    if f"{authors[-1].rstrip()} {titles[0]}" not in text:
        return spans
    match = _GIVEN_COLON.match(titles[0])
    first = fold(match.group("given").split()[0]) if match else ""
    lexicon = load_lexicon()
    if not match or first in ROLE_WORDS or any(first in lexicon.get(k, ()) for k in ("journal", "publisher")):
        return spans
    if first in lexicon.get("place", ()) and first not in lexicon.get("given", ()):
        return spans  # "Müller, Berlin: Geschichte einer Stadt"
    given = titles[0][: match.end()].rstrip()
    rest = titles[0][match.end() :]
    return {**spans, "author": [*authors[:-1], f"{authors[-1].rstrip()} {given}"], "title": [rest, *titles[1:]]}


# One name written initials first ("G. De Francovich", "O. PINTO", "W.-P. de Roever").
_INITIALS_NAME = re.compile(
    r"^(?:(?:^|\s?[-–]\s?)(?:[A-ZÀ-ÞА-ЯЁ][a-zà-þ]?\.\s?-?){1,3}\s?(?:(?i:de|di|da|del|della|dal|van|von|der|le|la|du)\s+)?"
    r"[A-ZÀ-ÞА-ЯЁ][\w'’]+(?:-[A-ZÀ-ÞА-ЯЁ][\w'’]+)*)+$"  # ... or two joined by a dash: "G. Romanelli-G. Rossi"
)
_NOT_TITLE_WORDS = re.compile(r"[A-ZÀ-ÞА-ЯЁ]\s?\.|^(?:and|e|et|und|&)(?:\s|[A-Z])")


def initials_list_tail(spans: Spans, text: str) -> Spans:
    """A list of names written initials first that took the title's first words ("O. PINTO,
    | Nuptialia. Saggio di bibliografia", "G. De Francovich, | Persia, Siria, Bisanzio e il
    Medioevo", "S. BETTINI, | Un libro su San Marco, «Arte Veneta»"): the pieces after the
    last name with initials, which have none, open the title (or are it, when none was
    found)."""
    authors = spans.get("author")
    if not authors or len(authors) > 1:
        return spans
    pieces = [p.strip() for p in re.split(r",\s+", authors[0].strip().rstrip(",;:"))]
    if len(pieces) < 2 or not _INITIALS_NAME.match(pieces[0]):
        return spans
    named = 1
    while named < len(pieces) and _INITIALS_NAME.match(re.sub(r"^(?:and|e|et|und|&)\s+", "", pieces[named])):
        named += 1
    rest = pieces[named:]
    bad = (not p or _NOT_TITLE_WORDS.search(p) or p.split()[0].lower().strip(".") in ROLE_WORDS for p in rest)
    if not rest or any(bad):
        return spans  # empty, an initial ("andM .Sato"), a connector, a role ("editor.")
    cut = authors[0].find(rest[0], len(", ".join(pieces[:named])))
    if cut <= 0:
        return spans
    head, moved = authors[0][:cut], authors[0][cut:]
    titles = spans.get("title")
    if titles:
        if f"{authors[0].rstrip()} {titles[0]}" not in text:
            return spans
        return {**spans, "author": [head], "title": [f"{moved.rstrip()} {titles[0]}", *titles[1:]]}
    return {**spans, "author": [head], "title": [moved]}


_ELLIPSIS_TITLE = re.compile(r"^([A-ZÀ-ÞА-ЯЁ«“\"][^,;()]*?(?:\.\.\.?|…))[,.;:]?(?:\s+|$)")


def _short_title(piece: str) -> re.Match[str] | None:
    """``piece`` opening with a short form's title: capitalised words ending in an ellipsis,
    one of them three letters long at least ("Jones, K. ..." is a list cut short), the first
    no role word but a conjunction ("I titoli...", not "op. cit...")."""
    match = _ELLIPSIS_TITLE.match(piece)
    if not match or not re.search(r"[^\W\d_]{3}", match.group(1)):
        return None
    first = match.group(1).split()[0].lower().strip(".")
    return match if ROLE_WORDS.get(first) in (None, "and") else None


def ellipsis_title(spans: Spans, text: str) -> Spans:
    """A short form read as a note or a place after its author ("Cecchetti, | Il doge...,
    298."), or into the names ("Lazzarini, I titoli..., 193." as two authors), or as the
    names of a note that has none ("La vicenda..., pp. 97-98"): the capitalised words ending
    in an ellipsis are the title it cites (no name ends in one)."""
    authors = spans.get("author")
    if not authors or spans.get("title"):
        return spans
    head, comma, last = authors[-1].rstrip(" ,;").rpartition(",")
    match = _short_title(last.strip()) if head.strip() else None
    alone = len(authors) == 1 and text.lstrip().startswith(authors[0].strip())
    opening = _short_title(authors[0].strip()) if alone else None
    if opening:  # no author at all: "La vicenda..., | pp. 97-98", "Annali genovesi..., a c. di C. Imperiale"
        rest = authors[0].strip()[opening.end() :].strip()
        return drop_empty({**spans, "author": [rest] if rest else [], "title": [opening.group(1)]})
    if match:
        rest = last.strip()[match.end() :].strip()
        out = {**spans, "author": [*authors[:-1], head + comma], "title": [match.group(1)]}
        return {**out, "note": [rest, *spans.get("note", [])]} if rest else out
    for label in ("note", "location"):  # "G. Contarini, | Opera..., p. 403": no place ends in an ellipsis
        values = spans.get(label)
        match = _short_title(values[0]) if values else None
        if values and match:
            rest = values[0][match.end() :].strip()
            return drop_empty({**spans, "title": [match.group(1)], label: [rest, *values[1:]] if rest else values[1:]})
    return spans


# "Kuntz, Colloquium,": a family name (one or two words), a comma, one to five words.
_FAMILY_THEN_WORDS = re.compile(
    r"^(?P<family>[A-ZÀ-ÞА-ЯЁ][\w'’-]+(?:\s+[A-ZÀ-ÞА-ЯЁ][\w'’-]+)?),\s+"
    r"(?P<words>[A-ZÀ-ÞА-ЯЁ][^\W\d_]*(?:['’][^\W\d_]+)?(?:[\s-]+[^\W\d_]+(?:['’][^\W\d_]+)?){0,4})[,.;:]?$"
)


# What a short form cites next: "cit.", a page, a volume ("p. 471", "III, 44", "12-13");
# not a year ("Barral, Altet 1983, p. 75" names two authors).
_CITED_NEXT = re.compile(
    r"^[\s,;:]*(?:(?:op\.\s*)?cit\.?[\s,;:]*)?(?:pp?\.|pagg?\.|S\.\s*\d|Bd\.|vol\.|vo[il]\.|[IVXLC]{1,6}\b|(?!(?:1[5-9]|20)\d\d\b)\d)"
)
_NOT_TITLE_ROLES = ("again", "and", "ed", "etal", "in", "no", "nd", "pp", "vol", "web", "doi")


def short_form_title(spans: Spans, text: str) -> Spans:
    """A note's short form read whole as one name "Family, Given" ("Kuntz, Colloquium, |
    p. 471", "Tucci, Mercanti, | p. 310", "Scarabello, Il Settecento, | pp. 594-632"): when
    nothing was read as a title or a container and the place cited follows (a number or
    "cit."), words after the comma that the lexicon knows not as given names (nor are
    initials, nor role words) are the title cited. "Rossi, Mario, p. 4" stays a name."""
    authors = spans.get("author")
    if not authors or len(authors) != 1 or any(spans.get(k) for k in ("title", "container-title", "editor")):
        return spans
    head = authors[0].strip()
    match = _FAMILY_THEN_WORDS.match(head)
    start = text.find(head)
    if not match or start < 0 or text[:start].strip():
        return spans
    if not _CITED_NEXT.match(text[start + len(head) :]):
        return spans
    words = [fold(w) for w in re.split(r"[\s\-'’]+", match["words"]) if w]
    given = load_lexicon().get("given", ())
    if fold(match["family"].split()[0]) in ROLE_WORDS or ROLE_WORDS.get(words[0]) in _NOT_TITLE_ROLES:
        return spans
    if all(w in given for w in words if len(w) > 2):  # initials and given names: a name ("Rossi, Mario,")
        return spans
    family = head[: match.start("words")].rstrip()
    return {**spans, "author": [family], "title": [head[match.start("words") :]]}


_CITED_PLACE = re.compile(r"^(?:(?P<volume>[IVXLC]{1,7})[,.]?\s+)?(?P<pages>\d{1,4}(?:\s*[-–]\s*\d{1,4})?)[.,;]?$")


def ellipsis_numbers(spans: Spans, text: str) -> Spans:
    """A short form's title read on into the place it cites ("Gallicciolli, | Delle
    memorie..., IV 193."), or followed by it read as a note ("Il doge..., | 298."): after
    the ellipsis, a Roman volume perhaps and the pages."""
    titles, notes = spans.get("title"), spans.get("note")
    match = _short_title(titles[0]) if titles else None
    if not titles or not match or spans.get("pages") or spans.get("volume"):
        return spans
    tail = titles[0][match.end() :].strip()
    if not tail and notes and text.find(notes[0]) > text.find(titles[0]):  # "Cecchetti, Il doge..., | 298."
        tail, notes = notes[0], notes[1:]
    cited = _CITED_PLACE.match(tail)
    if not cited:
        return spans
    out = drop_empty({**spans, "title": [match.group(1), *titles[1:]], "note": notes or [], "pages": [cited["pages"]]})
    return {**out, "volume": [cited["volume"]]} if cited["volume"] else out


def han_kana_rules(spans: Spans, text: str) -> Spans:
    """Chinese and Japanese written without spaces, read without both names and a title:
    the model (trained mostly on spaced scripts) may read them as one field, where full
    stops separate them, so the rule-based reading replaces it when it finds both."""
    if (spans.get("author") and spans.get("title")) or not mostly_han_kana(text):
        return spans  # (the cheap test first: it decides for most references)
    ruled = label_spans(text)[0]
    return ruled if ruled.get("author") and ruled.get("title") else spans
