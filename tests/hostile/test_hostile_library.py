"""``citekit harvest`` with a library that cannot be used: one line naming the file and
what to do; ``--fresh`` replaces an unreadable library but never a locked one."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from citekit import library as library_module
from citekit.cli import cli
from citekit.library import Library

BIB = "@article{a, title={A title long enough}, author={Doe, Jane}, year=2020, journal={J Tests}}\n"


def harvest(tmp_path: Path, *extra: str) -> tuple[int, str]:
    source = tmp_path / "in.bib"
    source.write_text(BIB)
    args = ["harvest", str(source), "-o", str(tmp_path / "out"), "--offline", "-j", "1", "--no-progress", *extra]
    result = CliRunner().invoke(cli, args)
    return result.exit_code, result.stderr


def resume(tmp_path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["harvest", "--resume", "-o", str(tmp_path / "out"), "--offline", "-j", "1"])
    return result.exit_code, result.stderr


@pytest.fixture
def library(tmp_path: Path) -> Path:
    path = tmp_path / "out" / "library.sqlite"
    path.parent.mkdir()
    return path


def test_a_garbage_library_is_one_line_and_fresh_replaces_it(tmp_path: Path, library: Path) -> None:
    library.write_bytes(b"garbage, not SQLite\n" * 1000)
    code, err = harvest(tmp_path)
    assert code == 1
    assert err.splitlines() == [
        f"{library}: not a SQLite database; start over with --fresh and the inputs (which moves it to {library}.bad)"
    ]
    assert not (tmp_path / "out" / "records.json").exists()
    code, err = harvest(tmp_path, "--fresh")
    assert code == 0, err
    assert err.splitlines()[0] == f"{library}: not a SQLite database; kept as {library}.bad, starting a new library"
    assert len(json.loads((tmp_path / "out" / "records.json").read_text())) == 1
    assert (tmp_path / "out" / "library.sqlite.bad").read_bytes() == b"garbage, not SQLite\n" * 1000


def test_a_newer_library_is_one_line_on_resume(tmp_path: Path, library: Path) -> None:
    code, _ = harvest(tmp_path)
    assert code == 0
    with Library(library) as lib:
        lib.set_meta("schema_version", "2")
    code, err = resume(tmp_path)
    assert code == 1
    assert err.splitlines() == [
        f"{library}: written by a newer citekit (library schema 2; this one reads 1);"
        f" start over with --fresh and the inputs (which moves it to {library}.bad)"
    ]


def test_a_foreign_database_is_not_written_into(tmp_path: Path, library: Path) -> None:
    with sqlite3.connect(library) as db:
        db.execute("CREATE TABLE accounts (name TEXT)")
    before = library.read_bytes()
    code, err = harvest(tmp_path)
    assert code == 1 and "a SQLite database, but not a citekit library; start over with --fresh" in err
    assert library.read_bytes() == before


def test_a_locked_library_is_one_line_even_with_fresh(
    tmp_path: Path, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library_module, "LOCK_TIMEOUT", 0.3)
    code, _ = harvest(tmp_path)
    assert code == 0
    holder = sqlite3.connect(library, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another harvest, in the middle of a commit
    try:
        for extra in ((), ("--fresh",)):
            code, err = harvest(tmp_path, *extra)
            assert code == 1
            assert err.splitlines() == [
                f"{library}: locked by another process for over 0.3 s; another harvest into the same place?"
                " wait for it to finish, or give another -o or --db"
            ]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not (tmp_path / "out" / "library.sqlite.bad").exists()
