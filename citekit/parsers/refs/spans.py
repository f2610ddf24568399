"""Labelled spans: what the labeller gives, every repair reads and returns, and the mapping reads.

``Spans`` maps a label ("author", "title", "container-title", "volume"...) to the text of
each span with that label, in reading order: ``{"author": ["Smith, J."], "title":
["Tides."], "volume": ["56:", "538-544."]}``. A repair never changes a span in place: it
returns a new mapping (or the same one when nothing changes). Whether a label is missing
or maps to an empty list can matter to a repair ("no editor found" vs "editors moved
away"), so repairs keep empty lists unless they say otherwise.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["Fix", "Spans", "drop_empty"]

Spans = dict[str, list[str]]
# One repair: (spans, the reference string) -> spans.
Fix = Callable[[Spans, str], Spans]


def drop_empty(spans: Spans) -> Spans:
    """``spans`` without the labels that hold no span any more."""
    return {label: values for label, values in spans.items() if values}
