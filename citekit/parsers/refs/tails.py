"""Repairs at the edges of the title: what the labeller let run on or cut short.

A title that runs past its closing quote, or that carries a status ("Preprint"), an
edition, a translator or an editor at its end; a quoted title whose first word went
elsewhere. Each repair moves only text whose layout leaves no doubt, and leaves the
spans alone otherwise. Every function here is one entry of
:data:`citekit.parsers.refs.repairs.REPAIRS`: ``(spans, text) -> spans``.
"""

from __future__ import annotations

import re

from citekit.parsers.refs.spans import Spans, drop_empty

__all__ = [
    "closing_quote_title",
    "edition_tail",
    "paren_publisher",
    "press_tail",
    "quoted_title",
    "role_tail",
    "status_tail",
    "volume_count",
    "volumes_tail",
]


_CLOSING = {"“": "”", "\"": "\"", "«": "»", "„": "“"}
_QUOTE_CHARS = "“”\"«»„"
_LAST_QUOTED = re.compile(r"[,.;:]\s+[“\"«„][^“”\"«»„]{3,}[”\"»“][\s,.;:]*$")
_IN_HEAD = re.compile(r"^(?:in|dans|im|en)\s*:?\s+", re.IGNORECASE)


def quoted_title(spans: Spans, text: str) -> Spans:
    """A quoted title that runs on past its closing quote ("“Title.” The Electronic Text
    Center.", "« | When Craft Gets Sloppy ». Crafts"): the title ends at the quote. What
    follows is the container when none was found (up to its first full stop), or the start
    of the container after "in"; a second quoted stretch at the end ("“Title”. Subtitle,
    “Journal”,") is the journal."""
    titles = spans.get("title")
    if not titles:
        return spans
    title = titles[0].lstrip()
    close = _CLOSING.get(title[:1])
    end = title.find(close, 1) if close else -1
    if not close:  # "« | When Craft Gets Sloppy ». Crafts": the spaced opening quote went elsewhere
        at = text.find(title)
        opening = text[:at].rstrip()[-1:] if at > 0 else ""
        end = title.find(_CLOSING[opening]) if opening in _CLOSING and opening != "\"" else -1
    if title[:1] in "'‘":  # closes after a comma or a full stop ("'Title,' Journal"); not "students' views"
        single = re.search(r"(?<=[,.?!])['’](?=\s)", title)
        end = single.start() if single else -1
    if end < 0:
        return spans
    rest = title[end + 1 :].strip(" ,.;:")
    if len(rest) < 4 or not any(c.isalpha() for c in rest):
        return spans
    if any(q in rest for q in _QUOTE_CHARS):
        return _second_quoted_journal(spans, title, end)
    if spans.get("container-title"):
        return _quoted_title_in_container(spans, text, title, end)
    rest = _IN_HEAD.sub("", rest)
    if not rest[:1].isalpha() or rest[:1].islower():  # a capital, or a script without case (Hangul, Han)
        return spans
    stop = re.search(r"\.\s+(?=\S)", rest)
    if stop and len(rest[: stop.start()].split()) >= 1 and not re.search(r"\b[A-Z][a-z]{0,3}$", rest[: stop.start()]):
        rest = rest[: stop.start()]
    return {**spans, "title": [title[: end + 1], *titles[1:]], "container-title": [rest]}


def _second_quoted_journal(spans: Spans, title: str, end: int) -> Spans:
    """"“Title”. Subtitle, “Journal”,": the last quoted stretch is the journal (none found yet)."""
    second = _LAST_QUOTED.search(title, end + 1)
    if spans.get("container-title") or not second:
        return spans
    journal = second.group(0).lstrip(" ,.;:")
    return {**spans, "title": [title[: second.start()], *spans["title"][1:]], "container-title": [journal]}


def _quoted_title_in_container(spans: Spans, text: str, title: str, end: int) -> Spans:
    """"“Monnaies grecques”, in La monetazione, | Atti del Convegno": after "in", the words
    past the closing quote open the container found next."""
    titles, containers = spans["title"], spans["container-title"]
    rest = title[end + 1 :].strip(" ,.;:")
    if not _IN_HEAD.match(rest) or f"{titles[0]} {containers[0]}" not in text:
        return spans
    head = _IN_HEAD.sub("", title[end + 1 :].lstrip(" ,.;:"))  # keeps its own trailing comma
    return {
        **spans,
        "title": [title[: end + 1], *titles[1:]],
        "container-title": [f"{head} {containers[0]}", *containers[1:]],
    }


_EDITION_TAIL = re.compile(
    r"[\s,.;:(]+((?:\d{1,2}(?:st|nd|rd|th|e|er|ème|a|\.)?|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
    r"|tenth|revised|rev\.|new|expanded|updated|enlarged)"
    r",?(?-i:\s+(?:und\s+|and\s+|u\.\s+)?(?:[a-zäöüéè]{2,}\.?|[A-ZÄÖÜ][a-zäöüéè]+\.),?){0,3}"  # "3. vollst. überarb."
    r"\s+(?:ed|edn|edition|éd|édition|aufl|auflage|edición|edição)\.?)\)?[\s.,;:]*$",
    re.IGNORECASE,
)


def edition_tail(spans: Spans, text: str) -> Spans:
    """"The Reading Groups Book, revised edition": the edition read into the title goes to
    the edition (a container keeps it: "Encyclopedia of ..., Second Edition" is how
    publishers register such books)."""
    titles = spans.get("title")
    match = _EDITION_TAIL.search(titles[0]) if titles else None
    if not titles or not match or len(titles[0][: match.start()].split()) < 2:
        return spans
    edition = [*spans.get("edition", []), match.group(1)]
    return {**spans, "title": [titles[0][: match.start()], *titles[1:]], "edition": edition}


# A count of volumes ("2 Bände", "58 vols.", "12 voli." as OCR reads "voll."), at the end.
_VOLUMES = r"(\d{1,3}\s*(?:vols?|voll?|voli|volumes|volumi|tomes|tomi|bände|bde|bd)\.?)\)?[\s.,;:]*$"
_VOLUMES_TAIL = re.compile(r"[\s,.;:(]+" + _VOLUMES, re.IGNORECASE)


def volumes_tail(spans: Spans, text: str) -> Spans:
    """"Storia della Repubblica di Venezia, 2 Bände", "I diarii, 58 vols.": how many volumes
    a work has, read into its title, is its number of volumes."""
    titles = spans.get("title")
    match = _VOLUMES_TAIL.search(titles[0]) if titles else None
    if not titles or not match or not titles[0][: match.start()].strip():
        return spans
    count = [*spans.get("number-of-volumes", []), match.group(1)]
    return {**spans, "title": [titles[0][: match.start()], *titles[1:]], "number-of-volumes": count}


_VOLUME_COUNT = re.compile(r"^[\s(]*" + _VOLUMES, re.IGNORECASE)


def volume_count(spans: Spans, text: str) -> Spans:
    """"12 voll.", "3 Bde.", "58 vols." read as the volume: how many volumes the work has,
    not which one is cited."""
    volumes = spans.get("volume") or []
    counted = [v for v in volumes if _VOLUME_COUNT.match(v)]
    if not counted:
        return spans
    rest = [v for v in volumes if v not in counted]
    return drop_empty({**spans, "volume": rest, "number-of-volumes": [*spans.get("number-of-volumes", []), *counted]})


_STATUS_TAIL = re.compile(
    r"(?:^|\s*[,.;:(]\s*)((?:unpublished\s+)?(?:pre-?print|manuscript|personal\s+communication|in\s+press|to\s+appear"
    r"|submitted(?:\s+for\s+publication)?|forthcoming|unpublished|working\s+paper|draft|ser\.))\)?[\s.,;:]*$",
    re.IGNORECASE,
)


# A kind of document or a web note that opens the rest of the title: everything from it on
# is a note ("…. Paper presented at the OECD Seminar, Berlin", "… [online]. Zagreb: …",
# "… Thèse de doctorat sous la direction de …", "…. Zugriff am 18.").
_STATUS_OPENS = re.compile(
    r"(?:[.,;:]\s+|\s+(?=\[))(?P<rest>(?:\[online\]|online-publikation|paper\s+(?:presented|prepared)\s+(?:at|for)"
    r"|unpublished\s+(?:doctoral\s+|phd\s+|ph\.\s?d\.\s+|master'?s?\s+)?(?:dissertation|thesis|manuscript|paper)"
    r"|unver[öo]ff(?:entlicht|\.)|th[èe]se\s+de\s+doctorat|tesi\s+di\s+(?:laurea|dottorato)"
    r"|(?:doctoral|phd|ph\.\s?d\.)\s+(?:dissertation|thesis)|zugriff\s+am|abgerufen\s+am|retrieved\s+(?:on|from)"
    r"|consultato\s+il|ultimo\s+accesso|consult[ée]\s+le|consultado\s+el"
    r"|available\s+(?:at|from|online)|accessed\s+(?:on\s+)?\d).*)$",
    re.IGNORECASE,
)


# Words that lead into a web address, left at the end of the title ("… The Case of Denmark.
# unter: http://…", "…, Berlin, 19.06.2010. Internet: theoriealspraxis.blogsport.de/…").
_URL_LEAD = re.compile(
    r"[,.;:]\s*((?:online\s+|im\s+internet\s+|verfügbar\s+|abrufbar\s+)?unter|internet|url|online|web)\s*:?\s*$",
    re.IGNORECASE,
)
_URL_NEXT = re.compile(r"\s*:?\s*(?:https?:|www\.|[\w-]+(?:\.[\w-]+)+/)", re.IGNORECASE)


def status_after_container(spans: Spans, text: str) -> Spans:
    """"Journal of Health Economics, forthcoming": the status after a journal's name goes to
    the note, as one after a title does (:func:`status_tail`)."""
    containers = spans.get("container-title")
    match = _STATUS_TAIL.search(containers[0]) if containers else None
    if not containers or not match or match.start() == 0 or match.group(1).lower() == "ser.":
        return spans  # "Ont. Health Technol. Assess. Ser.": a series is part of the name
    return {
        **spans,
        "container-title": [containers[0][: match.start()], *containers[1:]],
        "note": [*spans.get("note", []), match.group(1)],
    }


def status_tail(spans: Spans, text: str) -> Spans:
    """"..., Preprint.", "Personal communication.": a publication status or kind of
    document read as (the end of) the title goes to the note; so does the rest of a title
    from a kind of document or a web note on ("…. Paper presented at …", "… [online].
    Zagreb", "…. Unpublished doctoral dissertation, Columbia University"), and the words
    leading into a web address after it ("…. unter: | http://…")."""
    titles = spans.get("title")
    if not titles:
        return spans
    lead = _URL_LEAD.search(titles[0])
    at = text.find(titles[0]) if lead else -1
    if lead and at >= 0 and _URL_NEXT.match(text, at + len(titles[0])) and len(titles[0][: lead.start()].split()) >= 2:
        note = [*spans.get("note", []), lead.group(1)]
        return {**spans, "title": [titles[0][: lead.start()], *titles[1:]], "note": note}
    opens = _STATUS_OPENS.search(titles[0])
    if opens and len(titles[0][: opens.start()].split()) >= 2:
        rest = opens.group("rest").strip()
        return {**spans, "title": [titles[0][: opens.start()], *titles[1:]], "note": [*spans.get("note", []), rest]}
    match = _STATUS_TAIL.search(titles[0])
    if not match:
        return spans
    head = titles[0][: match.start()]
    kept = [head] if len(head.split()) >= 2 else []
    if head.strip() and not kept:
        return spans
    return {**spans, "title": [*kept, *titles[1:]], "note": [*spans.get("note", []), match.group(1)]}


# One name with initials, given-first ("A. Limentani", "Leon S. Roudiez"), capitals kept
# whatever the flags of the pattern around it.
_NAME = r"(?-i:(?:[A-ZÀ-Þ]\.\s?|[A-ZÀ-Þ][\w'’-]+\s+)(?:[A-ZÀ-Þ]\.\s?|[A-ZÀ-Þ][\w'’-]+\s+){0,2}[A-ZÀ-Þ][\w'’-]+)"
_ROLE_TAIL = re.compile(
    r"(?:[.,;]\s+|\s+\()(?P<role>translated|trans\.|transl\.|traduction|traduit|traducción|tradução|übersetzt|übers\."
    r"|edited|ed\.|eds\.|hrsg\.|herausgegeben|a\s+cura\s+di|a\s+c\.\s+di|trad\.)"
    r"\s+(?:by|de|par|von|por|da|di|and\s+translated\s+by)?\s*"
    rf"(?P<names>[A-ZÀ-Þ][^.;()]{{2,80}}?|{_NAME}(?:(?:,\s+|\s+(?:e|and|und|et)\s+){_NAME}){{0,4}})\)?[.,;]?$",
    re.IGNORECASE,
)
_NAME_THEN_ED = re.compile(
    r",\s+(?P<names>[A-ZÀ-Þ][\w.'’-]*(?:\s+[A-ZÀ-Þ][\w.'’-]*){1,3})\s+\((?:eds?|hrsg|dir)\.?\)[.,;]?$", re.IGNORECASE
)
_ED_NEXT = re.compile(r"\s*\((?:eds?|hrsg|dir)\.?\)", re.IGNORECASE)
_NAME_BEFORE_ED = re.compile(r",\s+(?P<names>[A-ZÀ-Þ][\w'’-]+(?:\s+[A-ZÀ-Þ][\w.'’-]*){1,2})\s*$")


def role_tail(spans: Spans, text: str) -> Spans:
    """"Voir et planifier. Traduction de Chantal Thérond.", "Mein Leben, Eike Middell (ed.),",
    "Les estoires de Venise, a cura di A. Limentani,": a translator or editor read into the
    end of the title (the "(ed.)" may follow the title in ``text``); and the editors read
    into the end of the book a chapter is in ("in Scienza e letteratura, a c. di R.
    Cremante e W. Tega")."""
    titles = spans.get("title")
    containers = spans.get("container-title")
    if containers and not spans.get("editor"):
        # "in Scienza e letteratura nel Settecento, a c. di R. Cremante e W. Tega": the book's editors
        inside = _ROLE_TAIL.search(containers[0])
        spelt = inside is not None and not inside.group("role").lower().startswith(("tra", "üb"))
        if inside and spelt and len(containers[0][: inside.start()].split()) >= 2:
            out = {**spans, "container-title": [containers[0][: inside.start()], *containers[1:]]}
            return {**out, "editor": [inside.group("names")]}
    if not titles:
        return spans
    match = _ROLE_TAIL.search(titles[0]) or _NAME_THEN_ED.search(titles[0])
    at = text.find(titles[0]) if text else -1
    if not match and at >= 0 and _ED_NEXT.match(text, at + len(titles[0])):
        match = _NAME_BEFORE_ED.search(titles[0])
    # A one-word title ("Decameron, a cura di V. Branca") only when the role is spelt out.
    if not match or len(titles[0][: match.start()].split()) < (1 if match.groupdict().get("role") else 2):
        return spans
    role = (match.groupdict().get("role") or "ed").lower()
    label = "translator" if role.startswith(("tra", "üb")) else "editor"
    if spans.get(label):
        return spans
    return {**spans, "title": [titles[0][: match.start()], *titles[1:]], label: [match.group("names")]}


def closing_quote_title(spans: Spans, text: str) -> Spans:
    """A quoted title whose first word went elsewhere ('"200th | Birthday of Grimms
    Celebrated."'): the title starts at its opening quote, a few words before."""
    titles = spans.get("title")
    if not titles or titles[0][:1] in _CLOSING or not titles[0].rstrip(" ,.;:").endswith(tuple(_CLOSING.values())):
        return spans
    at = text.find(titles[0])
    window = text[max(0, at - 30) : at] if at > 0 else ""
    opening = max(window.rfind(q) for q in _CLOSING)
    prefix = window[opening:].strip() if opening >= 0 else ""
    if not prefix or len(prefix.split()) > 2 or any(c in prefix[1:] for c in _QUOTE_CHARS):
        return spans
    if prefix[:1] == "\"" and window[:opening].count("\"") % 2:
        return spans  # that straight quote closes an earlier quoted stretch
    out = {label: [v for v in values if v.strip() != prefix] for label, values in spans.items()}
    out["title"] = [f"{prefix} {titles[0]}", *titles[1:]]
    return drop_empty(out)


_PRESS_TAIL = re.compile(
    r"[.,]\s+(?P<press>(?:The\s+)?[A-ZÀ-Þ][\w&'’.-]*(?:\s+(?:of|and|&|für|de|di)?\s*[A-ZÀ-Þ][\w&'’.-]*){0,5}\s+"
    r"(?:Press|Publishers|Publishing(?:\s+(?:Co|Company|House|Group))?|Verlag|Books|Editore|Éditions)\.?)[,.]?$"
)


def press_tail(spans: Spans, text: str) -> Spans:
    """A book's title read on into its publisher ("Knowledge in Flux. The MIT Press, |
    Cambridge", "Radial Basis Functions, Cambridge University Press, | ISBN"): a last piece
    that ends in "Press", "Publishers", "Verlag" ... is the publisher, when none was found."""
    titles = spans.get("title")
    if not titles or spans.get("publisher"):
        return spans
    match = _PRESS_TAIL.search(titles[0].rstrip())
    if not match or len(titles[0][: match.start()].split()) < 2 or match.group("press").lower().startswith("in "):
        return spans  # "In Press": a status
    return {**spans, "title": [titles[0][: match.start()], *titles[1:]], "publisher": [match.group("press")]}


_PAREN_PUBLISHER = re.compile(r"\s*\(\s*(?P<publisher>[A-ZÀ-Þ][^()]{1,60}?)\s*,?\s*$")
_YEAR_CLOSES = re.compile(r"\s*,?\s*(?:1[5-9]|20)\d\d[a-z]?\s*\)")


def paren_publisher(spans: Spans, text: str) -> Spans:
    """A book's publisher in brackets with its year read into the title ("Discrete-time
    signal processing (Pearson Higher Education, | 2010)", "Electronic Instrumentation
    (PrenticeHall ,1994 )"): the publisher, when none was found."""
    titles = spans.get("title")
    match = _PAREN_PUBLISHER.search(titles[0]) if titles and not spans.get("publisher") else None
    at = text.find(titles[0]) if titles and match else -1
    if not titles or not match or at < 0 or not _YEAR_CLOSES.match(text, at + len(titles[0])):
        return spans
    if len(titles[0][: match.start()].split()) < 2:
        return spans
    return {**spans, "title": [titles[0][: match.start()], *titles[1:]], "publisher": [match["publisher"]]}

