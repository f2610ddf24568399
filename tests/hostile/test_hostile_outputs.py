"""Outputs that cannot be written, through the command line: one line naming the
output, exit 1, no temporary files left; standard output closed or full."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from citekit.cli import cli

BIB = "@article{a, title={A title long enough}, author={Doe, Jane}, year=2020, journal={J Tests}}\n"
REF = "Doe J. A title long enough. J Tests. 2020;1:1-2.\n"


@pytest.fixture
def bib(tmp_path: Path) -> Path:
    path = tmp_path / "in.bib"
    path.write_text(BIB)
    return path


def _commands(bib: Path, output: str) -> dict[str, list[str]]:
    return {
        "parse": ["parse", str(bib), "-o", output, "--to", "csljson"],
        "export": ["export", str(bib), "--to", "bibtex", "-o", output],
        "format": ["format", str(bib), "-o", output],
        "refs": ["refs", str(bib), "-o", output],
    }


def _places(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "a-file.txt").write_text("a file")
    (tmp_path / "a-folder").mkdir()
    return {
        "onto-a-directory": str(tmp_path / "a-folder"),
        "under-a-file": str(tmp_path / "a-file.txt" / "out.json"),
        "proc": "/proc/citekit-out.json",
        "sys": "/sys/citekit-out.json",
        "dev-full": "/dev/full",
    }


@pytest.mark.parametrize("command", ["parse", "export", "format", "refs"])
@pytest.mark.parametrize("place", ["onto-a-directory", "under-a-file", "proc", "sys", "dev-full"])
def test_an_unwritable_output_is_one_line(tmp_path: Path, bib: Path, command: str, place: str) -> None:
    output = _places(tmp_path)[place]
    result = CliRunner().invoke(cli, _commands(bib, output)[command])
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{output}: cannot write: "), lines
    assert not [p for p in tmp_path.rglob("*.tmp")]
    assert not Path("/proc/citekit-out.json").exists()


@pytest.mark.parametrize("place", ["under-a-file", "proc", "sys"])
def test_a_harvest_into_an_unwritable_place_is_one_line(tmp_path: Path, bib: Path, place: str) -> None:
    outdir = {"under-a-file": str(tmp_path / "a-file.txt" / "out"), "proc": "/proc/citekit", "sys": "/sys/citekit"}
    (tmp_path / "a-file.txt").write_text("a file")
    result = CliRunner().invoke(cli, ["harvest", str(bib), "-o", outdir[place], "--offline", "-j", "1"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{outdir[place]}/library.sqlite: cannot"), lines


def _run(script: str, *args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=60, **kwargs
    )


_DISK_FULL = """
import resource, signal, sys
from citekit.cli import main
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # past the limit, write() fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), int(sys.argv[1])))
main(sys.argv[2:])
"""


def test_a_harvest_onto_a_full_disk_is_one_line(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(60):
        (inputs / f"{i}.bib").write_text(BIB.replace("{a,", f"{{a{i},").replace("A title", f"Title {i} " + "x" * 3000))
    out = tmp_path / "out"
    done = _run(_DISK_FULL, "20000", "harvest", str(inputs), "-o", str(out), "--offline", "-j", "1", "--no-progress")
    assert done.returncode == 1
    # Past the size limit write() fails with EFBIG, which SQLite reports as an I/O error.
    assert done.stderr.splitlines() == [f"{out / 'library.sqlite'}: cannot be used (disk I/O error)"]
    assert not [p.name for p in out.rglob("*.tmp")]


def test_a_harvest_whose_outputs_cannot_be_written_is_one_line(tmp_path: Path, bib: Path) -> None:
    out = tmp_path / "out"
    (out / "records.bib").mkdir(parents=True)
    result = CliRunner().invoke(cli, ["harvest", str(bib), "-o", str(out), "--offline", "-j", "1"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{out / 'records.bib'}: cannot write: it is a directory"]
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["library.sqlite", "records.bib"]


def test_standard_output_full_is_one_line_and_exit_1(bib: Path) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "citekit", "parse", str(bib)], stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert done.returncode == 1
    assert done.stderr.splitlines() == ["citekit: No space left on device"]


def test_standard_output_closed_is_exit_1(bib: Path, tmp_path: Path) -> None:
    command = f"exec {sys.executable} -m citekit parse {bib} >&-"
    done = subprocess.run(["sh", "-c", command], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.splitlines() == ["citekit: standard output is closed; nothing was written"]
    done = subprocess.run(
        ["sh", "-c", f"exec {sys.executable} -m citekit --version >&-"], capture_output=True, text=True
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == ["citekit: standard output is closed; nothing was written"]
    # Nothing for standard output: a closed one does no harm.
    command = f"exec {sys.executable} -m citekit parse {bib} -o {tmp_path / 'out.json'} >&-"
    done = subprocess.run(["sh", "-c", command], capture_output=True, text=True)
    assert done.returncode == 0 and done.stderr == ""
    assert (tmp_path / "out.json").read_text().startswith("[")
