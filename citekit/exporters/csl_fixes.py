"""Corrections to citeproc-py 0.11's output for behaviour the CSL 1.0.2 spec requires.

Each fix is applied to a loaded style (its element tree) or to a rendered entry, never
by editing citeproc-py's files:

- ``initialize="false"`` on ``cs:name`` is ignored by citeproc-py, so a style-level
  ``initialize-with`` turns Chicago's "Boujida, Nadia" into "Boujida, N.". citeproc-py
  reads the option through ``Name.get_option``; :func:`_patch_citeproc` wraps that
  method once so the attribute is honoured. It also makes ``text-case`` work on name
  parts and terms (citeproc-py crashes on a plain ``str`` or a missing given name there,
  which broke about 150 of the installed styles).
- A localized date's ``delimiter`` (NLM: ``<date form="text" delimiter=" ">``) is
  dropped when a style calls the localized form, giving "2024Jan15"; the delimiter is
  copied onto the calling ``cs:date``.
- ``second-field-align`` / ``display="left-margin"`` put the label in its own column;
  in flat output that column needs a space after it ("[1] N. Boujida", "1. Boujida N").
- ``punctuation-in-quote``: American English puts a comma or period inside the closing
  quotation mark ("Hematopoiesis,”); citeproc-py leaves it outside.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["finish_entry", "fix_style"]

_NS = {"cs": "http://purl.org/net/xbiblio/csl"}
_patched = False


def _patch_citeproc() -> None:
    """Wrap three citeproc-py methods once (idempotent; see the module docstring)."""
    global _patched
    if _patched:
        return
    from citeproc.model import Name, Name_Part, TextCased
    from citeproc.string import MixedString, String

    original_option = Name.get_option

    def get_option(self: Any, name: str, context: Any = None, sort_options: Any = None) -> Any:
        if name == "initialize-with" and self.get("initialize") == "false" and self.get("initialize-with") is None:
            return None
        return original_option(self, name, context, sort_options)

    original_case = TextCased.case

    def case(self: Any, text: Any, language: Any = None) -> Any:
        # text-case on a name part or a term receives a plain str (or None for a
        # missing given name); citeproc-py's case code needs its own String type.
        if text is None:
            return None
        if type(text) is str:
            text = String(text)
        elif isinstance(text, MixedString):
            text = MixedString([String(part) if type(part) is str else part for part in text])
        return original_case(self, text, language)

    original_part = Name_Part.format_part

    def format_part(self: Any, given: Any, family: Any) -> Any:
        part = self.get("name")
        if (part == "given" and not given) or (part == "family" and not family):
            return given, family
        given, family = original_part(self, given, family)
        # Formatting can return a MixedString, which the name code then str.join()s.
        return (String(str(given)) if isinstance(given, MixedString) else given), (
            String(str(family)) if isinstance(family, MixedString) else family
        )

    Name.get_option = get_option
    TextCased.case = case
    Name_Part.format_part = format_part
    _patched = True


def _append_suffix(element: Any, text: str) -> None:
    suffix = element.get("suffix") or ""
    if not suffix.endswith(text):
        element.set("suffix", suffix + text)


def fix_style(style: Any) -> None:
    """Adjust a loaded ``CitationStylesStyle`` in place (see the module docstring).

    :param style: a citeproc-py style object.
    """
    _patch_citeproc()
    root = style.root
    for date in root.xpath("//cs:date[@form]", namespaces=_NS):
        if date.xpath("ancestor::cs:locale", namespaces=_NS) or date.get("delimiter") is not None:
            continue
        localized = date.get_date(date.get("form"))
        delimiter = localized.get("delimiter") if localized is not None else None
        if delimiter:
            date.set("delimiter", delimiter)
    for bibliography in root.xpath("//cs:bibliography", namespaces=_NS):
        layout = bibliography.find("cs:layout", _NS)
        if layout is None:
            continue
        if bibliography.get("second-field-align"):
            first = next((child for child in layout if isinstance(child.tag, str)), None)
            if first is not None:
                _append_suffix(first, " ")
        for element in layout.xpath(".//*[@display='left-margin']", namespaces=_NS):
            _append_suffix(element, " ")


_CLOSE_QUOTES = "\u201d\u2019\u00bb"


def finish_entry(entry: str, style: Any, *, html_output: bool) -> str:
    """One rendered entry, corrected (quote punctuation, doubled spaces and periods).

    :param entry: citeproc-py's output for one entry.
    :param style: the style it was rendered with (for its locale options).
    :param html_output: the entry is HTML (tags are left alone).
    :returns: the corrected entry.
    """
    text = entry
    option = style.root.get_locale_option("punctuation-in-quote")
    if str(option).lower() == "true":
        close = style.root.get_single_term("close-quote") or "\u201d"
        text = re.sub(rf"({re.escape(str(close))})([.,])", r"\2\1", text)
        text = re.sub(r"([.,?!])\1(" + re.escape(str(close)) + ")", r"\1\2", text)
        text = re.sub(r"([?!])[.,](" + re.escape(str(close)) + ")", r"\1\2", text)
    text = re.sub(r"(?<!\.)\.((?:</[a-z]+>)*)\.(?!\.)", r".\1", text)
    text = re.sub(r"([?!])((?:</[a-z]+>)*)\.(?!\.)", r"\1\2", text)  # "is it?." -> "is it?"
    text = re.sub(r" {2,}", " ", text)
    return text.strip()
