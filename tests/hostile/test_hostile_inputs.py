"""Hostile local inputs: special files, lists that name themselves, wide encodings,
endless reference lines and inputs that break a parser. Each costs only itself, with
one line; nothing hangs."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from citekit.cli import cli
from citekit.errors import ReadError
from citekit.source import decode, expand, read

GOOD = "@article{k1, title={A Good Entry}, author={Roe, Ann}, year={2001}}\n"


def _fifo(tmp_path: Path, name: str = "pipe.bib") -> Path:
    path = tmp_path / name
    os.mkfifo(path)
    return path


def _within(seconds: float, function, *args):  # type: ignore[no-untyped-def]
    """Run ``function``; fail the test (instead of hanging it) if it takes longer."""
    result: list[object] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            result.append(function(*args))
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if errors:
        raise errors[0]
    return result[0]


def test_a_named_pipe_is_refused_at_once(tmp_path: Path) -> None:
    fifo = _fifo(tmp_path)
    with pytest.raises(ReadError) as caught:
        _within(5, read, str(fifo))
    assert "named pipe" in str(caught.value) and caught.value.origin == str(fifo)


def test_parse_and_harvest_skip_a_pipe_met_in_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.bib").write_text(GOOD)
    _fifo(folder, "b.bib")
    result = _within(20, CliRunner().invoke, cli, ["parse", str(folder)])
    assert result.exit_code == 1
    assert [r["title"] for r in json.loads(result.stdout)] == ["A Good Entry"]
    assert result.stderr.strip() == (
        f"{folder / 'b.bib'}: a named pipe, not a file (to read from it, give - and redirect it: - < PIPE)"
    )
    out = tmp_path / "out"
    result = _within(60, CliRunner().invoke, cli, ["harvest", "--offline", "--jobs", "1", str(folder), "-o", str(out)])
    assert result.exit_code == 1, result.stderr
    report = json.loads((out / "report.json").read_text())
    assert sorted(e["status"] for e in report) == ["error", "ok"]


def test_refs_refuses_a_pipe(tmp_path: Path) -> None:
    fifo = _fifo(tmp_path, "refs.txt")
    result = _within(10, CliRunner().invoke, cli, ["refs", str(fifo)])
    assert result.exit_code == 1 and "named pipe" in result.stderr


def test_lists_that_name_themselves_are_read_once(tmp_path: Path) -> None:
    entry = tmp_path / "a.bib"
    entry.write_text(GOOD)
    first, second = tmp_path / "one.txt", tmp_path / "two.txt"
    first.write_text(f"{entry}\n@{second}\n@{first}\n")
    second.write_text(f"@{first}\n")
    assert list(expand([f"@{first}"])) == [str(entry), f"@{first}", f"@{first}"]
    result = CliRunner().invoke(cli, ["parse", f"@{first}"])
    assert result.exit_code == 1
    assert len(json.loads(result.stdout)) == 1
    assert result.stderr.count("a list that names itself") == 2


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-32"])
def test_wide_encodings_without_or_with_a_mark_are_read(encoding: str) -> None:
    text = "<html><head><title>Hématopoïèse — 造血</title></head><body>Text</body></html>"
    assert decode(text.encode(encoding)) == text


def test_a_wrongly_declared_utf16_charset_on_an_ascii_page_is_ignored() -> None:
    html = b"<html><head><meta charset='utf-8'><title>Plain title</title></head></html>"
    assert "Plain title" in decode(html, declared="utf-16")


def test_an_endless_reference_line_is_reported_and_costs_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "refs.txt"
    with path.open("w") as handle:
        handle.write("Roe A. A first title. J Stud. 2001;1:1-2.\n")
        handle.write("vol. 1 no. 2 " * 400_000 + "\n")  # 5 MB on one line
        handle.write("\n")
        handle.write("Doe B. A second title. J Stud. 2002;2:3-4.\n")
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["refs", str(path)])
    assert time.monotonic() - started < 20
    assert result.exit_code == 1
    items = [json.loads(line) for line in result.stdout.splitlines()]
    assert [bool(i) for i in items] == [True, False, False, True]
    assert result.stderr.strip() == f"{path}: line 2: longer than 5,000 characters; not parsed"


def test_an_input_that_breaks_a_parser_fails_alone(tmp_path: Path) -> None:
    broken = tmp_path / "deep.json"
    broken.write_text("[" * 100_000 + "]" * 100_000)
    refs = tmp_path / "refs.json"
    refs.write_text(json.dumps([{"id": "x", "type": "article", "title": "T", "custom": {"references": "oops"}}]))
    good = tmp_path / "good.bib"
    good.write_text(GOOD)
    result = CliRunner().invoke(cli, ["parse", str(broken), str(refs), str(good)])
    assert "Traceback" not in result.stderr
    titles = [r["title"] for r in json.loads(result.stdout)]
    assert "A Good Entry" in titles
    assert all(line.count(": ") >= 1 and "\n" not in line for line in result.stderr.splitlines())


def test_yaml_values_json_cannot_hold_never_reach_the_outputs(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "odd.yaml").write_text(
        "references:\n- id: z\n  type: book\n  title: Plain\n  note: !!binary aGVsbG8=\n  keyword: !!set {a, b}\n"
    )
    (folder / "good.bib").write_text(GOOD)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["harvest", "--offline", "--jobs", "1", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    records = json.loads((out / "records.json").read_text())
    assert sorted(r["title"] for r in records) == ["A Good Entry", "Plain"]
    result = CliRunner().invoke(cli, ["export", str(folder / "odd.yaml"), "--to", "bibtex"])
    assert result.exit_code == 0 and "Plain" in result.stdout
