"""DataCite JSON: what its free-text ``sizes`` give."""

from __future__ import annotations

import json

from citekit.parsers.datacite import parse
from citekit.source import Source


def _record(**attributes: object) -> dict:
    attrs = {"titles": [{"title": "A work"}], "schemaVersion": "http://datacite.org/schema/kernel-4", **attributes}
    text = json.dumps({"data": {"type": "dois", "attributes": attrs}})
    (record,) = parse(Source(text=text, media_type="application/vnd.datacite.datacite+json", origin="test"))
    return record


def test_sizes_give_pages_a_page_count_or_dimensions() -> None:
    assert _record(sizes=["42-79 Seiten"])["page"] == "42-79"
    assert _record(sizes=["33\u201352 Pages"])["page"] == "33-52"
    book = _record(sizes=["120 pages"])
    assert book["number-of-pages"] == "120" and "page" not in book
    data = _record(sizes=["3.2 MB", "2 files"])
    assert "page" not in data and "number-of-pages" not in data
    # Pages the container gives win over a range in sizes.
    article = _record(container={"type": "Journal", "title": "J", "firstPage": "5", "lastPage": "9"}, sizes=["1-2"])
    assert article["page"] == "5-9"
