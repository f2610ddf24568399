"""Shared test fixtures. Nothing here reaches the network."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

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


def assert_golden_text(text: str, expected: Path) -> None:
    """``text`` equals the file ``expected`` (rewritten with ``CITEKIT_UPDATE_GOLDEN=1``;
    a missing file fails)."""
    if update_golden():
        expected.write_text(text, encoding="utf-8")
    assert expected.exists(), f"{expected.name} missing: run with CITEKIT_UPDATE_GOLDEN=1 and review it"
    assert text == expected.read_text(encoding="utf-8")


def assert_golden(path: Path, records: list[Any]) -> None:
    """``records`` (schema-valid) equal ``path``'s ``.expected.json`` twin.

    ``CITEKIT_UPDATE_GOLDEN=1`` rewrites the twin instead (review the diff); a missing
    twin fails, so a fixture without an expectation never passes unchecked.
    """
    from citekit.record import validate

    assert validate(records) == []
    expected = path.with_suffix(".expected.json")
    assert_golden_text(json.dumps(records, ensure_ascii=False, indent=2) + "\n", expected)
