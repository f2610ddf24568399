"""A scriptable loopback HTTP server for hostile cases: answers that drip, never end,
redirect where they should not, or ask the client to wait for years.

Every behaviour is finite: a dripping answer completes after a few seconds, an
"endless" one stops after some megabytes. So a client that is not protected does not
hang or fill memory; it gets a different result, and the test fails on that result.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

Behaviour = Callable[["Handler"], None]


@dataclass
class Script:
    """What the server does per path, and what it saw."""

    routes: dict[str, Behaviour] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    unfinished: list[str] = field(default_factory=list)  # answers the client hung up on
    stop: threading.Event = field(default_factory=threading.Event)
    url: str = ""

    def route(self, path: str, behaviour: Behaviour) -> None:
        self.routes[path] = behaviour

    def hits(self, path: str) -> int:
        return sum(1 for p in self.requests if p == path)

    def gave_up(self, path: str, within: float = 5.0) -> bool:
        """Whether the client hung up on the answer to ``path`` (waiting for the server
        thread to notice)."""
        end = time.monotonic() + within
        while path not in self.unfinished and time.monotonic() < end:
            time.sleep(0.02)
        return path in self.unfinished


class Handler(BaseHTTPRequestHandler):
    script: Script
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        self.script.requests.append(path)
        behaviour = self.script.routes.get(path)
        try:
            if behaviour is None:
                self.send(404, b"not here", "text/plain")
            else:
                behaviour(self)
        except OSError:  # the client gave up: what the hostile cases want
            self.script.unfinished.append(path)
            self.close_connection = True

    def send(self, status: int, body: bytes, content_type: str = "text/html", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def drip(self, data: bytes, every: float) -> None:
        """Write ``data`` a byte at a time, ``every`` seconds apart."""
        for i in range(len(data)):
            if self.script.stop.is_set():
                raise ConnectionAbortedError("server stopping")
            self.wfile.write(data[i : i + 1])
            self.wfile.flush()
            time.sleep(every)

    def log_message(self, format: str, *args: Any) -> None:
        return


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        return  # a client hanging up mid-answer is the point of these tests


@contextlib.contextmanager
def hostile_server(host: str = "127.0.0.1") -> Iterator[Script]:
    """A loopback server; routes are added to the yielded :class:`Script`."""
    script = Script()
    handler = type("ScriptedHandler", (Handler,), {"script": script})
    server = _Server((host, 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="hostile-server", daemon=True)
    thread.start()
    script.url = f"http://{host}:{server.server_address[1]}"
    try:
        yield script
    finally:
        script.stop.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def hostile() -> Iterator[Script]:
    """A scriptable loopback server (see :class:`Script`)."""
    with hostile_server() as script:
        yield script


@pytest.fixture
def other_host() -> Iterator[Script]:
    """A second scriptable server, on another port: another site."""
    with hostile_server() as script:
        yield script


def page(title: str = "A page") -> bytes:
    """A small article page."""
    return (
        f"<html><head><title>{title}</title><meta name='citation_title' content='{title}'>"
        "<meta name='citation_author' content='Doe, Jane'><meta name='citation_date' content='2020'>"
        "</head><body><p>text</p></body></html>"
    ).encode()


def dripping(status_line_too: bool, body: bytes, every: float, content_type: str = "text/html") -> Behaviour:
    """An answer sent a byte at a time: the status line and headers too, or only the body."""

    def behaviour(handler: Handler) -> None:
        head = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        if status_line_too:
            handler.drip(head + body, every)
        else:
            handler.wfile.write(head)
            handler.drip(body, every)

    return behaviour


def fixed(status: int, body: bytes = b"", content_type: str = "text/html", **headers: str) -> Behaviour:
    """An ordinary answer."""
    return lambda handler: handler.send(status, body, content_type, **headers)


def redirect(location: str, status: int = 302) -> Behaviour:
    """A redirect to ``location``."""
    return lambda handler: handler.send(status, b"", "text/plain", Location=location)
