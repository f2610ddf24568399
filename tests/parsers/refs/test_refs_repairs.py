"""The ordered list of repairs (citekit.parsers.refs.repairs): its shape, switching single
repairs off, and the whole reading stage on readings where several repairs meet."""

from __future__ import annotations

import inspect

import pytest

from citekit.parsers.refs.reference import parse_references
from citekit.parsers.refs.repairs import READING, RECORD, REPAIRS, Repair, apply_repairs, without
from citekit.parsers.refs.spans import Spans
from tests.parsers.refs import (
    test_refs_boundary,
    test_refs_containers,
    test_refs_editors,
    test_refs_numbers,
    test_refs_tails,
    test_refs_years,
)
from tests.parsers.refs.cases import Case

ALL_CASES: list[Case] = [
    *test_refs_boundary.CASES,
    *test_refs_containers.CASES,
    *test_refs_editors.CASES,
    *test_refs_numbers.CASES,
    *test_refs_tails.CASES,
    *test_refs_years.CASES,
]


def test_every_repair_has_its_own_table_rows() -> None:
    for repair in REPAIRS:
        rows = [case for case in ALL_CASES if case.fix is repair.fix]
        assert any(case.changes for case in rows), f"{repair.name}: no row where it repairs something"
        assert any(not case.changes for case in rows), f"{repair.name}: no row where it leaves the spans alone"


def test_repairs_are_named_functions_with_one_signature() -> None:
    names = [repair.name for repair in REPAIRS]
    assert len(names) == len(set(names))
    for repair in REPAIRS:
        assert repair.stage in (READING, RECORD)
        assert list(inspect.signature(repair.fix).parameters) == ["spans", "text"], repair.name
        assert repair.fix.__doc__, f"{repair.name} says what it repairs"


def test_without_leaves_out_named_repairs_and_keeps_the_order() -> None:
    shorter = without("day_not_volume", "cjk_numbers")
    assert [r.name for r in shorter] == [r.name for r in REPAIRS if r.name not in ("day_not_volume", "cjk_numbers")]
    assert without(repairs=shorter) == shorter
    with pytest.raises(ValueError, match="no such repair: nope"):
        without("nope")


def test_apply_repairs_runs_the_repairs_of_one_stage_in_order() -> None:
    seen: list[str] = []

    def first(spans: Spans, text: str) -> Spans:
        seen.append("first")
        return {**spans, "title": [spans["title"][0] + "1"]}

    def second(spans: Spans, text: str) -> Spans:
        seen.append("second")
        return {**spans, "title": [spans["title"][0] + "2"]}

    def late(spans: Spans, text: str) -> Spans:
        seen.append("late")
        return spans

    repairs = (Repair(first, READING), Repair(late, RECORD), Repair(second, READING))
    assert apply_repairs({"title": ["t"]}, "t", READING, repairs) == {"title": ["t12"]}
    assert seen == ["first", "second"]


def test_a_repair_switched_off_changes_only_what_it_repairs() -> None:
    korean = "이영희, '교사의 연구동향,' 교육행정학연구, 제23권, 제4호, pp.29-48, 2005."
    basler = "BASLER, Adolphe, « Y a-t-il une peinture juive ? », Mercure de France, 15 novembre 1925, pp. 11-18"
    full = parse_references([korean, basler])
    assert (full[0]["volume"], full[0]["issue"], full[1].get("volume")) == ("23", "4", None)
    without_cjk = parse_references([korean, basler], repairs=without("cjk_numbers"))
    assert (without_cjk[0]["volume"], without_cjk[0].get("issue")) == ("제23권", None)
    assert without_cjk[1] == full[1]
    without_day = parse_references([korean, basler], repairs=without("day_not_volume"))
    assert without_day[1]["volume"] == "15" and without_day[0] == full[0]


def _reading(spans: Spans, text: str = "") -> Spans:
    text = text or " ".join(v for k in ("author", "title", "container-title") for v in spans.get(k, []))
    return apply_repairs(spans, text, READING)


@pytest.mark.parametrize(
    ("spans", "authors", "title", "container"),
    [
        # Names continued into the title: the next repairs see the repaired boundary.
        (
            {
                "author": ["R. Lind and D. S."],
                "title": ["Touretzky Coarse-coded memories."],
                "container-title": ["Complex Systems,"],
            },
            ["R. Lind and D. S. Touretzky"],
            ["Coarse-coded memories."],
            ["Complex Systems,"],
        ),
        (
            {"author": ["I. Schropp, H. A. Atwater, A."], "title": ["Polman,"], "container-title": ["Opt. Express"]},
            ["I. Schropp, H. A. Atwater, A. Polman,"],
            [],
            ["Opt. Express"],
        ),
        # The year read into the names, then the quoted title ending at its quote.
        (
            {
                "author": ["Furt A., 2002,"],
                "title": ["“Monnaies grecques”, in La monetazione,"],
                "container-title": ["Atti,"],
            },
            ["Furt A.,"],
            ["“Monnaies grecques”"],
            ["La monetazione, Atti,"],
        ),
        # After the rule for a repeated author, a quoted title whose quotes hold more quotes.
        (
            {"author": ["———."], "title": ["“Nocturne” and “Five Tales.”"]},
            ["———."],
            ["“Nocturne” and “Five Tales.”"],
            None,
        ),
        # A family-first list ending in initials is complete; nothing moves.
        (
            {"author": ["Bell, H. I."], "title": ["Leaves of an Early Bible Manuscript."]},
            ["Bell, H. I."],
            ["Leaves of an Early Bible Manuscript."],
            None,
        ),
    ],
)
def test_the_reading_stage_on_readings_where_repairs_meet(
    spans: Spans, authors: list[str], title: list[str], container: list[str] | None
) -> None:
    out = _reading(spans)
    assert out["author"] == authors
    assert out.get("title", []) == title
    assert out.get("container-title") == container


@pytest.mark.parametrize(
    ("text", "spans", "author", "title", "container"),
    [
        (
            "Stephen H. Kellert, In the Wake of Chaos: Unpredictable Order, Chicago, 1993.",
            {"author": ["Stephen H."], "title": ["Kellert, In the Wake of Chaos: Unpredictable Order,"]},
            "Stephen H. Kellert,",
            "In the Wake of Chaos: Unpredictable Order,",
            None,
        ),
        (
            "C. Ghezzi, and A. Morzenti. Trio: A logic language for specifications. J Syst Softw, 12(2), 1990.",
            {
                "author": ["C. Ghezzi, and A."],
                "title": ["Morzenti. Trio: A logic language for specifications."],
                "container-title": ["J Syst Softw,"],
            },
            "C. Ghezzi, and A. Morzenti.",
            "Trio: A logic language for specifications.",
            "J Syst Softw,",
        ),
        (
            "Лебедев А. В., Орлова Н. И. Теория графов // Математический сборник. 2010. Т. 12.",
            {"author": ["Лебедев А. В., Орлова Н."], "title": ["И. Теория графов // Математический сборник."]},
            "Лебедев А. В., Орлова Н. И.",
            "Теория графов",
            "Математический сборник.",
        ),
    ],
)
def test_the_reading_stage_in_whole_strings(
    text: str, spans: Spans, author: str, title: str, container: str | None
) -> None:
    fixed = _reading(spans, text)
    assert fixed["author"][-1] == author
    assert fixed["title"][0] == title
    containers = fixed.get("container-title") or []
    assert (containers[0] if containers else None) == container


def test_the_reading_stage_leaves_plain_readings_alone() -> None:
    spans = {
        "author": ["Smith, J."],
        "title": ["Design for Reliability: The Major Challenge."],
        "container-title": ["Proc IEEE,"],
    }
    assert _reading(spans, "Smith, J. Design for Reliability: The Major Challenge. Proc IEEE, 81.") == spans
