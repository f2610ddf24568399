"""Loopback stand-ins of the identifier services over the test fixtures, and lookup
settings pointing at them. Nothing here reaches the network."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citekit.resolve.limiter import Backoff
from citekit.services import Lookups
from citekit.testing_services import ArxivStandIn, DataCiteStandIn, OpenLibraryStandIn, PubMedStandIn, serve
from tests.conftest import FIXTURES


class Sleeps:
    """A fake ``sleep`` that records what would have been waited."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def pubmed_standin(**kw: Any) -> PubMedStandIn:
    """NCBI E-utilities over tests/fixtures/pubmed and the JATS fixture as PMC2300001."""
    documents = [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "pubmed").glob("*.xml"))]
    jats = (FIXTURES / "jats" / "nlm23_citation.nxml").read_text(encoding="utf-8")
    article = jats[jats.index("<article") :]
    return PubMedStandIn(documents, {"PMC2300001": article}, **kw)


def arxiv_standin(**kw: Any) -> ArxivStandIn:
    """The arXiv API over tests/fixtures/arxiv."""
    return ArxivStandIn([p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "arxiv").glob("*.xml"))], **kw)


def openlibrary_standin(**kw: Any) -> OpenLibraryStandIn:
    """Open Library over tests/fixtures/openlibrary (the envelope's parts and standin.json)."""
    envelope = json.loads((FIXTURES / "openlibrary" / "skocpol.json").read_text(encoding="utf-8"))
    more = json.loads((FIXTURES / "openlibrary" / "standin.json").read_text(encoding="utf-8"))
    return OpenLibraryStandIn([envelope["edition"], *envelope["authors"], *more], **kw)


def datacite_standin(**kw: Any) -> DataCiteStandIn:
    """DataCite over tests/fixtures/datacite."""
    paths = [p for p in sorted((FIXTURES / "datacite").glob("*.json")) if not p.name.endswith(".expected.json")]
    records = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    return DataCiteStandIn([r["data"]["attributes"] for r in records], **kw)


@dataclass
class Services:
    """The four stand-ins, their base URLs and a fake sleep for the backoff."""

    pubmed: PubMedStandIn
    arxiv: ArxivStandIn
    openlibrary: OpenLibraryStandIn
    datacite: DataCiteStandIn
    urls: dict[str, str]
    sleeps: Sleeps

    def lookups(self, **kw: Any) -> Lookups:
        """Lookup settings pointing at the stand-ins (no waiting between retries)."""
        options: dict[str, Any] = {
            "pubmed_url": self.urls["pubmed"],
            "arxiv_url": self.urls["arxiv"],
            "openlibrary_url": self.urls["openlibrary"],
            "datacite_url": self.urls["datacite"],
            "backoff": Backoff(retries=3, sleep=self.sleeps),
            "use_cache": False,
        }
        options.update(kw)
        return Lookups(**options)

    def options(self) -> list[str]:
        """The command-line options pointing at the stand-ins."""
        return [
            "--pubmed-url",
            self.urls["pubmed"],
            "--arxiv-url",
            self.urls["arxiv"],
            "--openlibrary-url",
            self.urls["openlibrary"],
            "--datacite-url",
            self.urls["datacite"],
        ]


@contextlib.contextmanager
def services(**kw: Any) -> Iterator[Services]:
    """All four stand-ins on loopback (``kw`` goes to the PubMed one)."""
    stands = (pubmed_standin(**kw), arxiv_standin(), openlibrary_standin(), datacite_standin())
    with contextlib.ExitStack() as stack:
        urls = [stack.enter_context(serve(s)) for s in stands]
        names = ("pubmed", "arxiv", "openlibrary", "datacite")
        yield Services(*stands, urls=dict(zip(names, urls, strict=True)), sleeps=Sleeps())


def fixture_path(*parts: str) -> Path:
    """A path under tests/fixtures."""
    return FIXTURES.joinpath(*parts)
