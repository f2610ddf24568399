from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from citekit import library as library_module
from citekit.errors import ParseError
from citekit.library import Library, LibraryError
from citekit.pipeline import Outcome
from citekit.record import normalize


def _ok(origin: str, **fields: object) -> Outcome:
    return Outcome(origin, (normalize(fields),), seconds=0.01)


def test_commit_dedupes_and_reports_each_input_once(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite") as lib:
        lib.commit(
            _ok(
                "a.html",
                title="First work here",
                DOI="10.5555/1",
                custom={"references": [{"id": "r", "DOI": "10.5555/9"}]},
            )
        )
        lib.commit(_ok("b.xml", DOI="10.5555/1", volume="3"))
        lib.commit(Outcome("c.txt", error=ParseError("nothing found", origin="c.txt")))
        lib.commit(
            _ok("c.txt", title="Another one entirely", author=[{"family": "Roe"}], issued={"date-parts": [[2001]]})
        )
        records = list(lib.records())
        assert [r["id"] for r in records] == ["10.5555/1", "roe-2001-another"]
        assert records[0]["volume"] == "3" and records[0]["custom"]["origins"] == ["a.html", "b.xml"]
        report = list(lib.report())
        assert [(e["input"], e["status"], e["records"]) for e in report] == [
            ("a.html", "ok", ["10.5555/1"]),
            ("b.xml", "ok", ["10.5555/1"]),
            ("c.txt", "ok", ["roe-2001-another"]),
        ]
        assert report[2]["attempts"] == 2 and "error" not in report[2]
        assert [e["record"] for e in report] == ["10.5555/1", "10.5555/1", "roe-2001-another"]
        assert lib.count("works") == 2 and lib.count("records") == 3 and lib.count("citations") == 1
        assert lib.status("a.html") == "ok" and lib.status("zzz") is None


def test_failed_commit_rolls_back_everything(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite") as lib:
        bad = Outcome("x", (normalize({"title": "A title long enough"}), {"no": "id"}))  # the second record has no id
        with pytest.raises(KeyError):
            lib.commit(bad)
        assert lib.count("works") == 0 and lib.count("inputs") == 0


def test_committed_inputs_survive_an_unclean_exit(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    lib = Library(path)
    lib.commit(_ok("a.html", DOI="10.5555/1"))
    # No close(): the process "dies" here; another connection sees the commit.
    other = sqlite3.connect(path)
    assert other.execute("SELECT origin, status FROM inputs").fetchall() == [("a.html", "ok")]
    other.close()
    lib.close()


def test_reset_and_meta(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite") as lib:
        lib.set_meta("inputs", '["data/"]')
        lib.commit(_ok("a.html", DOI="10.5555/1"))
        lib.reset()
        assert lib.count("inputs") == 0 and lib.count("works") == 0
        assert lib.get_meta("inputs") == '["data/"]'
    with pytest.raises(ValueError):
        lib.count("nonsense")


# -- a library that cannot be used: one LibraryError naming the file ----------------------


def _library_with_data(path: Path) -> None:
    with Library(path) as lib:
        for i in range(300):
            lib.commit(_ok(f"in{i}.bib", title=f"Work number {i} of many", DOI=f"10.5555/{i}", abstract="x" * 500))
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _damage(path: Path, kind: str) -> None:
    if kind == "garbage":
        path.write_bytes(b"\x00this is not a database\xff" * 4096)
    elif kind == "truncated":
        _library_with_data(path)
        with open(path, "r+b") as handle:
            handle.truncate(path.stat().st_size // 2)
    elif kind == "overwritten":
        _library_with_data(path)
        with open(path, "r+b") as handle:
            handle.seek(4096)
            handle.write(b"\xff" * 65536)
    elif kind == "newer":
        with Library(path) as lib:
            lib.set_meta("schema_version", "7")
    elif kind == "foreign":
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE users (name TEXT, password TEXT)")
    elif kind == "foreign-meta":
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE meta (a, b, c)")


@pytest.mark.parametrize("kind", ["garbage", "truncated", "overwritten", "newer", "foreign", "foreign-meta"])
def test_an_unreadable_library_raises_one_library_error(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "lib.sqlite"
    _damage(path, kind)
    # The damage may show when the library is opened or when it is first used.
    with pytest.raises(LibraryError) as caught, Library(path) as lib:
        list(lib.report())
        list(lib.records())
        lib.commit(_ok("new.bib", title="Added after the damage", DOI="10.5555/new"))
    error = caught.value
    assert error.origin == str(path) and error.reason == "unreadable"
    assert "\n" not in error.describe()
    expected = {
        "garbage": "not a SQLite database",
        "newer": "written by a newer citekit (library schema 7; this one reads 1)",
        "foreign": "a SQLite database, but not a citekit library",
        "foreign-meta": "a SQLite database, but not a citekit library",
    }
    if kind in expected:
        assert error.message == expected[kind]
    else:
        assert error.message.startswith("damaged (")


@pytest.mark.parametrize("kind", ["garbage", "truncated", "overwritten", "newer", "foreign"])
def test_replace_unreadable_moves_it_aside_and_starts_anew(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "lib.sqlite"
    _damage(path, kind)
    before = path.read_bytes()
    with Library(path, replace_unreadable=True) as lib:
        assert lib.replaced is not None
        lib.commit(_ok("a.bib", title="A fresh start here", DOI="10.5555/1"))
        assert lib.count("inputs") == 1
    assert (tmp_path / "lib.sqlite.bad").read_bytes() == before
    with Library(path, replace_unreadable=True) as lib:  # sound now: kept
        assert lib.replaced is None and lib.count("inputs") == 1


def test_a_sound_library_is_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    _library_with_data(path)
    with Library(path, replace_unreadable=True) as lib:
        assert lib.replaced is None and lib.count("inputs") == 300
    assert not (tmp_path / "lib.sqlite.bad").exists()


def test_a_locked_library_is_reported_and_never_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(library_module, "LOCK_TIMEOUT", 0.2)
    path = tmp_path / "lib.sqlite"
    _library_with_data(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another harvest, in the middle of a commit
    try:
        for replace in (False, True):
            with pytest.raises(LibraryError) as caught, Library(path, replace_unreadable=replace) as lib:
                lib.commit(_ok("b.bib", title="Waiting for the lock", DOI="10.5555/b"))
            assert caught.value.reason == "locked"
            assert caught.value.describe() == f"{path}: locked by another process for over 0.2 s"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not (tmp_path / "lib.sqlite.bad").exists()
    with Library(path) as lib:
        assert lib.count("inputs") == 300


def test_a_library_that_cannot_be_created_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(LibraryError) as caught:
        Library(tmp_path / "a-file" / "lib.sqlite")
    assert caught.value.message == f"cannot create its folder: {tmp_path / 'a-file'} is not a folder"
    (tmp_path / "dir.sqlite").mkdir()
    with pytest.raises(LibraryError, match=r"^is a directory$"):
        Library(tmp_path / "dir.sqlite")


def test_a_long_input_committed_in_pieces_is_done_only_with_its_last(tmp_path: Path) -> None:
    first = Outcome("big.bib", (normalize({"DOI": "10.5555/1"}),), warnings=("line 3: odd",), more=True)
    second = Outcome("big.bib", (normalize({"DOI": "10.5555/2"}),), warnings=("line 9: odd",), piece=1)
    with Library(tmp_path / "lib.sqlite") as lib:
        lib.commit(first)
        # Stopped here: the input is not done (a resumed harvest reads it again), and says so.
        assert lib.status("big.bib") == "error"
        (entry,) = lib.report()
        assert entry["error_type"] == "Interrupted" and "stopped after 1 records" in entry["error"]
        lib.commit(first)  # read again from its start: what the first reading stored is not counted twice
        lib.commit(second)
        assert lib.status("big.bib") == "ok"
        (entry,) = lib.report()
        assert entry["records"] == ["10.5555/1", "10.5555/2"] and "error" not in entry
        assert entry["warnings"] == ["line 3: odd", "line 9: odd"] and entry["attempts"] == 2
        assert lib.count("works") == 2 and lib.count("records") == 2
