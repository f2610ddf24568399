"""Annotated reference strings for training and evaluation.

Reads the annotated sets kept outside the repository (AnyStyle XML, also the form the
EXCITE SSOAR and LinkedBooks sets come in, CORA/ParsCit tagged
lines, GROBID TEI ``<bibl>``, JATS ``<mixed-citation>``, Crossref's style-rendered
APA/IEEE pairs) into one shape: the raw string and character spans labelled with
:data:`citekit.parsers.refs.fields.LABELS`. Used by ``scripts/train_refparser.py`` and
``scripts/eval_refs.py``; nothing at run time imports it.

Every example is assigned to the training or held-out split by a hash of its folded
text, so the same reference lands on the same side whichever file it comes from.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from citekit.dates import MONTHS

__all__ = ["HELDOUT_SHARE", "Example", "coverage", "fold_key", "load_all", "split_of"]

HELDOUT_SHARE = 0.2  # fraction of each source never trained on


@dataclass
class Example:
    """One annotated reference: raw text and labelled character spans."""

    source: str
    text: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    gold_authors: list[str] | None = None  # family names when the annotation gives them exactly
    origin: str = ""


def fold_key(text: str) -> str:
    """Case, accents, punctuation and spacing folded away (for hashing and dedup)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed.lower() if c.isalnum())


def split_of(text: str) -> str:
    """``"heldout"`` or ``"train"``, fixed by a hash of the folded text."""
    digest = hashlib.sha1(fold_key(text).encode("utf-8")).digest()
    return "heldout" if digest[0] < 256 * HELDOUT_SHARE else "train"


class _Builder:
    """Concatenates labelled text pieces, folding whitespace, keeping char labels."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.labels: list[str] = []

    def add(self, text: str | None, label: str) -> None:
        for ch in text or "":
            if ch.isspace():
                if self.chars and self.chars[-1] != " ":
                    self.chars.append(" ")
                    self.labels.append("other")
                continue
            self.chars.append(ch)
            self.labels.append(label)

    def space(self) -> None:
        self.add(" ", "other")

    def build(self, source: str, origin: str, gold_authors: list[str] | None = None) -> Example | None:
        while self.chars and self.chars[-1] == " ":
            self.chars.pop()
            self.labels.pop()
        text = "".join(self.chars)
        if not text.strip():
            return None
        # Short unlabelled glue between two pieces of one field (the space in a title,
        # the dash between <fpage> and <lpage>, ", " between names) belongs to the field.
        i = 0
        while i < len(self.labels):
            if self.labels[i] != "other" or i == 0:
                i += 1
                continue
            j = i
            while j < len(self.labels) and self.labels[j] == "other":
                j += 1
            glue = text[i:j]
            same_label = j < len(self.labels) and self.labels[i - 1] == self.labels[j]
            if same_label and len(glue) <= 3 and not any(c.isalnum() for c in glue):
                self.labels[i:j] = [self.labels[j]] * (j - i)
            i = j
        spans: list[tuple[int, int, str]] = []
        start = 0
        for i in range(1, len(self.labels) + 1):
            space_in_other = text[i - 1] == " " and self.labels[start] == "other"
            if i == len(self.labels) or self.labels[i] != self.labels[start] or space_in_other:
                if self.labels[start] != "other" or text[start:i].strip():
                    spans.append((start, i, self.labels[start]))
                start = i
        return Example(source, text, [s for s in spans if s[2] != "other"], gold_authors, origin)


_ANYSTYLE = {
    "author": "author", "editor": "editor", "translator": "translator", "director": "author", "title": "title",
    "container-title": "container-title", "journal": "container-title", "booktitle": "container-title",
    "source": "container-title", "event": "container-title", "collection-title": "collection-title",
    "date": "date", "volume": "volume", "issue": "issue", "pages": "pages", "publisher": "publisher",
    "authority": "publisher", "location": "location", "edition": "edition", "genre": "genre", "medium": "genre",
    "note": "note", "producer": "note", "accessed": "note", "section": "note", "dataset": "note",
    "citation-number": "citation-number", "url": "url", "doi": "doi", "isbn": "identifier",
}


def _anystyle(path: Path, source: str) -> Iterator[Example]:
    root = ET.parse(path).getroot()
    for seq in root.iter("sequence"):
        builder = _Builder()
        for child in seq:
            builder.add("".join(child.itertext()), _ANYSTYLE.get(child.tag, "other"))
            builder.space()
        ex = builder.build(source, path.name)
        if ex:
            yield ex


_CORA = {
    "author": "author", "editor": "editor", "title": "title", "booktitle": "container-title",
    "journal": "container-title", "volume": "volume", "pages": "pages", "date": "date", "publisher": "publisher",
    "institution": "publisher", "location": "location", "tech": "genre", "note": "note",
}


def _parscit(path: Path, source: str) -> Iterator[Example]:
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        builder = _Builder()
        for m in re.finditer(r"<(\w+)>(.*?)</\1>|([^<]+)", line):
            if m.group(1):
                builder.add(m.group(2), _CORA.get(m.group(1), "other"))
            else:
                builder.add(m.group(3), "other")
        ex = builder.build(source, path.name)
        if ex:
            yield ex


_TEI = "{http://www.tei-c.org/ns/1.0}"


_BIBLSCOPE = {"volume": "volume", "vol": "volume", "issue": "issue", "page": "pages", "pp": "pages"}


def _tei_label(el: ET.Element, has_article_title: bool) -> str | None:
    tag = el.tag.replace(_TEI, "")
    kind = (el.get("unit") or el.get("type") or "").lower()
    if tag == "title":
        level = el.get("level", "")
        if level == "a":
            return "title"
        if level == "j":
            return "container-title"
        if level == "m":
            return "container-title" if has_article_title else "title"
        if level == "s":
            return "collection-title"
        return "title"
    if tag == "biblScope":
        return _BIBLSCOPE.get(kind, "other")
    if tag == "idno":
        return "doi" if kind == "doi" else ("note" if kind == "report" else "identifier")
    if tag == "orgName":
        return "author" if kind == "collaboration" else "publisher"
    if tag == "note":
        return "genre" if kind == "report" else "note"
    return {"author": "author", "editor": "editor", "date": "date", "publisher": "publisher", "pubPlace": "location",
            "ptr": "url", "meeting": "container-title"}.get(tag)


def _tei_walk(el: ET.Element, label: str, builder: _Builder, has_a: bool) -> None:
    builder.add(el.text, label)
    for child in el:
        tag = child.tag.replace(_TEI, "")
        if tag == "lb":
            builder.space()
        else:
            _tei_walk(child, _tei_label(child, has_a) or label if label == "other" else label, builder, has_a)
        builder.add(child.tail, label)


def _grobid(path: Path, source: str) -> Iterator[Example]:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError:
        return
    for bibl in root.iter(f"{_TEI}bibl"):
        has_a = any(t.get("level") == "a" for t in bibl.iter(f"{_TEI}title"))
        builder = _Builder()
        _tei_walk(bibl, "other", builder, has_a)
        ex = builder.build(source, path.name)
        if ex:
            yield ex


def _jats_label(el: ET.Element, inherited: str) -> str:
    tag = el.tag.split("}")[-1]
    if tag == "person-group":
        kind = el.get("person-group-type", "author")
        return {"editor": "editor", "translator": "translator"}.get(kind, "author")
    if tag in ("name", "collab", "etal", "string-name"):
        return inherited if inherited in ("editor", "translator") else "author"
    if tag in ("ext-link", "uri"):
        return "url"
    if tag == "pub-id":
        return "doi" if el.get("pub-id-type") == "doi" else "identifier"
    if tag == "object-id":
        return "identifier"
    mapping = {"article-title": "title", "chapter-title": "title", "part-title": "title", "source": "container-title",
               "year": "date", "month": "date", "day": "date", "date-in-citation": "note", "volume": "volume",
               "issue": "issue", "supplement": "issue", "fpage": "pages", "lpage": "pages", "elocation-id": "pages",
               "page-range": "pages", "publisher-name": "publisher", "publisher-loc": "location", "edition": "edition",
               "comment": "note", "conf-name": "container-title", "conf-loc": "location", "series": "collection-title",
               "institution": "publisher"}
    return mapping.get(tag, inherited)


def _jats_walk(el: ET.Element, label: str, builder: _Builder) -> None:
    builder.add(el.text, label)
    children = list(el)
    for k, child in enumerate(children):
        _jats_walk(child, _jats_label(child, label), builder)
        if el.tag == "name" and k + 1 < len(children) and not (child.tail or "").strip():
            builder.add(" ", label)  # rendered "Barnett JA", not "BarnettJA"
        builder.add(child.tail, label)


def _jats(path: Path, source: str) -> Iterator[Example]:
    root = ET.parse(path).getroot()
    for cit in root.iter("mixed-citation"):
        has_title = any(True for _ in cit.iter("article-title")) or any(True for _ in cit.iter("chapter-title"))
        builder = _Builder()
        _jats_walk(cit, "other", builder)
        if not has_title:
            # A book: its <source> is the title of the work itself.
            builder.labels = ["title" if lab == "container-title" else lab for lab in builder.labels]
        families = []
        for group in [cit, *cit.iter("person-group")]:
            if group.tag == "person-group" and group.get("person-group-type", "author") != "author":
                continue
            for child in group:
                if child.tag == "name":
                    families.append("".join(child.findtext("surname") or ""))
                elif child.tag == "collab":
                    families.append("".join(child.itertext()))
        ex = builder.build(source, path.name, families or None)
        if ex:
            yield ex


_IEEE_TAIL = re.compile(
    r"^(?P<container>.*?)(?:, vol\. (?P<volume>[^,]+))?(?:, no\. (?P<issue>[^,]+))?(?:, pp?\. (?P<pages>[^,]+))?"
    r"(?:, (?P<date>(?:[A-Z][a-z]{2,3}\.? )?(?:\d{1,2}, )?\d{4}))?\.$"
)


def _locate(text: str, value: str, start: int) -> tuple[int, int] | None:
    at = text.find(value, start)
    return (at, at + len(value)) if at >= 0 else None


def _crossref_pairs(folder: Path) -> Iterator[Example]:
    """APA and IEEE renderings of the same Crossref records, fields agreed by both.

    IEEE puts the title in quotes and labels "vol.", "no.", "pp."; a field is kept only
    when the APA rendering of the same DOI holds it too, so the spans are exact.
    """
    apa_path, ieee_path = folder / "dataset-apa.json", folder / "dataset-ieee.json"
    if not apa_path.exists() or not ieee_path.exists():
        return
    apa = json.loads(apa_path.read_text(encoding="utf-8"))["dataset"]
    ieee = json.loads(ieee_path.read_text(encoding="utf-8"))["dataset"]
    for a_item, i_item in zip(apa, ieee, strict=False):
        a, i = a_item.get("ref_string") or "", i_item.get("ref_string") or ""
        m = re.match(r"^\[\d+\](?P<authors>.*?), “(?P<title>.+?),” (?P<tail>.*)$", i)
        if not m:
            continue
        tail = _IEEE_TAIL.match(m.group("tail"))
        if not tail:
            continue
        fields = {"title": m.group("title"), **{k: v for k, v in tail.groupdict().items() if v}}
        year = re.search(r"\d{4}", fields.get("date", ""))
        a_date = re.search(r"\((\d{4}[a-z]?|n\.d\.)\)\.", a)
        undated = a_date is not None and a_date.group(1) == "n.d."
        if a_date is None or (year is None) != undated or (year and a_date.group(1)[:4] != year.group(0)):
            continue
        if re.search(r"\bEds?\.", m.group("authors")):
            continue  # editors in the author slot
        # Family names: APA separates family from initials with commas ("Abdul Salam,
        # V. B., & Lao, K. H.") but cuts long lists ("..."); IEEE lists every name with
        # the family last. Each string is scored on the names it actually shows.
        a_names = a[: a_date.start()]
        pieces = [p for p in re.split(r",\s+(?:&\s+)?|\s+&\s+|\s*…\s*", a_names.strip()) if p]
        ieee_families = [n.split()[-1] for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", m.group("authors")) if n.strip()]
        apa_families = pieces[0::2] if pieces and len(pieces) % 2 == 0 else list(ieee_families)
        by_last = {f.split()[-1]: f for f in apa_families}
        ieee_families = [by_last.get(f, f) for f in ieee_families]
        ex_i = _spans_for(i, fields, m.start("authors"), m.end("authors"), "crossref-ieee", _IEEE_ORDER)
        a_fields = {k: v for k, v in fields.items() if k != "date"}
        a_fields["date"] = a_date.group(0)
        a_end = a_date.start()
        ex_a = _spans_for(a, a_fields, 0, a_end, "crossref-apa", _APA_ORDER)
        if ex_a and ex_i and _same_fields(ex_a, ex_i):
            ex_a.gold_authors, ex_i.gold_authors = apa_families, ieee_families
            yield ex_a
            yield ex_i


_IEEE_ORDER = ("title", "container-title", "volume", "issue", "pages", "date")
_APA_ORDER = ("date", "title", "container-title", "volume", "issue", "pages")


def _same_fields(apa: Example, ieee: Example) -> bool:
    """True when both renderings of one record found the same fields (dates and IEEE's number aside)."""
    return {s[2] for s in apa.spans} - {"date"} == {s[2] for s in ieee.spans} - {"citation-number", "date"}


def _spans_for(
    text: str, fields: dict[str, str], a_start: int, a_end: int, source: str, order: tuple[str, ...]
) -> Example | None:
    while a_end > a_start and text[a_end - 1].isspace():
        a_end -= 1
    spans = [(a_start, a_end, "author")] if a_end > a_start else []
    cursor = a_end if order[0] != "date" else a_start
    for label in order:
        key = "container" if label == "container-title" else label
        value = fields.get(key)
        if not value:
            continue
        found = _locate(text, value, cursor)
        if not found:
            return None
        spans.append((found[0], found[1], label))
        cursor = found[1]
    number = re.match(r"^\[\d+\]", text)
    if number:
        spans.append((0, number.end(), "citation-number"))
    return Example(source, text, sorted(spans), origin="crossref-matching")


def coverage(ex: Example) -> float:
    """The share of the letters and digits of ``ex`` that carry a label."""
    labelled = [False] * len(ex.text)
    for start, end, _ in ex.spans:
        labelled[start:end] = [True] * (end - start)
    alnum = [i for i, c in enumerate(ex.text) if c.isalnum()]
    return sum(labelled[i] for i in alnum) / len(alnum) if alnum else 0.0


# The converted sets (EXCITE, LinkedBooks) label a few things by their own scheme; these
# map them onto the labels the other sets and the parser use.
_EDITION_WORD = re.compile(
    r"^\(?(?:\d+\s?(?:a|st|nd|rd|th|e)?\.?\s+)?(?:(?:vollst|überarb|erw|neu|verb|rev|revised)\w*\.?,?\s+)*"
    r"(?:Aufl(?:age)?|ed(?:n|ition)?|edizione|éd(?:ition)?|edición)\b\.?\)?[,;.]?",
    re.IGNORECASE,
)
_ORDINAL = re.compile(r"^\(?(?:\d{1,2}(?:a|st|nd|rd|th|e)?|[IVX]{1,4})\.?$")
_MONTH = "|".join(sorted((m for m in MONTHS if len(m) > 2), key=len, reverse=True))
_DAY_MONTH = re.compile(
    rf"\(?(?:\d{{1,2}}\s+)?(?:{_MONTH})\b\.?(?:\s*[-/–]\s*(?:\d{{1,2}}\s+)?(?:{_MONTH})\b\.?)?,?\s*$", re.IGNORECASE
)
_VOLUME_NOTE = re.compile(r"^(?:vol|voi|tomo|t|bd|band)\.?\s+(?:\d+|[IVXLCivxlc]+)[.,;:]?$", re.IGNORECASE)
_GENRE = re.compile(
    r"^[(\[]?(?:(?:unpublished|unveröff\w*|inedit[ao]|inaugural-|unpubl\.)\s*)?"
    r"(?:(?:Ph\.?\s?D\.?|DPhil|M\.?A\.?|doctoral|master'?s?|diploma|bachelor'?s?)\s*)?"
    r"(?:(?:working|discussion|research|occasional|policy|technical|conference|final)\s+)?"
    r"(?:papers?|dissertation|thesis|tesi(?:\s+di\s+lau-?rea)?|report|\w*bericht|\w*manuscript|\w*manuskript"
    r"|arbeitspapier|diskussionspapier|habilitationsschrift|diplomarbeit|magisterarbeit)\b"
    r"(?!\s+presented)(?:\s*(?:(?:No|Nr|no|nr|n)\.?\s*|#\s*)?[\w/-]*\d[\w/-]*)?[)\]]?[.,;:]?",
    re.IGNORECASE,
)
# A report or paper series ("NBER Working Paper", "MPIFG Discussion Paper", "VASMA-Arbeitspapier",
# "Technical Report"), with its number, is the genre, as AnyStyle labels it; EXCITE labels it as
# the container (the number as the volume) and the body that issues it as an editor or container.
_SERIES = (
    r"(?:(?:working|discussion|occasional|policy|technical|briefing|staff|background)\s+papers?"
    r"(?:\s+series)?|(?:technical|research|internal|country|project|planning)\s+reports?"
    r"|\w*arbeitspapiere?|\w*diskussionspapiere?|documents?\s+de\s+travail)"
)
_SERIES_END = re.compile(
    rf"{_SERIES}\b(?:\s*,?\s*(?:No|Nr|no|nr)\.?)?(?:\s*[A-Z]{{1,4}}\b)*(?:\s*#?[\w/-]*\d[\w/-]*)?\s*[)\].,;:]*\s*$",
    re.IGNORECASE,
)
_SERIES_WORD = re.compile(rf"\b{_SERIES}\b|\b(?:report|paper)\b", re.IGNORECASE)
_SERIES_NUMBER = re.compile(
    r"^[(#]?\s*(?:(?:No|Nr|no|nr|n)\.?\s*)?(?:[A-Z]{1,4}\s+)*(?:[\w/-]*\d[\w/ -]*|[IVX]{1,4})\)?[.,;:]?$"
    r"|^(?:No|Nr|no|nr)\.?\s*[A-Z]{1,4}[.,]?$"
)
_BODY = re.compile(
    r"\b(?:Univ\w*|Institut\w*|Inst\.|Cent(?:re|er|ro)\b|\w*[zZ]entrum|School|College|Bank|\w*[sS]tiftung|Foundation"
    r"|Council|Office|Department|Dept\.?|Ministry|\w*[mM]inisterium|Agency|Organi[sz]ation|Commission|Bureau"
    r"|Laborator\w*|Research|\w*[fF]orschung\w*|Association|Society|Academy|Akademie)\b"
)
_GLUED_ISSUE = re.compile(r"^(\d{1,4}|[IVXLC]{1,6})\s?(\(\d{1,3}(?:\s?[-/–]\s?\d{1,3})?\)[,.;:]?)$")
_NOTE_NUMBER = re.compile(r"^nn?\.\s*\d+(?:\s*[-–]\s*\d+)?[.,;:)]*$")
# "2009;46(8):1071-8.", "13(2):11-8.", "(6):1096 -111.": a year, volume and issue glued to pages.
_GLUED_PAGES = re.compile(
    r"^(?:(?P<date>\d{4}\s?;)\s?)?(?P<volume>\d{1,4})?\s?(?P<issue>\(\w{1,8}(?:\s?[-/–]\s?\w{1,4})?\)\s?:)\s?\S"
)


def _conventions(ex: Example) -> Example:
    """``ex`` from a converted set with its labels mapped onto the parser's conventions.

    - an edition ("2. Aufl.", "3rd ed.", "2a edizione") is one ``edition`` span, where the
      EXCITE conversion splits it into a volume or issue (the number) and a note (the word);
    - a day or month inside a volume span (LinkedBooks' "publication number-year": "n. 3,
      gennaio", "15 novembre") is part of the ``date``;
    - "vol. 48" left as a note is the volume, "Working Paper No. 12", "PhD thesis", "Tesi di
      laurea" left as a note the ``genre``;
    - "n. 109" right after the pages of a footnote is a note number on that page, not an issue;
    - EXCITE's "84(1)," is a volume and an issue (the conversion gave a token holding two
      tags the tag of most of its letters), and its "2009;46(8):1071-8." tagged as pages a
      year, a volume, an issue and the pages.
    """
    spans = sorted(ex.spans)
    out: list[tuple[int, int, str]] = []
    k = 0
    while k < len(spans):
        a, b, label = spans[k]
        value = ex.text[a:b]
        nxt = spans[k + 1] if k + 1 < len(spans) else None
        if (
            label in ("volume", "issue")
            and nxt
            and nxt[2] == "note"
            and _ORDINAL.match(value)
            and not ex.text[b : nxt[0]].strip()
        ):
            word = _EDITION_WORD.match(ex.text[a : nxt[1]])
            if word and a + word.end() > nxt[0]:
                end = a + word.end()
                out.append((a, end, "edition"))
                rest = ex.text[end : nxt[1]]
                if rest.strip(" ,;.:"):
                    out.append((end + len(rest) - len(rest.lstrip()), nxt[1], "note"))
                k += 2
                continue
        if label == "note":
            word = _EDITION_WORD.match(value)
            if word and any(c.isdigit() for c in value[: word.end()]):
                out.append((a, a + word.end(), "edition"))
                rest = value[word.end() :]
                if rest.strip(" ,;.:"):
                    out.append((b - len(rest.lstrip()), b, "note"))
                k += 1
                continue
            genre = _GENRE.match(value)
            if genre:
                out.append((a, a + len(genre.group(0).rstrip()), "genre"))
                rest = value[genre.end() :]
                if rest.strip(" ,;.:"):
                    out.append((b - len(rest.lstrip()), b, "note"))
                k += 1
                continue
            if _VOLUME_NOTE.match(value):
                label = "volume"
        vancouver = _GLUED_PAGES.match(value) if label == "pages" and ex.source.startswith("excite") else None
        if vancouver:
            for part in ("date", "volume", "issue"):
                if vancouver.group(part):
                    out.append((a + vancouver.start(part), a + vancouver.end(part), part))
            out.append((a + vancouver.end() - 1, b, "pages"))
            k += 1
            continue
        glued = _GLUED_ISSUE.match(value) if label == "volume" and ex.source.startswith("excite") else None
        if glued:
            out.append((a, a + glued.end(1), "volume"))
            out.append((a + glued.start(2), b, "issue"))
            k += 1
            continue
        if label == "volume":
            if out and out[-1][2] == "pages" and _NOTE_NUMBER.match(value):
                label = "note"
            day = _DAY_MONTH.search(value)
            if day and day.start() > 0 and value[: day.start()].strip(" ,;(/"):
                cut = a + day.start()
                out.append((a, a + len(value[: day.start()].rstrip()), "volume"))
                a, label = cut + len(value[day.start() :]) - len(value[day.start() :].lstrip()), "date"
            elif day:
                label = "date"
        out.append((a, b, label))
        k += 1
    # A date cut from a volume joins the year right after it.
    merged: list[tuple[int, int, str]] = []
    for span in out:
        if merged and merged[-1][2] == span[2] == "date" and not ex.text[merged[-1][1] : span[0]].strip():
            merged[-1] = (merged[-1][0], span[1], "date")
        else:
            merged.append(span)
    return Example(ex.source, ex.text, merged, ex.gold_authors, ex.origin)


_TITLE_IN = re.compile(r",\s+(?=in:?\s+[«“\"'‘A-ZÀ-ÖØ-Þ])")
_QUOTED_TITLE = re.compile(r"^([«“\"‘][^«»“”\"]{3,}[»”\"’][.,;:]?)\s+(?=[A-ZÀ-ÖØ-Þ«“\"])")
_PAGE_MARK = re.compile(r"[,;]?\s*\b(?:pp?|pagg?|pag|S)\.$")
_CIT_MARK = re.compile(r"[,;]?\s*\b(?:(?:op|art)\.\s*)?cit\.[,;]?$")
_PLACE_END = re.compile(r"(?:,|\.)\s+([A-ZÀ-ÖØ-Þ][^\W\d_]+(?:[- ][A-ZÀ-ÖØ-Þ][^\W\d_]+)?)[,.;]?$")


def _title_parts(
    text: str, a: int, b: int, label: str, places: frozenset[str]
) -> list[tuple[int, int, str]]:
    """One LinkedBooks title span cut where the annotation ran several fields together.

    The LinkedBooks scheme tags book and journal titles alike as ``title`` and carries the
    tag over the place, the "p." of the pages and "cit."; the conversion splits a second
    title only where the source tagged the ``in`` apart. Here, in that order: a trailing
    "p."/"pp." joins the pages after it, a trailing "cit." is a note, ", in <title>" and
    "«<title>», <journal>" start a container, and a place the same set tags as a
    publication place elsewhere, after a comma at the end, is the location.
    """
    value = text[a:b]
    if label == "title":
        for mark_re, mark_label in ((_PAGE_MARK, "pages"), (_CIT_MARK, "note")):
            mark = mark_re.search(value)
            if not mark:
                continue
            if not value[: mark.start()].strip(" ,.;:"):
                return [(a, b, "note")] if mark_label == "note" else [(a, b, label)]  # "op. cit.," alone
            tail = value[mark.start() :]
            lead = len(tail) - len(tail.lstrip(" ,;"))
            return [*_title_parts(text, a, a + mark.start(), label, places), (a + mark.start() + lead, b, mark_label)]
        inner = _TITLE_IN.search(value)
        if inner and value[: inner.start()].strip(" ,.;:"):
            cut = a + inner.start() + 1
            rest = cut + len(text[cut:b]) - len(text[cut:b].lstrip())
            return [(a, cut, "title"), *_title_parts(text, rest, b, "container-title", places)]
        quoted = _QUOTED_TITLE.match(value)
        if quoted and value[quoted.end():].strip(" ,.;:"):
            cut = a + quoted.end()
            return [(a, a + len(quoted.group(1)), "title"), *_title_parts(text, cut, b, "container-title", places)]
    place = _PLACE_END.search(value)
    if place and place.group(1) in places and value[: place.start()].strip(" ,.;:"):
        return [(a, a + place.start() + 1, label), (a + place.start(1), b, "location")]
    return [(a, b, label)]


def _linkedbooks(examples: list[Example]) -> list[Example]:
    """LinkedBooks examples with their title spans cut into the fields they ran together
    (:func:`_title_parts`); the places are those the set tags as a publication place at
    least three times."""
    counts: dict[str, int] = {}
    for ex in examples:
        for a, b, label in ex.spans:
            if label == "location":
                name = ex.text[a:b].strip(" ,.;:()")
                counts[name] = counts.get(name, 0) + 1
    places = frozenset(name for name, n in counts.items() if n >= 3 and name[:1].isupper())
    out = []
    for ex in examples:
        spans: list[tuple[int, int, str]] = []
        for a, b, label in sorted(ex.spans):
            if label == "title":
                parts = _title_parts(ex.text, a, b, label, places)
                spans.extend(p for p in parts if ex.text[p[0]:p[1]].strip(" ,.;:"))
            elif label == "pages" and spans and spans[-1][2] == "pages" and not ex.text[spans[-1][1]:a].strip():
                spans[-1] = (spans[-1][0], b, "pages")
            else:
                spans.append((a, b, label))
        out.append(Example(ex.source, ex.text, spans, ex.gold_authors, ex.origin))
    return out


def _series(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A report or paper series as one ``genre`` span with its number, its issuing body the ``publisher``.

    "NBER Working Paper No." (container) + "10063" (volume) -> "NBER Working Paper No. 10063"
    (genre); "Discussion Paper 95/5," then "Max Planck Institute ...," labelled as an editor or
    a container -> genre, then publisher (AnyStyle's genre and authority).
    """

    def glued(left: tuple[int, int, str], right: tuple[int, int, str]) -> bool:
        return not text[left[1] : right[0]].strip(" ,;.:()")

    out: list[tuple[int, int, str]] = []
    k = 0
    while k < len(spans):
        a, b, label = spans[k]
        value = text[a:b]
        series = False
        if label == "container-title" and not re.match(r"\s*in\b", value, re.IGNORECASE):
            series = bool(_SERIES_END.search(value))
        elif label == "genre":
            series = bool(_SERIES_WORD.search(value))
        end, j = b, k + 1
        while series and j < len(spans) and spans[j][2] in ("volume", "issue", "pages", "note"):
            number = text[spans[j][0] : spans[j][1]]
            if not glued((a, end, ""), spans[j]) or len(number) > 24 or not _SERIES_NUMBER.match(number.strip()):
                break
            end = spans[j][1]
            j += 1
        if label == "container-title" and series:
            # A series is numbered; a journal ("... Research Papers, 45(9): 1555-1573") has pages after.
            series = any(c.isdigit() for c in text[a:end]) and not (j < len(spans) and spans[j][2] == "pages")
        if not series:
            out.append((a, b, label))
            k += 1
            continue
        # The body before the series ("Wissenschaftszentrum Berlin, Discussion Paper ...").
        if out and out[-1][2] in ("editor", "container-title") and glued(out[-1], (a, b, label)):
            prev = text[out[-1][0] : out[-1][1]]
            if _BODY.search(prev) and not any(c.isdigit() for c in prev):
                out[-1] = (out[-1][0], out[-1][1], "publisher")
        b, k = end, j
        out.append((a, b, "genre"))
        if k < len(spans) and spans[k][2] in ("editor", "container-title", "note") and glued((a, b, ""), spans[k]):
            body = text[spans[k][0] : spans[k][1]]
            if _BODY.search(body) and not re.search(r"\b(?:hg|hrsg|eds?|edited|herausgegeben)\b", body, re.IGNORECASE):
                out.append((spans[k][0], spans[k][1], "publisher"))
                k += 1
    return out


def load_all(data: Path, *, min_coverage: float = 0.6) -> list[Example]:
    """Every annotated reference under ``data`` (the ``reference-strings`` folder or its parent).

    References whose annotation covers less than ``min_coverage`` of their letters
    (JATS ``<mixed-citation publication-type="other">`` left untagged, for instance)
    are left out: they would teach, and score, "no field here" for text that has fields.

    :param data: the shared data folder.
    :param min_coverage: the least share of annotated letters and digits.
    :returns: examples from every source, in a fixed order.
    """
    root = data / "reference-strings" if (data / "reference-strings").is_dir() else data
    out: list[Example] = []
    for path in sorted((root / "anystyle").glob("*.xml")):
        name = "cora" if path.stem == "cora" else f"anystyle-{path.stem}"
        out.extend(_anystyle(path, name))
    for path in sorted((root / "excite-ssoar").glob("*.xml")):
        out.extend(_conventions(ex) for ex in _anystyle(path, f"excite-{path.stem}"))
    for path in sorted((root / "linkedbooks-venice").glob("*.xml")):
        out.extend(_linkedbooks([_conventions(ex) for ex in _anystyle(path, "linkedbooks")]))
    for path in sorted((root / "cora").glob("*.txt")):
        out.extend(_parscit(path, "cora"))
    for path in sorted((root / "grobid-citation").rglob("*.xml")):
        out.extend(_grobid(path, "grobid"))
    for path in sorted((root / "jats-mixed-citation").glob("*.xml")):
        out.extend(_jats(path, "jats"))
    out.extend(_crossref_pairs(root / "crossref-matching" / "1_unstructured_analysis"))
    for ex in out:
        ex.spans = _series(ex.text, sorted(ex.spans))
    return [ex for ex in out if coverage(ex) >= min_coverage]
