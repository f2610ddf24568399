"""Service stand-ins and golden-file helpers, for tests, evaluation and benchmarks.

A Crossref-compatible stand-in server over a set of work records, on loopback, for
everything that must not touch the real API. It answers the
routes citekit uses, in Crossref's format: ``/works/{doi}`` (the work, or Crossref's
plain-text ``Resource not found.`` 404), ``/works?filter=doi:A,doi:B`` and
``/works?query.bibliographic=...`` (work lists; searches ranked by BM25 over title,
authors, container, year, volume and first page, with a Crossref-like ``score``), and
Crossref's JSON ``validation-failure`` 400 for parameters it does not know.

It can also behave like Crossref under load: announce limits in the
``X-Rate-Limit-*``/``X-Concurrency-Limit`` headers and, with ``enforce=True``, answer
429 to a client that exceeds them (sliding one-interval window per route kind, and
requests in flight), and add latency. :meth:`StandIn.handle` is independent of any
server; :func:`serve` runs it on a ``ThreadingHTTPServer``, :func:`install` behind a
pytest-httpserver. :func:`recorded_works` reads replies recorded with
``scripts/record_crossref.py``.

Golden files: :func:`assert_golden` compares records with a ``.expected.json`` twin;
``CITEKIT_UPDATE_GOLDEN=1`` rewrites the twin instead (then review the diff).
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import math
import os
import re
import threading
import time
import unicodedata
import urllib.parse
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

__all__ = [
    "Limits",
    "StandIn",
    "assert_golden",
    "assert_golden_text",
    "install",
    "recorded_works",
    "serve",
    "tokens",
    "update_golden",
]

_FIELDS_ALLOWED = {"query.bibliographic", "query", "filter", "rows", "select", "mailto", "offset", "sort", "order"}


def tokens(text: str) -> list[str]:
    """Lowercase ASCII word tokens (accents folded)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.findall(r"[a-z0-9]+", folded)


def _doc_text(work: Mapping[str, Any]) -> str:
    parts: list[str] = []
    for key in ("title", "subtitle", "container-title", "short-container-title"):
        parts.extend(str(v) for v in work.get(key) or () if isinstance(v, str))
    for person in list(work.get("author") or ()) + list(work.get("editor") or ()):
        if isinstance(person, Mapping):
            parts.append(str(person.get("family") or person.get("name") or ""))
            parts.append(str(person.get("given") or ""))
    for key in ("issued", "published-print", "published-online"):
        with contextlib.suppress(KeyError, IndexError, TypeError):
            parts.append(str(work[key]["date-parts"][0][0]))
    for key in ("volume", "issue"):
        if work.get(key):
            parts.append(str(work[key]))
    page = str(work.get("page") or "")
    if page:
        parts.append(page.split("-")[0])
    return " ".join(parts)


@dataclass
class Limits:
    """Limits a stand-in announces (and, when enforced, imposes) per route kind."""

    single: int = 10
    list: int = 3
    interval: float = 1.0
    concurrency: int = 3


@dataclass
class _Stats:
    requests: int = 0
    by_status: Counter[int] = field(default_factory=Counter)
    by_kind: Counter[str] = field(default_factory=Counter)
    peak_in_flight: int = 0
    first: float | None = None
    last: float | None = None


class StandIn:
    """Crossref's works routes over ``works`` (Crossref work messages).

    :param works: Crossref work records (the ``message`` of ``/works/{doi}``).
    :param limits: limits to announce in headers; ``None`` announces none.
    :param enforce: answer 429 when a client exceeds ``limits``.
    :param latency: seconds added to every answer (a crude stand-in for the network).
    :param scale: factor from BM25 to the reported ``score`` (Crossref's scores for a good
        match of a full reference string are about 0.6 per character of the query).
    """

    def __init__(
        self,
        works: Iterable[Mapping[str, Any]],
        *,
        limits: Limits | None = None,
        enforce: bool = False,
        latency: float = 0.0,
        scale: float = 4.0,
    ) -> None:
        self.works: dict[str, dict[str, Any]] = {}
        for work in works:
            if isinstance(work, Mapping) and work.get("DOI"):
                self.works.setdefault(str(work["DOI"]).lower(), dict(work))
        self.limits = limits
        self.enforce = enforce and limits is not None
        self.latency = latency
        self.scale = scale
        self.stats = _Stats()
        self._lock = threading.Lock()
        self._recent: dict[str, deque[float]] = {"single": deque(), "list": deque()}
        self._in_flight = 0
        self._index()

    # -- search index ----------------------------------------------------------------

    def _index(self) -> None:
        self._dois = list(self.works)
        self._tf: list[Counter[str]] = []
        df: Counter[str] = Counter()
        for doi in self._dois:
            counts = Counter(tokens(_doc_text(self.works[doi])))
            self._tf.append(counts)
            df.update(counts.keys())
        n = max(1, len(self._dois))
        self._idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        self._avg = sum(sum(c.values()) for c in self._tf) / n if self._tf else 1.0
        self._postings: dict[str, list[int]] = {}
        for i, counts in enumerate(self._tf):
            for t in counts:
                self._postings.setdefault(t, []).append(i)

    def search(self, query: str, rows: int = 20) -> list[tuple[float, dict[str, Any]]]:
        """BM25 (k1 = 1.2, b = 0.75) over the indexed text, best first: ``[(score, work)]``."""
        k1, b = 1.2, 0.75
        scores: dict[int, float] = {}
        for term, qtf in Counter(tokens(query)).items():
            idf = self._idf.get(term)
            if idf is None:
                continue
            for i in self._postings[term]:
                tf = self._tf[i][term]
                length = sum(self._tf[i].values())
                scores[i] = scores.get(i, 0.0) + qtf * idf * tf * (k1 + 1) / (
                    tf + k1 * (1 - b + b * length / self._avg)
                )
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], self._dois[kv[0]]))[:rows]
        # Crossref's relevance scores for good matches of a full reference are ~50-150.
        return [(round(self.scale * s, 3), self.works[self._dois[i]]) for i, s in ranked]

    # -- HTTP ------------------------------------------------------------------------

    def handle(self, path: str, query: Mapping[str, list[str]]) -> tuple[int, dict[str, str], bytes]:
        """Answer one GET: ``(status, headers, body)``."""
        kind = "list" if path.rstrip("/") == "/works" else "single"
        with self._lock:
            now = time.monotonic()
            stats = self.stats
            stats.requests += 1
            stats.by_kind[kind] += 1
            stats.first = now if stats.first is None else stats.first
            stats.last = now
            refused = self._refuse(kind, now)
            if not refused:
                self._in_flight += 1
                stats.peak_in_flight = max(stats.peak_in_flight, self._in_flight)
        if refused:
            answer = self._text(429, "Too many requests. Please slow down.", kind)
        else:
            try:
                if self.latency:
                    time.sleep(self.latency)
                answer = self._route(path, query, kind)
            finally:
                with self._lock:
                    self._in_flight -= 1
        with self._lock:
            self.stats.by_status[answer[0]] += 1
        return answer

    def _refuse(self, kind: str, now: float) -> bool:
        if not self.enforce or self.limits is None:
            return False
        window = self._recent[kind]
        while window and now - window[0] >= self.limits.interval:
            window.popleft()
        allowed = self.limits.list if kind == "list" else self.limits.single
        if len(window) >= allowed or self._in_flight >= self.limits.concurrency:
            return True
        window.append(now)
        return False

    def _headers(self, kind: str, content_type: str) -> dict[str, str]:
        headers = {"Content-Type": content_type, "Access-Control-Allow-Origin": "*"}
        if self.limits is not None:
            limit = self.limits.list if kind == "list" else self.limits.single
            headers.update(
                {
                    "X-Rate-Limit-Limit": str(limit),
                    "X-Rate-Limit-Interval": f"{self.limits.interval:g}s",
                    "X-Concurrency-Limit": str(self.limits.concurrency),
                    "X-Api-Pool": f"polite-{'array' if kind == 'list' else 'single'}",
                }
            )
        return headers

    def _text(self, status: int, text: str, kind: str) -> tuple[int, dict[str, str], bytes]:
        return status, self._headers(kind, "text/plain;charset=utf-8"), text.encode()

    def _json(self, status: int, body: Any, kind: str) -> tuple[int, dict[str, str], bytes]:
        return status, self._headers(kind, "application/json;charset=utf-8"), json.dumps(body).encode()

    def _invalid(self, kind: str, type_: str, value: str, message: str) -> tuple[int, dict[str, str], bytes]:
        body = {
            "status": "failed",
            "message-type": "validation-failure",
            "message": [{"type": type_, "value": value, "message": message}],
        }
        return self._json(400, body, kind)

    def _route(self, path: str, query: Mapping[str, list[str]], kind: str) -> tuple[int, dict[str, str], bytes]:
        if kind == "single":
            match = re.match(r"^/works/(10\..+)$", urllib.parse.unquote(path))
            work = self.works.get(match.group(1).lower()) if match else None
            if work is None:
                return self._text(404, "Resource not found.", kind)
            return self._json(
                200, {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": work}, kind
            )
        unknown = sorted(set(query) - _FIELDS_ALLOWED)
        if unknown:
            return self._invalid(
                kind,
                "parameter-not-allowed",
                unknown[0],
                f"Parameter {unknown[0]} specified but there is no such parameter",
            )
        rows_text = (query.get("rows") or ["20"])[0]
        if not rows_text.isdigit() or not 0 <= int(rows_text) <= 1000:
            return self._invalid(
                kind,
                "integer-not-valid",
                rows_text,
                f"Integer specified as {rows_text} but must be a positive integer less than or equal to 1000.",
            )
        rows = int(rows_text)
        select = [s for s in (query.get("select") or [""])[0].split(",") if s]
        items: list[dict[str, Any]]
        if query.get("filter"):
            dois: list[str] = []
            for clause in query["filter"][0].split(","):
                name, _, value = clause.partition(":")
                if name != "doi" or not value:
                    return self._invalid(
                        kind,
                        "filter-not-available",
                        name,
                        f"Filter {name} specified but there is no such filter for this route",
                    )
                dois.append(value.lower())
            items = [self.works[d] for d in dict.fromkeys(dois) if d in self.works][:rows]
            total = len(items)
        else:
            text = " ".join((query.get("query.bibliographic") or []) + (query.get("query") or []))
            ranked = self.search(text, rows) if text else []
            items = [{**work, "score": score} for score, work in ranked]
            total = len(ranked)
        if select:
            items = [{k: v for k, v in item.items() if k in select} for item in items]
        message = {
            "facets": {},
            "total-results": total,
            "items": items,
            "items-per-page": rows,
            "query": {"start-index": 0, "search-terms": None},
        }
        return self._json(
            200, {"status": "ok", "message-type": "work-list", "message-version": "1.0.0", "message": message}, kind
        )


class Answering(Protocol):
    """What :func:`serve` runs: an object answering a GET's path and query."""

    def handle(self, path: str, query: Mapping[str, list[str]]) -> tuple[int, dict[str, str], bytes]: ...


class _Handler(BaseHTTPRequestHandler):
    standin: Answering
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        parsed = urllib.parse.urlsplit(self.path)
        status, headers, body = self.standin.handle(parsed.path, urllib.parse.parse_qs(parsed.query))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


@contextlib.contextmanager
def serve(standin: Answering, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Run ``standin`` (Crossref's or an identifier service's, see
    :mod:`citekit.testing_services`) on a loopback ``ThreadingHTTPServer``; yields its base URL.

    :param standin: what to serve.
    :param host: loopback address to bind.
    :param port: 0 picks a free port.
    """
    handler = type("StandInHandler", (_Handler,), {"standin": standin})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    # A short poll interval: shutting down waits for the next poll.
    name = f"standin-{type(standin).__name__}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name=name, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def install(httpserver: Any, standin: StandIn) -> StandIn:
    """Route every ``/works`` request of a pytest-httpserver through ``standin``.

    One-shot handlers added afterwards (a 429, say) still answer first.

    :param httpserver: a ``pytest_httpserver.HTTPServer``.
    :param standin: the stand-in to answer with.
    :returns: ``standin`` (its ``stats`` count the requests it answered).
    """
    from werkzeug import Request, Response  # test extra only

    def handler(request: Request) -> Response:
        status, headers, body = standin.handle(request.path, request.args.to_dict(flat=False))
        return Response(body, status=status, headers=headers)

    httpserver.expect_request(re.compile(r"^/works(/.*)?$")).respond_with_handler(handler)
    return standin


def recorded_works(folder: Path) -> list[dict[str, Any]]:
    """Every work message recorded under ``folder`` (``works/10.5555/x.json`` answers
    ``GET /works/10.5555/x``), in path order.

    :param folder: a folder of Crossref replies as ``scripts/record_crossref.py`` writes them.
    """
    works = []
    for path in sorted(Path(folder).rglob("*.json")):
        reply = json.loads(path.read_text(encoding="utf-8"))
        if reply.get("message-type") == "work":
            works.append(reply["message"])
    return works


def update_golden() -> bool:
    """True when golden files should be rewritten (``CITEKIT_UPDATE_GOLDEN=1``)."""
    return os.environ.get("CITEKIT_UPDATE_GOLDEN") == "1"


def assert_golden_text(text: str, expected: Path) -> None:
    """``text`` equals the file ``expected`` (rewritten under ``CITEKIT_UPDATE_GOLDEN=1``;
    a missing file fails, so a fixture without an expectation never passes unchecked)."""
    if update_golden():
        expected.write_text(text, encoding="utf-8")
    assert expected.exists(), f"{expected.name} missing: run with CITEKIT_UPDATE_GOLDEN=1 and review it"
    assert text == expected.read_text(encoding="utf-8")


def assert_golden(path: Path, records: list[Any]) -> None:
    """``records`` are schema-valid and equal ``path``'s ``.expected.json`` twin."""
    from citekit.record import validate

    assert validate(records) == []
    assert_golden_text(json.dumps(records, ensure_ascii=False, indent=2) + "\n", path.with_suffix(".expected.json"))


def load_script(path: Path) -> ModuleType:
    """The script at ``path`` (``scripts/`` is not a package) loaded as a module, for tests
    that call a script's functions or its ``main``."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None, f"{path}: not a Python script"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
