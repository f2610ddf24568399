"""citekit: bibliographic metadata and citations.

Parse article pages (HTML, JATS XML, scraped text) and reference strings into CSL-JSON
records, resolve them against Crossref, and export BibTeX, CSL-JSON, RIS and citation
graphs. Heavy modules load on first use, so ``import citekit`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "CitekitError",
    "Outcome",
    "Record",
    "Source",
    "__version__",
    "export",
    "harvest",
    "parse",
    "parse_reference",
    "parse_references",
    "read",
]

if TYPE_CHECKING:
    from citekit.errors import CitekitError
    from citekit.parsers import parse
    from citekit.parsers.refs.reference import parse_reference, parse_references
    from citekit.pipeline import Outcome, export, harvest
    from citekit.record import Record
    from citekit.source import Source, read

_LAZY = {
    "CitekitError": "citekit.errors",
    "Record": "citekit.record",
    "Source": "citekit.source",
    "read": "citekit.source",
    "parse": "citekit.parsers",
    "parse_reference": "citekit.parsers.refs.reference",
    "parse_references": "citekit.parsers.refs.reference",
    "export": "citekit.pipeline",
    "harvest": "citekit.pipeline",
    "Outcome": "citekit.pipeline",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'citekit' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
