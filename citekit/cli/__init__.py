"""The ``citekit`` command line: thin click wrappers over the library.

Records go to stdout (or ``-o FILE``, written atomically); messages go to stderr as
``origin: problem``, one line each. Exit 0 when every input succeeded, 1 when any failed
(the rest still processed and written), 2 for usage errors, 130 when interrupted. Only this package catches
:class:`~citekit.errors.CitekitError`; tracebacks appear only with ``--debug``.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from collections.abc import Sequence

import click

from citekit import __version__
from citekit.cli.harvest import harvest
from citekit.cli.index import index_group
from citekit.cli.options import Commands, State, one_line
from citekit.cli.records import export_command, format_command, parse, resolve
from citekit.cli.refs import refs
from citekit.cli.serve import serve

__all__ = ["cli", "main"]


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="citekit")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.option("-v", "--verbose", is_flag=True, help="List every warning (by default summarised per kind).")
@click.pass_context
def cli(ctx: click.Context, debug: bool, verbose: bool) -> None:
    """citekit: parse article pages and references, resolve them against Crossref, and
    export BibTeX, CSL-JSON, RIS and citation graphs.

    Inputs are files, directories, URLs, DOIs or - for standard input.
    """
    ctx.obj = State(debug, verbose)


for _command in (parse, refs, resolve, export_command, format_command, harvest, serve, index_group):
    cli.add_command(_command)


class _ClosedStdout(io.TextIOBase):
    """Standard output when the process was started without one (``>&-``): writing to it
    fails, so that output cannot be lost without an error."""

    encoding = "utf-8"
    errors = "strict"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed; nothing was written")


def _guard_standard_streams() -> None:
    """A descriptor 1 or 2 closed at start is held by /dev/null, so that no file opened
    later takes its number (and receives what was meant for the terminal); closed stdout
    itself becomes :class:`_ClosedStdout`."""
    for fd in (1, 2):
        try:
            os.fstat(fd)
        except OSError:
            placeholder = os.open(os.devnull, os.O_WRONLY)
            if placeholder != fd:  # pragma: no cover - lower descriptors were closed too
                os.dup2(placeholder, fd)
                os.close(placeholder)
            if fd == 1:
                sys.stdout = _ClosedStdout()


def _stdout_settled(code: int) -> int:
    """Flush standard output before exit; a failure there (disk full, closed) turns exit 0
    into 1 with one line, instead of a traceback after the end."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError) as exc:
        with contextlib.suppress(OSError, ValueError):
            # What is still buffered can never be written: point the descriptor at
            # /dev/null so that the interpreter's own final flush does not fail again.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        if code == 0:
            click.echo(f"citekit: cannot write to standard output ({exc})", err=True)
            return 1
    return code


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point."""
    _guard_standard_streams()
    try:
        # Not standalone: click's own ending for Ctrl-C is "Aborted!" and exit 1, wherever
        # the command was (a cluster starting, a long parse); here it is one line and 130.
        code = cli.main(args=list(argv) if argv is not None else None, prog_name="citekit", standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except click.Abort as exc:
        if isinstance(exc.__cause__, KeyboardInterrupt):
            click.echo("citekit: interrupted", err=True)
            sys.exit(_stdout_settled(130))
        click.echo("Aborted!", err=True)  # end of input at a prompt
        sys.exit(_stdout_settled(1))
    except click.ClickException as exc:  # usage errors (2) and the like, as click shows them
        exc.show()
        sys.exit(_stdout_settled(exc.exit_code))
    except BrokenPipeError:  # pragma: no cover - `citekit ... | head`
        sys.stderr.close()
        sys.exit(0)
    except OSError as exc:  # writing --help or --version to a closed or full stdout
        click.echo(one_line(f"citekit: {exc.strerror or exc}"), err=True)
        sys.exit(_stdout_settled(1))
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        sys.exit(_stdout_settled(code))
