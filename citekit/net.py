"""Deadlines for network requests: ``--timeout`` bounds a whole request, not each read.

The timeouts requests, urllib3 and httpx offer apply to one socket operation at a time:
a server that sends one byte every two seconds never lets a five-second read timeout
expire, and keeps a single request alive for hours. A :class:`Deadline`, entered with
:func:`deadline` (held in a context variable, so it belongs to the thread that makes
the request), bounds everything the request does inside it: connecting, the TLS
handshake, sending, the headers and the body, redirects included. Scopes nest; an
inner one never outlives the outer.

Each HTTP stack needs its own means, both kept here:

* httpx2 (Crossref, through habanero): :func:`httpx_client` gives a client whose
  connection pools use a network backend that clamps the timeout of every connect,
  read and write to what is left of the current deadline, and counts the bytes read
  against an optional size cap.
* requests (web pages and robots.txt): below http.client's buffered reader there is no
  per-read hook, so :func:`session` mounts urllib3 connections that register their
  socket with the current deadline, and a watchdog thread shuts the socket down when the
  deadline passes; that wakes a read blocked on a dripping server at once. The
  registration holds a duplicate of the TCP socket's descriptor (``shutdown`` on either
  reaches the same connection), so a socket being wrapped in TLS, whose original object
  gives up its descriptor, is covered through the handshake too. Connect timeouts are
  clamped as well. Name resolution (``getaddrinfo``) cannot be interrupted by either
  means.

A session made with ``public_only=True`` (the web server's page fetcher, when it listens
beyond loopback) refuses to talk to addresses that are not public: loopback, private
networks, link-local (cloud metadata services), shared and reserved ranges. The check is
made on the address each socket actually connected to, after name resolution, so a name
that resolves to a public address when asked and to a private one when connecting
gains nothing; :func:`check_public` checks a URL's host before a request (through a
proxy, the only check that can be made, since the proxy connects).

Also here: :func:`parse_retry_after` and :data:`MAX_WAIT`, the longest wait a server can
ask of citekit before an input fails instead.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import email.utils
import heapq
import ipaddress
import itertools
import logging
import math
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import httpcore2
import httpx2
import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

__all__ = [
    "MAX_WAIT",
    "BlockedAddress",
    "Deadline",
    "check_public",
    "current",
    "deadline",
    "httpx_client",
    "is_public",
    "parse_retry_after",
    "session",
]

log = logging.getLogger("citekit.net")

#: Seconds: the longest wait (Retry-After, backoff, a rate-limit slot) citekit accepts;
#: a server asking for more makes that input fail with one line instead.
MAX_WAIT = 60.0

_current: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar("citekit_deadline", default=None)


class Deadline:
    """When the request in progress must be complete, and what enforces it.

    :param seconds: time allowed from now (finite, > 0).
    :param max_bytes: the most bytes an httpx2 request may read inside it (``None``: no cap).
    :param parent: an enclosing deadline; this one never ends after it.
    :raises ValueError: ``seconds`` is not a positive finite number.
    """

    def __init__(self, seconds: float, *, max_bytes: int | None = None, parent: Deadline | None = None) -> None:
        if not math.isfinite(seconds) or seconds <= 0:
            raise ValueError(f"a deadline needs a positive number of seconds, not {seconds!r}")
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        if parent is not None:
            self.end = min(self.end, parent.end)
        self.max_bytes = max_bytes
        self.received = 0
        self.too_large = False
        self._lock = threading.Lock()
        self._guards: dict[int, tuple[object, socket.socket, socket.socket]] = {}
        self._fired = False
        self._closed = False
        self._scheduled = False

    def remaining(self) -> float:
        """Seconds left (negative once passed)."""
        return self.end - time.monotonic()

    @property
    def expired(self) -> bool:
        """True once the deadline has passed."""
        return self._fired or self.remaining() <= 0

    @property
    def closed(self) -> bool:
        """True once the scope that made it has ended."""
        return self._closed

    def clamp(self, timeout: Any) -> float:
        """``timeout`` (seconds, or ``None``/a library's "default" sentinel) shortened to
        what is left; a millisecond once the deadline has passed, so that the next socket
        operation times out instead of blocking."""
        left = max(self.remaining(), 0.001)
        if isinstance(timeout, (int, float)) and not isinstance(timeout, bool):
            return min(float(timeout), left)
        return left

    def count(self, size: int) -> None:
        """Add ``size`` bytes read; raises httpx's read error past :attr:`max_bytes`."""
        self.received += size
        if self.max_bytes is not None and self.received > self.max_bytes:
            self.too_large = True
            raise httpcore2.ReadError(f"answer larger than {self.max_bytes} bytes")

    def watch(self, owner: object, sock: socket.socket | None) -> None:
        """Shut ``sock`` down when the deadline passes, while ``owner`` (its connection)
        still works for this deadline."""
        if sock is None:
            return
        with self._lock:
            if self._closed or id(sock) in self._guards:
                setattr(owner, "_citekit_deadline", self)  # noqa: B010 - urllib3's classes have no slot for it
                return
            try:
                guard = socket.fromfd(sock.fileno(), sock.family, sock.type, sock.proto)
            except (OSError, ValueError):
                return  # already closed: nothing left to interrupt
            # The socket object is kept so that its id is not reused while guarded.
            self._guards[id(sock)] = (owner, sock, guard)
            setattr(owner, "_citekit_deadline", self)  # noqa: B010
            fired = self._fired
            if not self._scheduled:
                self._scheduled = True
                _WATCHDOG.schedule(self)
        if fired:
            _shut(guard)

    def fire(self) -> None:
        """The deadline passed: shut down every socket still working for it."""
        with self._lock:
            if self._closed:
                return
            self._fired = True
            guards = [guard for owner, _, guard in self._guards.values() if _owner(owner) is self]
        for guard in guards:
            _shut(guard)

    def close(self) -> None:
        """End the scope: forget the sockets (the connections live on in their pool)."""
        with self._lock:
            self._closed = True
            guards = list(self._guards.values())
            self._guards.clear()
        for owner, _, guard in guards:
            if _owner(owner) is self:
                with contextlib.suppress(AttributeError):
                    delattr(owner, "_citekit_deadline")
            guard.close()


def _owner(connection: object) -> Deadline | None:
    owner = getattr(connection, "_citekit_deadline", None)
    return owner if isinstance(owner, Deadline) else None


def _shut(guard: socket.socket) -> None:
    with contextlib.suppress(OSError):
        guard.shutdown(socket.SHUT_RDWR)


class _Watchdog:
    """One daemon thread calling :meth:`Deadline.fire` when each deadline passes."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, Deadline]] = []
        self._order = itertools.count()
        self._thread: threading.Thread | None = None

    def schedule(self, item: Deadline) -> None:
        with self._cond:
            heapq.heappush(self._heap, (item.end, next(self._order), item))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="citekit-deadlines", daemon=True)
                self._thread.start()
            self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                while True:
                    while self._heap and self._heap[0][2].closed:
                        heapq.heappop(self._heap)
                    if not self._heap:
                        self._cond.wait()
                        continue
                    wait = self._heap[0][0] - time.monotonic()
                    if wait <= 0:
                        due = heapq.heappop(self._heap)[2]
                        break
                    self._cond.wait(wait)
            due.fire()


_WATCHDOG = _Watchdog()


def current() -> Deadline | None:
    """The deadline of the request in progress on this thread, if any."""
    return _current.get()


@contextlib.contextmanager
def deadline(seconds: float, *, max_bytes: int | None = None) -> Iterator[Deadline]:
    """Bound every request made inside the block to ``seconds`` in all.

    :param seconds: time allowed (an enclosing deadline may leave less).
    :param max_bytes: cap on what httpx2 requests read inside the block.
    :returns: the :class:`Deadline` (check :attr:`Deadline.expired` when a request fails).
    :raises ValueError: ``seconds`` is not a positive finite number.
    """
    scope = Deadline(seconds, max_bytes=max_bytes, parent=_current.get())
    token = _current.set(scope)
    try:
        yield scope
    finally:
        _current.reset(token)
        scope.close()


# -- requests / urllib3 ------------------------------------------------------------------

if TYPE_CHECKING:
    _Connection = HTTPConnection
else:
    _Connection = object


class BlockedAddress(Exception):
    """A request refused by citekit itself: the address it would reach is not public."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} is at {address}, not a public address; this server does not fetch it")


def is_public(address: str) -> bool:
    """Whether an IP address belongs to the public internet (not loopback, private,
    link-local, shared, reserved or multicast; an IPv4-mapped IPv6 address as its IPv4)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_public(host: str, port: int | None = None) -> None:
    """Refuse a host that is, or resolves to, an address that is not public.

    :raises BlockedAddress: naming the host and the address.
    """
    name = host.strip("[]")
    try:
        infos = socket.getaddrinfo(name, port or 80, type=socket.SOCK_STREAM)
    except OSError:
        return  # unresolvable: the request itself fails and says so
    for info in infos:
        address = str(info[4][0])
        if not is_public(address):
            raise BlockedAddress(name, address)


class _Bounded(_Connection):
    """A urllib3 connection that keeps to the current :class:`Deadline` (and, in a
    ``public_only`` session, connects to public addresses only)."""

    public_only = False

    def _new_conn(self) -> socket.socket:
        scope = _current.get()
        if scope is not None:
            self.timeout = scope.clamp(self.timeout)
        sock = super()._new_conn()
        if self.public_only and getattr(self, "proxy", None) is None:
            address = str(sock.getpeername()[0])
            if not is_public(address):
                sock.close()
                raise BlockedAddress(self.host, address)
        if scope is not None:
            scope.watch(self, sock)
        return sock

    def request(self, *args: Any, **kwargs: Any) -> None:
        scope = _current.get()
        if scope is not None:
            self.timeout = scope.clamp(self.timeout)
            scope.watch(self, self.sock)  # a kept-alive connection: its socket is already open
        super().request(*args, **kwargs)

    def getresponse(self) -> Any:
        scope = _current.get()
        if scope is not None:
            self.timeout = scope.clamp(self.timeout)
        return super().getresponse()


class _BoundedHTTPConnection(_Bounded, HTTPConnection):
    pass


class _BoundedHTTPSConnection(_Bounded, HTTPSConnection):
    pass


class _BoundedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _BoundedHTTPConnection


class _BoundedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _BoundedHTTPSConnection


class _PublicHTTPConnection(_BoundedHTTPConnection):
    public_only = True


class _PublicHTTPSConnection(_BoundedHTTPSConnection):
    public_only = True


class _PublicHTTPPool(HTTPConnectionPool):
    ConnectionCls = _PublicHTTPConnection


class _PublicHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _PublicHTTPSConnection


_POOLS: dict[str, type[HTTPConnectionPool]] = {"http": _BoundedHTTPPool, "https": _BoundedHTTPSPool}
_PUBLIC_POOLS: dict[str, type[HTTPConnectionPool]] = {"http": _PublicHTTPPool, "https": _PublicHTTPSPool}


class _BoundedAdapter(HTTPAdapter):
    """requests' adapter with urllib3 pools of deadline-keeping connections."""

    def __init__(self, *, public_only: bool = False) -> None:
        self.pools = _PUBLIC_POOLS if public_only else _POOLS  # set before the pool manager is made
        super().__init__()

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any) -> None:
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = self.pools

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if type(manager) is urllib3.ProxyManager:  # a SOCKS manager keeps its own pools
            manager.pool_classes_by_scheme = self.pools
        return manager


def session(*, public_only: bool = False) -> requests.Session:
    """A ``requests.Session`` whose requests keep to the current :func:`deadline`.

    Use it inside ``with deadline(seconds):`` around the request *and* the reading of its
    body (``stream=True``); outside a deadline it behaves like a plain session.

    :param public_only: connect to public addresses only; any other connection raises
        :class:`BlockedAddress` (not a ``requests`` error: it is never retried).
    """
    http = requests.Session()
    adapter = _BoundedAdapter(public_only=public_only)
    http.mount("http://", adapter)
    http.mount("https://", adapter)
    return http


# -- httpx2 / httpcore2 ------------------------------------------------------------------


def _left(timeout: float | None, error: type[Exception]) -> float | None:
    scope = _current.get()
    if scope is None:
        return timeout
    if scope.remaining() <= 0:
        raise error(f"no complete answer within {scope.seconds:g} s")
    return scope.clamp(timeout)


class _BoundedStream(httpcore2.NetworkStream):
    """An httpcore2 stream whose every operation ends by the current deadline."""

    def __init__(self, stream: httpcore2.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data = self._stream.read(max_bytes, _left(timeout, httpcore2.ReadTimeout))
        scope = _current.get()
        if scope is not None:
            scope.count(len(data))
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _left(timeout, httpcore2.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None) -> Any:
        return _BoundedStream(
            self._stream.start_tls(ssl_context, server_hostname, _left(timeout, httpcore2.ConnectTimeout))
        )

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _BoundedBackend(httpcore2.NetworkBackend):
    """httpcore2's network backend, its streams wrapped in :class:`_BoundedStream`."""

    def __init__(self, inner: httpcore2.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore2.NetworkStream:
        stream = self._inner.connect_tcp(
            host, port, _left(timeout, httpcore2.ConnectTimeout), local_address, socket_options
        )
        return _BoundedStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore2.NetworkStream:
        stream = self._inner.connect_unix_socket(path, _left(timeout, httpcore2.ConnectTimeout), socket_options)
        return _BoundedStream(stream)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def httpx_client(**kwargs: Any) -> httpx2.Client:
    """An ``httpx2.Client`` (same arguments) whose requests keep to the current
    :func:`deadline`, proxies from the environment included.

    httpx2 does not take a network backend, so the one of each transport's connection
    pool is replaced; should a future httpx2 lay them out differently, a warning says
    that requests are bounded per read only (the tests check that they are not).
    """
    client = httpx2.Client(**kwargs)
    for transport in [client._transport, *client._mounts.values()]:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if isinstance(backend, _BoundedBackend):
            continue
        if not isinstance(backend, httpcore2.NetworkBackend):
            if transport is not None:
                log.warning("citekit: this httpx2 hides its network backend; --timeout bounds each read only")
            continue
        pool._network_backend = _BoundedBackend(backend)  # type: ignore[union-attr]
    return client


# -- waits -----------------------------------------------------------------------------


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for: a number of seconds or an HTTP date.

    :param value: the header, or ``None``.
    :param now: the current time (``time.time()``), for dates.
    :returns: seconds (never negative; absurd values stay large but finite), or ``None``
        when the header is absent or unreadable.
    """
    if value is None:
        return None
    text = value.strip()
    if text.isascii() and text.isdigit():
        return float(int(text)) if len(text) <= 15 else 1e15
    try:
        when = email.utils.parsedate_to_datetime(text)
        stamp = when.timestamp() if when.tzinfo else when.replace(tzinfo=datetime.UTC).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return max(0.0, stamp - (time.time() if now is None else now))
