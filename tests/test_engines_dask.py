"""The dask engine on real clusters: a scheduler and workers started on loopback as their
own processes (``python -m distributed.cli.dask_scheduler`` / ``dask_worker``), the
harvest run as a command. Nothing is mocked: workers are killed with SIGKILL, the
scheduler too."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, ROOT, sigint_at_default

pytest.importorskip("distributed", reason="the dask engine needs citekit[dask] (dask distributed)")
pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

from citekit.engines import LONG_BYTES  # noqa: E402
from citekit.engines.dask import DaskEngine  # noqa: E402  (after the skip: needs distributed)
from citekit.engines.payload import Payload, parse_payload  # noqa: E402
from citekit.pipeline import Outcome  # noqa: E402
from citekit.source import expand  # noqa: E402

TESTS = Path(__file__).parent
OUTPUTS = ("records.json", "records.bib", "records.ris", "citations.csv", "citations.graphml")
MARK = b"<!-- kills its worker -->"


@dataclass
class Cluster:
    address: str
    scheduler: subprocess.Popen[bytes]
    workers: list[subprocess.Popen[bytes]]

    def worker_pids(self) -> list[int]:
        """The worker processes (each the child of its nanny), asked of the scheduler."""
        from distributed import Client

        with Client(self.address, timeout=30, set_as_default=False) as client:  # type: ignore[no-untyped-call]
            pids: dict[str, int] = client.run(os.getpid)
        return sorted(pids.values())


def _env(**extra: str) -> dict[str, str]:
    # Workers import this module to run the tasks the engine-level tests give them.
    path = os.pathsep.join(filter(None, [str(TESTS), str(ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, **extra}


@contextlib.contextmanager
def cluster(tmp: Path, workers: int = 2, config: dict[str, str] | None = None) -> Iterator[Cluster]:
    """A scheduler and ``workers`` single-threaded workers (each under a nanny, which
    restarts it when it dies), on loopback, each in its own process group; ``config``
    sets Dask settings (``{"scheduler__allowed_failures": "1"}``)."""
    file = tmp / f"scheduler-{time.monotonic_ns()}.json"
    env = _env(**{f"DASK_DISTRIBUTED__{key.upper()}": value for key, value in (config or {}).items()})
    quiet: dict[str, Any] = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "start_new_session": True}
    command = [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0"]
    # --no-dashboard still leaves an HTTP server: on a free loopback port, not 0.0.0.0:8787.
    command += ["--no-dashboard", "--dashboard-address", "127.0.0.1:0", "--scheduler-file", str(file)]
    scheduler = subprocess.Popen(command, env=env, **quiet)
    started = [scheduler]
    try:
        deadline = time.monotonic() + 120
        while not file.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        address = json.loads(file.read_text())["address"]
        for _ in range(workers):
            command = [sys.executable, "-m", "distributed.cli.dask_worker", "--scheduler-file", str(file)]
            command += ["--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1", "--death-timeout", "30"]
            started.append(subprocess.Popen(command, env=env, **quiet))
        from distributed import Client

        with Client(address, timeout=60, set_as_default=False) as client:  # type: ignore[no-untyped-call]
            client.wait_for_workers(workers, timeout=120)
        yield Cluster(address, scheduler, started[1:])
    finally:
        for proc in started:  # only what this fixture started, by its process group
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    with cluster(tmp_path_factory.mktemp("cluster")) as running:
        yield running


def _pages(folder: Path, count: int) -> Path:
    folder.mkdir()
    for i in range(count):
        doi = f"10.5555/dask.{i - i % 5 if i % 5 == 4 else i}"  # every fifth repeats a DOI: merged
        refs = "".join(
            f'<meta name="citation_reference" content="citation_title=Cited work {j}; citation_author=Roe, A.;'
            f' citation_year=2001; citation_doi=10.5555/cited.{(i * 7 + j) % 50}">'
            for j in range(5)
        )
        (folder / f"p{i:04d}.html").write_text(
            f'<html><head><meta name="citation_title" content="Page number {i} on clusters">'
            f'<meta name="citation_author" content="Ann Author{i % 3}"><meta name="citation_doi" content="{doi}">'
            f'<meta name="citation_publication_date" content="2020/01/0{i % 9 + 1}">{refs}</head><body></body></html>'
        )
    return folder


def _harvest(*args: str, stderr: Any = subprocess.DEVNULL, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "citekit", "harvest", *args, "--offline", "--no-cache", "--no-progress"]
    with sigint_at_default():
        return subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=stderr, text=True, env=env or _env(), start_new_session=True
        )


def _committed(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=0.1) as con:
            return int(con.execute("SELECT COUNT(*) FROM inputs").fetchone()[0])
    except sqlite3.Error:
        return 0


def _wait_for_commits(proc: subprocess.Popen[str], db: Path, count: int) -> None:
    deadline = time.monotonic() + 180
    while _committed(db) < count and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    if proc.poll() is not None:
        pytest.fail("the harvest finished before the fault could be injected; make the corpus larger")


def _report(out: Path) -> list[dict[str, Any]]:
    return [{k: v for k, v in e.items() if k != "seconds"} for e in json.loads((out / "report.json").read_text())]


def _assert_same_outputs(out: Path, local: Path) -> None:
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (local / name).read_bytes(), name
    assert _report(out) == _report(local)


def test_dask_gives_the_local_outputs_byte_for_byte(shared: Cluster, tmp_path: Path) -> None:
    pages = _pages(tmp_path / "pages", 40)
    (tmp_path / "empty.html").write_text("")
    long = tmp_path / "long.bib"  # past LONG_BYTES: the driver reads it in pieces, on either engine
    entry = "@article{{k{0}, author = {{Roe, Ann}}, title = {{Work {0} of a long list}}, note = {{{1}}}}}\n"
    long.write_text("".join(entry.format(i, "A long note. " * 40) for i in range(LONG_BYTES // 560)))
    assert long.stat().st_size > LONG_BYTES
    inputs = [str(pages), str(long)]
    inputs += [str(FIXTURES / kind) for kind in ("html", "jats", "bibtex", "ris", "text", "cli")]
    inputs += [str(tmp_path / "missing.html"), str(tmp_path / "empty.html"), "doi:10.5555/DASK.7", str(pages)]
    local, remote = tmp_path / "local", tmp_path / "remote"
    assert _harvest(*inputs, "-o", str(local), "-j", "2").wait(timeout=300) == 1  # some inputs fail, the same
    proc = _harvest(*inputs, "-o", str(remote), "--engine", "dask", "--scheduler", shared.address)
    assert proc.wait(timeout=300) == 1
    _assert_same_outputs(remote, local)
    report = _report(remote)
    assert len(report) == len(set(expand(inputs))) and {e["status"] for e in report} == {"ok", "error"}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """400 pages and what a local harvest makes of them."""
    tmp = tmp_path_factory.mktemp("reference")
    pages, local = _pages(tmp / "pages", 400), tmp / "local"
    assert _harvest(str(pages), "-o", str(local), "-j", "2").wait(timeout=300) == 0
    return pages, local


def test_a_worker_killed_mid_run_changes_nothing(reference: tuple[Path, Path], tmp_path: Path) -> None:
    pages, local = reference
    remote = tmp_path / "remote"
    with cluster(tmp_path) as running:
        before = running.worker_pids()
        args = ("-o", str(remote), "--engine", "dask", "--scheduler", running.address)
        proc = _harvest(str(pages), *args, stderr=subprocess.PIPE)
        _wait_for_commits(proc, remote / "library.sqlite", 40)
        os.kill(before[0], signal.SIGKILL)
        _, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 0, stderr  # what the harvest said, should it fail
        assert before[0] not in running.worker_pids()  # the nanny started a new one
    _assert_same_outputs(remote, local)


def test_a_lost_scheduler_ends_the_run_in_one_line_and_resume_continues(
    reference: tuple[Path, Path], tmp_path: Path
) -> None:
    pages, local = reference
    remote = tmp_path / "remote"
    with cluster(tmp_path) as running:
        proc = _harvest(
            str(pages), "-o", str(remote), "--engine", "dask", "--scheduler", running.address, stderr=subprocess.PIPE
        )
        _wait_for_commits(proc, remote / "library.sqlite", 40)
        os.killpg(running.scheduler.pid, signal.SIGKILL)
        _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    lines = err.splitlines()
    assert len(lines) == 1, err
    line = lines[0]
    assert line.startswith(f"citekit: {running.address}: lost the connection to the Dask scheduler; ")
    assert line.endswith(f"`citekit harvest --resume -o {remote}` continues")
    assert 0 < _committed(remote / "library.sqlite") < 400 and not (remote / "records.json").exists()
    # Resumed on a cluster of its own (no --scheduler: citekit starts a local one).
    assert _harvest("--resume", "-o", str(remote), "--engine", "dask", "-j", "2").wait(timeout=300) == 0
    _assert_same_outputs(remote, local)


def test_ctrl_c_on_a_local_cluster_is_one_line(reference: tuple[Path, Path], tmp_path: Path) -> None:
    pages, _ = reference
    out = tmp_path / "out"
    proc = _harvest(str(pages), "-o", str(out), "--engine", "dask", "-j", "2", stderr=subprocess.PIPE)
    _wait_for_commits(proc, out / "library.sqlite", 30)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal does: the driver and its worker processes
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert len(err.splitlines()) == 1, err  # no traceback from any worker
    assert err.startswith("citekit: interrupted; ") and f"citekit harvest --resume -o {out}" in err


def test_an_unreachable_scheduler_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{sock.getsockname()[1]}"
    env = _env(DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT="2s")
    page = str(FIXTURES / "cli" / "page.html")
    proc = _harvest(
        page, "-o", str(tmp_path), "--engine", "dask", "--scheduler", address, stderr=subprocess.PIPE, env=env
    )
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    (line,) = err.splitlines()
    assert line.startswith(f"citekit: {address}: cannot reach the Dask scheduler: ")


# Tasks the engine-level tests give the workers instead of citekit's own.


def _dies_on_marked(payloads: list[Payload]) -> list[Outcome]:
    if any(MARK in p.data for p in payloads):
        os.kill(os.getpid(), signal.SIGKILL)  # as a crash in a C library would
    return [parse_payload(p) for p in payloads]


def _raises_on_marked(payloads: list[Payload]) -> list[Outcome]:
    if any(MARK in p.data for p in payloads):
        # TimeoutError: the engine also waits on tasks with timeouts, and must not take
        # a task's own for its wait running out.
        raise TimeoutError("a bug outside any one input")
    return [parse_payload(p) for p in payloads]


def _inputs(tmp_path: Path, count: int, marked: int) -> list[str]:
    pages = _pages(tmp_path / "pages", count)
    paths = sorted(str(p) for p in pages.iterdir())
    with open(paths[marked], "ab") as handle:
        handle.write(MARK)
    return paths


def test_a_task_that_keeps_killing_workers_fails_as_that_input_alone(tmp_path: Path) -> None:
    paths = _inputs(tmp_path, 12, marked=5)
    with cluster(tmp_path, config={"scheduler__allowed_failures": "1"}) as running:
        engine = DaskEngine(running.address, task=_dies_on_marked, chunk=4)
        try:
            outcomes = list(engine.parsed(paths, timeout=5))
        finally:
            engine.close()
    assert [o.origin for o in outcomes] == paths
    assert [o.ok for o in outcomes] == [i != 5 for i in range(12)]
    error = outcomes[5].error
    assert (
        error is not None
        and error.describe() == f"{paths[5]}: the Dask worker died on this input (out of memory or a crash)"
    )


def test_a_task_that_raises_fails_its_inputs_and_the_run_goes_on(shared: Cluster, tmp_path: Path) -> None:
    paths = _inputs(tmp_path, 12, marked=5)
    engine = DaskEngine(shared.address, task=_raises_on_marked, chunk=4)
    try:
        outcomes = list(engine.parsed(paths, timeout=5))
    finally:
        engine.close()
    assert [o.ok for o in outcomes] == [not 4 <= i < 8 for i in range(12)]  # the task held inputs 4 to 7
    assert {o.error.describe() for o in outcomes if o.error} == {
        f"{p}: unexpected TimeoutError: a bug outside any one input" for p in paths[4:8]
    }


def test_tasks_in_flight_are_bounded(shared: Cluster, tmp_path: Path) -> None:
    pages = _pages(tmp_path / "pages", 300)
    paths = sorted(str(p) for p in pages.iterdir())
    pulled = 0

    def source() -> Iterator[str]:
        nonlocal pulled
        for path in paths:
            pulled += 1
            yield path

    engine = DaskEngine(shared.address, chunk=4)
    try:
        bound = (2 * engine.threads() + 2 + 1) * 4  # the window's tasks and the batch being read
        ahead = []
        for done, outcome in enumerate(engine.parsed(source(), timeout=5), start=1):
            assert outcome.ok
            ahead.append(pulled - done)
    finally:
        engine.close()
    assert done == 300 and max(ahead) <= bound < 300


class _SlowToArrive(list[Outcome]):
    """Outcomes that reach the driver only once it has waited on them more than once.

    Unpickled in the driver (the scheduler passes results on unread), they hold up their
    own arrival until the engine has asked for the task's result a second time, i.e. until
    a wait of the engine's ran out while the task had already finished."""

    def __reduce__(self) -> tuple[Any, ...]:
        return _arrive, (list(self),)


ASKED: dict[str, Any] = {}  # in the driver, during the test: the asks for a result, and an Event set at the second


def _arrive(outcomes: list[Outcome]) -> list[Outcome]:
    if ASKED:
        ASKED["twice"].wait(120)
    return outcomes


def _slow_to_arrive(payloads: list[Payload]) -> list[Outcome]:
    return _SlowToArrive(parse_payload(p) for p in payloads)


def test_a_wait_that_runs_out_after_the_task_finished_is_not_its_failure(
    shared: Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A finished task whose result was still on its way when the engine's wait ran out
    # (as after a worker died under load) was taken for a task that raised TimeoutError.
    import threading

    from distributed import Future

    paths = sorted(str(p) for p in _pages(tmp_path / "pages", 3).iterdir())
    result = Future.result

    def counted(future: Future[Any], timeout: float | None = None) -> Any:
        ASKED["asks"] += 1
        if ASKED["asks"] == 2:
            ASKED["twice"].set()
        return result(future, timeout)

    monkeypatch.setattr(Future, "result", counted)
    ASKED.update(asks=0, twice=threading.Event())
    engine = DaskEngine(shared.address, task=_slow_to_arrive, chunk=4)
    try:
        outcomes = list(engine.parsed(paths, timeout=5))
    finally:
        ASKED["twice"].set()
        engine.close()
        ASKED.clear()
    assert [o.origin for o in outcomes] == paths
    assert [o.error for o in outcomes] == [None] * 3
