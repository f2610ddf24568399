"""arXiv ids through an arXiv API stand-in and ISBNs through an Open Library stand-in;
golden pairs for their documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from citekit.errors import ParseError, ReadError
from citekit.formats import MEDIA_TYPES
from citekit.parsers import parse
from citekit.parsers.arxiv import parse as parse_arxiv
from citekit.parsers.openlibrary import parse as parse_openlibrary
from citekit.services.arxiv import fetch_arxiv
from citekit.source import Source, read
from tests.conftest import FIXTURES, assert_golden
from tests.services.conftest import services

DOCUMENTS = [FIXTURES / "arxiv" / "two_papers.xml", FIXTURES / "openlibrary" / "skocpol.json"]


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.parent.name for p in DOCUMENTS])
def test_golden(path: Path) -> None:
    source = read(str(path))
    chosen = parse_arxiv if source.format == "arxiv" else parse_openlibrary
    assert_golden(path, chosen(source))


def test_an_arxiv_id_reads_as_its_atom_entry() -> None:
    with services() as s, s.lookups() as lookups:
        source = read("arXiv:2101.00001", lookups=lookups)
    assert source.format == "arxiv"
    (record,) = parse(source)
    assert record["type"] == "article" and record["number"] == "arXiv:2101.00001"
    assert record["DOI"] == "10.48550/arXiv.2101.00001" and record["version"] == "2"
    assert record["custom"]["arxiv"]["doi"] == "10.5555/jex.2022.17"  # the published version, kept apart
    assert record["author"][0] == {"family": "Lovelace", "given": "Ada M."}
    assert "id_list=2101.00001" in s.arxiv.log[0][1] and "max_results=1" in s.arxiv.log[0][1]


def test_old_style_and_versioned_arxiv_ids() -> None:
    with services() as s, s.lookups(rates={"arxiv": 50.0}) as lookups:
        (old,) = parse(read("arXiv:hep-th/9901001", lookups=lookups))
        (versioned,) = parse(read("arXiv:2101.00001v2", lookups=lookups))
    assert old["number"] == "arXiv:hep-th/9901001" and old["author"][0]["family"] == "de la Fontaine"
    assert versioned["URL"] == "https://arxiv.org/abs/2101.00001"


def test_arxiv_failures() -> None:
    with services() as s, s.lookups(rates={"arxiv": 50.0}) as lookups:
        with pytest.raises(ReadError) as unknown:
            read("arXiv:2101.99999", lookups=lookups)
        with pytest.raises(ReadError) as malformed:
            fetch_arxiv(lookups, "not-an-id", "arXiv:not-an-id")
    assert unknown.value.describe() == "arXiv:2101.99999: arXiv:2101.99999 not found in arXiv"
    assert str(malformed.value) == "arXiv rejected the id: incorrect id format for not-an-id"


def test_arxiv_is_asked_one_request_every_three_seconds() -> None:
    with services() as s, s.lookups() as lookups:
        client = lookups.client("arxiv")
    assert client.limiter.rate == pytest.approx(1 / 3) and client.gate.limit == 1


def test_an_atom_feed_not_from_arxiv_is_refused() -> None:
    feed = '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>urn:uuid:1</id><title>News</title></entry></feed>'
    with pytest.raises(ParseError, match="not arXiv's"):
        parse_arxiv(Source(feed, MEDIA_TYPES["arxiv"], "feed.xml"))


def test_an_isbn_reads_as_its_open_library_edition() -> None:
    with services() as s, s.lookups() as lookups:
        source = read("ISBN:978-2-213-01401-2", lookups=lookups)
    assert source.format == "openlibrary"
    (record,) = parse(source)
    assert record["type"] == "book" and record["author"] == [{"family": "Skocpol", "given": "Theda"}]
    assert record["ISBN"] == "9782213014012" and record["publisher"] == "Fayard"
    paths = [path for _, path in s.openlibrary.log]
    assert paths == ["/isbn/9782213014012.json", "/books/OL9000001M.json", "/authors/OL9000001A.json"]


def test_an_edition_without_authors_takes_its_works() -> None:
    with services() as s, s.lookups(rates={"openlibrary": 50.0}) as lookups:
        (record,) = parse(read("ISBN:1-55555-001-0", lookups=lookups))
    assert record["author"] == [{"family": "Hopper", "given": "Grace B."}]
    assert record["abstract"] == "How compilers are taught, by example."
    assert record["custom"]["warnings"] == ["author /authors/OL9000404A not found in Open Library"]
    assert "/works/OL9000002W.json" in [path for _, path in s.openlibrary.log]


def test_an_unknown_isbn_fails_in_one_line() -> None:
    with services() as s, s.lookups() as lookups, pytest.raises(ReadError) as error:
        read("ISBN:9781555550028", lookups=lookups)
    assert error.value.describe() == "ISBN:9781555550028: ISBN 9781555550028 not found in Open Library"
