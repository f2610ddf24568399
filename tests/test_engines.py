"""Engines without Dask: what a remote worker is sent (bytes, not a path) gives the same
outcome as a local worker reading the path; a bug becomes one input's failure; engines
are chosen by name, and a missing extra is one line saying how to install it."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from citekit.engines import open_engine
from citekit.engines.local import LocalEngine
from citekit.engines.payload import Payload, load, parse_payload, parse_payloads
from citekit.errors import ParseError
from citekit.pipeline import Outcome, process
from citekit.source import Source
from tests.conftest import FIXTURES, ROOT

INPUTS = sorted(p for p in FIXTURES.rglob("*") if p.is_file())


def _same(remote: Outcome, local: Outcome) -> None:
    assert remote.origin == local.origin
    assert remote.records == local.records
    assert remote.warnings == local.warnings
    assert type(remote.error) is type(local.error)
    if local.error is not None and remote.error is not None:
        assert remote.error.describe() == local.error.describe()


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_the_bytes_a_worker_gets_parse_as_the_path_does(path: Path) -> None:
    payload = load(str(path))
    assert isinstance(payload, Payload) and payload.source is None and payload.data == path.read_bytes()
    sent = pickle.loads(pickle.dumps(payload))  # what crosses to a worker
    _same(parse_payload(sent), process(str(path)))


@pytest.mark.parametrize(
    "given",
    ["missing.html", "folder", "empty.html", "10.5555/ABC.1", "doi:10.5555/abc.1", "https://doi.org/10.5555/abc.1"],
)
def test_inputs_the_driver_reads_end_as_they_do_locally(
    given: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder").mkdir()
    (tmp_path / "empty.html").write_text("  \n")
    loaded = load(given)
    remote = loaded if isinstance(loaded, Outcome) else parse_payload(pickle.loads(pickle.dumps(loaded)))
    _same(remote, process(given))
    assert remote.origin == given  # a DOI keeps the spelling it was given in (the library's key)


def test_a_failed_fetch_and_a_fetched_page_pass_through_load() -> None:
    failed = Outcome("https://example.org/x", error=ParseError("gone", origin="https://example.org/x"))
    assert load(failed) is failed
    page = Source(text="<html><head><title>T</title></head></html>", media_type="text/html", origin="https://e.org/p")
    loaded = load(page)
    assert isinstance(loaded, Payload) and loaded.source is page and loaded.origin == page.origin


def test_anything_a_task_raises_for_an_input_is_that_inputs_failure() -> None:
    good = load(str(FIXTURES / "cli" / "page.html"))
    assert isinstance(good, Payload)
    corrupt = Payload("corrupt.html", data=None)  # type: ignore[arg-type]  # what a broken transfer could give
    first, second, third = parse_payloads([good, corrupt, good])
    assert first.ok and third.ok and first.records == third.records
    assert not second.ok and isinstance(second.error, ParseError)
    assert second.error.describe().startswith("corrupt.html: unexpected AttributeError")


def test_engines_by_name() -> None:
    engine = open_engine("local", jobs=2)
    assert isinstance(engine, LocalEngine) and engine.jobs == 2
    with pytest.raises(ValueError, match="needs the dask engine"):
        open_engine("local", jobs=1, scheduler="tcp://127.0.0.1:8786")
    with pytest.raises(ValueError, match="unknown engine 'ray'"):
        open_engine("ray", jobs=1)


def test_local_engine_keeps_order_and_passes_failed_fetches_through() -> None:
    failed = Outcome("https://example.org/x", error=ParseError("gone", origin="https://example.org/x"))
    items: list[str | Outcome] = [str(FIXTURES / "cli" / "page.html"), failed, str(FIXTURES / "cli" / "junk.bin")] * 3
    outcomes = list(LocalEngine(2).parsed(items, timeout=5))
    assert [o.origin for o in outcomes] == [i.origin if isinstance(i, Outcome) else i for i in items]
    assert [o.ok for o in outcomes] == [True, False, False] * 3 and outcomes[1] is failed


def test_without_the_extra_one_line_says_how_to_install_it(tmp_path: Path) -> None:
    # A None entry in sys.modules makes `import distributed` fail as if it were absent.
    code = (
        "import sys; sys.modules['distributed'] = None; sys.modules['dask'] = None\n"
        "from citekit.cli import main; main(sys.argv[1:])\n"
    )
    page = str(FIXTURES / "cli" / "page.html")
    command = [sys.executable, "-c", code, "harvest", page, "-o", str(tmp_path / "out"), "--engine", "dask"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env={**os.environ}, timeout=120)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "citekit: the dask engine needs Dask distributed, which is not installed: pip install 'citekit[dask]'"
    ]


def test_a_scheduler_without_the_dask_engine_is_a_usage_error(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from citekit.cli import cli

    page = str(FIXTURES / "cli" / "page.html")
    result = CliRunner().invoke(cli, ["harvest", page, "-o", str(tmp_path), "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2 and "--scheduler needs --engine dask" in result.output
    # From the environment it is only a default for when the dask engine is chosen.
    result = CliRunner().invoke(
        cli,
        ["harvest", page, "-o", str(tmp_path), "--offline", "--no-cache", "-j", "1"],
        env={"CITEKIT_SCHEDULER": "tcp://127.0.0.1:1"},
    )
    assert result.exit_code == 0, result.output
