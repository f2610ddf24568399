"""Repairs of volume, issue, pages and days (citekit.parsers.refs.numbers), one table row each."""

from __future__ import annotations

import pytest

from citekit.parsers.refs.numbers import (
    article_number_note,
    bracketed_series,
    cjk_numbers,
    container_pages_tail,
    container_volume,
    cyrillic_numbers,
    day_not_volume,
    page_mark_volume,
    roman_volume_tail,
    second_volume_pages,
    title_volume_tail,
    volume_words_tail,
)
from tests.parsers.refs.cases import UNCHANGED, Case, check, params

_KOREAN = "이영희, '교사의 연구동향,' 교육행정학연구, 제23권, 제4호, pp.29-48, 2005."
_RUSSIAN = "Иванов И. И. Теория графов // Вестник МГУ. 2010. Т. 59, № 3. С. 450–456."

CASES = [
    # A series in brackets after a book title, and its number.
    Case(
        bracketed_series,
        {"title": ["Trade in the Mediterranean"], "container-title": ["(BAR International Series, 604),"]},
        {
            "title": ["Trade in the Mediterranean"],
            "collection-title": ["BAR International Series"],
            "collection-number": ["604"],
        },
    ),
    Case(
        bracketed_series,
        {"title": ["Die Überlieferung"], "container-title": ["(Patristische Texte und Studien"], "volume": ["20)."]},
        {
            "title": ["Die Überlieferung"],
            "collection-title": ["Patristische Texte und Studien"],
            "collection-number": ["20"],
        },
    ),
    Case(bracketed_series, {"title": ["Tides"], "container-title": ["Mar. Eng."]}, UNCHANGED),
    # A volume in Roman numerals read into the end of the journal.
    Case(
        roman_volume_tail,
        {"container-title": ["in «Studi gregoriani», III,"], "location": ["Roma"]},
        {"container-title": ["in «Studi gregoriani»"], "volume": ["III"], "location": ["Roma"]},
    ),
    Case(
        roman_volume_tail,
        {"container-title": ["«La rassegna mensile di Israel» xvi"]},
        {"container-title": ["«La rassegna mensile di Israel»"], "volume": ["xvi"]},
    ),
    # ... or, after a comma, into a book's title, its editors or its place.
    Case(
        roman_volume_tail,
        {"title": ["Delle inscrizioni veneziane, II,"], "location": ["Venezia"]},
        {"title": ["Delle inscrizioni veneziane"], "volume": ["II"], "location": ["Venezia"]},
    ),
    Case(
        roman_volume_tail,
        {"title": ["Legazioni e commissarie,"], "editor": ["a cura di S. Bertelli, II,"]},
        {"title": ["Legazioni e commissarie,"], "editor": ["a cura di S. Bertelli"], "volume": ["II"]},
    ),
    Case(
        roman_volume_tail,
        {"title": ["The Oxford English Dictionary,"], "location": ["Oxford, XII,"], "date": ["1961."]},
        {"title": ["The Oxford English Dictionary,"], "location": ["Oxford"], "volume": ["XII"], "date": ["1961."]},
    ),
    Case(roman_volume_tail, {"title": ["Henry VIII"]}, UNCHANGED),  # no comma: a name's numeral
    # An article number read as a note is the page when there is none.
    Case(
        article_number_note,
        {"volume": ["4(2),"], "note": ["Art. 24.", "Reprint."]},
        {"volume": ["4(2),"], "note": ["Reprint."], "pages": ["Art. 24."]},
    ),
    Case(article_number_note, {"pages": ["pp. 3-9"], "note": ["Art. 24."]}, UNCHANGED),
    Case(article_number_note, {"note": ["Art. and design"]}, UNCHANGED),  # no number
    # A chapter's pages in brackets read into the end of the book.
    Case(
        container_pages_tail,
        {"container-title": ["Childhood bilingualism (45–67)."], "location": ["Clevedon"]},
        {"container-title": ["Childhood bilingualism"], "pages": ["45–67"], "location": ["Clevedon"]},
    ),
    Case(
        container_pages_tail,
        {"container-title": ["Neues Handbuch (S. 3-20)"]},
        {"container-title": ["Neues Handbuch"], "pages": ["3-20"]},
    ),
    Case(container_pages_tail, {"container-title": ["Handbuch (S. 3-20)"], "pages": ["3-20"]}, UNCHANGED),
    Case(container_pages_tail, {"container-title": ["Annual Review (1990-1991)"]}, UNCHANGED),
    Case(container_pages_tail, {"container-title": ["Handbuch (2. Aufl.)"]}, UNCHANGED),
    # A number after the journal's closing quote.
    Case(
        roman_volume_tail,
        {"container-title": ["«Venezia Sacra», 7,"], "location": ["Venezia"]},
        {"container-title": ["«Venezia Sacra»"], "volume": ["7"], "location": ["Venezia"]},
    ),
    Case(roman_volume_tail, {"container-title": ["MIT Working Papers in Linguistics 40"]}, UNCHANGED),  # no quote
    Case(roman_volume_tail, {"container-title": ["«Studi», 7"], "volume": ["12"]}, UNCHANGED),
    # A number after a page mark read as a volume is the page; one after a note mark read as pages, the note.
    Case(
        page_mark_volume,
        {"title": ["Die Friedensbotschaft..,"], "volume": ["170,"], "pages": ["42."]},
        {"title": ["Die Friedensbotschaft..,"], "pages": ["170,"], "note": ["n. 42."]},
        "Michel, Die Friedensbotschaft.., pag. 170, n. 42.",
    ),
    Case(
        page_mark_volume,
        {"volume": ["I,", "78,"], "pages": ["5."]},
        {"volume": ["I,"], "pages": ["78,"], "note": ["n. 5."]},
        "A. Michel, Humbert..., I, pag. 78, n. 5.",
    ),
    Case(page_mark_volume, {"volume": ["545."]}, {"pages": ["545."]}, "Ferrajoli, art. cité, p. 545."),
    # A volume with no page mark; pages after something else than a note mark.
    Case(page_mark_volume, {"volume": ["12,"], "pages": ["3-9."]}, UNCHANGED, "Lind K. Tides. Ocean, 12, 3-9."),
    Case(page_mark_volume, {"volume": ["12,"], "pages": ["3-9."]}, UNCHANGED, "Lind K. Tides, p. 12, 3-9."),
    # Not with a volume found, not a word in capitals, not a series letter.
    Case(roman_volume_tail, {"container-title": ["«Humanitas», XX,"], "volume": ["3"]}, UNCHANGED),
    Case(roman_volume_tail, {"container-title": ["Ingénieurs, CIVIL"]}, UNCHANGED),
    Case(roman_volume_tail, {"container-title": ["J. Phys. C"]}, UNCHANGED),
    # ... also when the series was read into the end of the title, its number perhaps as the volume.
    Case(
        bracketed_series,
        {"title": ["San Zaccaria (Venezia sacra. 13),"], "location": ["Venezia"], "date": ["1979."]},
        {
            "title": ["San Zaccaria"],
            "collection-title": ["Venezia sacra"],
            "collection-number": ["13"],
            "location": ["Venezia"],
            "date": ["1979."],
        },
        "Tramontin, Silvio, San Zaccaria (Venezia sacra. 13), Venezia 1979.",
    ),
    Case(
        bracketed_series,
        {"title": ["Zur Genese einer Führungsschicht (Kieler Historische Studien."], "volume": ["33),"]},
        {"title": ["Zur Genese einer Führungsschicht"], "collection-title": ["Kieler Historische Studien"],
         "collection-number": ["33"]},
        "Rösch, G., Zur Genese einer Führungsschicht (Kieler Historische Studien. 33), Sigmaringen 1989.",
    ),
    # Brackets that belong to the title: dates, a place and year, a translation.
    Case(bracketed_series, {"title": ["Storia della musica sacra (dal 1318 al 1797),"]}, UNCHANGED),
    Case(bracketed_series, {"title": ["Atti del convegno (Venezia 1988),"]}, UNCHANGED),
    Case(bracketed_series, {"title": ["Statuti (Atti del convegno, Bergamo 5 marzo 1983),"]}, UNCHANGED),
    Case(bracketed_series, {"title": ["Romanticki pisci (Scrittori romantici in Dalmazia),"]}, UNCHANGED),
    # A day of the month read as the volume joins the date.
    Case(
        day_not_volume,
        {"container-title": ["In: Frankfurter Rundschau,"], "volume": ["9."], "date": ["Oktober 1992."]},
        {"container-title": ["In: Frankfurter Rundschau,"], "date": ["9 Oktober 1992."]},
        "Mahnkopf, B. Vom Ende. In: Frankfurter Rundschau, 9. Oktober 1992.",
    ),
    Case(day_not_volume, {"volume": ["29. Juni,"], "pages": ["44–54."]}, {"pages": ["44–54."], "date": ["29 Juni"]}),
    Case(day_not_volume, {"volume": ["29. Heft,"], "pages": ["44–54."]}, UNCHANGED),  # no month
    # A volume with its date in brackets after it; a number no day can be.
    Case(day_not_volume, {"volume": ["7"], "date": ["(February 1931):"]}, UNCHANGED, "Poetry 7 (February 1931): 269."),
    Case(day_not_volume, {"volume": ["37"], "date": ["February 1931"]}, UNCHANGED, "Poetry 37 February 1931, 269."),
    Case(
        day_not_volume,
        {
            "title": ["« Y a-t-il une peinture juive ? »,"],
            "container-title": ["Mercure,"],
            "volume": ["15"],
            "date": ["1925,"],
        },
        {"title": ["« Y a-t-il une peinture juive ? »,"], "container-title": ["Mercure,"], "date": ["15 1925,"]},
        text="BASLER, Adolphe, « Y a-t-il une peinture juive ? », Mercure, 15 novembre 1925, pp. 11-18",
    ),
    Case(
        day_not_volume,
        {"volume": ["7"], "date": ["Mar. 2017."]},
        UNCHANGED,
        text="Lind, K. Tides. IEEE, vol. 7 Mar. 2017.",
    ),
    Case(day_not_volume, {"volume": ["7"], "pages": ["1-9"]}, UNCHANGED, text="Lind, K. Tides. Mar Eng 7, 1-9."),
    # The volume of a multi-volume work at the end of the title.
    Case(
        title_volume_tail,
        {"title": ["Die Überlieferung der Apokryphen. Т. 1."]},
        {"title": ["Die Überlieferung der Apokryphen"], "volume": ["1"]},
    ),
    Case(
        title_volume_tail,
        {"title": ["Die Überlieferung der Apokryphen, vol. 2"], "volume": ["7"]},
        {"title": ["Die Überlieferung der Apokryphen"], "volume": ["7"]},
    ),
    Case(title_volume_tail, {"title": ["Apokryphen. Т. 1."]}, UNCHANGED),
    # A second "volume" right after the date's bracket or a colon is the pages.
    Case(
        second_volume_pages,
        {"container-title": ["Film Comment"], "volume": ["40.1", "17."], "date": ["(January 2004):"]},
        {"container-title": ["Film Comment"], "volume": ["40.1"], "pages": ["17."], "date": ["(January 2004):"]},
        text="Chang, Chris. “Sound.” Film Comment 40.1 (January 2004): 17.",
    ),
    Case(
        second_volume_pages,
        {"volume": ["2 vols.,", "1."]},
        UNCHANGED,
        text="Lind, K. Sea, 2 vols., edited by A. Berg, vol. 1. Milan: Einaudi.",
    ),
    # A volume read on into the words after it.
    Case(
        volume_words_tail,
        {"container-title": ["American Sociological Review,"], "volume": ["Vol. 11, October,"]},
        {"container-title": ["American Sociological Review,"], "volume": ["Vol. 11"], "note": ["October"]},
    ),
    Case(volume_words_tail, {"volume": ["3. Cluj-Napoca."]}, {"volume": ["3"], "note": ["Cluj-Napoca"]}),
    Case(volume_words_tail, {"volume": ["V, Il Rinascimento."]}, UNCHANGED),  # a Roman volume's own title
    Case(volume_words_tail, {"volume": ["11, 2"]}, UNCHANGED),
    # ... or its date's month or season, in brackets.
    Case(volume_words_tail, {"volume": ["33/2 (Fall"], "date": ["2011):"]}, {"volume": ["33/2"], "date": ["2011):"]}),
    Case(volume_words_tail, {"volume": ["XLIII (January-February,"]}, {"volume": ["XLIII"]}),
    Case(volume_words_tail, {"volume": ["XLIII (Supplement,"]}, UNCHANGED),
    # ... and a range read into the one volume.
    Case(
        second_volume_pages,
        {"container-title": ["Machine Learning"], "volume": ["24 123--140"]},
        {"container-title": ["Machine Learning"], "volume": ["24"], "pages": ["123--140"]},
    ),
    Case(second_volume_pages, {"volume": ["24 123--140"], "pages": ["5"]}, UNCHANGED),
    # ... or the first page after the volume and a comma, spaced as PDF extraction leaves it.
    Case(second_volume_pages, {"volume": ["23 ,485 ("]}, {"volume": ["23"], "pages": ["485"]}),
    Case(second_volume_pages, {"volume": ["A70 , 013608("]}, {"volume": ["A70"], "pages": ["013608"]}),
    Case(second_volume_pages, {"volume": ["vol .34 ,pp .645 -655,"]}, {"volume": ["vol .34"], "pages": ["645 -655"]}),
    Case(second_volume_pages, {"volume": ["5, 2"]}, UNCHANGED),  # a volume and its issue
    # ... and the volume read into the pages, a space before its comma.
    Case(second_volume_pages, {"pages": ["459 ,49"]}, {"volume": ["459"], "pages": ["49"]}),
    Case(second_volume_pages, {"pages": ["12, 15"]}, UNCHANGED),  # two pages
    Case(second_volume_pages, {"pages": ["459 ,49"], "volume": ["3"]}, UNCHANGED),
    Case(second_volume_pages, {"volume": ["1990-1991"]}, UNCHANGED),
    # A volume glued to the journal's name (a spaced number or a year stays).
    Case(
        container_volume,
        {"title": ["A title."], "container-title": ["Classical Quantum Gravity24 ,"]},
        {"title": ["A title."], "container-title": ["Classical Quantum Gravity"], "volume": ["24"]},
    ),
    Case(
        container_volume,
        {"container-title": ["Gen. Relativ. Gravit.43"]},
        {"container-title": ["Gen. Relativ. Gravit."], "volume": ["43"]},
    ),
    Case(container_volume, {"container-title": ["MIT Working Papers in Linguistics 40"]}, UNCHANGED),
    # A series letter and the volume glued to the journal, then the first page read as the volume.
    Case(
        container_volume,
        {"container-title": ["Phys .Rev .D57 ,"], "volume": ["10("], "date": ["1998 )."]},
        {"container-title": ["Phys .Rev .D"], "volume": ["57"], "pages": ["10"], "date": ["1998 )."]},
    ),
    Case(container_volume, {"container-title": ["Phys. Rev. D57"], "volume": ["10"], "pages": ["3"]}, UNCHANGED),
    Case(container_volume, {"container-title": ["Studies 57"], "volume": ["10"]}, UNCHANGED),  # no series letter
    # A spaced number that a page mark follows is the volume.
    Case(
        container_volume,
        {"container-title": ["Image and Vision Computing 9,"], "pages": ["160-168,"]},
        {"container-title": ["Image and Vision Computing"], "volume": ["9"], "pages": ["160-168,"]},
        "W. Enkelmann, Obstacle detection, Image and Vision Computing 9, pp. 160-168, 1991.",
    ),
    Case(
        container_volume,
        {"container-title": ["GeoCongress 2008,"], "pages": ["1-9"]},
        UNCHANGED,
        "W. Lind, Soils, GeoCongress 2008, pp. 1-9.",
    ),
    Case(container_volume, {"container-title": ["GeoCongress2008"]}, UNCHANGED),
    Case(container_volume, {"container-title": ["Rev.D64 ("]}, {"container-title": ["Rev.D"], "volume": ["64"]}),
    Case(container_volume, {"container-title": ["Gravity24"], "volume": ["3"]}, UNCHANGED),
    # Korean, Chinese and Japanese volume and issue markers.
    Case(
        cjk_numbers,
        {"title": ["x"], "volume": ["제23권"]},
        {"title": ["x"], "volume": ["23"], "issue": ["4"]},
        text=_KOREAN,
    ),
    Case(
        cjk_numbers,
        {"title": ["x"], "volume": ["제26호"]},
        {"title": ["x"], "volume": [], "issue": ["26"]},
        text="노상은, '노인 여가 프로그램,' 한국연구, 제26호, pp.111-130, 2018.",
    ),
    Case(
        cjk_numbers,
        {"title": ["x"]},
        {"title": ["x"], "volume": ["38"], "issue": ["5"]},
        text="王明. 数据研究[J]. 计算机学报, 2015, 第38卷第5期: 1-10.",
    ),
    Case(cjk_numbers, {"title": ["x"], "volume": ["12"]}, UNCHANGED, text="Lind, K. Tides. Sea 12, 1-9."),
    # Russian markers: "Т." volume, "№" issue, "С." pages; a note of markers only goes.
    Case(
        cyrillic_numbers,
        {"title": ["Теория графов"], "issue": ["С"], "note": ["2010. Т."]},
        {
            "title": ["Теория графов"],
            "volume": ["59"],
            "issue": ["3"],
            "pages": ["450–456"],
            "note": [],
            "date": ["2010"],
        },
        text=_RUSSIAN,
    ),
    Case(
        cyrillic_numbers,
        {"volume": ["59"], "issue": ["3"], "pages": ["450–456"]},
        {"volume": ["59"], "issue": ["3"], "pages": ["450–456"]},
        text=_RUSSIAN,
    ),
    # A marker read into the wrong span ("59, №" / "3. С") gives way to the number it marks.
    Case(
        cyrillic_numbers,
        {"volume": ["59, №"], "issue": ["3. С."], "pages": ["450–456."]},
        {"volume": ["59"], "issue": ["3"], "pages": ["450–456."]},
        text=_RUSSIAN,
    ),
    Case(cyrillic_numbers, {"title": ["Der Sektor."]}, UNCHANGED, text="Lind, K. Der Sektor. Z. Pol. 4, S. 192-195."),
]


@pytest.mark.parametrize("case", params(CASES))
def test_numbers_repair(case: Case) -> None:
    check(case)
