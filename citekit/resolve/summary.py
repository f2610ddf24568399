"""One line saying what resolution left undone, and why."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from citekit.resolve.outcome import SUMMARY_LABELS

__all__ = ["summarize"]


def _outcome(item: Mapping[str, Any]) -> Mapping[str, Any] | None:
    custom = item.get("custom")
    match = custom.get("match") if isinstance(custom, Mapping) else None
    return match if isinstance(match, Mapping) else None


def _reason(match: Mapping[str, Any]) -> str:
    """The summary's name for why ``match`` failed: by its code; a code with no fixed
    name (a network error, an error answer) shows its reason, which names the failure."""
    label = SUMMARY_LABELS.get(str(match.get("code") or ""))
    return label or str(match.get("reason") or "unknown")


def _why(left: Counter[str]) -> str:
    if len(left) == 1:
        return next(iter(left))
    return ", ".join(f"{n} {reason}" for reason, n in left.most_common())


def _count(noun: str, left: Counter[str], total: int) -> str:
    return f"{sum(left.values())} of {total} {noun if total == 1 else noun + 's'}"


def summarize(records: Iterable[Mapping[str, Any]]) -> str | None:
    """One line saying how many references (and records) stayed unresolved, and why.

    A top-level item carrying ``custom.raw`` (as ``citekit refs`` gives) counts as a
    reference. Example: ``"12 of 40 references left unresolved: offline (Crossref not
    contacted)"``.

    :param records: resolved records.
    :returns: the line, or ``None`` when nothing was left unresolved (or nothing resolved).
    """
    refs_total = records_total = 0
    refs_left: Counter[str] = Counter()
    records_left: Counter[str] = Counter()
    for record in records:
        custom = record.get("custom") if isinstance(record.get("custom"), Mapping) else {}
        match = _outcome(record)
        is_reference = bool(custom and custom.get("raw"))
        if match is not None:
            if is_reference:
                refs_total += 1
                if match.get("status") == "unresolved":
                    refs_left[_reason(match)] += 1
            else:
                records_total += 1
                if match.get("status") == "unresolved":
                    records_left[_reason(match)] += 1
        for ref in (custom or {}).get("references") or ():
            if not isinstance(ref, Mapping):
                continue
            ref_match = _outcome(ref)
            if ref_match is None:
                continue
            refs_total += 1
            if ref_match.get("status") == "unresolved":
                refs_left[_reason(ref_match)] += 1
    if not refs_left and not records_left:
        return None
    if refs_left and records_left and set(refs_left) == set(records_left) and len(refs_left) == 1:
        # One reason for everything (offline, Crossref unreachable): say it once.
        left = (_count("reference", refs_left, refs_total), _count("record", records_left, records_total))
        return f"{left[0]} and {left[1]} left unresolved: {_why(refs_left)}"
    parts = []
    if refs_left:
        parts.append(f"{_count('reference', refs_left, refs_total)} left unresolved: {_why(refs_left)}")
    if records_left:
        parts.append(f"{_count('record', records_left, records_total)} left unresolved: {_why(records_left)}")
    return "; ".join(parts)
