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
from citekit.resolve.index.store import Prepared, loads, prepare

__all__ = ["REJECTED_SHOWN", "Tally", "prepare_texts", "source_files", "texts_in"]

REJECTED_SHOWN = 1000  # lines naming a text without a work, at most (a wrong file could hold millions)

_SUFFIXES = (".json", ".jsonl", ".ndjson", ".jsonl.gz", ".json.gz", ".ndjson.gz", ".gz")


@dataclass
class Tally:
    """What reading found: works, lines or documents that held none, files read, bytes;
    ``problems``, files that could not be read; ``rejected``, one line per text that held no
    work (``file:line: why`` for JSON Lines, ``file: why`` for a document), the first
    :data:`REJECTED_SHOWN` of them (``skipped`` counts them all)."""

    works: int = 0
    skipped: int = 0
    files: int = 0
    bytes: int = 0
    problems: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)


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


def texts_in(path: Path, tally: Tally) -> Iterator[tuple[int | None, bytes]]:
    """The JSON texts of one file, streamed, each with its line number: its lines when the
    first line is a JSON value (JSON Lines), else the whole file as one document
    (``{"items": [...]}``, one work, an API answer, pretty-printed or not; line ``None``).

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
                yield None, first + rest
                return
            if first.strip():
                yield 1, first
            for number, line in enumerate(handle, 2):
                tally.bytes += len(line)
                if line.strip():
                    yield number, line
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise ReadError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", origin=str(path)) from exc


def _parses(text: bytes) -> bool:
    try:
        loads(text)
    except ValueError:
        return False
    return True


def prepare_texts(
    texts: Sequence[tuple[int | None, bytes]], zdict: bytes, origin: str = ""
) -> tuple[list[Prepared], int, int, list[str]]:
    """What the index stores for the works of ``texts`` (see :func:`texts_in`); runs in
    worker processes during a parallel build.

    :param origin: the file the texts come from, named in the rejections.
    :returns: ``(prepared works, works found, texts or works skipped, rejections)``: a
        text that is not JSON or holds no work, or a work without a DOI, is skipped, and
        a text is named in one rejection line (``origin:line: why``).
    """
    prepared: list[Prepared] = []
    rejected: list[str] = []
    works = skipped = 0
    for line, text in texts:
        try:
            value = loads(text)
        except ValueError as exc:
            skipped += 1
            rejected.append(_rejection(origin, line, f"not JSON ({_reason(exc, line)})"))
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
        if not found:
            skipped += 1
            rejected.append(_rejection(origin, line, f"no Crossref work ({_shape(value)})"))
    return prepared, works, skipped, rejected


def _rejection(origin: str, line: int | None, why: str) -> str:
    return f"{origin}:{line}: {why}" if line is not None else f"{origin}: {why}"


def _reason(exc: ValueError, line: int | None) -> str:
    if isinstance(exc, json.JSONDecodeError):
        if line is not None:  # one line: where in it
            return f"{exc.msg} at column {exc.pos + 1}"
        return f"{exc.msg} at line {exc.lineno} column {exc.colno}"
    return str(exc)  # UnicodeDecodeError


def _shape(value: Any) -> str:
    if isinstance(value, dict):
        return "an object without a DOI" if value else "an empty object"
    if isinstance(value, list):
        return "a list without works"
    return f"a JSON {type(value).__name__.replace('str', 'string').replace('NoneType', 'null')}"
