"""Every exception citekit raises.

::

    CitekitError            base; .origin = path, URL or DOI
    ├─ ReadError            cannot open or decode the input
    ├─ ParseError           read but not understood; .line when known
    ├─ UnknownFormatError   also a LookupError
    ├─ ResolveError
    │  ├─ NotFoundError     no match for the DOI or reference
    │  ├─ RemoteError       Crossref answered 4xx/5xx; .status_code
    │  └─ NetworkError      timeout, refused connection, DNS
    └─ ExportError          record cannot be written in the target format

``str(error)`` is the one-line message the command line prints after the origin:
``origin: message``. What a parser got past without failing is a :class:`Problem`
(data, not an exception): kept in the record's ``custom.warnings`` and said on stderr.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "CitekitError",
    "ExportError",
    "NetworkError",
    "NotFoundError",
    "ParseError",
    "Problem",
    "ReadError",
    "RemoteError",
    "ResolveError",
    "UnknownFormatError",
    "summarize_warnings",
]


class CitekitError(Exception):
    """Base class: something went wrong with one input, reference or DOI.

    :param message: what went wrong, one line, without the origin.
    :param origin: the path, URL, DOI or ``-`` the problem belongs to.
    """

    def __init__(self, message: str, *, origin: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.origin = origin

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[object, ...]:
        # Errors cross process boundaries in parallel harvests; keep origin and extras.
        return (_rebuild, (type(self), self.message, dict(self.__dict__)))

    def describe(self) -> str:
        """The ``origin: message`` line shown to users."""
        return f"{self.origin}: {self.message}" if self.origin else self.message


def _rebuild(cls: type[CitekitError], message: str, state: dict[str, object]) -> CitekitError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class ReadError(CitekitError):
    """The input cannot be opened, fetched or decoded.

    :param transient: the failure may pass if tried again (a network failure, a
        connection broken mid-read), as opposed to one that will not (a 404, a PDF).
    """

    def __init__(self, message: str, *, origin: str | None = None, transient: bool = False) -> None:
        super().__init__(message, origin=origin)
        self.transient = transient


class ParseError(CitekitError):
    """The input was read but not understood.

    :param line: 1-based line number of the problem, when known.
    """

    def __init__(self, message: str, *, origin: str | None = None, line: int | None = None) -> None:
        super().__init__(message, origin=origin)
        self.line = line

    def describe(self) -> str:
        where = self.origin or ""
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        return f"{where}: {self.message}" if where else self.message


class UnknownFormatError(CitekitError, LookupError):
    """A format name, alias or suffix that citekit does not know."""


class ResolveError(CitekitError):
    """Resolution against Crossref failed."""


class NotFoundError(ResolveError):
    """No match for the DOI or the reference."""


class RemoteError(ResolveError):
    """Crossref answered with an error status.

    :param status_code: the HTTP status Crossref answered with.
    """

    def __init__(self, message: str, *, origin: str | None = None, status_code: int | None = None) -> None:
        super().__init__(message, origin=origin)
        self.status_code = status_code


class NetworkError(ResolveError):
    """Crossref could not be reached: timeout, refused connection, DNS failure."""


class ExportError(CitekitError):
    """A record cannot be written in the target format."""


@dataclass(frozen=True, slots=True)
class Problem:
    """Something a parser noticed and got past (a malformed entry skipped, two fields
    that disagree): the input still succeeds.

    :ivar message: what happened, one line.
    :ivar line: 1-based line of the input it concerns, when known.
    """

    message: str
    line: int | None = None

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line is not None else self.message


_WHERE = re.compile(r"^(?:line|item) \d+: ")
_DETAIL = re.compile(r"[\"'(\d:]")


def _kind(warning: str) -> str:
    """The kind of a warning: its words before the first quoted name, number or detail."""
    body = _WHERE.sub("", warning)
    return _DETAIL.split(body, maxsplit=1)[0].strip(" ,;") or body


def summarize_warnings(warnings: Sequence[str], shown: int = 3) -> list[str]:
    """One line per kind of warning: how many, and the first ``shown`` with their lines.

    A library of thousands of entries can give hundreds of warnings of a few kinds; a
    kind with at most ``shown`` warnings keeps them as they are.

    :param warnings: ``"line N: ..."`` strings, as parsers report them.
    :param shown: how many of a kind are written out.
    :returns: the lines to print, kinds in order of first appearance.
    """
    kinds: dict[str, list[str]] = {}
    for warning in warnings:
        kinds.setdefault(_kind(warning), []).append(warning)
    lines: list[str] = []
    for kind, found in kinds.items():
        if len(found) <= shown:
            lines.extend(found)
        else:
            rest = len(found) - shown
            lines.append(f"{len(found)} warnings: {kind}: " + "; ".join(found[:shown]) + f"; and {rest} more")
    return lines
