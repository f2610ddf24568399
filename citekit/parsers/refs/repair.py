"""Deterministic repairs of the labeller's output at the author/title boundary.

The model decides token by token; a few mistakes are easy to see once the whole
reading is known: a name list the model never saw the like of (lower-case, non-Latin)
read as the start of the title, or the last names of a list ("..., and A. Morzenti.")
pushed into the title. These rules move such text back to the authors when the layout
leaves no doubt, and never touch anything else.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from citekit.parsers.refs.features import load_lexicon
from citekit.parsers.refs.heuristic import _namey
from citekit.parsers.refs.ident import Ident
from citekit.parsers.refs.names import is_initial
from citekit.parsers.refs.numbers import (
    bracketed_series,
    day_not_volume,
    day_range_not_pages,
    second_volume_pages,
    title_volume_tail,
)
from citekit.parsers.refs.tails import (
    abbreviation_tail,
    book_after_editors,
    closing_quote_title,
    colon_subtitle,
    container_noise,
    container_publisher,
    edition_tail,
    late_names,
    quoted_title,
    repeated_author,
    role_tail,
    split_in,
    status_tail,
    the_proceedings,
    title_is_journal,
    year_ended_title,
    year_titled_report,
)

__all__ = ["repair"]

Rules = Callable[[str], tuple[dict[str, list[str]], list[Ident]]]
_OPEN_LIST = re.compile(r"(?:,|\band|&|\bund|\bet|\b[A-ZÀ-ÞА-ЯЁ]\.?(?:-[A-ZÀ-ÞА-ЯЁ]\.?)?)\s*$")


def _leading_names(title: str) -> str:
    """The prefix of ``title`` that is plainly the end of a name list, or ""."""
    for m in re.finditer(r"\.\s+(?=\S)|\s+(?=[\"“])|,\s*(?=[\"“])", title):
        prefix = title[: m.start()].strip()
        words = prefix.split()
        last = words[-1].strip(",;") if words else ""
        if not words or (is_initial(last + ".") and len(last) <= 2):
            continue  # "J." inside the names: look further
        if len(words) > 12 or not _namey(prefix) or not all(w[:1].isupper() or w in ("and", "&", "und", "et", "de", "van", "von", "der") for w in words):
            return ""
        return title[: m.start() + len(m.group(0).rstrip())]
    return ""


_ABBREV = re.compile(r"^(?:[A-Z][a-z]{0,5}|[A-Z]{2,4})\.$")


def _journal_head(chunks: dict[str, list[str]], text: str) -> dict[str, list[str]]:
    """Move abbreviated journal words ("Int. J.") from the end of the title to the journal."""
    titles, containers = chunks.get("title"), chunks.get("container-title")
    if not titles or not containers:
        return chunks
    words = titles[0].split()
    cut = len(words)
    while cut > 3 and _ABBREV.match(words[cut - 1]):
        cut -= 1
    if cut == len(words) or f"{titles[0]} {containers[0]}" not in text:
        return chunks
    if not re.search(r"[.,:;?!\"”]$", words[cut - 1]):
        return chunks  # the title must end before the abbreviations
    moved = " ".join(words[cut:])
    return {**chunks, "title": [" ".join(words[:cut]), *titles[1:]], "container-title": [f"{moved} {containers[0]}", *containers[1:]]}


_YEAR_IN_LIST = re.compile(r"[\s,]\(?((?:1[5-9]|20)\d\d[a-z]?)\)?[.,:;]?(?:\s+|$)")


def _year_in_names(chunks: dict[str, list[str]]) -> dict[str, list[str]]:
    """The year of an author-date reference read into the names ("Bosman, Anthony 1962.
    Jérôme Bosch.") or the names and year read into the title ("..., George Carayannis,
    2000, An optical..."): names before the year, the year to the date, the rest to the title."""
    if chunks.get("date"):
        return chunks
    authors, titles = chunks.get("author"), chunks.get("title")
    if authors:
        match = _YEAR_IN_LIST.search(authors[-1])
        if match and _namey(authors[-1][: match.start()]):
            rest = authors[-1][match.end() :].strip()
            out = {**chunks, "author": [*authors[:-1], authors[-1][: match.start()]], "date": [match.group(1)]}
            if rest and not titles:
                out["title"] = [rest]
            elif rest:
                return chunks
            return out
        if titles and authors[-1].rstrip().endswith(","):
            match = _YEAR_IN_LIST.search(titles[0])
            head = titles[0][: match.start()] if match else ""
            words = head.replace(",", " ").split()
            if match and 2 <= len(words) <= 12 and _namey(head) and all(w[:1].isupper() for w in words) and len(titles[0]) - match.end() >= 8:
                return {**chunks, "author": [*authors[:-1], f"{authors[-1]} {head}"], "date": [match.group(1)], "title": [titles[0][match.end() :], *titles[1:]]}
    elif titles and not chunks.get("editor"):
        # "Irmtraud Schnell/ Alfred Sander/ Claudia Federolf 2011: Zur Effizienz...": no names found at all.
        match = _YEAR_COLON.search(titles[0])
        head = titles[0][: match.start()] if match else ""
        words = re.sub(r"[,/;&]", " ", head).split()
        if match and 2 <= len(words) <= 12 and _namey(" ".join(words)) and all(w[:1].isupper() or w in ("and", "und", "et") for w in words) and len(titles[0]) - match.end() >= 8:
            return {**chunks, "author": [head], "date": [match.group(1)], "title": [titles[0][match.end() :], *titles[1:]]}
    return chunks


_YEAR_COLON = re.compile(r"\s\(?((?:1[5-9]|20)\d\d[a-z]?)\)?\s*:\s+")


# "..., and Mary Sokol. Shakespeare,": a given-first name after "and" closes the list.
_CLOSED_LIST = re.compile(r"(?:\band|&)\s+[A-ZÀ-Þ][a-zà-þ'’-]+(?:\s+[A-ZÀ-Þ]\.)*\s+[A-ZÀ-Þ][\w'’-]+\.\s+(?=[A-ZÀ-Þ0-9\"“‘«])")


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
    if not pieces or not all(2 <= len(p.split()) <= 4 and not any(is_initial(w) for w in p.split()[-1:]) for p in pieces):
        return -1
    return names.index(word, cut)


def _names_into_title(chunks: dict[str, list[str]], text: str) -> dict[str, list[str]]:
    """Title words read as the end of the author list: after a list closed by "and
    Given Family." or after one given-first name ("James Gleick, Chaos:")."""
    authors, titles = chunks.get("author"), chunks.get("title")
    if not authors or not titles or f"{authors[-1]} {titles[0]}" not in text:
        return chunks
    last = authors[-1]
    closed = _CLOSED_LIST.search(last)
    if closed:
        return {**chunks, "author": [*authors[:-1], last[: closed.end()].rstrip()], "title": [f"{last[closed.end() :]} {titles[0]}", *titles[1:]]}
    start = _word_after_names(last)
    if start > 0:
        return {**chunks, "author": [*authors[:-1], last[:start].rstrip()], "title": [f"{last[start:]} {titles[0]}", *titles[1:]]}
    return chunks


def _split_fields(chunks: dict[str, list[str]]) -> dict[str, list[str]]:
    """Title and journal run together where the layout marks the cut unambiguously.

    GOST "Title // Journal" separates them with "//"; a container read with no title
    before it ("Title of the paper. Journal") is cut at its first full stop when the
    part before is long enough to be a title rather than an abbreviation.
    """
    titles, containers = chunks.get("title"), chunks.get("container-title")
    if titles and " // " in titles[0]:
        head, _, tail = titles[0].partition(" // ")
        out = {**chunks, "title": [head, *titles[1:]], "container-title": [tail]}
        if containers:
            out["note"] = [*chunks.get("note", []), *containers]  # what the model took for the journal
        return out
    if containers and not titles:
        m = re.search(r"[.。]\s*(?=\S)", containers[0])
        if m:
            head = containers[0][: m.start()]
            long_words = len(head.split()) >= 4
            long_script = len(head) >= 6 and not head.isascii() and " " not in head.strip()
            if long_words or long_script:
                return {**chunks, "title": [head], "container-title": [containers[0][m.end() :], *containers[1:]]}
    return chunks


_GIVEN_FIRST = re.compile(r"^(?:[A-ZÀ-ÞА-ЯЁ]\.\s?-?){1,3}\s?[A-ZÀ-ÞА-ЯЁ][\w'’-]+$")
_FAMILY = re.compile(r"^[A-ZÀ-ÞА-ЯЁ][\w'’-]*[a-zà-þа-яё][\w'’-]*[,.;:]?$|^[A-ZÀ-ÞА-ЯЁ]{2}[A-ZÀ-ÞА-ЯЁ'’-]*[,.;:]?$")
_LEADING_CONNECTOR = re.compile(r"^(?:and|&|und|et)\s+[A-ZÀ-ÞА-ЯЁ]")
# "Zarchan P.," ends a family-first list; "Musoff H." (or "Musoff HJ,") is the next name of it.
_FAMILY_FIRST_LAST = re.compile(r"(?:^|[,;]\s*)[A-ZÀ-ÞА-ЯЁ][\w'’-]+,?\s+(?:[A-ZÀ-ÞА-ЯЁ]\.?\s?-?){1,3}[,;]\s*$")
_FAMILY_FIRST_NEXT = re.compile(r"^[A-ZÀ-ÞА-ЯЁ][\w'’-]*[a-zà-þа-яё][\w'’-]*,\s*(?:[A-ZÀ-ÞА-ЯЁ]\.\s?-?){1,3}:?(?=\s)|^[A-ZÀ-ÞА-ЯЁ][\w'’-]*[a-zà-þа-яё][\w'’-]*\s+(?:[A-ZÀ-ÞА-ЯЁ]\.\s?-?){1,3}(?=\s)|^[A-ZÀ-ÞА-ЯЁ][\w'’-]*[a-zà-þа-яё][\w'’-]*\s+[A-ZÀ-ÞА-ЯЁ]{1,3}[.,](?=\s)")
# "Cole, John Y. and Thomas G.": after "and" the names are given-first, so initials leave the list open.
_AND_GIVEN_OPEN = re.compile(r"(?:\band|&)\s+[A-ZÀ-Þ][a-zà-þ'’-]+(?:\s+[A-ZÀ-Þ]\.)+\s*$")
_LEADING_ROLE = re.compile(r"^\s*\(?(?:eds?|editors?|hrsg|éds?|coords?|orgs?)\.?\)?[.,:]?\s+(?=\S)", re.IGNORECASE)
_LOWER_FAMILY = re.compile(r"^[a-zà-þ][\w'’-]+[,.;:]?$")
_CONNECTOR = re.compile(r"(?:\band|&|\bund|\bet|\by)\s*$")


def _all_names(title: str) -> bool:
    """True when ``title`` is nothing but given-first names with initials ("D. Dries, R.G. Hulet,")."""
    pieces = [p.strip() for p in re.split(r",|\band\b|&", title.strip(" ,;."))]
    pieces = [p for p in pieces if p]
    return bool(pieces) and all(_GIVEN_FIRST.match(p) for p in pieces)


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
    first_word = authors[0].split()[0] if authors[0].split() else ""
    given_first = bool(re.fullmatch(r"(?:[A-ZÀ-ÞА-ЯЁ]\.-?){1,3}", first_word))
    chicago = bool(_AND_GIVEN_OPEN.search(last)) and bool(re.match(r"^[A-ZÀ-Þ][\w'’-]+,\s+[A-ZÀ-Þ][a-zà-þ]", authors[0]))
    open_initials = (given_first or chicago) and is_initial(last.split()[-1]) and not last.endswith(",")
    if not (_CONNECTOR.search(last) or open_initials):
        return ""
    k = 0
    taken = 0
    while True:
        while k < len(words) - 1 and is_initial(words[k]) and not words[k].endswith(",") and k - taken < 3:
            k += 1
        if k >= len(words) or words[k].rstrip(",.;:").lower() in _TITLE_STARTS:
            break
        if not _FAMILY.match(words[k]) and not (k > taken and _LOWER_FAMILY.match(words[k]) and _CONNECTOR.search(last)):
            break  # a lower-case family ("and A benhmouda,") only after initials that follow "and"
        if not open_initials and not words[k].endswith((",", ".", ";", ":")) and k + 1 < len(words) - 1 and _FAMILY.match(words[k + 1]) and words[k + 1].endswith((",", ".")):
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


_TITLE_STARTS = frozenset(["the", "a", "an", "on", "of", "in", "for", "from", "to", "towards", "toward", "how", "what", "why", "when", "where", "which", "who", "is", "are", "do", "does", "can", "new", "study", "studies", "effect", "effects", "analysis"])


def repair(text: str, chunks: dict[str, list[str]], rules: Rules) -> dict[str, list[str]]:
    """``chunks`` with the author/title boundary repaired where the layout is plain.

    :param text: the reference string.
    :param chunks: the model's labelled spans.
    :param rules: the rule-based labeller (consulted only when the model found no names).
    :returns: the repaired spans (``chunks`` itself when nothing changes).
    """
    chunks = repeated_author(chunks, text)
    chunks = role_tail(status_tail(edition_tail(quoted_title(_names_into_title(_year_in_names(chunks), text), text))), text)
    chunks = container_noise(split_in(_split_fields(_journal_head(abbreviation_tail(year_ended_title(chunks, text), text), text))))
    chunks = title_is_journal(chunks, load_lexicon().get("journal", frozenset()))
    chunks = day_not_volume(bracketed_series(year_titled_report(chunks, text), text), text)
    chunks = second_volume_pages(title_volume_tail(closing_quote_title(chunks, text)), text)
    chunks = container_publisher(colon_subtitle(chunks, text), text, load_lexicon().get("publisher", frozenset()))
    chunks = day_range_not_pages(the_proceedings(late_names(chunks, text)), text)
    chunks = book_after_editors(chunks, text)
    titles = chunks.get("title")
    if not titles:
        return chunks
    title = titles[0]
    authors = chunks.get("author")
    if not authors and not chunks.get("editor"):
        names = (rules(text)[0].get("author") or [""])[0].strip()
        start = _word_after_names(names + ":" if title.startswith(names + ":") else names)
        names = names[:start].rstrip() if start > 0 else names
        if names and title.startswith(names) and len(title) > len(names) + 3:
            return {**chunks, "author": [names], "title": [title[len(names) :], *titles[1:]]}
        return chunks
    if not authors:
        return chunks
    role = _LEADING_ROLE.match(title)
    if role and f"{authors[-1]} {title}" in text:
        # "Aue, Stefan et al | (eds). Housing after...": the role belongs to the names.
        authors = [*authors[:-1], f"{authors[-1]} {title[: role.end()].strip()}"]
        title = title[role.end() :]
        chunks = {**chunks, "author": authors, "title": [title, *titles[1:]]}
    last_author = authors[-1]
    joined = f"{last_author} {title}"
    if joined not in text or not (_OPEN_LIST.search(last_author) or _LEADING_CONNECTOR.match(title)):
        return chunks
    family_first = _FAMILY_FIRST_NEXT.match(title) if _FAMILY_FIRST_LAST.search(last_author) else None
    if family_first and len(title) - family_first.end() >= 8:
        # "Zarchan P., | Musoff H. Fundamentals": the list is family-first, so "Musoff H." is a name.
        moved = family_first.group(0).rstrip()
        return {**chunks, "author": [*authors[:-1], f"{last_author} {moved}"], "title": [title[len(moved) :].lstrip(), *titles[1:]]}
    whole = _all_names(title)
    if whole and (chunks.get("container-title") or chunks.get("volume")):
        # "S.E. Pollack, | D. Dries, R.G. Hulet, | Science 326": a physics reference has no title.
        return {**chunks, "author": [*authors[:-1], f"{last_author} {title}"], "title": titles[1:]}
    head = title.split(" ", 1)
    if len(head) == 2 and "," not in last_author and re.fullmatch(r"[A-ZÀ-ÞА-ЯЁ][\w'’-]+,", head[0]) and is_initial(last_author.split()[-1]):
        # "Stephen H. | Kellert, In the Wake...": a given-first name still needs its family name.
        return {**chunks, "author": [*authors[:-1], f"{last_author} {head[0]}"], "title": [head[1], *titles[1:]]}
    if len(head) == 2 and is_initial(head[0].rstrip(",;")) and head[0].endswith(".") and is_initial(last_author.split()[-1].rstrip(",;")):
        # "Орлова Н. | И. Теория": the last initial of a name went to the title.
        return {**chunks, "author": [*authors[:-1], f"{last_author} {head[0]}"], "title": [head[1], *titles[1:]]}
    moved = _leading_names(title)
    if not moved or len(title) - len(moved) < 8:
        dangling = _dangling_family(authors, title)
        if not dangling:
            return chunks
        rest = title[len(dangling) :].lstrip()
        role = _LEADING_ROLE.match(rest)
        if role:
            dangling, rest = f"{dangling} {rest[: role.end()].strip()}", rest[role.end() :]
        if not rest.strip(" ,.;:") and not (chunks.get("container-title") or chunks.get("volume")):
            return chunks  # the whole title would go: keep the model's reading
        if _all_names(rest) and (chunks.get("container-title") or chunks.get("volume")):
            return {**chunks, "author": [*authors[:-1], f"{last_author} {title}"], "title": titles[1:]}
        kept = [rest] if rest.strip(" ,.;:") else []
        return {**chunks, "author": [*authors[:-1], f"{last_author} {dangling}"], "title": [*kept, *titles[1:]]}
    return {**chunks, "author": [*authors[:-1], f"{last_author} {moved}"], "title": [title[len(moved) :].lstrip(), *titles[1:]]}
