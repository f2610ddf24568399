"""Ctrl-C ends any command with one line and exit 130, wherever it lands."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import sigint_at_default

pytestmark = pytest.mark.skipif(not Path("/proc/self/wchan").exists(), reason="needs Linux /proc")


def _reading_a_pipe(pid: int, deadline: float) -> bool:
    """True once the process sleeps in a read from a pipe (its standard input)."""
    while time.monotonic() < deadline:
        where = Path(f"/proc/{pid}/wchan").read_text()
        if "pipe_read" in where or "pipe_wait" in where:
            return True
        time.sleep(0.02)
    return False


def test_ctrl_c_while_a_command_reads_its_input() -> None:
    with sigint_at_default():
        process = subprocess.Popen(
            [sys.executable, "-m", "citekit", "refs", "-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    try:
        assert process.stdin is not None
        process.stdin.write(b"Roe A. A study of tides. J Ex. 2001;1:1-9.\n")
        process.stdin.flush()
        assert _reading_a_pipe(process.pid, time.monotonic() + 60)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130
    assert err.decode().strip().splitlines() == ["citekit: interrupted"]
    assert out == b""
