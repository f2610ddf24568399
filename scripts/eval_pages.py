#!/usr/bin/env python3
"""Field accuracy of citekit's article-page parsers on a folder of real pages.

Three evaluations, each against values read here with plain lxml/XPath, never through
citekit's own extraction code:

* ``html``: every ``*.html`` page parsed by citekit, scored against the page's own meta
  tags (Highwire first, then Dublin Core / PRISM / Open Graph, as a reader would look
  them up), and, where the data set has them, against the gold files beside the page
  (``<name>_Out.json`` / ``<name>_out.json`` written by papis, ``<name>.bib``).
* ``text``: the same pages reduced to their visible text (head, meta, script, style and
  template removed; one line per block element), parsed by the scraped-text parser,
  scored on title, authors, DOI and year only where that text still shows them.
* ``stripped``: the same pages with their metadata taken out (``<meta>``, ``<link>``,
  scripts, microdata attributes, COinS spans; the ``<title>`` and the body kept), parsed
  by citekit's HTML parser: how well a page with nothing in its head is read (title
  anchor, visible text), scored on title, authors, DOI and year where the text shows them.
* ``jats``: every ``*.xml`` / ``*.nxml`` article scored against its front matter.

A field is scored on a page only when the reference has a value for it; a page where
citekit gives nothing (or fails) counts as wrong on every such field.

``--lopo`` reads text renderings of every page and article (site chrome kept) with a line
model trained without the publisher's pages, and scores title, authors, DOI and year, and
also the journal line's parts (journal, volume, issue, first page), the received, accepted
and published dates, each author's affiliations, the abstract and the number of references, wherever
the rendering shows them. The line model is the only part learned, so the rules' figures
on the latter fields are in sample.

Usage: ``python scripts/eval_pages.py [HTML_DIR] [JATS_DIR] [--detail]``
(defaults: ``../shared/data/article-html`` and ``../shared/data/jats-articles``).
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citekit.errors import CitekitError  # noqa: E402
from citekit.formats.richtext import plain  # noqa: E402
from citekit.source import Source  # noqa: E402

DATA = ROOT.parent / "shared" / "data"


# ---------------------------------------------------------------- normalisation
def fold(text: Any) -> str:
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    return re.sub(r"[^a-z0-9]+", " ", "".join(c for c in decomposed if not unicodedata.combining(c)).lower()).strip()


def surname_key(name: str) -> str:
    """The last word of the family part of a written name ("Lindqvist, Astrid" → lindqvist)."""
    name = re.sub(r"\s+", " ", name).strip()
    family = (
        name.split(",", 1)[0]
        if "," in name
        else (re.split(r" {2,}", name)[-1] if "  " in name else name.rsplit(" ", 1)[-1])
    )
    words = fold(family).split()
    return words[-1] if words else ""


def record_surnames(record: dict[str, Any]) -> list[str]:
    out = []
    for name in record.get("author") or []:
        words = fold(name.get("family") or name.get("literal") or "").split()
        out.append(" ".join(words))
    return out


def authors_match(gold: list[str], record: dict[str, Any]) -> bool:
    mine = record_surnames(record)
    return len(mine) == len(gold) and all(g and g in m.split() for g, m in zip(gold, mine, strict=True))


def year_of(record: dict[str, Any]) -> str:
    try:
        return str(record["issued"]["date-parts"][0][0])
    except (KeyError, IndexError, TypeError):
        return ""


def first_page(value: Any) -> str:
    return fold(re.split(r"\s*[-–]+\s*", str(value or ""))[0])


# --------------------------------------------------------------- reference values
def _metas(tree: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for meta in tree.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if name and content:
            out[name].append(content)
    return out


def _first(metas: dict[str, list[str]], *keys: str) -> str:
    for key in keys:
        if metas.get(key):
            return metas[key][0]
    return ""


_DOI = re.compile(r"10\.\d{4,9}/[^\s\"<>]+")


def html_reference(tree: Any) -> dict[str, Any]:
    """What the page's meta tags say, read the way a person reads them."""
    m = _metas(tree)
    ref: dict[str, Any] = {}
    ref["title"] = _first(m, "citation_title", "dc.title", "dcterms.title", "eprints.title", "prism.title")
    doi_sources = [*m.get("citation_doi", []), *m.get("prism.doi", []), *m.get("dc.identifier.doi", [])]
    doi_sources += [v for v in m.get("dc.identifier", []) + m.get("dcterms.identifier", []) if "10." in v]
    for value in doi_sources:
        found = _DOI.search(value)
        if found:
            ref["DOI"] = found.group(0).rstrip(".;,").lower()
            break
    names = (
        m.get("citation_author")
        or m.get("dc.creator")
        or m.get("dcterms.creator")
        or m.get("eprints.creators_name")
        or m.get("dc.creator.personalname")
        or []
    )
    if len(names) == 1 and ";" in names[0]:
        names = names[0].split(";")
    if names:
        ref["authors"] = [surname_key(n) for n in names]
    date = _first(
        m,
        "citation_publication_date",
        "citation_date",
        "citation_year",
        "prism.publicationdate",
        "dc.date.issued",
        "dcterms.issued",
        "dc.date",
        "eprints.date",
        "citation_online_date",
        "article:published_time",
    )
    year = re.search(r"\b(1[6-9]|20)\d\d\b", date)
    if year:
        ref["year"] = year.group(0)
    ref["container"] = _first(
        m, "citation_journal_title", "citation_conference_title", "prism.publicationname", "eprints.publication"
    )
    ref["volume"] = _first(m, "citation_volume", "prism.volume", "eprints.volume")
    ref["issue"] = _first(m, "citation_issue", "prism.number", "eprints.number")
    ref["page"] = _first(m, "citation_firstpage", "prism.startingpage")
    return {k: v for k, v in ref.items() if v}


def gold_reference(page: Path) -> dict[str, Any]:
    """Values from the gold files the data set keeps beside a page (papis JSON, BibTeX)."""
    stem = page.with_suffix("")
    for candidate in (Path(f"{stem}_Out.json"), Path(f"{stem}_out.json")):
        if candidate.exists():
            data = json.loads(candidate.read_text(encoding="utf-8"))
            gold: dict[str, Any] = {}
            for key, slot in (
                ("title", "title"),
                ("doi", "DOI"),
                ("journal", "container"),
                ("volume", "volume"),
                ("issue", "issue"),
            ):
                value = str(data.get(key) or "").strip()
                if value and value not in ("0", "null", "None"):
                    gold[slot] = value.lower() if slot == "DOI" else value
            year = str(data.get("year") or "")
            if re.fullmatch(r"(1[6-9]|20)\d\d", year):
                gold["year"] = year
            people = data.get("author_list") or []
            if people:
                gold["authors"] = [
                    fold(p.get("family", "")).split()[-1] if fold(p.get("family", "")) else "" for p in people
                ]
            pages = str(data.get("pages") or data.get("firstpage") or "")
            if pages and pages != "null":
                gold["page"] = re.split(r"-+", pages)[0]
            return gold
    bib = stem.with_suffix(".bib")
    if bib.exists():
        text = bib.read_text(encoding="utf-8")
        gold = {}
        for key, slot in (
            ("title", "title"),
            ("doi", "DOI"),
            ("year", "year"),
            ("journal", "container"),
            ("volume", "volume"),
            ("number", "issue"),
        ):
            found = re.search(rf"^\s*{key}\s*=\s*[{{\"](.+?)[}}\"],?\s*$", text, re.MULTILINE | re.IGNORECASE)
            if found:
                gold[slot] = found.group(1).strip("{} ").lower() if slot == "DOI" else found.group(1).strip("{} ")
        return gold
    return {}


_BLOCK = set(
    [
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
    ]
)


def visible_text(tree: Any) -> str:
    """The page as a scraper saves it: no head, meta, script or style; a line per block."""
    for element in list(tree.iter("head", "script", "style", "noscript", "template", "meta", "link", "title")):
        if element.getparent() is not None:
            element.drop_tree()
    parts: list[str] = []
    for event, element in _walk(tree):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _BLOCK:
                parts.append("\n")
            if element.text and tag:
                parts.append(element.text)
        else:
            if tag in _BLOCK:
                parts.append("\n")
            if element.tail:
                parts.append(element.tail)
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def strip_metadata(tree: Any) -> str:
    """The page without its metadata: no ``<meta>``, ``<link>`` or scripts, no microdata
    attributes or COinS spans; the ``<title>`` and the visible body stay."""
    import lxml.html

    page = copy.deepcopy(tree)
    for element in list(page.iter("meta", "link", "script")):
        if element.getparent() is not None:
            element.drop_tree()
    for element in page.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in ("itemscope", "itemprop", "itemtype", "itemid", "property", "typeof", "vocab"):
            element.attrib.pop(attribute, None)
        if "Z3988" in (element.get("class") or ""):
            element.attrib.pop("class", None)
            element.attrib.pop("title", None)
    return str(lxml.html.tostring(page, encoding="unicode"))


def _walk(root: Any) -> Any:
    stack = [(root, False)]
    while stack:
        element, done = stack.pop()
        if done:
            yield "end", element
            continue
        yield "start", element
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(list(element)))


def _jats_text(node: Any) -> str:
    return " ".join("".join(node.itertext()).split()) if node is not None else ""


def _jats_title(meta: Any) -> str | None:
    """The article title without its footnote and cross-reference marks, subtitle added."""
    title = meta.find("title-group/article-title")
    if title is None:
        return None
    title = copy.deepcopy(title)
    for note in list(title.iter("xref", "fn")):
        parent = note.getparent()
        if note.tail:
            previous = note.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + note.tail
            else:
                parent.text = (parent.text or "") + note.tail
        parent.remove(note)
    out = _jats_text(title)
    subtitle = meta.find("title-group/subtitle")
    if subtitle is not None and _jats_text(subtitle):
        out += " " + _jats_text(subtitle)
    return out


def _jats_surnames(meta: Any) -> list[str]:
    surnames = []
    for contrib in meta.findall("contrib-group/contrib"):
        if (contrib.get("contrib-type") or "author") != "author":
            continue
        surname = contrib.find("name/surname")
        collab = contrib.find("collab")
        if surname is not None:
            words = fold(_jats_text(surname)).split()
            surnames.append(words[-1] if words else "")
        elif collab is not None:
            # The collaboration's own name, without the member list nested in it.
            own = (collab.text or "") + "".join(
                (_jats_text(child) if child.tag not in ("contrib-group", "xref", "fn") else "") + (child.tail or "")
                for child in collab
            )
            words = fold(own).split()
            surnames.append(words[-1] if words else "")
    return surnames


def _jats_year(meta: Any) -> str | None:
    years = []
    for date in meta.findall("pub-date"):
        kind = (date.get("pub-type") or date.get("date-type") or "").lower()
        if kind in ("epub", "ppub", "pub", "publication", "epub-ppub", "") and date.find("year") is not None:
            years.append(_jats_text(date.find("year")))
    if not years:
        years = [_jats_text(d.find("year")) for d in meta.findall("pub-date") if d.find("year") is not None]
    return min(years) if years else None


def jats_reference(root: Any) -> dict[str, Any]:
    """Front-matter values of a JATS article, read with XPath."""
    from lxml import etree

    text = _jats_text
    article = root if etree.QName(root).localname == "article" else root.find(".//article")
    meta = article.find("front/article-meta")
    ref: dict[str, Any] = {}
    title = _jats_title(meta)
    if title is not None:
        ref["title"] = title
    doi = meta.find("article-id[@pub-id-type='doi']")
    if doi is not None:
        ref["DOI"] = text(doi).lower()
    surnames = _jats_surnames(meta)
    if surnames:
        ref["authors"] = surnames
    year = _jats_year(meta)
    if year is not None:
        ref["year"] = year
    journal = root.find(".//journal-meta//journal-title")
    if journal is not None:
        ref["container"] = text(journal)
    for tag, slot in (("volume", "volume"), ("issue", "issue")):
        node = meta.find(tag)
        if node is not None and text(node):
            ref[slot] = text(node)
    page = meta.find("fpage")
    if page is None:
        page = meta.find("elocation-id")
    if page is not None:
        ref["page"] = text(page)
    back = article.find("back")
    refs = list(back.iter("ref")) if back is not None else []
    ref["references"] = len(refs)
    ref["reference DOIs"] = sorted(
        {text(p).lower() for r in refs for p in r.iter("pub-id") if p.get("pub-id-type") == "doi" and text(p)}
    )
    return ref


# ------------------------------------------------------------------------ scoring
def compare(field: str, gold: Any, record: dict[str, Any]) -> bool:
    if field == "title":
        return fold(gold) == fold(plain(str(record.get("title") or "")))  # rich text (<i> ...) as plain text
    if field == "DOI":
        return str(gold).lower() == str(record.get("DOI") or "").lower()
    if field == "authors":
        return authors_match(gold, record)
    if field == "year":
        return str(gold) == year_of(record)
    if field == "container":
        return fold(gold) == fold(plain(str(record.get("container-title") or "")))
    if field in ("volume", "issue"):
        return fold(gold) == fold(record.get(field))
    if field == "page":
        return first_page(gold) == first_page(record.get("page"))
    if field == "references":
        return int(gold) == len((record.get("custom") or {}).get("references") or [])
    if field == "reference DOIs":
        mine = {str(r.get("DOI") or "").lower() for r in (record.get("custom") or {}).get("references") or []}
        return set(gold) <= mine
    if field in _EVENTS:
        return gold == _event(record, field)
    if field == "affiliations":
        return gold == _affiliations(record)
    if field == "abstract":
        return gold == fold(record.get("abstract"))
    raise ValueError(field)


_EVENTS = ("received", "accepted", "published")


def _event(record: dict[str, Any], event: str) -> str | None:
    """An event's date: "published" is the online or the print publication, whichever the
    record has (a page's "Published:" says not which)."""
    dates = (record.get("custom") or {}).get("dates") or {}
    names = ("published", "published-online", "published-print") if event == "published" else (event,)
    return next((str(dates[n]) for n in names if dates.get(n)), None)


def _affiliations(record: dict[str, Any]) -> list[list[str]]:
    """Each author's affiliations, folded, in the byline's order."""
    extras = (record.get("custom") or {}).get("authors") or []
    return [sorted(fold(a) for a in (e.get("affiliation") or [])) for e in extras if isinstance(e, dict)]


class Score:
    def __init__(self, name: str) -> None:
        self.name = name
        self.right: dict[str, int] = defaultdict(int)
        self.total: dict[str, int] = defaultdict(int)
        self.misses: list[str] = []

    def add(self, page: str, field: str, gold: Any, record: dict[str, Any] | None) -> None:
        self.total[field] += 1
        got = record is not None and compare(field, gold, record)
        if got:
            self.right[field] += 1
        else:
            mine = _mine(field, record)
            self.misses.append(f"{page}: {field}: want {gold!r} got {mine!r}")

    def report(self, detail: bool) -> float:
        print(f"\n{self.name}")
        right = total = 0
        for field in sorted(self.total):
            r, t = self.right[field], self.total[field]
            right, total = right + r, total + t
            print(f"  {field:16s} {r:4d}/{t:<4d} {100 * r / t:6.1f}%")
        overall = 100 * right / total if total else 0.0
        print(f"  {'all fields':16s} {right:4d}/{total:<4d} {overall:6.1f}%")
        if detail:
            for miss in self.misses:
                print("    -", miss)
        return overall


def _mine(field: str, record: dict[str, Any] | None) -> Any:
    if record is None:
        return None
    return {
        "authors": record_surnames(record),
        "year": year_of(record),
        "container": record.get("container-title"),
        "references": len((record.get("custom") or {}).get("references") or []),
        "reference DOIs": "...",
        "received": _event(record, "received"),
        "accepted": _event(record, "accepted"),
        "published": _event(record, "published"),
        "affiliations": _affiliations(record),
    }.get(field, record.get(field))


def _parse(parser: Any, text: str, media: str, origin: str) -> dict[str, Any] | None:
    try:
        records = parser(Source(text, media, origin))
    except CitekitError:
        return None
    return records[0] if records else None


def evaluate_html(folder: Path, detail: bool) -> tuple[float, float, float, float]:
    import lxml.html

    from citekit.parsers.html.page import parse as parse_html
    from citekit.parsers.text.page import parse as parse_text

    meta_score, gold_score, text_score = (
        Score(f"HTML vs the page's own meta tags ({folder})"),
        Score("HTML vs gold files beside the pages"),
        Score("Scraped text (visible text, meta removed) vs meta tags, where the text shows the value"),
    )
    stripped_score = Score(
        "HTML with its metadata taken out (title and body kept) vs meta tags, where the text shows the value"
    )
    pages = sorted(folder.rglob("*.html"))
    for page in pages:
        raw = page.read_text(encoding="utf-8", errors="replace")
        name = str(page.relative_to(folder))
        record = _parse(parse_html, raw, "text/html", name)
        tree = lxml.html.fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", raw))
        reference = html_reference(tree)
        bare = _parse(parse_html, strip_metadata(tree), "text/html", name) if reference else None
        for field, value in reference.items():
            meta_score.add(name, field, value, record)
        for field, value in gold_reference(page).items():
            gold_score.add(name, field, value, record)
        text = visible_text(tree)
        scraped = _parse(parse_text, text, "text/plain", name)
        shown = fold(text)
        for field in ("title", "authors", "DOI", "year"):
            if field not in reference:
                continue
            value = reference[field]
            if field == "title" and fold(value) not in shown:
                continue
            if field == "DOI" and value not in text.lower():
                continue
            if field == "authors" and not all(a and re.search(rf"\b{re.escape(a)}\b", shown) for a in value):
                continue
            if field == "year" and value not in text:
                continue
            text_score.add(name, field, value, scraped)
            stripped_score.add(name, field, value, bare)
    print(f"{len(pages)} HTML pages")
    return (
        meta_score.report(detail),
        gold_score.report(detail),
        text_score.report(detail),
        stripped_score.report(detail),
    )


def evaluate_jats(folder: Path, detail: bool) -> float:
    from lxml import etree

    from citekit.parsers.jats.article import parse as parse_jats

    score = Score(f"JATS vs its front matter ({folder})")
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".xml", ".nxml"))
    for path in files:
        raw = path.read_text(encoding="utf-8", errors="replace")
        name = str(path.relative_to(folder))
        record = _parse(parse_jats, raw, "application/jats+xml", name)
        parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, load_dtd=False)
        root = etree.fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", raw).encode("utf-8"), parser)
        for field, value in jats_reference(root).items():
            score.add(name, field, value, record)
    print(f"\n{len(files)} JATS articles")
    return score.report(detail)


# ------------------------------------------------------- leave one publisher out
_LOPO_FIELDS = ("title", "authors", "DOI", "year")
# Scored too, where the rendering shows them: the journal line's parts (from the page's
# meta tags or the article's front matter), and for JATS renderings the events, the
# affiliations and the number of references the rendering prints (from the record the
# rendering is laid out from: the text shows exactly those).
_LOPO_MORE = ("container", "volume", "issue", "page", *_EVENTS, "affiliations", "abstract", "references")


def _group(doi: str, name: str) -> str:
    """The publisher a page belongs to: its DOI prefix (10.1371 for every PLOS page, HTML
    or JATS), else the page's source folder and site name."""
    if doi:
        return doi.split("/", 1)[0]
    stem = Path(name)
    return f"{stem.parent}/{stem.name.split('_')[0].lower()}"


def lopo_items(html_dir: Path, jats_dir: Path) -> list[dict[str, Any]]:
    """Text renderings of every page and article, chrome kept, with their reference values,
    the facts their lines are labelled from and their publisher."""
    import lxml.html
    from lxml import etree

    from citekit.parsers.html.page import parse as parse_html
    from citekit.parsers.jats.article import parse as parse_jats
    from citekit.parsers.text.corpus import facts_of, html_rendering, jats_rendering

    items: list[dict[str, Any]] = []
    for page in sorted(html_dir.rglob("*.html")) if html_dir.is_dir() else []:
        raw = page.read_text(encoding="utf-8", errors="replace")
        name = "html/" + str(page.relative_to(html_dir))
        tree = lxml.html.fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", raw))
        reference = html_reference(tree)
        record = _parse(parse_html, raw, "text/html", name) or {}
        text = html_rendering(tree)
        items.append(_item(name, text, reference, facts_of(record)))
    jats_files = sorted(p for p in jats_dir.rglob("*") if p.suffix in (".xml", ".nxml")) if jats_dir.is_dir() else []
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, load_dtd=False)
    for path in jats_files:
        raw = path.read_text(encoding="utf-8", errors="replace")
        name = "jats/" + str(path.relative_to(jats_dir))
        record = _parse(parse_jats, raw, "application/jats+xml", name) or {}
        root = etree.fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", raw).encode("utf-8"), parser)
        reference = {k: v for k, v in jats_reference(root).items() if k in _LOPO_FIELDS + _LOPO_MORE}
        reference.update(_rendered(record))
        seed = sum(map(ord, name))
        text = "\n".join(jats_rendering(record, seed)) + "\n"
        items.append(_item(name, text, reference, facts_of(record)))
    return items


def _rendered(record: dict[str, Any]) -> dict[str, Any]:
    """The events, affiliations and reference count a JATS rendering prints, from the record
    it is laid out from (:func:`citekit.parsers.text.corpus.jats_rendering`)."""
    dates = (record.get("custom") or {}).get("dates") or {}
    out: dict[str, Any] = {e: dates.get("published-online" if e == "published" else e) for e in _EVENTS}
    out["affiliations"] = _affiliations(record) if any(_affiliations(record)) else None
    out["references"] = min(25, len((record.get("custom") or {}).get("references") or []))
    paragraphs = [p for p in str(record.get("abstract") or "").split("\n") if p.strip()][:4]
    out["abstract"] = fold(" ".join(paragraphs)) or None
    return out


def _item(name: str, text: str, reference: dict[str, Any], facts: Any) -> dict[str, Any]:
    shown = fold(text)
    wanted = {}
    for field in _LOPO_FIELDS:
        value = reference.get(field)
        if not value:
            continue
        if field == "title" and fold(value) not in shown:
            continue
        if field == "DOI" and value not in text.lower():
            continue
        if field == "authors" and not all(a and re.search(rf"\b{re.escape(a)}\b", shown) for a in value):
            continue
        if field == "year" and value not in text:
            continue
        wanted[field] = value
    for field in _LOPO_MORE:
        value = reference.get(field)
        if value in (None, "", []):
            continue
        if field == "container" and fold(value) not in shown:
            continue
        if field in ("volume", "issue", "page") and not re.search(rf"(?<![\w-]){re.escape(first_page(value))}\b", text):
            continue
        if field == "affiliations" and not _affiliations_shown(value, reference.get("authors") or [], text, shown):
            continue
        wanted[field] = value
    group = _group(str(reference.get("DOI") or ""), name)
    return {"name": name, "group": group, "text": text, "reference": wanted, "facts": facts}


def _affiliations_shown(value: list[list[str]], surnames: list[str], text: str, shown: str) -> bool:
    """Every affiliation printed, and which author has which readable: one affiliation for
    all, or every affiliated author's name marked with its affiliations' numbers."""
    if not all(fold(a) in shown for each in value for a in each):
        return False
    if len({a for each in value for a in each}) == 1:
        return True
    lowered = text.lower()
    return len(surnames) == len(value) and all(
        not each or re.search(rf"{re.escape(surname)}\d", lowered)
        for surname, each in zip(surnames, value, strict=True)
    )


def evaluate_lopo(items: list[dict[str, Any]], detail: bool, classifier: bool) -> dict[str, float]:
    """Each publisher's pages read as scraped text by a parser whose line model was trained
    on the other publishers' pages only (``classifier``), or by the rules alone."""
    from citekit.parsers.text import classify
    from citekit.parsers.text.page import parse as parse_text

    groups = sorted({item["group"] for item in items})
    per_group: dict[str, Score] = {}
    overall = Score("Leave one publisher out: scraped text with site chrome" + (" (line model)" if classifier else ""))
    for group in groups:
        if classifier:
            training = _documents([i for i in items if i["group"] != group])
            classify.use_model(classify.train(training) if training else None)
        else:
            classify.use_model(None)
        score = per_group[group] = Score(group)
        for item in (i for i in items if i["group"] == group):
            record = _parse(parse_text, item["text"], "text/plain", item["name"])
            for field, value in item["reference"].items():
                score.add(item["name"], field, value, record)
                overall.add(item["name"], field, value, record)
    classify.use_model(classify.load_default())
    print(f"\n{len(items)} renderings, {len(groups)} publishers")
    print(f"  {'publisher':22s} " + " ".join(f"{f:>9s}" for f in _LOPO_FIELDS))
    for group, score in per_group.items():
        cells = [
            f"{score.right[f]:>3d}/{score.total[f]:<3d}  " if score.total[f] else "      -  " for f in _LOPO_FIELDS
        ]
        print(f"  {group:22s} " + " ".join(cells))
    overall.report(detail)
    return {f: overall.right[f] / overall.total[f] for f in (*_LOPO_FIELDS, *_LOPO_MORE) if overall.total[f]}


def _documents(items: list[dict[str, Any]]) -> list[tuple[list[str], list[str]]]:
    from citekit.parsers.text.corpus import label_lines
    from citekit.parsers.text.lines import prepare

    documents = []
    for item in items:
        lines = prepare(item["text"])
        documents.append((lines, label_lines(lines, item["facts"])))
    return documents


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("html", nargs="?", default=str(DATA / "article-html"), help="folder of HTML pages")
    parser.add_argument("jats", nargs="?", default=str(DATA / "jats-articles"), help="folder of JATS articles")
    parser.add_argument("--detail", action="store_true", help="list every miss")
    parser.add_argument(
        "--lopo",
        action="store_true",
        help="leave one publisher out: scraped-text renderings with site chrome, rules alone and with the line model",
    )
    args = parser.parse_args(argv)
    html_dir, jats_dir = Path(args.html), Path(args.jats)
    if args.lopo:
        items = lopo_items(html_dir, jats_dir)
        rules = evaluate_lopo(items, args.detail, classifier=False)
        model = evaluate_lopo(items, args.detail, classifier=True)
        print("\n  field         rules  line model")
        for field in (*_LOPO_FIELDS, *_LOPO_MORE):
            print(f"  {field:12s} {rules.get(field, 0):6.3f} {model.get(field, 0):10.3f}")
        return 0
    if html_dir.is_dir():
        evaluate_html(html_dir, args.detail)
    else:
        print(f"no HTML folder at {html_dir}", file=sys.stderr)
    if jats_dir.is_dir():
        evaluate_jats(jats_dir, args.detail)
    else:
        print(f"no JATS folder at {jats_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
