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
from citekit.resolve.index.store import Prepared, prepare

__all__ = ["Tally", "prepare_texts", "source_files", "texts_in"]

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


def texts_in(path: Path, tally: Tally) -> Iterator[bytes]:
    """The JSON texts of one file, streamed: its lines when the first line is a JSON value
    (JSON Lines), else the whole file as one document (``{"items": [...]}``, one work, an
    API answer, pretty-printed or not).

    :raises ReadError: the file cannot be opened or decompressed.
    """
    try:
        with _open(path) as handle:
            tally.files += 1
            first = handle.readline()
            tally.bytes += len(first)
            if first.strip() and not _parses(first):
                rest = handle.read()
                tally.bytes += len(rest)
                yield first + rest
                return
            if first.strip():
                yield first
            for line in handle:
                tally.bytes += len(line)
                if line.strip():
                    yield line
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise ReadError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", origin=str(path)) from exc


def _parses(text: bytes) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def prepare_texts(texts: Sequence[bytes], zdict: bytes) -> tuple[list[Prepared], int, int]:
    """What the index stores for the works of ``texts`` (see :func:`texts_in`); runs in
    worker processes during a parallel build.

    :returns: ``(prepared works, works found, texts or works skipped)``: a text that is not
        JSON or holds no work, or a work without a DOI, is skipped.
    """
    prepared: list[Prepared] = []
    works = skipped = 0
    for text in texts:
        try:
            value = json.loads(text)
        except ValueError:
            skipped += 1
            continue
        found = 0
        for work in _works(value):
            found += 1
            ready = prepare(work, zdict)
            if ready is None:
                skipped += 1
            else:
                prepared.append(ready)
        works += found
        skipped += not found
    return prepared, works, skipped
