"""Identifier inputs: a DOI given on the command line becomes a record holding only the
DOI, which resolution fills from Crossref (and which stays marked unresolved offline)."""

from __future__ import annotations

from citekit.record import Record, normalize, normalize_doi
from citekit.source import Source

__all__ = ["parse"]


def parse(source: Source) -> list[Record]:
    """One record ``{"DOI": ...}`` for a DOI input.

    :param source: a source whose text is a DOI.
    :returns: a single record, typed ``article`` until Crossref says otherwise.
    """
    doi = normalize_doi(source.text)
    if not doi:
        return []
    return [normalize({"DOI": doi}, default_type="article")]
