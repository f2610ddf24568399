"""Repairs at the title/container boundary (citekit.parsers.refs.containers), one table row each."""

from __future__ import annotations

import pytest

from citekit.parsers.refs.containers import (
    abbreviation_tail,
    book_place,
    editors_in_container,
    gost_slashes,
    in_within_container,
    journal_initial_in_names,
    number_mark_tail,
    physics_journal_tail,
    place_list_title,
    quoted_journal,
    report_container,
    series_mark_tail,
    split_in,
    title_case_tail,
    vancouver_journal,
    year_ended_title,
)
from tests.parsers.refs.cases import UNCHANGED, Case, check, params

CASES = [
    # A title running on, after a comma, into a journal in guillemets or curly quotes.
    Case(
        quoted_journal,
        {"title": ["La Dominazione dei Carrarese, «Vita Veronese»,"], "volume": ["8"]},
        {"title": ["La Dominazione dei Carrarese,"], "volume": ["8"], "container-title": ["«Vita Veronese»,"]},
    ),
    Case(
        quoted_journal,
        {"title": ["Note sulla laguna di Venezia, “Ateneo Veneto” n. s."]},
        {"title": ["Note sulla laguna di Venezia,"], "container-title": ["“Ateneo Veneto” n. s."]},
    ),
    Case(quoted_journal, {"title": ["Vladyslav Verstiuk, “Novyi etap revoliutsii”"]}, UNCHANGED),  # names
    Case(quoted_journal, {"title": ["La chiesa di San Martino «De Geminis» in Venezia"]}, UNCHANGED),  # no comma
    Case(quoted_journal, {"title": ["Le relazioni, «Il Veltro»"], "container-title": ["Studi"]}, UNCHANGED),
    # A container found after it that is only a numeral is its volume.
    Case(
        quoted_journal,
        {"title": ["L’impresa di Otranto, «Rivista storica»"], "container-title": ["Lxvi"]},
        {"title": ["L’impresa di Otranto,"], "container-title": ["«Rivista storica»"], "volume": ["Lxvi"]},
    ),
    Case(
        quoted_journal,
        {"title": ["Venezia e l’impresa di Otranto, «Rivista storica»"], "container-title": ["Lxvi"], "volume": ["3"]},
        UNCHANGED,
    ),
    # The title's last part read as the start of the container, the "in" after it opening the book.
    Case(
        in_within_container,
        {"title": ["Delendae Venetiae"], "container-title": ["La città e le sue trasformazioni, in L’enigma,"]},
        {"title": ["«Delendae Venetiae». La città e le sue trasformazioni"], "container-title": ["L’enigma,"]},
        "Favilla, «Delendae Venetiae». La città e le sue trasformazioni, in L’enigma, cit., p. 3.",
    ),
    Case(
        in_within_container,
        {"title": ["Delendae Venetiae"], "container-title": ["Atti del convegno, in Studi,"]},
        UNCHANGED,
        "Favilla, Delendae Venetiae, Venezia 1990; Atti del convegno, in Studi, p. 3.",
    ),
    Case(in_within_container, {"container-title": ["Atti del convegno, in Studi,"]}, UNCHANGED),
    # A physics journal and its volume glued on at the end of the title.
    Case(
        physics_journal_tail,
        {"title": ["Gravitational waves in cosmology ,Nucl .Phys.B607"]},
        {"title": ["Gravitational waves in cosmology"], "container-title": ["Nucl .Phys.B"], "volume": ["607"]},
    ),
    Case(physics_journal_tail, {"title": ["Gravitational waves in string cosmologies, Part. I. A. 2"]}, UNCHANGED),
    Case(physics_journal_tail, {"title": ["Waves, Nucl. Phys. B607"], "volume": ["3"]}, UNCHANGED),
    # The book read on into its editors, their role spelt out.
    Case(
        editors_in_container,
        {"container-title": ["Storia della cultura veneta a cura di G. Arnaldi, voi. III"]},
        {"container-title": ["Storia della cultura veneta"], "editor": ["a cura di G. Arnaldi, voi. III"]},
    ),
    Case(editors_in_container, {"container-title": ["Studi a cura di G. Rossi"], "editor": ["M. Pastore"]}, UNCHANGED),
    Case(editors_in_container, {"container-title": ["Lettere edited by hand"]}, UNCHANGED),  # no name after it
    # A title ending in a year does not swallow the start of the journal.
    Case(
        year_ended_title,
        {"author": ["Siegel RL."], "title": ["Cancer statistics, 2019. CA Cancer"], "container-title": ["J Clin"]},
        {"author": ["Siegel RL."], "title": ["Cancer statistics, 2019"], "container-title": ["CA Cancer J Clin"]},
    ),
    Case(year_ended_title, {"title": ["Cancer statistics, 2019. CA Cancer"]}, UNCHANGED),
    Case(
        year_ended_title,
        {"title": ["Cancer statistics, 2019. CA Cancer"], "container-title": ["J Clin"]},
        UNCHANGED,
        text="Cancer statistics, 2019. CA Cancer. J Clin",
    ),
    # Abbreviated journal words left at the end of the title.
    Case(
        abbreviation_tail,
        {"title": ["Quasi-rational fusion products Int."], "container-title": ["J. Mod. Phys. B"]},
        {"title": ["Quasi-rational fusion products"], "container-title": ["Int. J. Mod. Phys. B"]},
        text="Nahm W 1994 Quasi-rational fusion products Int. J. Mod. Phys. B 08 3693-702",
    ),
    Case(
        abbreviation_tail,
        {"title": ["The resolvent algebra: Ideals and dimension. J. Funct."], "container-title": ["Anal."]},
        {"title": ["The resolvent algebra: Ideals and dimension."], "container-title": ["J. Funct. Anal."]},
        text="Buchholz, D.: The resolvent algebra: Ideals and dimension. J. Funct. Anal. 266, 3286-3302 (2014)",
    ),
    Case(abbreviation_tail, {"title": ["Tides of the sea"], "container-title": ["J. Mar. Eng."]}, UNCHANGED),
    # Abbreviations that do not open a journal's name stay ("... in the Rep. of Korea").
    Case(
        abbreviation_tail,
        {"title": ["Tides in the Rep. Kor."], "container-title": ["Marine Notes"]},
        UNCHANGED,
        text="Tides in the Rep. Kor. Marine Notes",
    ),
    # GOST "Title // Journal".
    Case(
        gost_slashes,
        {
            "author": ["Лебедев А. В."],
            "title": ["Теория графов // Математический сборник."],
            "container-title": ["Т. 12."],
        },
        {
            "author": ["Лебедев А. В."],
            "title": ["Теория графов"],
            "container-title": ["Математический сборник."],
            "note": ["Т. 12."],
        },
    ),
    Case(
        gost_slashes,
        {"title": ["Теория графов // Математический сборник."]},
        {"title": ["Теория графов"], "container-title": ["Математический сборник."]},
    ),
    Case(gost_slashes, {"title": ["Теория графов."], "container-title": ["Математический сборник."]}, UNCHANGED),
    # "In <book>" inside the title when no container was found ("In Vitro" is part of a title).
    Case(
        split_in,
        {"author": ["Henry James,"], "title": ["The Europeans, in Novels, 1871–1880"]},
        {"author": ["Henry James,"], "title": ["The Europeans,"], "container-title": ["Novels, 1871–1880"]},
    ),
    Case(split_in, {"author": ["Lind, K."], "title": ["Cell growth. In Vitro studies of yeast"]}, UNCHANGED),
    # One word will do before ", in", not before ". In".
    Case(
        split_in,
        {"author": ["Gilbert,"], "title": ["de’Iacopo, in Dizionario,"], "volume": ["6,"]},
        {"author": ["Gilbert,"], "title": ["de’Iacopo,"], "container-title": ["Dizionario,"], "volume": ["6,"]},
    ),
    Case(split_in, {"author": ["Lind, K."], "title": ["Zellen. In Deutschland erschienen"]}, UNCHANGED),
    # A container the model found further on comes after the book; when it is only a numeral, the volume.
    Case(
        split_in,
        {"title": ["La coperta della Pala d’oro, in “Bollettino d’Arte”,"], "container-title": ["Arte veneta,"]},
        {"title": ["La coperta della Pala d’oro,"], "container-title": ["“Bollettino d’Arte”,", "Arte veneta,"]},
    ),
    Case(
        split_in,
        {"title": ["La coperta della Pala d’oro, in “Bollettino d’Arte”,"], "container-title": ["XXXVI,"]},
        {"title": ["La coperta della Pala d’oro,"], "container-title": ["“Bollettino d’Arte”,"], "volume": ["XXXVI"]},
    ),
    Case(
        split_in,
        {"title": ["Giovanni Crisostomo, in Venezia Sacra,"], "container-title": ["7,"], "volume": ["2"]},
        {"title": ["Giovanni Crisostomo,"], "container-title": ["Venezia Sacra,", "7,"], "volume": ["2"]},
    ),
    # Only the book's editors and their role after "In": they are its editors, even after a one-word title.
    Case(
        split_in,
        {"title": ["Zivilgesellschaft. In: D. Nohlen/F. Grotz (Hrsg.):"], "container-title": ["Kleines Lexikon."]},
        {
            "title": ["Zivilgesellschaft."],
            "editor": ["In: D. Nohlen/F. Grotz (Hrsg.):"],
            "container-title": ["Kleines Lexikon."],
        },
    ),
    Case(split_in, {"title": ["Zivilgesellschaft. In: D. Nohlen (Hrsg.):"]}, UNCHANGED),  # no book after them
    # Not inside the title's quotation marks.
    Case(
        split_in,
        {"title": ["“Case of delivery by extraction, In A Case of Distortion.,”"], "container-title": ["The Lancet"]},
        UNCHANGED,
    ),
]


CASES += [
    # A book read on into its place of publication, and the publisher after it.
    Case(
        book_place,
        {"editor": ["In: D. Nohlen (Hrsg.):"], "container-title": ["Kleines Lexikon. Bonn: Bundeszentrale"]},
        {
            "editor": ["In: D. Nohlen (Hrsg.):"],
            "container-title": ["Kleines Lexikon"],
            "location": ["Bonn"],
            "publisher": ["Bundeszentrale"],
        },
    ),
    Case(
        book_place,
        {"container-title": ["The Argumentative Turn, Durham/London,"], "pages": ["145–166."]},
        {"container-title": ["The Argumentative Turn"], "location": ["Durham/London"], "pages": ["145–166."]},
    ),
    Case(
        book_place,
        {"container-title": ["Reflexive Modernisierung. Eine Kontroverse, Frankfurt am Main,"]},
        {"container-title": ["Reflexive Modernisierung. Eine Kontroverse"], "location": ["Frankfurt am Main"]},
    ),
    Case(
        book_place,
        {"container-title": ["Kinder im Abseits. – Weinheim/München,"]},
        {"container-title": ["Kinder im Abseits"], "location": ["Weinheim/München"]},
    ),
    Case(
        book_place,
        {"author": ["Walthes, R. (2003),"], "title": ["Einführung in die Pädagogik, München/Basel."]},
        {"author": ["Walthes, R. (2003),"], "title": ["Einführung in die Pädagogik"], "location": ["München/Basel."]},
    ),
    Case(book_place, {"title": ["Kritik des Neoliberalismus, Bonn"], "container-title": ["In: Forum"]}, UNCHANGED),
    # A short title read as the first of the places, right after the names.
    Case(
        place_list_title,
        {"author": ["V. Franco,"], "location": ["Lettere, Napoli, Ricciardi,"]},
        {"author": ["V. Franco,"], "location": ["Napoli"], "title": ["Lettere"], "publisher": ["Ricciardi"]},
        "V. Franco, Lettere, Napoli, Ricciardi, 1949.",
    ),
    Case(
        place_list_title,
        {"author": ["Foley, J. D.,"], "location": ["Addison-Wesley, Massachusetts"]},
        UNCHANGED,
        "Foley, J. D., Computer Graphics, pp. 992-996, Addison-Wesley, Massachusetts 1990.",
    ),
    Case(place_list_title, {"author": ["Rossi,"], "location": ["Napoli, Roma"]}, UNCHANGED, "Rossi, Napoli, Roma"),
    # Places of two words, joined by "and" or a dash.
    Case(
        book_place,
        {"title": ["Traditional Oral Epic, Berkeley and Los Angeles"], "date": ["1990"]},
        {"title": ["Traditional Oral Epic"], "location": ["Berkeley and Los Angeles"], "date": ["1990"]},
    ),
    Case(book_place, {"title": ["Traditional Oral Epic, Berlin Wall Stories of the East"]}, UNCHANGED),
    # Not a place the lexicon knows; a journal's volume; a place already found; one word left.
    Case(book_place, {"container-title": ["Handbuch der Soziologie, Grundbegriffe,"]}, UNCHANGED),
    Case(book_place, {"container-title": ["Annals of Botany, London,"], "volume": ["12"]}, UNCHANGED),
    Case(book_place, {"container-title": ["Soziale Welt, Bonn,"], "location": ["Bonn"]}, UNCHANGED),
    Case(book_place, {"container-title": ["Leviathan, Berlin"]}, UNCHANGED),
    # A book's own title may be one word; a container may not.
    Case(
        book_place,
        {"author": ["Daston, Lorraine (2007):"], "title": ["Objektivität, Frankfurt/M."]},
        {"author": ["Daston, Lorraine (2007):"], "title": ["Objektivität"], "location": ["Frankfurt/M."]},
    ),
    Case(book_place, {"title": ["Id., Berlin"]}, UNCHANGED),  # no word of four letters
]

CASES += [
    # The word that marks the number after the journal goes with the number.
    Case(
        number_mark_tail,
        {"container-title": ["In: Leviathan, Heft"], "volume": ["4"], "date": ["(1994),"]},
        {"container-title": ["In: Leviathan"], "volume": ["4"], "date": ["(1994),"]},
        "Geissler, B. (1994). Klasse? In: Leviathan, Heft 4 (1994), 541-559.",
    ),
    Case(
        number_mark_tail,
        {"container-title": ["Lecture Notes in Computer Science Volume"], "volume": ["2139,"]},
        {"container-title": ["Lecture Notes in Computer Science"], "volume": ["2139,"]},
        "Boneh D. Encryption. Lecture Notes in Computer Science Volume 2139, 2001, pp. 213–229.",
    ),
    Case(
        number_mark_tail,
        {"container-title": ["Ann. Phys. Vol."], "volume": ["XII"]},
        {"container-title": ["Ann. Phys."], "volume": ["XII"]},
        "Lind K. Tides. Ann. Phys. Vol. XII",
    ),
    # A mark and its number both read into the journal: the issue or the volume.
    Case(
        number_mark_tail,
        {"container-title": ["in «Bollettino cisa», n. v,"], "location": ["Vicenza"]},
        {"container-title": ["in «Bollettino cisa»"], "issue": ["v"], "location": ["Vicenza"]},
    ),
    Case(
        number_mark_tail,
        {"container-title": ["Forschungsjournal NSB, Jg. 20,"]},
        {"container-title": ["Forschungsjournal NSB"], "volume": ["20"]},
    ),
    Case(number_mark_tail, {"container-title": ["Studi, vol. 3,"], "volume": ["4"]}, UNCHANGED),  # a volume found
    Case(number_mark_tail, {"container-title": ["Journal of Tides, Part A"]}, UNCHANGED),
    # A word of the name, with a comma after it; no number after it; a one-letter mark.
    Case(
        number_mark_tail,
        {"container-title": ["IFAC Proceedings Volumes,"], "volume": ["43(5),"]},
        UNCHANGED,
        "Ng, J. (2010). Control. IFAC Proceedings Volumes, 43(5), 601–606.",
    ),
    Case(number_mark_tail, {"container-title": ["Fachserie A: Heft"]}, UNCHANGED, "Fachserie A: Heft zwei."),
    Case(number_mark_tail, {"container-title": ["Annales de Physique, t"]}, UNCHANGED, "Annales de Physique, t 5"),
]

CASES += [
    # A journal's series read into its name is a note.
    Case(
        series_mark_tail,
        {"container-title": ["«Archivio Veneto», serie V,"], "volume": ["91"]},
        {"container-title": ["«Archivio Veneto»,"], "note": ["serie V"], "volume": ["91"]},
    ),
    Case(
        series_mark_tail,
        {"container-title": ["«Studi veneziani», n. s.,"], "note": ["cit."]},
        {"container-title": ["«Studi veneziani»,"], "note": ["n. s.", "cit."]},
    ),
    Case(
        series_mark_tail,
        {"container-title": ["in «Economic History Review», 2nd ser.,"]},
        {"container-title": ["in «Economic History Review»,"], "note": ["2nd ser."]},
    ),
    # Series that name the journal: no separator before it, a letter after it.
    Case(series_mark_tail, {"container-title": ["Advances in Time Series"]}, UNCHANGED),
    Case(series_mark_tail, {"container-title": ["Philosophical Magazine Series 5"]}, UNCHANGED),
    Case(series_mark_tail, {"container-title": ["J. R. Stat. Soc., Series C"]}, UNCHANGED),
    Case(series_mark_tail, {"container-title": ["Ann. Math. Second Series"]}, UNCHANGED),
    # A title made only of a journal's first abbreviations; not a one-word title.
    Case(
        abbreviation_tail,
        {"author": ["P. W. Higgs,"], "title": ["Phys."], "container-title": ["Rev. Lett."], "volume": ["13,"]},
        {"author": ["P. W. Higgs,"], "container-title": ["Phys. Rev. Lett."], "volume": ["13,"]},
        "P. W. Higgs, Phys. Rev. Lett. 13, 508 (1964).",
    ),
    Case(
        abbreviation_tail,
        {"author": ["Stevens, S."], "title": ["Overview."], "container-title": ["The Prison Journal,"]},
        UNCHANGED,
        "Stevens, S. (2005). Overview. The Prison Journal, 85(1), 5–6.",
    ),
]

CASES += [
    # A report's kind and number read as the container: its genre, and the body after them its publisher.
    Case(
        report_container,
        {"title": ["Descent methods."], "container-title": ["Technical Report TR93-3, Dept. of Mathematics,"]},
        {"title": ["Descent methods."], "genre": ["Technical Report TR93-3"], "publisher": ["Dept. of Mathematics"]},
    ),
    Case(
        report_container,
        {"container-title": ["CMU CS Tech Report CMU-CS-94-123."]},
        {"genre": ["CMU CS Tech Report CMU-CS-94-123"]},
    ),
    Case(report_container, {"container-title": ["Research Reports in Physics"]}, UNCHANGED),  # a series' name
    # A report's number alone, or after a word or two naming its issuer.
    Case(
        report_container,
        {"container-title": ["TR 1069, Computer Sciences Dept."]},
        {"genre": ["TR 1069"], "publisher": ["Computer Sciences Dept"]},
    ),
    Case(
        report_container,
        {"container-title": ["Technical Report TU Wien rr-02-92, Dept. for Real-Time Systems"]},
        {"genre": ["Technical Report TU Wien rr-02-92"], "publisher": ["Dept. for Real-Time Systems"]},
    ),
    Case(report_container, {"container-title": ["TRENDS in Cognitive Sciences 7"]}, UNCHANGED),
    Case(report_container, {"container-title": ["Journal of Technical Writing"]}, UNCHANGED),
]

CASES += [
    # APA: a book or journal in Title Case read into the title, with the numbers after a comma.
    Case(
        title_case_tail,
        {"title": ["Sjögren’s Syndrome. Primer on the Diseases,"], "pages": ["389–397."]},
        {"title": ["Sjögren’s Syndrome."], "container-title": ["Primer on the Diseases,"], "pages": ["389–397."]},
        "Daniels, T. (2008). Sjögren’s Syndrome. Primer on the Diseases, 389–397.",
    ),
    # A subtitle in sentence case; no numbers after the comma; a container already found.
    Case(
        title_case_tail,
        {"title": ["Myofibroblasts. Paracrine cells important in disease,"], "volume": ["12"]},
        UNCHANGED,
        "Powell D. Myofibroblasts. Paracrine cells important in disease, 12, 3-9.",
    ),
    Case(
        title_case_tail,
        {"title": ["Una famiglia lombarda. I Conti Martinengo,"], "volume": ["II"]},
        UNCHANGED,
        "P. Guerrini, Una famiglia lombarda. I Conti Martinengo, Brescia 1929, II.",
    ),
    Case(
        title_case_tail,
        {"title": ["Kentucky. Appalachian Heritage,"], "container-title": ["Review"], "volume": ["11"]},
        UNCHANGED,
    ),
    # No sentence before it: the last piece after a comma, Title Case after a title in sentence case.
    Case(
        title_case_tail,
        {"title": ["Shocked zircon in craters, Planetary Science,"], "volume": ["41,"]},
        {"title": ["Shocked zircon in craters,"], "container-title": ["Planetary Science,"], "volume": ["41,"]},
        "Wittmann, A., Shocked zircon in craters, Planetary Science, v. 41, pp. 433-454",
    ),
    Case(
        title_case_tail,
        {"title": ["The Sun and the Moon, Physics of the Stars,"], "volume": ["41,"]},
        UNCHANGED,
        "Lind, K., The Sun and the Moon, Physics of the Stars, v. 41, pp. 433-454",
    ),
]

CASES += [
    # A lone "J." after a list written initials first, before an abbreviation: the journal's first word.
    Case(
        journal_initial_in_names,
        {"author": ["M. Bordag, J."], "container-title": ["Phys. A"], "volume": ["39,"]},
        {"author": ["M. Bordag,"], "container-title": ["J. Phys. A"], "volume": ["39,"]},
        "M. Bordag, J. Phys. A 39, 6173 (2006).",
    ),
    # A family-first list, where "J." is a given name; a word after it that is not abbreviated.
    Case(
        journal_initial_in_names,
        {"author": ["Bordag, M., Smith, J."], "container-title": ["Phys. A"]},
        UNCHANGED,
        "Bordag, M., Smith, J. Phys. A 39",
    ),
    Case(
        journal_initial_in_names,
        {"author": ["M. Bordag, J."], "title": ["Casimir effect."]},
        UNCHANGED,
        "M. Bordag, J. Casimir effect.",
    ),
    # A journal followed by the year and "volume:pages", read as a place or as the title's last sentence.
    Case(
        vancouver_journal,
        {"title": ["A pain questionnaire."], "location": ["Pain"], "date": ["1991;"], "volume": ["46:"]},
        {"title": ["A pain questionnaire."], "container-title": ["Pain"], "date": ["1991;"], "volume": ["46:"]},
        "Strand LI. A pain questionnaire. Pain 1991; 46:61-66.",
    ),
    Case(
        vancouver_journal,
        {"title": ["Heart failure. Circulation"], "date": ["(1990)"], "volume": ["82:"]},
        {"title": ["Heart failure."], "container-title": ["Circulation"], "date": ["(1990)"], "volume": ["82:"]},
        "Swedberg K. Heart failure. Circulation (1990) 82:1730-1736.",
    ),
    # A place followed by the year and a volume without pages is a book's; a container found stays.
    Case(
        vancouver_journal,
        {"title": ["Storia di Venezia,"], "location": ["Venezia"], "date": ["1988,"], "volume": ["II,"]},
        UNCHANGED,
        "Rossi G. Storia di Venezia, Venezia 1988, II, pp. 3-9.",
    ),
    Case(
        vancouver_journal,
        {"title": ["Heart failure. Circulation"], "container-title": ["Circ. Res."]},
        UNCHANGED,
        "Swedberg K. Heart failure. Circulation Circ. Res. (1990) 82:1730-1736.",
    ),
    Case(
        vancouver_journal,
        {"title": ["Heart failure. Circulation"], "date": ["(1990)"]},
        UNCHANGED,
        "Swedberg K. Heart failure. Circulation (1990) pp. 1730-1736.",
    ),
]


@pytest.mark.parametrize("case", params(CASES))
def test_containers_repair(case: Case) -> None:
    check(case)
