"""A harvest killed with SIGKILL and resumed ends exactly like an uninterrupted one."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import sigint_at_default

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")


def _pages(folder: Path, count: int) -> None:
    folder.mkdir()
    for i in range(count):
        # Every fifth page repeats an earlier DOI: duplicates must merge the same way
        # whether or not the harvest was interrupted in between.
        doi = f"10.5555/kill.{i - i % 5 if i % 5 == 4 else i}"
        refs = "".join(
            f'<meta name="citation_reference" content="citation_title=Cited work {j}; '
            f'citation_author=Roe, A.; citation_year=2001; citation_doi=10.5555/cited.{(i * 7 + j) % 50}">'
            for j in range(5)
        )
        (folder / f"p{i:04d}.html").write_text(
            f'<html><head><meta name="citation_title" content="Page number {i} about kill tests">'
            f'<meta name="citation_author" content="Ann Author{i % 3}"><meta name="citation_doi" content="{doi}">'
            f'<meta name="citation_volume" content="{i % 9 + 1}"><meta '
            f'name="citation_publication_date" content="2020/01/0{i % 9 + 1}">'
            f"{refs}</head><body></body></html>"
        )


def _harvest(*args: str, **kwargs: object) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "citekit", "harvest", *args, "--offline", "--no-cache", "--no-progress", "-j", "2"]
    kwargs.setdefault("stderr", subprocess.DEVNULL)
    with sigint_at_default():
        return subprocess.Popen(command, stdout=subprocess.DEVNULL, start_new_session=True, **kwargs)  # type: ignore[call-overload]


def _committed(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=0.1) as con:
            return int(con.execute("SELECT COUNT(*) FROM inputs").fetchone()[0])
    except sqlite3.Error:
        return 0


def _stable_report(out: Path) -> list[tuple[str, str, list[str]]]:
    return [(e["input"], e["status"], e["records"]) for e in json.loads((out / "report.json").read_text())]


def test_kill_and_resume_equals_uninterrupted(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    _pages(pages, 400)
    whole, killed = tmp_path / "whole", tmp_path / "killed"
    assert _harvest(str(pages), "-o", str(whole)).wait(timeout=300) == 0

    proc = _harvest(str(pages), "-o", str(killed))
    deadline = time.monotonic() + 120
    while _committed(killed / "library.sqlite") < 60 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    if proc.poll() is not None:
        pytest.fail("the harvest finished before it could be killed; make the corpus larger")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done = _committed(killed / "library.sqlite")
    assert 0 < done < 400
    assert not (killed / "records.json").exists()  # outputs come only at the end, whole

    assert _harvest("--resume", "-o", str(killed)).wait(timeout=300) == 0
    assert (killed / "records.json").read_text() == (whole / "records.json").read_text()
    assert (killed / "citations.csv").read_text() == (whole / "citations.csv").read_text()
    assert _stable_report(killed) == _stable_report(whole)
    assert len(_stable_report(killed)) == 400
    assert not [p.name for p in killed.iterdir() if p.name.endswith(".tmp")]


def test_ctrl_c_stops_cleanly_and_says_how_to_resume(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    _pages(pages, 400)
    out = tmp_path / "out"
    proc = _harvest(str(pages), "-o", str(out), stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _committed(out / "library.sqlite") < 30 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    if proc.poll() is not None:
        pytest.fail("the harvest finished before it could be interrupted; make the corpus larger")
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    (line,) = err.decode().splitlines()
    assert line.startswith("citekit: interrupted; ") and f"citekit harvest --resume -o {out}" in line
    assert 0 < _committed(out / "library.sqlite") < 400 and not (out / "records.json").exists()


def _session_members(session: int) -> list[int]:
    """Processes still alive in a session (from /proc: field 6 of stat is the session id)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session and fields[0] != "Z":
            alive.append(int(entry.name))
    return alive


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_workers_exit_when_the_harvest_is_killed(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    _pages(pages, 400)
    out = tmp_path / "out"
    proc = _harvest(str(pages), "-o", str(out))
    deadline = time.monotonic() + 120
    while _committed(out / "library.sqlite") < 30 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    if proc.poll() is not None:
        pytest.fail("the harvest finished before it could be killed; make the corpus larger")
    assert len(_session_members(proc.pid)) > 1  # the driver and its parsing processes
    os.kill(proc.pid, signal.SIGKILL)  # the driver alone, as an OOM killer or a crash would
    proc.wait()
    deadline = time.monotonic() + 15
    while _session_members(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = _session_members(proc.pid)
    for pid in left:  # leave nothing behind whatever the outcome
        os.kill(pid, signal.SIGKILL)
    assert left == [], "parsing processes outlived the harvest that started them"
