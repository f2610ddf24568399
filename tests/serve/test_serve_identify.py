"""What /search and /web take: identifiers in Zotero's order of preference, URLs as
translation-server recognises them."""

from __future__ import annotations

import pytest

from citekit.serve.identify import Identifier, as_url, extract


@pytest.mark.parametrize(
    ("text", "kind", "value", "read_as"),
    [
        ("10.5555/mel.2015.012", "DOI", "10.5555/mel.2015.012", "10.5555/mel.2015.012"),
        ("doi:10.5555/mel.2015.012.", "DOI", "10.5555/mel.2015.012", "10.5555/mel.2015.012"),
        ("see https://doi.org/10.1000/xyz123 here", "DOI", "10.1000/xyz123", "10.1000/xyz123"),
        ("978-1-4214-0283-3", "ISBN", "9781421402833", "ISBN:9781421402833"),
        ("ISBN 0 306 40615 2", "ISBN", "0306406152", "ISBN:0306406152"),
        ("arXiv:2101.00001v2", "arXiv", "2101.00001", "arXiv:2101.00001"),
        ("hep-th/9901001", "arXiv", "hep-th/9901001", "arXiv:hep-th/9901001"),
        ("PMC1234567", "PMCID", "PMC1234567", "PMC1234567"),
        ("pmcid: pmc1234567", "PMCID", "PMC1234567", "PMC1234567"),
        ("30571677", "PMID", "30571677", "PMID:30571677"),
        ("pmid:30571677 ", "PMID", "30571677", "PMID:30571677"),
    ],
)
def test_identifiers(text: str, kind: str, value: str, read_as: str) -> None:
    found = extract(text)
    assert found == Identifier(kind, value)
    assert found.input == read_as


@pytest.mark.parametrize(
    "text",
    ["", "Seasonal drift of pelagic larvae", "30571677 and more words", "978-1-4214-0283-4", "PMC", "12.34"],
)
def test_no_identifier(text: str) -> None:
    assert extract(text) is None  # a PMID counts only alone; an ISBN needs its check digit


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("https://example.org/a?b=c", "https://example.org/a?b=c"),
        ("example.org/article/1", "http://example.org/article/1"),
        ("127.0.0.1:8080/page", "http://127.0.0.1:8080/page"),
        ("  HTTP://EXAMPLE.ORG  ", "HTTP://EXAMPLE.ORG"),
        ("not a url", None),
        ("10.5555/mel.2015.012", None),
        ("localhost/page", None),
        ("example.org/two words", None),
    ],
)
def test_urls(text: str, url: str | None) -> None:
    assert as_url(text) == url
