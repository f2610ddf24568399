"""Repairs at the edges of the title and the container: what the labeller let run on.

A title that runs past its closing quote, into "In <book>", into the journal after a
year, or that carries a status ("Preprint"), an edition, a translator or an editor at its
end; a journal name followed by "Ahead of print" or a medium. Each rule moves only text
whose layout leaves no doubt, and leaves the spans alone otherwise.
"""

from __future__ import annotations

import re

__all__ = ["abbreviation_tail", "book_after_editors", "closing_quote_title", "colon_subtitle", "container_noise", "container_publisher", "edition_tail", "is_role", "late_names", "quoted_title", "repeated_author", "role_tail", "split_in", "status_tail", "the_proceedings", "title_is_journal", "year_ended_title", "year_titled_report"]

_TITLE_YEAR_END = re.compile(r"^(?P<title>.{8,}?[\s,:]\(?(?:1[5-9]|20)\d\d\)?)\.\s+(?P<tail>[A-ZÀ-Þ][^.]*?[.,]?)$")


def year_ended_title(chunks: dict[str, list[str]], text: str) -> dict[str, list[str]]:
    """A title ending in a year ("Cancer statistics, 2020.") that ran on into the journal
    ("CA Cancer" + "J Clin"): the words after the year's full stop go back to the journal."""
    titles, containers = chunks.get("title"), chunks.get("container-title")
    if not titles:
        return chunks
    match = _TITLE_YEAR_END.match(titles[0])
    if not match or len(match.group("tail").split()) > 5:
        return chunks
    tail = match.group("tail")
    if containers:
        if f"{titles[0]} {containers[0]}" not in text:
            return chunks
        return {**chunks, "title": [match.group("title"), *titles[1:]], "container-title": [f"{tail} {containers[0]}", *containers[1:]]}
    return chunks


_CLOSING = {"“": "”", "\"": "\"", "«": "»", "„": "“"}
_QUOTE_CHARS = "“”\"«»„"


def quoted_title(chunks: dict[str, list[str]], text: str) -> dict[str, list[str]]:
    """A quoted title that runs on past its closing quote ("“Title.” The Electronic Text
    Center."): the title ends at the quote. What follows is the container when none was
    found (up to its first full stop), or the start of the container after "in"; a second
    quoted stretch at the end ("“Title”. Subtitle, “Journal”,") is the journal."""
    titles = chunks.get("title")
    if not titles:
        return chunks
    title = titles[0].lstrip()
    close = _CLOSING.get(title[:1])
    if not close:
        return chunks
    end = title.find(close, 1)
    if end < 0:
        return chunks
    rest = title[end + 1 :].strip(" ,.;:")
    containers = chunks.get("container-title")
    if len(rest) < 4 or not any(c.isalpha() for c in rest):
        return chunks
    if any(q in rest for q in _QUOTE_CHARS):
        second = _LAST_QUOTED.search(title, end + 1)
        if containers or not second:
            return chunks
        return {**chunks, "title": [title[: second.start()], *titles[1:]], "container-title": [second.group(0).lstrip(" ,.;:")]}
    opened_in = _IN_HEAD.match(rest)
    rest = _IN_HEAD.sub("", rest)
    if containers:
        if opened_in and f"{titles[0]} {containers[0]}" in text:
            head = _IN_HEAD.sub("", title[end + 1 :].lstrip(" ,.;:"))  # keeps its own trailing comma
            return {**chunks, "title": [title[: end + 1], *titles[1:]], "container-title": [f"{head} {containers[0]}", *containers[1:]]}
        return chunks
    if not rest[:1].isupper():
        return chunks
    stop = re.search(r"\.\s+(?=\S)", rest)
    if stop and len(rest[: stop.start()].split()) >= 1 and not re.search(r"\b[A-Z][a-z]{0,3}$", rest[: stop.start()]):
        rest = rest[: stop.start()]
    return {**chunks, "title": [title[: end + 1], *titles[1:]], "container-title": [rest]}


_LAST_QUOTED = re.compile(r"[,.;:]\s+[“\"«„][^“”\"«»„]{3,}[”\"»“][\s,.;:]*$")
_IN_HEAD = re.compile(r"^(?:in|dans|im|en)\s*:?\s+", re.IGNORECASE)


_EDITION_TAIL = re.compile(
    r"[\s,.;:(]+((?:\d{1,2}(?:st|nd|rd|th|e|er|ème|a|\.)?|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|revised|rev\.|new|expanded|updated|enlarged)"
    r"\s+(?:ed|edn|edition|éd|édition|aufl|auflage|edición|edição)\.?)\)?[\s.,;:]*$",
    re.IGNORECASE,
)


_STATUS_TAIL = re.compile(
    r"(?:^|\s*[,.;:(]\s*)((?:unpublished\s+)?(?:pre-?print|manuscript|personal\s+communication|in\s+press|to\s+appear|submitted(?:\s+for\s+publication)?|forthcoming|unpublished|working\s+paper|draft|ser\.))\)?[\s.,;:]*$",
    re.IGNORECASE,
)


_CONTAINER_NOISE = re.compile(
    r"[\s,.;:]+(?:(?:epub\s+)?ahead\s+of\s+print|advance\s+online\s+publication|online\s+first|early\s+view|in\s+press|special\s+issue(?!\s+(?:on|of)\b)|"
    r"(?<=\.)\s*(?:web|print|online|cd-rom))\b.*$",
    re.IGNORECASE,
)
_SPECIAL_HEAD = re.compile(r"^special\s+issue\s*[,:.]\s*", re.IGNORECASE)


def container_noise(chunks: dict[str, list[str]]) -> dict[str, list[str]]:
    """A journal name followed by "Ahead of print", "Special Issue on ...", or MLA's
    medium ("Web.", "Print."): the journal ends before them."""
    containers = chunks.get("container-title")
    if not containers:
        return chunks
    value = _SPECIAL_HEAD.sub("", containers[0])
    match = _CONTAINER_NOISE.search(value)
    if match and len(value[: match.start()].strip()) >= 3:
        value = value[: match.start()]
    if value == containers[0]:
        return chunks
    return {**chunks, "container-title": [value, *containers[1:]]}


def status_tail(chunks: dict[str, list[str]]) -> dict[str, list[str]]:
    """"..., Preprint.", "Personal communication.": a publication status or kind of
    document read as (the end of) the title goes to the note."""
    titles = chunks.get("title")
    if not titles:
        return chunks
    match = _STATUS_TAIL.search(titles[0])
    if not match:
        return chunks
    head = titles[0][: match.start()]
    kept = [head] if len(head.split()) >= 2 else []
    if head.strip() and not kept:
        return chunks
    return {**chunks, "title": [*kept, *titles[1:]], "note": [*chunks.get("note", []), match.group(1)]}


_ROLE_TAIL = re.compile(
    r"(?:[.,;]\s+|\s+\()(?P<role>translated|trans\.|transl\.|traduction|traduit|traducción|tradução|übersetzt|übers\.|edited|ed\.|eds\.|hrsg\.|herausgegeben)"
    r"\s+(?:by|de|par|von|por|da|and\s+translated\s+by)?\s*(?P<names>[A-ZÀ-Þ][^.;()]{2,80}?)\)?[.,;]?$",
    re.IGNORECASE,
)
_NAME_THEN_ED = re.compile(r",\s+(?P<names>[A-ZÀ-Þ][\w.'’-]*(?:\s+[A-ZÀ-Þ][\w.'’-]*){1,3})\s+\((?:eds?|hrsg|dir)\.?\)[.,;]?$", re.IGNORECASE)


_REPEAT_MARK = re.compile(r"^\s*[-‐‑‒–—―−_]{2,}\s*[.,:]?\s+(?=\S)")


def repeated_author(chunks: dict[str, list[str]], text: str) -> dict[str, list[str]]:
    """"———. Watt. Paris: ...": the rule standing for the previous reference's authors is
    the whole author list; words read into it after the rule start the title."""
    authors = chunks.get("author")
    match = _REPEAT_MARK.match(authors[0]) if authors else None
    if not authors or not match:
        return chunks
    rest = authors[0][match.end() :]
    titles = chunks.get("title") or []
    if titles and f"{authors[0]} {titles[0]}" in text:
        new_titles = [f"{rest} {titles[0]}", *titles[1:]]
    elif not titles:
        new_titles = [rest]
    else:
        return chunks
    return {**chunks, "author": [authors[0][: match.end()].strip(), *authors[1:]], "title": new_titles}


_ED_NEXT = re.compile(r"\s*\((?:eds?|hrsg|dir)\.?\)", re.IGNORECASE)
_NAME_BEFORE_ED = re.compile(r",\s+(?P<names>[A-ZÀ-Þ][\w'’-]+(?:\s+[A-ZÀ-Þ][\w.'’-]*){1,2})\s*$")


def role_tail(chunks: dict[str, list[str]], text: str = "") -> dict[str, list[str]]:
    """"Voir et planifier. Traduction de Chantal Thérond.", "Mein Leben, Eike Middell (ed.),":
    a translator or editor read into the end of the title (the "(ed.)" may follow the title
    in ``text``)."""
    titles = chunks.get("title")
    if not titles:
        return chunks
    match = _ROLE_TAIL.search(titles[0]) or _NAME_THEN_ED.search(titles[0])
    at = text.find(titles[0]) if text else -1
    if not match and at >= 0 and _ED_NEXT.match(text, at + len(titles[0])):
        match = _NAME_BEFORE_ED.search(titles[0])
    if not match or len(titles[0][: match.start()].split()) < 2:
        return chunks
    role = (match.groupdict().get("role") or "ed").lower()
    label = "translator" if role.startswith(("tra", "üb")) else "editor"
    if chunks.get(label):
        return chunks
    return {**chunks, "title": [titles[0][: match.start()], *titles[1:]], label: [match.group("names")]}


def edition_tail(chunks: dict[str, list[str]]) -> dict[str, list[str]]:
    """"The Reading Groups Book, revised edition": the edition read into the title goes to
    the edition (a container keeps it: "Encyclopedia of ..., Second Edition" is how
    publishers register such books)."""
    for label in ("title",):
        values = chunks.get(label)
        if not values:
            continue
        match = _EDITION_TAIL.search(values[0])
        if match and len(values[0][: match.start()].split()) >= 2:
            chunks = {**chunks, label: [values[0][: match.start()], *values[1:]], "edition": [*chunks.get("edition", []), match.group(1)]}
    return chunks


# ". In: Proceedings...", ", in Novels": the word that opens the containing work.
_IN_CONTAINER = re.compile(r"(?<=[.,;])\s+(?:In|in|IN|Dans|dans|Im)\s*:?\s+(?=[A-Z0-9À-Þ\"“«])(?!(?:Vitro|Vivo|Situ|Silico|Press)\b)")


def split_in(chunks: dict[str, list[str]]) -> dict[str, list[str]]:
    """A title that runs on into "In <book or proceedings>" when no container was found:
    the words after "In" are the container."""
    titles = chunks.get("title")
    if not titles or chunks.get("container-title"):
        return chunks
    match = _IN_CONTAINER.search(titles[0])
    if not match or len(titles[0][: match.start()].split()) < 2:
        return chunks
    tail = titles[0][match.end() :].strip()
    if len(tail) < 3:
        return chunks
    return {**chunks, "title": [titles[0][: match.start()], *titles[1:]], "container-title": [tail]}


# Words that open an abbreviated journal name and never end a title ("... fusion products Int. | J. Mod. Phys. B").
_JOURNAL_OPENERS = frozenset(["int.", "j.", "j", "proc.", "ann.", "rev.", "phys.", "nucl.", "eur.", "am.", "trans.", "bull.", "acta", "z.", "mod.", "lett.", "adv.", "astron.", "astrophys.", "chem.", "biol.", "mon."])


def abbreviation_tail(chunks: dict[str, list[str]], text: str) -> dict[str, list[str]]:
    """The first abbreviation of a journal name left at the end of the title."""
    titles, containers = chunks.get("title"), chunks.get("container-title")
    if not titles or not containers:
        return chunks
    words = titles[0].split()
    if len(words) < 3 or words[-1].lower() not in _JOURNAL_OPENERS or f"{titles[0]} {containers[0]}" not in text:
        return chunks
    return {**chunks, "title": [" ".join(words[:-1]), *titles[1:]], "container-title": [f"{words[-1]} {containers[0]}", *containers[1:]]}


def title_is_journal(chunks: dict[str, list[str]], journal_words: frozenset[str]) -> dict[str, list[str]]:
    """"Devic et al., Plant Physiol and Biochem., 35(4): 331-33": with no journal found, a
    short "title" whose capitalised words are all journal words (as training annotations
    use them) and which has a volume is the journal."""
    titles = chunks.get("title")
    found = [c for c in chunks.get("container-title", []) if any(ch.isalpha() for ch in c)]
    if not titles or found or not chunks.get("volume") or len(titles) > 1:
        return chunks
    words = [w.strip(",.;:()") for w in titles[0].split()]
    content = [w for w in words if len(w) > 3]
    if len(content) < 2 or len(words) > 6 or not all(w[:1].isupper() and w.lower() in journal_words for w in content):
        return chunks
    return {**chunks, "title": [], "container-title": titles}


def closing_quote_title(chunks: dict[str, list[str]], text: str) -> dict[str, list[str]]:
    """A quoted title whose first word went elsewhere ('"200th | Birthday of Grimms
    Celebrated."'): the title starts at its opening quote, a few words before."""
    titles = chunks.get("title")
    if not titles or titles[0][:1] in _CLOSING or not titles[0].rstrip(" ,.;:").endswith(tuple(_CLOSING.values())):
        return chunks
    at = text.find(titles[0])
    window = text[max(0, at - 30) : at] if at > 0 else ""
    opening = max(window.rfind(q) for q in _CLOSING)
    prefix = window[opening:].strip() if opening >= 0 else ""
    if not prefix or len(prefix.split()) > 2 or any(c in prefix[1:] for c in _QUOTE_CHARS) or (prefix[:1] == "\"" and window[:opening].count("\"") % 2):
        return chunks
    out = {label: [v for v in values if v.strip() != prefix] for label, values in chunks.items()}
    out["title"] = [f"{prefix} {titles[0]}", *titles[1:]]
    return {k: v for k, v in out.items() if v}


def colon_subtitle(chunks: dict[str, list[str]], text: str) -> dict[str, list[str]]:
    """"Parallel Program Design: | A Foundation, Addison-Wesley,": a title never ends with a
    colon, so the words after it, up to the next comma or full stop, are its subtitle."""
    titles = chunks.get("title")
    if not titles or not titles[0].rstrip().endswith(":"):
        return chunks
    at = text.find(titles[0])
    if at < 0:
        return chunks
    after = text[at + len(titles[0]) :].lstrip()
    for label, values in chunks.items():
        if label not in ("publisher", "note", "genre", "edition") or not values or not after.startswith(values[0]):
            continue
        cut = re.search(r"[,.;](?:\s|$)", values[0])
        if not cut or not values[0][: cut.start()].strip() or len(values[0][: cut.start()].split()) > 12:
            return chunks
        rest = values[0][cut.end() :].strip()
        out = {**chunks, "title": [f"{titles[0]} {values[0][: cut.end()].strip()}", *titles[1:]], label: [rest, *values[1:]] if rest else values[1:]}
        return {k: v for k, v in out.items() if v}
    return chunks


_PUBLISHER_END = re.compile(r"\b(?:press|publishers?|publishing|publications|verlag|éditions|editions|editora|editorial|books|inc|ltd)\.?[,.;]?$", re.IGNORECASE)


def container_publisher(chunks: dict[str, list[str]], text: str, publisher_words: frozenset[str]) -> dict[str, list[str]]:
    """A publisher read as the container of a book (no volume, issue or pages): "SIAM |
    Publications,", "Gallimard,", "Oxford University Press"."""
    containers = chunks.get("container-title")
    if not containers or chunks.get("volume") or chunks.get("issue") or chunks.get("pages") or not chunks.get("title") or BOOK_IN_HEAD.match(containers[0]):
        return chunks
    value = containers[0]
    words = [w.strip(",.;:()").lower() for w in value.split()]
    publishers = chunks.get("publisher") or []
    if len(words) > 3 or _CONFERENCE_WORD.search(value) or (chunks.get("editor") is None and chunks.get("author") is None):
        return chunks
    glued = bool(publishers) and f"{value} {publishers[0]}" in text and len(words) == 1 and _PUBLISHER_END.search(publishers[0])
    lexical = not publishers and words and all(w in publisher_words for w in words if len(w) > 2)
    if not (glued or lexical):
        return chunks
    merged = [f"{value} {publishers[0]}", *publishers[1:]] if glued else [value, *publishers]
    out = {**chunks, "container-title": containers[1:], "publisher": merged}
    return {k: v for k, v in out.items() if v}


_CONFERENCE_WORD = re.compile(r"\b(?:proc|proceedings|conference|symposium|workshop|congress|journal|review|annals)\b", re.IGNORECASE)
BOOK_IN_HEAD = re.compile(r"^\s*(?:in|dans|en|em|im)\b", re.IGNORECASE)


def year_titled_report(chunks: dict[str, list[str]], text: str) -> dict[str, list[str]]:
    """"Transportation statistics annual report 2012. Technical report, ..., August 2013.":
    with no title found, a "container" whose year was read as a second date is the title,
    year included."""
    containers, dates = chunks.get("container-title") or [], chunks.get("date") or []
    if chunks.get("title") or not containers or len(dates) < 2 or not re.fullmatch(r"\(?(?:1[5-9]|20)\d\d\)?[.,]?", dates[0].strip()):
        return chunks
    if f"{containers[0]} {dates[0]}" not in text:
        return chunks
    return {**chunks, "title": [f"{containers[0]} {dates[0]}"], "container-title": containers[1:], "date": dates[1:]}


def late_names(chunks: dict[str, list[str]], text: str) -> dict[str, list[str]]:
    """Names found again after the title: the end of the container when they follow it
    ("In The Best Short Stories | of J. G. Ballard."), else the book's editors."""
    authors, titles = chunks.get("author") or [], chunks.get("title") or []
    if len(authors) < 2 or not titles:
        return chunks
    title_at = text.find(titles[0])
    keep, editors, containers = [authors[0]], list(chunks.get("editor") or []), list(chunks.get("container-title") or [])
    for span in authors[1:]:
        at = text.find(span)
        if title_at < 0 or at < title_at:
            keep.append(span)
        elif containers and f"{containers[-1]} {span}" in text and span.split()[0] in ("of", "de", "von", "di"):
            containers[-1] = f"{containers[-1]} {span}"
        elif not chunks.get("editor"):
            editors.append(span)
        else:
            keep.append(span)
    if len(keep) == len(authors):
        return chunks
    out = {**chunks, "author": keep, "editor": editors, "container-title": containers}
    return {k: v for k, v in out.items() if v}


def the_proceedings(chunks: dict[str, list[str]]) -> dict[str, list[str]]:
    """"in the Proceedings of ...": a lower-case article is not part of the container's name."""
    containers = chunks.get("container-title")
    if not containers or not re.match(r"^the\s+[A-Z]", containers[0]):
        return chunks
    return {**chunks, "container-title": [containers[0][4:], *containers[1:]]}


_ROLE_NEXT = re.compile(r"\s*\(?(?:eds?|edd|editors?|hrsg|hg|dir|coords?|orgs?)\.?\)?[,.:]?(?=\s)", re.IGNORECASE)
_EDS_THEN_BOOK = re.compile(r"^(?P<eds>.*?[A-Za-zÀ-ÿ].*?\((?:eds?|hrsg|hg|dir|coords?|orgs?)\.?\)[,.:]?)\s+(?P<book>\S.*)$", re.IGNORECASE)


def book_after_editors(chunks: dict[str, list[str]], text: str) -> dict[str, list[str]]:
    """APA chapters, "In J. Knechtel (Ed.), TRASH." / "In R. Keeney (Eds.), | Decisions with
    Multiple Objectives.": the book after the editors is the container when none was found,
    whether it was read into the editors or as a second title."""
    if chunks.get("container-title") or not chunks.get("editor"):
        return chunks
    editors, titles = chunks["editor"], chunks.get("title") or []
    inside = _EDS_THEN_BOOK.match(editors[-1])
    if inside and len(inside.group("book").strip(" .,")) >= 2 and not re.match(r"(?:[A-ZÀ-Þ]\.\s?){1,3}[A-ZÀ-Þ][\w'’-]+", inside.group("book")):
        return {**chunks, "editor": [*editors[:-1], inside.group("eds")], "container-title": [inside.group("book")]}
    if len(titles) >= 2:
        ed_at, second_at = text.find(editors[-1]), text.find(titles[1])
        end = ed_at + len(editors[-1])
        role = _ROLE_NEXT.match(text, end) if ed_at >= 0 else None
        end = role.end() if role else end
        contiguous = ed_at >= 0 and text[end:second_at].strip() == ""
        if 0 <= ed_at < second_at and text.find(titles[0]) < ed_at and contiguous and (role or is_role(editors[-1])):
            return {**chunks, "title": titles[:1], "container-title": titles[1:2], **({"note": [*chunks.get("note", []), *titles[2:]]} if titles[2:] else {})}
    return chunks


def is_role(span: str) -> bool:
    """An editor span that says so ("(Eds.),", "eds.", "(Hrsg.)")."""
    return bool(re.search(r"(?:\(|\b)(?:eds?|editors?|hrsg|hg|dir|edd|coords?|orgs?)\.?\)?[,.:]?\s*$", span, re.IGNORECASE))
