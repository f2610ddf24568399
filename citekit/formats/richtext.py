"""Rich text in CSL string variables: the HTML-like subset CSL processors read.

A record's string variables (``title``, ``container-title``, ``publisher`` ...) may carry
the markup citeproc-js and Zotero accept in them, and nothing else:

==========================================  =======================
``<i>…</i>``                                italics
``<b>…</b>``                                bold
``<sup>…</sup>``, ``<sub>…</sub>``          super- and subscript
``<span style="font-variant:small-caps;">``  small capitals
``<span class="nocase">…</span>``           case kept as written
==========================================  =======================

Only these exact tags, properly nested and closed, are markup; anything else that looks
like a tag (``<p>``, a ``<i>`` never closed, ``a < b``) is text, as it is for citeproc-js.
Text is not entity-escaped: ``&`` and ``<`` stand for themselves (Zotero stores titles so),
and a writer that needs escaping (HTML output) does it, through :func:`to_html`.

Everything that keys, matches or compares records reads :func:`plain` text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator

__all__ = [
    "TAGS",
    "Segment",
    "has_markup",
    "plain",
    "segments",
    "to_html",
    "to_markdown",
    "transform",
    "wrap",
]

#: name -> (opening tag, closing tag), for each kind of markup.
TAGS: dict[str, tuple[str, str]] = {
    "i": ("<i>", "</i>"),
    "b": ("<b>", "</b>"),
    "sup": ("<sup>", "</sup>"),
    "sub": ("<sub>", "</sub>"),
    "sc": ('<span style="font-variant:small-caps;">', "</span>"),
    "nocase": ('<span class="nocase">', "</span>"),
}
_OPEN = {tags[0]: name for name, tags in TAGS.items()}
_CLOSE = {name: tags[1] for name, tags in TAGS.items()}
_TAG = re.compile("|".join(re.escape(t) for t in sorted({*_OPEN, *_CLOSE.values()}, key=len, reverse=True)))

Segment = tuple[str, tuple[str, ...]]
"""A run of text and the markup around it, outermost first (``("cetti", ("i",))``)."""


def _tags(text: str) -> list[tuple[int, int, str | None, bool]]:
    """The tags of ``text`` that are markup: ``(start, end, name, opening)``, in order.

    A tag is markup when it opens and is closed by its own closing tag with every tag
    between them closed too; an unmatched tag is text.
    """
    found = [(m.start(), m.end(), m.group()) for m in _TAG.finditer(text)]
    stack: list[tuple[int, str]] = []  # (index in found, name)
    pairs: list[tuple[int, int]] = []
    for index, (_, _, tag) in enumerate(found):
        name = _OPEN.get(tag)
        if name is not None:
            stack.append((index, name))
            continue
        # A closing tag closes the innermost open tag it fits; tags opened inside that one
        # and never closed are text.
        for depth in range(len(stack) - 1, -1, -1):
            if _CLOSE[stack[depth][1]] == tag:
                pairs.append((stack[depth][0], index))
                del stack[depth:]
                break
    out: list[tuple[int, int, str | None, bool]] = []
    for open_index, close_index in pairs:
        start, end, tag = found[open_index]
        name = _OPEN[tag]
        out.append((start, end, name, True))
        start, end, _ = found[close_index]
        out.append((start, end, name, False))
    out.sort()
    return out


def has_markup(text: str) -> bool:
    """True when ``text`` holds at least one tag of the subset (opened and closed)."""
    return "<" in text and bool(_tags(text))


def segments(text: str) -> Iterator[Segment]:
    """``text`` as runs of plain text, each with the markup that applies to it.

    :param text: a string variable's value.
    :returns: ``(run, (outermost, ..., innermost))`` for each non-empty run, in order.
    """
    if "<" not in text:
        if text:
            yield text, ()
        return
    stack: list[str] = []
    position = 0
    for start, end, name, opening in _tags(text):
        if start > position:
            yield text[position:start], tuple(stack)
        if opening and name is not None:
            stack.append(name)
        elif stack:
            stack.pop()
        position = end
    if position < len(text):
        yield text[position:], tuple(stack)


def transform(
    text: str,
    run: Callable[[str], str],
    opening: Callable[[str], str],
    closing: Callable[[str], str],
) -> str:
    """``text`` rewritten: each run of text through ``run``, each tag through ``opening``
    or ``closing`` (given the markup's name: ``i``, ``b``, ``sup``, ``sub``, ``sc``,
    ``nocase``). The tags come out properly nested, as they went in."""
    if "<" not in text:
        return run(text)
    out: list[str] = []
    position = 0
    for start, end, name, is_opening in _tags(text):
        if start > position:
            out.append(run(text[position:start]))
        if name is not None:
            out.append(opening(name) if is_opening else closing(name))
        position = end
    if position < len(text) or not out:
        out.append(run(text[position:]))
    return "".join(out)


def plain(text: str) -> str:
    """``text`` without its markup (the tags go; any other ``<`` stays as text)."""
    if "<" not in text:
        return text
    return transform(text, str, lambda _: "", lambda _: "")


def to_html(text: str) -> str:
    """``text`` for an HTML page: the markup as real tags, everything else escaped."""
    return transform(
        text, lambda run: html.escape(run, quote=False), lambda name: TAGS[name][0], lambda name: TAGS[name][1]
    )


# pandoc's Markdown for each kind of markup (a CSL-YAML bibliography is read as Markdown).
_MARKDOWN = {
    "i": ("*", "*"),
    "b": ("**", "**"),
    "sup": ("^", "^"),
    "sub": ("~", "~"),
    "sc": ("[", "]{.smallcaps}"),
    "nocase": ("[", "]{.nocase}"),
}
_MARKDOWN_SPECIAL = re.compile(r"([\\*_~^\[\]`<>])")


def to_markdown(text: str) -> str:
    """``text`` as pandoc's Markdown: ``*italics*``, ``**bold**``, ``^sup^``, ``~sub~``,
    ``[small caps]{.smallcaps}``, ``[kept]{.nocase}``; the text inside markup escaped (and
    its spaces, which a script cannot hold), the text outside as it is."""
    if "<" not in text:
        return text
    out: list[str] = []
    current: tuple[str, ...] = ()
    for run, stack in segments(text):
        common = 0
        while common < min(len(current), len(stack)) and current[common] == stack[common]:
            common += 1
        out.extend(_MARKDOWN[name][1] for name in reversed(current[common:]))
        out.extend(_MARKDOWN[name][0] for name in stack[common:])
        if stack:
            run = _MARKDOWN_SPECIAL.sub(r"\\\1", run)
            if "sup" in stack or "sub" in stack:
                run = run.replace(" ", "\\ ")
        out.append(run)
        current = stack
    out.extend(_MARKDOWN[name][1] for name in reversed(current))
    return "".join(out)


def wrap(name: str, inner: str) -> str:
    """``inner`` inside the markup ``name`` (``wrap("i", "Natrix")`` → ``<i>Natrix</i>``),
    the whitespace at its ends left outside (``" x "`` → ``" <i>x</i> "``); ``inner`` itself
    when it is empty or blank."""
    core = inner.strip()
    if not core:
        return inner
    start, end = TAGS[name]
    if len(core) == len(inner):
        return start + inner + end
    head = inner[: len(inner) - len(inner.lstrip())]
    tail = inner[len(inner.rstrip()) :]
    return head + start + core + end + tail
