"""CSL rich text in string variables: the subset, its plain text, and how each format
reads and writes it."""

from __future__ import annotations

import pytest

from citekit.exporters import bibtex as bibtex_out
from citekit.exporters import csljson as csljson_out
from citekit.exporters import ris as ris_out
from citekit.exporters.csl import format_bibliography
from citekit.exporters.keys import base_key
from citekit.formats.latex import decode, encode_rich, encode_title
from citekit.formats.richtext import has_markup, plain, to_html, to_markdown, transform, wrap
from citekit.parsers import bibtex as bibtex_in
from citekit.parsers import csljson as csljson_in
from citekit.parsers import ris as ris_in
from citekit.record import make_id
from citekit.resolve.query import bibliographic_query

SC = '<span style="font-variant:small-caps;">'
NOCASE = '<span class="nocase">'


@pytest.mark.parametrize(
    ("text", "bare", "markup"),
    [
        ("Plain title", "Plain title", False),
        ("The <i>Natrix cetti</i> snake", "The Natrix cetti snake", True),
        ("H<sub>2</sub>O and 4<sup>ème</sup>", "H2O and 4ème", True),
        (f"<b>bold {SC}caps</span></b>", "bold caps", True),
        (f"The {NOCASE}iPhone</span>", "The iPhone", True),
        # Anything else that looks like a tag is text.
        ("a < b and c > d", "a < b and c > d", False),
        ("<p>para</p> <em>x</em>", "<p>para</p> <em>x</em>", False),
        ("<i>never closed", "<i>never closed", False),
        ("closed </i> only", "closed </i> only", False),
        ('<span style="color:red">x</span>', '<span style="color:red">x</span>', False),
        # Wrongly nested: the inner tag left open is text, the outer pair markup.
        ("<i>a <b>b</i> c", "a <b>b c", True),
        ("<I>upper</I>", "<I>upper</I>", False),
    ],
)
def test_plain_and_has_markup(text: str, bare: str, markup: bool) -> None:
    assert plain(text) == bare
    assert has_markup(text) is markup


def test_transform_visits_each_run_and_tag_in_order() -> None:
    def mark(name: str) -> str:
        return f"[{name}:"

    rich = f"a <i>b <b>c</b></i> {SC}d</span> <i>never closed"
    assert transform(rich, str.upper, mark, lambda name: "]") == "A [i:B [b:C]] [sc:D] <I>NEVER CLOSED"
    assert transform("", str.upper, mark, lambda name: "]") == ""


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("A & B < C", "A &amp; B &lt; C"),
        ("<i>A & B</i> <p>", "<i>A &amp; B</i> &lt;p&gt;"),
        (f"{SC}x</span>", f"{SC}x</span>"),
    ],
)
def test_to_html_escapes_all_but_the_markup(text: str, html: str) -> None:
    assert to_html(text) == html


def test_wrap() -> None:
    assert wrap("i", "Natrix") == "<i>Natrix</i>"
    assert wrap("sc", "x") == f"{SC}x</span>"
    assert wrap("b", " ") == " "


@pytest.mark.parametrize(
    ("latex", "rich"),
    [
        (r"\textit{Natrix cetti} and \emph{x}", "<i>Natrix cetti</i> and <i>x</i>"),
        (r"\textbf{do not} {\bf bold} \mkbibbold{b}", "<b>do not</b> <b>bold</b> <b>b</b>"),
        (r"\textsc{species status} {\scshape sc}", f"{SC}species status</span> {SC}sc</span>"),
        (r"{\it Homo \bf sapiens} x", "<i>Homo <b>sapiens</b></i> x"),
        (r"Actes du $4^{\textrm{ème}}$ Congrès", "Actes du 4<sup>ème</sup> Congrès"),
        (r"Po$_{eee}$t", "Po<sub>eee</sub>t"),
        # Digits and signs stay Unicode characters, as Zotero reads them.
        (r"DNA$_{\textrm{2}}$, $^{13}$C, 10$^{-3}$", "DNA₂, ¹³C, 10⁻³"),
        (r"H\textsubscript{2}O, 10\textsuperscript{th}", "H<sub>2</sub>O, 10<sup>th</sup>"),
        (r"\emph{ spaced } out", "<i>spaced</i> out"),
        (r"\emph{}empty", "empty"),
        (r"{DNA} and \textrm{roman}", "DNA and roman"),
        # markup in markup of its own kind adds nothing; case changes leave the markup whole
        (r"\emph{a \emph{b} c} {\it d {\em e}}", "<i>a b c</i> <i>d e</i>"),
        (r"\MakeUppercase{a \emph{b}} \textbf{\textit{x}}", "A <i>B</i> <b><i>x</i></b>"),
    ],
)
def test_decode_rich(latex: str, rich: str) -> None:
    assert decode(latex, rich=True) == rich
    assert plain(rich) == decode(latex) or "sub" in rich or "sup" in rich


def test_plain_decoding_is_unchanged_by_rich_text() -> None:
    assert decode(r"Po$_{eee}$t \textsubscript{2} \textsuperscript{th} \emph{x}") == "Poₑₑₑt ₂ th x"


@pytest.mark.parametrize(
    ("rich", "latex"),
    [
        ("<i>Natrix cetti</i> & co", r"\textit{Natrix cetti} \& co"),
        ("H<sub>2</sub>O", r"H\textsubscript{2}O"),
        (f"{SC}x</span> <b>y</b> 4<sup>e</sup>", r"\textsc{x} \textbf{y} 4\textsuperscript{e}"),
        (f"{NOCASE}iPhone</span>", "{iPhone}"),
        ("a < b", r"a {\textless} b"),  # text, not a tag; set as "<" whatever the font
    ],
)
def test_encode_rich(rich: str, latex: str) -> None:
    assert encode_rich(rich) == latex


def test_encode_title_protects_words_across_markup() -> None:
    # A word protected as one group when its tags close inside it, else piece by piece;
    # the braces always balance with the commands'.
    assert encode_title("On H<sub>2</sub>O in the Alps") == r"On {H\textsubscript{2}O} in the Alps"
    assert encode_title("The <i>Homo sapiens</i> genome") == r"The \textit{{Homo} sapiens} genome"
    assert encode_title("<i>Drosophila</i> genes") == r"\textit{Drosophila} genes"
    assert encode_title("About the <i>DNA of</i> it") == r"About the \textit{{DNA} of} it"


ENTRY = r"""@article{frit2,
  author = {Fritz, U. and Corti, C.},
  title = {Mitochondrial DNA$_{\textrm{2}}$ sequences of grass snakes (\textit{Natrix cetti}) and
           \textbf{do not} support their \textsc{species status}},
  journal = {Actes du $4^{\textrm{ème}}$ Congrès Français d'Acoustique},
  publisher = {D\"ead Po$_{eee}$t Society},
  year = {2012},
  volume = {12},
  pages = {71--80},
}
"""
TITLE = (
    "Mitochondrial DNA₂ sequences of grass snakes (<i>Natrix cetti</i>) and <b>do not</b> support their "
    f"{SC}species status</span>"
)


def _one() -> dict:
    (record,) = bibtex_in.parse_text(ENTRY)
    return record


def test_bibtex_import_keeps_markup() -> None:
    record = _one()
    assert record["title"] == TITLE
    assert record["container-title"] == "Actes du 4<sup>ème</sup> Congrès Français d'Acoustique"
    assert record["publisher"] == "Dëad Po<sub>eee</sub>t Society"


def test_round_trip_bib_to_bib() -> None:
    record = _one()
    (again,) = bibtex_in.parse_text(bibtex_out.dumps([record]))
    for key in ("title", "container-title", "publisher"):
        assert again[key] == record[key]
    (biblatex,) = bibtex_in.parse_text(bibtex_out.dumps_biblatex([record]))
    assert biblatex["title"] == record["title"]


def test_round_trip_bib_to_csljson_to_bib() -> None:
    record = _one()
    (item,) = csljson_in.parse_text(csljson_out.dumps([record]))
    assert item["title"] == TITLE  # CSL-JSON keeps it as it is
    (again,) = bibtex_in.parse_text(bibtex_out.dumps([item]))
    assert again["title"] == TITLE
    nocase = {"type": "book", "title": f"The {NOCASE}iPhone</span> and <sub>x</sub>", "id": "x"}
    assert r"The {iPhone} and \textsubscript{x}" in bibtex_out.dumps([nocase])


def test_ris_writes_plain_text() -> None:
    record = _one()
    text = ris_out.dumps([record])
    assert "TI  - Mitochondrial DNA₂ sequences of grass snakes (Natrix cetti) and do not support" in text
    assert "<" not in text
    (again,) = ris_in.parse_text(text)
    assert again["title"] == plain(TITLE)


def test_formatting_text_plain_html_with_markup() -> None:
    record = {**_one(), "title": TITLE + " & <p>more</p>"}
    text = format_bibliography([record], "apa", output="text")
    assert "(Natrix cetti) and do not support their species status & <p>more</p>" in text
    html = format_bibliography([record], "apa", output="html")
    assert f"(<i>Natrix cetti</i>) and <b>do not</b> support their {SC}species status</span> &amp; " in html
    assert "&lt;p&gt;more&lt;/p&gt;" in html
    assert "4<sup>ème</sup>" in html


def test_ids_keys_and_queries_read_plain_text() -> None:
    rich = {"type": "book", "title": "<i>Natrix</i> in H<sub>2</sub>O", "author": [{"family": "Fritz"}]}
    bare = {**rich, "title": "Natrix in H2O"}
    assert make_id(rich) == make_id(bare) == "fritz-nd-natrix"
    assert base_key(rich) == base_key(bare)
    assert bibliographic_query(rich) == bibliographic_query(bare)


@pytest.mark.parametrize(
    ("title", "rich"),
    [
        (
            "Role of <scp>HP</scp>1-like Proteins in <i>Tetrahymena thermophila</i>",
            f"Role of {SC}HP</span>1-like Proteins in <i>Tetrahymena thermophila</i>",
        ),
        ("H<sub>2</sub>O &amp; <jats:italic>E. coli</jats:italic>", "H<sub>2</sub>O & <i>E. coli</i>"),
        ("x <mml:math><mml:mi>α</mml:mi></mml:math> y", "x α y"),
        ("<i>never closed", "never closed"),
        ("p &lt; 0.05", "p < 0.05"),
    ],
)
def test_crossref_titles_keep_their_markup(title: str, rich: str) -> None:
    from citekit.resolve.convert import work_title, work_to_csl

    work = {"DOI": "10.1/x", "type": "journal-article", "title": [title], "container-title": ["<i>J</i> Biol"]}
    record = work_to_csl(work)
    assert record["title"] == rich
    assert record["container-title"] == "<i>J</i> Biol"
    assert "<" not in (work_title(work) or "").replace("p < 0.05", "")  # matching reads plain text


def test_jats_titles_keep_their_markup() -> None:
    from lxml import etree

    from citekit.parsers.jats.load import rich_text_of, text_of

    element = etree.fromstring(
        "<article-title>The <italic>in vitro</italic> H<sub>2</sub>O <bold> test </bold>"
        "<sc>dna</sc><xref>1</xref> <underline>u</underline></article-title>"
    )
    skip = frozenset({"xref"})
    rich = rich_text_of(element, skip)
    assert rich == f"The <i>in vitro</i> H<sub>2</sub>O <b>test</b> {SC}dna</span> u"
    assert plain(rich) == text_of(element, skip)


@pytest.mark.parametrize(
    ("rich", "markdown"),
    [
        ("Plain *as* it is", "Plain *as* it is"),
        ("<i>Natrix cetti</i> & <b>not</b>", "*Natrix cetti* & **not**"),
        ("H<sub>2</sub>O 4<sup>th</sup> <sub>1 - x</sub>", "H~2~O 4^th^ ~1\\ -\\ x~"),
        (f"{SC}caps</span> {NOCASE}iPhone</span>", "[caps]{.smallcaps} [iPhone]{.nocase}"),
        ("<i>a <b>b*</b></i> c", "*a **b\\**** c"),
    ],
)
def test_to_markdown_for_csl_yaml(rich: str, markdown: str) -> None:
    from citekit.formats.richtext import to_markdown

    assert to_markdown(rich) == markdown
    record = {"id": "k", "type": "book", "title": rich}
    assert markdown in csljson_out.dumps_yaml([record]).replace("\n    ", " ")


def test_jats_reference_ids_and_raw_strings_read_plain_text() -> None:
    from citekit.parsers.refitems import quick_id, render_reference

    reference = {"type": "article-journal", "title": "<i>In vitro</i> growth", "author": [{"family": "Lee"}]}
    assert quick_id(reference) == "lee-nd-vitro"
    assert render_reference({**reference, "container-title": "<i>J</i> Biol"}) == "Lee. In vitro growth. J Biol."


def test_zotero_items_keep_the_markup() -> None:
    from citekit.serve.items import from_item, to_item

    record = {"id": "k", "type": "article-journal", "title": TITLE, "container-title": "<i>J</i> Biol"}
    item = to_item(record)
    assert item["title"] == TITLE and item["publicationTitle"] == "<i>J</i> Biol"
    assert from_item(item)["title"] == TITLE


def test_markup_nested_deep_is_read_whole() -> None:
    """Hostile nesting (20,000 tags deep) is read as markup and written back whole; the
    work is linear in the tags (scripts/bench_hostile.py: markup_nested_deep)."""
    n = 20_000
    rich = "".join("<i>Ab " if k % 2 else "<b>cD " for k in range(n))
    rich += "".join("</i>" if k % 2 else "</b>" for k in reversed(range(n)))
    assert plain(rich) == "".join("Ab " if k % 2 else "cD " for k in range(n))
    markdown = to_markdown(rich)
    assert markdown.count("*") == 3 * n  # ** around bold, * around italics, each opened and closed
    latex = encode_title(rich)
    assert latex.count("\\textit{") + latex.count("\\textbf{") == n and latex.count("{") == latex.count("}")


def test_tags_never_closed_and_closers_that_fit_none_are_text() -> None:
    n = 20_000
    text = "<i>" * n + "x" + "</b>" * n
    assert plain(text) == text and to_markdown(text) == text
    assert to_markdown("<i>a</i><i>b</i> and <b></b>c") == "*ab* and c"


def test_crossref_markup_nested_deep_is_read_whole() -> None:
    """A Crossref title 40,000 tags deep (italics and bold in turn) keeps one tag per level;
    counting the open kinds keeps the work linear in the tags."""
    from citekit.resolve.convert import work_title

    n = 20_000
    title = "<i>a<b>" * n + "</b></i>" * n
    rich = work_title({"title": [title]}, rich=True)
    assert rich is not None and plain(rich) == "a" * n
    assert rich.startswith("<i>a<b>a") and rich.count("<i>") == 1 and rich.count("<b>") == 1
