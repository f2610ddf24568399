"""What a remote worker receives: an input's bytes or its already read source, never a
path, so no filesystem needs to be shared with the driver.

The driver (:func:`load`) reads each file's raw bytes; the worker
(:func:`parse_payload`) decodes them, detects the format and parses, exactly as
:func:`citekit.source.read` and :func:`citekit.pipeline.process` do for a local path, so
a harvest gives the same records on any engine. Anything that is not a plain readable
file (a DOI, ``-``, a missing path, a directory) is read by the driver with
:func:`~citekit.source.read`, whose error, when there is one, is the input's outcome,
word for word the one a local harvest gives. This module does not import Dask.
"""

from __future__ import annotations

import dataclasses
import os
import stat
import time
from dataclasses import dataclass

from citekit.engines import Item, failed_unexpectedly
from citekit.errors import CitekitError
from citekit.formats import MEDIA_TYPES, detect, from_suffix
from citekit.pipeline import Outcome, process
from citekit.source import MAX_BYTES, Source, decode, read

__all__ = ["Payload", "load", "parse_payload", "parse_payloads"]


@dataclass(frozen=True, slots=True)
class Payload:
    """One input on its way to a worker.

    :ivar origin: the input as given (the outcome's origin, the library's key).
    :ivar data: the file's raw bytes, when the driver read a file.
    :ivar hint: the format its suffix suggests (breaks ties in detection).
    :ivar source: the already read source otherwise (a fetched page, a DOI, stdin).
    """

    origin: str
    data: bytes = b""
    hint: str | None = None
    source: Source | None = None

    @property
    def size(self) -> int:
        """Bytes this payload carries (to bound what one task holds)."""
        return len(self.data) + (len(self.source.text) if self.source is not None else 0)

    def to_source(self) -> Source:
        """The decoded source, as :func:`citekit.source.read` would give it for the file.

        :raises ReadError: binary data (an image, a PDF) or bytes that cannot be decoded.
        """
        if self.source is not None:
            return self.source
        text = decode(self.data, origin=self.origin)
        return Source(text=text, media_type=MEDIA_TYPES[detect(text, hint=self.hint)], origin=self.origin)


def _file_bytes(path: str) -> bytes | None:
    """The bytes of a regular, readable, non-empty file within the size cap; ``None``
    for anything else, so that :func:`read` says why, as in a local harvest."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except (OSError, ValueError):  # ValueError: a NUL in the name
        return None
    if len(data) > MAX_BYTES or not data.strip():
        return None
    return data


def load(item: Item, *, timeout: float = 30.0) -> Payload | Outcome:
    """An item of the parse stage made ready to send: a file's bytes, a source, or the
    outcome of an input the driver could not read.

    :param item: an input as given, a fetched source, or an outcome (passed through).
    :param timeout: seconds allowed should a URL still need fetching.
    :returns: a :class:`Payload`, or a failed :class:`Outcome`.
    """
    if isinstance(item, Outcome):
        return item
    if isinstance(item, Source):
        return Payload(item.origin, source=item)
    if item != "-":
        data = _file_bytes(item)
        if data is not None:
            return Payload(item, data, from_suffix(item))
    start = time.perf_counter()
    try:
        return Payload(item, source=read(item, timeout=timeout))
    except CitekitError as exc:
        if exc.origin is None:
            exc.origin = item
        return Outcome(item, error=exc, seconds=time.perf_counter() - start)


def parse_payload(payload: Payload) -> Outcome:
    """Decode and parse one payload on a worker; never raises.

    Anything raised that is not a citekit error (a bug in a parser) becomes this input's
    failure rather than the failure of the task and of the inputs sharing it.

    :param payload: what :func:`load` made of the input.
    :returns: the outcome, under the input's own origin.
    """
    start = time.perf_counter()
    try:
        outcome = process(payload.to_source())
    except CitekitError as exc:  # from decoding; process() itself returns its errors
        if exc.origin is None:
            exc.origin = payload.origin
        outcome = Outcome(payload.origin, error=exc)
    except Exception as exc:
        return failed_unexpectedly(payload.origin, exc, time.perf_counter() - start)
    # The origin as given, not the source's (a DOI input reads as its normalised DOI).
    return dataclasses.replace(outcome, origin=payload.origin, seconds=time.perf_counter() - start)


def parse_payloads(payloads: list[Payload]) -> list[Outcome]:
    """:func:`parse_payload` over one task's payloads, in order."""
    return [parse_payload(payload) for payload in payloads]
