"""The library database: one SQLite file holding a harvest's works, their references and
citation edges, and the state of every input.

Each input is committed in one transaction (its records merged into works, its state
row written), so a harvest killed at any moment — ``kill -9`` included — loses nothing
committed and leaves nothing half-written; re-running skips inputs already done and
redoes those that failed. Works are deduplicated in the database
(:class:`citekit.dedupe.Deduplicator` over :class:`SQLiteStore`), so memory stays flat
however many inputs a harvest reads.

A library that cannot be used raises :class:`LibraryError` (one line naming the file),
never a bare ``sqlite3`` error: locked by another process for longer than
:data:`LOCK_TIMEOUT`, not a SQLite file, damaged, not a citekit library, written by a
newer citekit, or not writable. ``Library(path, replace_unreadable=True)`` moves an
unreadable file aside (``PATH.bad``) and starts a new library; a locked one is never
touched.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from citekit.dedupe import Deduplicator
from citekit.errors import CitekitError
from citekit.pipeline import Outcome
from citekit.record import Record, normalize_doi

__all__ = ["LOCK_TIMEOUT", "SCHEMA_VERSION", "Library", "LibraryError", "SQLiteStore"]

SCHEMA_VERSION = 1
#: Seconds to wait for another process's write before the library counts as locked.
LOCK_TIMEOUT = 5.0
_TABLES = frozenset({"meta", "inputs", "works", "work_keys", "citations"})


class LibraryError(CitekitError):
    """The library database cannot be used; ``origin`` is its path.

    :param reason: ``"locked"`` (another process holds it), ``"unreadable"`` (not SQLite,
        damaged, not a citekit library, or a newer schema: starting over helps) or
        ``"io"`` (cannot be created or written).
    """

    def __init__(self, message: str, *, origin: str | None = None, reason: str = "io") -> None:
        super().__init__(message, origin=origin)
        self.reason = reason


def _error(path: Path, exc: sqlite3.Error) -> LibraryError:
    """The :class:`LibraryError` for an error SQLite reported, by its result code."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    origin = str(path)
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return LibraryError(f"locked by another process for over {LOCK_TIMEOUT:g} s", origin=origin, reason="locked")
    if primary == sqlite3.SQLITE_NOTADB:
        return LibraryError("not a SQLite database", origin=origin, reason="unreadable")
    if primary == sqlite3.SQLITE_CORRUPT:
        return LibraryError(f"damaged ({exc})", origin=origin, reason="unreadable")
    if primary == sqlite3.SQLITE_FULL:
        return LibraryError("cannot be written: the disk is full", origin=origin)
    return LibraryError(f"cannot be used ({exc})", origin=origin)


def _move_aside(path: Path) -> None:
    """``PATH`` (with its ``-wal``/``-shm``) becomes ``PATH.bad``, replacing an older one."""
    bad = path.with_name(path.name + ".bad")
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(f"{bad}{suffix}")
        with contextlib.suppress(FileNotFoundError):
            os.replace(f"{path}{suffix}", f"{bad}{suffix}")


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


_UNFINISHED = "stopped after {} records, before the end of the input: the harvest was interrupted"


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
    :param replace_unreadable: move an unreadable file aside to ``PATH.bad`` and start a
        new library (:attr:`replaced` then says what was wrong with it).
    :raises LibraryError: the file cannot be used (see the module docstring).
    """

    def __init__(self, path: str | Path, *, replace_unreadable: bool = False) -> None:
        self.path = Path(path)
        self.replaced: str | None = None
        try:
            self.db = self._open(thorough=replace_unreadable)
        except LibraryError as exc:
            if not (replace_unreadable and exc.reason == "unreadable"):
                raise
            self.replaced = exc.message
            try:
                _move_aside(self.path)
            except OSError as moving:
                message = f"{exc.message}, and cannot be moved aside ({moving.strerror})"
                raise LibraryError(message, origin=str(path)) from moving
            self.db = self._open(thorough=False)
        self.store = SQLiteStore(self.db)
        self.works = Deduplicator(self.store)

    def _open(self, *, thorough: bool) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError) as exc:
            blocking = next(p for p in self.path.parents if p.exists())
            raise LibraryError(f"cannot create its folder: {blocking} is not a folder", origin=str(self.path)) from exc
        except OSError as exc:
            raise LibraryError(f"cannot create its folder ({exc.strerror})", origin=str(self.path)) from exc
        if self.path.is_dir():
            raise LibraryError("is a directory", origin=str(self.path))
        db: sqlite3.Connection | None = None
        try:
            # isolation_level=None: transactions are explicit (BEGIN ... COMMIT per input).
            db = sqlite3.connect(str(self.path), isolation_level=None, timeout=LOCK_TIMEOUT)
            self._check(db, thorough=thorough)  # before anything is written into someone else's file
            db.execute("PRAGMA journal_mode = WAL")
            # NORMAL under WAL: a committed input survives a killed process; only a power
            # failure may lose the last commits, never corrupt the file.
            db.execute("PRAGMA synchronous = NORMAL")
            db.executescript(_SCHEMA)
            db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        except sqlite3.Error as exc:
            if db is not None:
                db.close()
            raise _error(self.path, exc) from exc
        except LibraryError:
            if db is not None:
                db.close()
            raise
        return db

    def _check(self, db: sqlite3.Connection, *, thorough: bool) -> None:
        """Refuse a database that is not a library this citekit reads."""
        tables = {str(row[0]) for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        version: str | None = None
        if "meta" in tables:
            try:
                row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            except sqlite3.OperationalError:  # a "meta" table of some other shape
                row = None
                tables.add("(foreign meta)")
            version = str(row[0]) if row else None
        origin = str(self.path)
        if version is None:
            if tables - _TABLES:
                raise LibraryError("a SQLite database, but not a citekit library", origin=origin, reason="unreadable")
            return  # new, or created but never used
        if version != str(SCHEMA_VERSION):
            newer = version.isdigit() and int(version) > SCHEMA_VERSION
            what = "written by a newer citekit" if newer else "a library citekit does not read"
            raise LibraryError(
                f"{what} (library schema {version[:20]}; this one reads {SCHEMA_VERSION})",
                origin=origin,
                reason="unreadable",
            )
        if _TABLES - tables:
            missing = ", ".join(sorted(_TABLES - tables))
            raise LibraryError(f"damaged (tables missing: {missing})", origin=origin, reason="unreadable")
        if thorough:
            check = str(db.execute("PRAGMA quick_check(1)").fetchone()[0])
            if check != "ok":
                raise LibraryError(f"damaged ({check[:200]})", origin=origin, reason="unreadable")

    @contextlib.contextmanager
    def _sqlite(self) -> Iterator[None]:
        """SQLite's errors as :class:`LibraryError`."""
        try:
            yield
        except sqlite3.Error as exc:
            raise _error(self.path, exc) from exc

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    def get_meta(self, key: str) -> str | None:
        """A stored setting, or ``None``."""
        with self._sqlite():
            row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def set_meta(self, key: str, value: str) -> None:
        """Store a setting."""
        with self._sqlite():
            self.db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def reset(self) -> None:
        """Forget every input, work and edge (settings are kept)."""
        with self._sqlite():
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for table in ("inputs", "works", "work_keys", "citations"):
                    self.db.execute(f"DELETE FROM {table}")
                self.db.execute("COMMIT")
            finally:
                self._roll_back()
        self.store.forget()

    def status(self, origin: str) -> str | None:
        """``"ok"``, ``"error"`` or ``None`` (never seen) for an input."""
        with self._sqlite():
            row = self.db.execute("SELECT status FROM inputs WHERE origin = ?", (origin,)).fetchone()
        return str(row[0]) if row else None

    def _roll_back(self) -> None:
        # A Ctrl-C can land after COMMIT finished: then there is nothing to roll back,
        # and trying would replace the KeyboardInterrupt with an OperationalError.
        if self.db.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")

    def commit(self, outcome: Outcome) -> list[int]:
        """Store one input's outcome (or one piece of it) in one transaction; returns the
        input's works so far.

        :raises LibraryError: the database failed (locked, disk full, damaged).
        """
        with self._sqlite():
            return self._commit(outcome)

    def _commit(self, outcome: Outcome) -> list[int]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            works = [self.works.add(record, outcome.origin) for record in outcome.records]
            entry = outcome.report()
            row = self.db.execute(
                "SELECT seq, attempts, works, warnings, seconds FROM inputs WHERE origin = ?", (outcome.origin,)
            ).fetchone()
            warnings = entry.get("warnings") or []
            seconds = outcome.seconds
            if row:
                seq, attempts = int(row[0]), int(row[1]) + 1
            else:
                seq = int(self.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM inputs").fetchone()[0])
                attempts = 1
            if row and outcome.piece:  # a later piece of a long input: added to what the earlier ones gave
                attempts -= 1
                works = json.loads(row[2]) + works
                warnings = (json.loads(row[3]) if row[3] else []) + warnings
                seconds += float(row[4])
            if outcome.more and outcome.ok:
                # Until its last piece is in, the input counts as not done: a harvest stopped
                # here reads it again (its works merge with those already stored).
                entry.update(status="error", error=_UNFINISHED.format(len(works)), error_type="Interrupted")
            self.db.execute(
                "INSERT OR REPLACE INTO inputs (origin, seq, status, works, error, error_type, warnings, seconds,"
                " attempts, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    outcome.origin,
                    seq,
                    entry["status"],
                    _dumps(works),
                    entry.get("error"),
                    entry.get("error_type"),
                    _dumps(warnings) if warnings else None,
                    seconds,
                    attempts,
                    time.time(),
                ),
            )
            self.db.execute("COMMIT")
        except BaseException:
            self._roll_back()
            self.store.forget()
            raise
        return works

    def records(self) -> Iterator[Record]:
        """Every work, in order of first appearance, one at a time."""
        with self._sqlite():
            for (data,) in self.db.execute("SELECT data FROM works ORDER BY work"):
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
        with self._sqlite():
            return int(self.db.execute(queries[what]).fetchone()[0])

    def report(self) -> Iterator[dict[str, Any]]:
        """``report.json`` entries, one per input, in order of first appearance."""
        with self._sqlite():
            yield from self._report()

    def _report(self) -> Iterator[dict[str, Any]]:
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
