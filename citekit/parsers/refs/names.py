"""Name lists inside reference strings into CSL names.

Reference lists write names in every order at once: "Sohawon, D., Lau, K. K. and
Bowden, D. K.", "Rocha LA, Ferreira de Almeida EBL", "Abel T., Bryan G. L.",
"Lee, L. L., W. E. Howard, and R. E. Marsh", "SMITH, J.; DOE, A.", "J.-P. Dupont".
This module reads one author (or editor) span, after the labeller has cut it out, and
returns the names in order, whether the list ended with "et al.", and collaborations
("Study 903 Team") as literal names.
"""

from __future__ import annotations

import re

from citekit.names import PARTICLES, SUFFIXES, fold

__all__ = ["COLLAB_WORDS", "is_editor_list", "is_initial", "parse_names"]

_ETAL = re.compile(
    r"(?:,?\s*(?:\bet\.?\s*al\b\.?|\band\s+others\b|\bu\.\s*a\.|\bet\s+coll?\b\.?|\by\s+cols?\b\.?|\bet\s+alii\b|…|\.\.\.))+"
    r"\s*[.,;:]?\s*$",
    re.IGNORECASE,
)
# Role words around editor (and author) lists: "In:", "(Eds.)", "edited by", "Hrsg.".
_CURA = r"(?:a|per)\s+cura\s+di\b|a\s+c\.\s*di\b"  # Italian "a cura di", "a c. di", "per cura di"
_ROLE_HEAD = re.compile(
    r"^\s*(?:in\s*:|in\b|(?-i:dans)\s|ed\.\s+by\b|ed[ds]?\.\s+|hrsg\.\s+v(?:on\b|\.)|hg\.\s+v(?:on\b|\.)"
    r"|by\b|[ée]d(?:it[ée])?\.?\s+par\b|curr?\.\s|dir\.\s|trans(?:lated)?\.?\s+by\b)\s*",
    re.IGNORECASE,
)
# A role phrase, alone or after a few lower-case words ("a cura di", "edited by", "catalogo
# della mostra a cura di", "e note a cura di" once "ed." has gone): those words describe the work.
_ROLE_PHRASE = re.compile(
    rf"^(?:[a-zà-ÿ][\w’'.]*\s+){{0,4}}?[(\[]?(?i:{_CURA}|(?:edited|translated)(?:\s+and\s+(?:edited|translated))?\s+by\b"
    r"|herausgegeben\s+von\b|diretto\s+da\b"
    r"|sous\s+la\s+direction\s+de\b)\s*"
)
# Names joined by a hyphen in Italian lists ("G. Chittolini-G. Miccoli"): a hyphen after a
# lower-case letter and before an initial and a capital separates two names.
_HYPHEN_LIST = re.compile(r"(?<=[a-zà-ÿ])\s?[-–]\s?(?=[A-ZÀ-Þ]\.\s?[A-ZÀ-Þ])")
_ROLE_TAIL = re.compile(
    rf"[\s,]*[(\[]?\s*\b(?:eds?|editors?|éds?|hrsg|hg|coords?|orgs?|dirs?|comps?|trans|trad|{_CURA})"
    r"\s*\.?\s*[)\]]?[\s,.:;]*$",
    re.IGNORECASE,
)
# In brackets, the Italian role is also cut short, lower case: "(a cura)", "(a c.)", "(a. c. d.)", "(a cu-ra di)".
_CURA_SHORT = r"(?-i:(?:a|per)\.?\s+cu-?ra(?:\s+di)?|a\.?\s*c\.(?:\s*d(?:i|\.))?)"
_ROLE_PAREN = re.compile(
    r"\s*[(\[](?:eds?|editors?|éds?|hrsg|hg|coords?|orgs?|dirs?|directors?|producers?|executive producers?|comps?|trans"
    rf"|trad|translators?|illus|{_CURA}|{_CURA_SHORT})\.?[\s\-–]*[)\]]\s*(?=\s*[,;&.:]|\s+(?:and|&)\s|\s*$)",
    re.IGNORECASE,
)
# Italian "AA. VV." and Spanish "VV. AA." (various authors).
_VARIOUS = re.compile(r"^(?:AA\.?\s*VV|VV\.?\s*AA)\.?$", re.IGNORECASE)
_ETAL_THEN = re.compile(r",?\s*\bet\.?\s+al\b\.?(?=\s*[,;(]|\s+[A-ZÀ-Þ])")
_LOWER_INITIAL = re.compile(r"[b-df-hj-np-tv-xzß-ÿ]\.?")  # a consonant: "e", "y", "i" join names
_GLUED_AND = re.compile(r"(?<=[\s,])and(?=[A-ZÀ-Þ]\.)")
_ACRONYM = re.compile(r"^[A-ZÀ-Þ]{2,6}\.?$")
# Lower-case one-letter connectors only: "Wang Y" and "Costa E" end with initials.
_CONNECTOR = re.compile(r"\s*(?:,\s*)?(?:\b(?:[Aa]nd|AND|und|et|y|e|i|og|och|en)\b|&amp;|&)\s+")
_INITIAL = re.compile(r"^(?:[A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁΑ-Ω](?:[a-zа-я]?\.|\.?)(?:-|‐|–)?){1,4}$")
_UPPER_INITIALS = re.compile(r"^[A-ZÀ-ÖØ-ÞА-ЯЁΑ-Ω]{1,3}$")

COLLAB_WORDS = frozenset(
    [
        "group", "team", "consortium", "collaboration", "collaborative", "organization", "organisation", "association",
        "society", "committee", "council", "institute", "institut", "network", "investigators", "working", "agency",
        "federation", "office", "ministry", "department", "board", "foundation", "union", "commission", "bureau",
        "panel", "center", "centre", "centers", "centres", "university", "project", "initiative", "alliance", "task",
        "force", "trial", "trialists", "program", "programme", "service", "services", "authority", "nations", "world",
        "national", "international", "inc", "ltd", "corporation", "company", "corp", "llc", "gmbh", "plc",
    ]
)
_SUFFIX_WORDS = {s.strip(".") for s in SUFFIXES}


def is_initial(token: str) -> bool:
    """True for initials as written in reference lists: ``J``, ``J.``, ``JR``, ``J.-P.``, ``Ch.``, ``K.K.``."""
    token = token.strip(",;")
    if not token:
        return False
    return bool(_INITIAL.match(token)) or bool(_UPPER_INITIALS.match(token))


def _is_collab(piece: str) -> bool:
    words = [fold(w) for w in re.findall(r"[^\W\d_]+", piece)]
    if not words:
        return True
    if any(w in COLLAB_WORDS for w in words) and len(words) >= 2:
        return True
    return bool(re.search(r"\d", piece)) and len(words) >= 1


def _titlecase(word: str) -> str:
    if len(word) > 3 and word.isupper():
        return "-".join(p.capitalize() for p in word.split("-"))
    if len(word) > 1 and word.isupper() and not _UPPER_INITIALS.match(word):
        return word.capitalize()
    return word


def _family(words: list[str], shouting: bool = False) -> str:
    # A particle keeps its case ("de la Cruz"), unless the whole name shouts ("DA MOSTO").
    shouting = shouting or (len(words) > 1 and all(w.isupper() for w in words))
    return " ".join(
        w.capitalize() if shouting and (fold(w) in PARTICLES or len(w) <= 3) else w if fold(w) in PARTICLES
        else _titlecase(w)
        for w in words
    )


def _split_one(piece: str) -> dict[str, str]:
    """One written name without commas: "J. R. Smith", "Smith JR", "Bryan G. L.", "SMITH John"."""
    tokens = [t for t in piece.replace(". ", ". ").split() if t]
    suffix = ""
    if len(tokens) > 1 and fold(tokens[-1]).strip(".") in _SUFFIX_WORDS:
        suffix = tokens.pop()
    if not tokens:
        return {}
    if len(tokens) == 1:
        out = {"family": _titlecase(tokens[0])}
    else:
        # "casanova g.": an initial in lower case, OCR's or the typesetter's, beside one word
        initial = [is_initial(t) or (len(tokens) == 2 and bool(_LOWER_INITIAL.fullmatch(t))) for t in tokens]
        # A short family name in capitals reads like initials ("DARU P. A.", "LI J."); a
        # dotted initial at the end says the family name came first.
        capitals_first = tokens[-1].endswith(".") and "." not in tokens[0] and len(tokens[0]) > 1
        lead = 0
        while lead < len(tokens) and fold(tokens[lead]) in PARTICLES:
            lead += 1
        if _vancouver_capitals(tokens, lead):
            # Vancouver in capitals ("WANG XY", "LI J", "DE LA CRUZ M", "VAN DER BERG JA"):
            # every short word in capitals reads as initials, so only the last word (and
            # single letters before it) is the given part.
            cut = len(tokens) - 1
            while cut > lead + 1 and len(tokens[cut - 1].strip(".")) == 1:
                cut -= 1
            out = {"family": _family(tokens[:cut], shouting=True), "given": " ".join(tokens[cut:])}
        elif initial[-1] and (not initial[0] or capitals_first):
            # Family first, initials after ("Bryan G. L.", "de la Macorra JC").
            cut = len(tokens)
            while cut > 1 and initial[cut - 1]:
                cut -= 1
            out = {"family": _family(tokens[:cut]), "given": " ".join(tokens[cut:])}
        elif initial[0]:
            cut = 0
            while cut < len(tokens) - 1 and initial[cut]:
                cut += 1
            out = {"given": " ".join(tokens[:cut]), "family": _family(tokens[cut:])}
        else:
            shouting = [i for i, t in enumerate(tokens) if len(t) > 1 and t.isupper() and not is_initial(t)]
            if shouting and len(shouting) < len(tokens) and shouting == list(range(shouting[0], shouting[-1] + 1)):
                fam = tokens[shouting[0] : shouting[-1] + 1]
                giv = tokens[: shouting[0]] + tokens[shouting[-1] + 1 :]
                out = {"family": _family(fam), "given": " ".join(giv)}
            else:
                start = len(tokens) - 1
                while start > 1 and fold(tokens[start - 1]) in PARTICLES:
                    start -= 1
                out = {"given": " ".join(tokens[:start]), "family": _family(tokens[start:])}
    if suffix:
        out["suffix"] = suffix
    given = out.get("given", "")
    if re.fullmatch(r"[A-ZÀ-Þ]{2,4}\.", given):
        out["given"] = given[:-1]  # "Filho PP." ends the list: the full stop is not an initial's
    return {k: v.strip(" ,;") for k, v in out.items() if v.strip(" ,;")}


def _vancouver_capitals(tokens: list[str], lead: int) -> bool:
    """Whether a name in capitals is family first, initials last: "DE LA CRUZ M" (``lead``
    particles, then a word), "KIM JH", "WANG X Y" (initials of two letters at most, or
    three without a vowel; "JOHN LEE" and "J. WANG" are given first)."""
    if len(tokens) < 2 or not all(t.isupper() for t in tokens):
        return False
    last = tokens[-1].strip(".")
    if not (len(last) <= 2 or (len(last) == 3 and not re.search(r"[AEIOUY]", last))) or not last.isalpha():
        return False
    if lead:
        return len(tokens) > lead + 1
    return "." not in tokens[0] and len(tokens[0]) >= 2 and len(tokens[0]) >= len(last)


def _given_like(piece: str) -> bool:
    """A piece that can be the given part after an inverted "Family," ("D.", "K. K.", "John A.", "Jean-Pierre")."""
    words = piece.split()
    if not words or len(words) > 4:
        return False
    if all(is_initial(w) for w in words):
        return True
    return all((w[:1].isupper() and not w.isupper()) or is_initial(w) for w in words) and len(words) <= 3


def _single_family(piece: str) -> bool:
    words = piece.split()
    if not words:
        return False
    if len(words) == 1:
        return not is_initial(words[0]) or (len(words[0]) > 2 and words[0].isupper())
    # "van der Berg", "De la Cruz", "Ferreira Gomes" (double family names are written
    # after a comma only in inverted lists, so treat two capitalised words as family).
    return all(fold(w) in PARTICLES for w in words[:-1]) or (len(words) == 2 and not any(is_initial(w) for w in words))


_EDITOR_ROLE = re.compile(
    r"(?:[\s,]|^)[(\[]?(?:eds?|editors?|éds?|hrsg|hg|coords?|orgs?)\.?[)\]]?[\s.,:;]*$|[(\[](?:eds?|editors?|éds?|hrsg|hg)\.?[)\]]",
    re.IGNORECASE,
)


def is_editor_list(span: str) -> bool:
    """True when a name list says it names editors ("..., eds.", "(Hrsg.)", "editors")."""
    return bool(_EDITOR_ROLE.search(span.strip()))


def parse_names(span: str) -> tuple[list[dict[str, str]], bool]:
    """Names in an author or editor span, in order.

    :param span: the text of one name list as labelled in the reference.
    :returns: ``(names, et_al)``: CSL names (``{"family", "given"}`` or
        ``{"literal"}``) and whether the list was cut short with "et al." (or "and
        others", "u. a.", "...").
    """
    text = re.sub(r"\s+", " ", span).strip()
    text = _ROLE_PAREN.sub("", text)  # "Chaffin, C. (Producer), & Fincher, D. (Director)"
    text = re.sub(r"\s*/\s+|\s+/\s*", "; ", text)  # "Irmtraud Schnell/ Alfred Sander/ Claudia Federolf"
    text = _ROLE_PHRASE.sub("", _ROLE_HEAD.sub("", text))
    text = _HYPHEN_LIST.sub("; ", text)
    text = _GLUED_AND.sub("and ", text)  # "Howard, W. E., andH. E. Childs": PDF extraction's lost space
    text = _ROLE_TAIL.sub("", text) if _ROLE_TAIL.search(text) and len(text) > 6 else text
    et_al = False
    match = _ETAL.search(text) or _ETAL_THEN.search(text)
    if match:
        et_al = True
        text = text[: match.start()]  # what follows "et al." is no name ("Duh, et al., Proc.")
    text = text.strip(" ,;:.") + ("." if text.rstrip(" ,;:").endswith(".") else "")
    text = text.strip(" ,;:")
    if not text:
        return [], et_al
    if _VARIOUS.match(text):
        return [{"literal": text}], et_al  # "AA. VV." (autori vari): many authors, none named
    groups = [g for g in re.split(r"\s*;\s*", text) if g.strip()] if ";" in text else [text]
    names: list[dict[str, str]] = []
    for group in groups:
        names.extend(_parse_group(group))
    if len(names) == 1 and _ACRONYM.match(text):
        return [{"literal": text.rstrip(".")}], et_al  # "OSCE.", "WHO": a body, not a person named Osce
    return names, et_al


def _parse_group(text: str) -> list[dict[str, str]]:
    reader = _ListReader()
    for raw, after_comma in _pieces(text):
        piece = _clean_piece(raw)
        if piece:
            reader.add(piece, after_comma)
    return reader.close()


def _pieces(text: str) -> list[tuple[str, bool]]:
    """The pieces of a name list between commas and connectors, each with whether a comma
    preceded it: only "Family, Given" pairs are written with a comma between them, never
    "John Smith and Jane Doe"."""
    pieces: list[tuple[str, bool]] = []
    for chunk in (c.strip() for c in text.split(",")):
        if not chunk:
            continue
        if _is_collab(chunk):
            pieces.append((chunk, True))
            continue
        parts = [p.strip() for p in _CONNECTOR.split(" " + chunk + " ")]
        for k, part in enumerate(parts):
            if part:
                pieces.append((part, k == 0))  # ", and X": X follows a connector, not the comma
    return pieces


def _clean_piece(raw: str) -> str:
    """A piece without stray punctuation ("" for one with no letter: "—" standing for a
    repeated author); a full stop stays only after an initial."""
    piece = raw.strip(" ;:")
    if not any(c.isalpha() for c in piece):
        return ""
    # A word with neither letter nor digit ("Königs -,": a dash left by the line) is no name.
    piece = " ".join(w for w in piece.split() if any(c.isalnum() for c in w))
    if piece.endswith(".") and not is_initial(piece.split()[-1]):
        piece = piece.rstrip(". ")
    return piece


class _ListReader:
    """Names of one group, read piece by piece. A lone family name waits (``pending``)
    for the given part that may follow its comma ("Smith, J."); anything else closes it."""

    def __init__(self) -> None:
        self.names: list[dict[str, str]] = []
        self.pending: str | None = None

    def add(self, piece: str, after_comma: bool) -> None:
        if self._suffix(piece) or self._late_initials(piece, after_comma) or self._given_of_pending(piece, after_comma):
            return
        self._flush()
        if _is_collab(piece):
            self.names.append({"literal": piece})
        elif _single_family(piece):
            self.pending = piece
        else:
            name = _split_one(piece)
            if name:
                self.names.append(name)

    def close(self) -> list[dict[str, str]]:
        self._flush()
        return self.names

    def _flush(self) -> None:
        if self.pending is not None:
            self.names.append(_lone(self.pending))
            self.pending = None

    def _suffix(self, piece: str) -> bool:
        """"Jr.", "III": the suffix of the name before."""
        if fold(piece).strip(".") not in _SUFFIX_WORDS or not (self.names or self.pending):
            return False
        if self.pending:
            self.names.append({"family": _family(self.pending.split())})
            self.pending = None
        self.names[-1]["suffix"] = piece
        return True

    def _late_initials(self, piece: str, after_comma: bool) -> bool:
        """"Smith Jr., J.": initials after a comma complete a name that has no given part."""
        if not after_comma or self.pending is not None or not self.names:
            return False
        last = self.names[-1]
        if "given" in last or "family" not in last:
            return False
        if not all(is_initial(w) for w in piece.split()):
            return False
        last["given"] = piece
        return True

    def _given_of_pending(self, piece: str, after_comma: bool) -> bool:
        """"Smith, J.", "van der Berg, Anna": the given part after the pending family name;
        particles after it belong to the family name ("Franz, Marie-Luise von")."""
        if self.pending is None or not after_comma:
            return False
        words = piece.split()
        cut = len(words)
        while cut > 1 and words[cut - 1] in PARTICLES:  # lower-case as written
            cut -= 1
        given = " ".join(words[:cut])
        if not _given_like(given):
            return False
        if len(self.pending.split()) != 1 and cut != 1 and not any(is_initial(w) for w in words[:cut]):
            return False
        self.names.append({"family": " ".join([*words[cut:], _family(self.pending.split())]), "given": given})
        self.pending = None
        return True


def _lone(piece: str) -> dict[str, str]:
    """A name piece that found no given part after its comma."""
    words = piece.split()
    if len(words) > 1 and not all(fold(w) in PARTICLES for w in words[:-1]):
        return _split_one(piece)
    return {"family": _family(words)}
