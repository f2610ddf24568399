"""ISBNs through Open Library: ``/isbn/{isbn}.json`` (the edition, reached by redirect),
its authors (``/authors/OL…A.json``) and, when the edition names none, its work's.

The three kinds of document come back as one JSON document, ``{"edition": …, "work": …,
"authors": [...]}``, each part exactly as Open Library sent it; that is what the
``openlibrary`` parser reads.
"""

from __future__ import annotations

import json
import re
from typing import Any

from citekit.errors import ReadError
from citekit.formats import MEDIA_TYPES
from citekit.services import Lookups
from citekit.services.client import ServiceClient
from citekit.source import Source

__all__ = ["MAX_AUTHORS", "fetch_isbn"]

MAX_AUTHORS = 30
_KEY = re.compile(r"^/(authors|works)/OL\d{1,12}[AW]$")


def _document(client: ServiceClient, path: str, origin: str) -> dict[str, Any] | None:
    """The JSON object at ``path``; ``None`` when Open Library says it has none."""
    answer = client.get(path, origin=origin)
    if answer.status in (404, 410):
        return None
    if not answer.ok:
        raise ReadError(f"Open Library answered {answer.status}", origin=origin)
    try:
        value = json.loads(answer.text)
    except ValueError as exc:
        raise ReadError(f"Open Library sent something that is not JSON for {path}", origin=origin) from exc
    if not isinstance(value, dict):
        raise ReadError(f"Open Library sent an unexpected answer for {path}", origin=origin)
    return value


def _keys(items: Any, nested: bool) -> list[str]:
    keys: list[str] = []
    for item in items if isinstance(items, list) else []:
        holder = item.get("author") if nested and isinstance(item, dict) else item
        key = holder.get("key") if isinstance(holder, dict) else None
        if isinstance(key, str) and _KEY.match(key) and key not in keys:
            keys.append(key)
    return keys


def fetch_isbn(lookups: Lookups, isbn: str, origin: str) -> Source:
    """Open Library's edition of ``isbn`` with its authors (and work, when needed).

    :param lookups: settings and clients.
    :param isbn: 10 or 13 digits (``X`` allowed last).
    :param origin: the input as written.
    :returns: a Source in format ``openlibrary``.
    :raises ReadError: Open Library does not know the ISBN, answers an error, or cannot be reached.
    """
    client = lookups.client("openlibrary")
    edition = _document(client, f"isbn/{isbn}.json", origin)
    if edition is None or not edition.get("title"):
        raise ReadError(f"ISBN {isbn} not found in Open Library", origin=origin)
    keys = _keys(edition.get("authors"), nested=False)
    work: dict[str, Any] | None = None
    works = _keys(edition.get("works"), nested=False)
    if not keys and works:
        work = _document(client, f"{works[0].lstrip('/')}.json", origin)
        keys = _keys((work or {}).get("authors"), nested=True)
    authors: list[dict[str, Any]] = []
    missing: list[str] = []
    for key in keys[:MAX_AUTHORS]:
        author = _document(client, f"{key.lstrip('/')}.json", origin)
        if author is None:
            missing.append(key)
        else:
            authors.append(author)
    envelope: dict[str, Any] = {"edition": edition, "authors": authors}
    if work is not None:
        envelope["work"] = work
    if missing:
        envelope["missing"] = missing
    return Source(text=json.dumps(envelope, ensure_ascii=False), media_type=MEDIA_TYPES["openlibrary"], origin=origin)
