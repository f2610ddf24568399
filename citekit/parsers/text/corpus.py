"""Scraped-text renderings of article pages, with their lines labelled, for training and
judging the line classifier (:mod:`citekit.parsers.text.classify`).

Two sources, both read from real data at training time (never shipped):

- an HTML page's text as a user copies it: every visible line, the site's menus,
  banners, footers and related-article lists kept (:func:`html_rendering`);
- a JATS article laid out the way journal sites print one (:func:`jats_rendering`):
  site chrome, the journal line, title, byline, affiliations, dates, DOI, abstract,
  references, related articles and a footer. Layout choices (one name per line or a
  list, the date and DOI forms, where the chrome goes) vary with a seed.

Each line is labelled from the page's own metadata (:func:`label_lines`): title, author,
affiliation, date, doi, journal, abstract or other.
"""

from __future__ import annotations

import random
import re
from typing import Any

from citekit.dates import match_date
from citekit.formats.richtext import plain
from citekit.names import fold
from citekit.record import Record

__all__ = ["LABELS", "PageFacts", "facts_of", "html_rendering", "jats_rendering", "label_lines"]

LABELS = ("title", "author", "affiliation", "date", "doi", "journal", "abstract", "other")

_BLOCK = frozenset(
    (
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "aside",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "address",
        "br",
        "hr",
        "nav",
        "form",
        "button",
        "label",
        "option",
        "select",
        "td",
        "th",
    )
)
_UNSEEN = ("head", "script", "style", "noscript", "template", "meta", "link", "title", "svg")


def html_rendering(tree: Any) -> str:
    """An HTML page's text as a user copies it from the browser: a line per block
    element, menus, banners and footers kept (``tree`` is changed: unseen parts dropped).

    :param tree: the page's root element (lxml).
    """
    for element in list(tree.iter(*_UNSEEN)):
        if element.getparent() is not None:
            element.drop_tree()
    parts: list[str] = []
    stack: list[tuple[Any, bool]] = [(tree, False)]
    while stack:
        element, done = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else ""
        if done:
            if tag in _BLOCK:
                parts.append("\n")
            if element.tail:
                parts.append(element.tail)
            continue
        if tag in _BLOCK:
            parts.append("\n")
        if element.text and tag:
            parts.append(element.text)
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(list(element)))
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


class PageFacts:
    """What a page's metadata says, in the forms the labeller matches lines against."""

    def __init__(
        self,
        title: str = "",
        names: list[tuple[str, str]] | None = None,
        doi: str = "",
        journal: str = "",
        affiliations: list[str] | None = None,
        abstract: str = "",
    ) -> None:
        self.title = fold(title)
        self.names = names or []
        self.doi = doi.lower()
        self.journal = fold(journal)
        self.affiliations = [fold(a) for a in affiliations or [] if a]
        self.abstract = fold(abstract)
        self.name_words = {w for given, family in self.names for w in _words(f"{given} {family}") if len(w) > 1}
        self.families = {_words(family)[-1] for _, family in self.names if _words(family)}


def _words(text: str) -> list[str]:
    return _LETTERS.findall(fold(text))


_LETTERS = re.compile(r"[^\W\d_]+")


def facts_of(record: Record) -> PageFacts:
    """:class:`PageFacts` from a CSL record (its authors' affiliations under ``custom``)."""
    names = [(a.get("given", ""), a.get("family") or a.get("literal", "")) for a in record.get("author") or []]
    extras = (record.get("custom") or {}).get("authors") or []
    affiliations = [x for e in extras if isinstance(e, dict) for x in e.get("affiliation") or []]
    return PageFacts(
        title=plain(str(record.get("title") or "")),
        names=names,
        doi=str(record.get("DOI") or ""),
        journal=plain(str(record.get("container-title") or "")),
        affiliations=affiliations,
        abstract=str(record.get("abstract") or ""),
    )


_CONNECTIVES = frozenset(("and", "by", "authors", "author", "s", "et", "al", "und", "y", "e"))


def _is_author_line(folded: str, facts: PageFacts) -> bool:
    words = _LETTERS.findall(folded)
    if not words or not facts.families or len(words) > 12 * max(len(facts.names), 1):
        return False
    named = [w for w in words if w in facts.name_words]
    if not any(w in facts.families for w in words):
        return False
    rest = [w for w in words if w not in facts.name_words and w not in _CONNECTIVES and len(w) > 1]
    return len(rest) <= max(1, len(named) // 4)


def _is_affiliation(folded: str, facts: PageFacts) -> bool:
    if len(folded) < 8:
        return False
    stripped = re.sub(r"^[^\w]*\d*\s*", "", folded)
    for affiliation in facts.affiliations:
        if stripped and (stripped in affiliation or (len(affiliation) > 20 and affiliation in stripped)):
            return len(stripped) <= len(affiliation) + 40
    return False


_DATE_LABEL = re.compile(r"^[^\W\d_][^:\d]{0,40}:\s*")


def label_line(line: str, facts: PageFacts) -> str:
    """The label of one line, from the page's metadata (first test that holds)."""
    folded = fold(line)
    if not folded:
        return "other"
    if facts.title and (folded == facts.title or (facts.title in folded and len(folded) <= len(facts.title) + 12)):
        return "title"
    if _is_author_line(folded, facts):
        return "author"
    if facts.doi and facts.doi in line.lower() and len(line) <= len(facts.doi) + 40:
        return "doi"
    if _is_affiliation(folded, facts):
        return "affiliation"
    if facts.journal and facts.journal in folded and len(folded) <= len(facts.journal) + 60:
        return "journal"
    if len(line) <= 120:
        found = match_date(_DATE_LABEL.sub("", line, count=1))
        if found and len(found[0]) >= 2:
            return "date"
    if facts.abstract and len(folded) >= 80 and folded[:200] in facts.abstract:
        return "abstract"
    return "other"


def label_lines(lines: list[str], facts: PageFacts) -> list[str]:
    """Every line's label (:data:`LABELS`), from the page's own metadata."""
    return [label_line(line, facts) for line in lines]


# ----------------------------------------------------------------- JATS renderings
_MENU = (
    "Skip to main content",
    "Skip to content",
    "Menu",
    "Search",
    "Advanced search",
    "Log in",
    "Sign in",
    "Register",
    "Subscribe",
    "Browse",
    "Current issue",
    "All issues",
    "Archive",
    "About",
    "About the journal",
    "Editorial board",
    "For authors",
    "Submit manuscript",
    "Submit your article",
    "Contact",
    "Help",
    "Journals",
    "Books",
    "Topics",
    "Publish with us",
    "Track your research",
    "Cart",
    "My account",
    "Sign up for alerts",
    "RSS",
    "Home",
)
_BANNERS = (
    "We use cookies to improve your experience on our website. By continuing to browse, you agree to our use of "
    "cookies.",
    "This website uses cookies to ensure you get the best experience. Learn more",
    "Accept all cookies",
    "Manage cookie preferences",
    "Your privacy, your choice",
    "You have full access to this open access article",
    "Access provided by your institution",
    "Log in through your institution",
    "Download PDF",
    "Download citation",
    "Share this article",
    "Cite this article",
    "View metrics",
    "Article has an altmetric score of 12",
    "Open Access",
    "Peer Reviewed",
    "Research Article",
    "Original Research",
)
_FOOTER = (
    "Privacy policy",
    "Terms of use",
    "Cookie settings",
    "Accessibility",
    "Contact us",
    "Sitemap",
    "Careers",
    "Press office",
    "Advertise with us",
    "Follow us",
    "Twitter",
    "Facebook",
    "LinkedIn",
    "Help and support",
    "Data protection",
    "Imprint",
    "Permissions",
    "Reprints",
    "Librarians",
    "Partners",
)
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _date_text(iso: str, style: int) -> str:
    parts = [int(p) for p in iso.split("-") if p.isdigit()]
    if len(parts) < 3:
        return iso
    year, month, day = parts[:3]
    if style == 0:
        return f"{day} {_MONTHS[month - 1]} {year}"
    if style == 1:
        return f"{_MONTHS[month - 1]} {day}, {year}"
    if style == 2:
        return f"{year}-{month:02d}-{day:02d}"
    return f"{day} {_MONTHS[month - 1][:3]} {year}"


def _names(record: Record) -> list[str]:
    out = []
    for name in record.get("author") or []:
        written = " ".join(x for x in (name.get("given", ""), name.get("family", "")) if x) or name.get("literal", "")
        if written:
            out.append(written)
    return out


def _byline(rng: random.Random, names: list[str], marks: list[str]) -> list[str]:
    style = rng.randrange(4)
    marked = [f"{n}{m}" for n, m in zip(names, marks, strict=True)]
    if style == 0 or len(names) == 1:
        return [", ".join(marked[:-1]) + (" and " if len(marked) > 1 else "") + marked[-1]]
    if style == 1:
        return marked  # one name per line, as a list of links
    if style == 2:
        return ["by " + ", ".join(names)]
    return ["Authors: " + ", ".join(marked)]


def _site_top(rng: random.Random, record: Record, journal: str, publisher: str) -> list[str]:
    lines = [rng.choice(_MENU) for _ in range(rng.randrange(2, 7))]
    if publisher:
        lines.insert(0, publisher)
    if rng.random() < 0.5:
        lines.append(rng.choice(_BANNERS[:5]))
    if journal and rng.random() < 0.6:
        lines.append(journal)
    if rng.random() < 0.4:
        lines.append(" > ".join(("Home", journal or "Journals", "Articles")))
    lines.extend(rng.sample(_BANNERS[5:], k=rng.randrange(1, 4)))
    return lines


def _journal_line(rng: random.Random, record: Record, journal: str) -> str:
    year = ((record.get("issued") or {}).get("date-parts") or [[""]])[0][0]
    volume, issue, page = (str(record.get(k) or "") for k in ("volume", "issue", "page"))
    if rng.random() < 0.5:
        return f"{journal} {year}; {volume}({issue}): {page}".replace("()", "")
    return f"{journal}, Volume {volume}, Issue {issue}, {year}".replace(", Issue ,", ",")


def _dates_lines(rng: random.Random, dates: dict[str, str]) -> list[str]:
    style = rng.randrange(4)
    named = [
        (label, dates[key])
        for key, label in (("received", "Received"), ("accepted", "Accepted"), ("published-online", "Published"))
        if dates.get(key)
    ]
    if not named:
        return []
    written = [f"{label}: {_date_text(iso, style)}" for label, iso in named]
    return written if rng.random() < 0.5 else ["; ".join(written)]


def _doi_line(rng: random.Random, doi: str) -> str:
    return rng.choice((f"DOI: {doi}", f"https://doi.org/{doi}", f"doi:{doi}", f"DOI https://doi.org/{doi}"))


def _related(rng: random.Random, references: list[Record]) -> list[str]:
    """A "related articles" box: other works' titles and bylines, as sites list them."""
    picked = [r for r in references if r.get("title") and r.get("author")]
    lines: list[str] = []
    if picked:
        lines.append(rng.choice(("Related articles", "You may also like", "Recommended articles", "Similar articles")))
        for item in rng.sample(picked, k=min(len(picked), rng.randrange(2, 5))):
            lines.append(plain(str(item["title"])))
            lines.append(", ".join(_names(item)[:3]) + (" et al." if len(item.get("author") or []) > 3 else ""))
    return lines


def _traps(rng: random.Random, record: Record) -> list[str]:
    """Lines sites print that look like the article's DOI or date and are not: a data set's
    or supplement's DOI, an access date, a copyright year, an issue's month and year."""
    year = ((record.get("issued") or {}).get("date-parts") or [[0]])[0][0] or 2000
    lines: list[str] = []
    if rng.random() < 0.5:
        prefix = rng.choice(("10.5281/zenodo.", "10.6084/m9.figshare."))
        lines.append(
            f"Data availability: the data are available at https://doi.org/{prefix}{rng.randrange(10**5, 10**7)}"
        )
    if rng.random() < 0.5:
        lines.append(f"Accessed {rng.randrange(1, 28)} {rng.choice(_MONTHS)} {rng.randrange(year + 2, year + 12)}")
    if rng.random() < 0.5:
        lines.append(f"Copyright © {year + rng.randrange(1, 6)} the authors")
    if rng.random() < 0.3:
        lines.append(f"{rng.choice(_MONTHS)} {year}")
    return lines


def _people(rng: random.Random, record: Record) -> list[str]:
    """The byline (names marked with their affiliations' numbers) and the affiliations."""
    names = _names(record)
    extras = [e if isinstance(e, dict) else {} for e in (record.get("custom") or {}).get("authors") or []]
    affiliations = list(dict.fromkeys(a for e in extras for a in e.get("affiliation") or []))
    marks = [
        ",".join(str(affiliations.index(a) + 1) for a in (extras[i].get("affiliation") or []) if a in affiliations)
        if i < len(extras)
        else ""
        for i in range(len(names))
    ]
    lines = _byline(rng, names, marks) if names else []
    if affiliations and rng.random() < 0.8:
        lines.extend(f"{i}{' ' if rng.random() < 0.5 else ''}{a}" for i, a in enumerate(affiliations, start=1))
    return lines


def _after_byline(rng: random.Random, record: Record, publisher: str) -> list[str]:
    """Dates, DOI, buttons, traps, abstract, references, related articles, footer."""
    custom = record.get("custom") or {}
    doi = str(record.get("DOI") or "")
    lines = _dates_lines(rng, custom.get("dates") or {}) + ([_doi_line(rng, doi)] if doi else [])
    rng.shuffle(lines)
    lines.extend(rng.sample(_BANNERS[8:13], k=rng.randrange(1, 4)))
    lines.extend(_traps(rng, record))
    abstract = str(record.get("abstract") or "")
    if abstract:
        lines.extend(["Abstract", *[p for p in abstract.split("\n") if p.strip()][:4]])
    references = [r for r in custom.get("references") or [] if isinstance(r, dict)]
    if rng.random() < 0.5:
        lines.extend(_related(rng, references))
    if references:
        lines.append("References")
        lines.extend(str((r.get("custom") or {}).get("raw") or "") for r in references[:25])
    if rng.random() < 0.5:
        lines.extend(_related(rng, references))
    lines.extend(rng.sample(_FOOTER, k=rng.randrange(3, 9)))
    lines.append(f"© {rng.randrange(2015, 2026)} {publisher or 'The publisher'}. All rights reserved.")
    return lines


def jats_rendering(record: Record, seed: int) -> list[str]:
    """A JATS article's record laid out as a journal site prints it, chrome included.

    :param record: the article's record (:func:`citekit.parsers.jats.article.parse`).
    :param seed: picks the layout (the same seed gives the same text).
    """
    rng = random.Random(seed)
    journal = plain(str(record.get("container-title") or ""))
    publisher = plain(str(record.get("publisher") or ""))
    lines = _site_top(rng, record, journal, publisher)
    if journal:
        lines.append(_journal_line(rng, record, journal))
    lines.extend(["", plain(str(record.get("title") or "")), ""])  # a page shows the text, not the markup
    lines.extend(_people(rng, record))
    lines.extend(_after_byline(rng, record, publisher))
    return lines
