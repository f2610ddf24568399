"""A page's ``<meta>`` tags: each with its canonical key (see
:func:`citekit.parsers.html.page.collect_meta`), looked up by key in document order.
"""

from __future__ import annotations

from dataclasses import dataclass

from citekit.parsers.common import clean

__all__ = ["Meta", "MetaBag"]


@dataclass(frozen=True, slots=True)
class Meta:
    """One ``<meta>`` of a page: its canonical key, the key as written, value and scheme."""

    key: str
    name: str
    value: str
    scheme: str = ""
    lang: str = ""


class MetaBag:
    """A page's meta tags in document order, looked up by canonical key."""

    def __init__(self, metas: list[Meta]) -> None:
        self.items = metas
        self._by_key: dict[str, list[Meta]] = {}
        for meta in metas:
            self._by_key.setdefault(meta.key, []).append(meta)

    def first(self, *keys: str) -> tuple[str, str] | None:
        """``(value, written key)`` of the first non-empty meta among ``keys`` (in key order)."""
        for key in keys:
            for meta in self._by_key.get(key, ()):
                value = clean(meta.value)
                if value:
                    return value, meta.key
        return None

    def all(self, key: str) -> list[Meta]:
        """Every meta with canonical ``key``, in document order."""
        return self._by_key.get(key, [])

    def values(self, key: str) -> list[str]:
        """Every non-empty cleaned value of ``key``, in document order."""
        return [v for v in (clean(m.value) for m in self._by_key.get(key, ())) if v]

    def has_prefix(self, prefix: str) -> bool:
        """True when some key starts with ``prefix``."""
        return any(k.startswith(prefix) for k in self._by_key)

    def __contains__(self, key: object) -> bool:
        return key in self._by_key
