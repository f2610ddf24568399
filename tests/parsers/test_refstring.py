"""Reference-string parser: public API, fields, identifiers, names, golden files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from citekit.parsers.refs.reference import parse_reference, parse_references, split_references
from citekit.record import validate
from tests.conftest import assert_golden_text

FIXTURES = Path(__file__).parent.parent / "fixtures" / "refs"
GOLDEN = sorted(FIXTURES.glob("*.txt"))

SEED = [
    "[1] Broucqsault, A., Ouzzane, A., Launay, D., Leroy, X. and Rose, C., et al. (2011). Hématopoïèse "
    "extramédullaire rénale. Adv Urol 21: 575-579.",
    "[2] Rafiee, F., Haseli, S., Jafari, S. H., and Iranpour, P. (2020). Case report: Extramedullary haematopoiesis "
    "presenting as a periportal mass. BMJ Case Rep 13.",
    "[3] A benhmouda. L’hématopoïèse extra-médullaire para-vertébrale. Research Journal. 2017-06-22.",
    "[4] Sohawon, D., Lau, K. K., Lau, T. and Bowden, D. K. (2012). Extra\ufffdmedullary haematopoiesis: A pictorial "
    "review of its typical and atypical locations. J Med Imaging Radiat Oncol, 56: 538-544.",
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
    title = "Extra\ufffdmedullary haematopoiesis: A pictorial review of its typical and atypical locations"
    assert rec["title"] == title
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
        (
            "K. Lind, “Tidal energy,” Ocean Engineering, vol. 57, no. 12, pp. 1573 – 1584, 2001.",
            "57",
            "12",
            "1573-1584",
        ),
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
        (
            "Rocha LA, Ferreira de Almeida EBL, Gontijo Filho PP. Hand care. Am J Infect Control. 2009;37(2):155-9.",
            [("Rocha", "LA"), ("Ferreira de Almeida", "EBL"), ("Gontijo Filho", "PP")],
        ),
        (
            "A. Cau, R. Kuiper, and W.-P. de Roever. Formal methods. In Proc. FM, 1992.",
            [("Cau", "A."), ("Kuiper", "R."), ("de Roever", "W.-P.")],
        ),
        (
            "Lee, L. L., W. E. Howard, and R. E. Marsh. 1990. Gophers. J Mammal 4: 1-2.",
            [("Lee", "L. L."), ("Howard", "W. E."), ("Marsh", "R. E.")],
        ),
        (
            "SMITH, J.; DOE, A. Métodos de análise regional. Rev Bras, v. 2, n. 1, p. 1-9, 2010.",
            [("Smith", "J."), ("DOE", "A.")],
        ),
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
        "Schäfer, M. & Özdemir, A. (2014). Über die Stadtentwicklung im Ruhrgebiet. Zeitschrift für Stadtforschung, "
        "8(2), 77–95.",
        "García-Márquez, L.; Peña, J. Análisis de la pobreza rural en México. Revista de Economía, v. 12, n. 3, p. "
        "201-230, 2018.",
        "Souza, R. A.; Conceição, M. Avaliação do ensino médio. Cadernos de Pesquisa, São Paulo, v. 45, n. 2, p. "
        "10-33, 2015.",
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


_HEADINGS = ["REFERENCES", "7. References", "Literature Cited", "Références bibliographiques :", "Literaturverzeichnis"]


@pytest.mark.parametrize("heading", _HEADINGS)
def test_split_drops_the_section_heading(heading: str) -> None:
    block = f"{heading}\n\nDupont, J. (2001). Un titre. Paris: Seuil.\nMartin, A. (2003). Un autre titre. Lyon: PUL.\n"
    expected = ["Dupont, J. (2001). Un titre. Paris: Seuil.", "Martin, A. (2003). Un autre titre. Lyon: PUL."]
    assert split_references(block) == expected


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
    one_per_line = (
        "Lind, K. (2001). Tidal energy. Ocean Eng, 5, 1-9.\nOsei, K. (2019). Malaria vaccines. Lancet, 3, 12-18.\n"
    )
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


# --- references in other languages and scripts ---------------------------------------


@pytest.mark.parametrize(
    ("raw", "family", "container", "numbers"),
    [
        (
            "Dupont J, Martin A. Étude des hématomes sous-duraux chroniques. Rev Neurol. 2015;171(3):245-52.",
            "Dupont",
            "Rev Neurol",
            ("171", "3", "245-252"),
        ),
        (
            "Müller, H. & Schäfer, K. (2018). Über die Wirkung von Stickstoff auf Böden. Zeitschrift für "
            "Pflanzenernährung, 45(2), 113–120.",
            "Müller",
            "Zeitschrift für Pflanzenernährung",
            ("45", "2", "113-120"),
        ),
        (
            "Souza LC, Araújo JP. Avaliação da qualidade de vida em idosos. Rev Saude Publica. 2020;54:12.",
            "Souza",
            "Rev Saude Publica",
            ("54", None, "12"),
        ),
        (
            "王晓明, 李华. 中国城市化进程研究[J]. 地理学报, 2018, 73(4): 615-628.",
            "王晓明",
            "地理学报",
            ("73", "4", "615-628"),
        ),
        (
            "Иванов И.И., Петров П.П. Исследование свойств материалов // Физика твердого тела. 2017. Т. 59, № 3. С. "
            "450–456.",
            "Иванов",
            "Физика твердого тела",
            ("59", "3", "450-456"),
        ),
        (
            "王晓明, 李华. 中国城市化进程研究. 地理学报. 2018;73(4):615-628.",
            "王晓明",
            "地理学报",
            ("73", "4", "615-628"),
        ),
        (
            "田中太郎，山田花子．日本の高齢化社会．社会学評論，2016，67(2)：120-135．",
            "田中太郎",
            "社会学評論",
            ("67", "2", "120-135"),
        ),
    ],
)
def test_references_in_other_languages_and_scripts(
    raw: str, family: str, container: str, numbers: tuple[str | None, ...]
) -> None:
    out = parse_reference(raw)
    assert out["author"][0]["family"] == family and out["container-title"] == container
    assert (out.get("volume"), out.get("issue"), out.get("page")) == numbers
    assert out["issued"]["date-parts"][0][0] in (2015, 2016, 2017, 2018, 2020) and "note" not in out
    assert out["custom"]["raw"] == raw  # as written, full-width punctuation included


@pytest.mark.parametrize(
    "text",
    [
        "Smith J. A title\x00. Nature 12: 3-4.",
        "Smith J. A title\udcff\udcfe. Nature 12: 3-4.",  # bytes stdin could not decode
        "Smith J.\x07 A title. Nature 12: 3-4.",
    ],
)
def test_control_characters_and_undecodable_bytes_do_not_stop_the_parser(text: str) -> None:
    from citekit.parsers.refs.reference import parse_reference

    record = parse_reference(text)
    assert record["container-title"] == "Nature" and record["volume"] == "12"
    assert not any(ord(c) < 32 or 0xD800 <= ord(c) <= 0xDFFF for c in record["custom"]["raw"])


@pytest.mark.parametrize(
    ("text", "container"),
    [
        ("Frensch J, Steudle E. 1996. Water in maize roots. <italic>Planta</italic> 198: 348–355.", "Planta"),
        ("Smith J. Water in <i>Zea mays</i> roots. <i>Nature</i> 12: 3-4.", "Nature"),
        ('Lee K. H<sub>2</sub>O on ice. <span class="journal">Phys Rev</span> 12: 3-4.', "Phys Rev"),
    ],
)
def test_inline_markup_is_not_text(text: str, container: str) -> None:
    """Formatting tags left by XML and HTML sources are dropped before parsing; the record
    keeps the string as written."""
    from citekit.parsers.refs.reference import parse_reference

    record = parse_reference(text)
    assert record["container-title"] == container and record["volume"] in ("12", "198")
    assert "<" not in record.get("title", "") and record["custom"]["raw"] == text
