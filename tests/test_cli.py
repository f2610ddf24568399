"""The command line, end to end through click's runner (offline: nothing leaves the machine)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from citekit.cli import cli
from citekit.record import validate
from tests.conftest import FIXTURES

CLI = FIXTURES / "cli"


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_help_for_every_command() -> None:
    for command in ("parse", "refs", "resolve", "export", "format", "harvest"):
        code, out, _ = run(command, "--help")
        assert code == 0 and "Usage: cli " + command in out.replace("citekit", "cli")


def test_parse_text_page() -> None:
    code, out, err = run("parse", str(CLI / "page.txt"))
    assert code == 0, err
    (record,) = json.loads(out)
    assert record["DOI"] == "10.5555/jir.2023.0702"
    assert [a["family"] for a in record["author"]] == ["Oliveira", "Martin", "Ben Salah"]
    assert record["issued"] == {"date-parts": [[2023, 5, 2]]}
    assert record["custom"]["dates"]["received"] == "2023-03-03"
    refs = record["custom"]["references"]
    assert len(refs) == 2 and all("Google Scholar" not in r["custom"]["raw"] for r in refs)
    assert refs[0]["author"][0]["family"] == "Bosniak"
    assert validate(record) == []


def test_parse_html_page_to_bibtex_file(tmp_path: Path) -> None:
    target = tmp_path / "out.bib"
    code, out, err = run("parse", str(CLI / "page.html"), "-o", str(target))
    assert code == 0, err
    assert out == ""
    text = target.read_text()
    assert "@article{" in text and "10.5555/jee.2021.0301" in text and "301--315" in text


def test_bad_inputs_get_one_line_each_and_the_rest_is_kept(tmp_path: Path) -> None:
    missing = tmp_path / "missing.html"
    code, out, err = run(
        "parse", str(CLI / "page.html"), str(missing), str(CLI / "junk.bin"), str(CLI / "nothing.html")
    )
    assert code == 1
    lines = err.strip().splitlines()
    assert lines == [
        f"{missing}: no such file",
        f"{CLI / 'junk.bin'}: binary data, not a text format citekit reads",
        f"{CLI / 'nothing.html'}: no bibliographic record found in this html input",
    ]
    assert [r["DOI"] for r in json.loads(out)] == ["10.5555/jee.2021.0301"]


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    code, _, err = run("--debug", "parse", str(tmp_path / "missing.txt"))
    assert code == 1 and "Traceback" in err and "FileNotFoundError" in err


def test_unknown_output_format_is_a_usage_error() -> None:
    code, _, err = run("parse", str(CLI / "page.html"), "--to", "docx")
    assert code == 2 and "unknown output format" in err


def test_parse_reads_stdin() -> None:
    code, out, err = run("parse", "-", input=(CLI / "page.html").read_text())
    assert code == 0, err
    assert json.loads(out)[0]["custom"]["origin"] == "-"


def test_refs_keeps_order_and_blank_lines() -> None:
    code, out, err = run("refs", str(CLI / "refs.txt"))
    assert code == 0, err
    items = [json.loads(line) for line in out.splitlines()]
    assert len(items) == 3 and items[1] == {}
    assert items[0]["DOI"] == "10.5555/radiology.158.1.1" and items[0]["author"][0]["family"] == "Bosniak"
    assert items[2]["page"] == "211-219" and items[2]["volume"] == "34"


@pytest.mark.parametrize(
    ("args", "name", "begins"),
    [
        ([], "refs.bib", "@article{"),  # the suffix picks the format
        ([], "refs.ris", "TY  - JOUR"),
        (["--to", "ris"], "refs.out", "TY  - JOUR"),
        ([], "refs.json", "["),  # a CSL-JSON array
        ([], "refs.jsonl", '{"author"'),  # JSON Lines, blank lines kept as {}
        ([], "refs.out", '{"author"'),  # a suffix that names no format: JSON Lines
    ],
)
def test_refs_writes_the_format_the_output_asks_for(tmp_path: Path, args: list[str], name: str, begins: str) -> None:
    out = tmp_path / name
    code, _, err = run("refs", str(CLI / "refs.txt"), "-o", str(out), *args)
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert text.startswith(begins), text[:200]
    if name.endswith(".json"):
        assert [r["page"] for r in json.loads(text)] == ["1-10", "211-219"]
    elif begins.startswith("{"):
        assert [json.loads(line).get("page") for line in text.splitlines()] == ["1-10", None, "211-219"]
    else:
        assert text.count("Bosniak") == 1 and text.count("Incidental findings") == 1


def test_refs_refuses_an_unknown_format() -> None:
    code, _, err = run("refs", str(CLI / "refs.txt"), "--to", "docx")
    assert code == 2 and "unknown output format 'docx'" in err


def test_refs_offline_resolution_marks_and_says_so() -> None:
    code, out, err = run("refs", "--resolve", "--offline", input=(CLI / "refs.txt").read_text())
    assert code == 0
    items = [json.loads(line) for line in out.splitlines()]
    assert all(i["custom"]["match"]["status"] == "unresolved" for i in items if i)
    assert len(err.strip().splitlines()) == 1 and "offline" in err


def test_refs_missing_file() -> None:
    code, out, err = run("refs", "/nonexistent/refs.txt")
    assert code == 1 and out == "" and err.strip() == "/nonexistent/refs.txt: No such file or directory"


def test_resolve_offline_keeps_everything() -> None:
    code, out, err = run("resolve", "--offline", str(CLI / "page.txt"))
    assert code == 0
    (record,) = json.loads(out)
    assert record["DOI"] == "10.5555/jir.2023.0702"
    assert all(r["custom"]["match"]["status"] == "unresolved" for r in record["custom"]["references"])
    assert "offline" in err and len(err.strip().splitlines()) == 1


def test_export_needs_a_format() -> None:
    code, _, err = run("export", str(CLI / "page.html"))
    assert code == 2 and "--to" in err


def test_export_to_ris_and_back(tmp_path: Path) -> None:
    code, out, err = run("export", str(CLI / "page.html"), "--to", "ris")
    assert code == 0, err
    assert out.startswith("TY  - JOUR") and "DO  - 10.5555/jee.2021.0301" in out
    target = tmp_path / "page.ris"
    target.write_text(out)
    code, out, err = run("parse", str(target))
    assert code == 0, err
    assert json.loads(out)[0]["title"] == "Tidal patterns of estuarine diatoms"


def test_format_vancouver() -> None:
    code, out, err = run("format", str(CLI / "page.html"), "--style", "vancouver")
    assert code == 0, err
    assert "Pereira A" in out and "Tidal patterns of estuarine diatoms" in out and "2021" in out


def test_format_unknown_style_is_a_usage_error() -> None:
    code, _, err = run("format", str(CLI / "page.html"), "--style", "no-such-style-anywhere")
    assert code == 2 and "no-such-style-anywhere" in err


def test_harvest_offline_writes_every_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    inputs = [str(CLI / "page.txt"), str(CLI / "page.html"), str(CLI / "junk.bin"), str(CLI / "page.html")]
    code, _, err = run("harvest", *inputs, "-o", str(out), "--offline", "--jobs", "1", "--no-cache")
    assert code == 1
    assert err.count("junk.bin: binary data") == 1
    assert "offline" in err and err.strip().splitlines()[-1].startswith("citekit: ")
    records = json.loads((out / "records.json").read_text())
    assert sorted(r["DOI"] for r in records) == ["10.5555/jee.2021.0301", "10.5555/jir.2023.0702"]
    assert validate(records) == []

    import bibtexparser
    import networkx
    import rispy

    library = bibtexparser.parse_string((out / "records.bib").read_text())
    assert len(library.entries) == 2 and not library.failed_blocks
    assert len(rispy.loads((out / "records.ris").read_text())) == 2
    rows = list(csv.DictReader(io.StringIO((out / "citations.csv").read_text())))
    assert {"citing", "cited"} <= set(rows[0]) and len(rows) == 3
    graph = networkx.read_graphml(out / "citations.graphml")
    assert graph.number_of_edges() == len(rows)
    report = json.loads((out / "report.json").read_text())
    assert [e["status"] for e in report] == ["ok", "ok", "error"]
    assert report[2]["error"].endswith("binary data, not a text format citekit reads") and report[2]["record"] is None
    assert report[0]["record"] == "10.5555/jir.2023.0702" and set(report[0]) >= {"input", "status", "record", "seconds"}


def test_harvest_rerun_skips_done_and_redoes_failed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    broken = tmp_path / "later.html"
    code, _, _ = run("harvest", str(CLI / "page.html"), str(broken), "-o", str(out), "--offline", "-j", "1")
    assert code == 1
    broken.write_text((CLI / "page.txt").read_text())
    code, _, err = run("harvest", "--resume", "-o", str(out), "--offline", "-j", "1")
    assert code == 0, err
    assert "1 already done" in err
    report = json.loads((out / "report.json").read_text())
    assert [(e["input"], e["status"]) for e in report] == [(str(CLI / "page.html"), "ok"), (str(broken), "ok")]


def test_harvest_resume_without_a_library_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("harvest", "--resume", "-o", str(tmp_path / "none"))
    assert code == 2 and "nothing to resume" in err


@pytest.mark.parametrize("jobs", ["2"])
def test_harvest_in_parallel_matches_serial(tmp_path: Path, jobs: str) -> None:
    inputs = [str(CLI / name) for name in ("page.txt", "page.html", "nothing.html", "page.txt")]
    run("harvest", *inputs, "-o", str(tmp_path / "serial"), "--offline", "-j", "1")
    run("harvest", *inputs, "-o", str(tmp_path / "parallel"), "--offline", "-j", jobs)
    for name in ("records.json", "records.bib", "records.ris", "citations.csv"):
        assert (tmp_path / "serial" / name).read_text() == (tmp_path / "parallel" / name).read_text()


def test_refs_split_reads_a_pasted_reference_list() -> None:
    block = (
        "1. Sohawon D, Lau KK, Lau T. Extra-medullary haematopoiesis: a pictorial review of its typical and\n"
        "atypical locations. J Med Imaging Radiat Oncol. 2012;56:538-44.\n"
        "2. Rafiee MJ, Taylor J. Case report: extramedullary haematopoiesis presenting as a periportal mass.\n"
        "BMJ Case Rep. 2020;13:e234567.\n"
    )
    code, out, err = run("refs", "--split", input=block)
    assert code == 0, err
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["title"].endswith("its typical and atypical locations") and first["page"] == "538-544"
    assert second["author"][0]["family"] == "Rafiee" and second["container-title"] == "BMJ Case Rep"


def test_what_a_parser_skipped_is_said_on_stderr(tmp_path: Path) -> None:
    bib = tmp_path / "mixed.bib"
    bib.write_text("@article{ok, title={Fine}, year={2020}}\n@article{bad, title={Unclosed\n")
    broken = tmp_path / "broken.json"
    broken.write_text('{"id": "a", "title": ')
    code, out, err = run("parse", str(bib), str(broken))
    assert code == 1 and [r["title"] for r in json.loads(out)] == ["Fine"]
    first, second = err.strip().splitlines()
    assert first.startswith(f"{bib}: line 2: skipped malformed entry")
    assert second.startswith(f"{broken}:") and "not JSON" in second
