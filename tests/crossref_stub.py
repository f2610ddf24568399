"""A stand-in for Crossref in tests: recorded replies from ``tests/fixtures/crossref``.

The files are Crossref answers at their real paths: ``works/10.5555/x.json`` is the
answer to ``GET /works/10.5555/x``. The stand-in (:class:`citekit.resolve.standin.StandIn`)
serves those works at ``/works/{doi}`` (Crossref's plain-text 404 for others), batched
DOI lookups (``/works?filter=doi:A,doi:B``) and searches (``/works?query.bibliographic=``,
ranked over the same works), and Crossref's JSON 400 for unknown parameters.

For CLI and pipeline tests::

    from tests.crossref_stub import crossref_stub

    def test_resolve_command(tmp_path):
        with crossref_stub() as url:
            result = runner.invoke(cli, ["resolve", "--crossref-url", url,
                                         "--mailto", "test@example.org",
                                         "--cache", str(tmp_path / "c.sqlite"), "10.5555/jcg.2019.041"])

or, on a pytest-httpserver server you already have, ``install(httpserver)`` (one-shot
handlers you add afterwards, e.g. a 429, still take precedence). Works available:
:func:`fixture_dois`. Pass ``--mailto`` (or set ``CITEKIT_MAILTO``) to avoid the
one-line "no mailto configured" warning on stderr.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from citekit.resolve.standin import Limits, StandIn, serve

__all__ = ["FIXTURES", "crossref_stub", "fixture_dois", "fixture_works", "install", "standin"]

FIXTURES = Path(__file__).parent / "fixtures" / "crossref"


def fixture_works() -> list[dict[str, Any]]:
    """Every work message recorded under ``tests/fixtures/crossref/works``."""
    works = []
    for path in sorted((FIXTURES / "works").rglob("*.json")):
        reply = json.loads(path.read_text(encoding="utf-8"))
        if reply.get("message-type") == "work":
            works.append(reply["message"])
    return works


def fixture_dois() -> list[str]:
    """The DOIs the stand-in knows."""
    return [str(w["DOI"]) for w in fixture_works()]


def standin(*, limits: Limits | None = None, enforce: bool = False) -> StandIn:
    """A :class:`StandIn` over the recorded works."""
    return StandIn(fixture_works(), limits=limits, enforce=enforce)


def install(httpserver: Any, server: StandIn | None = None) -> StandIn:
    """Route every ``/works`` request of a pytest-httpserver through a stand-in.

    :param httpserver: a ``pytest_httpserver.HTTPServer``.
    :param server: the stand-in to use (default: :func:`standin`).
    :returns: the stand-in (its ``stats`` count the requests it answered).
    """
    from werkzeug import Request, Response

    chosen = server or standin()

    def handler(request: Request) -> Response:
        status, headers, body = chosen.handle(request.path, request.args.to_dict(flat=False))
        return Response(body, status=status, headers=headers)

    httpserver.expect_request(re.compile(r"^/works(/.*)?$")).respond_with_handler(handler)
    return chosen


@contextlib.contextmanager
def crossref_stub(*, limits: Limits | None = None, enforce: bool = False) -> Iterator[str]:
    """A loopback Crossref stand-in over the recorded works; yields its base URL."""
    with serve(standin(limits=limits, enforce=enforce)) as url:
        yield url
