"""Atomic output: a file is either its old self or completely written, never half.

Text goes to a temporary file in the target's directory, is flushed and fsynced, then
renamed over the target (``os.replace`` is atomic on POSIX and Windows). A target that
exists but is not a regular file (``/dev/stdout``, a pipe, a device) is written
straight: there is no file to replace, and renaming over it would replace the device
node itself.

A failure to write (disk full, read-only place, a directory or a file where a folder
should be, ``/proc``, ``/sys``) raises :class:`~citekit.errors.CitekitError` naming the
target, with nothing left behind: the temporary file is removed, the old file is kept.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from citekit.errors import CitekitError

__all__ = ["atomic_open", "atomic_write"]


def _read_umask() -> int:
    # os.umask can only be read by setting it; done once, at import, before any thread
    # of ours could create a file in between.
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


_UMASK = _read_umask()


def _mode_for(target: Path) -> int:
    """The permissions the file would get from a plain ``open``: an existing target's
    own, else 0666 less the umask (mkstemp alone would leave 0600)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_UMASK


def _cannot(target: Path, reason: str) -> CitekitError:
    return CitekitError(f"cannot write: {reason}", origin=str(target))


def _os_error(exc: OSError, target: Path, *ours: str) -> Exception:
    """``exc`` as a :class:`CitekitError` on ``target`` when it came from writing it (no
    file name, or one of ``ours``); an error about another file keeps its own name."""
    if exc.filename is None or str(exc.filename) in ours:
        return _cannot(target, (exc.strerror or str(exc)).lower())
    return exc


def _existing(target: Path) -> os.stat_result | None:
    """The target's status, ``None`` when absent; refuses a directory, or a file where one
    of its folders should be."""
    try:
        info = target.stat()
    except FileNotFoundError:
        info = None
    except NotADirectoryError:
        parent = next(p for p in target.parents if p.exists())
        raise _cannot(target, f"{parent} is not a folder") from None
    except OSError as exc:
        raise _cannot(target, (exc.strerror or str(exc)).lower()) from exc
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise _cannot(target, "it is a directory")
    return info


@contextlib.contextmanager
def _straight(target: Path, encoding: str, newline: str | None) -> Iterator[IO[str]]:
    try:
        with open(target, "w", encoding=encoding, newline=newline) as handle:
            yield handle
    except OSError as exc:
        error = _os_error(exc, target, str(target))
        if error is exc:
            raise
        raise error from exc


@contextlib.contextmanager
def atomic_open(
    path: str | os.PathLike[str], *, encoding: str = "utf-8", newline: str | None = None
) -> Iterator[IO[str]]:
    """Open ``path`` for writing text; the file appears only when the block succeeds.

    :param path: the target file; its directory is created if missing.
    :param encoding: text encoding.
    :param newline: passed to :func:`open` (``""`` to write CSV line endings untouched).
    :raises CitekitError: the target cannot be written (the message says why).
    """
    target = Path(path)
    info = _existing(target)
    if info is not None and not stat.S_ISREG(info.st_mode):
        with _straight(target, encoding, newline) as handle:
            yield handle
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except FileExistsError:
        raise _cannot(target, f"{target.parent} is not a folder") from None
    except OSError as exc:
        raise _cannot(target, (exc.strerror or str(exc)).lower()) from exc
    try:
        with contextlib.suppress(OSError):  # filesystems without POSIX modes
            os.chmod(fd, _mode_for(target))
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        error = _os_error(exc, target, tmp, str(target)) if isinstance(exc, OSError) else exc
        if error is exc:
            raise
        raise error from exc


def atomic_write(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically (see :func:`atomic_open`).

    :raises CitekitError: the target cannot be written.
    """
    with atomic_open(path, encoding=encoding, newline="") as handle:
        handle.write(text)
