"""Inputs: a path, URL, DOI or ``-`` becomes a :class:`Source` (decoded text, detected
media type, origin).

Also expands command-line inputs (directories recursively, ``@list`` files) into single
inputs, lazily, so a harvest of a million files never holds the list in memory.
"""

from __future__ import annotations

import codecs
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from citekit import __version__
from citekit.errors import CitekitError, ReadError
from citekit.formats import MEDIA_TYPES, detect, from_media_type, from_suffix
from citekit.record import normalize_doi

__all__ = ["MAX_BYTES", "USER_AGENT", "Source", "decode", "expand", "is_doi", "is_url", "read"]

MAX_BYTES = 50 * 1024 * 1024
USER_AGENT = f"citekit/{__version__} (+https://pypi.org/project/citekit/)"
DOI_MEDIA_TYPE = "application/x-doi"


@dataclass(frozen=True, slots=True)
class Source:
    """One input, read and decoded.

    :ivar text: the decoded text.
    :ivar media_type: what the content is (see :data:`citekit.formats.MEDIA_TYPES`),
        detected from the content; a suffix or Content-Type only breaks ties.
    :ivar origin: the path, URL, DOI or ``-`` it came from (used in every message).
    """

    text: str
    media_type: str
    origin: str

    @property
    def format(self) -> str:
        """The format name (key of :data:`citekit.formats.PARSERS`) of this source."""
        if self.media_type == DOI_MEDIA_TYPE:
            return "doi"
        return from_media_type(self.media_type) or "text"


def is_url(value: str) -> bool:
    """True for ``http://`` and ``https://`` addresses."""
    return value.startswith(("http://", "https://")) and not re.match(r"https?://(dx\.)?doi\.org/", value)


def is_doi(value: str) -> bool:
    """True when ``value`` is a DOI on its own (``10.x/y``, ``doi:...``, a doi.org URL)."""
    text = value.strip()
    if os.path.exists(text):
        return False
    doi = normalize_doi(text)
    if not doi:
        return False
    bare = re.sub(r"^(?:doi\s*:\s*|https?://(?:dx\.)?doi\.org/)", "", text, flags=re.IGNORECASE)
    return bare == doi


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([\w.-]+)["']""")


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample and not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls / len(sample) > 0.05


def decode(data: bytes, *, declared: str | None = None, origin: str = "-") -> str:
    """Bytes to text (see :func:`_decode`), without a leading byte-order mark."""
    return _decode(data, declared=declared, origin=origin).removeprefix("\ufeff")


def _decode(data: bytes, *, declared: str | None = None, origin: str = "-") -> str:
    """Bytes to text: BOM, then the declared charset, then one the document names, then
    UTF-8, then a statistical guess.

    :param data: the raw bytes.
    :param declared: a charset from a Content-Type header, if any.
    :param origin: named in the error.
    :raises ReadError: the bytes are binary (an image, a PDF, an archive) or cannot be decoded.
    """
    if data.startswith(b"%PDF"):
        raise ReadError("a PDF file; citekit reads HTML, JATS XML, text, BibTeX, RIS and CSL-JSON", origin=origin)
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if _looks_binary(data):
        raise ReadError("binary data, not a text format citekit reads", origin=origin)
    candidates: list[str] = []
    if declared:
        candidates.append(declared)
    head = data[:4096]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        match = pattern.search(head)
        if match:
            candidates.append(match.group(1).decode("ascii", "replace"))
    candidates.append("utf-8")
    for encoding in candidates:
        try:
            codecs.lookup(encoding)
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return data.decode("utf-8", errors="replace")
    return str(best)


def _source(text: str, origin: str, hint: str | None) -> Source:
    try:
        fmt = detect(text, hint=hint)
    except CitekitError as exc:  # XML of a kind citekit does not read: refused, named
        exc.origin = exc.origin or origin
        raise
    return Source(text=text, media_type=MEDIA_TYPES[fmt], origin=origin)


def _read_limited(stream: IO[bytes], origin: str, limit: int) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise ReadError(f"larger than the {limit // (1024 * 1024)} MB limit", origin=origin)
    return data


_ERRNO = re.compile(r"\[Errno -?\d+\] ([^'\")\]]+)")


def _network_reason(exc: Exception, timeout: float) -> str:
    """What went wrong, in a few words: requests nests urllib3's retry and connection
    errors into one long repr ("HTTPSConnectionPool(host=...): Max retries exceeded ...")."""
    import requests

    if isinstance(exc, requests.Timeout):
        return f"no answer within {timeout:g} s"
    if isinstance(exc, requests.TooManyRedirects):
        return "too many redirects"
    if isinstance(exc, requests.exceptions.SSLError):
        return "TLS certificate or handshake failed"
    errno = _ERRNO.search(str(exc))
    if errno:
        return errno.group(1).strip().rstrip(".").lower()
    if isinstance(exc, requests.ConnectionError):
        return "connection failed"
    return f"{exc.__class__.__name__}: {exc}"


def fetch(
    url: str, *, timeout: float = 30.0, max_bytes: int = MAX_BYTES, session: Any = None, user_agent: str = USER_AGENT
) -> Source:
    """Fetch a page with requests: redirects followed, a size cap, charset detection.

    :raises ReadError: the server cannot be reached, answers an error, or sends too much.
    """
    import requests  # imported late: only URL inputs need it

    http = session or requests
    try:
        response = http.get(
            url,
            timeout=(min(timeout, 10.0), timeout),
            headers={
                "User-Agent": user_agent,
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5",
            },
            stream=True,
            allow_redirects=True,
        )
    except requests.RequestException as exc:
        raise ReadError(f"cannot fetch: {_network_reason(exc, timeout)}", origin=url, transient=True) from exc
    with response:
        if response.status_code >= 400:
            raise ReadError(f"HTTP {response.status_code} {response.reason}", origin=url)
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > max_bytes:
            raise ReadError(f"larger than the {max_bytes // (1024 * 1024)} MB limit", origin=url)
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(65536):
                size += len(chunk)
                if size > max_bytes:
                    raise ReadError(f"larger than the {max_bytes // (1024 * 1024)} MB limit", origin=url)
                chunks.append(chunk)
        except requests.RequestException as exc:
            raise ReadError(f"connection broke while reading: {exc}", origin=url, transient=True) from exc
        content_type = response.headers.get("Content-Type", "")
    match = re.search(r"charset=([\w.-]+)", content_type)
    text = decode(b"".join(chunks), declared=match.group(1) if match else None, origin=url)
    return _source(text, url, from_media_type(content_type))


def read(
    src: str | os.PathLike[str],
    *,
    timeout: float = 30.0,
    max_bytes: int = MAX_BYTES,
    stdin: IO[bytes] | None = None,
    session: Any = None,
) -> Source:
    """Read one input: a path, an http(s) URL, a DOI, or ``-`` for standard input.

    :param src: the input as the user wrote it.
    :param timeout: seconds allowed for a URL.
    :param max_bytes: refuse inputs larger than this.
    :param stdin: the stream ``-`` reads (default: ``sys.stdin.buffer``).
    :param session: a ``requests.Session`` to reuse for URLs.
    :returns: the decoded :class:`Source`.
    :raises ReadError: missing, unreadable, binary, too large, or not fetchable.
    """
    origin = os.fspath(src)
    if origin == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        return _source(decode(_read_limited(stream, "-", max_bytes), origin="-"), "-", None)
    if is_url(origin):
        return fetch(origin, timeout=timeout, max_bytes=max_bytes, session=session)
    if is_doi(origin):
        doi = normalize_doi(origin) or origin
        return Source(text=doi, media_type=DOI_MEDIA_TYPE, origin=doi)
    path = Path(origin)
    try:
        if path.is_dir():
            raise ReadError("is a directory (give it to harvest, or name the files)", origin=origin)
        with path.open("rb") as handle:
            data = _read_limited(handle, origin, max_bytes)
    except FileNotFoundError as exc:
        raise ReadError("no such file", origin=origin) from exc
    except PermissionError as exc:
        raise ReadError("permission denied", origin=origin) from exc
    except IsADirectoryError as exc:  # pragma: no cover - is_dir() caught it
        raise ReadError("is a directory", origin=origin) from exc
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}", origin=origin) from exc
    if not data.strip():
        raise ReadError("empty file", origin=origin)
    return _source(decode(data, origin=origin), origin, from_suffix(path))


_SKIP_NAMES = re.compile(r"(^\.|~$|\.(?:pyc|swp|tmp|part)$)")


def expand(inputs: Iterable[str]) -> Iterator[str]:
    """Single inputs from command-line ones, lazily and in a stable order.

    Directories are walked recursively (sorted, hidden files skipped); ``@FILE`` reads
    one input per line from FILE (blank lines and ``#`` comments skipped); anything else
    (a path, URL, DOI or ``-``) passes through, so a missing file is reported by
    :func:`read` under its own name.
    """
    for item in inputs:
        if item.startswith("@") and len(item) > 1 and Path(item[1:]).is_file():
            with open(item[1:], encoding="utf-8", errors="replace") as handle:
                for line in handle:
                    line = line.strip()
                    if line and not line.startswith("#"):
                        yield from expand([line])
            continue
        path = Path(item)
        if item not in ("-",) and not is_url(item) and path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not _SKIP_NAMES.search(name):
                        yield os.path.join(root, name)
            continue
        yield item
