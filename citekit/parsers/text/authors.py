"""Authors on a scraped page: the author line with its footnote markers, the affiliation
lines the markers point to, the corresponding-author block, and the title above them.

Superscripts survive scraping as plain characters glued to the name ("Boujida1,2*"),
so markers are lifted out before the line is cut at its commas, and matched back to
affiliation lines that start with the same marker ("1Department of Radiology ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from citekit.names import PARTICLES, fold, is_initials, split_name
from citekit.parsers.text.lines import (
    ABSTRACT_LABEL,
    AUTHORS_LABEL,
    CITATION_LABEL,
    COPYRIGHT,
    CORRESPONDING_FIRST,
    CORRESPONDING_LABEL,
    KEYWORDS_LABEL,
    WordGuard,
    is_prose,
)

__all__ = [
    "AFFILIATION",
    "AFFILIATION_WORD",
    "GROUP_NAME",
    "Author",
    "Corresponding",
    "find_affiliations",
    "find_corresponding",
    "mark_corresponding",
    "parse_author_line",
    "resolve_affiliations",
    "title_above",
]

_SUP = "\u00b9\u00b2\u00b3\u2070\u2074-\u2079"
# Footnote symbols: * † ‡ § ¶ # ✉ ⊥ ∥ ‖ ⁎ ∗ ★ ☆ ♯ ※ (sites use them all for affiliations).
_SYMBOLS = "*\u2020\u2021\u00a7\u00b6#\u2709\ufe0f\u22a5\u2225\u2016\u204e\u2217\u2605\u2606\u266f\u203b"
_MARK = rf"(?:\d{{1,2}}|[{_SUP}]+|[{_SYMBOLS}]+)"
# A marker group glued to the end of a name, or one space after it: "Boujida1,2*", "Jabour 2".
_MARKERS = re.compile(
    rf"(?<=[^\W\d_.)])\s?(?P<m>{_MARK}(?:(?:\s?[,\u2013-]\s?|\s){_MARK})*[{_SYMBOLS}]*)"
    r"(?=\s*(?:,|;|&|\band\b|$))"
)
# Hindawi prints the marker after a comma and an ORCID icon: "Jia Li ,1 Xiaoming Zhou ,2 and Wei Chen 1".
_COMMA_MARKER = re.compile(r"\s+,(\d{1,2}(?:,\d{1,2})*)(?=\s|$)")
# "y" and "e" join names only in lower case: "James Y Dai" has a middle initial.
_SEPARATORS = re.compile(
    r"\s*(?:,\s*(?:and|&)\s+|\s+(?:and|&|et|und|(?-i:y|e))\s+|;\s*|,\s*|\s+&\s+)\s*", re.IGNORECASE
)
# A group named among the people of a byline ("The PRISMA Group", "the PLoS Medicine Editors").
GROUP_NAME = re.compile(
    r"^(?:the\s+)?(?:[\w&.'\u2019-]+\s+){0,6}(?:group|consortium|collaboration|collaborative|investigators|"
    r"network|committee|editors|team|working\s+party|alliance)$",
    re.IGNORECASE,
)
_NAME_TOKEN = re.compile(r"^[^\W\d_][\w'\u2019.\-]*$")
_NOT_NAME = frozenset(
    [
        "the", "of", "in", "on", "for", "with", "from", "to", "a", "an", "is", "are", "was", "were", "this", "that",
        "these", "journal", "university", "department", "hospital", "institute", "college", "school", "faculty",
        "center", "centre", "volume", "issue", "article", "research", "review", "abstract", "introduction", "home",
        "about", "contact", "login", "search", "menu", "issues", "archive", "current", "editorial", "board", "submit",
        "subscribe", "open", "access", "download", "pdf", "full", "text", "view", "references", "citation", "keywords",
        "received", "accepted", "published", "copyright", "all", "rights", "reserved", "doi", "case", "report", "image",
        "clinical", "medical", "international", "vol", "first", "pages", "cited", "save", "library", "share", "print",
        "export", "previous", "less", "show", "hide", "related", "similar", "recommended", "figures", "tables",
        "supplementary", "information", "metrics", "altmetric", "views", "citations", "downloads", "alerts", "tools",
        "permissions", "reprints", "navigation", "content", "skip", "cookies", "privacy", "policy", "terms",
        "conditions", "news", "events", "books", "chapters", "papers", "working", "advisory", "editors", "editor",
        "authors", "author", "reviewers", "resources", "user", "users", "sign", "register", "cart", "china", "japan",
        "india", "usa", "uk", "germany", "france", "italy", "spain", "brazil", "canada", "australia", "korea", "iran",
        "turkey", "egypt", "morocco", "nigeria", "kenya", "mexico", "russia", "netherlands", "belgium", "sweden",
        "norway", "denmark", "finland", "poland", "switzerland", "austria", "portugal", "greece", "israel", "pakistan",
        "bangladesh", "indonesia", "malaysia", "thailand", "vietnam", "taiwan", "singapore", "chile", "argentina",
        "colombia", "peru", "africa", "america", "europe", "asia", "kingdom", "states", "republic", "bureau", "office",
        "laboratory", "lab", "station", "company", "group", "society", "association", "equations", "physics",
        "chemistry", "biology", "medicine", "science", "sciences", "engineering", "proceedings", "letters", "professor",
        "assistant", "associate", "fellow", "postdoctoral", "applied", "director", "manager", "scientist", "lecturer",
        "jobs", "job", "instructor", "tenure", "track", "opportunities", "venue", "hotel", "travel", "session",
        "psychology", "behavior", "behaviour", "pathology", "pharmacology", "toxicology", "physiology", "neuroscience",
        "nutrition", "ecology", "economics", "mathematics", "statistics", "computer", "history", "philosophy",
        "sociology", "anthropology", "linguistics", "education", "law", "management", "marketing", "finance",
        "genetics", "genomics", "immunology", "microbiology", "oncology", "cardiology", "neurology", "radiology",
        "surgery", "dentistry",
    ]
)
AFFILIATION_WORD = re.compile(
    r"\b(?:department|dept\.?|university|universit[éàä]t?|universidad|universidade|università|hospital|hôpital|"
    r"institut[eo]?|college|school|faculty|facult[éa]d?|cent(?:er|re)|centro|laborator(?:y|ies)|laboratoire|clinic|"
    r"klinik|division|unit|academy|ministry|foundation|service|polytechnic|inc\.|ltd|gmbh|corporation|council|agency|"
    r"program(?:me)?|[A-Z][a-z]+,\s*(?:USA|UK|Morocco|France|Germany|China|India|Japan|Italy|Spain|Brazil|Canada))\b",
    re.IGNORECASE,
)
# :data:`AFFILIATION_WORD` searched only in lines holding one of its words (on ASCII text
# "universit[éàä]t?" and "hôpital" cannot match, "facult[éa]d?" gives "faculta(d)").
AFFILIATION = WordGuard(
    AFFILIATION_WORD,
    (
        "department", "dept", "university", "universidad", "universidade", "hospital", "institut", "institute",
        "instituto", "college", "school", "faculty", "faculta", "facultad", "center", "centre", "centro",
        "laboratory", "laboratories", "laboratoire", "clinic", "klinik", "division", "unit", "academy", "ministry",
        "foundation", "service", "polytechnic", "inc", "ltd", "gmbh", "corporation", "council", "agency", "program",
        "programme", "usa", "uk", "morocco", "france", "germany", "china", "india", "japan", "italy", "spain",
        "brazil", "canada",
    ),
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CONTACT = re.compile(r"^(?:tel|phone|ph|fax|mobile|mob|e-?mail|email|mail|orcid)\b\.?\s*[:\-]?", re.IGNORECASE)
_DEGREES = re.compile(
    r",?\s*\b(?:MD|PhD|Ph\.D\.|MSc|MBBS|MS|DDS|DMD|RN|MPH|FRCS|FRCR|BSc|MA|Prof\.?|Dr\.?)\b\.?", re.IGNORECASE
)


@dataclass
class Author:
    """One name on the author line with its markers (and what they resolve to)."""

    name: dict[str, str]
    markers: list[str] = field(default_factory=list)
    affiliation: list[str] = field(default_factory=list)
    corresponding: bool = False
    email: str = ""


@dataclass
class Corresponding:
    """The corresponding-author block: the name as written, address lines, e-mail."""

    name: str
    address: list[str]
    email: str
    lines: range


# Patterns of the author-line reading, compiled once (it runs on many lines of a page).
_ELIDED = re.compile(r"^(?:d|l|dell|dall|degli)['\u2019][A-ZÀ-Þ]")
# "et al." closing a list; the pattern opens with the literal "et" (the word boundary
# before it looked behind for from there), which the regex engine looks for alone.
_ET_AL = re.compile(r"et(?<=\bet)\s+al\.?\s*$")
_PLACEHOLDER = re.compile(r"\u27ea\d+\u27eb")
_PLACEHOLDER_NUMBER = re.compile(r"\u27ea(\d+)\u27eb")
_SUPERSCRIPT_DIGITS = str.maketrans("\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079", "1230456789")


def _split_markers(group: str) -> list[str]:
    out: list[str] = []
    for token in re.findall(rf"\d{{1,2}}|[{_SUP}]+|[{_SYMBOLS}]|[a-h]", group):
        if token[0] in _SUP.replace("-", "") or "\u2074" <= token[0] <= "\u2079":
            token = token.translate(_SUPERSCRIPT_DIGITS)
        out.append(token)
    return out


def _name_like(piece: str) -> bool:
    tokens = piece.replace(".", ". ").split()
    if not 1 <= len(tokens) <= 6 or len(piece) > 60:
        return False
    for token in tokens:
        if is_initials(token):
            continue
        low = fold(token).strip(".")
        if low in _NOT_NAME:
            return False
        if low in PARTICLES:
            continue
        if _ELIDED.match(token):
            continue  # d'Uscio, L'Hôpital
        if not _NAME_TOKEN.match(token) or token[0].islower() or any(c.isdigit() for c in token):
            return False
    return True


def parse_author_line(line: str, *, labelled: bool = False) -> list[Author] | None:
    """The authors on one line, each with its markers, or ``None`` if it is not a name list.

    :param line: e.g. "Nadia Boujida*, Soukaina Jabour, Omar El Aoufir and Laila Jroundi".
    :param labelled: the line carried an "Author(s):" label (a lone name is then enough).
    """
    text = line.strip()
    if not text or len(text) > 1500 or "@" in text or "http" in text:
        return None
    text = _ET_AL.sub("", text)
    # "Gavin Yamey and on Behalf of the Interviewees": the group the authors sign for is
    # one more (corporate) author, as JATS gives it.
    behalf = _ON_BEHALF.search(text)
    group = ""
    if behalf and behalf.start() > 0:
        group = behalf.group("group").strip(" .,;")
        text = text[: behalf.start()]
    markers: list[str] = []

    def lift(match: re.Match[str]) -> str:
        markers.append(match.group("m"))
        return f"\u27ea{len(markers) - 1}\u27eb"

    if " ," in text:
        text = _COMMA_MARKER.sub(r"\1,", text)
    protected = _MARKERS.sub(lift, text)
    pieces = [p for p in _SEPARATORS.split(protected) if p and p.strip(" .")]
    if not pieces:
        return None
    pieces = _rejoin_inverted(pieces)
    authors: list[Author] = []
    for piece in pieces:
        found = [markers[int(i)] for i in _PLACEHOLDER_NUMBER.findall(piece)]
        marks = [m for g in found for m in _split_markers(g)]
        bare = _PLACEHOLDER.sub("", piece).strip(" ,;")
        bare = _DEGREES.sub("", bare).strip(" ,;")
        if not bare:
            continue
        if not _name_like(bare.replace(",", " ")):
            if len(pieces) > 1 and len(bare) <= 80 and GROUP_NAME.match(bare):
                # a group signs with its affiliation's mark as a person does
                authors.append(Author(name={"literal": bare}, markers=marks))
                continue
            return None
        name = split_name(bare)
        if not name:
            return None
        authors.append(Author(name=name, markers=marks))
    if not authors or all("literal" in a.name for a in authors):
        return None
    if len(authors) > 1 and sum(1 for a in authors if len(a.name) >= 2 or "literal" in a.name) < len(authors):
        return None  # "Algorithmes, Graphes et Combinatoire": a list of single words is not a byline
    if labelled and len(authors) == 1 and len(authors[0].name) < 2:
        return None
    if group:
        authors.append(Author(name={"literal": group}))
    elif len(authors) == 1 and not labelled:
        only = authors[0]
        if len(only.name) < 2 or not only.markers:
            return None
    return authors


_ON_BEHALF = re.compile(
    r"(?:\s*,\s*|\s+)(?:and\s+|&\s*)?(?P<group>on\s+behalf\s+of\s+(?:the\s+)?[^\W\d_][^,;]{0,80})$", re.IGNORECASE
)


def _rejoin_inverted(pieces: list[str]) -> list[str]:
    """``["Smith", "J.", "Doe", "R."]`` → ``["Smith, J.", "Doe, R."]`` (Family, Given lists)."""
    clean = [_PLACEHOLDER.sub("", p).strip() for p in pieces]
    pairs = len(pieces) >= 2 and len(pieces) % 2 == 0
    if pairs and all(is_initials(c) for c in clean[1::2]) and not any(is_initials(c) for c in clean[0::2]):
        return [f"{pieces[i]}, {pieces[i + 1]}" for i in range(0, len(pieces), 2)]
    return pieces


def _is_stop(line: str) -> bool:
    return bool(
        CORRESPONDING_LABEL.match(line) or CITATION_LABEL.match(line) or COPYRIGHT.match(line)
        or KEYWORDS_LABEL.match(line) or ABSTRACT_LABEL.match(line) or AUTHORS_LABEL.match(line) or is_prose(line)
        or re.match(r"^(?:received|submitted|accepted|published|article\s+history)\b", line, re.IGNORECASE)
    )


_AFF_HEADING = re.compile(
    r"^(?:affiliations?|author\s+information|authors?\s+and\s+affiliations|author\s+details)\s*:?$", re.IGNORECASE
)
_AFF_START = re.compile(
    r"^\s*(?:\[(?P<b>\w{1,2})\]|\((?P<p>\w{1,2})\)|"
    rf"(?P<m>\d{{1,2}}|[{_SUP}]+|[{_SYMBOLS}]|[a-h](?=\s?[A-Z]))\s*[.)]?\s*(?=[A-Z]))"
)


def find_affiliations(lines: list[str], start: int, end: int) -> tuple[list[tuple[str, str]], int]:
    """Affiliation lines after the author line: ``[(marker, text)]`` and the line after them.

    :param start: the first line after the author line.
    :param end: the last line that may hold affiliations (exclusive).
    """
    found: list[tuple[str, str]] = []
    index = start
    blank_run = 0
    while index < end:
        line = lines[index]
        if not line:
            blank_run += 1
            if blank_run > 1 and found:
                break
            index += 1
            continue
        blank_run = 0
        if _AFF_HEADING.match(line) and not found:
            index += 1
            continue  # "Affiliations", "Author information": the list follows
        if _is_stop(line) or len(line) > 500:
            break
        marked = _AFF_START.match(line)
        if not (marked or AFFILIATION.search(line)) or _CONTACT.match(line):
            break
        found.extend(_split_affiliation_line(line))
        index += 1
    return found, index


def _split_affiliation_line(line: str) -> list[tuple[str, str]]:
    first = _AFF_START.match(line)
    if not first:
        return [("", line.strip(" ;,"))]
    out: list[tuple[str, str]] = []
    marker = _split_markers(first.group("b") or first.group("p") or first.group("m"))[0]
    rest = line[first.end() :]
    while True:
        expected = str(int(marker) + 1) if marker.isdigit() else ""
        cut = None
        if expected:
            cut = re.search(rf"(?:[;.,]\s*|\s+)(?:\[{expected}\]|\({expected}\)|{expected})\s*[.)]?\s*(?=[A-Z])", rest)
        if cut is None:
            out.append((marker, rest.strip(" ;,.")))
            return out
        out.append((marker, rest[: cut.start()].strip(" ;,.")))
        marker, rest = expected, rest[cut.end() :]


def resolve_affiliations(authors: list[Author], affiliations: list[tuple[str, str]]) -> None:
    """Give each author the affiliations its markers point to; unmarked affiliations go to
    every author when there is one, or one each when there are as many as authors.

    :param affiliations: ``(marker, text)`` from :func:`find_affiliations`.
    """
    marked = {m: text for m, text in affiliations if m}
    plain = [text for m, text in affiliations if not m]
    for author in authors:
        author.affiliation = [marked[m] for m in author.markers if m in marked]
    if not marked and plain:
        if len(plain) == 1:
            for author in authors:
                author.affiliation = [plain[0]]
        elif len(plain) == len(authors):
            for author, text in zip(authors, plain, strict=True):
                author.affiliation = [text]


def _same_person(author: Author, written: str) -> bool:
    family = fold(author.name.get("family", author.name.get("literal", "")))
    return bool(family) and family in fold(written)


def mark_corresponding(authors: list[Author], lines: list[str], start: int, end: int) -> range | None:
    """Flag the corresponding author: the one the corresponding-author block names (with
    its e-mail, and its address when the author has no affiliation), else the only starred
    author when there is one.

    :returns: the block's lines, when there is a block.
    """
    block = find_corresponding(lines, start, end)
    starred = [a for a in authors if "*" in a.markers]
    chosen: list[Author] = []
    if block is not None and block.name:
        chosen = [a for a in authors if _same_person(a, block.name)][:1]
    if not chosen and (block is not None or len(starred) == 1):
        chosen = starred[:1]
    for author in chosen:
        author.corresponding = True
        if block is not None:
            author.email = author.email or block.email
            if not author.affiliation and block.address:
                author.affiliation = [", ".join(block.address)]
    if chosen:
        for author in authors:
            if author not in chosen:
                author.corresponding = False
    return block.lines if block is not None else None


def find_corresponding(lines: list[str], start: int, end: int) -> Corresponding | None:
    """The corresponding-author block ("*Corresponding Author:" then name, address, e-mail)."""
    for index in range(start, end):
        opening = lines[index][:1]
        if opening not in CORRESPONDING_FIRST and not opening.isspace():
            continue
        match = CORRESPONDING_LABEL.match(lines[index])
        if not match:
            continue
        rest = match.group("rest").strip()
        block: list[str] = [rest] if rest else []
        last = index
        for j in range(index + 1, min(end, index + 12)):
            line = lines[j]
            if not line:
                if block:
                    break
                continue
            if _is_stop(line) and not _CONTACT.match(line):
                break
            block.append(line)
            last = j
        if not block:
            continue
        text = " ".join(block)
        email_match = _EMAIL.search(text)
        email = email_match.group(0).rstrip(".") if email_match else ""
        head = re.split(r"\s*(?:,|;|\b(?:tel|phone|fax|e-?mail)\b)", block[0], maxsplit=1, flags=re.IGNORECASE)[0]
        head = _DEGREES.sub("", _EMAIL.sub("", head)).strip(" ,;:*")
        address = [ln for ln in block[1:] if not _CONTACT.match(ln) and not _EMAIL.fullmatch(ln.strip())]
        if rest and "," in block[0]:
            address = [block[0].split(",", 1)[1].strip(), *address]
        return Corresponding(name=head, address=address, email=email, lines=range(index, last + 1))
    return None


# A line that goes on below: it ends in punctuation that asks for more, or a small word.
_OPEN_END = re.compile(r"[:,\-–]$|\b(?:of|and|in|for|the|a|an|on|with|to)$")


def title_above(lines: list[str], index: int, floor: int) -> tuple[str, int] | None:
    """The title printed above line ``index`` (the author line), down to ``floor``.

    Scraped pages often print it twice (breadcrumb and heading); a line wrapped inside
    the title (the next line starting in lower case) is joined back.
    """
    j = index - 1
    while j >= floor and not lines[j]:
        j -= 1
    if j < floor:
        return None
    title = lines[j]
    if not _title_like(title):
        return None
    top = j
    k = j - 1
    wrapped = k >= floor and lines[k] and (title[:1].islower() or _OPEN_END.search(lines[k]))
    if wrapped and _title_like(lines[k]):
        title = f"{lines[k]} {title}"
        top = k
    return title, top


def _title_like(line: str) -> bool:
    if not 8 <= len(line) <= 400 or _is_stop(line) or AUTHORS_LABEL.match(line):
        return False
    if re.match(r"^(?:home|menu|search|login|sign in|skip|you are here)\b", line, re.IGNORECASE):
        return False
    return len(line.split()) >= 2 and not re.search(r"\b(?:vol(?:ume)?\.?\s*\d+)", line, re.IGNORECASE)
