"""A persistent answer cache for Crossref: SQLite, safe to share between threads.

Keys are built by :func:`doi_key` and :func:`query_key` (the Crossref base URL, the kind
of question, and the normalised DOI or query), values are JSON. Positive answers keep for
``ttl`` seconds (Crossref records change rarely); negative answers (a DOI Crossref does
not know, a search without a confident match) keep only ``negative_ttl`` seconds, because
Crossref gains records every day. Writes are committed in groups and on :meth:`close`.

A cache is only ever a shortcut, so a broken one never stops a run: a file that is not
a citekit cache is refused when opened (the resolver then goes on without one), an entry
that is not JSON or not shaped like the answer its key names is ignored with a warning
(and asked again), and a database that fails later (damaged, locked, disk full) is
bypassed for the rest of the run with one warning.
"""

from __future__ import annotations

import json
import logging
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

log = logging.getLogger("citekit.resolve")

_COLUMNS = ["key", "value", "negative", "stored", "version"]


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


def _has_doi(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("DOI"), str)


def _shape_problem(key: str, value: Any) -> str | None:
    """What is wrong with ``value`` as the answer ``key`` names (see :func:`doi_key` and
    :func:`query_key`), or ``None``; keys of other kinds are not checked."""
    parts = key.split(" ", 2)
    kind = parts[1] if len(parts) == 3 else ""
    if kind == "doi" and not isinstance(value, dict):
        return "a DOI answer that is not an object"
    if kind == "doi" and value.get("missing") is not True and not _has_doi(value.get("work")):
        return "a DOI answer without a work record"
    if kind.startswith("search/") and not (isinstance(value, list) and all(_has_doi(item) for item in value)):
        return "a search answer that is not a list of works"
    return None


class AnswerCache:
    """Crossref answers on disk.

    :param path: the SQLite file (created with its folder when missing).
    :param ttl: seconds a positive answer stays valid.
    :param negative_ttl: seconds a negative answer stays valid.
    :param clock: wall clock (tests pass a fake to age entries).
    :param commit_every: commit after this many writes (and always on :meth:`flush`).
    :raises OSError: the folder cannot be created.
    :raises sqlite3.DatabaseError: the file exists but is not a usable SQLite database, or
        not a citekit cache.
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
        self._broken = False
        self.ignored = 0  # entries found corrupt and ignored
        db = sqlite3.connect(self.path, check_same_thread=False, timeout=5)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, value TEXT NOT NULL,"
                " negative INTEGER NOT NULL, stored REAL NOT NULL, version INTEGER NOT NULL)"
            )
            db.commit()
            columns = [str(row[1]) for row in db.execute("PRAGMA table_info(answers)")]
            if columns != _COLUMNS:
                raise sqlite3.DatabaseError(f"not a citekit answer cache (its answers table has {', '.join(columns)})")
        except BaseException:
            db.close()
            raise
        self._db: sqlite3.Connection | None = db
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> Any:
        """The cached value for ``key``, or :data:`MISSING` when absent, expired or corrupt."""
        with self._lock:
            db = self._require()
            row = None
            if not self._broken:
                try:
                    row = db.execute(
                        "SELECT value, negative, stored, version FROM answers WHERE key = ?", (key,)
                    ).fetchone()
                except sqlite3.Error as exc:
                    self._give_up(exc)
        if row is None or row[3] != SCHEMA_VERSION:
            self.misses += 1
            return MISSING
        text, negative, stored, _ = row
        try:
            if self._clock() - float(stored) > (self.negative_ttl if negative else self.ttl):
                self.misses += 1
                return MISSING
            value = json.loads(text)
        except (TypeError, ValueError, RecursionError) as exc:
            return self._ignore(key, f"{exc.__class__.__name__}: {str(exc)[:80]}")
        problem = _shape_problem(key, value)
        if problem is not None:
            return self._ignore(key, problem)
        self.hits += 1
        return value

    def _ignore(self, key: str, reason: str) -> Any:
        """A corrupt entry: warn (once, then only count) and treat it as absent."""
        self.misses += 1
        self.ignored += 1
        if self.ignored == 1:
            log.warning("citekit: %s: ignoring a corrupt cache entry (%s); it will be asked again", self.path, reason)
        return MISSING

    def _give_up(self, exc: sqlite3.Error) -> None:
        """The database failed: bypass it for the rest of the run (called under the lock)."""
        if not self._broken:
            self._broken = True
            log.warning("citekit: the cache %s failed (%s); going on without it", self.path, exc)

    def put(self, key: str, value: Any, *, negative: bool = False) -> None:
        """Store ``value`` (JSON-serialisable) under ``key``; ``negative`` shortens its life."""
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        with self._lock:
            db = self._require()
            if self._broken:
                return
            try:
                db.execute(
                    "INSERT OR REPLACE INTO answers (key, value, negative, stored, version) VALUES (?, ?, ?, ?, ?)",
                    (key, text, 1 if negative else 0, self._clock(), SCHEMA_VERSION),
                )
                self._pending += 1
                if self._pending >= self._commit_every:
                    db.commit()
                    self._pending = 0
            except sqlite3.Error as exc:
                self._give_up(exc)

    def flush(self) -> None:
        """Commit pending writes."""
        with self._lock:
            if self._db is not None and self._pending and not self._broken:
                try:
                    self._db.commit()
                except sqlite3.Error as exc:
                    self._give_up(exc)
                self._pending = 0

    def close(self) -> None:
        """Commit and close; later calls to :meth:`get`/:meth:`put` raise ``ValueError``."""
        with self._lock:
            if self._db is not None:
                if not self._broken:
                    try:
                        self._db.commit()
                    except sqlite3.Error as exc:
                        self._give_up(exc)
                self._db.close()
                self._db = None
        if self.ignored > 1:
            log.warning("citekit: %s: %d corrupt cache entries ignored", self.path, self.ignored)

    def __len__(self) -> int:
        with self._lock:
            db = self._require()
            if self._broken:
                return 0
            try:
                row = db.execute("SELECT COUNT(*) FROM answers").fetchone()
            except sqlite3.Error as exc:
                self._give_up(exc)
                return 0
        return int(row[0])

    def _require(self) -> sqlite3.Connection:
        if self._db is None:
            raise ValueError(f"the cache {self.path} is closed")
        return self._db
