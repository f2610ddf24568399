from __future__ import annotations

import pytest

from citekit import formats
from citekit.errors import UnknownFormatError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!DOCTYPE html><html><head><title>x</title></head></html>", "html"),
        ("<html lang='en'><body>hi</body></html>", "html"),
        ('<?xml version="1.0"?>\n<!DOCTYPE article PUBLIC "-//NLM//DTD JATS"><article><front/></article>', "jats"),
        ("<article xmlns:xlink='http://www.w3.org/1999/xlink'><front></front></article>", "jats"),
        ("@article{key,\n title={T}\n}", "bibtex"),
        ("% comment\n\n@Book{k, title = {T}}", "bibtex"),
        ("TY  - JOUR\r\nTI  - T\r\nER  - \r\n", "ris"),
        ('[{"id": "a", "type": "book"}]', "csljson"),
        ('{"id": "a", "type": "book"}', "csljson"),
        ('{"id": "a", "type": "book"}\n{"id": "b", "type": "book"}\n', "jsonl"),
        ("TY - JOUR\nTI - T\nER -\n", "ris"),
        ("PMID- 12345678\nOWN - NLM\nTI  - A title.\n", "ris"),
        ("TYPE - not a tag line\nplain words", "text"),
        ("Title of a page\n\nAuthor(s): A B\n@ not bibtex", "text"),
        ("[1] Smith J. A reference. 2020.", "text"),
    ],
)
def test_detect(text: str, expected: str) -> None:
    assert formats.detect(text) == expected


def test_broken_json_with_a_json_hint_goes_to_the_json_reader() -> None:
    # so the user hears where the JSON breaks, not "no record found in this text input"
    assert formats.detect('{"id": "a", "title": ', hint="csljson") == "csljson"
    assert formats.detect('{"id": "a", "title": ') == "text"


def test_lookup_by_name_alias_and_suffix() -> None:
    assert formats.canonical("CSL-JSON") == "csljson"
    assert formats.from_suffix("out/records.BIB") == "bibtex"
    assert formats.from_suffix("x.unknown") is None


def test_lookup_unknown_lists_known_formats() -> None:
    with pytest.raises(UnknownFormatError) as info:
        formats.lookup("exporter", "docx")
    assert "bibtex" in str(info.value) and "docx" in str(info.value)


def test_lookup_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError):
        formats.lookup("writer", "bibtex")  # type: ignore[arg-type]


def test_every_table_entry_names_a_function() -> None:
    for table in (formats.PARSERS, formats.EXPORTERS):
        for target in table.values():
            module, _, function = target.partition(":")
            assert module.startswith("citekit.") and function
