"""Inputs: a path, URL, DOI or ``-`` becomes a :class:`Source` (decoded text, detected
media type, origin).

Also expands command-line inputs (directories recursively, ``@list`` files) into single
inputs, lazily, so a harvest of a million files never holds the list in memory.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from citekit import __version__
from citekit.errors import CitekitError, ReadError
from citekit.formats import MEDIA_TYPES, detect, from_media_type, from_suffix
from citekit.record import normalize_doi

if TYPE_CHECKING:
    from citekit.services import Lookups

__all__ = [
    "MAX_BYTES",
    "USER_AGENT",
    "Identifier",
    "Source",
    "decode",
    "expand",
    "identify",
    "is_doi",
    "is_identifier",
    "is_url",
    "read",
    "refuse_special",
]

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


class Identifier(NamedTuple):
    """A work identifier given as an input, pointing at a document a service holds.

    :ivar kind: ``pmid``, ``pmcid``, ``arxiv`` or ``isbn``.
    :ivar value: the identifier without its prefix (``12345``, ``PMC123``, ``2101.00001v2``,
        ``9780262033848``).
    """

    kind: str
    value: str


# Prefixes are required where a bare value is ambiguous (a number, 2101.00001, an ISBN-13
# that could be a page range or a phone number); a bare PMCID is unambiguous.
_PMID = re.compile(r"^(?:pmid|pubmed)\s*:?\s*(\d{1,9})$", re.IGNORECASE)
_PMCID = re.compile(r"^(?:pmcid\s*:?\s*)?PMC\s*(\d{1,9})$", re.IGNORECASE)
_ARXIV = re.compile(
    r"^arxiv\s*:\s*((?:\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?/\d{7})(?:v\d{1,3})?)$", re.IGNORECASE
)
_ISBN = re.compile(r"^isbn(?:-?1[03])?\s*:?\s*(\d[\d -]{8,15}[\dXx])$", re.IGNORECASE)


def _isbn_ok(digits: str) -> bool:
    if len(digits) == 10:
        values = [10 if c in "Xx" else int(c) for c in digits]
        return "X" not in digits[:-1].upper() and sum((10 - i) * v for i, v in enumerate(values)) % 11 == 0
    if len(digits) == 13 and digits.isdigit() and digits.startswith(("978", "979")):
        return sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(digits)) % 10 == 0
    return False


def identify(value: str) -> Identifier | None:
    """The PMID, PMCID, arXiv id or ISBN ``value`` names, or ``None``.

    Written as ``PMID:12345`` (``pmid: 12345``, ``PubMed 12345``), ``PMCID:PMC123`` or
    ``PMC123``, ``arXiv:2101.00001`` (``arXiv:hep-th/9901001v2``), ``ISBN:978-0-262-03384-8``
    (ISBN-10 or -13, checksum verified). An existing file of that name is a file.

    :param value: one input as the user wrote it.
    :returns: the :class:`Identifier`, or ``None``.
    """
    text = value.strip()
    if not text or len(text) > 64 or text.startswith(("http://", "https://")):
        return None
    found: Identifier | None = None
    if match := _PMID.match(text):
        found = Identifier("pmid", match.group(1).lstrip("0") or "0")
    elif match := _PMCID.match(text):
        found = Identifier("pmcid", f"PMC{match.group(1)}")
    elif match := _ARXIV.match(text):
        found = Identifier("arxiv", match.group(1))
    elif match := _ISBN.match(text):
        digits = re.sub(r"[ -]", "", match.group(1)).upper()
        found = Identifier("isbn", digits) if _isbn_ok(digits) else None
    if found is None or found.value == "0" or os.path.exists(text):
        return None
    return found


def is_identifier(value: str) -> bool:
    """True when ``value`` is a PMID, PMCID, arXiv id or ISBN input (see :func:`identify`)."""
    return identify(value) is not None


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


_WIDE = re.compile(r"^(?:utf|ucs)-?(?:16|32|2|4)", re.IGNORECASE)


def _wide_encoding(sample: bytes) -> str | None:
    """UTF-16 or UTF-32 written without a byte-order mark, told by where its zero bytes
    fall (text in Latin script has a zero in every second or three of every four bytes);
    ``None`` for anything else."""
    size = len(sample) - len(sample) % 4
    if size < 8 or b"\x00" not in sample:
        return None
    zeros = [sample[i:size:4].count(0) / (size // 4) for i in range(4)]
    if min(zeros[1], zeros[2], zeros[3]) > 0.9 and zeros[0] < 0.5:
        return "utf-32-le"
    if min(zeros[0], zeros[1], zeros[2]) > 0.9 and zeros[3] < 0.5:
        return "utf-32-be"
    odd, even = (zeros[1] + zeros[3]) / 2, (zeros[0] + zeros[2]) / 2
    if odd > 0.6 and even < 0.2:
        return "utf-16-le"
    if even > 0.6 and odd < 0.2:
        return "utf-16-be"
    return None


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
        (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: FF FE 00 00 starts with FF FE
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    wide = _wide_encoding(data[:4096])
    if wide:
        return data.decode(wide, errors="replace")
    if _looks_binary(data):
        raise ReadError("binary data, not a text format citekit reads", origin=origin)
    candidates: list[str] = []
    if declared and not _WIDE.match(declared):
        # A declared UTF-16/32 without the zero bytes such text has (checked above) is a
        # wrong declaration on an ASCII-compatible page: decoding by it gives mojibake.
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
    from citekit import net  # imported late: only URL inputs need it

    http = session or net.session()
    try:
        with net.deadline(timeout) as limit:  # the whole request, body included (see citekit.net)
            return _fetch(http, url, timeout, max_bytes, user_agent, limit)
    finally:
        if session is None:
            http.close()


def _fetch(http: Any, url: str, timeout: float, max_bytes: int, user_agent: str, limit: Any) -> Source:
    import requests

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
        reason = f"no complete answer within {timeout:g} s" if limit.expired else _network_reason(exc, timeout)
        raise ReadError(f"cannot fetch: {reason}", origin=url, transient=True) from exc
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
            if limit.expired:
                raise ReadError(f"no complete answer within {timeout:g} s", origin=url, transient=True) from exc
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
    lookups: Lookups | None = None,
) -> Source:
    """Read one input: a path, an http(s) URL, a DOI, an identifier, or ``-`` for standard input.

    An identifier (``PMID:…``, ``PMCID:…``, ``arXiv:…``, ``ISBN:…``; see :func:`identify`)
    points at a document, like a URL: it is fetched from its service (PubMed, PMC, arXiv,
    Open Library) and the Source is that document, in that document's format.

    :param src: the input as the user wrote it.
    :param timeout: seconds allowed for a URL.
    :param max_bytes: refuse inputs larger than this.
    :param stdin: the stream ``-`` reads (default: ``sys.stdin.buffer``).
    :param session: a ``requests.Session`` to reuse for URLs.
    :param lookups: service settings for identifiers (base URLs, ``offline``, cache); the
        default reads them from the environment.
    :returns: the decoded :class:`Source`.
    :raises ReadError: missing, unreadable, binary, too large, not fetchable, an identifier
        its service does not know, or not looked up because offline.
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
    identifier = identify(origin)
    if identifier is not None:
        from citekit.services import lookup_source

        return lookup_source(identifier, origin=origin, lookups=lookups, timeout=timeout)
    path = Path(origin)
    if origin.startswith("@") and Path(origin[1:]).is_file():
        # expand() passes an @list on only when it is already being read above it.
        raise ReadError("a list that names itself (directly or through another list): not read again", origin=origin)
    try:
        if path.is_dir():
            raise ReadError("is a directory (give it to harvest, or name the files)", origin=origin)
        refuse_special(path, origin)
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


def refuse_special(path: Path, origin: str) -> None:
    """Refuse what is not a regular file before opening it

    :raises ReadError: ``path`` is a named pipe, a socket or a device.

    Opening (opening a named pipe waits
    for a writer forever). A pipe the shell hands over (``<(command)``, ``/dev/stdin``)
    is read like standard input."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # open() says what is wrong
    if stat.S_ISREG(mode):
        return
    if stat.S_ISFIFO(mode) and "pipe:[" in os.path.realpath(path):
        return  # an anonymous pipe with its writer already attached
    if stat.S_ISFIFO(mode):
        raise ReadError("a named pipe, not a file (to read from it, give - and redirect it: - < PIPE)", origin=origin)
    kind = "a socket" if stat.S_ISSOCK(mode) else "a device"
    raise ReadError(f"{kind}, not a file", origin=origin)


_SKIP_NAMES = re.compile(r"(^\.|~$|\.(?:pyc|swp|tmp|part)$)")


def expand(inputs: Iterable[str], _reading: frozenset[str] = frozenset()) -> Iterator[str]:
    """Single inputs from command-line ones, lazily and in a stable order.

    Directories are walked recursively (sorted, hidden files skipped); ``@FILE`` reads
    one input per line from FILE (blank lines and ``#`` comments skipped); anything else
    (a path, URL, DOI or ``-``) passes through, so a missing file is reported by
    :func:`read` under its own name. A list that names itself, directly or through
    another list, is passed through once more instead of being read again, and
    :func:`read` refuses it in one line.
    """
    for item in inputs:
        if item.startswith("@") and len(item) > 1 and Path(item[1:]).is_file():
            key = os.path.realpath(item[1:])
            if key in _reading:
                yield item
                continue
            with open(item[1:], encoding="utf-8", errors="replace") as handle:
                for line in handle:
                    line = line.strip()
                    if line and not line.startswith("#"):
                        yield from expand([line], _reading | {key})
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
