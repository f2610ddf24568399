"""Validation rules for references with one typo in a number, and for untitled references."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from citekit.resolve.match import _among, _one_digit_off, _one_edit, choose, evidence_of, score
from tests.resolve.test_resolve_match import ARTICLE, WORKS, ref  # Okafor 2019, J. Coast. Geomorphol. 41, 211-29


def untitled(**fields: Any) -> dict[str, Any]:
    return ref(title=None, **fields)


@pytest.mark.parametrize(
    ("a", "b", "one"),
    [
        ("2019", "2016", True),  # a digit replaced
        ("1985", "1958", True),  # two digits swapped
        ("1488", "148", True),  # a digit dropped
        ("e6157", "l6157", True),  # the letter of an article number
        ("211", "211", False),  # the same
        ("211", "12", False),  # two edits
        ("3", "4", False),  # single characters: another number
    ],
)
def test_one_edit(a: str, b: str, one: bool) -> None:
    assert _one_edit(a, b) is one


def test_single_digit_volumes_are_one_digit_off() -> None:
    assert _one_digit_off("8", "5") and _one_digit_off("41", "47") and not _one_digit_off("8", "8")
    assert not _one_digit_off("41", "52")


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"issued": {"date-parts": [[2016]]}}, "year one edit off"),
        ({"volume": "47"}, "volume one edit off"),
        ({"page": "221-29"}, "page one edit off"),
    ],
)
def test_one_number_one_edit_off_is_a_typo_when_all_else_agrees(fields: dict[str, Any], reason: str) -> None:
    for reference in (ref(**fields), untitled(**fields)):
        scored = score(evidence_of(reference), ARTICLE)
        assert scored.veto is None and reason in scored.reasons
        winner, miss, _ = choose(reference, [ARTICLE])
        assert winner is not None and winner.doi == ARTICLE["DOI"], miss


@pytest.mark.parametrize(
    ("fields", "veto"),
    [
        # two numbers off: another work
        ({"issued": {"date-parts": [[2016]]}, "volume": "47"}, "year differs"),
        ({"volume": "47", "page": "221-29"}, "volume differs"),
        # one off, but only one other number to back the rest
        ({"volume": "47", "page": None}, "volume differs"),
        # one off, but the first author is someone else
        ({"volume": "47", "author": [{"family": "Brenner"}]}, "volume differs"),
        # one off, more than one edit
        ({"volume": "52"}, "volume differs"),
    ],
)
def test_a_number_one_edit_off_still_contradicts_without_overwhelming_evidence(
    fields: dict[str, Any], veto: str
) -> None:
    assert score(evidence_of(ref(**fields)), ARTICLE).veto == veto


def test_untitled_typo_needs_the_container() -> None:
    reference = untitled(volume="47", **{"container-title": "Marine Geology"})
    assert score(evidence_of(reference), ARTICLE).veto == "volume differs"


def test_titled_typo_needs_a_title_that_agrees() -> None:
    reference = ref(volume="47", title="Sediment budgets of glacial coasts in a warming world")
    assert score(evidence_of(reference), ARTICLE).veto is not None


def test_a_candidate_without_the_typo_wins_and_twin_typos_abstain() -> None:
    # The reference's page is right for one work, one edit off for another: the exact one wins.
    neighbour = copy.deepcopy(ARTICLE)
    neighbour["DOI"] = "10.5555/neighbour"
    neighbour["page"] = "221-230"
    winner, _, _ = choose(ref(title=None, page="221"), [ARTICLE, neighbour])
    assert winner is not None and winner.doi == "10.5555/neighbour"
    # Two works one edit away each: nothing tells them apart.
    other = copy.deepcopy(neighbour)
    other["DOI"] = "10.5555/other"
    other["page"] = "201-210"
    winner, miss, _ = choose(untitled(page="231"), [neighbour, other])
    assert winner is None and miss.code == "ambiguous"


@pytest.mark.parametrize(
    ("value", "numbers", "found"),
    [
        ("41", {"41", "2019"}, True),
        ("199-200", {"199", "200", "548"}, True),  # a volume range, both ends in the string
        ("199-200", {"199", "548"}, False),
        ("e84", {"42", "84"}, True),  # a lettered article number, its digits in the string
        ("e8", {"8"}, False),  # one digit proves nothing
        ("e84", {"42"}, False),
    ],
)
def test_among_the_numbers_of_the_string(value: str, numbers: set[str], found: bool) -> None:
    assert _among(value, frozenset(numbers)) is found


@pytest.mark.parametrize(
    ("container", "same"),
    [
        ("J. Coast. Geomorphol.", True),
        ("L. Okafor J. Coast. Geomorphol.", True),  # an author's name run into the journal
        ("Okafor and Brenner J. Coast. Geomorphol.", True),
        ("Smith J. Coast. Geomorphol.", False),  # not one of the work's authors
        ("Okafor Marine Geology", False),
    ],
)
def test_authors_run_into_the_journal(container: str, same: bool) -> None:
    work = copy.deepcopy(ARTICLE)
    work["author"] = [{"family": "Okafor", "given": "A"}, {"family": "Brenner", "given": "L"}]
    reasons = score(evidence_of(untitled(**{"container-title": container})), work).reasons
    assert ("container" in reasons) is same


def test_compound_surname_cited_by_its_first_part() -> None:
    work = copy.deepcopy(ARTICLE)
    work["author"] = [{"family": "Veysey Powell", "given": "J. S."}]
    reasons = score(evidence_of(ref(author=[{"family": "Veysey"}])), work).reasons
    assert "first author" in reasons
    assert "first author differs" in score(evidence_of(ref(author=[{"family": "Powers"}])), work).reasons


@pytest.mark.parametrize(
    ("fields", "accepted"),
    [
        # author, journal, volume and first page: enough even beside a stray issue number
        ({"issued": None, "issue": "7"}, True),
        # three of the four are not enough beside the stray issue
        ({"issued": None, "issue": "7", "container-title": None}, False),
        ({"issued": None, "issue": "7", "author": [{"family": "Brenner"}]}, False),
        # and a year that contradicts still vetoes
        ({"issued": {"date-parts": [[2003]]}}, False),
    ],
)
def test_untitled_author_journal_volume_and_page(fields: dict[str, Any], accepted: bool) -> None:
    reference = untitled(**fields)
    winner, miss, _ = choose(reference, [ARTICLE])
    assert (winner is not None) is accepted, miss
    if accepted:
        assert "author, journal, volume and page agree" in winner.reasons  # type: ignore[union-attr]


def test_a_year_out_of_range_is_a_typo_when_all_else_agrees() -> None:
    raw = "A. Okafor and L. Brenner, J. Coast. Geomorphol. 41, 211 (2091)."
    reference = untitled(issued=None, custom={"raw": raw})
    scored = score(evidence_of(reference), ARTICLE)
    assert scored.veto is None and "year one edit off" in scored.reasons
    # Not backed by a journal that agrees, the number is no year and contradicts nothing.
    other = untitled(issued=None, custom={"raw": raw}, **{"container-title": "Marine Geology"})
    assert "year differs" not in score(evidence_of(other), ARTICLE).reasons


@pytest.mark.parametrize(
    ("fields", "accepted"),
    [
        # a single-digit first page off: a typo beside a title that agrees...
        ({"page": "6-29"}, True),
        # ...not beside a title that does not, nor without a title
        ({"page": "6-29", "title": "Sediment budgets of glacial coasts in a warming world"}, False),
        ({"page": "6-29", "title": None}, False),
    ],
)
def test_single_digit_first_page_off(fields: dict[str, Any], accepted: bool) -> None:
    work = copy.deepcopy(ARTICLE)
    work["page"] = "5-29"
    winner, miss, _ = choose(ref(**fields), [work])
    assert (winner is not None) is accepted, miss


def test_a_long_title_found_in_an_untitled_looking_string_backs_a_typo() -> None:
    # Title Case titles do not look like titles to the string test; found whole, they still agree.
    raw = "Okafor, A. Glacial Meltwater Pulses And Coastal Sediment Budgets. JCG 41, 221 (2019)."
    reference = ref(custom={"raw": raw}, page="221", **{"container-title": "JCG"})
    scored = score(evidence_of(reference), ARTICLE)
    assert not evidence_of(reference).titled
    assert scored.veto is None and "page one edit off" in scored.reasons


@pytest.mark.parametrize(
    ("raw", "penalised"),
    [
        # the string names the preprint's publisher, whatever the parser took for the container
        (
            "Okafor, A. Glacial meltwater pulses and coastal sediment budgets. Nov. 2018, Tidewater Academic Press.",
            False,
        ),
        # a published reference names no such thing
        ("Okafor, A. Glacial meltwater pulses and coastal sediment budgets. Nov. 2018, Marine Geology.", True),
    ],
)
def test_a_preprint_whose_publisher_the_string_names(raw: str, penalised: bool) -> None:
    preprint = WORKS["10.5555/eartharxiv.2018.77"]
    reference = ref(custom={"raw": raw}, issued={"date-parts": [[2018]]}, volume=None, page=None)
    reference["container-title"] = "Nov"  # a month taken for the journal
    reasons = score(evidence_of(reference), preprint).reasons
    assert ("preprint, reference is published" in reasons) is penalised


def test_volume_and_page_in_a_messy_volume_field() -> None:
    # "J. Coast. Geomorphol. 41, 211 (2916)": a parser put "41, 211" in the volume.
    reasons = score(evidence_of(untitled(volume="41, 211", page=None)), ARTICLE).reasons
    assert {"volume in a messy field", "first page in a messy field"} <= set(reasons)
    assert "author, journal, volume and page agree" in reasons
    # numbers elsewhere in the string are weaker evidence, and not the four that agree
    raw = "A. Okafor, J. Coast. Geomorphol. 41, 211 (2019)."
    elsewhere = score(evidence_of(untitled(volume=None, page=None, custom={"raw": raw})), ARTICLE).reasons
    assert "volume in string" in elsewhere and "author, journal, volume and page agree" not in elsewhere


@pytest.mark.parametrize(
    ("raw", "found"),
    [
        ("R. K. Heaton, Journal of Coastal Geomorphology 41, 211 (2019).", True),
        ("R. K. Heaton, J Coast Geomorphol 41, 211 (2019).", True),  # the short title
        ("R. K. Heaton, Coastal Geomorphology Letters 41, 211 (2019).", False),  # not the whole name
    ],
)
def test_container_named_in_the_string_when_none_was_parsed(raw: str, found: bool) -> None:
    reference = untitled(custom={"raw": raw}, **{"container-title": None})
    assert ("container in string" in score(evidence_of(reference), ARTICLE).reasons) is found
    # a parsed container is compared as parsed, never looked for in the string
    parsed = untitled(custom={"raw": raw}, **{"container-title": "Marine Geology"})
    assert "container in string" not in score(evidence_of(parsed), ARTICLE).reasons


def test_year_typo_beside_pages_that_look_like_years() -> None:
    work = copy.deepcopy(ARTICLE)
    work["page"] = "1655-1664"
    raw = (
        "Okafor, A. Glacial meltwater pulses and coastal sediment budgets. J. Coast. Geomorphol. 41, 1655-1664 (2091)."
    )
    reference = ref(issued=None, page="1655-1664", custom={"raw": raw})
    scored = score(evidence_of(reference), work)
    assert scored.veto is None and "year one edit off" in scored.reasons
    # a year-like number two edits away still contradicts
    far = ref(issued=None, page="1655-1664", custom={"raw": raw.replace("(2091)", "(2097)")})
    assert score(evidence_of(far), work).veto == "year differs"


@pytest.mark.parametrize(
    ("family", "reason"),
    [
        ("Okafer", "first author one edit off"),  # a typo: neither for nor against
        ("Okafro", "first author one edit off"),
        ("Okaf", "first author differs"),  # two edits
        ("Brenner", "first author differs"),
    ],
)
def test_first_author_one_edit_off(family: str, reason: str) -> None:
    reasons = score(evidence_of(ref(author=[{"family": family}])), ARTICLE).reasons
    assert reason in reasons


def test_short_names_one_edit_off_still_differ() -> None:
    work = copy.deepcopy(ARTICLE)
    work["author"] = [{"family": "Lee", "given": "A"}]
    assert "first author differs" in score(evidence_of(ref(author=[{"family": "Lea"}])), work).reasons


@pytest.mark.parametrize(
    ("page", "year", "agrees"),
    [
        ("1986", "1986", True),  # the page taken for the year; the work's year is in the string too
        ("211", "1986", False),  # a parsed year that is none of the work's numbers stays a year ±1
    ],
)
def test_page_taken_for_the_year(page: str, year: str, agrees: bool) -> None:
    work = copy.deepcopy(ARTICLE)
    work["issued"] = {"date-parts": [[1985]]}
    work["page"] = page
    raw = f"A. Okafor, J. Coast. Geomorphol. 41, {page} (1985)."
    reference = untitled(issued={"date-parts": [[int(year)]]}, page=None, custom={"raw": raw})
    reasons = score(evidence_of(reference), work).reasons
    assert ("year" in reasons) is agrees and ("year ±1" in reasons) is not agrees


@pytest.mark.parametrize(
    ("issue", "reason"),
    [
        ("2019", None),  # the year read as the issue: no issue evidence either way
        ("2091", None),  # a mistyped year read as the issue
        ("3", "issue"),
        ("7", "issue differs"),
        ("1234", "issue differs"),  # four digits, but nowhere near the year
    ],
)
def test_a_year_read_as_the_issue(issue: str, reason: str | None) -> None:
    reasons = score(evidence_of(untitled(issue=issue)), ARTICLE).reasons
    found = [r for r in reasons if r.startswith("issue")]
    assert found == ([reason] if reason else [])


@pytest.mark.parametrize(
    ("raw", "title", "gain"),
    [
        ("R. K. Heaton, Journal of Coastal Geomorphology 41 (2019).", None, 1.0),
        (
            "Heaton, R. K. Glacial meltwater pulses and coastal sediment budgets. Journal of Coastal Geomorphology 41",
            "Glacial meltwater pulses and coastal sediment budgets",
            0.6,
        ),
    ],
)
def test_journal_in_the_string_weighs_more_without_a_title(raw: str, title: str | None, gain: float) -> None:
    reference = ref(title=title, page=None, custom={"raw": raw}, **{"container-title": None})
    elsewhere = copy.deepcopy(ARTICLE)
    elsewhere["container-title"] = ["Marine Geology"]
    elsewhere["short-container-title"] = []
    named = score(evidence_of(reference), ARTICLE)
    assert "container in string" in named.reasons
    assert named.logit - score(evidence_of(reference), elsewhere).logit == pytest.approx(gain)
