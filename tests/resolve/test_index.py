"""The local index of Crossref works: building, DOI lookups, bibliographic search through
the resolver's matcher, replacement by DOI, interruption."""

from __future__ import annotations

import gzip
import itertools
import json
import sqlite3
import zlib
from pathlib import Path
from typing import Any

import pytest

from citekit.errors import ReadError
from citekit.parsers.refs.reference import parse_references
from citekit.resolve.index import WorkIndex, build_index, open_index, search_text, trim
from citekit.resolve.index.store import two_of
from citekit.resolve.resolver import Resolver
from tests.conftest import CROSSREF
from tests.resolve.index_works import filler, near_misses, recorded

REFS = [
    "Okafor A, Brenner T. Glacial meltwater pulses and coastal sediment budgets. J Coast Geomorphol. 2019;41:211-229.",
    "Tanaka H, Quintero M. Seasonal drift of pelagic larvae in upwelling systems. Mar Ecol Lett. 2015;12:1-14.",
]
GOLD = ["10.5555/jcg.2019.041", "10.5555/mel.2015.012"]


def _jsonl(path: Path, works: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(w) + "\n" for w in works), encoding="utf-8")
    return path


def _resolve(index_path: Path, refs: list[str]) -> list[dict[str, Any]]:
    with Resolver(None, index=WorkIndex(index_path)) as resolver:
        return resolver.resolve_all(parse_references(refs))


@pytest.fixture
def full(tmp_path: Path) -> Path:
    """An index of the recorded works, three near misses of each, and 300 filler works."""
    works = recorded()
    extra = [m for n, w in enumerate(works) if w.get("issued") for m in near_misses(w, n)] + filler(300)
    path = tmp_path / "works.idx"
    built = build_index(path, [CROSSREF, _jsonl(tmp_path / "extra.jsonl", extra)])
    assert built.added == len(works) + len(extra) and not built.problems
    return path


def test_doi_lookup_any_case(full: Path) -> None:
    with WorkIndex(full) as index:
        work = index.get("10.5555/JCG.2019.041")
        assert work is not None and work["title"] == ["Glacial meltwater pulses and coastal sediment budgets"]
        assert "abstract" not in work and "affiliation" not in work["author"][0]  # trimmed
        assert index.get("10.5555/absent") is None
        assert set(index.get_many(["10.5555/mel.2015.012", "10.5555/absent"])) == {"10.5555/mel.2015.012"}


def test_bibliographic_match_through_the_matcher(full: Path) -> None:
    out = _resolve(full, REFS)
    assert [r.get("DOI") for r in out] == GOLD
    for record in out:
        match = record["custom"]["match"]
        assert match["status"] == "matched" and match["method"] == "index" and match["score"] >= 0.85


def test_two_of_the_rarest_words_when_the_words_are_common(full: Path) -> None:
    query = REFS[0].replace("meltwater", "meltwatr")  # a typing error in one of the rarest words
    with WorkIndex(full) as index:
        anyof = [w["DOI"] for w in index.search(query)]
        pairs = [w["DOI"] for w in index.search(query, budget=0)]  # as if every word were common
        assert index.search("glacial", budget=0)  # too few words for pairs: any of them
    assert anyof[0] == pairs[0] == GOLD[0]


@pytest.mark.parametrize("n", range(2, 9))
def test_two_of_holds_for_works_with_two_or_more_of_the_words(n: int) -> None:
    words = [f"w{i}" for i in range(n)]
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(text)")
    subsets = [s for k in range(n + 1) for s in itertools.combinations(words, k)]
    rows = [(i + 1, " ".join(("x", *s))) for i, s in enumerate(subsets)]
    db.executemany("INSERT INTO t(rowid, text) VALUES (?, ?)", rows)
    found = {r for (r,) in db.execute("SELECT rowid FROM t WHERE t MATCH ?", (two_of(words),))}
    assert found == {i + 1 for i, s in enumerate(subsets) if len(s) >= 2}
    expression = two_of(words)
    assert max(expression.count(f'"{w}"') for w in words) <= n.bit_length() + 1  # not every pair spelt out
    with pytest.raises(ValueError):
        two_of(words[:1])


def test_word_counts_from_the_terms_table_or_fts5s_own(full: Path) -> None:
    probe = ["glacial", "meltwater", "sediment", "2019", "absentword"]
    with WorkIndex(full) as index:
        vocab = dict(index.db.execute("SELECT term, doc FROM search_vocab WHERE term IN (?,?,?,?,?)", probe))
        counts = index._frequencies(probe)
        assert index._vocab is not None and "FROM terms" in index._vocab
        found = [w["DOI"] for w in index.search(REFS[0])]
    assert counts == {**dict.fromkeys(probe, 0), **vocab} and counts["glacial"] > 0
    with WorkIndex(full, write=True) as index:  # as a build cut short before writing the table leaves it
        index.db.execute("DELETE FROM terms")
    with WorkIndex(full) as index:
        assert index._frequencies(probe) == counts and "search_vocab" in str(index._vocab)
        assert [w["DOI"] for w in index.search(REFS[0])] == found


def test_reference_labels_are_not_searched_for(tmp_path: Path) -> None:
    works = filler(60)
    labels = {"DOI": "10.5555/labels", "title": ["Vol pp Oct doi"], "issued": {"date-parts": [[1950]]}}
    build_index(tmp_path / "x.idx", [_jsonl(tmp_path / "w.jsonl", [*works, labels])])
    cited = works[7]
    title, family = cited["title"][0], cited["author"][0]["family"]
    with WorkIndex(tmp_path / "x.idx") as index:
        found = [w["DOI"] for w in index.search(f"{family}. {title}. Vol. {cited['volume']}, pp. 1-2, Oct. doi")]
        assert found[0] == cited["DOI"] and "10.5555/labels" not in found
        assert [w["DOI"] for w in index.search("Vol. pp. Oct. doi")] == []  # nothing left to ask


def test_abstains_when_only_near_misses_are_indexed(tmp_path: Path) -> None:
    works = recorded()
    target = next(w for w in works if w["DOI"] == GOLD[0])
    rest = [w for w in works if w["DOI"] != GOLD[0]]
    path = tmp_path / "near.idx"
    build_index(path, [_jsonl(tmp_path / "w.jsonl", rest + near_misses(target, 0) + filler(100))])
    (record,) = _resolve(path, REFS[:1])
    assert record["custom"]["match"]["status"] == "unresolved"
    assert "DOI" not in record


def test_doi_verification_and_offline_miss(full: Path) -> None:
    items = [
        {"DOI": "10.5555/mel.2015.012", "custom": {"raw": REFS[1]}},
        {"DOI": "10.5555/jcg.2019.041", "title": "Seasonal drift of pelagic larvae", "custom": {"raw": REFS[1]}},
        {"DOI": "10.5555/absent", "custom": {"raw": "Nobody X. Lost. 1999."}},
    ]
    with Resolver(None, index=WorkIndex(full)) as resolver:
        ok, wrong, absent = resolver.resolve_all(items)
    assert ok["custom"]["match"]["status"] == "verified" and ok["custom"]["match"]["method"] == "index"
    assert wrong["custom"]["match"]["code"] == "doi-mismatch"
    assert absent["custom"]["match"]["code"] == "offline"


def test_sources_jsonl_items_gzip_single_and_bad_lines(tmp_path: Path) -> None:
    works = filler(5)
    (tmp_path / "in").mkdir()
    with gzip.open(tmp_path / "in" / "a.json.gz", "wt", encoding="utf-8") as handle:
        json.dump({"items": works[:2]}, handle, indent=1)  # pretty: one document, not lines
    with gzip.open(tmp_path / "in" / "b.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write(json.dumps(works[2]) + "\nnot json\n" + json.dumps({"no": "doi"}) + "\n")
    (tmp_path / "in" / "c.json").write_text(json.dumps({"message": works[3]}), encoding="utf-8")
    (tmp_path / "in" / "notes.txt").write_text("ignored", encoding="utf-8")
    single = tmp_path / "d.json"
    single.write_text(json.dumps(works[4], indent=2), encoding="utf-8")
    built = build_index(tmp_path / "x.idx", [tmp_path / "in", single])
    assert (built.added, built.replaced, built.skipped, built.files) == (5, 0, 2, 4)
    b = tmp_path / "in" / "b.jsonl.gz"
    assert built.rejected == (
        f"{b}:2: not JSON (Expecting value at column 1)",
        f"{b}:3: no Crossref work (an object without a DOI)",
    )
    with WorkIndex(tmp_path / "x.idx") as index:
        assert len(index) == 5


@pytest.mark.parametrize("jobs", [1, 2])
def test_parallel_build_gives_the_same_index(tmp_path: Path, jobs: int) -> None:
    works = filler(120)
    source = _jsonl(tmp_path / "a.jsonl", [*works, dict(works[3], title=["Replaced within the same build"])])
    built = build_index(tmp_path / "x.idx", [source, CROSSREF], batch=25, jobs=jobs)
    assert (built.added, built.replaced, built.skipped) == (120 + len(recorded()), 1, 0)
    with WorkIndex(tmp_path / "x.idx") as index:
        assert index.get(works[3]["DOI"])["title"] == ["Replaced within the same build"]  # type: ignore[index]
        rows = index.db.execute("SELECT doi, data FROM works ORDER BY doi").fetchall()
        assert [w["DOI"] for w in index.search(" ".join(works[7]["title"]) + " " + works[7]["author"][0]["family"])][
            :1
        ] == [works[7]["DOI"]]
    assert len(rows) == 120 + len(recorded())


def test_missing_source_is_refused_before_writing(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no such file"):
        build_index(tmp_path / "x.idx", [tmp_path / "absent.jsonl"])
    assert not (tmp_path / "x.idx").exists()


def test_rebuild_adds_and_replaces_by_doi(tmp_path: Path) -> None:
    works = filler(20)
    path = tmp_path / "x.idx"
    build_index(path, [_jsonl(tmp_path / "a.jsonl", works)])
    changed = dict(works[0], DOI=works[0]["DOI"].upper(), title=["Entirely different heading words"])
    built = build_index(path, [_jsonl(tmp_path / "b.jsonl", [changed, *_more(2)])])
    assert (built.added, built.replaced) == (2, 1)
    with WorkIndex(path) as index:
        assert len(index) == 22
        assert index.get(works[0]["DOI"])["title"] == ["Entirely different heading words"]  # type: ignore[index]
        found = [w["DOI"] for w in index.search("Entirely different heading words")]
        assert found[0].lower() == works[0]["DOI"].lower()
        old_words = works[0]["title"][0]
        hits = [w["DOI"].lower() for w in index.search(old_words, rows=50)]
        assert works[0]["DOI"].lower() not in hits  # its old words were taken out of the search


def _more(count: int) -> list[dict[str, Any]]:
    return [dict(w, DOI=f"10.5555/more.{i}") for i, w in enumerate(filler(count, seed=11))]


def test_interrupted_build_keeps_committed_batches(tmp_path: Path) -> None:
    works = filler(50)
    source = _jsonl(tmp_path / "a.jsonl", works)
    path = tmp_path / "x.idx"
    calls = []

    def stop(tally: Any) -> None:
        calls.append(tally.works)
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C after the second batch was committed

    built = build_index(path, [source], batch=10, progress=stop)
    assert built.interrupted and built.added == 20
    assert [p.name for p in Path(tmp_path).iterdir() if p.name.startswith("x.idx")] == ["x.idx"]  # one file
    with open_index(path) as index:
        assert len(index) == 20 and index.get(works[19]["DOI"]) is not None and index.get(works[20]["DOI"]) is None
    again = build_index(path, [source], batch=10)
    assert (again.added, again.replaced) == (30, 20)
    with open_index(path) as index:
        assert len(index) == 50


def test_interrupt_mid_batch_rolls_the_batch_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "x.idx"
    source = _jsonl(tmp_path / "a.jsonl", filler(30))
    import citekit.resolve.index as module

    real = module.texts_in

    def interrupted(file: Path, tally: Any) -> Any:
        for n, text in enumerate(real(file, tally)):
            if n == 14:
                raise KeyboardInterrupt  # Ctrl-C while the second batch is being read
            yield text

    monkeypatch.setattr(module, "texts_in", interrupted)
    built = build_index(path, [source], batch=10)
    assert built.interrupted and built.added == 10
    with open_index(path) as index:
        assert len(index) == 10


def test_trim_keeps_what_matching_needs_and_is_small(full: Path) -> None:
    with WorkIndex(full) as index:
        sizes = [len(blob) for (blob,) in index.db.execute("SELECT data FROM works")]
        info = index.info()
    assert max(sizes) < 1500 and sum(sizes) / len(sizes) < 400
    assert info["works"] == len(sizes) and info["bytes_per_work"] > 0
    work = recorded()[0]
    kept = trim(work)
    assert kept["DOI"] == work["DOI"] and search_text(kept) == search_text(trim(kept))
    assert zlib.compress(json.dumps(kept).encode())


def test_not_an_index(tmp_path: Path) -> None:
    bad = tmp_path / "bad.idx"
    bad.write_text("not sqlite at all " * 100, encoding="utf-8")
    with pytest.raises(ReadError, match="cannot open the index"):
        open_index(bad)
    with pytest.raises(ReadError, match="no index here"):
        open_index(tmp_path / "absent.idx")
