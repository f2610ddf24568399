from __future__ import annotations

from citekit.dedupe import Deduplicator, dedupe, work_keys
from citekit.record import normalize


def _rec(**fields: object) -> dict[str, object]:
    return normalize(fields)


def test_same_doi_in_any_case_is_one_work() -> None:
    a = _rec(DOI="10.5555/ABC", title="T", custom={"origin": "a.html", "references": [{"id": "r1"}]})
    b = _rec(
        DOI="https://doi.org/10.5555/abc",
        volume="4",
        custom={"origin": "b.xml", "references": [{"id": "r1"}, {"id": "r2"}]},
    )
    (merged,) = dedupe([a, b])
    assert merged["title"] == "T" and merged["volume"] == "4"
    assert merged["custom"]["origins"] == ["a.html", "b.xml"]
    assert [r["id"] for r in merged["custom"]["references"]] == ["r1", "r2"]


def test_title_year_author_joins_records_without_identifiers() -> None:
    base = {
        "title": "Thoracic Paravertebral Extramedullary Hematopoiesis",
        "issued": {"date-parts": [[2024]]},
        "author": [{"family": "Boujida", "given": "N"}],
    }
    c = Deduplicator()
    first = c.add(_rec(**base), "page.txt")
    second = c.add(
        _rec(
            **{
                **base,
                "title": "Thoracic paravertebral extramedullary hematopoiesis.",
                "DOI": "10.4172/2376-0249.1000931",
            }
        ),
        "page.html",
    )
    assert first == second
    assert c.id_of(first) == "10.4172/2376-0249.1000931"


def test_undated_copies_join_but_never_a_dated_record() -> None:
    base = {
        "title": "Convergence of numerical adjoint schemes for conservation laws",
        "author": [{"family": "Schäfer Aguilar", "given": "P"}],
    }
    c = Deduplicator()
    first = c.add(_rec(**base), "copy1.html")
    assert c.add(_rec(**{**base, "title": base["title"].upper()}), "copy2.html") == first
    assert c.add(_rec(**base, issued={"date-parts": [[2021]]}), "dated.html") != first
    assert c.add(_rec(title="A short title", author=[{"family": "Roe"}]), "a.html") != c.add(
        _rec(title="A short title", author=[{"family": "Roe"}]), "b.html"
    )


def test_different_dois_stay_apart_even_with_the_same_title() -> None:
    base = {
        "title": "A result worth publishing twice",
        "issued": {"date-parts": [[2020]]},
        "author": [{"family": "Roe"}],
    }
    works = dedupe([_rec(**base, DOI="10.5555/preprint"), _rec(**base, DOI="10.5555/journal")])
    assert len(works) == 2


def test_pmid_and_arxiv_keys() -> None:
    keys = work_keys({"custom": {"identifiers": {"PMID": "123", "arXiv": "2101.00001v2"}}, "PMCID": "PMC99"})
    assert "pmid:123" in keys and "arxiv:2101.00001" in keys and "pmcid:99" in keys
