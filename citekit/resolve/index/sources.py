"""Crossref works from files: JSON Lines, ``{"items": [...]}`` JSON, single works, gzipped
or not, files or directories, streamed one work at a time."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from citekit.errors import ReadError

__all__ = ["Tally", "source_files", "works_in"]

_SUFFIXES = (".json", ".jsonl", ".ndjson", ".jsonl.gz", ".json.gz", ".ndjson.gz", ".gz")


@dataclass
class Tally:
    """What reading found: works, lines or documents that held none, files read, bytes."""

    works: int = 0
    skipped: int = 0
    files: int = 0
    bytes: int = 0
    problems: list[str] = field(default_factory=list)


def source_files(sources: Sequence[str | os.PathLike[str]]) -> Iterator[Path]:
    """Every file named or found (recursively, sorted, hidden ones left out) under ``sources``.

    :raises ReadError: a source does not exist.
    """
    for source in sources:
        path = Path(source)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and name.lower().endswith(_SUFFIXES):
                        yield Path(root, name)
        elif path.is_file():
            yield path
        else:
            raise ReadError("no such file or directory", origin=str(source))


def _works(obj: Any) -> Iterator[dict[str, Any]]:
    """The works of one JSON value: a work, an API answer, ``{"items": [...]}``, a list."""
    if isinstance(obj, list):
        for item in obj:
            yield from _works(item)
    elif isinstance(obj, dict):
        if isinstance(obj.get("message"), dict):
            yield from _works(obj["message"])
        elif isinstance(obj.get("items"), list):
            yield from _works(obj["items"])
        elif isinstance(obj.get("DOI"), str) and obj["DOI"].strip():
            yield obj


def _open(path: Path) -> IO[bytes]:
    with open(path, "rb") as raw:
        gzipped = raw.read(2) == b"\x1f\x8b"
    handle: Any = gzip.open(path, "rb") if gzipped else open(path, "rb")  # noqa: SIM115 - the caller closes it
    return handle  # type: ignore[no-any-return]


def works_in(path: Path, tally: Tally) -> Iterator[dict[str, Any]]:
    """The works in one file, streamed: one JSON value per line (JSON Lines), or else the
    whole file as one JSON value (``{"items": [...]}``, a single work, an API answer).

    A line or document that is not JSON, or holds no work, is counted in ``tally.skipped``.

    :raises ReadError: the file cannot be opened or decompressed.
    """
    try:
        with _open(path) as handle:
            tally.files += 1
            first = handle.readline()
            try:
                value = json.loads(first) if first.strip() else None
            except ValueError:
                value = None
            if value is None and first.strip():
                # Not one value per line: the whole file is one JSON document.
                text = first + handle.read()
                tally.bytes += len(text)
                yield from _document(text, tally)
                return
            tally.bytes += len(first)
            yield from _counted(value, tally)
            for line in handle:
                tally.bytes += len(line)
                if not line.strip():
                    continue
                try:
                    yield from _counted(json.loads(line), tally)
                except ValueError:
                    tally.skipped += 1
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise ReadError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", origin=str(path)) from exc


def _counted(value: Any, tally: Tally) -> Iterator[dict[str, Any]]:
    if value is None:
        return
    found = 0
    for work in _works(value):
        found += 1
        tally.works += 1
        yield work
    if not found:
        tally.skipped += 1


def _document(text: bytes, tally: Tally) -> Iterator[dict[str, Any]]:
    try:
        value = json.loads(text)
    except ValueError:
        tally.skipped += 1
        return
    yield from _counted(value, tally)
