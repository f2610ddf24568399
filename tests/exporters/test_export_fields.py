"""Fields the clients read wrongly before: two URLs, dates before the common era, article
numbers, patents in classic BibTeX."""

from __future__ import annotations

from typing import Any

from citekit.exporters.bibtex import dumps, dumps_biblatex, entry_fields
from citekit.exporters.ris import dumps as dumps_ris
from citekit.parsers.bibtex import parse_text

TWO_URLS: dict[str, Any] = {
    "id": "a",
    "type": "article-journal",
    "title": "T",
    "URL": "https://example.org/a https://example.org/b",
}


def test_two_urls_are_not_joined_into_one() -> None:
    fields = dict(entry_fields(TWO_URLS)[1])
    assert fields["url"] == "{https://example.org/a}" and fields["note"] == "{https://example.org/b}"
    ris = dumps_ris([TWO_URLS])
    assert "UR  - https://example.org/a\nUR  - https://example.org/b\n" in ris
    # text with spaces that is not a list of URLs is left as it is
    assert "UR  - see the archive\n" in dumps_ris([{**TWO_URLS, "URL": "see the archive"}])


def test_dates_before_the_common_era() -> None:
    plato = {"id": "p", "type": "book", "title": "Laws", "issued": {"date-parts": [[-348]]}}
    # biblatex reads ISO 8601 years, which count a year 0: 348 BC is -0347
    assert "date = {-0347}" in dumps_biblatex([plato])
    assert parse_text(dumps_biblatex([plato]))[0]["issued"] == {"date-parts": [[-348]]}
    assert parse_text(dumps([plato]))[0]["issued"] == {"date-parts": [[-348]]}


def test_article_number_goes_where_readers_print_it() -> None:
    record = {"id": "n", "type": "article-journal", "title": "T", "container-title": "J", "number": "e0123456"}
    assert dict(entry_fields(record)[1])["pages"] == "{e0123456}"
    with_pages = dict(entry_fields({**record, "page": "1-9"})[1])
    assert with_pages["pages"] == "{1--9}" and with_pages["eid"] == "{e0123456}"


def test_patent_is_a_misc_entry_in_classic_bibtex() -> None:
    record = {"id": "p", "type": "patent", "title": "Apparatus", "number": "US 1"}
    assert dumps([record]).startswith("@misc{p,") and "type = {Patent}" in dumps([record])
    assert dumps_biblatex([record]).startswith("@patent{p,")
    assert parse_text(dumps([record]))[0]["type"] == "patent"
