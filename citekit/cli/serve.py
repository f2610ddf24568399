"""``serve``: the citation web page and translation-server's API (extra ``citekit[serve]``)."""

from __future__ import annotations

import sys

import click

from citekit.cli.options import (
    crossref_options,
    index_path,
    lookup_options,
    lookups_from,
)

__all__ = ["serve"]


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every one).")
@click.option("--port", type=click.IntRange(0, 65535), default=1969, show_default=True, help="Port to listen on.")
@crossref_options
@lookup_options
@click.pass_context
def serve(
    ctx: click.Context,
    host: str,
    port: int,
    crossref_url: str | None,
    mailto: str | None,
    cache_path: str | None,
    no_cache: bool,
    offline: bool,
    timeout: float,
) -> None:
    """Serve the citation web page and Zotero translation-server's API (/web, /search,
    /export, /import) over HTTP. Needs the serve extra: pip install 'citekit[serve]'."""
    try:
        from citekit.serve.app import run
        from citekit.serve.work import Settings
    except ImportError as exc:
        missing = (exc.name or "a web package").split(".")[0]
        click.echo(f"citekit serve: {missing} is not installed; pip install 'citekit[serve]'", err=True)
        sys.exit(2)
    lookups = lookups_from(
        ctx, offline=offline, cache_path=cache_path, no_cache=no_cache, timeout=timeout, mailto=mailto
    )
    with lookups:
        settings = Settings(
            crossref_url=crossref_url,
            mailto=mailto,
            cache=cache_path,
            use_cache=not no_cache,
            offline=offline,
            index=index_path(),
            timeout=timeout,
            lookups=lookups,
        )
        run(settings, host=host, port=port)
