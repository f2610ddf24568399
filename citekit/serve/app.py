"""The ASGI app: translation-server's routes, the page, and what the page asks for.

Every route reads its body (capped at the command line's input limit), checks it as
translation-server does (status codes and one-line plain-text messages included), and
runs the blocking work of :class:`~citekit.serve.work.Service` on bounded thread pools
(one for jobs waiting on other servers, one for local work, ``Settings.threads`` each),
so a slow site or Crossref never blocks the event loop nor the formatting of a
bibliography. A job that outlives the deadline answers 504.

=========================  ==========================================================
``POST /web``              text/plain URL (or translation-server's JSON selection
                           follow-up) → Zotero items; 400 not a URL or missing page,
                           501 nothing bibliographic, 502 site unreachable
``POST /search``           text/plain DOI, PMID, PMCID, arXiv id or ISBN → items;
                           501 no identifier, or none known
``POST /export?format=``   JSON Zotero items → bibtex, biblatex, ris or csljson
``POST /import``           BibTeX, RIS, CSL-JSON, MEDLINE, XML text → items
``GET /``                  the page; ``/static/...`` its script and style sheet
``POST /cite``             anything the page takes → ``{"items", "problems"}``
``POST /bibliography``     JSON items, ``?style=&locale=`` → formatted entries
``GET /styles?q=``         style search; ``GET /locales`` the CSL locales
=========================  ==========================================================
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from importlib import resources
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from citekit.serve.identify import as_url
from citekit.serve.items import from_items, to_items
from citekit.serve.styles import bibliography, search_styles, style_titles
from citekit.serve.work import Problem, Service, Settings

__all__ = ["EXPORT_FORMATS", "create_app", "run", "serving"]

log = logging.getLogger("citekit.serve")
T = TypeVar("T")

# translation-server's format names that citekit writes, and their Content-Type
EXPORT_FORMATS: dict[str, str] = {
    "bibtex": "application/x-bibtex",
    "biblatex": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
    "csljson": "application/json",
}
# Zotero's translator for each format /import reads (its Zotero-Translator-ID header)
TRANSLATOR_IDS: dict[str, str] = {
    "bibtex": "9cb70025-a888-4a29-a210-93ec52da40d4",
    "ris": "32d59d2d-b65a-4da4-b0a3-bdd3cfb979e7",
    "csljson": "bc03b4fe-436d-4a1f-ba59-de4d2d7a63f7",
}
STATIC = resources.files("citekit.serve") / "static"


def _kind(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def _body(request: Request) -> str:
    """The request body as text, refused past the size cap (413) or when not UTF-8 (400)."""
    limit: int = request.app.state.service.settings.max_bytes
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Problem(413, f"request body larger than the {limit // (1024 * 1024)} MB limit")
        chunks.append(chunk)
    try:
        return b"".join(chunks).decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise Problem(400, f"request body is not UTF-8 text (byte {exc.start})") from exc


async def _run(request: Request, function: Callable[..., T], *args: Any, remote: bool = False) -> T:
    """``function(*args)`` on a bounded thread pool, within the request deadline.

    Jobs that wait on other servers (``remote``: pages, Crossref) and local ones
    (import, export, formatting) have a pool each, so formatting a bibliography never
    queues behind lookups waiting on a slow Crossref.
    """
    state = request.app.state
    limiter = state.remote if remote else state.local
    try:
        with anyio.fail_after(state.deadline):
            return await anyio.to_thread.run_sync(function, *args, limiter=limiter, abandon_on_cancel=True)
    except TimeoutError as exc:
        raise Problem(504, f"no answer within {state.deadline:g} s") from exc


def _items(records: list[dict[str, Any]]) -> JSONResponse:
    return JSONResponse(to_items(records))


async def web(request: Request) -> Response:
    """translation-server's ``POST /web``."""
    kind = _kind(request)
    if kind != "text/plain" and kind != "application/json":
        raise Problem(415, "Unsupported Media Type")
    data = (await _body(request)).strip()
    if not data:
        raise Problem(400, "POST data not provided")
    if kind == "application/json":
        # A follow-up choosing among several items. citekit never offers a choice (it
        # answers every item at once), so, like translation-server for a session it no
        # longer holds, it translates the URL again.
        try:
            follow_up = json.loads(data)
        except ValueError as exc:
            raise Problem(400, f"invalid JSON: {exc}") from exc
        if not isinstance(follow_up, dict) or not follow_up.get("session"):
            raise Problem(400, "'session' not provided")
        data = str(follow_up.get("url") or "")
    url = as_url(data)
    if url is None:
        raise Problem(400, "URL not provided")
    return _items(await _run(request, request.app.state.service.web, url, remote=True))


async def search(request: Request) -> Response:
    """translation-server's ``POST /search`` (identifiers only: no text search)."""
    if not _kind(request).startswith("text/"):
        raise Problem(415, "Unsupported Media Type")
    data = (await _body(request)).strip()
    if not data:
        raise Problem(400, "POST data not provided")
    return _items(await _run(request, request.app.state.service.search, data, remote=True))


def _parse_items(text: str) -> list[Any]:
    try:
        items = json.loads(text)
    except ValueError as exc:
        raise Problem(400, "Input must be an array of items as JSON") from exc
    if not isinstance(items, list) or not items or not isinstance(items[0], dict) or not items[0].get("itemType"):
        raise Problem(400, "Input must be an array of items as JSON")
    return items


async def export(request: Request) -> Response:
    """translation-server's ``POST /export?format=``."""
    if _kind(request) != "application/json":
        raise Problem(415, "Unsupported Media Type")
    text = await _body(request)
    if not text.strip():
        raise Problem(400, "POST data not provided")
    fmt = request.query_params.get("format", "")
    if fmt not in EXPORT_FORMATS:
        raise Problem(400, f"Invalid format specified (citekit writes {', '.join(EXPORT_FORMATS)})")
    items = _parse_items(text)
    try:
        records = from_items(items)
    except ValueError as exc:
        raise Problem(400, f"Input must be an array of items as JSON ({exc})") from exc
    output = await _run(request, _export, records, fmt)
    return Response(output, media_type=EXPORT_FORMATS[fmt])


def _export(records: list[dict[str, Any]], fmt: str) -> str:
    from citekit.errors import CitekitError
    from citekit.pipeline import export as write

    try:
        return write(records, fmt)
    except CitekitError as exc:
        raise Problem(400, exc.describe()) from exc


async def import_(request: Request) -> Response:
    """translation-server's ``POST /import``."""
    text = await _body(request)
    if not text.strip():
        raise Problem(400, "POST data not provided")
    records, fmt = await _run(request, request.app.state.service.import_text, text)
    headers = {"Zotero-Translator-ID": TRANSLATOR_IDS[fmt]} if fmt in TRANSLATOR_IDS else {}
    body = json.dumps(to_items(records), ensure_ascii=False, indent=2)
    return Response(body, media_type="application/json", headers=headers)


async def page(request: Request) -> Response:
    """``GET /``: the citation page."""
    return FileResponse(str(STATIC / "index.html"), media_type="text/html")


async def cite(request: Request) -> Response:
    """``POST /cite``: anything the page's input takes → items and per-input problems."""
    text = await _body(request)
    records, problems = await _run(request, request.app.state.service.cite, text, remote=True)
    return JSONResponse({"items": to_items(records), "problems": problems})


async def format_items(request: Request) -> Response:
    """``POST /bibliography?style=&locale=``: Zotero items → formatted entries."""
    items = _parse_items(await _body(request))
    style = request.query_params.get("style") or "apa"
    locale = request.query_params.get("locale") or None
    return JSONResponse(await _run(request, bibliography, items, style, locale))


async def styles(request: Request) -> Response:
    """``GET /styles?q=``: installed CSL styles matching the query."""
    query = request.query_params.get("q", "")
    return JSONResponse(await _run(request, search_styles, query))


async def locales(request: Request) -> Response:
    """``GET /locales``: every CSL locale citeproc-py ships."""
    from citekit.exporters.csl import available_locales

    return JSONResponse(available_locales())


async def _problem(request: Request, exc: Exception) -> Response:
    status = exc.status if isinstance(exc, Problem) else 500
    return PlainTextResponse(str(exc), status_code=status)


async def _unexpected(request: Request, exc: Exception) -> Response:
    # A bug, not bad input: say what broke in one line (the traceback goes to the log).
    log.exception("citekit serve: %s %s failed", request.method, request.url.path)
    return PlainTextResponse(f"internal error: {exc.__class__.__name__}: {exc}".splitlines()[0], status_code=500)


def _warm() -> None:
    """Read the style titles and load APA once, so the first page visit is not the slow one."""
    from citekit.exporters.csl import format_bibliography

    style_titles()
    format_bibliography([{"id": "warm", "type": "book", "title": "Warm"}], "apa")


def create_app(settings: Settings | None = None, *, service: Service | None = None) -> Starlette:
    """The ASGI app.

    :param settings: Crossref and fetching options (ignored when ``service`` is given).
    :param service: the shared clients (tests pass one over a Crossref stand-in).
    :returns: a Starlette app; its lifespan closes the service it made.
    """
    chosen = settings or Settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        own = service is None
        app.state.service = service or Service(chosen)
        app.state.remote = anyio.CapacityLimiter(app.state.service.settings.threads)
        app.state.local = anyio.CapacityLimiter(app.state.service.settings.threads)
        app.state.deadline = max(30.0, 3 * app.state.service.settings.timeout)
        threading.Thread(target=_warm, name="citekit-warm", daemon=True).start()
        try:
            yield
        finally:
            if own:
                app.state.service.close()

    routes = [
        Route("/", page, methods=["GET"]),
        Route("/web", web, methods=["POST"]),
        Route("/search", search, methods=["POST"]),
        Route("/export", export, methods=["POST"]),
        Route("/import", import_, methods=["POST"]),
        Route("/cite", cite, methods=["POST"]),
        Route("/bibliography", format_items, methods=["POST"]),
        Route("/styles", styles, methods=["GET"]),
        Route("/locales", locales, methods=["GET"]),
        Mount("/static", app=StaticFiles(directory=str(STATIC)), name="static"),
    ]
    handlers = {Problem: _problem, Exception: _unexpected}
    return Starlette(routes=routes, lifespan=lifespan, exception_handlers=handlers)


def run(settings: Settings, host: str = "127.0.0.1", port: int = 1969) -> None:
    """Serve the app with uvicorn until interrupted.

    :param settings: Crossref and fetching options.
    :param host: address to listen on.
    :param port: port to listen on.
    """
    import uvicorn

    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


@contextlib.contextmanager
def serving(app: Starlette, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Run ``app`` with uvicorn on a thread (tests, benchmarks); yields its base URL.

    :param app: the app (see :func:`create_app`).
    :param host: loopback address to bind.
    :param port: 0 picks a free port.
    :raises RuntimeError: the server did not start within 10 s.
    """
    import socket
    import time

    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    config = uvicorn.Config(app, log_level="warning", ws="none", lifespan="on", timeout_graceful_shutdown=5)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="citekit-serve", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("citekit serve did not start")
        time.sleep(0.01)
    try:
        yield f"http://{host}:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
