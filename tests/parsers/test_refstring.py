"""Reference-string parser: public API, fields, identifiers, names, golden files."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from citekit.parsers.refs.reference import parse_reference, parse_references, split_references
from citekit.record import validate
from tests.conftest import assert_golden_text

FIXTURES = Path(__file__).parent.parent / "fixtures" / "refs"
GOLDEN = sorted(FIXTURES.glob("*.txt"))

SEED = [
    "[1] Broucqsault, A., Ouzzane, A., Launay, D., Leroy, X. and Rose, C., et al. (2011). Hématopoïèse extramédullaire rénale. Adv Urol 21: 575-579.",
    "[2] Rafiee, F., Haseli, S., Jafari, S. H., and Iranpour, P. (2020). Case report: Extramedullary haematopoiesis presenting as a periportal mass. BMJ Case Rep 13.",
    "[3] A benhmouda. L’hématopoïèse extra-médullaire para-vertébrale. Research Journal. 2017-06-22.",
    "[4] Sohawon, D., Lau, K. K., Lau, T. and Bowden, D. K. (2012). Extra\ufffdmedullary haematopoiesis: A pictorial review of its typical and atypical locations. J Med Imaging Radiat Oncol, 56: 538-544.",
]


def families(record: dict[str, Any], key: str = "author") -> list[str]:
    return [n.get("family") or n.get("literal", "") for n in record.get(key, [])]


def year(record: dict[str, Any]) -> int | None:
    return record.get("issued", {}).get("date-parts", [[None]])[0][0]


# --- the seed page's references ---------------------------------------------------------


def test_seed_reference_4() -> None:
    rec = parse_reference(SEED[3])
    assert families(rec) == ["Sohawon", "Lau", "Lau", "Bowden"]
    assert rec["author"][1]["given"] == "K. K."
    assert year(rec) == 2012
    assert rec["volume"] == "56"
    assert rec["page"] == "538-544"
    assert rec["title"] == "Extra\ufffdmedullary haematopoiesis: A pictorial review of its typical and atypical locations"
    assert rec["container-title"] == "J Med Imaging Radiat Oncol"
    assert rec["type"] == "article-journal"
    assert rec["custom"]["raw"] == SEED[3]


def test_seed_references_1_to_3() -> None:
    one, two, three = parse_references(SEED[:3])
    assert families(one) == ["Broucqsault", "Ouzzane", "Launay", "Leroy", "Rose"]
    assert one["custom"]["et-al"] is True
    assert (one["container-title"], one["volume"], one["page"], year(one)) == ("Adv Urol", "21", "575-579", 2011)
    assert one["title"] == "Hématopoïèse extramédullaire rénale"
    assert (two["container-title"], two["volume"], year(two)) == ("BMJ Case Rep", "13", 2020)
    assert two["title"].startswith("Case report: Extramedullary")
    assert families(three) == ["benhmouda"]
    assert three["title"] == "L’hématopoïèse extra-médullaire para-vertébrale"
    assert three["container-title"] == "Research Journal"
    assert three["issued"] == {"date-parts": [[2017, 6, 22]]}
    assert "page" not in three


# --- volume, issue and pages ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "volume", "issue", "page"),
    [
        ("Lind K, Ahn S. Sleep and memory in older adults. Sleep Med. 2020;13(2):100-9.", "13", "2", "100-109"),
        ("Lind, K. (2001). Tidal energy. Ocean Eng, 56: 538-544.", "56", None, "538-544"),
        ('K. Lind, "Tidal energy," Ocean Eng., vol. 5, no. 3, pp. 1-10, 2001.', "5", "3", "1-10"),
        ("Lind, K. (2001). Tidal energy. Ocean Engineering, 28(11), 1425–37.", "28", "11", "1425-1437"),
        ("Lind K. Tidal energy. Ocean Eng. 2001;28:e1234.", "28", None, "e1234"),
        ("K. Lind, “Tidal energy,” Ocean Engineering, vol. 57, no. 12, pp. 1573 – 1584, 2001.", "57", "12", "1573-1584"),
    ],
)
def test_volume_issue_pages(text: str, volume: str, issue: str | None, page: str) -> None:
    rec = parse_reference(text)
    assert rec["volume"] == volume
    assert rec.get("issue") == issue
    assert rec["page"] == page
    assert year(rec) == 2020 if "2020" in text else year(rec) == 2001


# --- identifiers ------------------------------------------------------------------------


def test_identifiers_are_exact() -> None:
    rec = parse_reference(
        "Osei K, Brandt L. Malaria vaccine trial outcomes. Lancet. 2019;393(10):1200-8. "
        "doi: 10.1016/S0140-6736(19)30001-2. PMID: 30912345; PMCID: PMC6512345."
    )
    assert rec["DOI"] == "10.1016/S0140-6736(19)30001-2"
    assert rec["PMID"] == "30912345"
    assert rec["PMCID"] == "PMC6512345"
    assert rec["id"] == "10.1016/s0140-6736(19)30001-2"


def test_doi_url_is_a_doi_and_other_urls_stay_urls() -> None:
    rec = parse_reference("Tan, W. (2020). Wind maps. Energy, 4(1), 1-9. https://doi.org/10.5555/energy.2020.001.")
    assert rec["DOI"] == "10.5555/energy.2020.001"
    assert "URL" not in rec
    web = parse_reference("Ortiz, P. (2019). Open transit data. Retrieved from https://transit.example.org/data/2019?x=1.")
    assert web["URL"] == "https://transit.example.org/data/2019?x=1"


def test_arxiv_isbn_issn() -> None:
    rec = parse_reference('J. Harrington, "Sparse attention," arXiv:2104.01234v2 [cs.CL], 2021.')
    assert rec["custom"]["identifiers"]["arXiv"] == "2104.01234v2"
    assert rec["type"] == "article"
    book = parse_reference("Rossi, P. (2004). Il fiume. Milano: Einaudi. ISBN 978-0-306-40615-7.")
    assert book["ISBN"] == "978-0-306-40615-7"
    assert book["type"] == "book"
    bad = parse_reference("Rossi, P. (2004). Il fiume. Milano: Einaudi. ISBN 978-0-306-40615-8.")
    assert "ISBN" not in bad  # check digit fails
    journal = parse_reference("Rossi, P. (2004). Il fiume. Acta Geogr, 3, 1-9. ISSN 0317-8471.")
    assert journal["ISSN"] == "0317-8471"


# --- names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rocha LA, Ferreira de Almeida EBL, Gontijo Filho PP. Hand care. Am J Infect Control. 2009;37(2):155-9.", [("Rocha", "LA"), ("Ferreira de Almeida", "EBL"), ("Gontijo Filho", "PP")]),
        ("A. Cau, R. Kuiper, and W.-P. de Roever. Formal methods. In Proc. FM, 1992.", [("Cau", "A."), ("Kuiper", "R."), ("de Roever", "W.-P.")]),
        ("Lee, L. L., W. E. Howard, and R. E. Marsh. 1990. Gophers. J Mammal 4: 1-2.", [("Lee", "L. L."), ("Howard", "W. E."), ("Marsh", "R. E.")]),
        ("SMITH, J.; DOE, A. Métodos de análise regional. Rev Bras, v. 2, n. 1, p. 1-9, 2010.", [("Smith", "J."), ("DOE", "A.")]),
    ],
)
def test_author_forms(text: str, expected: list[tuple[str, str]]) -> None:
    rec = parse_reference(text)
    assert [(n["family"], n["given"]) for n in rec["author"]] == expected


def test_collaboration_is_literal() -> None:
    rec = parse_reference("Margot NA, Lu B, Study 903 Team (2006) Resistance over 144 weeks. HIV Med 7: 442–450.")
    assert rec["author"][-1] == {"literal": "Study 903 Team"}
    assert families(rec)[:2] == ["Margot", "Lu"]


# --- API behaviour ----------------------------------------------------------------------


def test_blank_strings_give_empty_records() -> None:
    assert parse_reference("") == {}
    assert parse_reference("   \t ") == {}
    assert parse_reference(" ... — \u200b ") == {}  # no letter or digit: nothing to parse
    assert parse_references(["", SEED[3], " "])[0::2] == [{}, {}]


def test_batch_keeps_order_and_matches_single_calls() -> None:
    batch = parse_references(iter(SEED))
    assert batch == [parse_reference(s) for s in SEED]


def test_non_string_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        parse_reference(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        parse_references(["ok", 3])  # type: ignore[list-item]


@pytest.mark.parametrize(
    "text",
    [
        "Schäfer, M. & Özdemir, A. (2014). Über die Stadtentwicklung im Ruhrgebiet. Zeitschrift für Stadtforschung, 8(2), 77–95.",
        "García-Márquez, L.; Peña, J. Análisis de la pobreza rural en México. Revista de Economía, v. 12, n. 3, p. 201-230, 2018.",
        "Souza, R. A.; Conceição, M. Avaliação do ensino médio. Cadernos de Pesquisa, São Paulo, v. 45, n. 2, p. 10-33, 2015.",
        "Лебедев А. В. Теория графов // Математический сборник. 2010. Т. 12, № 3. С. 45–60.",
        "王小明, 李华. 深度学习在医学图像中的应用[J]. 中国医学影像杂志, 2019, 27(3): 161-165.",
        "田中太郎 (2015). 日本の都市計画. 東京大学出版会.",
        "Nguyễn Văn An, Trần Thị Bình (2017). Kinh tế Việt Nam. Tạp chí Kinh tế 5: 1–20.",
    ],
)
def test_non_english_and_non_latin_do_not_crash(text: str) -> None:
    rec = parse_reference(text)
    assert rec["custom"]["raw"] == text
    assert rec.get("title") or rec.get("container-title")
    assert year(rec) is not None
    assert validate(rec) == []


# --- golden files -----------------------------------------------------------------------


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_golden(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    got = parse_references(lines)
    assert len(got) == len(lines)
    assert validate([rec for rec in got if rec]) == []  # {} stands for a blank line
    assert_golden_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", path.with_suffix(".expected.json"))


# --- segmentation -----------------------------------------------------------------------


def test_split_numbered_wrapped_with_link_noise() -> None:
    block = """References

[1] Broucqsault, A., Ouzzane, A. (2011). Hématopoïèse extramédullaire
rénale. Adv Urol 21: 575-579.

Google Scholar, Crossref, Indexed at

[2] Rafiee, F. (2020). Case report: a periportal
    mass. BMJ Case Rep 13.
[3] A benhmouda. L’hématopoïèse. Research Journal. 2017-06-22.
"""
    refs = split_references(block)
    assert refs == [
        "[1] Broucqsault, A., Ouzzane, A. (2011). Hématopoïèse extramédullaire rénale. Adv Urol 21: 575-579.",
        "[2] Rafiee, F. (2020). Case report: a periportal mass. BMJ Case Rep 13.",
        "[3] A benhmouda. L’hématopoïèse. Research Journal. 2017-06-22.",
    ]


@pytest.mark.parametrize("heading", ["REFERENCES", "7. References", "Literature Cited", "Références bibliographiques :", "Literaturverzeichnis"])
def test_split_drops_the_section_heading(heading: str) -> None:
    block = f"{heading}\n\nDupont, J. (2001). Un titre. Paris: Seuil.\nMartin, A. (2003). Un autre titre. Lyon: PUL.\n"
    assert split_references(block) == ["Dupont, J. (2001). Un titre. Paris: Seuil.", "Martin, A. (2003). Un autre titre. Lyon: PUL."]


@pytest.mark.parametrize("style", ["{n}.", "{n})", "({n})"])
def test_split_number_styles_and_inline_lists(style: str) -> None:
    refs = [
        "Lind K. Tidal energy. Ocean Eng. 2001;28:1-9.",
        "Osei K, Brandt L. Malaria vaccines. Lancet. 2019;393:1200-8.",
        "Tan W. Wind maps in 3 regions. Energy. 2020;4:1-9.",
    ]
    numbered = [f"{style.format(n=i + 1)} {r}" for i, r in enumerate(refs)]
    assert split_references("\n".join(numbered)) == numbered
    assert split_references(" ".join(numbered)) == numbered


def test_split_unnumbered_lines_and_hanging_indent() -> None:
    one_per_line = "Lind, K. (2001). Tidal energy. Ocean Eng, 5, 1-9.\nOsei, K. (2019). Malaria vaccines. Lancet, 3, 12-18.\n"
    assert split_references(one_per_line) == one_per_line.strip().split("\n")
    hanging = """Lind, K., & Brandt, L. (2001). Tidal energy in the
    North Sea and its limits. Ocean Engineering, 5,
    1-9.
Osei, K. (2019). Malaria vaccines. Lancet, 3, 12-18.
"""
    assert split_references(hanging) == [
        "Lind, K., & Brandt, L. (2001). Tidal energy in the North Sea and its limits. Ocean Engineering, 5, 1-9.",
        "Osei, K. (2019). Malaria vaccines. Lancet, 3, 12-18.",
    ]
    wrapped = """Lind, K., & Brandt, L. (2001). Tidal energy in the North Sea and its
limits. Ocean Engineering, 5, 1-9.
Osei, K. (2019). Malaria vaccines. Lancet, 3, 12-18.
"""
    assert len(split_references(wrapped)) == 2
    assert split_references("") == []


def test_split_ignores_numbers_inside_wrapped_references() -> None:
    block = """1. Lind K. Tidal energy. Ocean Eng. 2001;28 Suppl 2. 1-9.
2. Osei K, Brandt L. Malaria vaccines in
   3. age groups. Lancet. 2019;393:1200-8.
3. Tan W. Wind maps. Energy. 2020;4:1-9."""
    assert split_references(block) == [
        "1. Lind K. Tidal energy. Ocean Eng. 2001;28 Suppl 2. 1-9.",
        "2. Osei K, Brandt L. Malaria vaccines in 3. age groups. Lancet. 2019;393:1200-8.",
        "3. Tan W. Wind maps. Energy. 2020;4:1-9.",
    ]


# --- deterministic repairs of the labeller's output ---------------------------------------


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("14(2):974–983", ("14(2)", "", "974–983")),
        ("51:197–204", ("51", "", "197–204")),
        ("37:20:", ("37", "20", "")),
        ("Vol. 12: 45", ("Vol. 12", "", "45")),
        ("15: 4,", ("15: 4,", "", "")),  # a volume and an issue as much as a page: left alone
        ("3: 233", ("3", "", "233")),  # no issue runs that high
        ("24(7)", ("24(7)", "", "")),
    ],
)
def test_volume_tail(span: str, expected: tuple[str, str, str]) -> None:
    from citekit.parsers.refs.fields import split_volume, volume_tail

    assert volume_tail(span) == expected
    head, issue, _ = expected
    if issue:
        assert split_volume(span) == (head, issue)


def test_pages_glued_to_the_volume_become_pages() -> None:
    from citekit.parsers.refs.fields import build_record

    rec = build_record({"author": ["Lind, K."], "title": ["Tidal energy."], "container-title": ["Ocean Eng,"], "volume": ["14(2):974–83"]}, [], "x")
    assert (rec["volume"], rec["issue"], rec["page"]) == ("14", "2", "974-983")


def _no_rules(text: str) -> tuple[dict[str, list[str]], list[Any]]:
    return {}, []


@pytest.mark.parametrize(
    ("chunks", "authors", "title", "container"),
    [
        # A given-first list cut after the last initials: the family name is the next word.
        ({"author": ["R. Lind and D. S."], "title": ["Touretzky Coarse-coded memories."], "container-title": ["Complex Systems,"]},
         ["R. Lind and D. S. Touretzky"], ["Coarse-coded memories."], ["Complex Systems,"]),
        # A list ending in "&" still owes a name.
        ({"author": ["Lee &"], "title": ["Messerschmitt, Digital Communications,"]}, ["Lee & Messerschmitt,"], ["Digital Communications,"], None),
        # Lower-case family names after "and".
        ({"author": ["M. van der Berg and"], "title": ["A benhmouda,"], "container-title": ["Phys. Rev. D"]},
         ["M. van der Berg and A benhmouda,"], [], ["Phys. Rev. D"]),
        # Physics style: no title, the "title" was the rest of the names.
        ({"author": ["S.E. Pollack,"], "title": ["D. Dries, R.G. Hulet,"], "container-title": ["Science"]},
         ["S.E. Pollack, D. Dries, R.G. Hulet,"], [], ["Science"]),
        # ... also when the family name was read as a one-word title.
        ({"author": ["I. Schropp, H. A. Atwater, A."], "title": ["Polman,"], "container-title": ["Opt. Express"]},
         ["I. Schropp, H. A. Atwater, A. Polman,"], [], ["Opt. Express"]),
        # A family-first list ending in initials is complete: the title stays.
        ({"author": ["Rubaee, M."], "title": ["Des projets qui prennent vie."]}, ["Rubaee, M."], ["Des projets qui prennent vie."], None),
        # "In <book>" inside the title when no container was found.
        ({"author": ["Henry James,"], "title": ["The Europeans, in Novels, 1871–1880"]}, ["Henry James,"], ["The Europeans,"], ["Novels, 1871–1880"]),
        # A title ending in a year does not swallow the start of the journal.
        ({"author": ["Siegel RL."], "title": ["Cancer statistics, 2019. CA Cancer"], "container-title": ["J Clin"]},
         ["Siegel RL."], ["Cancer statistics, 2019"], ["CA Cancer J Clin"]),
        # The year of an author-date reference read into the names.
        ({"author": ["Bosman, Anthony 1962. Jérôme Bosch."], "publisher": ["Bruna."]}, ["Bosman, Anthony"], ["Jérôme Bosch."], None),
        ({"author": ["Lind, Karl,"], "title": ["Anna Berg, Otto Wahl, 2000, Optical music recognition,"], "container-title": ["Proc. Music"]},
         ["Lind, Karl, Anna Berg, Otto Wahl,"], ["Optical music recognition,"], ["Proc. Music"]),
        # A quoted title ends at its closing quote.
        ({"author": ["Derrida, Jacques."], "title": ["“Plato’s Pharmacy.” In Dissemination."], "publisher": ["Chicago"]},
         ["Derrida, Jacques."], ["“Plato’s Pharmacy.”"], ["Dissemination"]),
        ({"author": ["Dove, Rita."], "title": ["\"Lady Freedom.\" The Text Center. Ed. David Seaman. 1998."]},
         ["Dove, Rita."], ["\"Lady Freedom.\""], ["The Text Center"]),
        ({"author": ["Furt A., 2002,"], "title": ["“Monnaies grecques”, in La monetazione,"], "container-title": ["Atti del Convegno,"]},
         ["Furt A.,"], ["“Monnaies grecques”"], ["La monetazione, Atti del Convegno,"]),
        ({"author": ["G. Romano,"], "title": ["“Gli indesiderabili”. L’Italia 1945-1948, “La Nuova Storia”,"]},
         ["G. Romano,"], ["“Gli indesiderabili”. L’Italia 1945-1948"], ["“La Nuova Storia”,"]),
        ({"author": ["———."], "title": ["“Nocturne” and “Five Tales.”"]}, ["———."], ["“Nocturne” and “Five Tales.”"], None),
        # A status or an edition after the title is not the title.
        ({"author": ["Kyr, G. C.,"], "title": ["Approximation Orders of Box Splines, Preprint."]}, ["Kyr, G. C.,"], ["Approximation Orders of Box Splines"], None),
        ({"author": ["Lind, C. X."], "title": ["Personal communication."]}, ["Lind, C. X."], [], None),
        ({"author": ["Hart, Jenny,"], "title": ["The Reading Groups Book, revised edition,"]}, ["Hart, Jenny,"], ["The Reading Groups Book"], None),
        ({"author": ["Bell, H. I."], "title": ["Leaves of an Early Bible Manuscript."]}, ["Bell, H. I."], ["Leaves of an Early Bible Manuscript."], None),
        # Title words read into the names: after "and Given Family." and after given-first names.
        ({"author": ["Sokol, B. J., and Mary Sokol. Shakespeare,"], "title": ["Law, and Marriage."]},
         ["Sokol, B. J., and Mary Sokol."], ["Shakespeare, Law, and Marriage."], None),
        ({"author": ["Ali Shameli-Sendi , Michel Dagenais, ARITO:"], "title": ["Cyber-attack response,"]},
         ["Ali Shameli-Sendi , Michel Dagenais,"], ["ARITO: Cyber-attack response,"], None),
        ({"author": ["Reinermann, H.:"], "title": ["Der Sektor."]}, ["Reinermann, H.:"], ["Der Sektor."], None),
        # What follows a journal's name is not part of it.
        ({"author": ["Tosco, L."], "title": ["The classifier."], "container-title": ["European Urology Focus, Ahead of print, art.nr."]},
         ["Tosco, L."], ["The classifier."], ["European Urology Focus"]),
        ({"author": ["Ross, W."], "title": ["Ethics."], "container-title": ["The Classics Archive. Web."]}, ["Ross, W."], ["Ethics."], ["The Classics Archive"]),
        # A translator or editor after the title; the rule standing for a repeated author.
        ({"author": ["Lynch, K."], "title": ["Voir et planifier. Traduction de Chantal Thérond."]},
         ["Lynch, K."], ["Voir et planifier"], None),
        ({"author": ["———. Watt."], "publisher": ["Olympia Press,"]}, ["———."], ["Watt."], None),
        # Names, year and title all read as the title; an editor whose "(ed.)" follows the title.
        ({"title": ["Irma Schnell/ Alfred Sander 2011: Zur Effizienz von Schulen."]}, ["Irma Schnell/ Alfred Sander"], ["Zur Effizienz von Schulen."], None),
        # "(eds.)" read as the start of the title; a Chicago list left on "and Thomas G.".
        ({"author": ["Aue, Stefan et al"], "title": ["(eds). Housing after the turn."]}, ["Aue, Stefan et al (eds)."], ["Housing after the turn."], None),
        ({"author": ["Cole, John Y. and Thomas G."], "title": ["Sticht (eds.). The Textbook in Society."]},
         ["Cole, John Y. and Thomas G. Sticht (eds.)."], ["The Textbook in Society."], None),
        ({"author": ["Gold D, Reed M and Syverson P."], "title": ["Onion Routing."]}, ["Gold D, Reed M and Syverson P."], ["Onion Routing."], None),
        # A family-first list with commas ("Vetchinkin, S.I.,") continues into the title.
        ({"author": ["Bakhrakh, V.L., Vetchinkin, S.I.,"], "title": ["Khristenko, S.V.: Green's function of an oscillator."]},
         ["Bakhrakh, V.L., Vetchinkin, S.I., Khristenko, S.V.:"], ["Green's function of an oscillator."], None),
        # "in vitro" is part of a title.
        ({"author": ["Lind, K."], "title": ["Cell growth. In Vitro studies of yeast"]}, ["Lind, K."], ["Cell growth. In Vitro studies of yeast"], None),
    ],
)
def test_repair_author_title_boundary(chunks: dict[str, list[str]], authors: list[str], title: list[str], container: list[str] | None) -> None:
    from citekit.parsers.refs.repair import repair

    text = " ".join(v for k in ("author", "title", "container-title") for v in chunks.get(k, []))
    out = repair(text, chunks, _no_rules)
    assert out["author"] == authors
    assert out.get("title", []) == title
    assert out.get("container-title") == container


def test_bracketed_medium_is_the_genre_not_the_title() -> None:
    from citekit.parsers.refs.fields import build_record

    rec = build_record({"author": ["Lind, K."], "title": ["Tides of the North Sea [Motion picture]."], "date": ["(2005)."]}, [], "x")
    assert rec["title"] == "Tides of the North Sea"
    assert rec["genre"] == "Motion picture"
    kept = build_record({"title": ["A treatise [selections]."]}, [], "x")
    assert kept["title"] == "A treatise [selections]"


def test_edited_book_is_a_title_not_a_container() -> None:
    from citekit.parsers.refs.fields import build_record

    raw = "Tester, Keith, ed. The Flâneur. London: Routledge, 1994."
    rec = build_record({"editor": ["Tester, Keith, ed."], "container-title": ["The Flâneur."], "location": ["London:"], "publisher": ["Routledge,"], "date": ["1994."]}, [], raw)
    assert (rec["title"], rec["editor"][0]["family"], rec["type"]) == ("The Flâneur", "Tester", "book")
    assert "container-title" not in rec
    raw = "Demarais, S., and P. R. Krausman, editors. 2000. Ecology of large mammals. Prentice Hall."
    rec = build_record({"author": ["Demarais, S., and P. R. Krausman,"], "date": ["2000."], "title": ["Ecology of large mammals."]}, [], raw)
    assert [n["family"] for n in rec["editor"]] == ["Demarais", "Krausman"]
    assert "author" not in rec


@pytest.mark.parametrize(
    ("container", "expected"),
    [
        ("Classical Quantum Gravity24 ,", ("Classical Quantum Gravity", "24")),
        ("Gen. Relativ. Gravit.43", ("Gen. Relativ. Gravit.", "43")),
        ("MIT Working Papers in Linguistics 40", ("MIT Working Papers in Linguistics 40", None)),
        ("GeoCongress2008", ("GeoCongress2008", None)),
    ],
)
def test_volume_glued_to_the_journal(container: str, expected: tuple[str, str | None]) -> None:
    from citekit.parsers.refs.numbers import container_volume

    out = container_volume({"title": ["A title."], "container-title": [container]})
    assert (out["container-title"][0], (out.get("volume") or [None])[0]) == expected


def test_editor_pages_and_slashed_names_around_the_title() -> None:
    from citekit.parsers.refs.fields import build_record
    from citekit.parsers.refs.names import parse_names
    from citekit.parsers.refs.repair import repair

    raw = "Wagner, Richard, Mein Leben, Eike Middell (ed.), 2 vols. (Bremen: Verlag, 1986)."
    out = repair(raw, {"author": ["Wagner, Richard,"], "title": ["Mein Leben, Eike Middell"], "edition": ["(ed.), 2 vols."]}, _no_rules)
    assert (out["title"], out["editor"]) == (["Mein Leben"], ["Eike Middell"])
    rec = build_record({"author": ["Reinermann, H.:"], "title": ["Der Sektor."], "note": ["10. Jg. (2004), Heft 4, S. 192-195."]}, [], "x")
    assert rec["page"] == "192-195"
    assert [n["family"] for n in parse_names("Irma Schnell/ Alfred Sander/ Claudia Federolf")[0]] == ["Schnell", "Sander", "Federolf"]


@pytest.mark.parametrize(
    ("raw", "volume", "issue"),
    [
        ("이영희, '교사의 연구동향,' 교육행정학연구, 제23권, 제4호, pp.29-48, 2005.", "23", "4"),
        ("노상은, '노인 여가 프로그램,' 한국연구, 제26호, pp.111-130, 2018.", None, "26"),
        ("王明. 数据研究[J]. 计算机学报, 2015, 第38卷第5期: 1-10.", "38", "5"),
    ],
)
def test_cjk_volume_and_issue_markers(raw: str, volume: str | None, issue: str | None) -> None:
    from citekit.parsers.refs.fields import build_record

    marked = re.search(r"제\d+[권호]|第\d+卷", raw)
    rec = build_record({"title": ["x"], "volume": [marked.group(0)] if marked else []}, [], raw)
    assert (rec.get("volume"), rec.get("issue")) == (volume, issue)


def test_journal_left_in_the_title() -> None:
    from citekit.parsers.refs.features import load_lexicon
    from citekit.parsers.refs.tails import abbreviation_tail, title_is_journal

    text = "Nahm W 1994 Quasi-rational fusion products Int. J. Mod. Phys. B 08 3693-702"
    out = abbreviation_tail({"title": ["Quasi-rational fusion products Int."], "container-title": ["J. Mod. Phys. B"]}, text)
    assert (out["title"], out["container-title"]) == (["Quasi-rational fusion products"], ["Int. J. Mod. Phys. B"])
    journal = load_lexicon().get("journal", frozenset())
    out = title_is_journal({"author": ["Devic et al.,"], "title": ["Plant Physiol and Biochem"], "volume": ["35(4)"]}, journal)
    assert (out["title"], out["container-title"]) == ([], ["Plant Physiol and Biochem"])
    kept = title_is_journal({"author": ["Lind K."], "title": ["Tidal energy in the North Sea"], "volume": ["35(4)"]}, journal)
    assert kept["title"] == ["Tidal energy in the North Sea"]


def test_quotes_volumes_and_pages_around_the_title() -> None:
    from citekit.parsers.refs.numbers import second_volume_pages, title_volume_tail
    from citekit.parsers.refs.tails import closing_quote_title

    text = 'Marshall, Tyler. "200th Birthday of Grimms." Los Angeles Times, 15 March 1985, p. 3.'
    out = closing_quote_title({"author": ["Marshall, Tyler."], "date": ['"200th', "15 March 1985,"], "title": ['Birthday of Grimms."']}, text)
    assert (out["title"], out["date"]) == (['"200th Birthday of Grimms."'], ["15 March 1985,"])
    text = "Chang, Chris. “Sound.” Film Comment 40.1 (January 2004): 17."
    out = second_volume_pages({"container-title": ["Film Comment"], "volume": ["40.1", "17."], "date": ["(January 2004):"]}, text)
    assert (out["volume"], out["pages"]) == (["40.1"], ["17."])
    text = "Lind, K. Sea, 2 vols., edited by A. Berg, vol. 1. Milan: Einaudi."
    kept = second_volume_pages({"volume": ["2 vols.,", "1."]}, text)
    assert "pages" not in kept
    out = title_volume_tail({"title": ["Die Überlieferung der Apokryphen. Т. 1."]})
    assert (out["title"], out["volume"]) == (["Die Überlieferung der Apokryphen"], ["1"])


def test_subtitle_after_a_colon_and_publisher_read_as_container() -> None:
    from citekit.parsers.refs.tails import colon_subtitle, container_publisher

    text = "K. Chandy and J. Misra, Parallel Program Design: A Foundation, Addison-Wesley, 1988."
    out = colon_subtitle({"author": ["K. Chandy and J. Misra,"], "title": ["Parallel Program Design:"], "publisher": ["A Foundation, Addison-Wesley,"]}, text)
    assert (out["title"], out["publisher"]) == (["Parallel Program Design: A Foundation,"], ["Addison-Wesley,"])
    text = "M. C. Ferris (editors). Complementarity problems. SIAM Publications, 1997."
    out = container_publisher({"editor": ["M. C. Ferris (editors)."], "title": ["Complementarity problems."], "container-title": ["SIAM"], "publisher": ["Publications,"]}, text, frozenset())
    assert ("container-title" not in out, out["publisher"]) == (True, ["SIAM Publications,"])
    journal = {"author": ["Lind, K."], "title": ["Tides."], "container-title": ["Proceedings of the Sea Workshop"], "publisher": ["Press,"]}
    assert container_publisher(journal, "Lind, K. Tides. Proceedings of the Sea Workshop Press, 1990.", frozenset()) == journal


def test_day_series_and_series_marker() -> None:
    from citekit.parsers.refs.numbers import bracketed_series, day_not_volume
    from citekit.parsers.refs.tails import status_tail

    text = "BASLER, Adolphe, « Y a-t-il une peinture juive ? », Mercure de France, 15 novembre 1925, pp. 11-18"
    out = day_not_volume({"title": ["« Y a-t-il une peinture juive ? »,"], "container-title": ["Mercure de France,"], "volume": ["15"], "date": ["1925,"]}, text)
    assert "volume" not in out and out["date"] == ["15 1925,"]
    text = "Lind, K. Tides. IEEE Access, vol. 7 Mar. 2017."
    kept = day_not_volume({"volume": ["7"], "date": ["Mar. 2017."]}, text)
    assert kept["volume"] == ["7"]
    text = "Paul Reynolds, Trade in the Mediterranean (BAR International Series, 604), Oxford, 1995."
    out = bracketed_series({"title": ["Trade in the Mediterranean"], "container-title": ["(BAR International Series, 604),"]}, text)
    assert (out.get("container-title"), out["collection-title"], out["volume"]) == (None, ["BAR International Series, 604"], ["604"])
    assert status_tail({"title": ["Gershgorin and His Circles. ser."]})["title"] == ["Gershgorin and His Circles"]


def test_dates_glued_or_read_with_the_pages() -> None:
    from citekit.parsers.refs.fields import build_record

    rec = build_record({"title": ["Topological insulators"], "volume": ["90,"], "pages": ["p. 085304,"], "date": ["Aug2014 ."]}, [], "x")
    assert rec["issued"] == {"date-parts": [[2014, 8]]}
    rec = build_record({"title": ["Timepix"], "volume": ["581"], "pages": ["pp .485 -494, Oct.2007."]}, [], "x")
    assert (rec["page"], rec["issued"]) == ("485-494", {"date-parts": [[2007, 10]]})


def test_report_title_ending_in_a_year() -> None:
    from citekit.parsers.refs.tails import year_titled_report

    text = "U.S. Department of Transportation. Transportation statistics annual report 2012. Technical report, Washington, D.C., August 2013."
    chunks = {"author": ["U.S. Department of Transportation."], "container-title": ["Transportation statistics annual report"], "date": ["2012.", "August 2013."], "genre": ["Technical report,"]}
    out = year_titled_report(chunks, text)
    assert (out["title"], out["date"], out["container-title"]) == (["Transportation statistics annual report 2012."], ["August 2013."], [])


def test_names_after_the_title_and_conference_days() -> None:
    from citekit.parsers.refs.numbers import day_range_not_pages
    from citekit.parsers.refs.tails import late_names, the_proceedings

    text = "Ballard, J. “The Concentration City.” In The Best Short Stories of J. G. Ballard. New York: Holt, 1995, 1–20."
    chunks = {"author": ["Ballard, J.", "of J. G. Ballard."], "title": ["“The Concentration City.”"], "container-title": ["In The Best Short Stories"]}
    out = late_names(chunks, text)
    assert (out["author"], out["container-title"]) == (["Ballard, J."], ["In The Best Short Stories of J. G. Ballard."])
    text = "Ford, C. (2015). Romantic Catholics by Carol E. Harrison. The Catholic Historical Review, 101."
    out = late_names({"author": ["Ford, C.", "Carol E. Harrison."], "title": ["Romantic Catholics by"]}, text)
    assert (out["author"], out["editor"]) == (["Ford, C."], ["Carol E. Harrison."])
    assert the_proceedings({"container-title": ["the Proceedings of the Workshop,"]})["container-title"] == ["Proceedings of the Workshop,"]
    text = "Durand, C., 2015 “Is there a European Capital?” CES Conference, Paris, July 7-10."
    assert "pages" not in day_range_not_pages({"title": ["“Is there a European Capital?”"], "pages": ["7-10."]}, text)
    assert day_range_not_pages({"pages": ["7-10."]}, "Lind, K. Tides. Sea, 2, 7-10.")["pages"] == ["7-10."]


def test_book_after_the_editors_of_a_chapter() -> None:
    from citekit.parsers.refs.tails import book_after_editors

    text = "Lister, N. (2006). Trashed space. In J. Knechtel (Ed.), TRASH. Cambridge, MA: MIT Press."
    out = book_after_editors({"author": ["Lister, N."], "title": ["Trashed space."], "editor": ["In J. Knechtel (Ed.), TRASH."]}, text)
    assert (out["editor"], out["container-title"]) == (["In J. Knechtel (Ed.),"], ["TRASH."])
    text = "R.P. Martin, ‘Homer's Iliad’, In J.M. Foley (ed.), Teaching Oral Traditions, New York 1998, pp. 339-50."
    out = book_after_editors({"author": ["R.P. Martin,"], "title": ["‘Homer's Iliad’,", "Teaching Oral Traditions,"], "editor": ["J.M. Foley"]}, text)
    assert (out["title"], out["container-title"]) == (["‘Homer's Iliad’,"], ["Teaching Oral Traditions,"])
    text = "Boswell, James (1970), Journal of a Trip, (ed.) R. W. Chapman (Oxford: Oxford University Press)."
    kept = {"author": ["Boswell, James"], "title": ["Journal of a Trip,"], "editor": ["Trip, (ed.) R. W. Chapman"]}
    assert book_after_editors(kept, text) == kept


@pytest.mark.parametrize(
    ("raw", "family", "container", "numbers"),
    [
        ("Dupont J, Martin A. Étude des hématomes sous-duraux chroniques. Rev Neurol. 2015;171(3):245-52.", "Dupont", "Rev Neurol", ("171", "3", "245-252")),
        ("Müller, H. & Schäfer, K. (2018). Über die Wirkung von Stickstoff auf Böden. Zeitschrift für Pflanzenernährung, 45(2), 113–120.", "Müller", "Zeitschrift für Pflanzenernährung", ("45", "2", "113-120")),
        ("Souza LC, Araújo JP. Avaliação da qualidade de vida em idosos. Rev Saude Publica. 2020;54:12.", "Souza", "Rev Saude Publica", ("54", None, "12")),
        ("王晓明, 李华. 中国城市化进程研究[J]. 地理学报, 2018, 73(4): 615-628.", "王晓明", "地理学报", ("73", "4", "615-628")),
        ("Иванов И.И., Петров П.П. Исследование свойств материалов // Физика твердого тела. 2017. Т. 59, № 3. С. 450–456.", "Иванов", "Физика твердого тела", ("59", "3", "450-456")),
        ("王晓明, 李华. 中国城市化进程研究. 地理学报. 2018;73(4):615-628.", "王晓明", "地理学报", ("73", "4", "615-628")),
        ("田中太郎，山田花子．日本の高齢化社会．社会学評論，2016，67(2)：120-135．", "田中太郎", "社会学評論", ("67", "2", "120-135")),
    ],
)
def test_references_in_other_languages_and_scripts(raw: str, family: str, container: str, numbers: tuple[str | None, ...]) -> None:
    out = parse_reference(raw)
    assert out["author"][0]["family"] == family and out["container-title"] == container
    assert (out.get("volume"), out.get("issue"), out.get("page")) == numbers
    assert out["issued"]["date-parts"][0][0] in (2015, 2016, 2017, 2018, 2020) and "note" not in out
    assert out["custom"]["raw"] == raw  # as written, full-width punctuation included
