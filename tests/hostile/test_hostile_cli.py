"""Smaller hostile cases at the command line: absurd --timeout values, file names that
would split or forge a message line, malformed CSL style files."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from citekit.cli import cli
from citekit.cli.options import one_line

BIB = "@article{a, title={A title long enough}, author={Doe, Jane}, year=2020, journal={J Tests}}\n"


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "1e300", "0", "-5", "0.01", "3601", "soon"])
@pytest.mark.parametrize("command", ["parse", "refs", "harvest"])
def test_an_absurd_timeout_is_a_usage_error(tmp_path: Path, command: str, value: str) -> None:
    (tmp_path / "in.bib").write_text(BIB)
    args = [command, str(tmp_path / "in.bib"), "--timeout", value]
    if command == "harvest":
        args += ["-o", str(tmp_path / "out"), "--offline"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "Invalid value for '--timeout'" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("value", ["0.1", "2.5", "3600"])
def test_sensible_timeouts_are_accepted(tmp_path: Path, value: str) -> None:
    (tmp_path / "in.bib").write_text(BIB)
    assert CliRunner().invoke(cli, ["parse", str(tmp_path / "in.bib"), "--timeout", value]).exit_code == 0


@pytest.mark.parametrize(
    "name", ["bad\nname.bib", "forged\nother.bib: all fine.bib", "ansi\x1b[31mred.bib", "cr\rx.bib"]
)
def test_a_file_name_cannot_split_or_forge_a_message_line(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"\x00\x01\x02 binary, not a bibliography" * 10)
    result = CliRunner().invoke(cli, ["parse", str(tmp_path / name)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [one_line(f"{tmp_path / name}: binary data, not a text format citekit reads")]
    assert "\x1b" not in result.stderr and "\r" not in result.stderr


def test_one_line_escapes_only_what_splits_or_controls_a_line() -> None:
    assert one_line("a\nb\rc\x1bd\u2028e\x85f") == "a\\nb\\rc\\x1bd\\u2028e\\x85f"
    assert one_line("Müller \u2013 東京: ok\t") == "Müller \u2013 東京: ok\\t"  # an en dash is no control


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'<style xmlns="http://purl.org/net/xbiblio/csl"><info>', "XMLSyntaxError: Premature end of data"),
        (b"%PDF-1.4 \x00\x01\x02", "XMLSyntaxError: Start tag expected"),
        (b"<html><body>a web page</body></html>", "AttributeError: "),
        (
            b'<!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
            b'<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
            b'<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>'
            b'<style xmlns="http://purl.org/net/xbiblio/csl"><info><title>&h;</title></info></style>',
            "XMLSyntaxError: ",
        ),
    ],
    ids=["truncated", "binary", "not-csl", "entity-bomb"],
)
def test_a_malformed_style_file_is_one_line(tmp_path: Path, content: bytes, reason: str) -> None:
    (tmp_path / "in.bib").write_text(BIB)
    style = tmp_path / "my-style.csl"
    style.write_bytes(content)
    result = CliRunner().invoke(cli, ["format", str(tmp_path / "in.bib"), "--style", str(style)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{style}: not a usable CSL style ({reason}"), lines
    assert result.stdout == ""


def test_an_oversized_style_file_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "in.bib").write_text(BIB)
    style = tmp_path / "huge.csl"
    with open(style, "wb") as handle:
        handle.truncate(6 * 1024 * 1024)  # sparse: costs no disk
    result = CliRunner().invoke(cli, ["format", str(tmp_path / "in.bib"), "--style", str(style)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{style}: larger than 5 MB: not a CSL style"]
