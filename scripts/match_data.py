"""Evaluation data for Crossref matching (used by eval_match.py and bench_resolve.py).

- :func:`collect_works`: every Crossref work record in ``crossref-api/`` (API answers,
  cassettes of habanero, rcrossref and commonmeta, JSON-lines dumps), one per DOI.
- :func:`decoys`: near-duplicates of a work, invented under prefix 10.5555 (its
  preprint, its erratum, a conference version, the same title in another year/volume).
- :func:`render`: a work as a reference string in a CSL style (citeproc-py through
  ``citekit.exporters.csl``).
- :func:`crossref_matching`: the Crossref reference-matching-evaluation sets
  (``reference-strings/crossref-matching``) as ``(string, gold DOI)`` pairs.
- :func:`reconstruct`: a minimal work record from an APA-rendered string, for the
  Crossref sets whose gold DOIs the collected records do not hold.
"""

from __future__ import annotations

import base64
import copy
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

Work = dict[str, Any]

__all__ = ["DEFAULT_DATA", "collect_works", "crossref_matching", "decoys", "reconstruct", "render"]

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def _messages(obj: Any) -> Iterator[Work]:
    if not isinstance(obj, dict):
        return
    kind = obj.get("message-type")
    if kind == "work" and isinstance(obj.get("message"), dict):
        yield obj["message"]
    elif kind == "work-list":
        yield from (i for i in (obj.get("message") or {}).get("items") or () if isinstance(i, dict))
    elif "message" not in obj and obj.get("DOI"):
        yield obj


def _bodies(text: str) -> Iterator[Work]:
    text = text.strip()
    if not text:
        return
    try:
        yield from _messages(json.loads(text))
        return
    except ValueError:
        pass
    for line in text.splitlines():  # JSON lines
        try:
            yield from _messages(json.loads(line))
        except ValueError:
            continue


def _cassette_bodies(path: Path) -> Iterator[str]:
    import yaml  # only this script reads cassettes

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
    for interaction in data.get("interactions") or data.get("http_interactions") or ():
        response = interaction.get("response") or {}
        content = response.get("content")
        if content is None:
            body = response.get("body") or {}
            content = body.get("string")
            if content is None and body.get("base64_string"):
                content = base64.b64decode(body["base64_string"]).decode("utf-8", "replace")
        if isinstance(content, bytes):
            content = content.decode("utf-8", "replace")
        if isinstance(content, str):
            yield content


def collect_works(data: Path) -> list[Work]:
    """Every distinct Crossref work record under ``data/crossref-api`` (fullest copy kept)."""
    works: dict[str, Work] = {}
    for path in sorted((data / "crossref-api").rglob("*")):
        if path.suffix == ".json":
            texts: Iterator[str] = iter([path.read_text(encoding="utf-8")])
        elif path.suffix in (".yaml", ".yml"):
            texts = _cassette_bodies(path)
        else:
            continue
        for text in texts:
            for work in _bodies(text):
                doi = str(work.get("DOI") or "").lower()
                if doi and (doi not in works or len(json.dumps(work)) > len(json.dumps(works[doi]))):
                    works[doi] = work
    return list(works.values())


def _year(work: Work) -> int | None:
    for key in ("issued", "published-print", "published-online", "published"):
        try:
            return int(work[key]["date-parts"][0][0])
        except (KeyError, IndexError, TypeError, ValueError):
            continue
    return None


def _date(year: int) -> dict[str, Any]:
    return {"date-parts": [[year]]}


def decoys(work: Work, n: int, rng: random.Random) -> list[Work]:
    """Invented near-duplicates of ``work``: preprint, erratum, conference version, reprint."""
    year = _year(work) or 2000
    title = (work.get("title") or [""])[0]
    common = {k: copy.deepcopy(work[k]) for k in ("author", "title", "subtitle") if k in work}
    out: list[Work] = []
    out.append(
        {
            **common,
            "DOI": f"10.5555/decoy.pre.{n}",
            "type": "posted-content",
            "subtype": "preprint",
            "issued": _date(year - 1),
            "posted": _date(year - 1),
            "group-title": rng.choice(["bioRxiv", "arXiv", "SSRN Electronic Journal", "Research Square"]),
            "container-title": [],
        }
    )
    label = rng.choice(["Erratum: ", "Correction to: ", "Corrigendum to \u201c"])
    suffix = "\u201d" if label.endswith("\u201c") else ""
    erratum = {
        **common,
        "DOI": f"10.5555/decoy.err.{n}",
        "type": "journal-article",
        "title": [f"{label}{title}{suffix}"],
        "issued": _date(year + 1),
        "container-title": copy.deepcopy(work.get("container-title") or []),
        "update-to": [{"DOI": work.get("DOI"), "type": "erratum"}],
    }
    if str(work.get("volume") or "").isdigit():
        erratum["volume"] = str(int(work["volume"]) + 1)
    erratum["page"] = str(rng.randint(1, 900))
    out.append(erratum)
    out.append(
        {
            **common,
            "DOI": f"10.5555/decoy.conf.{n}",
            "type": "proceedings-article",
            "issued": _date(year - 1),
            "container-title": [
                f"Proceedings of the {year - 1} International Conference on "
                + rng.choice(["Applied Science", "Data and Methods", "Life Sciences", "Engineering"])
            ],
            "page": f"{(p := rng.randint(1, 400))}-{p + rng.randint(3, 9)}",
        }
    )
    reprint = {
        **common,
        "DOI": f"10.5555/decoy.dup.{n}",
        "type": work.get("type") or "journal-article",
        "issued": _date(year + 3),
        "container-title": copy.deepcopy(work.get("container-title") or []),
    }
    if str(work.get("volume") or "").isdigit():
        reprint["volume"] = str(int(work["volume"]) + 3)
    reprint["page"] = f"{(q := rng.randint(1, 400))}-{q + rng.randint(5, 20)}"
    out.append(reprint)
    return out


def render(work: Work, style: str) -> str | None:
    """``work`` as a one-line reference in a CSL style, or ``None`` if it cannot be rendered."""
    from citekit.errors import CitekitError
    from citekit.exporters.csl import format_bibliography
    from citekit.resolve.convert import work_to_csl

    record = work_to_csl(work)
    record.pop("custom", None)
    for key in ("DOI", "URL", "abstract", "ISSN", "ISBN", "license", "keyword"):
        record.pop(key, None)  # a reference with its DOI would make matching trivial
    try:
        text = format_bibliography([record], style).strip()
    except CitekitError:
        return None
    text = re.sub(r"^\[\d+\]\s*|^\d+\.\s+", "", " ".join(text.split()))
    return text or None


def crossref_matching(data: Path) -> dict[str, list[tuple[str, str | None]]]:
    """The unstructured Crossref matching sets: ``{name: [(string, gold DOI or None)]}``."""
    folder = data / "reference-strings" / "crossref-matching" / "1_unstructured_analysis"
    sets: dict[str, list[tuple[str, str | None]]] = {}
    for path in sorted(folder.glob("*.json")):
        items = json.loads(path.read_text(encoding="utf-8"))["dataset"]
        pairs = []
        for item in items:
            gold = (item.get("target_gt") or {}).get("DOI")
            if isinstance(gold, list):
                gold = gold[0] if gold else None
            if item.get("ref_string"):
                pairs.append((str(item["ref_string"]), gold.lower() if isinstance(gold, str) else None))
        sets[path.stem] = pairs
    return sets


def reconstruct(text: str, doi: str) -> Work | None:
    """A minimal Crossref-shaped work from an APA reference string (title, authors, ...)."""
    from citekit.parsers.refs.reference import parse_reference

    parsed = parse_reference(text)
    title, year = parsed.get("title"), parsed.get("issued")
    authors = [a for a in parsed.get("author") or () if a.get("family")]
    if not title or not year or not authors:
        return None
    work: Work = {
        "DOI": doi,
        "type": "journal-article",
        "title": [title],
        "author": [{"family": a["family"], "given": a.get("given", "")} for a in authors],
        "issued": year,
    }
    for key in ("volume", "issue", "page"):
        if parsed.get(key):
            work[key] = parsed[key]
    if parsed.get("container-title"):
        work["container-title"] = [parsed["container-title"]]
    return work
