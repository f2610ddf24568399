"""arXiv through its API (``/query?id_list=…``): an Atom feed with one entry per id.

arXiv's terms ask for no more than one request every three seconds, on one connection at
a time. A malformed id comes back as an entry whose ``<id>`` is under
``arxiv.org/api/errors``; an id arXiv does not hold as a feed with no entry (or an entry
with no title).
"""

from __future__ import annotations

import re

from citekit.errors import ReadError
from citekit.formats import MEDIA_TYPES
from citekit.services import Lookups
from citekit.source import Source

__all__ = ["fetch_arxiv"]

_ENTRY = re.compile(r"<entry[\s>](.*?)</entry>", re.DOTALL)
_ID = re.compile(r"<id>\s*([^<]*?)\s*</id>")
_TITLE = re.compile(r"<title[^>]*>\s*([^<]*?)\s*</title>", re.DOTALL)
_SUMMARY = re.compile(r"<summary[^>]*>\s*([^<]*?)\s*</summary>", re.DOTALL)


def fetch_arxiv(lookups: Lookups, arxiv_id: str, origin: str) -> Source:
    """arXiv's Atom entry for ``arxiv_id``.

    :param lookups: settings and clients.
    :param arxiv_id: ``2101.00001``, ``2101.00001v2`` or ``hep-th/9901001``.
    :param origin: the input as written.
    :returns: a Source in format ``arxiv``.
    :raises ReadError: arXiv rejects or does not hold the id, answers an error, or cannot be reached.
    """
    answer = lookups.client("arxiv").get("query", {"id_list": arxiv_id, "max_results": "1"}, origin=origin)
    entry = _ENTRY.search(answer.text) if "<feed" in answer.text else None
    if entry is not None:
        ident = _ID.search(entry.group(1))
        if ident and "/api/errors" in ident.group(1):
            summary = _SUMMARY.search(entry.group(1))
            why = " ".join(summary.group(1).split()) if summary else "malformed id"
            raise ReadError(f"arXiv rejected the id: {why}", origin=origin)
        title = _TITLE.search(entry.group(1))
        if answer.ok and title and title.group(1).strip():
            return Source(text=answer.text, media_type=MEDIA_TYPES["arxiv"], origin=origin)
    if not answer.ok:
        raise ReadError(f"arXiv answered {answer.status}", origin=origin)
    raise ReadError(f"arXiv:{arxiv_id} not found in arXiv", origin=origin)
