"""The library database: one SQLite file holding a harvest's works, their references and
citation edges, and the state of every input.

Each input is committed in one transaction (its records merged into works, its state
row written), so a harvest killed at any moment — ``kill -9`` included — loses nothing
committed and leaves nothing half-written; re-running skips inputs already done and
redoes those that failed. Works are deduplicated in the database
(:class:`citekit.dedupe.Deduplicator` over :class:`SQLiteStore`), so memory stays flat
however many inputs a harvest reads.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from citekit.dedupe import Deduplicator
from citekit.pipeline import Outcome
from citekit.record import Record, normalize_doi

__all__ = ["SCHEMA_VERSION", "Library", "SQLiteStore"]

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS inputs (
    origin TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
    works TEXT NOT NULL DEFAULT '[]',
    error TEXT,
    error_type TEXT,
    warnings TEXT,
    seconds REAL NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 1,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS works (
    work INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    doi TEXT,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS work_keys (key TEXT PRIMARY KEY, work INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS citations (
    citing INTEGER NOT NULL,
    position INTEGER NOT NULL,
    cited_id TEXT NOT NULL,
    cited_doi TEXT,
    PRIMARY KEY (citing, position)
);
CREATE INDEX IF NOT EXISTS citations_cited ON citations (cited_doi);
CREATE INDEX IF NOT EXISTS inputs_seq ON inputs (seq);
"""


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class SQLiteStore:
    """A :class:`citekit.dedupe.WorkStore` in the library's ``works`` and ``work_keys``.

    Keeps a small cache of recently used works, so merging a run of duplicates does not
    decode the same JSON again and again.
    """

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self._recent: dict[int, Record] = {}

    def find(self, key: str) -> int | None:
        row = self.db.execute("SELECT work FROM work_keys WHERE key = ?", (key,)).fetchone()
        return int(row[0]) if row else None

    def get(self, work: int) -> Record:
        cached = self._recent.get(work)
        if cached is not None:
            return cached
        row = self.db.execute("SELECT data FROM works WHERE work = ?", (work,)).fetchone()
        if row is None:
            raise KeyError(work)
        record: Record = json.loads(row[0])
        self._remember(work, record)
        return record

    def _remember(self, work: int, record: Record) -> None:
        if len(self._recent) >= 256:
            self._recent.pop(next(iter(self._recent)))
        self._recent[work] = record

    def put(self, work: int | None, record: Record) -> int:
        doi = normalize_doi(record.get("DOI"))
        data = _dumps(record)
        if work is None:
            cursor = self.db.execute(
                "INSERT INTO works (id, doi, data) VALUES (?, ?, ?)", (record["id"], doi.lower() if doi else None, data)
            )
            work = int(cursor.lastrowid or 0)
        else:
            self.db.execute(
                "UPDATE works SET id = ?, doi = ?, data = ? WHERE work = ?",
                (record["id"], doi.lower() if doi else None, data, work),
            )
        self.db.execute("DELETE FROM citations WHERE citing = ?", (work,))
        references = (record.get("custom") or {}).get("references") or []
        self.db.executemany(
            "INSERT INTO citations (citing, position, cited_id, cited_doi) VALUES (?, ?, ?, ?)",
            [
                (work, i, str(ref.get("id") or ""), (normalize_doi(ref.get("DOI")) or "").lower() or None)
                for i, ref in enumerate(references)
            ],
        )
        self._remember(work, record)
        return work

    def add_key(self, key: str, work: int) -> None:
        self.db.execute("INSERT OR IGNORE INTO work_keys (key, work) VALUES (?, ?)", (key, work))

    def forget(self) -> None:
        """Drop the cache (after a rollback)."""
        self._recent.clear()


class Library:
    """A harvest's database. Use as a context manager, or call :meth:`close`.

    :param path: the SQLite file (created with its directory when missing).
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: transactions are explicit (BEGIN ... COMMIT per input).
        self.db = sqlite3.connect(str(self.path), isolation_level=None)
        self.db.execute("PRAGMA journal_mode = WAL")
        # NORMAL under WAL: a committed input survives a killed process; only a power
        # failure may lose the last commits, never corrupt the file.
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.executescript(_SCHEMA)
        version = self.get_meta("schema_version")
        if version is None:
            self.set_meta("schema_version", str(SCHEMA_VERSION))
        elif int(version) != SCHEMA_VERSION:
            raise ValueError(f"{self.path}: library schema version {version}, this citekit reads {SCHEMA_VERSION}")
        self.store = SQLiteStore(self.db)
        self.works = Deduplicator(self.store)

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    def get_meta(self, key: str) -> str | None:
        """A stored setting, or ``None``."""
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def set_meta(self, key: str, value: str) -> None:
        """Store a setting."""
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def reset(self) -> None:
        """Forget every input, work and edge (settings are kept)."""
        self.db.execute("BEGIN IMMEDIATE")
        for table in ("inputs", "works", "work_keys", "citations"):
            self.db.execute(f"DELETE FROM {table}")
        self.db.execute("COMMIT")
        self.store.forget()

    def status(self, origin: str) -> str | None:
        """``"ok"``, ``"error"`` or ``None`` (never seen) for an input."""
        row = self.db.execute("SELECT status FROM inputs WHERE origin = ?", (origin,)).fetchone()
        return str(row[0]) if row else None

    def commit(self, outcome: Outcome) -> list[int]:
        """Store one input's outcome in one transaction; returns the works it touched."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            works = [self.works.add(record, outcome.origin) for record in outcome.records]
            entry = outcome.report()
            row = self.db.execute("SELECT seq, attempts FROM inputs WHERE origin = ?", (outcome.origin,)).fetchone()
            if row:
                seq, attempts = int(row[0]), int(row[1]) + 1
            else:
                seq = int(self.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM inputs").fetchone()[0])
                attempts = 1
            self.db.execute(
                "INSERT OR REPLACE INTO inputs (origin, seq, status, works, error, error_type, warnings, seconds, attempts, updated)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    outcome.origin,
                    seq,
                    entry["status"],
                    _dumps(works),
                    entry.get("error"),
                    entry.get("error_type"),
                    _dumps(entry["warnings"]) if entry.get("warnings") else None,
                    outcome.seconds,
                    attempts,
                    time.time(),
                ),
            )
            self.db.execute("COMMIT")
        except BaseException:
            # A Ctrl-C can land after COMMIT finished: then there is nothing to roll back,
            # and trying would replace the KeyboardInterrupt with an OperationalError.
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            self.store.forget()
            raise
        return works

    def records(self) -> Iterator[Record]:
        """Every work, in order of first appearance, one at a time."""
        cursor = self.db.execute("SELECT data FROM works ORDER BY work")
        for (data,) in cursor:
            yield json.loads(data)

    def count(self, what: str) -> int:
        """Rows in ``"inputs"``, ``"works"`` or ``"citations"``; ``"failed"`` inputs."""
        queries = {
            "inputs": "SELECT COUNT(*) FROM inputs",
            "failed": "SELECT COUNT(*) FROM inputs WHERE status = 'error'",
            "works": "SELECT COUNT(*) FROM works",
            "citations": "SELECT COUNT(*) FROM citations",
            "records": "SELECT COALESCE(SUM(json_array_length(works)), 0) FROM inputs",
        }
        if what not in queries:
            raise ValueError(f"cannot count {what!r}: expected one of {', '.join(queries)}")
        return int(self.db.execute(queries[what]).fetchone()[0])

    def report(self) -> Iterator[dict[str, Any]]:
        """``report.json`` entries, one per input, in order of first appearance."""
        ids = {}
        cursor = self.db.execute(
            "SELECT origin, status, works, error, error_type, warnings, seconds, attempts FROM inputs ORDER BY seq"
        )
        for origin, status, works, error, error_type, warnings, seconds, attempts in cursor:
            numbers = json.loads(works)
            for work in numbers:
                if work not in ids:
                    ids[work] = self.db.execute("SELECT id FROM works WHERE work = ?", (work,)).fetchone()[0]
            records = [ids[w] for w in numbers]
            # "record": the one id INTERFACE.md promises (the first, for a file of many);
            # "records": all of them.
            entry: dict[str, Any] = {
                "input": origin,
                "status": status,
                "record": records[0] if records else None,
                "records": records,
                "seconds": round(seconds, 4),
            }
            if error:
                entry["error"] = error
                entry["error_type"] = error_type
            if warnings:
                entry["warnings"] = json.loads(warnings)
            if attempts > 1:
                entry["attempts"] = attempts
            yield entry
