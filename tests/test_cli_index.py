"""``citekit index build|info`` and ``--index`` on the commands that may reach Crossref:
the index is asked first, and with --offline nothing else (the loopback stand-in counts
the requests)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from citekit.cli import cli
from citekit.resolve.index import WorkIndex
from citekit.testing import serve
from tests.conftest import CROSSREF, standin
from tests.resolve.index_works import filler, near_misses, recorded

REFS = """\
Okafor A, Brenner T. Glacial meltwater pulses and coastal sediment budgets. J Coast Geomorphol. 2019;41:211-229.
Tanaka H, Quintero M. Seasonal drift of pelagic larvae in upwelling systems. Mar Ecol Lett. 2015;12:1-14. \
doi:10.5555/mel.2015.012
Nobody X. A study that no index holds anywhere at all. Unknown J. 1999;3:5-9.
"""


@pytest.fixture
def index(tmp_path: Path) -> Path:
    extra = tmp_path / "extra.jsonl"
    works = [m for n, w in enumerate(recorded()) if w.get("issued") for m in near_misses(w, n)] + filler(50)
    extra.write_text("".join(json.dumps(w) + "\n" for w in works), encoding="utf-8")
    path = tmp_path / "works.idx"
    result = CliRunner().invoke(cli, ["index", "build", str(CROSSREF), str(extra), "--index", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_build_and_info(index: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["index", "info", "--index", str(index)])
    assert result.exit_code == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["works"] == len(recorded()) + 3 * len(recorded()) + 50 and info["bytes_per_work"] > 0
    again = CliRunner().invoke(cli, ["index", "build", str(CROSSREF), "--index", str(index)])
    assert again.exit_code == 0
    assert f"0 works added, {len(recorded())} replaced" in again.stderr


def test_build_problems_are_one_line_each(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json.gz"
    bad.write_bytes(b"\x1f\x8b\x08\x00garbage")
    result = CliRunner().invoke(cli, ["index", "build", str(bad), "--index", str(tmp_path / "x.idx")])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(f"{bad}: cannot read")
    missing = CliRunner().invoke(cli, ["index", "build", str(tmp_path / "nope"), "--index", str(tmp_path / "x.idx")])
    assert missing.exit_code == 1 and missing.stderr.strip() == f"{tmp_path / 'nope'}: no such file or directory"


def test_build_names_each_input_without_a_work_and_goes_on(tmp_path: Path) -> None:
    lines = [json.dumps({"DOI": "10.5555/ok.1", "title": ["Kept"]}), "garbage", "", '{"title": ["no DOI"]}', '"text"']
    lines.append('{"DOI": "10.5555/ok.2"')  # cut short
    lines.append(json.dumps({"DOI": "10.5555/ok.3", "title": ["Kept too"]}))
    source = tmp_path / "w.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    document = tmp_path / "d.json"
    document.write_text("{\n  not json", encoding="utf-8")
    index = tmp_path / "x.idx"
    result = CliRunner().invoke(cli, ["index", "build", str(source), str(document), "--index", str(index)])
    assert result.exit_code == 1
    told = result.stderr.splitlines()
    assert told[:4] == [
        f"{source}:2: not JSON (Expecting value at column 1)",
        f"{source}:4: no Crossref work (an object without a DOI)",
        f"{source}:5: no Crossref work (a JSON string)",
        f"{source}:6: not JSON (Expecting ',' delimiter at column 24)",
    ]
    assert told[4].startswith(f"{document}: not JSON (") and "line 2" in told[4]
    assert "2 works added" in told[5] and "5 without a work skipped" in told[5]
    with WorkIndex(index) as built:
        assert built.get("10.5555/ok.3") is not None


def test_offline_index_makes_no_request(index: Path, tmp_path: Path) -> None:
    server = standin()
    with serve(server) as url:
        args = ["refs", "--resolve", "--offline", "--index", str(index), "--crossref-url", url]
        result = CliRunner().invoke(cli, [*args, "--cache", str(tmp_path / "c.sqlite")], input=REFS)
    assert result.exit_code == 0, result.stderr
    assert server.stats.requests == 0
    items = [json.loads(line) for line in result.stdout.splitlines()]
    matches = [i["custom"]["match"] for i in items]
    assert [i.get("DOI") for i in items] == ["10.5555/jcg.2019.041", "10.5555/mel.2015.012", None]
    assert [m["method"] for m in matches[:2]] == ["index", "index"]
    assert [m["status"] for m in matches] == ["matched", "verified", "unresolved"]
    assert "index" in matches[2]["reason"] or matches[2]["code"] == "no-match"


def test_online_asks_crossref_only_for_what_the_index_lacks(index: Path, tmp_path: Path) -> None:
    server = standin()
    with serve(server) as url:
        args = ["refs", "--resolve", "--index", str(index), "--crossref-url", url, "--mailto", "t@example.org"]
        result = CliRunner().invoke(cli, [*args, "--cache", str(tmp_path / "c.sqlite")], input=REFS)
    assert result.exit_code == 0, result.stderr
    assert server.stats.requests == 1  # the third reference, searched in Crossref too
    items = [json.loads(line) for line in result.stdout.splitlines()]
    assert [i["custom"]["match"].get("method") for i in items] == ["index", "index", None]


def test_env_variable_and_resolve_command(index: Path, tmp_path: Path) -> None:
    page = tmp_path / "refs.json"
    page.write_text(
        json.dumps(
            [
                {
                    "type": "article-journal",
                    "title": "Glacial meltwater pulses and coastal sediment budgets",
                    "author": [{"family": "Okafor", "given": "A"}],
                    "issued": {"date-parts": [[2019]]},
                    "container-title": "J Coast Geomorphol",
                    "volume": "41",
                    "page": "211-229",
                }
            ]
        ),
        encoding="utf-8",
    )
    result = CliRunner(env={"CITEKIT_INDEX": str(index)}).invoke(cli, ["resolve", str(page), "--offline"])
    assert result.exit_code == 0, result.stderr
    (record,) = json.loads(result.stdout)
    assert record["DOI"] == "10.5555/jcg.2019.041" and record["custom"]["match"]["method"] == "index"


def test_parse_dois_and_lists_from_the_index(index: Path, tmp_path: Path) -> None:
    listing = tmp_path / "dois.txt"
    listing.write_text("10.5555/mel.2015.012\n# a comment\n10.5555/absent\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", "10.5555/JCG.2019.041", f"@{listing}", "--index", str(index)])
    assert result.exit_code == 0, result.stderr
    first, second, absent = json.loads(result.stdout)
    assert first["title"] == "Glacial meltwater pulses and coastal sediment budgets" and first["volume"] == "41"
    assert first["custom"]["match"]["method"] == "index"
    assert second["DOI"] == "10.5555/mel.2015.012" and second["title"]
    assert absent["custom"]["match"]["code"] == "offline" and "title" not in absent


def test_missing_index_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["refs", "--resolve", "--offline", "--index", str(tmp_path / "x.idx")], input=REFS)
    assert result.exit_code == 1
    assert result.stderr.strip().startswith(f"{tmp_path / 'x.idx'}: no index here")
