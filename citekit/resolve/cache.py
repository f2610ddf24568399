"""A persistent answer cache for Crossref: SQLite, safe to share between threads.

Keys are built by :func:`doi_key` and :func:`query_key` (the Crossref base URL, the kind
of question, and the normalised DOI or query), values are JSON. Positive answers keep for
``ttl`` seconds (Crossref records change rarely); negative answers (a DOI Crossref does
not know, a search without a confident match) keep only ``negative_ttl`` seconds, because
Crossref gains records every day. Writes are committed in groups and on :meth:`close`.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["MISSING", "AnswerCache", "default_path", "doi_key", "normalize_query", "query_key"]

SCHEMA_VERSION = 1
MISSING: Any = object()  # "not in the cache", distinct from a cached ``None``


def default_path() -> Path:
    """``crossref.sqlite`` in the user cache directory (platformdirs)."""
    import platformdirs  # imported late: only a resolver with a default cache needs it

    return Path(platformdirs.user_cache_dir("citekit")) / "crossref.sqlite"


def normalize_query(text: str) -> str:
    """Lowercase ASCII words of ``text`` joined by single spaces (the cache key of a search)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return " ".join(re.findall(r"[a-z0-9]+", folded))


def _base(base_url: str) -> str:
    return base_url.rstrip("/").lower()


def doi_key(base_url: str, doi: str) -> str:
    """Cache key of the work with ``doi`` at ``base_url``."""
    return f"{_base(base_url)} doi {doi.strip().lower()}"


def query_key(base_url: str, query: str, rows: int) -> str:
    """Cache key of a ``query.bibliographic`` search."""
    return f"{_base(base_url)} search/{rows} {normalize_query(query)}"


class AnswerCache:
    """Crossref answers on disk.

    :param path: the SQLite file (created with its folder when missing).
    :param ttl: seconds a positive answer stays valid.
    :param negative_ttl: seconds a negative answer stays valid.
    :param clock: wall clock (tests pass a fake to age entries).
    :param commit_every: commit after this many writes (and always on :meth:`flush`).
    :raises OSError: the folder cannot be created.
    :raises sqlite3.DatabaseError: the file exists but is not a usable SQLite database.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        ttl: float = 180 * 86400,
        negative_ttl: float = 7 * 86400,
        clock: Callable[[], float] = time.time,
        commit_every: int = 50,
    ) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.ttl = ttl
        self.negative_ttl = negative_ttl
        self._clock = clock
        self._commit_every = commit_every
        self._pending = 0
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, value TEXT NOT NULL,"
            " negative INTEGER NOT NULL, stored REAL NOT NULL, version INTEGER NOT NULL)"
        )
        self._db.commit()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> Any:
        """The cached value for ``key``, or :data:`MISSING` when absent or expired."""
        with self._lock:
            db = self._require()
            row = db.execute("SELECT value, negative, stored, version FROM answers WHERE key = ?", (key,)).fetchone()
        if row is None or row[3] != SCHEMA_VERSION:
            self.misses += 1
            return MISSING
        value, negative, stored, _ = row
        if self._clock() - stored > (self.negative_ttl if negative else self.ttl):
            self.misses += 1
            return MISSING
        self.hits += 1
        return json.loads(value)

    def put(self, key: str, value: Any, *, negative: bool = False) -> None:
        """Store ``value`` (JSON-serialisable) under ``key``; ``negative`` shortens its life."""
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        with self._lock:
            db = self._require()
            db.execute(
                "INSERT OR REPLACE INTO answers (key, value, negative, stored, version) VALUES (?, ?, ?, ?, ?)",
                (key, text, 1 if negative else 0, self._clock(), SCHEMA_VERSION),
            )
            self._pending += 1
            if self._pending >= self._commit_every:
                db.commit()
                self._pending = 0

    def flush(self) -> None:
        """Commit pending writes."""
        with self._lock:
            if self._db is not None and self._pending:
                self._db.commit()
                self._pending = 0

    def close(self) -> None:
        """Commit and close; later calls to :meth:`get`/:meth:`put` raise ``ValueError``."""
        with self._lock:
            if self._db is not None:
                self._db.commit()
                self._db.close()
                self._db = None

    def __len__(self) -> int:
        with self._lock:
            row = self._require().execute("SELECT COUNT(*) FROM answers").fetchone()
        return int(row[0])

    def _require(self) -> sqlite3.Connection:
        if self._db is None:
            raise ValueError(f"the cache {self.path} is closed")
        return self._db
