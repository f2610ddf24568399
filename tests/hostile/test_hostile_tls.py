"""Deadlines hold over TLS too: a server dripping its handshake or its body, for both
HTTP stacks (requests for pages, httpx2 for Crossref). The certificate is made with
the openssl command line, so these tests are skipped where it is missing."""

from __future__ import annotations

import contextlib
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
import requests

from citekit import net

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl command")

BODY = b'{"status": "ok", "message": {"DOI": "10.5555/x"}}'


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"),
            *("-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def _drip(sock: socket.socket, data: bytes, every: float, stop: threading.Event) -> None:
    for i in range(len(data)):
        if stop.is_set():
            return
        sock.sendall(data[i : i + 1])
        time.sleep(every)


def _serve_one(raw: socket.socket, context: ssl.SSLContext, what: str, stop: threading.Event) -> None:
    with raw:
        if what == "handshake":
            # TLS through memory buffers, so that the server's handshake bytes can drip.
            incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
            tls = context.wrap_bio(incoming, outgoing, server_side=True)
            raw.settimeout(0.05)
            while not stop.is_set():
                with contextlib.suppress(TimeoutError):
                    data = raw.recv(65536)
                    if not data:
                        return
                    incoming.write(data)
                with contextlib.suppress(ssl.SSLWantReadError):
                    tls.do_handshake()
                    return  # the handshake completed: the deadline did not hold
                _drip(raw, outgoing.read(), 0.05, stop)
            return
        with context.wrap_socket(raw, server_side=True) as conn:
            conn.recv(65536)
            head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(BODY)
            conn.sendall(head)
            _drip(conn, BODY, 0.1, stop)


@pytest.fixture
def tls_server(certificate: tuple[Path, Path]) -> Iterator[dict[str, str]]:
    """``{"body": url, "handshake": url}``: TLS servers dripping the one or the other."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    stop = threading.Event()
    listeners, urls = [], {}
    for what in ("body", "handshake"):
        listener = socket.create_server(("127.0.0.1", 0))
        listener.settimeout(0.1)
        listeners.append(listener)
        urls[what] = f"https://127.0.0.1:{listener.getsockname()[1]}/works/x"

        def accept(listener: socket.socket = listener, what: str = what) -> None:
            while not stop.is_set():
                try:
                    raw, _ = listener.accept()
                except (TimeoutError, OSError):
                    continue
                worker = threading.Thread(target=_guarded, args=(raw, context, what, stop), daemon=True)
                worker.start()

        threading.Thread(target=accept, daemon=True).start()
    yield urls
    stop.set()
    for listener in listeners:
        listener.close()


def _guarded(raw: socket.socket, context: ssl.SSLContext, what: str, stop: threading.Event) -> None:
    with contextlib.suppress(OSError, ssl.SSLError):  # the client hung up: what these tests want
        _serve_one(raw, context, what, stop)


@pytest.mark.parametrize("what", ["body", "handshake"])
def test_requests_over_tls_keep_to_the_deadline(
    tls_server: dict[str, str], certificate: tuple[Path, Path], what: str
) -> None:
    http = net.session()
    started = time.monotonic()
    with pytest.raises(requests.RequestException), net.deadline(1.0) as limit:
        response = http.get(tls_server[what], timeout=(10, 10), stream=True, verify=str(certificate[0]))
        b"".join(response.iter_content(65536))
    assert limit.expired
    assert time.monotonic() - started < 4  # the drip alone takes 5 s or more
    http.close()


@pytest.mark.parametrize("what", ["body", "handshake"])
def test_httpx_over_tls_keeps_to_the_deadline(
    tls_server: dict[str, str], certificate: tuple[Path, Path], what: str
) -> None:
    client = net.httpx_client(timeout=10, verify=ssl.create_default_context(cafile=str(certificate[0])))
    started = time.monotonic()
    with pytest.raises(httpx2.TimeoutException), net.deadline(1.0):
        client.get(tls_server[what])
    assert time.monotonic() - started < 4
    client.close()
