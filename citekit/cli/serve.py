"""``serve``: the citation web page and translation-server's API (extra ``citekit[serve]``)."""

from __future__ import annotations

import sys

import click

from citekit.cli.options import (
    CrossrefSettings,
    crossref_options,
    index_path,
    lookup_options,
)

__all__ = ["serve"]


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every one).")
@click.option("--port", type=click.IntRange(0, 65535), default=1969, show_default=True, help="Port to listen on.")
@click.option(
    "--private-urls/--no-private-urls",
    default=None,
    help="Fetch pages from loopback, private-network and link-local addresses for /web and /cite"
    " (default: only when listening on loopback, so a server others reach never fetches its own network).",
)
@crossref_options
@lookup_options
@click.pass_context
def serve(
    ctx: click.Context,
    host: str,
    port: int,
    private_urls: bool | None,
    crossref: CrossrefSettings,
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
    lookups = crossref.lookups(ctx)
    with lookups:
        settings = Settings(
            crossref_url=crossref.url,
            mailto=crossref.mailto,
            cache=crossref.cache_path,
            use_cache=not crossref.no_cache,
            offline=crossref.offline,
            index=index_path(),
            timeout=crossref.timeout,
            lookups=lookups,
            public_only=not (_loopback(host) if private_urls is None else private_urls),
        )
        run(settings, host=host, port=port)


def _loopback(host: str) -> bool:
    """Whether the server listens on a loopback address only (``localhost`` included)."""
    import ipaddress

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name: it may be reachable from elsewhere
