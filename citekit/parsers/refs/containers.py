"""Repairs at the title/container boundary: where the title ends and the journal or book begins.

A title that runs into the journal after a year or an abbreviation ("... products Int. |
J. Mod. Phys. B"), into "In <book>", into a quoted journal name, or across GOST's "//";
an edited book that runs on into its place of publication; a journal that took the
"Heft" of its issue number, or its series ("«Archivio Veneto», serie V"); a report's
kind and number read as a container.
Every function here is one entry of :data:`citekit.parsers.refs.repairs.REPAIRS`: ``(spans, text) -> spans``.
"""

from __future__ import annotations

import re

from citekit.formats.words import FUNCTION_WORDS
from citekit.names import fold
from citekit.parsers.refs.features import ROLE_WORDS, ROMAN_NUMERAL, load_lexicon
from citekit.parsers.refs.names import is_editor_list
from citekit.parsers.refs.spans import Spans, drop_empty

__all__ = [
    "abbreviation_tail",
    "book_place",
    "editors_in_container",
    "gost_slashes",
    "in_within_container",
    "journal_initial_in_names",
    "number_mark_tail",
    "physics_journal_tail",
    "place_list_title",
    "quoted_journal",
    "report_container",
    "series_mark_tail",
    "split_in",
    "title_case_tail",
    "vancouver_journal",
    "year_ended_title",
]

_TITLE_YEAR_END = re.compile(r"^(?P<title>.{8,}?[\s,:]\(?(?:1[5-9]|20)\d\d\)?)\.\s+(?P<tail>[A-ZÀ-Þ][^.]*?[.,]?)$")


def _into_container(spans: Spans, title: str, moved: str) -> Spans:
    """The first title becomes ``title`` and ``moved`` opens the first container."""
    titles, containers = spans["title"], spans["container-title"]
    return {**spans, "title": [title, *titles[1:]], "container-title": [f"{moved} {containers[0]}", *containers[1:]]}


def _title_meets_container(spans: Spans, text: str) -> bool:
    """True when the first title runs straight into the first container in ``text``."""
    titles, containers = spans.get("title") or [], spans.get("container-title") or []
    return bool(titles and containers) and f"{titles[0]} {containers[0]}" in text


def year_ended_title(spans: Spans, text: str) -> Spans:
    """A title ending in a year ("Cancer statistics, 2020.") that ran on into the journal
    ("CA Cancer" + "J Clin"): the words after the year's full stop go back to the journal."""
    titles = spans.get("title")
    match = _TITLE_YEAR_END.match(titles[0]) if titles else None
    if not match or len(match.group("tail").split()) > 5 or not _title_meets_container(spans, text):
        return spans
    return _into_container(spans, match.group("title"), match.group("tail"))


# Words that open an abbreviated journal name and never end a title ("... fusion products Int. | J. Mod. Phys. B").
_JOURNAL_OPENERS = frozenset(
    [
        "int.", "j.", "j", "proc.", "ann.", "rev.", "phys.", "nucl.", "eur.", "am.", "trans.", "bull.", "acta", "z.",
        "mod.", "lett.", "adv.", "astron.", "astrophys.", "chem.", "biol.", "mon.",
    ]
)


_ABBREVIATED = re.compile(r"^[A-ZÀ-Þ][a-zà-þ]{0,7}\.$")


def _journal_word(word: str) -> bool:
    """A journal's first word: one of the usual ones, or one the lexicon knows from journal
    names, two letters long at least ("Commun.", "Zh.")."""
    core = word.rstrip(".")
    return word.lower() in _JOURNAL_OPENERS or (len(core) > 1 and fold(core) in load_lexicon().get("journal", ()))


_NAMES_THEN_J = re.compile(r"^(?P<names>(?:[A-ZÀ-Þ]\.\s?-?){1,3}\s?[A-ZÀ-Þ][\w'’-]+.*?),\s+(?P<j>[JZ]\.)$")


def journal_initial_in_names(spans: Spans, text: str) -> Spans:
    """"M. Bordag, J. | Phys. A 39", "A. Smith, Z. | Phys. C 44": in a list written initials
    first, a lone "J." or "Z." after the last name, right before an abbreviated word, is the
    journal's first word ("J. Phys.", "Z. Phys."), not a name."""
    authors = spans.get("author")
    match = _NAMES_THEN_J.match(authors[-1].rstrip()) if authors else None
    if not authors or not match:
        return spans
    for label in ("container-title", "title"):
        values = spans.get(label)
        if not values or f"{authors[-1].rstrip()} {values[0]}" not in text:
            continue
        if not _ABBREVIATED.match(values[0].split()[0]):
            return spans
        return {
            **spans,
            "author": [*authors[:-1], match.group("names") + ","],
            label: [f"{match.group('j')} {values[0]}", *values[1:]],
        }
    return spans


def abbreviation_tail(spans: Spans, text: str) -> Spans:
    """The first abbreviations of a journal name left at the end of the title ("... Ideals
    and dimension. J. Funct. | Anal."): a run of abbreviated words that opens with a
    journal's first word ("J.", "Int.", "Phys."); or a title made only of abbreviations, the
    first a journal word the lexicon knows ("P. W. Higgs, Phys. | Rev. Lett. 13"; not
    "Overview. | The Prison Journal")."""
    titles = spans.get("title")
    if not titles or not spans.get("container-title"):
        return spans
    words = titles[0].split()
    start = len(words)
    while start > 0 and len(words) - start < 4 and (_ABBREVIATED.match(words[start - 1]) or words[start - 1] == "J"):
        start -= 1
    if start == 0 and _journal_word(words[0]) and _title_meets_container(spans, text):
        # Nothing but abbreviations ("Phys. | Rev. Lett. 13"): the journal's first words, no title.
        out = _into_container(spans, "", titles[0].strip())
        return drop_empty({**out, "title": titles[1:]})
    # The run opens with a journal's first word (scanning back from its end for the first one).
    while start < len(words) and words[start].lower() not in _JOURNAL_OPENERS:
        start += 1
    if start == len(words) or start < 2 or not _title_meets_container(spans, text):
        return spans
    return _into_container(spans, " ".join(words[:start]), " ".join(words[start:]))


# What follows a journal in Vancouver and similar styles: the year, then volume(issue):pages
# ("Pain 1991; 46:61-66", "Teratology (1995) 52:306-311", "Cell 1982; 29: 403-415").
_YEAR_VOLUME_PAGES = re.compile(
    r"\s*[,.]?\s*\(?(?:1[5-9]|20)\d\d[a-z]?\)?[;,.]?\s*\d{1,4}\s*(?:\(\s*[\w/-]{1,9}\s*\))?\s*:\s*[A-Za-z]?\d"
)
_LAST_SENTENCE = re.compile(r"(?<=[a-z\d)\]?!])[.?!]\s+(?P<tail>[A-ZÀ-Þ][^.?!]*(?:\.\s?[A-ZÀ-Þ][a-z]*)*\.?)$")


def vancouver_journal(spans: Spans, text: str) -> Spans:
    """A journal followed by the year and "volume:pages" read as a place ("Pain | 1991;
    46:61-66"), or as the title's last sentence ("... and their relation to mortality.
    Circulation | (1990) 82:1730-1736"), when no container was found: no place and no
    title is followed by that."""
    if spans.get("container-title"):
        return spans
    places = spans.get("location")
    if places:
        at = text.find(places[0])
        if at >= 0 and _YEAR_VOLUME_PAGES.match(text, at + len(places[0])):
            return drop_empty({**spans, "location": places[1:], "container-title": [places[0]]})
    titles = spans.get("title")
    at = text.find(titles[0]) if titles else -1
    if not titles or at < 0 or not _YEAR_VOLUME_PAGES.match(text, at + len(titles[0])):
        return spans
    match = _LAST_SENTENCE.search(titles[0].rstrip())
    if not match or len(match["tail"].split()) > 8 or len(titles[0][: match.start()].split()) < 2:
        return spans
    return {**spans, "title": [titles[0][: match.start() + 1], *titles[1:]], "container-title": [match["tail"]]}


# An abbreviated physics journal and its volume glued on, as PDF extraction leaves them
# at the end of a title: ",Nucl .Phys.B607", ", Phys. Rev. D64".
_PHYSICS_TAIL = re.compile(
    r"[,\s]\s*(?P<journal>(?:[A-Z][a-z]{0,6}\s*\.\s*){2,4}(?:[A-Z](?=\s*\d))?)\s*(?P<volume>\d{1,4})[.,;]?$"
)


def physics_journal_tail(spans: Spans, text: str) -> Spans:
    """A physics journal's abbreviations and its volume read into the end of the title
    ("Gravitational waves in nonsingular string cosmologies ,Nucl .Phys.B607 ( 2001)"): the
    journal and the volume, when neither was found."""
    titles = spans.get("title")
    if not titles or spans.get("container-title") or spans.get("volume"):
        return spans
    match = _PHYSICS_TAIL.search(titles[0].rstrip())
    first = match["journal"].split(".")[0].strip() + "." if match else ""
    if not match or len(titles[0][: match.start()].split()) < 3 or not _journal_word(first):
        return spans
    return {
        **spans,
        "title": [titles[0][: match.start()].rstrip(), *titles[1:]],
        "container-title": [match["journal"].strip()],
        "volume": [match["volume"]],
    }


def gost_slashes(spans: Spans, text: str) -> Spans:
    """GOST "Title // Journal": the "//" separates the title from the journal (whatever the
    model read as the journal goes to the note)."""
    titles = spans.get("title")
    if not titles or " // " not in titles[0]:
        return spans
    head, _, tail = titles[0].partition(" // ")
    out = {**spans, "title": [head, *titles[1:]], "container-title": [tail]}
    if spans.get("container-title"):
        out["note"] = [*spans.get("note", []), *spans["container-title"]]  # what the model took for the journal
    return out


# ". In: Proceedings...", ", in Novels": the word that opens the containing work.
_IN_CONTAINER = re.compile(
    r"(?<=[.,;])\s+(?:In|in|IN|Dans|dans|Im)\s*:?\s+(?=[A-Z0-9À-Þ\"“«])(?!(?:Vitro|Vivo|Situ|Silico|Press)\b)"
)


def _inside_quotes(head: str) -> bool:
    """True when ``head`` leaves a quotation open ("“Extraction, | in a case")."""
    opened = sum(head.count(q) for q in "“«‘") + head.count('"') % 2
    return opened > sum(head.count(q) for q in "”»’")


def _numeral(value: str) -> str:
    """``value`` without its punctuation when it is only a volume's number, Arabic or Roman
    ("XXXVI,", "Lxvi", "7"), else ""."""
    core = value.strip(" ,.;:")
    return core if (core.isdigit() and len(core) <= 4) or ROMAN_NUMERAL.match(core.lower()) else ""


def _lower_in_after_comma(value: str, match: re.Match[str]) -> bool:
    """True when ``match`` (of ``_IN_CONTAINER`` in ``value``) is a lower-case "in" after a
    comma: a chapter's book follows for sure ("…, in L’enigma"), unlike ". In Vitro"."""
    return value[: match.start()].endswith(",") and match.group(0).strip()[:1].islower()


def split_in(spans: Spans, text: str) -> Spans:
    """A title that runs on into "In <book or proceedings>": the words after "In" are the
    container (before any the model found further on: "in “Bollettino d’Arte”, | XXXVI"),
    unless the "In" is inside the title's quotation marks; when they are only the book's
    editors and their role, with the book found after them, they are its editors (even
    after a one-word title: "Zivilgesellschaft. In: D. Nohlen (Hrsg.): | Kleines Lexikon")."""
    titles = spans.get("title")
    if not titles:
        return spans
    match = _IN_CONTAINER.search(titles[0])
    head = titles[0][: match.start()] if match else ""
    tail = titles[0][match.end() :].strip() if match else ""
    editors = not spans.get("editor") and tail[:1].isupper() and len(tail) <= 120 and is_editor_list(tail)
    if match and editors and head.strip() and spans.get("container-title") and not _inside_quotes(head):
        # "Zivilgesellschaft. In: D. Nohlen/F. Grotz (Hrsg.): | Kleines Lexikon": the book's editors
        return {**spans, "title": [head, *titles[1:]], "editor": [titles[0][match.start() :].strip()]}
    # One word will do before ", in" ("de’Iacopo, in Dizionario Biografico"), not before ". In" ("Cell. In Vitro").
    fewest = 1 if match and _lower_in_after_comma(titles[0], match) else 2
    if not match or len(head.split()) < fewest or _inside_quotes(head):
        return spans
    if len(tail) < 3:
        return spans
    later = spans.get("container-title") or []
    out = {**spans, "title": [titles[0][: match.start()], *titles[1:]], "container-title": [tail, *later]}
    numeral = _numeral(later[0]) if later else ""
    if numeral and not spans.get("volume"):
        # the model's container was the journal's volume: "in “Bollettino d’Arte”, | XXXVI, 1951"
        out = {**out, "container-title": [tail, *later[1:]], "volume": [numeral]}
    return out


def in_within_container(spans: Spans, text: str) -> Spans:
    """The title's last part read as the start of the container, the "in" that opens the
    book after it ("«Delendae Venetiae». | La città e le sue trasformazioni, in L’enigma
    della modernità"): what comes before ", in" goes back to the title it follows."""
    titles, containers = spans.get("title"), spans.get("container-title")
    match = _IN_CONTAINER.search(containers[0]) if titles and containers else None
    if not titles or not containers or not match or not _lower_in_after_comma(containers[0], match):
        return spans
    head = containers[0][: match.start()].rstrip(" ,")
    if len(head.split()) < 2:
        return spans
    joined = re.search(re.escape(titles[0].rstrip()) + r"[^\w(]{0,4}" + re.escape(head), text)
    if not joined:
        return spans  # not the title's next words
    start = joined.start() - (joined.start() > 0 and text[joined.start() - 1] in "«“\"‘")  # its opening quote
    return {
        **spans,
        "title": [text[start : joined.end()], *titles[1:]],
        "container-title": [containers[0][match.end() :], *containers[1:]],
    }


# The editors' role spelt out, then a name with initials, inside the book's title.
_ROLE_WITHIN = re.compile(
    r"[\s,.;]\s*(?:a\s+cura\s+di|a\s+c\.\s+di|edited\s+by|ed\.\s+by|hrsg\.\s+v(?:on|\.)|herausgegeben\s+von"
    r"|dir\.\s+da|sous\s+la\s+dir(?:ection|\.)\s+de)\s+(?-i:[A-ZÀ-Þ])",
    re.IGNORECASE,
)


def editors_in_container(spans: Spans, text: str) -> Spans:
    """The book a chapter is in read on into its editors, their role spelt out ("in Storia
    della cultura veneta a cura di G. Arnaldi e M. Pastore Stocchi, voi. III / 1"): the
    book ends before the role; the rest is its editors, when none were found."""
    containers = spans.get("container-title")
    within = _ROLE_WITHIN.search(containers[0]) if containers and not spans.get("editor") else None
    if not containers or not within or len(containers[0][: within.start()].split()) < 2:
        return spans
    out = {**spans, "container-title": [containers[0][: within.start()], *containers[1:]]}
    return {**out, "editor": [containers[0][within.start() :].strip(" ,.;")]}


_QUOTED_JOURNAL = re.compile(r",\s+(?=«[^«»]{3,}»|“[^“”]{3,}”)")


def quoted_journal(spans: Spans, text: str) -> Spans:
    """"La Dominazione dei Carrarese su Verona, «Vita Veronese», 8 (1955)": a title that
    runs on, after a comma, into a name in guillemets or curly quotes, when no container
    was found: the quoted name and what follows it in the span are the container (the
    Italian and French way of quoting a journal). Three words at least stay the title. A
    container found after it that is only a numeral is its volume."""
    titles, containers = spans.get("title"), spans.get("container-title") or []
    numeral = _numeral(containers[0]) if containers and not spans.get("volume") else ""
    if not titles or (containers and not numeral):
        return spans
    match = _QUOTED_JOURNAL.search(titles[0])
    if not match or len(titles[0][: match.start()].split()) < 3:  # "Vladyslav Verstiuk, “Novyi etap”": names
        return spans
    out = {
        **spans,
        "title": [titles[0][: match.start() + 1], *titles[1:]],
        "container-title": [titles[0][match.end() :].strip(), *containers[1:]],
    }
    return {**out, "volume": [numeral]} if numeral else out  # "«Rivista storica italiana» | Lxvi 1934"


# The end of an edited book's title: ", Frankfurt am Main", ". – Weinheim/München", ", Göttingen u.a.",
# ". Bonn: Bundeszentrale für politische Bildung" (the place, then perhaps the publisher).
_BOOK_PLACE = re.compile(
    r"(?:[,.]|\s[–-])\s+(?:[–-]\s+)?(?P<place>[A-ZÀ-Þ][^\W\d_]+(?:(?:\s+(?:am|an\s+der|a\.|upon|on|sur)\s+|/|\s*[-–]\s*"
    r"|\s+(?:und|and|u\.|&)\s+|\s+(?=[A-ZÀ-Þ][^\W\d_]+(?:\s*$|\s*[-–/,]|\s+and\s)))[A-ZÀ-Þ][^\W\d_]*\.?)*"
    r"(?:\s+u\.\s?a\.|\s+etc\.)?)"
    r"(?::\s+(?P<publisher>[A-ZÀ-Þ][^,;:]{2,60}?))?[,.;:]?$"
)


def _known_place(place: str) -> bool:
    """True when the lexicon knows the first word of ``place`` ("Frankfurt am Main",
    "Durham/London") as a place."""
    return fold(re.split(r"[\s/-]", place)[0]) in load_lexicon().get("place", ())


def book_place(spans: Spans, text: str) -> Spans:
    """The book a chapter is in, read on into its place of publication ("In: D. Nohlen (Hrsg.):
    Kleines Lexikon der Politik. Bonn: Bundeszentrale für politische Bildung, S. 655",
    "The Argumentative Turn in Policy Analysis, Durham/London, 145–166"), or, with no
    container, a book's title ("Einführung in die Sehbehindertenpädagogik, München/Basel."):
    the place (the lexicon knows its first word as a place) and the publisher after it. Not
    when a volume or an issue was found (a journal's), nor when a place was found elsewhere."""
    label = "container-title" if spans.get("container-title") else "title"
    containers = spans.get(label)
    if not containers or spans.get("location"):
        return spans
    if spans.get("volume") or spans.get("issue"):
        return spans
    match = _BOOK_PLACE.search(containers[0].rstrip())
    head = containers[0][: match.start()] if match else ""
    if not match or len(head.split()) < (1 if label == "title" else 2) or not re.search(r"[^\W\d_]{4}", head):
        return spans  # a book's title may be one word: "Objektivität, Frankfurt/M."
    if not _known_place(match.group("place")):
        return spans
    out = {**spans, label: [containers[0][: match.start()], *containers[1:]]}
    out["location"] = [match.group("place")]
    if match.group("publisher") and not spans.get("publisher"):
        out["publisher"] = [match.group("publisher")]
    return out


def place_list_title(spans: Spans, text: str) -> Spans:
    """A short title read as the first of the places ("Veronica Franco, | Lettere, Napoli,
    Ricciardi, 1949", "G. Contarini, | Opera, Venezia 1589"): when no title was found, the
    pieces of the place before the first one the lexicon knows as a place are the title,
    and one piece after that place is the publisher when none was found."""
    places, authors = spans.get("location"), spans.get("author")
    if not places or spans.get("title") or not authors:
        return spans
    if not re.search(re.escape(authors[-1].strip()) + r"[\s,.;:]*" + re.escape(places[0].strip()), text):
        return spans  # the place right after the names: "Foley, J. D., | Computer Graphics, pp. 992-996, | Addison"
    pieces = [p.strip() for p in places[0].strip(" ,.;:").split(",")]
    first = next((k for k, piece in enumerate(pieces) if piece and _known_place(piece)), 0)
    if first == 0 or not all(p[:1].isupper() for p in pieces[:first]) or len(pieces) - first > 2:
        return spans
    out = {**spans, "title": [", ".join(pieces[:first])], "location": [pieces[first], *places[1:]]}
    if len(pieces) - first == 2:
        if spans.get("publisher"):
            return spans
        out["publisher"] = [pieces[first + 1]]
    return out


_LAST_WORD = re.compile(r"\s+(?P<mark>[^\W\d_]+\.?)$")
_MARK_AND_NUMBER = re.compile(
    r"[,;»”\"]\s*(?P<mark>[^\W\d_]{1,6}\.?)\s*(?P<number>\d{1,4}|[IVXLC]{1,7}|[ivxlc]{1,7})[.,;:]?$"
)


def number_mark_tail(spans: Spans, text: str) -> Spans:
    """A journal that ends with the word that marks the number after it ("In: Leviathan, Heft |
    4 (1994)", "Lecture Notes in Computer Science Volume | 2139"): the mark goes with its
    number, which stays what the model read it as. Not a word with a comma after it ("IFAC
    Proceedings Volumes, | 43(5)": a word of the name). A mark and its number both read into
    the journal after a comma ("«Bollettino cisa», n. v") are the issue or the volume, when
    none was found."""
    containers = spans.get("container-title")
    if not containers:
        return spans
    numbered = _MARK_AND_NUMBER.search(containers[0].rstrip())
    if numbered and re.search(r"[^\W\d_]{3}", containers[0][: numbered.start()]):
        # "«Bollettino cisa», n. v": the mark and its number both read into the journal
        kind = ROLE_WORDS.get(numbered.group("mark").rstrip(".").lower())
        label = "issue" if kind == "no" else "volume"
        if kind in ("no", "vol") and not spans.get(label):
            out = {**spans, "container-title": [containers[0][: numbered.start()], *containers[1:]]}
            return {**out, label: [numbered.group("number")]}
    match = _LAST_WORD.search(containers[0].rstrip())
    if not match or not containers[0][: match.start()].strip():
        return spans
    mark = match.group("mark")
    if ROLE_WORDS.get(mark.rstrip(".").lower()) not in ("vol", "no") or len(mark.rstrip(".")) < 2:
        return spans
    at = text.find(containers[0])
    if at < 0 or not re.match(r"\s*(?:\d|[IVXLC]+\b)", text[at + len(containers[0]) :]):
        return spans
    return {**spans, "container-title": [containers[0][: match.start()].rstrip(",;:"), *containers[1:]]}


# A journal's series after its name: "serie V", "s. V", "n. s.", "N.F.", "nuova serie", "new series",
# "2nd ser.", "3a serie", "nouvelle série", "Neue Folge", "series IV".
_SERIES_MARK = re.compile(
    r"[,»”\"„]\s*(?P<mark>(?:(?:\d+(?:st|nd|rd|th|a|e|ª)?|nuova|new|nouvelle|neue|third|second|terza|seconda)\s+)?"
    r"(?:serie|series|série|ser\.|folge|s\.)(?:\s+(?:[IVX][IVXLC]*|[ivx][ivxlc]*|\d{1,2})\b\.?)?|n\.\s?[sf]\.)[,.;]?$",
    re.IGNORECASE,
)


def series_mark_tail(spans: Spans, text: str) -> Spans:
    """A journal read on into its series ("«Archivio Veneto», serie V", "«Studi veneziani», n.
    s.", "Economic History Review, 2nd ser."): the series is a note beside the volume, as
    catalogues write it, not part of the journal's name."""
    containers = spans.get("container-title")
    if not containers:
        return spans
    match = _SERIES_MARK.search(containers[0].rstrip())
    head = containers[0][: match.start() + 1] if match else ""
    if not match or not re.search(r"[^\W\d_]{2}", head):
        return spans
    return {**spans, "container-title": [head, *containers[1:]], "note": [match.group("mark"), *spans.get("note", [])]}


# "Technical Report TR93-3, Department of Mathematics", "CMU CS Tech Report CMU-CS-94-123",
# "Tech. rep. STAN-CS-TR-94-1511, Dept. of Computer Science": a report's kind, its number,
# then the body that issued it.
_REPORT = re.compile(
    r"^(?P<genre>(?:[A-Z][\w/-]*\s+){0,4}?(?:technical|tech\.?|research|internal)\s+(?:report|rep|rpt|memo|memorandum|note)s?"
    r"\b\.?(?:,?\s+(?:(?-i:[A-Z]\w*)\s+){0,2}(?:no\.?\s*|#)?(?=[\w./-]*\d)[\w./-]+)?"
    r"|(?-i:TR)[-\s]?\d[\w./-]*)"  # or a report's number alone: "TR 1069", "TR95-90"
    r"(?P<rest>(?:[,;.]\s.*)?)[,.;]?$",
    re.IGNORECASE,
)


def report_container(spans: Spans, text: str) -> Spans:
    """A report's kind and number read as the container ("Technical Report TR93-3, Department
    of Mathematics, Old Dominion University"): they are its genre (CSL's report genre and
    number), and the body after them its publisher when none was found."""
    containers = spans.get("container-title")
    match = _REPORT.match(containers[0].strip()) if containers else None
    if not containers or not match:
        return spans
    genre = re.sub(r"(?<=\d)[.,;:]+$", "", match.group("genre"))
    out = {**spans, "container-title": containers[1:], "genre": [*spans.get("genre", []), genre]}
    rest = match.group("rest").strip(" ,.;:")
    if rest and not spans.get("publisher"):
        out["publisher"] = [rest]
    return drop_empty(out)


_NUMBERS_NEXT = re.compile(r"\s*(?:(?:v|vol|Vol|Bd|Jg)\.\s*)?\d")
_MINOR_WORDS = FUNCTION_WORDS | {"as", "into", "or", "des", "du", "les", "et", "und", "von", "zur", "zum", "im"}


def _title_cased(words: list[str]) -> bool:
    """Every word capitalised but short function words ("Primer on the Rheumatic Diseases")."""
    minor = (w.lower().strip(",.:;") in _MINOR_WORDS or not w[:1].isalpha() for w in words[1:])
    return words[0][:1].isupper() and all(w[:1].isupper() or m for w, m in zip(words[1:], minor, strict=True))


def title_case_tail(spans: Spans, text: str) -> Spans:
    """APA's chapter or article with the journal or book read into the title ("Sjögren’s
    Syndrome. Primer on the Rheumatic Diseases, | 389–397", "Kentucky. Appalachian Heritage,
    | 11(1)"): when no container was found and pages or a volume were, a last sentence in
    Title Case that a comma and the numbers follow is the container."""
    titles = spans.get("title")
    if not titles or spans.get("container-title") or not (spans.get("pages") or spans.get("volume")):
        return spans
    at = text.find(titles[0])
    if at < 0 or not _NUMBERS_NEXT.match(text, at + len(titles[0])) or not titles[0].rstrip().endswith(","):
        return spans  # APA: "Book, 389–397", "Journal, 11(1)"; "Journal, v. 41"
    title = titles[0].rstrip()
    cut = title.rfind(". ", 0, len(title) - 2)
    if cut < 0:
        return _sentence_then_journal(spans, title)
    head, tail = title[: cut + 1], title[cut + 2 :]
    words = tail.strip(" ,.;:").split()
    if not words or len(words) > 12 or not _title_cased(words) or not re.search(r"[^\W\d_]{3}", head):
        return spans
    if re.search(r"\b[A-Z][a-z]{0,3}\.$", head) or _inside_quotes(head):
        return spans  # "Ann. | Phys." or a quoted title's inner full stop
    return {**spans, "title": [head, *titles[1:]], "container-title": [tail]}


def _sentence_then_journal(spans: Spans, title: str) -> Spans:
    """"Shock-metamorphosed zircon in terrestrial impact craters, Meteoritics and Planetary
    Science,": a title in sentence case, then after its last comma a name in Title Case."""
    head, comma, tail = title.rstrip(" ,").rpartition(", ")
    words, lead = tail.split(), head.split()
    if not comma or not words or len(words) > 12 or len(lead) < 3 or not _title_cased(words):
        return spans
    if _title_cased(lead) or _inside_quotes(head):
        return spans  # "The Sun, the Moon, Physics of the Stars": no telling where the title ends
    return {**spans, "title": [head + ",", *spans["title"][1:]], "container-title": [tail + ","]}

