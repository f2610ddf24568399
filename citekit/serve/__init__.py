"""``citekit serve``: a citation web page and Zotero translation-server's HTTP API.

One process: an ASGI app (:mod:`citekit.serve.app`, Starlette) on uvicorn, whose routes
run the blocking work — fetching, parsing, Crossref — on a bounded thread pool through
the same polite clients and answer cache as the command line (:mod:`citekit.serve.work`).

- ``POST /web``, ``/search``, ``/export``, ``/import``: translation-server's routes and
  status codes, with Zotero items converted by :mod:`citekit.serve.items`;
- ``GET /`` the page (``citekit/serve/static``), ``POST /cite`` and ``/bibliography``
  behind it, ``GET /styles?q=`` and ``/locales``.

Starlette and uvicorn come with the ``serve`` extra (``pip install 'citekit[serve]'``);
nothing here imports them but :mod:`citekit.serve.app`.
"""

from __future__ import annotations
