"""DataCite's REST API (``/dois/{doi}``, JSON:API) for the DOIs Crossref does not hold:
datasets, software, theses and preprints registered by repositories (Zenodo, arXiv,
Figshare, Dryad...).

The pipeline asks here only after Crossref has said a DOI given as an input does not
exist (:func:`rescue`); the answer is read by :mod:`citekit.parsers.datacite`.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

from citekit.errors import CitekitError, ReadError
from citekit.formats import MEDIA_TYPES
from citekit.record import Record, merge
from citekit.services import Lookups
from citekit.source import Source

__all__ = ["Rescue", "fetch_doi", "rescue"]


def fetch_doi(lookups: Lookups, doi: str, origin: str) -> Source | None:
    """DataCite's record of ``doi`` (JSON:API), or ``None`` when DataCite does not hold it.

    :param lookups: settings and clients.
    :param doi: a bare DOI.
    :param origin: the input as written.
    :raises ReadError: DataCite answers an error, cannot be reached, or is not asked (offline).
    """
    path = "dois/" + urllib.parse.quote(doi, safe="/:;()[]-._~")
    answer = lookups.client("datacite").get(path, origin=origin)
    if answer.status in (404, 410):
        return None
    if not answer.ok:
        raise ReadError(f"DataCite answered {answer.status}", origin=origin)
    return Source(text=answer.text, media_type=MEDIA_TYPES["datacite"], origin=origin)


@dataclass(frozen=True, slots=True)
class Rescue:
    """What DataCite said about a DOI Crossref does not know.

    :ivar record: the record filled from DataCite, or ``None``.
    :ivar why: when ``record`` is ``None``, the end of the failure line
        (" or DataCite", or why DataCite could not be asked).
    """

    record: Record | None
    why: str = ""


def rescue(record: Record, doi: str, lookups: Lookups | None = None) -> Rescue:
    """``record`` (a DOI given as an input, unknown to Crossref) filled from DataCite.

    :param record: the DOI-only record, marked ``doi-not-found`` by the resolver.
    :param doi: its DOI.
    :param lookups: settings and clients; ``None``: from the environment, for this call.
    :returns: the filled record (``custom.match`` says DataCite verified it), or why not.
    """
    from citekit.parsers.datacite import parse as parse_datacite

    own = lookups is None
    active = Lookups() if lookups is None else lookups
    origin = str((record.get("custom") or {}).get("origin") or doi)
    try:
        source = fetch_doi(active, doi, origin)
        found = parse_datacite(source) if source is not None else []
    except CitekitError as exc:
        return Rescue(None, f"; {exc}")
    finally:
        if own:
            active.close()
    if not found:
        return Rescue(None, " or DataCite")
    filled = merge({k: v for k, v in record.items() if k not in ("type", "id")}, found[0], source="datacite")
    custom = dict(filled.get("custom") or {})
    custom["match"] = {"status": "verified", "score": 1.0, "method": "doi", "reasons": ["DOI registered with DataCite"]}
    filled["custom"] = custom
    filled["id"] = str(found[0].get("id") or record.get("id"))
    return Rescue(filled)
