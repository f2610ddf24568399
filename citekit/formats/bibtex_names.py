"""Personal and corporate names between BibTeX (``and``-joined) and CSL.

Import follows BibTeX's own rules (bibtexparser's splitter): ``von Last, Jr, First``,
``First von Last``, lowercase particles, ``{Braced Literal Organisation}``; particles
stay in ``family`` as elsewhere in citekit ("van der Berg", "El Aoufir"). Export writes
``Family, Suffix, Given`` and braces what BibTeX would otherwise split wrongly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from citekit.formats.latex import decode, encode
from citekit.names import spaced_initials

__all__ = ["format_names", "parse_names"]

_AND_WORD = re.compile(r"\band\b", re.IGNORECASE)


def _is_braced_whole(name: str) -> bool:
    """True for ``{World Health Organization}``: one brace group spanning the name."""
    if not (name.startswith("{") and name.endswith("}")):
        return False
    depth = 0
    for i, c in enumerate(name):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0 and i != len(name) - 1:
                return False
    return True


_INITIALS = re.compile(r"^(?:[A-Z]\.?-?){1,3}$")


def _vancouver(raw: str) -> dict[str, str] | None:
    """``Boujida N`` / ``Laamrani FZ`` (family then initials, as PubMed writes names):
    BibTeX would read the initials as the last name."""
    if "," in raw or "{" in raw or "\\" in raw:
        return None
    tokens = raw.split()
    if len(tokens) < 2 or not _INITIALS.match(tokens[-1]) or _INITIALS.match(tokens[0]) or not tokens[0][:1].isupper():
        return None
    return {"family": " ".join(tokens[:-1]), "given": tokens[-1]}


# Words that join the words of an organisation's name and never a person's ("American
# Rights at Work", "Corporation for Digital Scholarship"); name particles (van, de, von)
# are not among them.
_JOINING = frozenset(["of", "for", "at", "the", "on", "in", "to", "&", "\\&"])


def _corporate(raw: str) -> bool:
    """An organisation written without braces: no comma, three words or more, a joining
    word between capitalised ones. BibTeX's grammar would make "at" a particle, "Work" the
    family name and "American Rights" the given names."""
    if "," in raw or "{" in raw:
        return False
    words = raw.split()
    return (
        len(words) >= 3
        and words[0][:1].isupper()
        and words[-1][:1].isupper()
        and any(w in _JOINING for w in words[1:-1])
    )


def parse_names(value: str) -> tuple[list[dict[str, str]], bool]:
    """CSL names from a BibTeX name list.

    :param value: the raw field value (LaTeX, braces kept).
    :returns: the names in order, and whether the list ended in ``and others``.
    """
    from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names

    names: list[dict[str, str]] = []
    others = False
    for raw in split_multiple_persons_names(value):
        raw = raw.strip()
        if not raw:
            continue
        if raw.lower() == "others":
            others = True
            continue
        if _is_braced_whole(raw):
            literal = decode(raw)
            if literal:
                names.append({"literal": literal})
            continue
        if _corporate(raw):
            names.append({"literal": decode(raw)})
            continue
        vancouver = _vancouver(raw)
        if vancouver:
            names.append({**vancouver, "given": spaced_initials(vancouver["given"], vancouver["family"])})
            continue
        try:
            parts = parse_single_name_into_parts(raw, strict=False)
        except ValueError:
            names.append({"literal": decode(raw)})
            continue
        family = decode(" ".join(parts.von + parts.last))
        given = decode(" ".join(parts.first))
        suffix = decode(" ".join(parts.jr))
        if not family and given:
            family, given = given, ""
        given = spaced_initials(given, family)  # "KC Wright": initials, as Zotero reads them
        name = {"family": family, "given": given, "suffix": suffix}
        name = {k: v for k, v in name.items() if v}
        if name:
            names.append(name)
    return names, others


def _brace_if_needed(text: str) -> str:
    # A comma or a lone "and" inside a part would split the name or the list.
    if "," in text or _AND_WORD.search(text):
        return "{" + text + "}"
    return text


def _one(name: Mapping[str, Any], unicode: bool) -> str:
    literal = name.get("literal")
    family = " ".join(str(name.get(k) or "") for k in ("dropping-particle", "non-dropping-particle", "family")).strip()
    if literal and not family:
        return "{" + encode(str(literal), unicode=unicode) + "}"
    given = spaced_initials(str(name.get("given") or "").strip(), str(name.get("family") or ""))
    suffix = str(name.get("suffix") or "").strip()
    if not family:
        return "{" + encode(given, unicode=unicode) + "}" if given else ""
    family_tex = _brace_if_needed(encode(family, unicode=unicode))
    words = family.split()
    if len(words) > 1 and words[-1][:1].islower():
        # "Doe van" would read as von "Doe van"? keep multi-word families whole.
        family_tex = "{" + family_tex + "}"
    parts = [family_tex]
    if suffix:
        parts.append(_brace_if_needed(encode(suffix, unicode=unicode)))
    if given:
        parts.append(_brace_if_needed(encode(given, unicode=unicode)))
    elif suffix:
        parts.append("{}")  # "Smith, Jr., {}": an empty first part that readers keep
    elif len(words) > 1 and not any(w[:1].islower() for w in words[:-1]):
        return "{" + family_tex + "}"  # "El Aoufir" alone would read as given "El"
    return ", ".join(parts)


def format_names(names: Iterable[Mapping[str, Any]], *, unicode: bool = False, others: bool = False) -> str:
    """A BibTeX name list (``Family, Given and Family, Given``).

    :param names: CSL names.
    :param unicode: keep non-ASCII characters (BibLaTeX).
    :param others: append ``and others`` (the list was truncated).
    :returns: the field value, without enclosing braces.
    """
    written = [text for text in (_one(n, unicode) for n in names if isinstance(n, Mapping)) if text]
    if others:
        written.append("others")
    return " and ".join(written)
