"""Candidate validation: each piece of evidence, and the decision."""

from __future__ import annotations

import copy
from typing import Any

from citekit.resolve.match import choose, evidence_of, score
from citekit.resolve.outcome import Miss
from tests.conftest import fixture_works

WORKS = {w["DOI"]: w for w in fixture_works()}
ARTICLE = WORKS["10.5555/jcg.2019.041"]


def ref(**fields: Any) -> dict[str, Any]:
    base = {
        "title": "Glacial meltwater pulses and coastal sediment budgets",
        "author": [{"family": "Okafor", "given": "A"}],
        "issued": {"date-parts": [[2019]]},
        "container-title": "J. Coast. Geomorphol.",
        "volume": "41",
        "page": "211-29",
    }
    base.update(fields)
    return {k: v for k, v in base.items() if v is not None}


def test_full_agreement_scores_high() -> None:
    scored = score(evidence_of(ref()), ARTICLE)
    assert scored.probability > 0.99
    assert {"first author", "year", "volume", "first page", "container"} <= set(scored.reasons)


def test_abbreviated_page_range_and_container() -> None:
    ev = evidence_of(ref())
    assert (ev.first_page, ev.last_page) == ("211", "229")
    assert "container" in score(ev, ARTICLE).reasons


def test_year_off_by_one_is_tolerated_but_two_is_not() -> None:
    assert score(evidence_of(ref(issued={"date-parts": [[2020]]})), ARTICLE).veto is None
    assert score(evidence_of(ref(issued={"date-parts": [[2021]]})), ARTICLE).veto == "year differs"


def test_other_volume_or_pages_veto() -> None:
    assert score(evidence_of(ref(volume="52")), ARTICLE).veto == "volume differs"
    assert score(evidence_of(ref(page="12-20")), ARTICLE).veto == "pages differ"


def test_other_first_author_costs() -> None:
    assert (
        score(evidence_of(ref(author=[{"family": "Smith", "given": "J"}])), ARTICLE).logit
        < score(evidence_of(ref()), ARTICLE).logit - 3
    )


def test_erratum_and_preprint_lose_to_the_article() -> None:
    winner, reason, scored = choose(
        ref(), [WORKS["10.5555/jcg.2020.042e"], WORKS["10.5555/eartharxiv.2018.77"], ARTICLE]
    )
    assert winner is not None and winner.doi == "10.5555/jcg.2019.041", reason
    erratum = next(s for s in scored if s.doi == "10.5555/jcg.2020.042e")
    assert erratum.veto is not None


def test_raw_string_alone_is_evidence() -> None:
    raw = {
        "custom": {
            "raw": "Okafor, A. & Brenner, L. 2019. Glacial meltwater pulses and coastal sediment "
            "budgets. Journal of Coastal Geomorphology 41, 211-229."
        }
    }
    winner, _, _ = choose(raw, [ARTICLE, WORKS["10.5555/eartharxiv.2018.77"]])
    assert winner is not None and winner.doi == "10.5555/jcg.2019.041"


def test_two_equally_good_candidates_abstain() -> None:
    twin = copy.deepcopy(ARTICLE)
    twin["DOI"] = "10.5555/twin"
    twin["page"] = None
    twin["volume"] = None
    vague = {"title": ARTICLE["title"][0], "author": [{"family": "Okafor"}]}
    winner, reason, _ = choose(vague, [ARTICLE, twin])
    assert winner is None and reason.code == "ambiguous" and reason.reason.startswith("ambiguous (")


def test_nothing_to_go_on() -> None:
    assert choose({}, [ARTICLE])[0] is None
    assert choose(ref(), [])[1] == Miss("not-found", "not found in Crossref")


def test_messy_parsed_numbers_are_not_contradictions() -> None:
    # A parser that glued the month into the volume, or the volume into the pages.
    messy = ref(volume="41 (June): 211-29", page=None)
    scored = score(evidence_of(messy), ARTICLE)
    assert scored.veto is None and "volume in a messy field" in scored.reasons
    assert score(evidence_of(ref(volume=None, page="41, 211-229")), ARTICLE).veto is None


def test_titles_in_other_scripts_compare() -> None:
    work = {
        "DOI": "10.5555/cyr",
        "title": ["Екологічні аспекти закону гомологічних рядів"],
        "author": [{"family": "Афонін", "given": "А. П."}],
        "issued": {"date-parts": [[1999]]},
        "type": "book",
    }
    reference = {
        "title": "Екологічні аспекти закону гомологічних рядів",
        "author": [{"family": "Афонін"}],
        "issued": {"date-parts": [[1999]]},
    }
    winner, _, _ = choose(reference, [work])
    assert winner is not None and {"first author", "year"} <= set(winner.reasons)


def test_preprint_cited_as_preprint_is_fine() -> None:
    preprint = WORKS["10.5555/eartharxiv.2018.77"]
    cited = {
        "title": ARTICLE["title"][0],
        "author": [{"family": "Okafor"}],
        "issued": {"date-parts": [[2018]]},
        "container-title": "EarthArXiv",
    }
    winner, reason, _ = choose(cited, [preprint])
    assert winner is not None, reason
    assert "preprint, reference is published" in score(evidence_of(ref()), preprint).reasons


def test_reference_without_title_matches_on_numbers() -> None:
    # Physics style: no title; the parser may take the journal for the title.
    for fields in ({"title": None}, {"title": "J. Coast. Geomorphol.", "container-title": None}):
        winner, reason, _ = choose(ref(**fields), [ARTICLE, WORKS["10.5555/jcg.2020.042e"]])
        assert winner is not None and winner.doi == "10.5555/jcg.2019.041", reason
    # ...but numbers that disagree still decide.
    assert choose(ref(title=None, volume="52"), [ARTICLE])[0] is None


def test_volume_read_as_issue() -> None:
    assert "volume (parsed as issue)" in score(evidence_of(ref(volume=None, issue="41")), ARTICLE).reasons


def test_physics_style_reference_is_untitled_whatever_the_parser_says() -> None:
    from citekit.resolve.evidence import looks_titled as _looks_titled

    assert not _looks_titled("J. S. Veysey Powell and K. J. Babbitt, PLoS ONE 10, e0143505 (2015).")
    assert _looks_titled(
        "Okafor A. Glacial meltwater pulses and coastal sediment budgets. J Coast Geomorphol. 2019;41:211-29."
    )
    assert _looks_titled(
        "Okafor, Ana. \u201cGlacial Meltwater Pulses and Coastal Sediment Budgets.\u201d Journal of "
        "Coastal Geomorphology 41 (2019)."
    )
    # A parser that took names for the title must not veto the right work.
    mangled = {
        "title": "Brenner and",
        "author": [{"family": "Okafor"}],
        "issued": {"date-parts": [[2019]]},
        "volume": "41",
        "page": "211",
        "custom": {"raw": "A. Okafor and L. Brenner, J. Coast. Geomorphol. 41, 211 (2019)."},
    }
    winner, reason, _ = choose(mangled, [ARTICLE])
    assert winner is not None, reason
