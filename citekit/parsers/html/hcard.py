"""Bylines marked up by class name: hCard microformats (``vcard``, ``fn``,
``given-name``, ``family-name``) and the same class names publishers use without the
rest of hCard (``<span class="given-name">Kati</span> <span class="surname">Finzel</span>``).

The weakest author source (used when no vocabulary names the authors); names inside
reference lists and "related articles" boxes are left out.
"""

from __future__ import annotations

import re
from typing import Any

from citekit.parsers.common import Partial, clean, person

__all__ = ["extract_hcard"]

_GIVEN = re.compile(r"(?:^|\s)given-name(?:s)?(?:\s|$)")
_FAMILY = re.compile(r"(?:^|\s)(?:family-name|surname)(?:\s|$)")
_ELSEWHERE = re.compile(r"reference|bibliograph|citation|cited|related|recommend|similar|footer|comment", re.IGNORECASE)


def _inside_other_works(element: Any) -> bool:
    node = element.getparent()
    depth = 0
    while node is not None and depth < 25:
        marks = f"{node.get('class') or ''} {node.get('id') or ''}"
        if _ELSEWHERE.search(marks) or (isinstance(node.tag, str) and node.tag in ("footer", "aside")):
            return True
        node = node.getparent()
        depth += 1
    return False


def extract_hcard(tree: Any) -> Partial:
    """Authors named by ``given-name`` / ``family-name`` (or ``surname``) classes.

    :param tree: the ``lxml.html`` document root.
    """
    part = Partial("hcard")
    people = []
    seen: set[tuple[str, str]] = set()
    for given_element in tree.xpath("//*[contains(@class, 'given-name')]"):
        if not _GIVEN.search(given_element.get("class") or ""):
            continue
        parent = given_element.getparent()
        if parent is None or _inside_other_works(given_element):
            continue
        family_element = next((s for s in parent if _FAMILY.search(s.get("class") or "")), None)
        if family_element is None:
            continue
        given, family = clean("".join(given_element.itertext())), clean("".join(family_element.itertext()))
        if not family or (given, family) in seen:
            continue
        seen.add((given, family))
        made = person({"family": family, "given": given} if given else {"family": family})
        if made:
            people.append(made)
    part.authors, part.author_source = people, "hcard"
    return part
