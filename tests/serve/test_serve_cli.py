"""``citekit serve``: the command runs the server; without the serve extra it says how
to get it in one line and exits 2."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from citekit.cli import cli


def test_serve_without_the_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # As if the extra were missing: importing starlette (or uvicorn) now fails, even
    # where an earlier test has imported them already.
    for name in [m for m in sys.modules if m.split(".")[0] in ("starlette", "uvicorn")] + ["starlette", "uvicorn"]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.delitem(sys.modules, "citekit.serve.app", raising=False)
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 2
    line = "citekit serve: starlette is not installed; pip install 'citekit[serve]'"
    assert result.stderr.strip().splitlines() == [line]


def test_serve_passes_the_crossref_options(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("starlette", reason="the serve extra is not installed")
    from citekit.serve import app

    seen: dict[str, object] = {}
    monkeypatch.setattr(app, "run", lambda settings, host, port: seen.update(settings=settings, host=host, port=port))
    args = ["serve", "--port", "2000", "--crossref-url", "http://127.0.0.1:9", "--mailto", "a@b.org", "--offline"]
    result = CliRunner().invoke(cli, [*args, "--no-cache", "--timeout", "3"])
    assert result.exit_code == 0, result.output
    settings = seen["settings"]
    assert (seen["host"], seen["port"]) == ("127.0.0.1", 2000)
    assert (settings.crossref_url, settings.mailto, settings.offline, settings.use_cache, settings.timeout) == (  # type: ignore[attr-defined]
        "http://127.0.0.1:9",
        "a@b.org",
        True,
        False,
        3.0,
    )


@pytest.mark.parametrize(
    ("options", "public_only"),
    [
        ([], False),
        (["--host", "localhost"], False),
        (["--host", "::1"], False),
        (["--host", "0.0.0.0"], True),
        (["--host", "192.168.1.20"], True),
        (["--host", "citations.example.org"], True),
        (["--host", "0.0.0.0", "--private-urls"], False),
        (["--no-private-urls"], True),
    ],
)
def test_serve_fetches_private_urls_only_when_listening_on_loopback(
    monkeypatch: pytest.MonkeyPatch, options: list[str], public_only: bool
) -> None:
    pytest.importorskip("starlette", reason="the serve extra is not installed")
    from citekit.serve import app

    seen: dict[str, object] = {}
    monkeypatch.setattr(app, "run", lambda settings, host, port: seen.update(settings=settings))
    result = CliRunner().invoke(cli, ["serve", "--offline", *options])
    assert result.exit_code == 0, result.output
    assert seen["settings"].public_only is public_only  # type: ignore[attr-defined]


def test_serve_help() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--port" in result.output and "--crossref-url" in result.output and "translation-server" in result.output
