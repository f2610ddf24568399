from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from citekit.errors import ParseError
from citekit.library import Library
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
