"""translation-server's routes on a real server on loopback, with a Crossref stand-in:
status codes and one-line messages as translation-server answers, Zotero items out."""

from __future__ import annotations

import json
import re
import socket
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette", reason="the serve extra is not installed")
pytest.importorskip("uvicorn", reason="the serve extra is not installed")

import requests

from tests.serve.conftest import Server, Site, running

FIXTURES = Path(__file__).parent.parent / "fixtures"
TEXT = "text/plain"
JSON = "application/json"


def post(server: Server, path: str, body: str | bytes, content_type: str = TEXT) -> requests.Response:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return requests.post(server.url + path, data=data, headers={"Content-Type": content_type}, timeout=30)


def one_line_problem(response: requests.Response, status: int, message: str | None = None) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/plain")
    assert len(response.text.strip().splitlines()) == 1
    if message is not None:
        assert response.text == message


# -- /search -------------------------------------------------------------------------


def test_search_doi_gives_a_zotero_journal_article(server: Server) -> None:
    response = post(server, "/search", "10.5555/mel.2015.012")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    (item,) = response.json()
    assert len(item["key"]) == 8 and item["version"] == 0
    assert item["itemType"] == "journalArticle"
    assert item["title"] == "Seasonal drift of pelagic larvae in upwelling systems"
    assert item["creators"] == [
        {"firstName": "Mei", "lastName": "Tanaka", "creatorType": "author"},
        {"firstName": "Rafael", "lastName": "Quintero", "creatorType": "author"},
    ]
    assert (item["publicationTitle"], item["journalAbbreviation"]) == ("Marine Ecology Letters", "Mar Ecol Lett")
    assert (item["volume"], item["issue"], item["pages"], item["date"]) == ("12", "1", "1-14", "2015-02")
    assert item["DOI"] == "10.5555/mel.2015.012" and item["tags"] == []


@pytest.mark.parametrize(
    "written", ["doi:10.5555/csh.2011.ch7", "https://doi.org/10.5555/csh.2011.ch7", " 10.5555/CSH.2011.CH7\n"]
)
def test_search_takes_a_doi_as_people_write_it(server: Server, written: str) -> None:
    (item,) = post(server, "/search", written).json()
    assert item["itemType"] == "bookSection" and item["bookTitle"] == "Coastal Systems Handbook"
    assert {"firstName": "Clara", "lastName": "Dumont", "creatorType": "editor"} in item["creators"]


def test_search_doi_crossref_does_not_know_is_501(server: Server) -> None:
    one_line_problem(post(server, "/search", "10.5555/does.not.exist"), 501, "No items returned from any translator")


def test_search_doi_only_datacite_holds(server: Server) -> None:
    (item,) = post(server, "/search", "10.5555/zenodo.900001").json()
    assert item["DOI"] == "10.5555/zenodo.900001" and item["title"]


@pytest.mark.parametrize(
    ("written", "item_type"),
    [
        ("39000001", "journalArticle"),  # a PMID counts when it is the whole text
        ("PMID: 39000001", "journalArticle"),
        ("PMC2300001", "journalArticle"),
        ("arXiv:2101.00001", "preprint"),
        ("2101.00001", "preprint"),
        ("978-2-213-01401-2", "book"),
    ],
)
def test_search_pmid_pmcid_arxiv_isbn_through_the_read_path(server: Server, written: str, item_type: str) -> None:
    response = post(server, "/search", written)
    assert response.status_code == 200, response.text
    (item,) = response.json()
    assert item["itemType"] == item_type and item["title"] and item["creators"]


@pytest.mark.parametrize("written", ["PMID: 11111111", "ISBN 9781555550028"])
def test_search_identifier_its_service_does_not_hold_is_501(server: Server, written: str) -> None:
    one_line_problem(post(server, "/search", written), 501, "No items returned from any translator")


def test_search_without_identifier_is_501_and_empty_is_400(server: Server) -> None:
    one_line_problem(post(server, "/search", "seasonal drift of larvae"), 501, "No identifiers found")
    one_line_problem(post(server, "/search", "  \n"), 400, "POST data not provided")
    one_line_problem(post(server, "/search", "10.5555/mel.2015.012", JSON), 415)


def test_search_identifier_the_read_path_does_not_know_is_501(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    # Whatever identifiers citekit.source.read learns, one it does not know answers 501.
    from citekit.serve import identify

    monkeypatch.setitem(identify.SPELLINGS, "PMID", "unknown-scheme:{}")
    one_line_problem(post(server, "/search", "PMID: 30571677"), 501, "No translators available")


def test_search_never_reads_a_local_file(server: Server, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from citekit.serve import identify

    secret = tmp_path / "secret.bib"
    secret.write_text("@article{x, title={Secret}}", encoding="utf-8")
    monkeypatch.setitem(identify.SPELLINGS, "ISBN", str(secret))  # an ISBN read() would take for that file
    response = post(server, "/search", "9781421402833")
    one_line_problem(response, 501)
    assert "Secret" not in response.text


def test_search_offline_is_503() -> None:
    with running(offline=True) as server:
        one_line_problem(post(server, "/search", "10.5555/mel.2015.012"), 503)
        one_line_problem(post(server, "/search", "PMID: 39000001"), 503)
        assert server.crossref.stats.requests == 0


def test_search_crossref_unreachable_is_502() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with running(crossref_url=f"http://127.0.0.1:{port}", timeout=2.0) as server:
        response = post(server, "/search", "10.5555/mel.2015.012")
        one_line_problem(response, 502)
        assert "connect" in response.text or "reach" in response.text


def test_fifty_concurrent_requests_are_all_answered(server: Server) -> None:
    dois = [
        "10.5555/mel.2015.012",
        "10.5555/csh.2011.ch7",
        "10.5555/jcg.2019.041",
        "10.5555/osm.2014.088",
        "10.5555/does.not.exist",
    ]
    with ThreadPoolExecutor(50) as pool:
        statuses = list(pool.map(lambda i: post(server, "/search", dois[i % len(dois)]).status_code, range(50)))
    assert statuses.count(200) == 40 and statuses.count(501) == 10


# -- /web ----------------------------------------------------------------------------


def test_web_article_page_is_read_and_resolved(server: Server, site: Site) -> None:
    response = post(server, "/web", f"{site.url}/article")
    assert response.status_code == 200, response.text
    (item,) = response.json()
    assert item["itemType"] == "journalArticle" and item["DOI"] == "10.5555/mel.2015.012"
    assert item["title"] == "Seasonal drift of pelagic larvae in upwelling systems"
    assert (item["volume"], item["pages"]) == ("12", "1-14")  # filled from Crossref
    assert item["url"] == f"{site.url}/article" and item["accessDate"][:2] == "20"


def test_web_page_with_only_a_title_is_a_webpage(server: Server, site: Site) -> None:
    (item,) = post(server, "/web", f"{site.url}/plain").json()
    assert item["itemType"] == "webpage"
    assert item["title"] == "Tide tables for the northern coast"
    assert item["abstractNote"] == "Daily tides, updated weekly."
    assert item["url"] == f"{site.url}/plain"


def test_web_translation_server_statuses(server: Server, site: Site) -> None:
    one_line_problem(post(server, "/web", f"{site.url}/nohead"), 501, "No translators available")
    one_line_problem(post(server, "/web", f"{site.url}/missing"), 400, "Remote page not found")
    one_line_problem(post(server, "/web", "not a url at all"), 400, "URL not provided")
    one_line_problem(post(server, "/web", "10.5555/mel.2015.012"), 400, "URL not provided")
    one_line_problem(post(server, "/web", ""), 400, "POST data not provided")
    one_line_problem(post(server, "/web", f"{site.url}/article", "application/xml"), 415)
    one_line_problem(post(server, "/web", f"{site.url}/feed.xml"), 400)
    binary = post(server, "/web", f"{site.url}/image.png")
    one_line_problem(binary, 400)
    assert "binary" in binary.text


def test_web_unreachable_site_is_502(server: Server) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    one_line_problem(post(server, "/web", f"http://127.0.0.1:{port}/page"), 502)


def test_web_on_a_server_open_to_others_refuses_its_own_network(site: Site) -> None:
    # public_only (the default of `citekit serve --host 0.0.0.0`): the loopback test site
    # stands for the server's own network; /cite's URLs go through the same fetcher.
    with running(public_only=True) as server:
        before = len(site.server.log)
        one_line_problem(
            post(server, "/web", f"{site.url}/article"),
            400,
            "An error occurred retrieving the document: 127.0.0.1 is at 127.0.0.1, not a public address;"
            " this server does not fetch it",
        )
        assert len(site.server.log) == before


def test_web_failing_page_with_a_doi_in_its_url_falls_back_to_the_doi(server: Server, site: Site) -> None:
    (item,) = post(server, "/web", f"{site.url}/doi/10.5555/mel.2015.012").json()
    assert item["DOI"] == "10.5555/mel.2015.012" and item["itemType"] == "journalArticle"


def test_web_doi_url_and_bibtex_file(server: Server, site: Site) -> None:
    (item,) = post(server, "/web", "https://doi.org/10.5555/csh.2011.ch7").json()
    assert item["itemType"] == "bookSection"
    (entry,) = post(server, "/web", f"{site.url}/refs.bib").json()
    assert entry["title"] == "A remote BibTeX file" and entry["publicationTitle"] == "J. Tests"


def test_web_selection_follow_up_translates_the_url_again(server: Server, site: Site) -> None:
    follow_up = {"url": f"{site.url}/article", "session": "abcdefghijklmno", "items": {"0": "Seasonal drift"}}
    (item,) = post(server, "/web", json.dumps(follow_up), JSON).json()
    assert item["DOI"] == "10.5555/mel.2015.012"
    one_line_problem(
        post(server, "/web", json.dumps({"url": f"{site.url}/article"}), JSON), 400, "'session' not provided"
    )


# -- /export and /import -------------------------------------------------------------


@pytest.fixture(scope="module")
def items(server: Server) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for doi in ("10.5555/mel.2015.012", "10.5555/csh.2011.ch7"):
        found += post(server, "/search", doi).json()
    return found


@pytest.mark.parametrize(
    ("fmt", "content_type", "start"),
    [
        ("bibtex", "application/x-bibtex", "@article{10.5555/mel.2015.012,"),
        ("biblatex", "application/x-bibtex", "@article{10.5555/mel.2015.012,"),
        ("ris", "application/x-research-info-systems", "TY  - JOUR"),
        ("csljson", "application/json", "["),
    ],
)
def test_export_formats(server: Server, items: list[dict[str, Any]], fmt: str, content_type: str, start: str) -> None:
    response = post(server, f"/export?format={fmt}", json.dumps(items), JSON)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == content_type
    assert response.text.lstrip().startswith(start)
    assert "Seasonal drift of pelagic larvae" in response.text and "Tidal inlets" in response.text


def test_export_csljson_round_trips_through_import(server: Server, items: list[dict[str, Any]]) -> None:
    csl = post(server, "/export?format=csljson", json.dumps(items), JSON).json()
    assert [r["type"] for r in csl] == ["article-journal", "chapter"]
    again = post(server, "/import", json.dumps(csl)).json()
    strip = ("key",)
    assert [{k: v for k, v in i.items() if k not in strip} for i in again] == [
        {k: v for k, v in i.items() if k not in strip} for i in items
    ]


def test_export_bad_input(server: Server, items: list[dict[str, Any]]) -> None:
    body = json.dumps(items)
    one_line_problem(post(server, "/export?format=mods", body, JSON), 400)
    one_line_problem(post(server, "/export", body, JSON), 400)
    one_line_problem(post(server, "/export?format=bibtex", body, TEXT), 415)
    one_line_problem(post(server, "/export?format=bibtex", "", JSON), 400, "POST data not provided")
    for bad in ("[]", "{}", "[{}]", '[{"title": "no type"}]', "not json", "[1, 2]"):
        one_line_problem(
            post(server, "/export?format=bibtex", bad, JSON), 400, "Input must be an array of items as JSON"
        )
    one_line_problem(post(server, "/export?format=ris", '[{"itemType": "book"}, "x"]', JSON), 400)
    one_line_problem(post(server, "/export?format=ris", '[{"itemType": ["book"]}]', JSON), 400)
    odd = post(server, "/export?format=ris", '[{"itemType": "book", "title": "T", "tags": 5, "creators": 1}]', JSON)
    assert odd.status_code == 200 and "TI  - T" in odd.text


def test_import_bibtex_ris_csljson_medline(server: Server) -> None:
    response = post(server, "/import", (FIXTURES / "bibtex" / "journal_articles.bib").read_text(encoding="utf-8"))
    assert response.status_code == 200
    assert response.headers["Zotero-Translator-ID"] == "9cb70025-a888-4a29-a210-93ec52da40d4"
    assert all(i["itemType"] and i["title"] for i in response.json()) and len(response.json()) >= 2
    ris = post(server, "/import", (FIXTURES / "ris" / "crlf_bom_zotero.ris").read_bytes())
    assert ris.status_code == 200 and ris.headers["Zotero-Translator-ID"] == "32d59d2d-b65a-4da4-b0a3-bdd3cfb979e7"
    medline = post(server, "/import", (FIXTURES / "ris" / "pubmed_export.nbib").read_text(encoding="utf-8")).json()
    assert medline[0]["itemType"] == "journalArticle" and medline[0]["PMID"]
    csl = post(server, "/import", (FIXTURES / "csljson" / "array.json").read_text(encoding="utf-8")).json()
    assert csl and all(i["itemType"] for i in csl)
    pubmed = post(server, "/import", (FIXTURES / "pubmed" / "two_articles_odd_dates.xml").read_text(encoding="utf-8"))
    assert pubmed.status_code == 200 and [i["itemType"] for i in pubmed.json()] == ["journalArticle"] * 2
    jats = post(server, "/import", (FIXTURES / "jats" / "nlm23_citation.nxml").read_text(encoding="utf-8")).json()
    assert jats[0]["itemType"] == "journalArticle" and jats[0]["title"]


def test_import_bad_input(server: Server) -> None:
    one_line_problem(
        post(server, "/import", "just a sentence, not a bibliography"), 400, "No suitable translators found"
    )
    one_line_problem(post(server, "/import", "<html><head><title>x</title></head></html>"), 400)
    one_line_problem(post(server, "/import", "<rss><channel/></rss>"), 400)
    one_line_problem(post(server, "/cite", "<rss><channel/></rss>"), 400)
    one_line_problem(post(server, "/import", ""), 400, "POST data not provided")
    one_line_problem(post(server, "/import", b"\xff\xfe\x00bad"), 400)
    one_line_problem(post(server, "/import", '[{"title": 1, "author": "nobody"'), 400)


def test_body_over_the_size_cap_is_413() -> None:
    with running(max_bytes=1024) as server:
        one_line_problem(post(server, "/import", "@misc{x, title={" + "a" * 2048 + "}}"), 413)


# -- the page's routes ---------------------------------------------------------------


def test_cite_mixes_identifiers_urls_and_references(server: Server, site: Site) -> None:
    text = "\n".join(
        [
            "10.5555/mel.2015.012",
            f"{site.url}/plain",
            "Okafor A, Brenner T. Glacial meltwater pulses and coastal sediment budgets. "
            "J Coast Geomorphol. 2019;41:211-229.",
            f"{site.url}/missing",
        ]
    )
    data = post(server, "/cite", text).json()
    assert [i["itemType"] for i in data["items"]] == ["journalArticle", "webpage", "journalArticle"]
    assert data["items"][2]["DOI"] == "10.5555/jcg.2019.041"
    assert data["problems"] == [f"{site.url}/missing: Remote page not found"]
    one_line_problem(post(server, "/cite", "   "), 400)


def test_bibliography_entries_in_style_order_with_their_index(server: Server, items: list[dict[str, Any]]) -> None:
    data = requests.post(f"{server.url}/bibliography?style=apa", json=items, timeout=30).json()
    assert data["style"] == "apa"
    assert [e["index"] for e in data["entries"]] == [0, 1]  # Tanaka before Vermeulen
    assert data["entries"][0]["text"].startswith("Tanaka, M., & Quintero, R. (2015).")
    assert "&amp;" in data["entries"][0]["html"] and "<i>" in data["entries"][0]["html"]
    ieee = requests.post(f"{server.url}/bibliography?style=ieee&locale=de-DE", json=items[::-1], timeout=30).json()
    assert ieee["entries"][0]["text"].startswith("[1]")
    bad = requests.post(f"{server.url}/bibliography?style=no-such-style", json=items, timeout=30)
    one_line_problem(bad, 400)


def test_styles_locales_and_the_page(server: Server) -> None:
    styles = requests.get(f"{server.url}/styles", params={"q": "nature"}, timeout=30).json()
    assert styles[0] == {"id": "nature", "title": "Nature"}
    assert "en-US" in requests.get(f"{server.url}/locales", timeout=30).json()
    page = requests.get(server.url + "/", timeout=30)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<textarea id="q" name="q"' in page.text and 'id="bibliography"' in page.text
    for asset in ("app.js", "style.css"):
        assert requests.get(f"{server.url}/static/{asset}", timeout=30).status_code == 200
    assert not re.search(r"""(?:src|href)=["'](?:https?:)?//""", page.text)  # no CDN: it works offline


def test_unknown_route_and_method(server: Server) -> None:
    assert requests.get(server.url + "/nowhere", timeout=30).status_code == 404
    assert requests.get(server.url + "/web", timeout=30).status_code == 405
