"""Hostile import files: macro and alias bombs, entries nested or chained absurdly deep,
items whose parts have the wrong shape. Each bomb is refused with one line at once; a
bad entry or item costs only itself; nothing raises anything but a ParseError."""

from __future__ import annotations

import json
import resource
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from citekit.cli import cli
from citekit.errors import ParseError
from citekit.parsers import parse
from citekit.parsers.bibtex import parse_text as parse_bibtex
from citekit.source import Source

CSL_JSON = "application/vnd.citationstyles.csl+json"
CSL_YAML = "application/x-yaml"
GOOD = "@article{good, title={A Good Entry}, author={Roe, Ann}, year={2001}}\n"


def _peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def _string_bomb(levels: int) -> str:
    lines = ['@string{s0 = "lollollollollol"}']
    lines += [f"@string{{s{i + 1} = s{i} # s{i}}}" for i in range(levels)]
    return "\n".join(lines) + f"\n@article{{bomb, title = s{levels}}}\n" + GOOD


def test_a_string_doubling_bomb_is_refused_with_one_line() -> None:
    started, before = time.monotonic(), _peak_mb()
    with pytest.raises(ParseError) as caught:
        parse_bibtex(_string_bomb(40), origin="bomb.bib")
    assert time.monotonic() - started < 2 and _peak_mb() - before < 200
    assert "string bomb" in caught.value.message and "\n" not in caught.value.describe()
    assert caught.value.line is not None


def test_modest_string_reuse_is_not_a_bomb() -> None:
    # A journal macro used by many entries expands to far more than it is written.
    entries = "".join(f"@article{{k{i}, journal = jbc, title = {{T{i}}}}}\n" for i in range(2000))
    records = parse_bibtex('@string{jbc = "The Journal of Biological Chemistry"}\n' + entries)
    assert len(records) == 2000 and records[-1]["container-title"].startswith("The Journal")


def test_an_entry_nested_a_thousand_braces_deep_is_skipped_with_its_line() -> None:
    deep = "@article{deep,\n title = {" + "{" * 1000 + "x" + "}" * 1000 + "}}\n"
    records = parse_bibtex(GOOD + deep + GOOD.replace("good", "good2"))
    assert [r["citation-key"] for r in records] == ["good", "good2"]
    assert any(w.startswith("line 2:") and "'deep'" in w for w in records[0]["custom"]["warnings"])


def test_a_crossref_chain_of_a_thousand_costs_only_its_entries() -> None:
    chain = "".join(f"@incollection{{c{i}, crossref = {{c{i + 1}}}}}\n" for i in range(1000))
    text = GOOD + chain + "@book{c1000, title = {Root}}\n"
    records = parse_bibtex(text)
    keys = [r["citation-key"] for r in records]
    assert keys[0] == "good" and "c1000" in keys and "c0" not in keys
    warnings = records[0]["custom"]["warnings"]
    assert any(w.startswith("line 2:") and "'c0'" in w and "skipped" in w for w in warnings)
    assert records[keys.index("c999")]["container-title"] == "Root"  # a short chain still inherits


def test_a_stray_empty_field_is_recovered_with_a_warning() -> None:
    text = "@article{a,\n title = {One}, ,\n year = {2000}, author = {Doe, Jane}}\n" + GOOD
    records = parse_bibtex(text)
    first = records[0]
    assert first["title"] == "One" and first["issued"] == {"date-parts": [[2000]]} and len(records) == 2
    assert any("stray comma" in w and w.startswith("line 1:") for w in first["custom"]["warnings"])


def test_a_stray_comma_inside_a_value_is_left_alone() -> None:
    records = parse_bibtex("@article{a, title = {One, , two}, , year = 2000}\n")
    assert records[0]["title"] == "One, , two" and records[0]["issued"] == {"date-parts": [[2000]]}


def test_a_missing_comma_no_longer_lets_a_title_swallow_the_next_field() -> None:
    text = "@article{a,\n  title = {Mendeley: escaped}\n  file = {:C:/x.pdf:pdf},\n  year = 2001 month = may\n}\n"
    records = parse_bibtex(text)
    record = records[0]
    assert record["title"] == "Mendeley: escaped"
    assert record["custom"]["bibtex"]["file"] == ":C:/x.pdf:pdf"
    assert record["issued"] == {"date-parts": [[2001, 5]]}
    warnings = record["custom"]["warnings"]
    assert "line 3: missing comma before field 'file' in entry 'a'" in warnings
    assert "line 4: missing comma before field 'month' in entry 'a'" in warnings


def _csl(items: object) -> list[dict[str, object]]:
    return parse(Source(text=json.dumps(items), media_type=CSL_JSON, origin="items.json"))


@pytest.mark.parametrize(
    "references",
    ["not a list", ["a string"], [1, 2], [{"title": "ok"}, {"custom": "not an object"}], {"a": 1}],
)
def test_custom_references_of_the_wrong_shape_cost_only_their_item(references: object) -> None:
    bad = {"type": "article-journal", "title": "Bad", "custom": {"references": references}}
    records = _csl([bad, {"type": "book", "title": "Good"}])
    assert [r["title"] for r in records] == ["Good"]
    assert records[0]["custom"]["warnings"] == ["item 1: custom.references is not a list of CSL items; skipped"]
    with pytest.raises(ParseError, match=r"custom\.references is not a list"):
        _csl([bad])


def test_json_nested_a_thousand_deep_fails_with_one_line() -> None:
    text = "[" * 1000 + "]" * 1000
    with pytest.raises(ParseError, match="nested too deeply"):
        parse(Source(text=text, media_type=CSL_JSON, origin="deep.json"))
    inside = '[{"type": "book", "title": "A", "note": ' + "[" * 500 + "]" * 500 + '}, {"type": "book", "title": "B"}]'
    records = parse(Source(text=inside, media_type=CSL_JSON, origin="deep.json"))
    assert [r["title"] for r in records] == ["B"]
    assert "nested more than" in records[0]["custom"]["warnings"][0]


@pytest.mark.parametrize(("value", "note"), [("!!binary aGVsbG8=", "hello"), ("!!set {b, a}", ["a", "b"])])
def test_yaml_binary_and_set_values_become_json_values(value: str, note: object) -> None:
    text = f"references:\n- type: book\n  title: Odd\n  custom: {{note: {value}}}\n"
    records = parse(Source(text=text, media_type=CSL_YAML, origin="refs.yaml"))
    assert records[0]["custom"]["note"] == note
    json.dumps(records)  # writable


def test_values_json_cannot_hold_cost_their_item() -> None:
    from citekit.parsers.csljson import _records

    items = [("item 1", {"type": "book", "title": "Bad", "note": object()}), ("item 2", {"title": "Good"})]
    records = _records(items, [], "x", "CSL-YAML")
    assert [r["title"] for r in records] == ["Good"]
    assert "which CSL has no place for" in records[0]["custom"]["warnings"][0]


def _alias_bomb(levels: int) -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i + 1}: &l{i + 1} [" + ", ".join([f"*l{i}"] * 9) + "]" for i in range(levels)]
    return "\n".join(lines) + f"\nreferences:\n- type: book\n  title: T\n  note: *l{levels}\n"


def test_a_yaml_alias_bomb_is_refused_with_one_line() -> None:
    started, before = time.monotonic(), _peak_mb()
    with pytest.raises(ParseError) as caught:
        parse(Source(text=_alias_bomb(9), media_type=CSL_YAML, origin="bomb.yaml"))
    assert time.monotonic() - started < 2 and _peak_mb() - before < 200
    assert "alias bomb" in caught.value.message and caught.value.line is not None


def test_yaml_aliases_used_as_meant_still_work() -> None:
    text = "references:\n- type: book\n  title: T\n  author: &a [{family: Roe, given: Ann}]\n"
    text += "- type: book\n  title: U\n  author: *a\n"
    records = parse(Source(text=text, media_type=CSL_YAML, origin="refs.yaml"))
    assert [r["author"] for r in records] == [[{"family": "Roe", "given": "Ann"}]] * 2


def test_the_command_line_reports_each_bomb_in_one_line_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "bomb.bib").write_text(_string_bomb(40))
    (tmp_path / "bomb.yaml").write_text(_alias_bomb(9))
    (tmp_path / "good.bib").write_text(GOOD)
    paths = [str(tmp_path / name) for name in ("bomb.bib", "bomb.yaml", "good.bib")]
    result = CliRunner().invoke(cli, ["parse", *paths])
    assert result.exit_code == 1
    assert json.loads(result.stdout)[0]["title"] == "A Good Entry"
    errors = [line for line in result.stderr.splitlines() if "bomb" in line]
    assert len(errors) == 2 and "Traceback" not in result.stderr


def test_many_warnings_are_summarised_per_kind_and_listed_with_verbose(tmp_path: Path) -> None:
    entries = "".join(f"@article{{k{i}, title = {{T{i}}}, journal = undefined{i}}}\n" for i in range(40))
    entries += "@article{a, title = {A}, , year = 2000}\n"
    path = tmp_path / "noisy.bib"
    path.write_text(entries)
    result = CliRunner().invoke(cli, ["parse", str(path)])
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{path}: 40 warnings: undefined string macro: line 1: ") and "and 37 more" in lines[0]
    assert lines[1] == f"{path}: line 41: empty field (a stray comma) in entry 'a' ignored"
    verbose = CliRunner().invoke(cli, ["--verbose", "parse", str(path)])
    assert len(verbose.stderr.splitlines()) == 41


def test_summarize_warnings_keeps_a_few_as_they_are() -> None:
    from citekit.errors import summarize_warnings

    few = ["line 1: repeated field title in entry 'a'", "item 2: no CSL-JSON variables; skipped"]
    assert summarize_warnings(few) == few
    many = [f"line {n}: missing comma before field 'x' in entry 'k{n}'" for n in range(1, 6)]
    (line,) = summarize_warnings(many, shown=2)
    assert line == (
        "5 warnings: missing comma before field: line 1: missing comma before field 'x' in entry 'k1'; "
        "line 2: missing comma before field 'x' in entry 'k2'; and 3 more"
    )


def test_a_harvest_with_hostile_imports_finishes_and_renders_the_good_ones(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "refs.json").write_text(json.dumps([{"type": "book", "title": "Bad", "custom": {"references": "x"}}]))
    (folder / "deep.json").write_text("[" * 5000 + "]" * 5000)
    (folder / "bomb.bib").write_text(_string_bomb(40))
    (folder / "bomb.yaml").write_text(_alias_bomb(9))
    (folder / "good.bib").write_text(GOOD)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["harvest", "--offline", "--jobs", "1", str(folder), "-o", str(out)])
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert [r["title"] for r in json.loads((out / "records.json").read_text())] == ["A Good Entry"]
    report = json.loads((out / "report.json").read_text())
    assert sorted(entry["status"] for entry in report).count("ok") == 1 and len(report) == 5
