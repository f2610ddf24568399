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
    from .errors import CitekitError
    from .parse import parse
    from .parse.refstring import parse_reference, parse_references
    from .pipeline import Outcome, export, harvest
    from .read import Source, read
    from .record import Record

_LAZY = {
    "CitekitError": "citekit.errors",
    "Record": "citekit.record",
    "Source": "citekit.read",
    "read": "citekit.read",
    "parse": "citekit.parse",
    "parse_reference": "citekit.parse.refstring",
    "parse_references": "citekit.parse.refstring",
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
