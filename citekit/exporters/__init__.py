"""Exporters: records to CSL-JSON, BibTeX/BibLaTeX, RIS and citation graphs; CSL formatting.

Each format is one module with ``dumps(records) -> str`` (see
:data:`citekit.formats.EXPORTERS`); :mod:`citekit.exporters.csl` formats bibliographies.
Nothing heavy is imported here: bibtexparser, citeproc and friends load on first use.
"""

from __future__ import annotations

__all__: list[str] = []
