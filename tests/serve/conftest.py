"""The server on loopback: uvicorn on a free port with a Crossref stand-in behind it, and a
small web site of test pages for /web. Nothing here reaches the network."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.conftest import standin

ARTICLE = """<!doctype html><html><head><title>Seasonal drift | MEL</title>
<meta name="citation_title" content="Seasonal drift of pelagic larvae in upwelling systems">
<meta name="citation_author" content="Tanaka, Mei"><meta name="citation_author" content="Quintero, Rafael">
<meta name="citation_journal_title" content="Marine Ecology Letters">
<meta name="citation_doi" content="10.5555/mel.2015.012">
<meta name="citation_publication_date" content="2015/02/01">
</head><body><h1>Seasonal drift of pelagic larvae in upwelling systems</h1></body></html>"""
PLAIN = """<!doctype html><html><head><title>Tide tables for the northern coast</title>
<meta name="description" content="Daily tides, updated weekly."></head><body><p>Tables.</p></body></html>"""
NO_HEAD = "<p>no head, no title, nothing to cite</p>"
BIBTEX = "@article{doe2020, title={A remote BibTeX file}, author={Doe, Jane}, journal={J. Tests}, year={2020}}\n"


@dataclass
class Site:
    """The test site's base URL and the server object (for its request log)."""

    url: str
    server: Any


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    """Pages on loopback for /web: an article, a plain page, a page with no head, a
    BibTeX file, a PNG, a 404, a 403 whose URL holds a DOI."""
    from pytest_httpserver import HTTPServer

    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    html = "text/html; charset=utf-8"
    server.expect_request("/robots.txt").respond_with_data("not here", status=404)
    server.expect_request("/article").respond_with_data(ARTICLE, content_type=html)
    server.expect_request("/plain").respond_with_data(PLAIN, content_type=html)
    server.expect_request("/nohead").respond_with_data(NO_HEAD, content_type=html)
    server.expect_request("/refs.bib").respond_with_data(BIBTEX, content_type="application/x-bibtex")
    server.expect_request("/image.png").respond_with_data(
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, content_type="image/png"
    )
    server.expect_request("/feed.xml").respond_with_data("<rss><channel/></rss>", content_type="application/xml")
    server.expect_request("/missing").respond_with_data("Not Found", status=404)
    server.expect_request("/doi/10.5555/mel.2015.012").respond_with_data("Forbidden", status=403)
    try:
        yield Site(server.url_for("").rstrip("/"), server)
    finally:
        server.clear()
        server.stop()


@dataclass
class Server:
    """A running citekit server: its base URL and the stand-ins behind it (Crossref; the
    identifier services: PubMed, arXiv, Open Library, DataCite)."""

    url: str
    crossref: Any
    services: Any


@contextlib.contextmanager
def running(**settings: Any) -> Iterator[Server]:
    """A citekit server over fresh stand-ins (no answer cache, no pacing)."""
    from citekit.serve.app import create_app, serving
    from citekit.serve.work import Settings
    from citekit.testing import serve
    from tests.services.conftest import services

    crossref = standin()
    with serve(crossref) as crossref_url, services() as stands:
        options: dict[str, Any] = {
            "crossref_url": crossref_url,
            "mailto": "test@example.org",
            "use_cache": False,
            "per_host_interval": 0.0,
            "timeout": 5.0,
        }
        options.update(settings)
        # Explicit service URLs: a module-scoped server starts before the autouse fixture
        # that points the services' environment variables at a closed port.
        with stands.lookups(offline=options.get("offline", False), timeout=options["timeout"]) as lookups:
            app = create_app(Settings(lookups=lookups, **options))
            with serving(app) as url:
                yield Server(url, crossref, stands)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    """One citekit server for a test module."""
    with running() as started:
        yield started
