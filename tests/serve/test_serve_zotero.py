"""The CSL ↔ Zotero tables (citekit.formats.zotero) and conversions (citekit.serve.items),
checked against Zotero's rules: type-specific fields, primary creators, Extra."""

from __future__ import annotations

import re
from typing import Any

import pytest

from citekit.formats.zotero import (
    CREATOR_ROLES,
    CSL_DATES,
    CSL_FIELDS,
    CSL_TYPES,
    ITEM_TYPES,
    NON_WORKS,
    ZOTERO_TYPES,
    base_field,
    creator_types,
    field_for,
    fields_of,
    primary_creator,
)
from citekit.record import CSL_TYPES as CSL_TYPE_NAMES
from citekit.record import DATE_VARIABLES, NAME_VARIABLES, NUMBER_VARIABLES, STRING_VARIABLES, validate
from citekit.resolve.convert import work_to_csl
from citekit.serve.items import from_item, from_items, item_key, to_item, to_items
from tests.conftest import fixture_works

# -- the tables ----------------------------------------------------------------------


def test_tables_name_only_csl_variables_and_zotero_fields() -> None:
    variables = set(STRING_VARIABLES) | set(NUMBER_VARIABLES)
    assert set(CSL_FIELDS) <= variables
    assert set(CSL_DATES) <= set(DATE_VARIABLES)
    assert set(CREATOR_ROLES.values()) <= set(NAME_VARIABLES)
    assert set(CSL_TYPES) <= CSL_TYPE_NAMES
    bases = {base_field(t, f) for t in ITEM_TYPES for f in fields_of(t)}
    for base in (b for group in CSL_FIELDS.values() for b in group):
        assert base in bases, base
    assert set(CSL_DATES.values()) <= bases
    every_creator = {c for t in ITEM_TYPES for c in creator_types(t)}
    assert set(CREATOR_ROLES) <= every_creator


def test_every_item_type_has_a_csl_type_and_a_title_and_extra() -> None:
    assert set(ZOTERO_TYPES) == set(ITEM_TYPES) | (NON_WORKS - {"annotation"})
    for item_type in ITEM_TYPES:
        assert field_for(item_type, "title"), item_type
        assert "extra" in fields_of(item_type)
        assert creator_types(item_type)[0] == primary_creator(item_type)


@pytest.mark.parametrize(
    ("item_type", "base", "field"),
    [
        ("bookSection", "publicationTitle", "bookTitle"),
        ("conferencePaper", "publicationTitle", "proceedingsTitle"),
        ("webpage", "publicationTitle", "websiteTitle"),
        ("thesis", "publisher", "university"),
        ("thesis", "type", "thesisType"),
        ("report", "number", "reportNumber"),
        ("case", "title", "caseName"),
        ("case", "date", "dateDecided"),
        ("journalArticle", "publicationTitle", "publicationTitle"),
        ("journalArticle", "publisher", "publisher"),
        ("webpage", "volume", None),
    ],
)
def test_type_specific_fields(item_type: str, base: str, field: str | None) -> None:
    assert field_for(item_type, base) == field
    if field:
        assert base_field(item_type, field) == base


# -- CSL → Zotero --------------------------------------------------------------------


def test_crossref_records_become_zotero_items_and_come_back() -> None:
    records = [work_to_csl(w) for w in fixture_works()]
    items = to_items(records)
    back = from_items(items)
    assert validate(back) == []
    for record, item, again in zip(records, items, back, strict=True):
        assert re.fullmatch(r"[23456789A-Z]{8}", item["key"]) and "O" not in item["key"]
        assert item["itemType"] in ITEM_TYPES and set(item) - {"key", "version", "creators", "tags", "itemType"} <= set(
            fields_of(item["itemType"])
        )
        for variable in ("type", "title", "DOI", "volume", "issue", "page", "container-title", "author", "publisher"):
            assert again.get(variable) == record.get(variable), (record["id"], variable)
        assert again["issued"] == record["issued"]


def test_a_chapter_and_a_thesis_use_their_types_fields() -> None:
    chapter = to_item({"id": "c", "type": "chapter", "title": "T", "container-title": "Handbook", "page": "1-9"})
    assert chapter["itemType"] == "bookSection" and chapter["bookTitle"] == "Handbook" and chapter["pages"] == "1-9"
    thesis = to_item({"id": "t", "type": "thesis", "title": "T", "publisher": "Uni", "genre": "PhD thesis"})
    assert (thesis["itemType"], thesis["university"], thesis["thesisType"]) == ("thesis", "Uni", "PhD thesis")
    assert from_item(thesis)["publisher"] == "Uni" and from_item(thesis)["genre"] == "PhD thesis"


def test_what_the_type_cannot_hold_goes_to_extra_and_comes_back() -> None:
    record = {
        "id": "w",
        "type": "webpage",
        "title": "A page",
        "volume": "3",
        "PMID": "123",
        "original-date": {"date-parts": [[1901]]},
        "note": "Seen twice.",
    }
    item = to_item(record)
    assert item["extra"] == "PMID: 123\nvolume: 3\noriginal-date: 1901\nSeen twice."
    back = from_item(item)
    assert (back["volume"], back["PMID"], back["original-date"], back["note"]) == (
        "3",
        "123",
        {"date-parts": [[1901]]},
        "Seen twice.",
    )


def test_identifiers_without_a_field_go_to_extra_as_zotero_keeps_them_and_come_back() -> None:
    identifiers = {"arXiv": "2101.00001", "MR": "MR3077863", "Zbl": "1234.56789", "OCLC": "12345", "PMID": "99"}
    record = {"id": "a", "type": "article-journal", "title": "T", "custom": {"identifiers": identifiers}}
    item = to_item(record)
    assert item["extra"].splitlines() == [
        "arXiv: 2101.00001",
        "MR: MR3077863",
        "Zbl: 1234.56789",
        "OCLC: 12345",
        "PMID: 99",
    ]
    back = from_item(item)
    assert back["custom"]["identifiers"] == {k: v for k, v in identifiers.items() if k != "PMID"}
    assert back["PMID"] == "99" and "note" not in back
    # a record's own PMID is written once (in its field, where the type has one)
    own = to_item({**record, "PMID": "99"})
    assert own["extra"].count("PMID") + ("PMID" in own) == 1


def test_csl_types_zotero_lacks_become_documents_that_remember() -> None:
    item = to_item({"id": "r", "type": "review-book", "title": "A review"})
    assert item["itemType"] == "document" and item["extra"] == "type: review-book"
    assert from_item(item)["type"] == "review-book"


@pytest.mark.parametrize(
    ("record", "item_type"),
    [
        ({"type": "book", "version": "2.1"}, "computerProgram"),
        ({"type": "motion_picture", "volume": "2"}, "videoRecording"),
        ({"type": "motion_picture"}, "film"),
        ({"type": "broadcast", "publisher": "BBC"}, "tvBroadcast"),
        ({"type": "broadcast"}, "podcast"),
        ({"type": "bill", "publisher": "GPO"}, "hearing"),
        ({"type": "article"}, "preprint"),
        ({"type": "paper-conference"}, "conferencePaper"),
        ({"type": "no-such-type"}, "document"),
    ],
)
def test_item_type_choice(record: dict[str, Any], item_type: str) -> None:
    assert to_item({"id": "x", "title": "T", **record})["itemType"] == item_type


def test_creators_as_zotero_writes_them() -> None:
    record = {
        "id": "f",
        "type": "motion_picture",
        "title": "A film",
        "author": [{"family": "Varda", "given": "Agnès"}],
        "editor": [{"literal": "The Cinémathèque"}],
        "translator": [{"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van", "suffix": "Jr."}],
    }
    creators = to_item(record)["creators"]
    # A film has no author or editor: both become its primary creator, the director.
    assert creators == [
        {"firstName": "Agnès", "lastName": "Varda", "creatorType": "director"},
        {"name": "The Cinémathèque", "creatorType": "director"},
        {"firstName": "Vincent, Jr.", "lastName": "van Gogh", "creatorType": "translator"},
    ]
    back = from_item({"itemType": "film", "creators": creators})
    assert back["director"][0] == {"family": "Varda", "given": "Agnès"}  # CSL has directors
    programmer = {"firstName": "Ada", "lastName": "Lovelace", "creatorType": "programmer"}
    assert from_item({"itemType": "computerProgram", "creators": [programmer]})["author"] == [
        {"family": "Lovelace", "given": "Ada"}  # a primary creator CSL has no role for reads as author
    ]
    van_gogh = {"family": "Gogh", "given": "Vincent", "suffix": "Jr.", "non-dropping-particle": "van"}
    assert back["translator"] == [van_gogh]


def test_keywords_and_tags() -> None:
    item = to_item({"id": "k", "type": "book", "title": "T", "keyword": "tides, estuaries, tides"})
    assert item["tags"] == [{"tag": "tides", "type": 1}, {"tag": "estuaries", "type": 1}]
    back = from_item({"itemType": "book", "tags": [{"tag": "Pai, Ajit"}, {"tag": "FCC", "type": 1}, "net"]})
    assert back["keyword"] == "Pai, Ajit; FCC; net"
    assert [t["tag"] for t in to_item(back)["tags"]] == ["Pai, Ajit", "FCC", "net"]


def test_item_keys_are_stable() -> None:
    assert item_key("10.5555/x") == item_key("10.5555/x") != item_key("10.5555/y")
    assert to_item({"id": "a", "type": "book", "title": "T"})["key"] == item_key("a")


# -- Zotero → CSL --------------------------------------------------------------------

NYT = {
    "key": "Q5VYZIG2",
    "version": 0,
    "itemType": "newspaperArticle",
    "creators": [{"firstName": "Keith", "lastName": "Collins", "creatorType": "author"}],
    "tags": [{"tag": "Net Neutrality", "type": 1}],
    "title": "Net Neutrality Has Officially Been Repealed.",
    "section": "Technology",
    "url": "https://www.nytimes.com/2018/06/11/technology/net-neutrality-repeal.html",
    "language": "en-US",
    "libraryCatalog": "NYTimes.com",
    "accessDate": "2018-08-21T08:23:37Z",
    "date": "2018-06-11",
    "publicationTitle": "The New York Times",
    "ISSN": "0362-4331",
}


def test_translation_servers_own_example_item() -> None:
    record = from_item(NYT)
    assert record["type"] == "article-newspaper"
    assert record["container-title"] == "The New York Times" and record["section"] == "Technology"
    assert record["issued"] == {"date-parts": [[2018, 6, 11]]} and record["accessed"] == {"date-parts": [[2018, 8, 21]]}
    assert record["author"] == [{"family": "Collins", "given": "Keith"}]
    assert (record["source"], record["language"], record["keyword"]) == ("NYTimes.com", "en-US", "Net Neutrality")
    assert "version" not in record  # the API's sync version is not the software's version
    assert validate([record]) == []


@pytest.mark.parametrize(
    ("date", "issued"),
    [
        ("2019", {"date-parts": [[2019]]}),
        ("June 2018", {"date-parts": [[2018, 6]]}),
        ("2019-03/2020-01", {"date-parts": [[2019, 3], [2020, 1]]}),
        ('"in press"', {"literal": "in press"}),
        ("forthcoming", {"literal": "forthcoming"}),
    ],
)
def test_dates_from_zotero(date: str, issued: dict[str, Any]) -> None:
    record = from_item({"itemType": "book", "title": "T", "date": date})
    assert record["issued"] == issued
    assert validate([record]) == []


def test_base_field_names_and_type_specific_ones_are_both_read() -> None:
    assert from_item({"itemType": "bookSection", "bookTitle": "B"})["container-title"] == "B"
    assert from_item({"itemType": "bookSection", "publicationTitle": "P", "bookTitle": "B"})["container-title"] == "P"
    case = from_item({"itemType": "case", "caseName": "Roe", "dateDecided": "1973"})
    assert (case["title"], case["issued"]) == ("Roe", {"date-parts": [[1973]]})
    assert from_item({"itemType": "book", "ISBN": "9780306406157 0306406152"})["ISBN"] == "9780306406157"


def test_creator_types_and_names() -> None:
    record = from_item(
        {
            "itemType": "journalArticle",
            "creators": [
                {"firstName": "First", "lastName": "Last", "creatorType": "Author"},
                {"name": "World Health Organization", "creatorType": "author"},
                {"lastName": "Solo", "fieldMode": 1, "creatorType": "editor"},
                {"firstName": "Ludwig van", "lastName": "Beethoven", "creatorType": "contributor"},
                {"firstName": "", "lastName": "", "creatorType": "author"},
                {"firstName": "No", "lastName": "Role", "creatorType": "programmer"},
            ],
        }
    )
    assert record["author"] == [{"family": "Last", "given": "First"}, {"literal": "World Health Organization"}]
    assert record["editor"] == [{"literal": "Solo"}]
    assert record["contributor"] == [{"family": "Beethoven", "given": "Ludwig", "dropping-particle": "van"}]
    assert "programmer" not in str(record)  # not a creator type of a journal article, nor a CSL role


def test_notes_attachments_and_bad_items() -> None:
    items = [{"itemType": "note", "note": "<p>Remember</p>"}, {"itemType": "attachment"}, {"itemType": "book"}]
    assert [r["type"] for r in from_items(items)] == ["book"]
    assert from_items(items, works_only=False)[0] == {"type": "document", "title": "Remember", "id": "anon-nd-remember"}
    assert from_item({"itemType": "spaceship", "title": "T"})["type"] == "document"
    for bad in ({}, {"itemType": ""}, {"title": "T"}, "book"):
        with pytest.raises(ValueError, match="itemType"):
            from_item(bad)  # type: ignore[arg-type]


def test_odd_shapes_cost_the_field_not_the_item() -> None:
    record = from_item({"itemType": "book", "title": "T", "tags": 5, "creators": "Doe", "date": 2019, "extra": 7})
    assert record["title"] == "T" and "author" not in record and "keyword" not in record
    assert record["issued"] == {"date-parts": [[2019]]}
    with pytest.raises(ValueError, match="itemType"):
        from_items([{"itemType": ["book"]}])
