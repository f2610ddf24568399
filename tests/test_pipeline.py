from __future__ import annotations

import pickle
from collections.abc import Sequence
from pathlib import Path

import pytest

from citekit import pipeline
from citekit.errors import NetworkError, ParseError
from citekit.record import Record, normalize
from citekit.source import Source


def fake_parser(source: Source) -> list[Record]:
    if "broken" in source.text:
        raise ParseError("cannot make sense of it")
    if "deep" in source.text:
        raise RecursionError("maximum recursion depth exceeded")
    if "empty" in source.text:
        return []
    return [
        normalize(
            {
                "title": source.text.strip(),
                "custom": {"references": [{"id": "r1", "type": "article-journal", "title": "Cited"}]},
            }
        )
    ]


class FakeResolver:
    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.seen: list[str] = []

    def resolve_all(self, records: Sequence[Record]) -> list[Record]:
        self.seen.extend(record["title"] for record in records)
        if self.fail:
            raise NetworkError("connection refused")
        return [{**r, "DOI": "10.5555/1", "custom": {**r["custom"], "match": {"status": "verified"}}} for r in records]


def _files(tmp_path: Path, texts: dict[str, str]) -> list[str]:
    paths = []
    for name, text in texts.items():
        path = tmp_path / name
        path.write_text(text)
        paths.append(str(path))
    return paths


def test_one_bad_input_never_stops_the_batch(tmp_path: Path) -> None:
    paths = _files(tmp_path, {"a.txt": "first", "b.txt": "broken", "c.txt": "empty", "d.txt": "last", "e.txt": "deep"})
    outcomes = list(pipeline.harvest([*paths[:4], str(tmp_path / "missing.txt"), paths[4]], parser=fake_parser))
    assert [o.ok for o in outcomes] == [True, False, False, True, False, False]
    assert outcomes[1].error is not None and outcomes[1].error.describe() == f"{paths[1]}: cannot make sense of it"
    assert outcomes[2].error is not None and "no bibliographic record" in str(outcomes[2].error)
    assert outcomes[4].error is not None and outcomes[4].error.describe().endswith("missing.txt: no such file")
    assert outcomes[5].error is not None and "RecursionError" in outcomes[5].error.describe()
    assert [r["title"] for r in pipeline.records_of(outcomes)] == ["first", "last"]


def test_records_carry_their_origin_and_format(tmp_path: Path) -> None:
    (path,) = _files(tmp_path, {"a.txt": "hello"})
    outcome = pipeline.process(path, parser=fake_parser)
    assert outcome.record is not None
    # an absolute path outside the working directory: its name only, no local folders
    assert outcome.record["custom"]["origin"] == "a.txt" and outcome.record["custom"]["format"] == "text"
    assert outcome.origin == path  # messages and the report still name the input as given


def test_origin_is_relative_to_what_the_user_passed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "refs").mkdir()
    (tmp_path / "refs" / "a.txt").write_text("hello", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for given in ("refs/a.txt", str(tmp_path / "refs" / "a.txt")):
        outcome = pipeline.process(given, parser=fake_parser)
        assert outcome.record is not None and outcome.record["custom"]["origin"] == "refs/a.txt"


def test_resolver_is_applied_and_its_failure_is_a_warning(tmp_path: Path) -> None:
    (path,) = _files(tmp_path, {"a.txt": "hello"})
    resolver = FakeResolver()
    (outcome,) = pipeline.harvest([path], parser=fake_parser, resolver=resolver)
    assert outcome.record is not None and outcome.record["DOI"] == "10.5555/1"
    (failed,) = pipeline.harvest([path], parser=fake_parser, resolver=FakeResolver(fail=True))
    assert failed.ok and failed.record is not None and "DOI" not in failed.record
    assert failed.warnings == ("not resolved: connection refused",)


def test_outcome_report_and_pickling(tmp_path: Path) -> None:
    paths = _files(tmp_path, {"a.txt": "hello", "b.txt": "broken"})
    good, bad = pipeline.harvest(paths, parser=fake_parser)
    assert good.report()["status"] == "ok" and good.report()["records"] == [good.records[0]["id"]]
    entry = bad.report()
    assert entry["status"] == "error" and entry["error_type"] == "ParseError" and entry["records"] == []
    copy = pickle.loads(pickle.dumps(bad))
    assert copy.report() == {**entry, "seconds": copy.report()["seconds"]}


def test_sources_can_be_passed_read() -> None:
    source = Source("from memory", "text/plain", "memory")
    (outcome,) = pipeline.harvest([source], parser=fake_parser)
    assert outcome.origin == "memory" and outcome.record is not None


def _bibliography(count: int) -> str:
    return "@string{j = {Journal of Pieces}}\n" + "".join(
        f"@article{{k{i}, author = {{Roe, Ann}}, title = {{Work number {i}}}, journal = j, year = {{2001}}}}\n"
        for i in range(count)
    )


def test_a_long_bibliography_comes_in_numbered_pieces(tmp_path: Path) -> None:
    from citekit.parsers.bibtex_stream import CHUNK_ENTRIES

    path = tmp_path / "big.bib"
    path.write_text(_bibliography(2 * CHUNK_ENTRIES + 3))
    outcomes = list(pipeline.process_pieces(str(path)))
    assert [(o.piece, o.more) for o in outcomes] == [(0, True), (1, True), (2, False)]
    assert sum(len(o.records) for o in outcomes) == 2 * CHUNK_ENTRIES + 3
    # Macros carry from piece to piece; every piece is its input's.
    assert {o.origin for o in outcomes} == {str(path)}
    assert outcomes[-1].records[-1]["container-title"] == "Journal of Pieces"
    page = tmp_path / "page.txt"
    page.write_text("nothing bibliographic here")
    (single,) = pipeline.process_pieces(str(page))
    assert single.piece == 0 and not single.more
