"""Atomic output: a file is either its old self or completely written, never half.

Text goes to a temporary file in the target's directory, is flushed and fsynced, then
renamed over the target (``os.replace`` is atomic on POSIX and Windows).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

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


@contextlib.contextmanager
def atomic_open(
    path: str | os.PathLike[str], *, encoding: str = "utf-8", newline: str | None = None
) -> Iterator[IO[str]]:
    """Open ``path`` for writing text; the file appears only when the block succeeds.

    :param path: the target file; its directory is created if missing.
    :param encoding: text encoding.
    :param newline: passed to :func:`open` (``""`` to write CSV line endings untouched).
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with contextlib.suppress(OSError):  # filesystems without POSIX modes
            os.chmod(fd, _mode_for(target))
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically (see :func:`atomic_open`)."""
    with atomic_open(path, encoding=encoding, newline="") as handle:
        handle.write(text)
