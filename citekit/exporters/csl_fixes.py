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
- Substitution: a variable that stands in for the author (editors, or the title of an
  anonymous work) must not be printed again in the rest of the entry; citeproc-py only
  suppressed plain ``cs:text`` variables, so APA printed "Cohen, I. B. (Ed.). (2002).
  Title (I. B. Cohen, Ed.)".
  Names and numbers printed inside a substituted macro count too (APA printed the
  edition of an anonymous work twice, and translators who stood in for the author).
- Title case as pandoc's citeproc applies it: words after a hyphen, slash or quotation
  mark are words ("S-Matrix", "‘Object’"), a last stop word is capitalized ("IEEE
  Transactions On"), the particles "de", "van", "von" stay lower-case.
- Quotation marks: those of the data (marked by :mod:`citekit.exporters.csl`) take the
  outer form, or the inner one inside a quotation, and punctuation does not move into
  them; "Title:." and "“Is it?”." lose the period, as citeproc-js and pandoc print them.
- A bare ``cs:names`` in a ``cs:substitute`` takes the name format and label of the
  ``cs:names`` it stands in for, also inside a ``cs:choose`` (Chicago printed "D. P.
  Gaonkar." for "Gaonkar, Dilip Parameshwar, ed.").
- ``text-case`` on a label: citeproc-py applies title case only to English text and
  passes no language for a term, so APA's "(Eds.)" came out "(eds.)"; the style's
  locale decides.
- Page ranges: citeproc-py's ``minimal`` and ``minimal-two`` forms compare the digits
  of the two pages from the left whatever their lengths, so Vancouver turned ``1-13``
  into ``1–3`` and ``10-105`` into ``10–5``; it applied the four-digit rule of Chicago
  15 to ``chicago-16`` ("1198–1201" for "1198–201") and kept a shared prefix twice
  ("R1–R81"). :func:`last_page` shortens as pandoc does.
- Groups: a ``cs:group`` is left out when it calls variables and all of them are empty.
  citeproc-py asks each child whether it *could* call a variable (every branch of a
  ``cs:choose``), so APA's "(Publication)" stood alone for a thesis without a number;
  the variables actually rendered now decide, as in pandoc and citeproc-js.
- ``cs:number`` on a hyphenated variable (``number-of-volumes``) looked the variable up
  under the wrong name and rendered nothing: APA's "(Vols. 1–3)" was lost.
- A label is plural when its variable holds more than one number-like part ("1-3",
  "EU-29702195U", "3, 5"; ``number-of-volumes`` above 1), as pandoc decides; citeproc-py
  read ``number-of-*`` from the wrong object and failed.
- Initials as pandoc and citeproc-js make them: an abbreviation already in the data stays
  ("Ph." → "Ph.", "Yu. B." → "Yu. B."), a hyphenated initial keeps its hyphen ("J.-P." →
  "J-P" in Vancouver), a lower-case second part is dropped ("Ji-ping" → "J."), digits and
  other non-letters are left alone; citeproc-py printed "P.", "JP", "J.-. ping ." and ". 1 S.".
- ``is-numeric``: numbers joined by hyphens, commas or ampersands, each with letter
  prefixes or suffixes, are numeric ("99-02", "R1-R81", "3 & 5"); citeproc-py took only one
  number, so APA printed report numbers without their "Nos." label.
- Hyphenated name variables (``container-author``, ``collection-editor``) were never
  found (citeproc-py stores them with underscores): APA lost "In I. Kant, Title". A
  term missing in a form falls back as CSL says (verb-short → verb → long, symbol →
  short → long): "(By F. Nietzsche; ...)".
- A date range whose ends agree in every printed part is printed as one date
  ("(Original work published 1924)" for 7 June–9 July 1924); citeproc-py printed nothing.
- Sort keys leave out labels: APA sorted "Westfahl, G. (Ed.)" after "Westfahl, G.", so
  year suffixes went to the wrong works.
"""

from __future__ import annotations

import re
import types
import unicodedata
from typing import Any

from citekit.names import spaced_initials

__all__ = ["PLAIN", "finish_entry", "fix_style"]

_NS = {"cs": "http://purl.org/net/xbiblio/csl"}
_patched = False


_TERM_FALLBACK = {"verb-short": "verb", "symbol": "short", "verb": None, "short": None}
# CSL's title-case stop words, and the particles pandoc's citeproc keeps lower-case too.
_STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "down",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "onto",
        "or",
        "over",
        "so",
        "the",
        "till",
        "to",
        "up",
        "via",
        "with",
        "yet",
        "about",
        "van",
        "von",
        "de",
        "d",
        "l",
    ]
)


def _kind(char: str) -> str:
    if char.isalnum():
        return "word"
    if char.isspace():
        return "space"
    return "punct" if unicodedata.category(char).startswith("P") else "other:" + char


_OPAQUE = re.compile(r"(&#?\w+;|<[^>]*>)")  # an HTML entity or tag, left as it is


def _tokens(text: str) -> list[str]:
    """Runs of letters and digits, of spaces, of punctuation; any other character alone;
    an HTML entity or tag whole."""
    tokens: list[str] = []
    for n, part in enumerate(_OPAQUE.split(text)):
        if n % 2:
            tokens.append(part)
            continue
        run: list[str] = []
        for char in part:
            if run and _kind(char) == _kind(run[-1][-1]) and not _kind(char).startswith("other"):
                run[-1] += char
            else:
                run.append(char)
        tokens.extend(run)
    return tokens


_WORD_BREAKS = frozenset("-/\u2013\u2014")


def _title_case(text: Any) -> str:
    """CSL title case as pandoc's citeproc applies it: a lower-case word is capitalized at
    the start, after sentence punctuation (``.?!:``), after a space, hyphen or slash unless
    it is a stop word, and as the last word ("IEEE Transactions On", "S-Matrix",
    "‘Object’"); words with capitals are left alone."""
    text = str(text)
    words = text.split(" ")
    last_start = len(text) - len(words[-1]) if len(words) > 1 and not _WORD_BREAKS & set(words[-1]) else -1
    state, position, out = "start", 0, []
    for token in _tokens(text):
        if _OPAQUE.fullmatch(token):
            position += len(token)
            out.append(token)
            continue
        if position == last_start and state in ("word-end", "sentence", "start"):
            state = "last"
        capital = state in ("start", "sentence") or (
            len(token) > 1 and (state == "last" or (state == "word-end" and token not in _STOP_WORDS))
        )
        if capital and token.isalnum() and token.islower():
            token = token[0].upper() + token[1:]
        end = token[-1]
        if end in ".?!:":
            state = "after-stop"
        elif end.isalnum():
            state = "word"
        elif end.isspace() and state == "after-stop":
            state = "sentence"
        elif end.isspace() or end in _WORD_BREAKS:
            state = "word-end"
        position += len(token)
        out.append(token)
    return "".join(out)


def _patch_date_range() -> None:
    """A date range whose two ends agree in every part the style prints (7 June to 9 July
    1924, printed as a year) is that one date; citeproc-py printed nothing, and APA lost
    "(Original work published 1924)"."""
    from citeproc.model import Date

    original = Date.render_date_range

    def render_date_range(self: Any, date_range: Any, show_parts: Any = None, context: Any = None) -> Any:
        shown = list(show_parts) if show_parts is not None else None
        text = original(self, date_range, show_parts, context)
        if text is None and not date_range.end.is_nil():
            return self.render_single_date(date_range.begin, shown, context)
        return text

    Date.render_date_range = render_date_range


def _patch_reference() -> None:
    """A reference answers to a variable's CSL name ("container-author") as to citeproc-py's
    ("container_author"): the names code asked with the CSL name and found nothing, so
    every hyphenated name variable (container-author, collection-editor, original-author)
    was left out."""
    from citeproc.source import Reference

    def underscored(key: Any) -> Any:
        return key.replace("-", "_") if isinstance(key, str) else key

    def contains(self: Any, key: Any) -> bool:
        return dict.__contains__(self, key) or dict.__contains__(self, underscored(key))

    original_getitem = Reference.__getitem__

    def getitem(self: Any, key: Any) -> Any:
        if not dict.__contains__(self, key) and dict.__contains__(self, underscored(key)):
            key = underscored(key)
        return original_getitem(self, key)

    def get(self: Any, key: Any, default: Any = None) -> Any:
        return getitem(self, key) if contains(self, key) else default

    Reference.__contains__ = contains
    Reference.__getitem__ = getitem
    Reference.get = get


def _patch_citeproc() -> None:
    """Wrap three citeproc-py methods once (idempotent; see the module docstring)."""
    global _patched
    if _patched:
        return
    from citeproc.model import Name, Name_Part, TextCased
    from citeproc.string import MixedString, String

    original_option = Name.get_option

    def get_option(self: Any, name: str, context: Any = None, sort_options: Any = None) -> Any:
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
        if self.get("text-case") == "title" and language == "en" and hasattr(text, "words"):
            return _title_case(text)
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

    from citeproc.model import CitationStylesElement

    original_term = CitationStylesElement.get_term

    def get_term(self: Any, name: str, form: Any = None, *args: Any, **kwargs: Any) -> Any:
        # CSL's form fallback: verb-short -> verb -> long, symbol -> short -> long
        term = original_term(self, name, form, *args, **kwargs)
        while term is None and form in _TERM_FALLBACK:
            form = _TERM_FALLBACK[form]
            term = original_term(self, name, form, *args, **kwargs)
        return term

    CitationStylesElement.get_term = get_term
    _patch_reference()
    _patch_date_range()
    Name.get_option = get_option
    TextCased.case = case
    Name_Part.format_part = format_part
    _patch_substitution()
    _patch_pages()
    _patch_groups()
    _patch_numbers_and_labels()
    Name.initialize = lambda self, given, mark, context: initialize(
        given, mark, bool(self.get_option("initialize-with-hyphen", context)), make=self.get("initialize") != "false"
    )
    _patched = True


# The elements that print a variable, whose ``repressed`` lists a substituted variable joins.
_VARIABLE_TAGS = tuple(f"{{{_NS['cs']}}}{name}" for name in ("text", "number", "names"))
# The (tag, variable) pairs printed while a cs:substitute child renders (innermost last).
_RENDERED: list[list[tuple[str, str]]] = []


def _locale_language(element: Any) -> str | None:
    """The two-letter language of the locale a style renders in (``en`` for en-US)."""
    for locale in getattr(element.get_root(), "locales", None) or ():
        lang = locale.get("{http://www.w3.org/XML/1998/namespace}lang")
        if lang:
            return str(lang)[:2]
    return None


def _patch_substitution() -> None:
    """Names and macro variables used in ``cs:substitute`` are suppressed afterwards, and a
    label's ``text-case`` follows the locale's language (see the module docstring)."""
    from citeproc.model import Label, Names, Substitute, Text, TextCased, VariableError

    original_variable = Text._variable

    def text_variable(self: Any, item: Any, context: Any) -> Any:
        text = original_variable(self, item, context)
        if _RENDERED and text:
            _RENDERED[-1].append((self.tag, self.get("variable")))
        return text

    def substitute_render(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        text = None
        for child in self.getchildren():
            _RENDERED.append([])
            try:
                if isinstance(child, Names) and child.name is None:
                    names = self.xpath_search("./parent::cs:names[1]")[0]
                    text = child.render(item, names_context=names, context=context, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except VariableError:
                continue
            finally:
                rendered = _RENDERED.pop()
            if text:
                # Whatever stood in for the author is not printed again (CSL 1.0.2,
                # substitution): each name variable, and the variables a macro printed.
                repressed = (context if context is not None else self).get_layout().repressed
                if isinstance(child, Names):
                    repressed.setdefault(child.tag, []).extend(str(child.get("variable") or "").split())
                for _tag, variable in rendered:
                    for tag in _VARIABLE_TAGS:  # by name, whichever element would print it
                        repressed.setdefault(tag, []).append(variable)
                break
        return text

    original_names = Names.process

    def names_process(self: Any, item: Any, names_context: Any = None, context: Any = None, **kwargs: Any) -> Any:
        if names_context is None and (self.name is None or self.name.sourceline is None):
            # A bare cs:names in a substitute takes the cs:name and cs:label of the
            # cs:names it stands in for, also inside a cs:choose (citeproc-py only passed
            # them to direct children: Chicago printed "D. P. Gaonkar." for "Gaonkar,
            # Dilip Parameshwar, ed."). sourceline: a cs:name citeproc-py added itself.
            outer = self.xpath_search("./ancestor::cs:substitute[1]/parent::cs:names[1]")
            if outer:
                names_context = outer[0]
        layout = (context if context is not None else self).get_layout()
        repressed = set(layout.repressed.get(self.tag, [])) if layout is not None else set()
        variables = str(self.get("variable") or "")
        kept = [v for v in variables.split() if v not in repressed]
        if not kept:
            return None  # every name variable here already stood in for the author
        if kept != variables.split():
            self.set("variable", " ".join(kept))
        try:
            text = original_names(self, item, names_context=names_context, context=context, **kwargs)
        finally:
            self.set("variable", variables)
        if _RENDERED and text:
            _RENDERED[-1].extend((self.tag, v) for v in kept if v.replace("-", "_") in item.reference)
        return text

    original_markup = Label.markup

    def label_markup(self: Any, text: Any) -> Any:
        if text and self.get("text-case") == "title":
            return self.wrap(self.format(TextCased.case(self, self.strip_periods(text), _locale_language(self))))
        return original_markup(self, text)

    Text._variable = text_variable
    Substitute.render = substitute_render
    Names.process = names_process
    Label.markup = label_markup


def last_page(first: str, last: str, range_format: str | None) -> str:
    """The last page of a range as the style's ``page-range-format`` prints it, as pandoc's
    citeproc does: a letter prefix both pages share is written once ("R1–81"), the digits
    shortened by the format's rule; pages whose prefixes differ stay whole.

    :param first: the first page ("1198", "R1").
    :param last: the last page, possibly abbreviated ("201", "1201", "R81").
    :param range_format: expanded, minimal, minimal-two, chicago(-15), chicago-16.
    :returns: the last page to print after the range delimiter.
    """
    prefix = first.rstrip("0123456789")
    if not last or prefix != last.rstrip("0123456789") or not range_format:
        return last
    x, y = first[len(prefix) :], last[len(prefix) :]
    if len(y) < len(x):
        y = x[: len(x) - len(y)] + y
    if range_format == "expanded" or not x.isdigit() or not y.isdigit():
        return prefix + y

    def minimal(threshold: int) -> str:
        common = next((i for i, (a, b) in enumerate(zip(x, y, strict=False)) if a != b), min(len(x), len(y)))
        if not common or len(x) != len(y) or x == y:  # "100-100" stays (pandoc: "100–0")
            return y
        rest = y[common:]
        return y[-threshold:] if len(rest) < threshold <= len(y) else rest

    if range_format == "minimal":
        return minimal(1)
    if range_format == "minimal-two":
        return minimal(2)
    if range_format in ("chicago", "chicago-15", "chicago-16"):
        if len(x) < 3 or x.endswith("00"):
            return y
        if x[-2:-1] == "0" and y[-2:-1] == "0":
            return minimal(1)
        if range_format != "chicago-16" and len(x) == 4 and sum(a != b for a, b in zip(x, y, strict=False)) >= 3:
            return y
        return minimal(2)
    return prefix + y


def _patch_pages() -> None:
    """Page ranges shortened as pandoc's citeproc does (see :func:`last_page`)."""
    from citeproc.model import FormatNumber

    def format_last_page(self: Any, first: str, last: str) -> str:
        return last_page(str(first), str(last), self.get_root().get_option("page-range-format"))

    FormatNumber._format_last_page = format_last_page


def _given_words(given: str) -> list[tuple[bool, str]]:
    """A given name split into words, each marked True when it is already an initial or
    abbreviation (followed by a period, or a single character). A hyphen starts a word.
    Initials run together ("KC" from a Vancouver list's "Wright KC") are one word each
    (:func:`citekit.names.spaced_initials`)."""
    words: list[tuple[bool, str]] = []
    current = ""

    def end_word() -> None:
        if spaced_initials(current) != current:
            words.extend((True, letter) for letter in current)
        else:
            words.append((len(current) == 1, current))

    for char in given:
        if char == ".":
            if current:
                words.append((True, current))
            current = ""
        elif char == "-":
            if current:
                words.append((False, current))
            current = "-"
        elif char == " ":
            if current:
                end_word()
            current = ""
        else:
            current += char
    if current:
        end_word()
    return words


def _initial(word: str, hyphen: bool) -> str:
    if word.startswith("-"):
        rest = word[1:2]
        return ("-" if hyphen else "") + rest if rest.isupper() else ""
    if word[:1].isupper():
        second, tail = word[1:2], word[2:]
        if second.isupper() and tail and tail.islower():  # "AMy" → "Am", as pandoc
            return word[0] + second.lower()
        return word[0]
    return word


def initialize(given: str, mark: str, hyphen: bool = True, *, make: bool = True) -> str:
    """A given name as initials followed by ``mark`` (``"J. P."`` for ``". "``), the way
    pandoc's citeproc does it (see the module docstring).

    :param given: the given name(s).
    :param mark: the style's ``initialize-with``.
    :param hyphen: the style's ``initialize-with-hyphen``.
    :param make: False for ``initialize="false"``: full names stay, and only what is
        already an initial takes ``mark`` (Chicago's "Nancy K." for "Nancy K").
    """
    out = ""
    for initial, word in _given_words(given):
        if initial:
            out += word + mark
        elif word.islower() and word.isalpha():  # a particle such as "de"
            out += word + " " if mark.endswith(" ") else " " + word + " "
        elif not make:
            out += word + " "
        else:
            short = _initial(word, hyphen)
            out += short + mark if short else ""
    return out.replace(" -", "-").strip(" ")


# One frame per child of each cs:group being rendered: [a variable was called, one rendered].
_CALLS: list[list[bool]] = []


def _note_call(rendered: bool) -> None:
    if _CALLS:
        _CALLS[-1][0] = True
        _CALLS[-1][1] = _CALLS[-1][1] or rendered


def _patch_groups() -> None:
    """Group suppression by the variables a group's children actually rendered."""
    from citeproc.model import Choose, Date, Group, Names, Number, Text, VariableError

    def leaf(cls: Any, calls: Any) -> None:
        original = cls.render

        def render(self: Any, *args: Any, **kwargs: Any) -> Any:
            if not calls(self):
                return original(self, *args, **kwargs)
            try:
                text = original(self, *args, **kwargs)
            except VariableError:
                _note_call(False)
                raise
            _note_call(bool(text))
            return text

        cls.render = render

    leaf(Text, lambda self: "variable" in self.attrib and self.get("variable") not in self.generated_variables)
    text_render = Text.render

    def macro_render(self: Any, *args: Any, **kwargs: Any) -> Any:
        # A macro is a group of its own: left out when it calls variables that are all
        # empty, and otherwise counted as a variable that rendered (CSL 1.0.2, cs:group).
        if "macro" not in self.attrib:
            return text_render(self, *args, **kwargs)
        _CALLS.append([False, False])
        try:
            text = text_render(self, *args, **kwargs)
        finally:
            called, rendered = _CALLS.pop()
        empty = called and not rendered
        if _CALLS:
            _CALLS[-1][0] = True
            _CALLS[-1][1] = _CALLS[-1][1] or not empty
        return None if empty else text

    Text.render = macro_render
    leaf(Number, lambda self: True)
    leaf(Names, lambda self: True)
    leaf(Date, lambda self: True)

    def group_process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        output = []
        called = rendered = False
        delimiter = self.get("delimiter", "")
        for child in self.iterchildren():
            _CALLS.append([False, False])
            text = None
            try:
                if isinstance(child, Choose):
                    text = child.render(item, context=context, delimiter=delimiter, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except VariableError:
                pass
            finally:
                child_called, child_rendered = _CALLS.pop()
            called = called or child_called
            if text is not None:
                output.append(text)
                rendered = rendered or child_rendered
        success = bool(output) and (not called or rendered)
        if called:
            _note_call(success)
        if success:
            return self.join(output)
        raise VariableError

    Group.process = group_process


_SEPARATORS = frozenset(",;-\u2013")


def _number_parts(text: str) -> int:
    """How many runs of separators (``,;-–`` and spaces) and of other characters ``text`` holds."""
    runs = 0
    previous: bool | None = None
    for char in text:
        separator = char in _SEPARATORS or char.isspace()
        if separator is not previous:
            runs += 1
            previous = separator
    return runs


def numeric(text: str) -> bool:
    """CSL's ``is-numeric``: every part between ``,``, ``-``, ``&`` and ``–`` is digits,
    with letters allowed only before and after them ("2a", "R81", "S12")."""

    def chunk(part: str) -> bool:
        core = part.strip()
        start, end = 0, len(core)
        while start < end and core[start].isalpha():
            start += 1
        while end > start and core[end - 1].isalpha():
            end -= 1
        return start < end and all("0" <= c <= "9" for c in core[start:end])

    return all(chunk(part) for part in re.split("[,&\u2013-]", text))


def _patch_numbers_and_labels() -> None:
    """``cs:number`` for hyphenated variables, and label plurals (see the module docstring)."""
    from citeproc.model import If, Key, Label, Number, VariableError

    original_number = Number.process

    def number_process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        variable = self.get("variable")
        layout = (context if context is not None else self).get_layout()
        if layout is not None and variable in layout.repressed.get(self.tag, ()):
            return None  # it stood in for the author
        if variable in ("locator", "page-first") or "-" not in variable:
            text = original_number(self, item, context=context, **kwargs)
        else:
            text = self._process(item.reference[variable.replace("-", "_")], variable)
        if _RENDERED and text:
            _RENDERED[-1].append((self.tag, variable))
        return text

    def is_plural(self: Any, item: Any) -> bool:
        variable = self.get("variable")
        if variable == "locator":
            value = item.locator.identifier
        else:
            try:
                value = item.reference[variable.replace("-", "_")]
            except VariableError:
                return False
        text = str(value).strip()
        if variable == "number-of-volumes":
            return text not in ("0", "1")
        return "\\-" not in text and _number_parts(text) > 1

    original_label = Label.render
    original_keys = Key.sort_keys

    def label_render(self: Any, *args: Any, **kwargs: Any) -> Any:
        return None if _IN_SORT_KEY else original_label(self, *args, **kwargs)

    def sort_keys(self: Any, items: Any, context: Any) -> Any:
        global _IN_SORT_KEY
        _IN_SORT_KEY = True
        try:
            keys = original_keys(self, items, context)
        finally:
            _IN_SORT_KEY = False
        # citeproc-py's String types are not str: compare the text without the edge marks
        return [str(key).replace(_EDGE, "") if key is not None and _EDGE in str(key) else key for key in keys]

    def is_numeric(self: Any, item: Any) -> list[bool]:
        return [
            variable.replace("-", "_") in item.reference and numeric(str(item.reference[variable.replace("-", "_")]))
            for variable in self.get("is-numeric").split()
        ]

    Number.process = number_process
    If._is_numeric = is_numeric
    Label._is_plural = is_plural
    Label.render = label_render
    Key.sort_keys = sort_keys


_IN_SORT_KEY = False


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
_DATA_OPEN, _DATA_CLOSE = "\ue000", "\ue001"  # as citekit.exporters.csl.DATA_OPEN, DATA_CLOSE
_EDGE = "\ue002"  # where italics, bold... begin or end in plain text (see PLAIN)


def _edged(text: Any) -> str:
    return _EDGE + str(text) + _EDGE


# citeproc-py's plain-text formatter, marking where formatting begins and ends: a period
# after an italic title that ends in a quotation mark stays outside it (pandoc's
# Aristotle’s “De Motu Animalium”.), one after plain text moves in (“enquote.”).
# finish_entry removes the marks.
PLAIN = types.SimpleNamespace(
    preformat=lambda text: text,
    **{
        name: _edged
        for name in ("Italic", "Oblique", "Bold", "Light", "Underline", "Superscript", "Subscript", "SmallCaps")
    },
)


def _data_quotes(text: str, style: Any) -> str:
    """The data's quotation marks in their final form: the locale's outer quotes, or its
    inner ones inside a quotation (the style's or the data's), alternating as deep as they go."""
    if _DATA_OPEN not in text and _DATA_CLOSE not in text:
        return text
    term = style.root.get_single_term
    outer = (str(term("open-quote") or "\u201c"), str(term("close-quote") or "\u201d"))
    inner = (str(term("open-inner-quote") or "\u2018"), str(term("close-inner-quote") or "\u2019"))
    out = []
    depth = 0
    for char in text:
        if char == outer[0] or char == _DATA_OPEN:
            out.append(outer[0] if depth % 2 == 0 else inner[0])
            depth += 1
        elif (char == outer[1] and depth) or char == _DATA_CLOSE:
            depth = max(depth - 1, 0)
            out.append(outer[1] if depth % 2 == 0 else inner[1])
        else:
            out.append(char)
    return "".join(out)


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
        # into the data's quotes too, unless formatting ends between them
        text = re.sub(f"{_DATA_CLOSE}([.,])", f"\\1{_DATA_CLOSE}", text)
        text = re.sub(f"([.,?!])([.,])({_DATA_CLOSE})", r"\1\3", text)
    text = _data_quotes(text, style).replace(_EDGE, "")
    text = re.sub(r"(?<!\.)\.((?:</[a-z]+>)*)\.(?!\.)", r".\1", text)
    text = re.sub(r"([:;])((?:</[a-z]+>)*)\.(?=\s|$)", r"\1\2", text)  # "Title:." -> "Title:", as citeproc-js
    text = re.sub(r"([?!])((?:</[a-z]+>)*)\.(?!\.)", r"\1\2", text)  # "is it?." -> "is it?"
    text = re.sub(r"([?!.][\u201d\u2019\u00bb])\.(?!\.)", r"\1", text)  # "“Is it?”." -> "“Is it?”"
    text = re.sub(r" {2,}", " ", text)
    return text.strip()
