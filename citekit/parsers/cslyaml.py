"""CSL-YAML (pandoc's bibliography format) read into CSL-JSON items.

YAML gives what JSON cannot: dates as ``2021-05-01`` (which YAML turns into date
objects), ``issued: 2021``, pandoc's ``issued: [{year: 2021, month: 5}]`` and numbers
where CSL-JSON wants strings. :func:`yaml_items` turns each into CSL-JSON's shape so the
CSL-JSON reader takes it from there.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any

from citekit.errors import ParseError
from citekit.record import DATE_VARIABLES

__all__ = ["yaml_items"]

_FENCE = re.compile(r"^(?:---|\.\.\.)\s*$", re.MULTILINE)
# Aliases let a few lines of YAML stand for billions of nodes; a document may expand to
# at most this many nodes beyond ten times the nodes it writes out.
_ALIAS_MARGIN = 100_000
_ALIAS_RATIO = 10


def _loader(text: str, origin: str | None) -> Any:
    """A safe YAML loader that refuses documents whose aliases expand past the cap."""
    import yaml

    class Loader(yaml.SafeLoader):  # type: ignore[misc]  # PyYAML ships no types here
        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self.written = 0  # nodes as written in the text
            self.sizes: dict[int, int] = {}  # id(node) -> nodes once aliases are expanded

        def compose_node(self, parent: Any, index: Any) -> Any:
            alias = self.check_event(yaml.AliasEvent)
            node = super().compose_node(parent, index)
            if alias:
                return node
            self.written += 1
            value = node.value if isinstance(node.value, list) else []
            children = [part for pair in value for part in pair] if isinstance(node, yaml.MappingNode) else value
            size = 1 + sum(self.sizes.get(id(child), 1) for child in children)
            self.sizes[id(node)] = size
            if size > _ALIAS_MARGIN + _ALIAS_RATIO * self.written:
                line = node.start_mark.line + 1
                raise ParseError(
                    f"YAML aliases expand to over {size - 1:,} nodes (an alias bomb?)", origin=origin, line=line
                )
            return node

    return Loader(text)


def _plain(value: Any) -> Any:
    """YAML's dates and times as ISO text, ``!!set`` as a sorted list, ``!!binary`` as
    UTF-8 text (what JSON can hold, as the pipeline writes them), containers walked."""
    if isinstance(value, datetime.date):
        return value.isoformat()[:10]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((_plain(v) for v in value), key=str)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return value


def _date(value: Any) -> Any:
    """A CSL-JSON date from what CSL-YAML allows."""
    from citekit.dates import to_csl

    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return {"date-parts": [[value]]}
    if isinstance(value, str):
        parsed = to_csl(value)
        return parsed if parsed else {"literal": value}
    if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
        # pandoc: [{year: 2021, month: 5}] or a range of two such
        parts = [[p[k] for k in ("year", "month", "day") if k in p] for p in value]
        return {"date-parts": [p for p in parts if p]}
    return value


def _item(item: Any) -> Any:
    if not isinstance(item, Mapping):
        return item
    out = dict(_plain(item))
    for name in DATE_VARIABLES:
        if name in out:
            out[name] = _date(out[name])
    for key, value in out.items():
        if isinstance(value, int | float) and not isinstance(value, bool) and key not in DATE_VARIABLES:
            out[key] = str(value)  # volume: 12, page: 5 → strings, as CSL-JSON has them
    return out


def yaml_items(text: str, origin: str | None) -> tuple[list[tuple[str, Any]], list[str]]:
    """``("item N", item)`` pairs from CSL-YAML text, and problems found.

    :raises ParseError: the text is not YAML, or holds no list of items.
    """
    import yaml

    documents = [part for part in _FENCE.split(text) if part.strip()]
    try:
        data = None
        if documents:
            loader = _loader(documents[0], origin)
            try:
                data = loader.get_single_data()
            finally:
                loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise ParseError(f"not YAML: {getattr(exc, 'problem', None) or exc}", origin=origin, line=line) from exc
    if isinstance(data, Mapping) and isinstance(data.get("references"), list):
        data = data["references"]
    elif isinstance(data, Mapping) and ("type" in data or "title" in data):
        data = [data]
    if not isinstance(data, list):
        raise ParseError("YAML without a references: list or a list of CSL items", origin=origin)
    return [(f"item {i}", _item(item)) for i, item in enumerate(data, start=1)], []
