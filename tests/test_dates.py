"""Written dates in the forms article pages use, and dated-event labels."""

from __future__ import annotations

import pytest

from citekit.dates import event_name, match_date, parse_date, to_csl, to_iso


@pytest.mark.parametrize(
    ("written", "parts"),
    [
        ("08 November 2023", [2023, 11, 8]),
        ("Nov. 8, 2023", [2023, 11, 8]),
        ("November 8th, 2023", [2023, 11, 8]),
        ("8th of November 2023", [2023, 11, 8]),
        ("2023-11-08", [2023, 11, 8]),
        ("2023-11-08T09:00:00Z", [2023, 11, 8]),
        ("2023/11/08", [2023, 11, 8]),
        ("08.11.2023", [2023, 11, 8]),
        ("08-Nov-2023", [2023, 11, 8]),
        ("11/28/2023", [2023, 11, 28]),  # a US order shows itself when the day is > 12
        ("2023 Nov 8", [2023, 11, 8]),
        ("(2023, November 8).", [2023, 11, 8]),  # APA
        ("(2023, November).", [2023, 11]),
        ("8. November 2023", [2023, 11, 8]),
        ("8 de noviembre de 2023", [2023, 11, 8]),
        ("8 novembre 2023", [2023, 11, 8]),
        ("2023年11月8日", [2023, 11, 8]),
        ("November 2023", [2023, 11]),
        ("2023-11", [2023, 11]),
        ("(2023)", [2023]),
    ],
)
def test_parse_date(written: str, parts: list[int]) -> None:
    assert parse_date(written) == parts


def test_no_date() -> None:
    assert parse_date("Volume 11, Issue 1") is None
    assert parse_date("") is None and parse_date(None) is None


def test_match_date_is_anchored() -> None:
    assert match_date(" 15 January 2024, DOI:10.4172/x") == ([2024, 1, 15], 16)
    assert match_date("patients, 15 January 2024") is None


@pytest.mark.parametrize(
    ("label", "event"),
    [
        ("Received", "received"),
        ("Received on", "received"),
        ("Date of Submission", "received"),
        ("Editor assigned", "editor-assigned"),
        ("Reviewed", "reviewed"),
        ("Revised", "revised"),
        ("Accepted Date", "accepted"),
        ("Date of Acceptance", "accepted"),
        ("Published online:", "published-online"),
        ("Published", "published"),
        ("Issue date", "published-print"),
        ("Reçu le", "received"),
        ("Shipped", None),
    ],
)
def test_event_name(label: str, event: str | None) -> None:
    assert event_name(label) == event


def test_iso_and_csl() -> None:
    assert to_iso([2024, 1, 15]) == "2024-01-15" and to_iso([2024]) == "2024" and to_iso(None) is None
    assert to_csl("2024-01") == {"date-parts": [[2024, 1]]}
