"""Choices the merge makes across vocabularies, where "the first vocabulary wins" is wrong.

Each is a small named step over the merged record and the partials it came from:

- :func:`choose_issued`: the work's date by agreement. A digitisation, online or access
  date gives way to the issue's own date; a January-1 placeholder gives way to a day two
  other vocabularies agree on.
- :func:`plausible_page`: a page field that is a DOI suffix or an internal id (a PII)
  gives way to another vocabulary's page, or is dropped.
- :func:`distinct_people`: one person named twice (two spellings of one vocabulary,
  ``citation_author`` and ``bepress_citation_author``) is listed once.
- :func:`arxiv_doi`: an arXiv abstract page without a DOI gets the DOI DataCite registers
  for every arXiv paper, ``10.48550/arXiv.<id>``.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from citekit.names import fold
from citekit.parsers.common import Partial, Person
from citekit.record import Record, date_parts

__all__ = ["arxiv_doi", "choose_issued", "distinct_people", "name_key", "plausible_page"]

# Keys of dates that are not the work's publication: put online, made available in a
# repository, digitised, accessed, modified.
_SECONDARY_DATE = re.compile(r"online|available|accession|access|modified|updated|digiti|upload|epub|created")


def _issued(part: Partial) -> list[int] | None:
    issued = part.fields.get("issued")
    try:
        parts = issued["date-parts"][0] if isinstance(issued, dict) else None
    except (IndexError, TypeError):
        return None
    return [int(p) for p in parts] if parts else None


def _placeholder(parts: list[int]) -> bool:
    return len(parts) == 3 and parts[1] == 1 and parts[2] == 1


def choose_issued(record: Record, source: dict[str, str], ordered: list[Partial]) -> None:
    """The issued date by agreement across vocabularies (``record`` changed in place).

    :param record: the merged record (first vocabulary's date already in it).
    :param source: where each field came from.
    :param ordered: the partials, best vocabulary first.
    """
    candidates = [(parts, p.sources.get("issued", p.vocab)) for p in ordered if (parts := _issued(p))]
    if len(candidates) < 2:
        return
    pool = [c for c in candidates if not _SECONDARY_DATE.search(c[1])] or candidates
    best = pool[0]
    if _placeholder(best[0]):
        votes = Counter(tuple(p) for p, _ in pool[1:] if len(p) == 3 and not _placeholder(p))
        if votes:
            day, count = votes.most_common(1)[0]
            if count >= 2:
                best = next(c for c in pool if tuple(c[0]) == day)
    if best is not candidates[0]:
        record["issued"] = date_parts(*best[0])
        source["issued"] = best[1]


# A page or article number: digits with a letter or two around them ("e1001289", "S12",
# AGU's "e2020GL088123"), or roman numerals; at most 14 characters and never twelve digits
# in a row (an Elsevier PII, "S0370269317305920", is an internal id).
_PAGE_TOKEN = r"(?:(?![A-Za-z]*\d*\d{12})[A-Za-z]{0,3}\d[\dA-Za-z]{0,13}|[ivxlcdmIVXLCDM]{1,8})"
_PAGE = re.compile(rf"{_PAGE_TOKEN}(?:\s*[-\u2010-\u2015]\s*{_PAGE_TOKEN})?")


def _is_page(value: Any, doi: str) -> bool:
    text = str(value or "").strip()
    if not _PAGE.fullmatch(text):
        return False
    first = re.split(r"\s*[-\u2010-\u2015]\s*", text)[0]
    # The end of the DOI ("nl2028766" of 10.1021/nl2028766) names the article, not a page.
    return first.isdigit() or not doi.lower().endswith(first.lower())


def plausible_page(record: Record, source: dict[str, str], ordered: list[Partial]) -> None:
    """Keep only a page that reads as pages or an article number: else another
    vocabulary's page, else none."""
    if "page" not in record:
        return
    doi = str(record.get("DOI") or "")
    if _is_page(record["page"], doi):
        return
    del record["page"]
    source.pop("page", None)
    for part in ordered:
        value = part.fields.get("page")
        if value and _is_page(value, doi):
            record["page"] = value
            source["page"] = part.sources.get("page", part.vocab)
            return


def name_key(name: dict[str, str]) -> str:
    """A person's name with order, case, accents and punctuation left out
    ("Roe, Ann" and "Ann Roe" give the same key)."""
    words = re.findall(r"[a-z]+", fold(" ".join(name.get(k, "") for k in ("given", "family", "literal"))))
    return " ".join(sorted(words))


def distinct_people(people: list[Person]) -> list[Person]:
    """``people`` with a repeated person (same full name, given name written out) listed
    once, the extras of both kept. Two authors "Wang, Y." may be two people: names with
    initials only are kept as they are."""
    out: list[Person] = []
    seen: dict[str, Person] = {}
    for entry in people:
        name = entry["name"]
        given = re.findall(r"[a-z]+", fold(name.get("given", "")))
        key = name_key(name)
        twin = seen.get(key) if any(len(w) > 1 for w in given) else None
        if twin is None:
            seen.setdefault(key, entry)
            out.append(entry)
            continue
        for extra in ("affiliation", "ORCID", "email", "corresponding"):
            if extra in entry and extra not in twin:
                twin[extra] = entry[extra]
    return out


_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})", re.IGNORECASE)
_ARXIV_ID = re.compile(r"(?:arxiv:)?(\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?", re.IGNORECASE)


def arxiv_doi(record: Record, source: dict[str, str], identifiers: dict[str, str], links: dict[str, str]) -> None:
    """The DataCite DOI of an arXiv paper (``10.48550/arXiv.<id>``, version left out) for
    a page that gives its arXiv id or address but no DOI."""
    if record.get("DOI"):
        return
    stated = _ARXIV_ID.fullmatch(identifiers.get("arXiv", "").strip())
    found, origin = (stated.group(1), "arXiv id") if stated else (None, "")
    if found is None:
        for address in (str(record.get("URL") or ""), *links.values()):
            match = _ARXIV_URL.search(address)
            if match:
                found, origin = match.group(1), "arXiv address"
                break
    if found is None:
        return
    identifiers.setdefault("arXiv", found)
    record["DOI"] = f"10.48550/arXiv.{found}"
    source["DOI"] = f"{origin} (DataCite arXiv DOI)"
