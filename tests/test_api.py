"""The public Python API: ``citekit.read``, ``parse`` and ``export`` stay functions to call
whether or not the modules that define them were imported first."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import FIXTURES, ROOT

_SCRIPT = """
import sys
import citekit
first = citekit.read(sys.argv[1])       # through the package's lazy attribute
import citekit.source, citekit.parsers.html.page, citekit.exporters.ris  # the modules behind the names
source = citekit.read(sys.argv[1])
(record,) = citekit.parse(source)
print(first.format, record["DOI"], citekit.export([record], "ris").splitlines()[0])
"""


def test_read_parse_export_callable_before_and_after_the_modules_load() -> None:
    page = FIXTURES / "cli" / "page.html"
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(page)], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["html", "10.5555/jee.2021.0301", "TY", "-", "JOUR"]
