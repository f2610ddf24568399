"""RIS import: golden pairs and the quirks of real exports."""

from __future__ import annotations

from pathlib import Path

import pytest

from citekit.errors import ParseError
from citekit.parsers.ris import parse, parse_text
from citekit.parsers.ris_record import ris_name
from citekit.source import Source, decode
from tests.conftest import FIXTURES, assert_golden

CASES = sorted(p for p in (FIXTURES / "ris").iterdir() if p.suffix in (".ris", ".nbib"))


def _source(path: Path) -> Source:
    return Source(decode(path.read_bytes()), "application/x-research-info-systems", path.name)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden(path: Path) -> None:
    assert_golden(path, parse(_source(path)))


def test_crlf_bom_continuation_and_modern_tags() -> None:
    raw = (FIXTURES / "ris" / "crlf_bom_zotero.ris").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    (record,) = parse_text(raw.decode("utf-8"))
    assert record["title"] == "Wave energy on rocky shores"
    assert record["issued"] == {"date-parts": [[2016, 4, 22]]}  # DA refines PY
    assert record["container-title"] == "Coastal Dynamics Letters"
    assert record["container-title-short"] == "Coast. Dyn. Lett."
    assert record["page"] == "55-61" and record["ISSN"] == "1234-5679"
    assert record["DOI"] == "10.5555/cdl.2016.055"  # URL prefix removed
    assert record["abstract"] == "Wave energy was measured at four sites over two winters."
    assert record["keyword"] == "waves, rocky shores"
    assert record["custom"]["ris"] == {"C8": ["custom-tag-kept"]}


def test_legacy_tags_and_problems() -> None:
    article, chapter, book = parse(_source(FIXTURES / "ris" / "legacy_tags.ris"))
    assert article["title"] == "Mangrove root density"
    assert article["author"] == [
        {"family": "Aziz", "given": "Nur"},
        {"family": "Rahman", "given": "Farid", "suffix": "Jr."},
    ]
    assert article["issued"] == {"date-parts": [[2011, 7]]}
    assert article["container-title"] == "Tropical Coasts" and article["container-title-short"] == "Trop. Coasts"
    assert article["abstract"] == "Roots were counted in plots along the river."
    assert article["custom"]["ris"]["ID"] == ["777"]  # a record number, not a citation key
    assert chapter["type"] == "chapter" and chapter["container-title"] == "Handbook of Lagoons"
    # No comma: kept whole, as Zotero and EndNote store it (RIS writes a person "Family, Given").
    assert chapter["author"] == [{"literal": "Lucia Ferri"}]
    assert chapter["editor"] == [{"family": "Bauer", "given": "Klaus"}]
    assert chapter["issued"] == {"date-parts": [[2015, 9, 10]]}
    assert chapter["DOI"] == "10.5555/hol.2015.3" and chapter["ISBN"] == "978-0-00-000000-2"
    assert book["type"] == "book" and book["author"] == [{"literal": "World Delta Council"}]
    assert article["custom"]["warnings"] == ["line 40: AU tag outside a record (no TY before it); skipped"]


def test_long_type_names_and_missing_er() -> None:
    (record,) = parse_text("TY  - Journal Article\nTI  - Salt\nAU  - Li, Bo\nPY  - 1999\n")
    assert record["type"] == "article-journal" and record["custom"]["ris"]["TY"] == ["Journal Article"]


def test_nothing_readable_raises() -> None:
    with pytest.raises(ParseError) as caught:
        parse_text("just some text\nAU  - Nobody, A\n", origin="x.ris")
    assert caught.value.line == 2


def test_pubmed_medline_export() -> None:
    first, second = parse(_source(FIXTURES / "ris" / "pubmed_export.nbib"))
    assert first["title"] == "Invented paravertebral masses in a test fixture: a case report"
    assert first["author"] == [
        {"family": "El Aoufir", "given": "Omar"},
        {"family": "Boujida", "given": "Nadia"},
        {"literal": "Invented Imaging Consortium"},
    ]
    assert first["issued"] == {"date-parts": [[2024, 1, 15]]}
    assert first["DOI"] == "10.5555/fixture.2024.538" and first["PMID"] == "99000001" and first["PMCID"] == "PMC0000001"
    assert first["page"] == "538-544" and first["ISSN"] == "2376-0249, 2376-0240"
    assert (
        first["container-title"] == "Invented Journal of Test Imaging"
        and first["container-title-short"] == "Inv J Test Imaging"
    )
    assert first["abstract"] == "An invented abstract that runs over two lines."
    assert first["keyword"] == "paravertebral, hematopoiesis"
    assert first["custom"]["medline"]["OWN"] == ["NLM"]
    assert second["title"] == "A second record without authors" and second["issued"] == {"date-parts": [[2019]]}


def test_a1_and_au_lines_keep_their_order() -> None:
    (record,) = parse_text("TY  - JOUR\nTI  - T\nA1  - First, Ann\nAU  - Second, Bo\nAU  - Third, Cy\nER  - \n")
    assert [n["family"] for n in record["author"]] == ["First", "Second", "Third"]


@pytest.mark.parametrize(
    ("ty", "tag", "variable"),
    [
        ("PCOMM", "A2", "recipient"),
        ("THES", "A3", "contributor"),
        ("BOOK", "A2", "collection-editor"),
        ("BOOK", "A3", "editor"),
        ("CHAP", "A2", "editor"),
        ("CHAP", "A3", "collection-editor"),
        ("MPCT", "A3", "producer"),
    ],
)
def test_secondary_names_mean_what_the_type_says(ty: str, tag: str, variable: str) -> None:
    (record,) = parse_text(f"TY  - {ty}\nTI  - T\n{tag}  - Roe, Ann\nER  - \n")
    assert record[variable] == [{"family": "Roe", "given": "Ann"}]


def test_a_patents_a2_is_its_issuing_authority() -> None:
    (record,) = parse_text("TY  - PAT\nTI  - T\nA2  - Epitope, Inc.\nER  - \n")
    assert record["authority"] == "Epitope, Inc." and "editor" not in record


def test_t2_of_a_book_is_its_series() -> None:
    (record,) = parse_text("TY  - BOOK\nTI  - A Book\nT2  - A Series\nER  - \n")
    assert record["collection-title"] == "A Series" and "container-title" not in record
    (chapter,) = parse_text("TY  - CHAP\nTI  - A Chapter\nT2  - A Book\nER  - \n")
    assert chapter["container-title"] == "A Book"


def test_a_keyword_continuation_line_holds_more_keywords() -> None:
    (record,) = parse_text("TY  - JOUR\nTI  - T\nKW  - one\ntwo; three\nKW  - four\nER  - \n")
    assert record["keyword"] == "one, two, three, four"


def test_da_wins_over_the_deprecated_y1() -> None:
    (record,) = parse_text("TY  - JOUR\nTI  - T\nY1  - 1900/01/01\nDA  - 1950/01/01\nER  - \n")
    assert record["issued"] == {"date-parts": [[1950, 1, 1]]}
    (refined,) = parse_text("TY  - JOUR\nTI  - T\nPY  - 2016\nDA  - 2015/04/22\nER  - \n")
    assert refined["issued"] == {"date-parts": [[2016]]}  # PY's year is kept


@pytest.mark.parametrize("ty", ["VIDEO", "MULTI"])
def test_video_and_multimedia_are_motion_pictures(ty: str) -> None:
    (record,) = parse_text(f"TY  - {ty}\nTI  - T\nER  - \n")
    assert record["type"] == "motion_picture"


def test_jo_alone_is_also_the_abbreviation_and_db_the_archive() -> None:
    (record,) = parse_text("TY  - JOUR\nTI  - T\nJO  - J.Neurosurg.\nDB  - PubMed\nDP  - NLM\nER  - \n")
    assert record["container-title"] == record["container-title-short"] == "J.Neurosurg."
    assert record["archive"] == "PubMed" and record["source"] == "NLM"


def test_procite_notes_that_name_a_tag_are_read_as_that_tag() -> None:
    text = (
        "TY  - BOOK\nT1  - A Book\nN1  - Record Number: 290\nN1  - Call Number: QA 76\nN1  - Edition: Second\n"
        "N1  - Notes: kept as a note\nAV  - Shelf 3\nER  - \n"
    )
    (record,) = parse_text(text)
    assert record["call-number"] == "QA 76" and record["edition"] == "Second"
    assert record["archive_location"] == "Shelf 3" and record["note"] == "Record Number: 290"
    assert "Notes: kept as a note" in record["custom"]["ris"]["N1"]


def test_a4_of_a_conference_paper_is_a_contributor_and_a_bills_a2_its_sponsor() -> None:
    (paper,) = parse_text("TY  - CONF\nTI  - T\nA4  - Sponsor, Some\nER  - \n")
    assert paper["contributor"] == [{"family": "Sponsor", "given": "Some"}] and "translator" not in paper
    (bill,) = parse_text("TY  - BILL\nTI  - T\nA2  - Roe, Ann\nER  - \n")
    assert bill["author"] == [{"family": "Roe", "given": "Ann"}]


def test_the_sp_of_a_book_is_its_extent_even_when_not_a_number() -> None:
    (book,) = parse_text("TY  - BOOK\nTI  - T\nSP  - xii, 300 p.\nER  - \n")
    assert book["number-of-pages"] == "xii, 300 p." and "page" not in book


def test_a_date_that_is_no_date_is_kept_as_a_literal_and_written_back() -> None:
    from citekit.exporters.ris import dumps

    (record,) = parse_text("TY  - JOUR\nTI  - T\nPY  - Spring\nER  - \n")
    assert record["issued"] == {"literal": "Spring"}
    assert "DA  - Spring" in dumps([record])
    (both,) = parse_text("TY  - JOUR\nTI  - T\nPY  - 2019\nDA  - Spring issue\nER  - \n")
    assert both["issued"] == {"date-parts": [[2019]]} and both["custom"]["ris"]["DA"] == ["Spring issue"]


def test_the_et_of_software_is_its_version() -> None:
    from citekit.exporters.ris import dumps

    (record,) = parse_text("TY  - COMP\nTI  - T\nET  - 2.1\nER  - \n")
    assert record["version"] == "2.1" and "edition" not in record
    assert "ET  - 2.1" in dumps([record])


def _one(ty: str, *lines: str) -> dict:
    (record,) = parse_text("\n".join([f"TY  - {ty}", "TI  - A work", *lines, "ER  - ", ""]))
    return record


def test_endnote_tags_by_type_as_zotero_reads_them() -> None:
    art = _one("ART", "M3  - Oil on canvas", "C3  - 60 x 80 cm")
    assert art["medium"] == "Oil on canvas" and art["dimensions"] == "60 x 80 cm" and "genre" not in art
    film = _one("MPCT", "C5  - DVD")
    assert film["medium"] == "DVD"
    bill = _one("BILL", "OP  - Referred to committee", "ET  - 2nd session", "T3  - Senate")
    assert bill["references"] == "Referred to committee" and bill["chapter-number"] == "2nd session"
    assert bill["authority"] == "Senate" and "edition" not in bill and "collection-title" not in bill
    hearing = _one("HEAR", "T2  - Committee on Energy")
    assert hearing["section"] == "Committee on Energy" and "container-title" not in hearing
    case = _one("CASE", "PB  - Supreme Court", "A2  - U.S. Reports", "SV  - 12-345")
    assert case["authority"] == "Supreme Court" and "publisher" not in case
    assert case["container-title"] == "U.S. Reports" and case["number"] == "12-345" and "editor" not in case
    book = _one("BOOK", "M1  - 7", "T2  - Lecture Notes")
    assert book["collection-number"] == "7" and book["collection-title"] == "Lecture Notes"
    chapter = _one("CHAP", "SV  - 12", "M1  - 3")
    assert chapter["collection-number"] == "12" and chapter["number-of-volumes"] == "3"
    patent = _one("PAT", "SN  - US 5,123,456", "M1  - 08/123,456", "C6  - Granted", "OP  - JP 2001-1")
    assert patent["number"] == "US 5,123,456" and patent["call-number"] == "08/123,456"
    assert patent["status"] == "Granted" and patent["issue"] == "JP 2001-1" and "ISBN" not in patent
    program = _one("COMP", "LA  - Python", "IS  - 2.1")
    assert program["genre"] == "Python" and program["version"] == "2.1" and "language" not in program
    dataset = _one("DATA", "NV  - ICPSR 1234", "IS  - 3")
    assert dataset["number"] == "ICPSR 1234" and dataset["version"] == "3" and "issue" not in dataset
    assert _one("MAP", "C1  - 1:50,000")["scale"] == "1:50,000"
    assert _one("BOOK", "H2  - QA76 .S6")["call-number"] == "QA76 .S6"  # Citavi


def test_a_conference_paper_is_written_as_endnote_and_zotero_write_it() -> None:
    from citekit.exporters.ris import dumps

    paper = {"type": "paper-conference", "title": "P", "container-title": "Proc. of X", "event-title": "X 2020"}
    text = dumps([paper])
    assert "C3  - Proc. of X" in text and "T2  - X 2020" in text
    (again,) = parse_text(text)
    assert again["container-title"] == "Proc. of X" and again["event-title"] == "X 2020"


def test_endnote_conference_with_proceedings_title() -> None:
    paper = _one("CONF", "T2  - ICML 2020", "C3  - Proceedings of ICML", "C1  - Vienna", "CY  - Online")
    assert paper["container-title"] == "Proceedings of ICML" and paper["event-title"] == "ICML 2020"
    assert paper["publisher-place"] == "Vienna"
    alone = _one("CONF", "T2  - Proceedings of ICML", "CY  - Vienna")
    assert alone["container-title"] == "Proceedings of ICML" and "event-title" not in alone
    assert alone["publisher-place"] == "Vienna"


def test_report_number_from_sn_unless_it_is_an_isbn() -> None:
    report = _one("RPRT", "SN  - NBER w1234", "M1  - Draft 2", "SP  - 45")
    assert report["number"] == "NBER w1234" and report["note"] == "Draft 2"
    assert report["page"] == "45" and "number-of-pages" not in report  # a report's SP is its pages
    isbn = _one("RPRT", "SN  - 978-0-306-40615-7", "M1  - TR-9")
    assert isbn["ISBN"] == "978-0-306-40615-7" and isbn["number"] == "TR-9"
    assert _one("MANSCPT", "SP  - 120")["number-of-pages"] == "120"
    assert _one("GEN", "M2  - Reprinted 1990")["note"] == "Reprinted 1990"


def test_procite_tags_by_type() -> None:
    book = _one(
        "BOOK", "N1  - Record ID: 7", "VL  - 2nd ed.", "IS  - 3", "N1  - Series Volume ID: 12", "N1  - Series Title: S"
    )
    assert book["edition"] == "2nd ed." and book["volume"] == "3" and book["collection-number"] == "12"
    chapter = _one("CHAP", "N1  - Record Number: 8", "VL  - 4th", "N1  - Volume ID: 2", "N1  - Series Volume ID: 9")
    assert chapter["edition"] == "4th" and chapter["volume"] == "2" and chapter["collection-number"] == "9"
    bill = _one("BILL", "N1  - Record ID: 9", "CY  - U.S. Code", "VL  - H.R. 12", "SP  - 101", "N1  - Histroy: Passed")
    assert bill["container-title"] == "U.S. Code" and bill["number"] == "H.R. 12" and bill["section"] == "101"
    assert bill["references"] == "Passed"
    art = _one("ART", "N1  - Record ID: 10", "M1  - Oil", "N1  - Size: 2 m")
    assert art["medium"] == "Oil" and art["dimensions"] == "2 m"
    assert _one("MAP", "N1  - Scale: 1:10,000")["scale"] == "1:10,000"
    # Without ProCite's record line, VL is the volume as everywhere else.
    assert _one("BOOK", "VL  - 3")["volume"] == "3"


def test_edited_book_authors_are_its_editors() -> None:
    book = _one("EDBOOK", "AU  - Doe, Jane", "AU  - Roe, Rick")
    assert book["type"] == "book" and "author" not in book
    assert book["editor"] == [{"family": "Doe", "given": "Jane"}, {"family": "Roe", "given": "Rick"}]


def test_film_genre_running_time_and_score_format() -> None:
    film = _one("MPCT", "C4  - Documentary", "M3  - Feature", "SP  - 95 min")
    assert film["genre"] == "Documentary" and film["dimensions"] == "95 min" and "page" not in film
    assert _one("MUSIC", "C5  - Score and parts")["medium"] == "Score and parts"


def test_endnote_month_and_day_beside_the_year() -> None:
    assert _one("JOUR", "PY  - 2010", "DA  - June 15")["issued"] == {"date-parts": [[2010, 6, 15]]}
    assert _one("JOUR", "PY  - 2010", "DA  - Jun")["issued"] == {"date-parts": [[2010, 6]]}
    labelled = _one("JOUR", "PY  - 2010", "DA  - Date Accessed")
    assert labelled["issued"] == {"date-parts": [[2010]]} and labelled["custom"]["ris"]["DA"] == ["Date Accessed"]


def test_zotero_creator_tags_by_type() -> None:
    song = _one("SOUND", "AU  - Bach, Johann Sebastian", "A2  - Gould, Glenn")
    assert song["composer"] == [{"family": "Bach", "given": "Johann Sebastian"}]
    assert song["author"] == [{"family": "Gould", "given": "Glenn"}] and "editor" not in song
    assert _one("SLIDE", "A2  - Doe, Jane")["author"] == [{"family": "Doe", "given": "Jane"}]
    assert _one("PCOMM", "A2  - Roe, Rick")["recipient"] == [{"family": "Roe", "given": "Rick"}]
    chapter = _one("CHAP", "AU  - Doe, Jane", "C2  - Roe, Rick")
    assert chapter["container-author"] == [{"family": "Roe", "given": "Rick"}]
    film = _one("MPCT", "AU  - Lang, Fritz", "C1  - Helm, Brigitte", "A3  - Pommer, Erich")
    assert film["performer"] == [{"family": "Helm", "given": "Brigitte"}] and "event-place" not in film
    assert film["producer"] == [{"family": "Pommer", "given": "Erich"}]


def test_a_song_written_as_zotero_writes_it_reads_back() -> None:
    from citekit.exporters.ris import dumps

    song = {"type": "song", "title": "Goldberg Variations", "author": [{"family": "Gould", "given": "Glenn"}]}
    song["composer"] = [{"family": "Bach", "given": "Johann Sebastian"}]
    text = dumps([song])
    assert "AU  - Bach, Johann Sebastian" in text and "A2  - Gould, Glenn" in text
    (again,) = parse_text(text)
    assert again["author"] == song["author"] and again["composer"] == song["composer"]


def test_legal_and_patent_fields_are_written_where_they_are_read() -> None:
    from citekit.exporters.ris import dumps

    records = [
        {"type": "legal_case", "title": "A v. B", "authority": "Supreme Court", "container-title": "U.S. Reports"},
        {"type": "patent", "title": "A widget", "number": "US 5,123,456", "call-number": "08/123,456"},
        {"type": "bill", "title": "An act", "authority": "Senate", "chapter-number": "2nd session"},
        {"type": "hearing", "title": "A hearing", "section": "Committee on Energy"},
    ]
    text = dumps(records)
    for line in ("PB  - Supreme Court", "SN  - US 5,123,456", "M1  - 08/123,456", "T3  - Senate", "ET  - 2nd session"):
        assert line in text
    for before, after in zip(records, parse_text(text), strict=True):
        assert {k: after.get(k) for k in before} == before


def test_series_number_and_system_written_in_m1() -> None:
    from citekit.exporters.ris import dumps

    book = {"type": "book", "title": "A book", "collection-title": "Lecture Notes", "collection-number": "7"}
    program = {"type": "software", "title": "A program", "medium": "Linux"}
    text = dumps([book, program])
    assert "M1  - 7" in text and "M1  - Linux" in text
    again_book, again_program = parse_text(text)
    assert again_book["collection-number"] == "7" and again_program["medium"] == "Linux"


def test_m1_by_type_as_zotero_reads_it() -> None:
    # A journal article's M1 is its issue when it has no IS (EndNote), else a line of the note.
    assert _one("JOUR", "M1  - 4")["issue"] == "4"
    both = _one("JOUR", "IS  - 2", "M1  - Suppl. A")
    assert both["issue"] == "2" and both["note"] == "Suppl. A" and "number" not in both
    # A number for bills, hearings, acts, episodes and reports.
    assert _one("BILL", "M1  - H.R. 12")["number"] == "H.R. 12"
    assert _one("RPRT", "M1  - TR-9")["number"] == "TR-9"
    # Elsewhere M1 means the type's own thing (an artwork's size, a newspaper's start page,
    # a thesis's document number): kept in the note, never shown as CSL's number.
    for ty, value in (("ART", "60 x 80 cm"), ("NEWS", "A1"), ("THES", "D-17"), ("CONF", "3"), ("GEN", "7")):
        record = _one(ty, f"M1  - {value}")
        assert record["note"] == value and "number" not in record
        assert "M1" not in record.get("custom", {}).get("ris", {})
    # EndNote's article number.
    assert _one("JOUR", "C7  - e0123456")["number"] == "e0123456"


def test_a_number_written_where_zotero_keeps_it_comes_back_in_the_note() -> None:
    from citekit.exporters.ris import dumps

    article = {"type": "article-journal", "title": "A", "number": "e0123456", "issue": "3"}
    thesis = {"type": "thesis", "title": "B", "number": "D-17"}
    # A report's or standard's number is written as SN, as Zotero writes a report number.
    report = {"type": "report", "title": "C", "number": "NBER w1234", "ISBN": "978-0-306-40615-7"}
    standard = {"type": "standard", "title": "D", "number": "ISO 8601:2004"}
    bill = {"type": "bill", "title": "E", "number": "H.R. 12"}
    text = dumps([article, thesis, report, standard, bill])
    assert "C7  - e0123456" in text and "M1  - D-17" in text and "M1  - H.R. 12" in text
    assert "SN  - NBER w1234" in text and "SN  - ISO 8601:2004" in text
    again_article, again_thesis, again_report, again_standard, again_bill = parse_text(text)
    assert again_article["number"] == "e0123456" and again_article["issue"] == "3"
    assert again_thesis["note"] == "D-17"
    assert again_report["number"] == "NBER w1234" and again_report["ISBN"] == "978-0-306-40615-7"
    assert again_standard["number"] == "ISO 8601:2004" and again_bill["number"] == "H.R. 12"
    assert "note" not in again_report and "note" not in again_standard


def test_a_reports_t2_is_its_series_as_zotero_writes_it() -> None:
    from citekit.exporters.ris import dumps

    report = _one("RPRT", "T2  - NBER Working Papers", "SN  - w1234")
    assert report["collection-title"] == "NBER Working Papers" and "container-title" not in report
    record = {"type": "report", "title": "R", "collection-title": "Working Papers", "container-title": "A Volume"}
    text = dumps([record])
    assert "T2  - Working Papers" in text and "JF  - A Volume" in text
    (again,) = parse_text(text)
    assert again["collection-title"] == "Working Papers" and again["container-title"] == "A Volume"


def test_types_zotero_and_csl_1_0_1_know() -> None:
    assert _one("AGGR")["type"] == "document"  # EndNote's aggregated database: a work found there
    assert _one("FIGURE")["type"] == "graphic" and _one("CHART")["type"] == "graphic"
    classic = _one("CLSWK")
    assert classic["type"] == "book" and classic["custom"]["ris"]["TY"] == ["CLSWK"]  # written back as it was
    assert _one("UNBILL")["type"] == "bill"


def test_names_without_a_comma() -> None:
    assert ris_name("Human Rights Watch") == {"literal": "Human Rights Watch"}
    assert ris_name("Catarina Barata") == {"literal": "Catarina Barata"}  # as Zotero and EndNote keep it
    assert ris_name("Aristotle") == {"family": "Aristotle"}
    # Initials mark a person's name written in another order (IEEE Xplore, Vancouver).
    assert ris_name("C. Barata") == {"family": "Barata", "given": "C."}
    assert ris_name("Smith JA") == {"family": "Smith", "given": "JA"}
    assert ris_name("Barata, Catarina") == {"family": "Barata", "given": "Catarina"}
