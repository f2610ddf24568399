"""Function words and abbreviated names."""

from __future__ import annotations

import pytest

from citekit.formats.words import abbreviates


@pytest.mark.parametrize(
    ("short", "full", "expected"),
    [
        ("j med imaging", "journal of medical imaging", True),
        ("phys rev x", "physical review x", True),
        ("rev mod phys", "reviews of modern physics", True),
        ("phys rev", "physical review x", False),  # a word short
        ("phys rev b", "physical review x", False),
        ("nature", "nurture", False),  # letters out of order
        ("of the", "of the", False),  # nothing left to compare
    ],
)
def test_abbreviates(short: str, full: str, expected: bool) -> None:
    assert abbreviates(short.split(), full.split()) is expected
