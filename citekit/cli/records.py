"""``parse``, ``resolve``, ``export`` and ``format``: inputs to records, records to a file."""

from __future__ import annotations

from collections.abc import Sequence

import click

from citekit.cli.options import (
    SECONDS,
    CrossrefSettings,
    State,
    crossref_options,
    emit_pieces,
    emit_records,
    fail_fast_option,
    finish,
    index_option,
    index_path,
    input_argument,
    lookup_offline_options,
    lookup_options,
    lookups_from,
    output_format,
    output_option,
    parse_inputs,
    resolve_parsed,
    streamed,
    write_text,
)
from citekit.errors import CitekitError, UnknownFormatError
from citekit.record import Record

__all__ = ["export_command", "format_command", "parse", "resolve"]


@click.command()
@input_argument
@output_option
@click.option(
    "--to",
    "to",
    metavar="FORMAT",
    help="Output format: csljson, jsonl, bibtex, biblatex, ris, citations-csv, graphml, gexf.",
)
@click.option(
    "--timeout", type=SECONDS, default=30.0, show_default=True, help="Seconds allowed to fetch a URL, in all."
)
@fail_fast_option
@lookup_offline_options
@index_option
@click.pass_context
def parse(
    ctx: click.Context, inputs: Sequence[str], output: str | None, to: str | None, timeout: float, fail_fast: bool
) -> None:
    """Parse article pages (HTML, JATS, text), bibliographies (BibTeX, RIS, CSL-JSON,
    PubMed XML) or identifiers (PMID:…, PMCID:…, arXiv:…, ISBN:…) into records: a CSL-JSON
    array on stdout. With --index, a DOI the index holds gives its record."""
    state: State = ctx.obj
    fmt = output_format(output, to)
    path = index_path()
    with lookups_from(ctx, timeout=timeout) as lookups:
        if streamed(fmt) and not path:  # (DOIs filled from an index need the whole list)
            emit_pieces(ctx, state, parse_inputs(state, inputs, timeout, fail_fast, lookups, pieces=True), fmt, output)
            return
        records = [r for outcome in parse_inputs(state, inputs, timeout, fail_fast, lookups) for r in outcome.records]
    if path:
        records = _from_index(records, path)
    emit_records(ctx, state, records, fmt, output)


def _from_index(records: list[Record], path: str) -> list[Record]:
    """``records`` with those read from a DOI input filled from the index (no network)."""
    from citekit.resolve import make_resolver

    wanted = [i for i, r in enumerate(records) if (r.get("custom") or {}).get("format") == "doi"]
    if not wanted:
        return records
    with make_resolver(offline=True, index=path) as resolver:
        filled = resolver.resolve_all([records[i] for i in wanted])
    out = list(records)
    for i, record in zip(wanted, filled, strict=True):
        out[i] = record
    return out


@click.command()
@input_argument
@output_option
@click.option("--to", "to", metavar="FORMAT", help="Output format (default csljson, or from -o's suffix).")
@crossref_options
@lookup_options
@fail_fast_option
@click.pass_context
def resolve(
    ctx: click.Context,
    inputs: Sequence[str],
    output: str | None,
    to: str | None,
    crossref: CrossrefSettings,
    fail_fast: bool,
) -> None:
    """Parse inputs, then verify or find the DOI of each record and of its references
    in Crossref."""
    state: State = ctx.obj
    fmt = output_format(output, to)
    with crossref.lookups(ctx) as lk:
        outcomes = list(parse_inputs(state, inputs, crossref.timeout, fail_fast, lk))
        records = resolve_parsed(state, outcomes, crossref, lk)
    emit_records(ctx, state, records, fmt, output)


@click.command(name="export")
@input_argument
@click.option(
    "--to",
    "to",
    metavar="FORMAT",
    help="csljson, jsonl, bibtex, biblatex, ris, citations-csv, graphml, gexf (default from -o's suffix).",
)
@output_option
@click.option("--resolve", "do_resolve", is_flag=True, help="Resolve against Crossref before exporting.")
@crossref_options
@lookup_options
@fail_fast_option
@click.pass_context
def export_command(
    ctx: click.Context,
    inputs: Sequence[str],
    to: str | None,
    output: str | None,
    do_resolve: bool,
    crossref: CrossrefSettings,
    fail_fast: bool,
) -> None:
    """Convert inputs to another format (BibTeX, BibLaTeX, RIS, CSL-JSON, citation CSV,
    GraphML, GEXF)."""
    state: State = ctx.obj
    if not to and not output:
        raise click.UsageError("give --to FORMAT or -o FILE with a known suffix")
    fmt = output_format(output, to)
    with crossref.lookups(ctx) as lk:
        if not do_resolve and streamed(fmt):
            pieces = parse_inputs(state, inputs, crossref.timeout, fail_fast, lk, pieces=True)
            emit_pieces(ctx, state, pieces, fmt, output)
            return
        outcomes = list(parse_inputs(state, inputs, crossref.timeout, fail_fast, lk))
        if do_resolve:
            records = resolve_parsed(state, outcomes, crossref, lk)
        else:
            records = [r for outcome in outcomes for r in outcome.records]
    emit_records(ctx, state, records, fmt, output)


@click.command(name="format")
@input_argument
@click.option(
    "--style",
    default="apa",
    show_default=True,
    help="CSL style name or alias (apa, vancouver, harvard, chicago, mla, ieee ...).",
)
@click.option(
    "--locale", default=None, help="CSL locale, e.g. en-GB, fr-FR, de-DE [default: the style's own, else en-US]."
)
@click.option(
    "--to", "to", type=click.Choice(["text", "html"]), default="text", show_default=True, help="Plain text or HTML."
)
@output_option
@click.option("--list-styles", is_flag=True, help="List the installed styles and exit.")
@fail_fast_option
@lookup_offline_options
@click.pass_context
def format_command(
    ctx: click.Context,
    inputs: Sequence[str],
    style: str,
    locale: str | None,
    to: str,
    output: str | None,
    list_styles: bool,
    fail_fast: bool,
) -> None:
    """Format a bibliography from the inputs in a CSL style."""
    from citekit.exporters.csl import available_styles, format_bibliography

    state: State = ctx.obj
    if list_styles:
        click.echo("\n".join(available_styles()))
        return
    with lookups_from(ctx) as lookups:
        records = [r for outcome in parse_inputs(state, inputs, 30.0, fail_fast, lookups) for r in outcome.records]
    if records:
        try:
            text = format_bibliography(records, style=style, locale=locale, output=to)
        except UnknownFormatError as exc:
            raise click.BadParameter(str(exc), param_hint="--style/--locale") from exc
        except CitekitError as exc:
            state.problem(exc, "format")
        else:
            write_text(text, output)
    finish(ctx, state)
