"""PubMed and PubMed Central through NCBI E-utilities ``efetch``.

A PMID becomes PubMed's own record, as PubMed XML (``db=pubmed``, a
``PubmedArticleSet`` holding one ``PubmedArticle`` or ``PubmedBookArticle``); a PMCID
becomes PMC's JATS article (``db=pmc``: the full text where the publisher allows it, the
front matter otherwise), which the JATS reader takes. Every request names the tool and,
when known, a contact address, as NCBI asks; an API key raises the pace from 3 to 10
requests per second.
"""

from __future__ import annotations

import re

from citekit.errors import ReadError
from citekit.formats import MEDIA_TYPES
from citekit.services import Lookups
from citekit.services.client import Answer
from citekit.source import Source

__all__ = ["fetch_pmc", "fetch_pubmed"]

_RECORD = re.compile(r"<(?:PubmedArticle|PubmedBookArticle)[\s>]")
_ARTICLE = re.compile(r"<article[\s>]")
_ERROR = re.compile(r"<(?:ERROR|error)\b[^>]*>([^<]{1,300})<")


def _params(lookups: Lookups, db: str, uid: str) -> dict[str, str]:
    params = {"db": db, "id": uid, "retmode": "xml", "tool": "citekit"}
    if lookups.mailto:
        params["email"] = lookups.mailto
    if lookups.ncbi_api_key:
        params["api_key"] = lookups.ncbi_api_key
    return params


def _efetch(lookups: Lookups, db: str, uid: str, origin: str) -> Answer:
    answer = lookups.client("pubmed").get("efetch.fcgi", _params(lookups, db, uid), origin=origin)
    if not answer.ok and answer.status != 400:
        raise ReadError(f"NCBI E-utilities answered {answer.status}", origin=origin)
    return answer


def _said(answer: Answer) -> str:
    """What an error answer says, in a few words (NCBI's <ERROR> or JSON ``error``)."""
    match = _ERROR.search(answer.text) or re.search(r'"error"\s*:\s*"([^"]{1,300})"', answer.text)
    return " ".join(match.group(1).split()) if match else ""


def fetch_pubmed(lookups: Lookups, pmid: str, origin: str) -> Source:
    """PubMed's record of ``pmid`` as PubMed XML.

    :param lookups: settings and clients.
    :param pmid: digits only.
    :param origin: the input as written.
    :returns: a Source in format ``pubmed``.
    :raises ReadError: PubMed does not know the PMID, answers an error, or cannot be reached.
    """
    answer = _efetch(lookups, "pubmed", pmid, origin)
    if answer.ok and _RECORD.search(answer.text):
        return Source(text=answer.text, media_type=MEDIA_TYPES["pubmed"], origin=origin)
    said = _said(answer)
    raise ReadError(f"PMID {pmid} not found in PubMed" + (f" ({said})" if said else ""), origin=origin)


def fetch_pmc(lookups: Lookups, pmcid: str, origin: str) -> Source:
    """PMC's JATS article of ``pmcid``.

    :param lookups: settings and clients.
    :param pmcid: ``PMC`` and digits.
    :param origin: the input as written.
    :returns: a Source in format ``jats``.
    :raises ReadError: PMC does not know the PMCID, answers an error, or cannot be reached.
    """
    answer = _efetch(lookups, "pmc", pmcid.removeprefix("PMC"), origin)
    if answer.ok and _ARTICLE.search(answer.text):
        return Source(text=answer.text, media_type=MEDIA_TYPES["jats"], origin=origin)
    said = _said(answer)
    raise ReadError(f"{pmcid} not found in PubMed Central" + (f" ({said})" if said else ""), origin=origin)
