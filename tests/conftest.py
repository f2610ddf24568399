"""Shared test fixtures. Nothing here reaches the network."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep tests away from the user's cache and from any real Crossref settings."""
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.delenv("CITEKIT_CROSSREF_URL", raising=False)
    monkeypatch.delenv("CITEKIT_MAILTO", raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def update_golden() -> bool:
    """True when golden files should be rewritten (CITEKIT_UPDATE_GOLDEN=1)."""
    return os.environ.get("CITEKIT_UPDATE_GOLDEN") == "1"
