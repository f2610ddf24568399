"""Repairs around editors: who edited, and which work they edited.

Names found again after the title (a chapter's editors, or the end of the book's title),
the book after the editors of a chapter ("In J. Knechtel (Ed.), TRASH."), an edited work
read as a container ("Tester, Keith, ed. The Flâneur."), and an author list that says it
names editors ("Bird, J., and L. Tickner, eds."). Every function here is one entry of
:data:`citekit.parsers.refs.repairs.REPAIRS`: ``(spans, text) -> spans``.
"""

from __future__ import annotations

import re

from citekit.parsers.refs.kinds import BOOK_IN, BOOK_IN_HEAD
from citekit.parsers.refs.names import is_editor_list
from citekit.parsers.refs.spans import Spans, drop_empty

__all__ = [
    "ROLE_END",
    "ROLE_START",
    "authors_are_editors",
    "book_after_editors",
    "edited_work_is_title",
    "editors_as_container",
    "editors_open_container",
    "editors_without_role",
    "is_role",
    "late_names",
    "role_opens_title",
]

_OF = ("of", "de", "von", "di")


def late_names(spans: Spans, text: str) -> Spans:
    """Names found again after the title: the end of the container when they follow it
    ("In The Best Short Stories | of J. G. Ballard."), else the book's editors."""
    authors, titles = spans.get("author") or [], spans.get("title") or []
    if len(authors) < 2 or not titles:
        return spans
    title_at = text.find(titles[0])
    keep, editors, containers = [authors[0]], list(spans.get("editor") or []), list(spans.get("container-title") or [])
    for span in authors[1:]:
        at = text.find(span)
        if title_at < 0 or at < title_at:
            keep.append(span)
        elif containers and f"{containers[-1]} {span}" in text and span.split()[0] in _OF:
            containers[-1] = f"{containers[-1]} {span}"
        elif not spans.get("editor"):
            editors.append(span)
        else:
            keep.append(span)
    if len(keep) == len(authors):
        return spans
    return drop_empty({**spans, "author": keep, "editor": editors, "container-title": containers})


_ROLE_NEXT = re.compile(r"\s*\(?(?:eds?|edd|editors?|hrsg|hg|dir|coords?|orgs?)\.?\)?[,.:]?(?=\s)", re.IGNORECASE)
_EDS_THEN_BOOK = re.compile(
    r"^(?P<eds>.*?[A-Za-zÀ-ÿ].*?\((?:eds?|hrsg|hg|dir|coords?|orgs?)\.?\)[,.:]?)\s+(?P<book>\S.*)$", re.IGNORECASE
)
_GIVEN_FIRST_NAME = re.compile(r"(?:[A-ZÀ-Þ]\.\s?){1,3}[A-ZÀ-Þ][\w'’-]+")


def book_after_editors(spans: Spans, text: str) -> Spans:
    """APA chapters, "In J. Knechtel (Ed.), TRASH." / "In R. Keeney (Eds.), | Decisions with
    Multiple Objectives.": the book after the editors is the container when none was found,
    whether it was read into the editors or as a second title."""
    if spans.get("container-title") or not spans.get("editor"):
        return spans
    editors = spans["editor"]
    inside = _EDS_THEN_BOOK.match(editors[-1])
    if inside and len(inside.group("book").strip(" .,")) >= 2 and not _GIVEN_FIRST_NAME.match(inside.group("book")):
        return {**spans, "editor": [*editors[:-1], inside.group("eds")], "container-title": [inside.group("book")]}
    if len(spans.get("title") or []) >= 2 and _second_title_follows_editors(spans, text):
        titles = spans["title"]
        out = {**spans, "title": titles[:1], "container-title": titles[1:2]}
        if titles[2:]:
            out["note"] = [*spans.get("note", []), *titles[2:]]
        return out
    return spans


# "In Rohit Parikh,", "In C. B. Jones, R. C. Shaw, and T. Denvir,": names only, after "In".
_NAME_WORD = r"(?:[A-ZÀ-Þ]\.(?:-?[A-ZÀ-Þ]\.)*|[A-ZÀ-Þ][\w'’-]+|and|&|de|van|von|der)"
_IN_NAMES = re.compile(rf"^(?:In|in)\s+(?P<names>{_NAME_WORD}(?:,?\s*{_NAME_WORD}){{0,11}}),?$")


def editors_as_container(spans: Spans, text: str) -> Spans:
    """Computer-science chapters, "In Rohit Parikh, | editor, | Logics of Programs": names
    after "In", then "editor(s)", read as a first container before the book: they are the
    book's editors."""
    containers = spans.get("container-title") or []
    if len(containers) < 2 or spans.get("editor"):
        return spans
    names = _IN_NAMES.match(containers[0].strip())
    at = text.find(containers[0])
    if not names or at < 0 or not _ROLE_NEXT.match(text, at + len(containers[0])):
        return spans
    return {**spans, "editor": [containers[0]], "container-title": containers[1:]}


def editors_open_container(spans: Spans, text: str) -> Spans:
    """"In: Christine Landfried (Hg.): Politik in einer entgrenzten Welt", "In R. Ekman (Eds.),
    Technology and Scholarly Communication": a chapter's editors and their role read into
    the start of the container are its editors; the book after them is the container."""
    containers = spans.get("container-title") or []
    if not containers or spans.get("editor"):
        return spans
    inside = _EDS_THEN_BOOK.match(containers[0])
    if not inside:
        return spans
    eds, book = inside.group("eds"), inside.group("book")
    if not re.search(r"[^\W\d_]{2}", book) or _GIVEN_FIRST_NAME.match(book):
        return spans
    head = BOOK_IN_HEAD.match(eds)
    names = eds[head.end() :].strip(" :") if head else eds
    if not names or len(names) > 120 or not names[:1].isupper():
        return spans
    return {**spans, "editor": [names], "container-title": [book, *containers[1:]]}


def _second_title_follows_editors(spans: Spans, text: str) -> bool:
    """True when the second title comes right after the last editors (and their role),
    which come after the first title: "Title. In Names (eds.), Book"."""
    editors, titles = spans["editor"], spans["title"]
    ed_at, second_at = text.find(editors[-1]), text.find(titles[1])
    end = ed_at + len(editors[-1])
    role = _ROLE_NEXT.match(text, end) if ed_at >= 0 else None
    end = role.end() if role else end
    contiguous = ed_at >= 0 and text[end:second_at].strip() == ""
    return 0 <= ed_at < second_at and text.find(titles[0]) < ed_at and contiguous and bool(role or is_role(editors[-1]))


# The editors' role words, at the end of a span of names ("(Eds.),", "eds.", "(Hrsg.)") or
# opening the span after them ("(Hrsg.): Title", "eds. Title").
_ROLE = r"(?:eds?|editors?|éds?|hrsg|hg|dirs?|edd|coords?|orgs?)"
ROLE_END = re.compile(rf"\s*(?:\(|\b){_ROLE}\.?\)?[,.:]?\s*$", re.IGNORECASE)
ROLE_START = re.compile(rf"^\s*\(?{_ROLE}\.?\)?[.,:;]?\s+(?=\S)", re.IGNORECASE)


def is_role(span: str) -> bool:
    """An editor span that says so ("(Eds.),", "eds.", "(Hrsg.)")."""
    return bool(ROLE_END.search(span))


def edited_work_is_title(spans: Spans, text: str) -> Spans:
    """"Tester, Keith, ed. The Flâneur. London: Routledge": editors who say so, no author and
    no title, then a container: the container is the edited work, so it is the title (not
    when "In" opens the container or comes before the editors: then it is a chapter's book)."""
    editors, containers = spans.get("editor") or [], spans.get("container-title") or []
    if not editors or not containers or spans.get("author") or spans.get("title"):
        return spans
    if not is_editor_list(editors[-1]) or BOOK_IN.match(containers[0]):
        return spans
    starts = text.find(editors[0])
    if not 0 <= starts < text.find(containers[0]) or BOOK_IN.match(text[:starts].split(".")[-1] + " "):
        return spans
    return {**spans, "title": containers[:1], "container-title": containers[1:]}


_ROLE_AFTER = re.compile(
    r"\s*[,(\[]?\s*(?:eds?|editors?|éds?|hrsg|hg|coords?|orgs?|dirs?)\.?\s*[)\]]?\s*[.,:;]", re.IGNORECASE
)


def authors_are_editors(spans: Spans, text: str) -> Spans:
    """"Bird, J., and L. Tickner, eds. Mapping the Futures": an author list that names its
    role (in the spans or right after them in ``text``) lists the editors of the whole
    work, and then the work they edited is the title, not a container (unless "In" opens it)."""
    authors = spans.get("author") or []
    if not authors or spans.get("editor"):
        return spans
    after = text.find(authors[-1]) + len(authors[-1]) if authors[-1] in text else -1
    role_after = after >= 0 and _ROLE_AFTER.match(text, after)
    if not (all(is_editor_list(a) for a in authors) or role_after):
        return spans
    out = {**spans, "editor": authors, "author": []}
    containers = out.get("container-title") or []
    if not out.get("title") and containers and not BOOK_IN.match(containers[0]):
        out = {**out, "title": containers[:1], "container-title": containers[1:]}
    return out



_ANY_ROLE = re.compile(
    r"\b(?:eds?|editors?|edited|éds?|hrsg|hg|herausgegeben|dir|edd|coords?|orgs?|cura|a\s+c\.|trans|transl|trad|übers)\b",
    re.IGNORECASE,
)


# One person's name: given names or initials then the family name ("Veronica Franco,",
# "G. Contarini,"), or the family name, a comma and the given names ("Franco, Veronica.").
_WORD = r"[A-ZÀ-Þ][a-zà-þ'’-]+"
_PERSON = re.compile(
    rf"(?:(?:{_WORD}|[A-ZÀ-Þ]\.)\s?){{1,3}}{_WORD}[,.:;]?|{_WORD},\s+(?:(?:{_WORD}|[A-ZÀ-Þ]\.)\s?){{1,3}}[,.:;]?"
)


def editors_without_role(spans: Spans, text: str) -> Spans:
    """Names opening the reference read as editors though nothing says so ("Veronica Franco,
    | Lettere, Napoli, Ricciardi, 1949"): with no author found, they are the authors. When
    no title was found either and the span runs on after one name written given name first
    ("Veronica Franco, Lettere,"), the words after its comma are the title."""
    editors = spans.get("editor") or []
    if len(editors) != 1 or spans.get("author") or _ANY_ROLE.search(editors[0]):
        return spans
    if not text.lstrip().startswith(editors[0].strip()):
        return spans
    if _PERSON.fullmatch(editors[0].strip()):
        return drop_empty({**spans, "author": editors, "editor": []})
    head = _NAME_THEN_TITLE.fullmatch(editors[0].strip())
    if head and not spans.get("title"):
        return drop_empty({**spans, "author": [head["name"] + ","], "title": [head["title"]], "editor": []})
    return spans  # "Diplom. Ven.- Lev.,", "Idem, Dandolo Giovanni, ibidem": no one's name


# One name given name first, a comma, then capitalised words with no digit: "Pier’Antonio
# Serassi, Vila di Torquato Tasso,".
_NAME_THEN_TITLE = re.compile(
    rf"(?P<name>(?:(?:{_WORD}|[A-ZÀ-Þ]\.)\s?){{1,3}}{_WORD}),\s+(?P<title>[A-ZÀ-Þ«“\"][^\d,]*(?:,\s+[^\d,]+)*?)[,.:;]?"
)


def role_opens_title(spans: Spans, text: str) -> Spans:
    """The names' role after the year, read as the start of the title ("Antoni, C.H. (1994)
    | (Hrsg.): Gruppenarbeit im Unternehmen"): the role goes to the note and the names,
    editors of the whole work, are its editors (none found yet)."""
    titles, authors = spans.get("title"), spans.get("author")
    role = ROLE_START.match(titles[0]) if titles and authors and not spans.get("editor") else None
    if not titles or not authors or not role or not titles[0].lstrip().startswith("("):
        return spans  # in brackets only: "Editors of the Enlightenment" opens a title
    out = {**spans, "title": [titles[0][role.end() :], *titles[1:]], "editor": authors, "author": []}
    return drop_empty({**out, "note": [*spans.get("note", []), role.group(0).strip()]})

