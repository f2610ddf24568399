"""Shared test fixtures. Nothing here reaches the network."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from citekit.testing import Limits, StandIn, assert_golden, assert_golden_text, recorded_works, serve

__all__ = [
    "CLOSED_URL",
    "CROSSREF",
    "FIXTURES",
    "ROOT",
    "assert_golden",
    "assert_golden_text",
    "crossref_stub",
    "fixture_dois",
    "fixture_works",
    "need_client",
    "standin",
]

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent
CROSSREF = FIXTURES / "crossref"
CLOSED_URL = "http://127.0.0.1:9"  # the discard port: nothing listens there


def need_client(*commands: str, install: str) -> None:
    """Skip the calling test unless every real client in ``commands`` is installed.

    With ``CITEKIT_REQUIRE_CLIENTS=1`` (set by ``.ci/run`` after installing them) a missing
    client fails the test instead, so CI cannot pass by skipping what it should have run.

    :param commands: command names or absolute paths.
    :param install: how to install them (said in the skip reason).
    """
    missing = [c for c in commands if not (Path(c).is_file() if os.path.isabs(c) else shutil.which(c))]
    if not missing:
        return
    reason = f"needs {', '.join(missing)} ({install})"
    if os.environ.get("CITEKIT_REQUIRE_CLIENTS") == "1":
        pytest.fail(f"CITEKIT_REQUIRE_CLIENTS=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep tests away from the user's cache and from any real Crossref settings."""
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.delenv("CITEKIT_CROSSREF_URL", raising=False)
    monkeypatch.delenv("CITEKIT_MAILTO", raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    # Identifier services (PubMed, arXiv, Open Library, DataCite) default to a closed
    # loopback port: a test that forgets its stand-in fails fast instead of going online.
    for name in ("CITEKIT_PUBMED_URL", "CITEKIT_ARXIV_URL", "CITEKIT_OPENLIBRARY_URL", "CITEKIT_DATACITE_URL"):
        monkeypatch.setenv(name, CLOSED_URL)
    monkeypatch.delenv("NCBI_API_KEY", raising=False)


def fixture_works() -> list[dict[str, Any]]:
    """Every work recorded under ``tests/fixtures/crossref``."""
    return recorded_works(CROSSREF)


def fixture_dois() -> list[str]:
    """The DOIs the stand-in knows."""
    return [str(w["DOI"]) for w in fixture_works()]


def standin(*, limits: Limits | None = None, enforce: bool = False) -> StandIn:
    """A Crossref stand-in over the recorded works."""
    return StandIn(fixture_works(), limits=limits, enforce=enforce)


@contextlib.contextmanager
def crossref_stub(*, limits: Limits | None = None, enforce: bool = False) -> Iterator[str]:
    """A loopback Crossref stand-in over the recorded works; yields its base URL.

    Pass ``--mailto`` (or set ``CITEKIT_MAILTO``) to avoid the one-line "no mailto
    configured" warning on stderr.
    """
    with serve(standin(limits=limits, enforce=enforce)) as url:
        yield url


@contextlib.contextmanager
def sigint_at_default() -> Iterator[None]:
    """Processes started inside take SIGINT's default action even when this one ignores it.

    A test run started in the background by a shell without job control (``pytest ... &``
    in a script) ignores SIGINT, and an ignored signal stays ignored across exec: the
    harvest would never see the tests' Ctrl-C and run to its end. A handled one is reset
    to its default action in the child, so it is handled here while the child starts."""
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        yield
        return
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
