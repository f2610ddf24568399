"""The contributors of a JATS article: authors and editors by ``contrib-group``, each
with the affiliations resolved through their ``xref`` ids (or shared by the whole
group), ORCID iDs, e-mails and the corresponding-author flag.
"""

from __future__ import annotations

import re
from typing import Any

from citekit.parsers.common import Person, norm_orcid, person
from citekit.parsers.jats.load import element_text, find_child, find_children, local, text_of
from citekit.parsers.jats.refparts import person_name

__all__ = ["contributors"]

_XLINK = "{http://www.w3.org/1999/xlink}href"
_AFF_SKIP = frozenset(("label", "sup", "xref", "fn"))


def _aff_text(aff: Any) -> str:
    """An affiliation as printed: SciELO keeps the printed form in
    ``institution[@content-type="original"]`` next to its parts, which must not be
    read twice."""
    for institution in aff.iter("institution"):
        if institution.get("content-type") == "original":
            return text_of(institution)
    return element_text(aff, _AFF_SKIP)


def _affiliations(meta: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for aff in meta.iter("aff"):
        parent = aff.getparent()
        if parent is not None and parent.tag == "contrib" and not aff.get("id"):
            continue  # read with its contributor
        text = _aff_text(aff)
        if not text:
            alternatives = find_child(aff, "institution-wrap")
            if alternatives is not None:
                text = element_text(alternatives, _AFF_SKIP)
        if text:
            out[aff.get("id") or f"__{len(out)}"] = text
    return out


_NAME_KINDS = ("name", "string-name", "collab")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _contrib_person(contrib: Any, affs: dict[str, str], notes: dict[str, str]) -> Person | None:
    name_element, inner_affs = _name_and_affiliations(contrib)
    if name_element is None:
        return None
    name = person_name(name_element)
    if not name:
        return None
    affiliation: list[str] = []
    for inner in inner_affs:
        text = affs.get(inner.get("id") or "") or _aff_text(inner)
        if text:
            affiliation.append(text)
    emails, noted_corresponding, orcid = _contact(contrib, affs, notes, affiliation)
    corresponding = contrib.get("corresp") == "yes" or noted_corresponding
    return person(
        name,
        affiliation=affiliation,
        orcid=orcid,
        email=emails[0].rstrip(".") if emails else None,
        corresponding=True if corresponding else None,
        structured=True,
    )


def _name_and_affiliations(contrib: Any) -> tuple[Any, list[Any]]:
    """The contributor's name element and its own ``aff`` children, in one pass over them."""
    name_element: Any = None
    inner_affs: list[Any] = []
    alternatives: Any = None
    for child in contrib:
        kind = local(child.tag)
        if kind in _NAME_KINDS:
            if name_element is None:
                name_element = child
        elif kind == "aff":
            inner_affs.append(child)
        elif kind == "name-alternatives" and alternatives is None:
            alternatives = child
    if name_element is None and alternatives is not None:
        name_element = next((c for c in alternatives if local(c.tag) == "name"), None) or next(iter(alternatives), None)
    return name_element, inner_affs


def _contact(
    contrib: Any, affs: dict[str, str], notes: dict[str, str], affiliation: list[str]
) -> tuple[list[str], bool, str | None]:
    """One walk over the contributor for e-mails, xrefs, contributor ids and links:
    ``(e-mails, named in a corresponding-author note?, ORCID)``. Affiliations an xref
    points to are added to ``affiliation``; the e-mails of a corresponding-author note
    come after the contributor's own."""
    emails: list[str] = []
    noted: list[str] = []  # addresses from the corresponding-author note, after the contributor's own
    corresponding = False
    orcid = link_orcid = None
    for element in contrib.iter("email", "xref", "contrib-id", "uri", "ext-link"):
        tag = element.tag
        if tag == "email":
            emails.append(text_of(element))
        elif tag == "xref":
            kind = element.get("ref-type") or ""
            for rid in (element.get("rid") or "").split():
                if kind == "aff" and rid in affs:
                    affiliation.append(affs[rid])
                elif kind == "corresp" and rid in notes:
                    corresponding = True
                    noted.extend(_EMAIL.findall(notes[rid]))
        elif tag == "contrib-id":
            value = text_of(element)
            if (element.get("contrib-id-type") or "").lower() == "orcid" or "orcid" in value:
                orcid = norm_orcid(value)
        else:
            href = element.get(_XLINK) or text_of(element)
            if "orcid.org" in href:
                link_orcid = norm_orcid(href)
    emails.extend(noted)
    return emails, corresponding, orcid if orcid is not None else link_orcid


def contributors(meta: Any) -> tuple[list[Person], list[Person]]:
    """The article's authors and editors (editors only from groups before any author).

    :param meta: the ``article-meta`` element.
    :returns: ``(authors, editors)`` as :data:`~citekit.parsers.common.Person` entries.
    """
    affs = _affiliations(meta)
    notes: dict[str, str] = {}
    author_notes = find_child(meta, "author-notes")
    if author_notes is not None:
        for note in author_notes:
            if note.get("id"):
                notes[note.get("id")] = text_of(note)
    authors: list[Person] = []
    editors: list[Person] = []
    for group in find_children(meta, "contrib-group"):
        members = _group_members(group, affs, notes, editors, editors_wanted=not authors)
        # An aff sitting in the contrib group without xrefs belongs to every member.
        group_affs = find_children(group, "aff")
        cited = {x.get("rid") for x in group.iter("xref")} if group_affs else set()
        shared = [element_text(a, _AFF_SKIP) for a in group_affs if not a.get("id") or a.get("id") not in cited]
        if len(affs) == 1 and not any(p.get("affiliation") for p in members):
            shared = list(affs.values())
        for made in members:
            if shared and not made.get("affiliation"):
                made["affiliation"] = [s for s in shared if s]
            authors.append(made)
    return authors, editors


_AUTHOR_ROLES = frozenset(("author", "authors", "collab", "compiler"))
_EDITOR_ROLES = frozenset(("editor", "guest-editor", "handling-editor", "senior_editor", "series-editor"))


def _group_members(
    group: Any, affs: dict[str, str], notes: dict[str, str], editors: list[Person], *, editors_wanted: bool
) -> list[Person]:
    """The authors of one ``contrib-group``; its editors are added to ``editors`` while
    no group before it named an author (``editors_wanted``)."""
    group_type = (group.get("content-type") or "").lower()
    members: list[Person] = []
    for contrib in find_children(group, "contrib"):
        kind = (contrib.get("contrib-type") or group_type or "author").lower()
        made = _contrib_person(contrib, affs, notes)
        if made is None:
            continue
        if kind in _AUTHOR_ROLES:
            members.append(made)
        elif kind in _EDITOR_ROLES and editors_wanted:
            editors.append(made)
    return members
