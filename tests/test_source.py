from __future__ import annotations

import io
from pathlib import Path

import pytest

from citekit import source as readmod
from citekit.errors import ReadError


def test_reads_a_file_and_detects_its_format(tmp_path: Path) -> None:
    page = tmp_path / "page.xml"  # the suffix lies; the content decides
    page.write_text("<html><head><meta name='citation_title' content='T'></head></html>", encoding="utf-8")
    source = readmod.read(page)
    assert source.format == "html" and source.origin == str(page)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("refs.jsonl", '{"id": "a", "type": "book"}\n{"id": "b", "type": "book"}\n', "jsonl"),
        ("pubmed.nbib", "PMID- 31452104\nOWN - NLM\nTI  - A title.\n", "ris"),
        ("old.ris", "TY - JOUR\nTI - A title\nER -\n", "ris"),
    ],
)
def test_detects_json_lines_medline_and_loose_ris(tmp_path: Path, name: str, text: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    assert readmod.read(path).format == expected


def test_decodes_by_declared_charset(tmp_path: Path) -> None:
    page = tmp_path / "latin.html"
    page.write_bytes(
        '<html><head><meta charset="iso-8859-1"><title>Hématopoïèse</title></head></html>'.encode("latin-1")
    )
    assert "Hématopoïèse" in readmod.read(page).text


def test_decodes_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "refs.txt"
    path.write_bytes("\ufeffSmith J. Über alles. 2020.".encode("utf-16"))
    assert readmod.read(path).text.startswith("Smith J. Über")


def test_missing_file_is_a_one_line_read_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as info:
        readmod.read(tmp_path / "nope.html")
    assert info.value.describe() == f"{tmp_path / 'nope.html'}: no such file"


@pytest.mark.parametrize(
    ("data", "phrase"),
    [
        (bytes(range(256)) * 8, "binary data"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        (b"%PDF-1.7\n%\xe2\xe3", "a PDF file"),
        (b"   \n\n", "empty file"),
    ],
)
def test_junk_is_refused(tmp_path: Path, data: bytes, phrase: str) -> None:
    path = tmp_path / "junk.bin"
    path.write_bytes(data)
    with pytest.raises(ReadError, match=phrase):
        readmod.read(path)


def test_directory_is_refused_by_read_but_expanded(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("x")
    (tmp_path / "1.html").write_text("x")
    (tmp_path / ".hidden").write_text("x")
    with pytest.raises(ReadError, match="is a directory"):
        readmod.read(tmp_path)
    assert list(readmod.expand([str(tmp_path)])) == [str(tmp_path / "1.html"), str(tmp_path / "b" / "2.txt")]


def test_expand_reads_list_files(tmp_path: Path) -> None:
    listing = tmp_path / "inputs.txt"
    listing.write_text("# my inputs\na.html\n\n10.5555/123\nhttps://example.org/x\n")
    assert list(readmod.expand([f"@{listing}", "-"])) == ["a.html", "10.5555/123", "https://example.org/x", "-"]


def test_stdin() -> None:
    source = readmod.read("-", stdin=io.BytesIO(b"@article{k, title={T}}"))
    assert source.origin == "-" and source.format == "bibtex"


def test_doi_inputs() -> None:
    assert readmod.is_doi("10.5555/12345678")
    assert readmod.is_doi("https://doi.org/10.5555/12345678")
    assert not readmod.is_doi("see 10.5555/12345678")
    source = readmod.read("doi:10.5555/12345678")
    assert source.format == "doi" and source.text == "10.5555/12345678"


def test_urls_are_fetched_with_a_user_agent_and_charset(httpserver) -> None:  # type: ignore[no-untyped-def]
    httpserver.expect_request("/article", headers={"User-Agent": readmod.USER_AGENT}).respond_with_data(
        "<html><head><title>Ça</title></head></html>".encode("latin-1"), content_type="text/html; charset=ISO-8859-1"
    )
    source = readmod.read(httpserver.url_for("/article"))
    assert "Ça" in source.text and source.format == "html"


def test_url_errors_are_read_errors(httpserver) -> None:  # type: ignore[no-untyped-def]
    httpserver.expect_request("/gone").respond_with_data("missing", status=404)
    with pytest.raises(ReadError, match="HTTP 404"):
        readmod.read(httpserver.url_for("/gone"))


def test_url_size_cap(httpserver) -> None:  # type: ignore[no-untyped-def]
    httpserver.expect_request("/big").respond_with_data("x" * 5000, content_type="text/plain")
    with pytest.raises(ReadError, match="limit"):
        readmod.read(httpserver.url_for("/big"), max_bytes=1000)


def test_closed_port_is_a_read_error() -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(ReadError) as caught:
        readmod.read(f"http://127.0.0.1:{port}/x", timeout=2)
    # A few words, not urllib3's nested "HTTPConnectionPool(...): Max retries exceeded" repr.
    assert caught.value.describe() == f"http://127.0.0.1:{port}/x: cannot fetch: connection refused"
