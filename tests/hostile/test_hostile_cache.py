"""A corrupt answer cache never stops a run: a bad entry is ignored with a warning and
asked again; a file that is not a usable cache is bypassed."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from citekit.cli import cli
from citekit.resolve import make_resolver
from citekit.resolve.cache import MISSING, AnswerCache, doi_key, query_key
from citekit.resolve.limiter import Politeness
from citekit.testing import serve
from tests.conftest import standin

DOI = "10.5555/mel.2015.012"


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    """One Crossref stand-in for the module (building its index takes a while)."""
    with serve(standin()) as base:
        yield base


REF = "Tanaka H, Quintero M. Seasonal drift of pelagic larvae in upwelling systems. Mar Ecol Lett. 2015;12:1-14."


def _resolve(url: str, cache: Path) -> list[dict[str, object]]:
    fast = Politeness(single_rate=1000, list_rate=1000)
    with make_resolver(base_url=url, mailto="t@example.org", cache=cache, politeness=fast) as resolver:
        return resolver.resolve_all([{"custom": {"raw": REF}}, {"DOI": DOI, "custom": {"raw": f"doi:{DOI}"}}])


def _plant(cache: Path, url: str, values: dict[str, object]) -> None:
    """Entries written straight into the database, as another program might."""
    AnswerCache(cache).close()
    with sqlite3.connect(cache) as db:
        for key, value in values.items():
            db.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?, 0, strftime('%s','now'), 1)",
                (key.replace("{url}", url.rstrip("/").lower()), value),
            )


@pytest.mark.parametrize(
    "values",
    [
        {"{url} doi " + DOI: "{not json"},
        {"{url} doi " + DOI: json.dumps([1, 2, 3])},
        {"{url} doi " + DOI: json.dumps({"full": True, "work": "a string"})},
        {"{url} doi " + DOI: 42},
        {"{url} doi " + DOI: "[" * 100_000},
    ],
    ids=["not-json", "a-list", "work-not-an-object", "an-integer", "nested-deep"],
)
def test_corrupt_doi_entries_are_ignored_and_asked_again(
    tmp_path: Path, url: str, values: dict[str, object], caplog: pytest.LogCaptureFixture
) -> None:
    cache = tmp_path / "c.sqlite"
    _plant(cache, url, values)
    with caplog.at_level(logging.WARNING, logger="citekit.resolve"):
        _, by_doi = _resolve(url, cache)
    answers = AnswerCache(cache)
    assert answers.get(doi_key(url, DOI))["work"]["DOI"] == DOI  # replaced by a good entry
    answers.close()
    assert by_doi["custom"]["match"]["status"] == "verified"  # type: ignore[index]
    warnings = [r.getMessage() for r in caplog.records if "corrupt cache entry" in r.getMessage()]
    assert len(warnings) == 1 and str(cache) in warnings[0]


def test_a_corrupt_search_entry_is_ignored(tmp_path: Path, url: str, caplog: pytest.LogCaptureFixture) -> None:
    from citekit.resolve.query import bibliographic_query

    cache = tmp_path / "c.sqlite"
    AnswerCache(cache).close()
    key = query_key(url, bibliographic_query({"custom": {"raw": REF}}), 10)
    with sqlite3.connect(cache) as db:
        db.execute("INSERT INTO answers VALUES (?, ?, 1, strftime('%s','now'), 1)", (key, json.dumps({"items": "x"})))
    with caplog.at_level(logging.WARNING, logger="citekit.resolve"):
        by_search, _ = _resolve(url, cache)
    assert by_search["custom"]["match"]["status"] == "matched"  # type: ignore[index]
    assert any("a search answer that is not a list of works" in r.getMessage() for r in caplog.records)


def _truncated(path: Path) -> None:
    cache = AnswerCache(path, commit_every=100)
    for i in range(3000):
        cache.put(f"k{i}", {"text": "x" * 200})
    cache.close()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.truncate(size // 3)


@pytest.mark.parametrize("kind", ["garbage", "foreign", "truncated", "directory"])
def test_an_unusable_cache_file_is_bypassed(
    tmp_path: Path, url: str, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    cache = tmp_path / "c.sqlite"
    if kind == "garbage":
        cache.write_bytes(b"\x00garbage, not SQLite" * 1000)
    elif kind == "foreign":
        with sqlite3.connect(cache) as db:
            db.execute("CREATE TABLE answers (question TEXT, reply BLOB)")
            db.execute("INSERT INTO answers VALUES ('q', x'00')")
    elif kind == "truncated":
        _truncated(cache)
    else:
        cache.mkdir()
    with caplog.at_level(logging.WARNING, logger="citekit.resolve"):
        by_search, by_doi = _resolve(url, cache)
    assert by_search["custom"]["match"]["status"] == "matched"  # type: ignore[index]
    assert by_doi["custom"]["match"]["status"] == "verified"  # type: ignore[index]
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 1 and str(cache) in messages[0] and "\n" not in messages[0]


def test_a_cache_damaged_while_open_is_bypassed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "c.sqlite"
    cache = AnswerCache(path, commit_every=1)
    for i in range(3000):
        cache.put(f"k{i}", {"text": "x" * 200})
    cache.close()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with caplog.at_level(logging.WARNING, logger="citekit.resolve"):
        cache = AnswerCache(path)
        with open(path, "r+b") as handle:  # another program overwrites it under us
            handle.seek(8192)
            handle.write(b"\xff" * (path.stat().st_size - 8192))
        found = [cache.get(f"k{i}") for i in range(0, 3000, 7)]
        cache.put("new", {"a": 1})
        cache.close()
    assert MISSING in found
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 1 and "failed" in messages[0] and "going on without it" in messages[0]


def test_the_cli_goes_on_without_a_garbage_cache(tmp_path: Path, url: str, caplog: pytest.LogCaptureFixture) -> None:
    cache = tmp_path / "c.sqlite"
    cache.write_bytes(b"garbage" * 100)
    with caplog.at_level(logging.WARNING, logger="citekit.resolve"):
        result = CliRunner().invoke(
            cli,
            ["refs", "--resolve", "--crossref-url", url, "--mailto", "t@example.org", "--cache", str(cache)],
            input=REF + "\n",
        )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["DOI"] == DOI
    assert [r.getMessage() for r in caplog.records] == [
        f"citekit: cannot use the cache {cache} (file is not a database); resolving without it"
    ]
