"""LaTeX <-> Unicode for BibTeX fields."""

from __future__ import annotations

import pytest

from citekit.formats.latex import decode, encode, encode_title, has_markup


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"Caf{\'e} \& Cr\`{e}me", "Café & Crème"),
        (r"{\"O}sterreich and \"{u}ber", "Österreich and über"),
        (r"\c{c}a, \v{S}ibenik, \H{o}, \k{a}, \r{a}, \u{g}, \={o}, \.{z}, \~n", "ça, Šibenik, ő, ą, å, ğ, ō, ż, ñ"),
        (r"{\'\i}, \ss, {\o}, \AE, \l{}, \L", "í, ß, ø, Æ, ł, Ł"),
        (r"Stra\ss e", "Straße"),
        (r"pages 1--2 --- or ``quoted'' `single'", "pages 1–2 — or “quoted” ‘single’"),
        (r"$\alpha$-helix and $\beta_2$ in H$_2$O, $^{13}$C, $x^2$", "α-helix and β₂ in H₂O, ¹³C, x²"),
        (r"\emph{Italic} {\bf bold} \textsc{Caps} \mkbibemph{e}", "Italic bold Caps e"),
        (r"\enquote{q} \mkbibquote{r}", "“q” “r”"),
        (r"\href{http://x.org}{the link} and \url{http://a.org/~b_c}", "the link and http://a.org/~b_c"),
        (r"{\noopsort{1973b}}Second edition", "Second edition"),
        (r"50\% of \$5 \#1 \_x \{y\}", "50% of $5 #1 _x {y}"),
        (r"Fig.~1 \ldots{} end", "Fig. 1 … end"),
        (r"\foreignlanguage{german}{Haus} \unknowncommand{kept}", "Haus kept"),
        (r"10\,000 \textsuperscript{th} \textsubscript{2}", "10 000 th ₂"),
        ("Plain text stays", "Plain text stays"),
        ("Öffent\u00ad\nlichkeit", "Öffentlichkeit"),
    ],
)
def test_decode(latex: str, text: str) -> None:
    assert decode(latex) == text
    assert not has_markup(text) or "$" in text or "{" in text


def test_decode_keeps_paragraphs_when_asked() -> None:
    assert decode("one\n\ntwo \\par three", paragraphs=True) == "one\n\ntwo\n\nthree"
    assert decode("one\n\ntwo") == "one two"


@pytest.mark.parametrize(
    "text",
    [
        "Café & Crème — 50% off",
        "Ærøskøbing Łódź naïve Šibenik",
        "α-helix in H₂O, m² and ¹³C",
        "R&D of C_6 {x} ~ ^ \\ #1 $5",
        "“Quoted” ‘single’ – dash",
    ],
)
def test_encode_decode_round_trip(text: str) -> None:
    latex = encode(text)
    assert latex.isascii()
    assert decode(latex) == text
    assert decode(encode(text, unicode=True)) == text


def test_unicode_mode_escapes_only_specials() -> None:
    assert encode("Gdańsk & co", unicode=True) == "Gdańsk \\& co"
    assert encode("plain") == "plain"


def test_title_protection() -> None:
    assert (
        encode_title("Tidal patterns of estuarine diatoms in Portugal")
        == "Tidal patterns of estuarine diatoms in {Portugal}"
    )
    assert (
        encode_title("DNA repair and mRNA decay in COVID-19 (SARS-CoV-2)")
        == "{DNA} repair and {mRNA} decay in {COVID-19} ({SARS-CoV-2})"
    )
    # Title Case: capitalised words cannot be told from proper nouns; only inner capitals.
    assert (
        encode_title("Thoracic Paravertebral Extramedullary Hematopoiesis")
        == "Thoracic Paravertebral Extramedullary Hematopoiesis"
    )
    assert encode_title("Élan vital in Łódź harbours today") == "{\\'E}lan vital in {{\\L}{\\'o}d{\\'z}} harbours today"
    assert (
        decode(encode_title("The iPhone and McDonald's in Rabat, Morocco"))
        == "The iPhone and McDonald's in Rabat, Morocco"
    )


def test_unmatched_braces_are_written_as_symbols() -> None:
    from citekit.formats.latex import balance

    assert balance("Mar\\{'echal") == "Mar{\\textbraceleft}'echal"
    assert balance("a}b{c") == "a{\\textbraceright}b{\\textbraceleft}c"
    assert balance("{{a}") == "{\\textbraceleft}{a}"
    assert balance("{Ok} \\{y\\}") == "{Ok} \\{y\\}"  # paired: left alone


def test_words_the_input_braced_are_found_and_kept() -> None:
    from citekit.formats.latex import encode_title, protected_words

    raw = "The {Brandenburg} gate, \\emph{Homo} and {\\'E}cole in {New York}: {DNA} and {B}erlin"
    assert protected_words(raw) == ["Brandenburg", "New", "York", "DNA", "B"]
    keep = frozenset(protected_words(raw))
    assert encode_title("The Brandenburg Gate in Berlin", keep=keep) == "The {Brandenburg} Gate in {Berlin}"


def test_capitals_in_sentence_case_titles_are_protected() -> None:
    from citekit.formats.latex import encode_title

    # names with inner capitals do not make a sentence-case title look like Title Case
    assert encode_title("Why McDonald sells burgers in Brandenburg and Berlin") == (
        "Why {McDonald} sells burgers in {Brandenburg} and {Berlin}"
    )
    assert encode_title("The iPhone effect") == "The {iPhone} effect"
    assert encode_title("A Study of Things in Europe") == "A Study of Things in Europe"
