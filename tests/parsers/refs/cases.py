"""Table-driven repair tests: each row is one repair, its input spans, the reference
string and the spans it must return (``UNCHANGED``: the spans it was given).

Every test module of this folder keeps one ``CASES`` table; ``test_refs_repairs`` checks
that each entry of ``REPAIRS`` has rows that change the spans and rows that do not.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pytest

from citekit.parsers.refs.spans import Fix, Spans

UNCHANGED: Spans | None = None


@dataclass(frozen=True)
class Case:
    """One row: ``fix(spans, text)`` must give ``expected`` (``UNCHANGED``: ``spans``)."""

    fix: Fix
    spans: Spans
    expected: Spans | None
    text: str = field(default="")

    @property
    def reference(self) -> str:
        """The reference string: ``text``, or the spans joined in order when none is given."""
        return self.text or " ".join(value for values in self.spans.values() for value in values)

    @property
    def changes(self) -> bool:
        return self.expected is not None and self.expected != self.spans


def params(cases: Iterable[Case]) -> list[Any]:
    """``cases`` as pytest parameters named after their repair ("quoted_title-2")."""
    seen: dict[str, int] = {}
    out = []
    for case in cases:
        name = case.fix.__name__
        seen[name] = seen.get(name, 0) + 1
        out.append(pytest.param(case, id=f"{name}-{seen[name]}"))
    return out


def check(case: Case) -> None:
    """Run one row: the expected spans come back and the input is left as it was."""
    before = copy.deepcopy(case.spans)
    out = case.fix(case.spans, case.reference)
    assert case.spans == before, "a repair must not change its input in place"
    assert out == (before if case.expected is None else case.expected)
