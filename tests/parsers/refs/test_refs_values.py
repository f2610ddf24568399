"""Span values as CSL writes them (citekit.parsers.refs.values)."""

from __future__ import annotations

import pytest

from citekit.parsers.refs.values import edition_number, split_volume, volume_tail


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("14(2):974–983", ("14(2)", "", "974–983")),
        ("51:197–204", ("51", "", "197–204")),
        ("37:20:", ("37", "20", "")),
        ("Vol. 12: 45", ("Vol. 12", "", "45")),
        ("15: 4,", ("15: 4,", "", "")),  # a volume and an issue as much as a page: left alone
        ("3: 233", ("3", "", "233")),  # no issue runs that high
        ("24(7)", ("24(7)", "", "")),
    ],
)
def test_volume_tail(span: str, expected: tuple[str, str, str]) -> None:
    assert volume_tail(span) == expected
    head, issue, _ = expected
    if issue:
        assert split_volume(span) == (head, issue)


@pytest.mark.parametrize(
    ("span", "expected"),
    [("2nd ed.", "2"), ("Second edition,", "2"), ("revised edition", "revised"), ("3e éd.", "3"), ("ed.", "ed")],
)
def test_edition_number(span: str, expected: str) -> None:
    assert edition_number(span) == expected


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("v. 12, n. 3,", ("12", "3")),  # Portuguese, Spanish and Italian "n." marks the issue
        ("12, n. 3", ("12", "3")),
        ("Т. 59, № 3.", ("59", "3")),
        ("vol. 7, no. 3,", ("7", "3")),
        ("n. 3", ("3", "")),
        ("12, n", ("12, n", "")),  # no number after it: not an issue
        ("5, 2,", ("5", "2")),  # "Journal of Eastern African Studies, 5, 2, 369-410": volume, issue
        ("104, 416,", ("104", "416")),
        ("32, 1-4,", ("32", "1-4")),
        ("12, 345-367", ("12, 345-367", "")),  # pages, not an issue
        ("XII, 3", ("XII, 3", "")),
        ("40.1", ("40", "1")),  # MLA: volume.issue
        ("7.12", ("7", "12")),
        ("2013.50", ("2013.50", "")),  # J-STAGE's volumes are a year and a number
        ("33, n 4", ("33", "4")),
    ],
)
def test_split_volume(span: str, expected: tuple[str, str]) -> None:
    assert split_volume(span) == expected
