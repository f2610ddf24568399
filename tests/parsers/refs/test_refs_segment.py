"""Segmentation in linear time, and the length limit of one reference
(citekit.parsers.refs.segment, citekit.parsers.refs.reference)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from citekit.errors import ParseError
from citekit.parsers import enrich_references
from citekit.parsers.refs.reference import (
    MAX_REFERENCE_CHARS,
    parse_reference,
    parse_references,
    split_references,
)
from citekit.parsers.refs.segment import cut_long, join_lines


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["Smith, J. A study of inter-", "national trade. J. Econ. 2001."],
            "Smith, J. A study of international trade. J. Econ. 2001.",
        ),
        (["Smith, J. Post-", "War Europe. 2001."], "Smith, J. Post- War Europe. 2001."),  # capital: a real hyphen
        (["See https://example.org/a-", "long/path and more"], "See https://example.org/a-long/path and more"),
        (["doi: 10.1000/abc.", "def.2001"], "doi: 10.1000/abc.def.2001"),
        (["https://doi.org/", "10.1000/xyz"], "https://doi.org/10.1000/xyz"),
        (["at https://ex.org/a/", "b/", "c and so on"], "at https://ex.org/a/b/c and so on"),
        (["Title ends here.", "Next. 2001"], "Title ends here. Next. 2001"),
        (["no link here/", "next"], "no link here/ next"),
        (["   ", "One line only  "], "One line only"),
    ],
)
def test_join_lines(lines: list[str], expected: str) -> None:
    assert join_lines(lines) == expected


# Inputs on which segmentation used to take time growing with the square of their length.
HOSTILE: dict[str, Callable[[int], str]] = {
    "slashes": lambda n: "/" * n + " x\nnext line",
    "one lower-case word": lambda n: "a" * n + " b\nNext, A. line",
    "wrapped lines": lambda n: "word and more words\n" * (n // 20),
    "link lines": lambda n: "http://a.org/\n" * (n // 14),
    "hyphenated lines": lambda n: "abc-\n" * (n // 5),
    "blank lines on top": lambda n: "\n" * n + "A. Smith 2001.",
    "numbered on one line": lambda n: "".join(f"[{i % 9000 + 1}] A. Smith. T. J 2001. " for i in range(n // 30)),
    "repetitive": lambda n: "vol. 1 no. 2 " * (n // 13),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_split_is_linear(name: str) -> None:
    # 600,000 characters: seconds at most when linear, hours when quadratic.
    text = HOSTILE[name](600_000)
    started = time.process_time()
    pieces = split_references(text)
    assert time.process_time() - started < 15
    assert all(len(p) <= MAX_REFERENCE_CHARS for p in pieces)


def test_cut_long() -> None:
    sentence = "Smith, J. A title of some length. Journal 12, 2001. "
    text = sentence * 400
    pieces = cut_long(text, 1000)
    assert all(len(p) <= 1000 for p in pieces)
    assert all(p.endswith(".") for p in pieces[:-1])  # cut after a full stop
    assert " ".join(pieces).split() == text.split()  # nothing lost
    assert cut_long("x" * 2500, 1000) == ["x" * 1000, "x" * 1000, "x" * 500]  # no space: cut hard
    assert cut_long("short", 1000) == ["short"]


def test_parser_refuses_a_long_reference() -> None:
    long = "Smith, J. " * (MAX_REFERENCE_CHARS // 10 + 1)
    with pytest.raises(ParseError) as caught:
        parse_references(["Smith, J. A title. J Econ 2001;3:1-2.", long])
    assert caught.value.describe() == (
        f"reference 2: longer than {MAX_REFERENCE_CHARS:,} characters; not parsed"
        " (split_references cuts a run-together list into references)"
    )
    with pytest.raises(ParseError):
        parse_reference(long)
    # Surrounding blanks do not count; the limit itself is allowed.
    edge = ("Smith, J. " * MAX_REFERENCE_CHARS)[: MAX_REFERENCE_CHARS - 1] + "."
    assert parse_references(["  " + edge + "  "])[0]["custom"]["raw"] == edge


def test_split_pieces_can_be_parsed() -> None:
    block = "Smith, J. A title of some length. Journal 12, 2001. " * 300  # one line, 15,600 characters
    pieces = split_references(block)
    assert len(pieces) > 3
    assert all(len(p) <= MAX_REFERENCE_CHARS for p in pieces)
    assert len(parse_references(pieces)) == len(pieces)


def test_long_raw_reference_on_a_page_is_kept_unparsed() -> None:
    long = "Smith, J. " * (MAX_REFERENCE_CHARS // 10 + 1)
    record = {
        "id": "x",
        "type": "article-journal",
        "custom": {
            "references": [{"custom": {"raw": long}}, {"custom": {"raw": "Smith, J. (2001). A title. J Econ."}}]
        },
    }
    out = enrich_references(record)["custom"]["references"]
    assert out[0] == {"custom": {"raw": long}}
    assert out[1].get("title")


def test_a_line_too_short_to_be_a_reference_ends_the_one_before() -> None:
    block = (
        "Chen, L. (2020). Microbial responses to rewetting. Soil Biology\n"
        "and Biochemistry, 140, 107640.\n"
        "Davis, R. (Ed.). (2015). Handbook of soil ecology (2nd ed.).\n"
        "Springer.\n"
        "Evans, T. (2019). Roots. Plant Soil, 4, 1-9.\n"
    )
    refs = split_references(block)
    assert [r.split(",")[0] for r in refs] == ["Chen", "Davis", "Evans"]
    assert refs[1].endswith("(2nd ed.). Springer.")


def test_references_before_a_numbered_list_are_split_too() -> None:
    block = (
        "Adams, P. (2018). Soil carbon. Global Change Biology, 24, 3012-3025.\n"
        "Chen, L. (2020). Microbial responses. Soil Biol Biochem, 140, 107640.\n"
        "\n"
        "1. Smith J, Doe A. A trial of something. N Engl J Med. 2019;380(1):11-20.\n"
        "2. Lee K. Another trial. Lancet. 2020;395:1-9.\n"
    )
    assert [r[:8] for r in split_references(block)] == ["Adams, P", "Chen, L.", "1. Smith", "2. Lee K"]
