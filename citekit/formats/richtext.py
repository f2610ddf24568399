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
from collections.abc import Callable

__all__ = [
    "TAGS",
    "has_markup",
    "plain",
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

def _tags(text: str) -> list[tuple[int, int, str | None, bool]]:
    """The tags of ``text`` that are markup: ``(start, end, name, opening)``, in order.

    A tag is markup when it opens and is closed by its own closing tag with every tag
    between them closed too; an unmatched tag is text.
    """
    found = [(m.start(), m.end(), m.group()) for m in _TAG.finditer(text)]
    stack: list[tuple[int, str]] = []  # (index in found, name)
    # For each closing tag, the depths in ``stack`` of the open tags it fits, innermost
    # last: a closing tag finds its partner at once, and each open tag leaves the stack
    # once, so the work is linear however the tags are nested or left open.
    fits: dict[str, list[int]] = {close: [] for close in _CLOSE.values()}
    pairs: list[tuple[int, int]] = []
    for index, (_, _, tag) in enumerate(found):
        name = _OPEN.get(tag)
        if name is not None:
            fits[_CLOSE[name]].append(len(stack))
            stack.append((index, name))
            continue
        # A closing tag closes the innermost open tag it fits; tags opened inside that one
        # and never closed are text.
        open_here = fits[tag]
        if not open_here:
            continue
        depth = open_here[-1]
        pairs.append((stack[depth][0], index))
        while len(stack) > depth:
            fits[_CLOSE[stack.pop()[1]]].pop()
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
    its spaces, which a script cannot hold), the text outside as it is. Markup holding no
    text is left out, and markup closed and opened again between two runs is kept open
    ("<i>a</i><i>b</i>" → ``*ab*``)."""
    if "<" not in text:
        return text
    out: list[str] = []
    current: list[str] = []  # the markup open in the output, outermost first
    scripts = 0  # how many of them are sup or sub
    events: list[tuple[str, bool]] = []  # the tags since the last run: (name, opening)

    def settle() -> None:
        """Apply ``events`` before a run: the work is the number of tags, not the depth."""
        nonlocal scripts
        closed: list[str] = []  # closed in the output's markup, innermost first
        opened: list[str] = []  # opened since the last run, outermost first
        for name, opening in events:
            if opening:
                opened.append(name)
            elif opened:
                opened.pop()  # opened and closed with no text between: nothing to write
            else:
                closed.append(current.pop())
        events.clear()
        reopened = closed[::-1]  # outermost first
        common = 0
        while common < min(len(reopened), len(opened)) and reopened[common] == opened[common]:
            common += 1
        current.extend(reopened[:common])
        for name in closed[: len(closed) - common]:
            out.append(_MARKDOWN[name][1])
            scripts -= name in ("sup", "sub")
        for name in opened[common:]:
            out.append(_MARKDOWN[name][0])
            current.append(name)
            scripts += name in ("sup", "sub")

    position = 0
    for start, end, name, opening in _tags(text):
        if start > position:
            settle()
            out.append(_markdown_run(text[position:start], bool(current), scripts > 0))
        if name is not None:
            events.append((name, opening))
        position = end
    if position < len(text):
        settle()
        out.append(_markdown_run(text[position:], bool(current), scripts > 0))
    out.extend(_MARKDOWN[name][1] for name in reversed(current))
    return "".join(out)


def _markdown_run(run: str, inside: bool, script: bool) -> str:
    if inside:
        run = _MARKDOWN_SPECIAL.sub(r"\\\1", run)
        if script:
            run = run.replace(" ", "\\ ")
    return run


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
