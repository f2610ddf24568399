"""Personal names: family/given splits of the forms article pages write."""

from __future__ import annotations

import pytest

from citekit.names import fold, is_initials, split_author_list, split_name


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Omar El Aoufir", {"family": "El Aoufir", "given": "Omar"}),
        ("Samira Ait Ben Haddou", {"family": "Ait Ben Haddou", "given": "Samira"}),
        ("Tom van der Berg", {"family": "van der Berg", "given": "Tom"}),
        ("Ludwig van Beethoven", {"family": "van Beethoven", "given": "Ludwig"}),
        ("van der Berg JH", {"family": "van der Berg", "given": "JH"}),
        ("Boujida N", {"family": "Boujida", "given": "N"}),
        ("Laamrani FZ", {"family": "Laamrani", "given": "FZ"}),
        ("Sohawon, D.", {"family": "Sohawon", "given": "D."}),
        ("García-Márquez, José Luis", {"family": "García-Márquez", "given": "José Luis"}),
        ("J. M. Leinaas", {"family": "Leinaas", "given": "J. M."}),
        ("BOUJIDA Nadia", {"family": "Boujida", "given": "Nadia"}),
        ("Nadia BOUJIDA", {"family": "Boujida", "given": "Nadia"}),
        ("KIM Min-jun", {"family": "Kim", "given": "Min-jun"}),
        ("LI Wei", {"family": "Li", "given": "Wei"}),
        ("Martin Luther King Jr.", {"family": "King", "given": "Martin Luther", "suffix": "Jr."}),
        ("Smith, John, III", {"family": "Smith", "given": "John", "suffix": "III"}),
        ("Nadia Boujida1,2*", {"family": "Boujida", "given": "Nadia"}),
        ("Madonna", {"family": "Madonna"}),
    ],
)
def test_split_name(written: str, expected: dict[str, str]) -> None:
    assert split_name(written) == expected


def test_split_author_list_both_orders() -> None:
    line = "Nadia Boujida*, Soukaina Jabour, Omar El Aoufir, Fatima Zahra Laamrani, and Laila Jroundi"
    assert [n["family"] for n in split_author_list(line)] == ["Boujida", "Jabour", "El Aoufir", "Laamrani", "Jroundi"]
    assert split_author_list("Sohawon, D., Lau, K. K. and Bowden, D. K.") == [
        {"family": "Sohawon", "given": "D."},
        {"family": "Lau", "given": "K. K."},
        {"family": "Bowden", "given": "D. K."},
    ]
    assert [n["family"] for n in split_author_list("Smith J, Jones R, et al.")] == ["Smith", "Jones"]


def test_helpers() -> None:
    assert is_initials("J.-P.") and is_initials("FZ") and not is_initials("Nadia")
    assert fold("Hématopoïèse") == "hematopoiese"
