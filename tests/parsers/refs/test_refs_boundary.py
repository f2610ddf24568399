"""Repairs at the author/title boundary (citekit.parsers.refs.boundary), one table row each."""

from __future__ import annotations

import pytest

from citekit.parsers.refs.boundary import (
    again_author,
    collaboration_title,
    ellipsis_numbers,
    ellipsis_title,
    family_opens_title,
    given_opens_title,
    han_kana_rules,
    initials_list_tail,
    key_opens_names,
    names_from_rules,
    open_author_list,
    short_form_title,
    year_in_names,
)
from citekit.parsers.refs.cjk import fold_width
from tests.parsers.refs.cases import UNCHANGED, Case, check, params

_HAN = fold_width("田中太郎，山田花子．日本の高齢化社会．社会学評論，2016，67(2)：120-135．")

CASES = [
    # "Id.", "Idem", "Ders." stand for the previous note's author: a note, not a name.
    Case(
        again_author,
        {"author": ["Id.,"], "title": ["Il governo veneziano,"]},
        {"title": ["Il governo veneziano,"], "note": ["Id.,"]},
    ),
    Case(again_author, {"author": ["Ders."], "note": ["(Hrsg.):"]}, {"note": ["Ders.", "(Hrsg.):"]}),
    Case(again_author, {"author": ["Ivi,"], "pages": ["p. 141."]}, {"pages": ["p. 141."], "note": ["Ivi,"]}),  # "there"
    Case(again_author, {"author": ["Idem, M. Rossi,"]}, UNCHANGED),
    # "op. cit." (or its OCR) read into the names after the author's name: a note.
    Case(
        again_author,
        {"author": ["Berengo, op. dt.,"], "pages": ["p. 184."]},
        {"author": ["Berengo,"], "pages": ["p. 184."], "note": ["op. dt."]},
    ),
    Case(again_author, {"author": ["Berengo, Opera,"]}, UNCHANGED),
    Case(again_author, {"author": ["Ida,"]}, UNCHANGED),
    # One capitalised word and a comma opening a note without names: its author.
    Case(
        family_opens_title,
        {"title": ["Memmo, Vita e macchine di Bartolomeo Ferracina,"], "location": ["Venezia"]},
        {"title": ["Vita e macchine di Bartolomeo Ferracina,"], "location": ["Venezia"], "author": ["Memmo,"]},
    ),
    Case(
        family_opens_title,
        {"note": ["Cervelli, op. cit.,"], "pages": ["p. 302."]},
        {"note": ["op. cit.,"], "pages": ["p. 302."], "author": ["Cervelli,"]},
    ),
    # ... or read alone as a place, before "op. cit."; not before anything else.
    Case(
        family_opens_title,
        {"location": ["Bury,"], "note": ["op. cit.,"], "pages": ["pp. 121-135;"]},
        {"note": ["op. cit.,"], "pages": ["pp. 121-135;"], "author": ["Bury,"]},
        "Bury, op. cit., pp. 121-135;",
    ),
    Case(family_opens_title, {"location": ["Venezia,"], "date": ["1988"]}, UNCHANGED, "Venezia, 1988"),
    Case(
        family_opens_title,
        {"title": ["Humfrey, Bellinesque Life...,"]},
        {"title": ["Bellinesque Life...,"], "author": ["Humfrey,"]},
    ),
    Case(family_opens_title, {"author": ["G. Cozzi,"], "title": ["Venezia, la città,"]}, UNCHANGED),
    Case(family_opens_title, {"title": ["Venezia, 1988"]}, UNCHANGED),  # one word would be left
    Case(family_opens_title, {"title": ["Proceedings, Ninth Symposium on Hydrology"]}, UNCHANGED),  # a role word
    Case(family_opens_title, {"date": ["1990."], "title": ["Memmo, Vita e macchine,"]}, UNCHANGED),  # not first
    # A short title cut with an ellipsis, read as a place or a container, after the family name.
    Case(
        family_opens_title,
        {"location": ["Contarini, Opera...,"], "pages": ["p. 403."]},
        {"location": [], "pages": ["p. 403."], "author": ["Contarini,"], "title": ["Opera...,"]},
    ),
    Case(family_opens_title, {"location": ["Padova, Liviana,"], "date": ["1970."]}, UNCHANGED),  # no ellipsis
    # Two words: the second must be a given name the lexicon knows ("Storia Veneta," is no name).
    Case(family_opens_title, {"title": ["Storia Veneta, Vita e macchine"]}, UNCHANGED),
    # The short form's title, read as a note after its author.
    Case(
        ellipsis_title,
        {"author": ["Cecchetti,"], "note": ["Il doge..., 298."]},
        {"author": ["Cecchetti,"], "note": ["298."], "title": ["Il doge..."]},
    ),
    Case(ellipsis_title, {"author": ["Rossi,"], "note": ["op. cit..., p. 3"]}, UNCHANGED),
    # A short form read whole as "Family, Given": words the lexicon knows as no given name are its title.
    Case(
        short_form_title,
        {"author": ["Kuntz, Colloquium,"], "pages": ["p. 471."]},
        {"author": ["Kuntz,"], "pages": ["p. 471."], "title": ["Colloquium,"]},
        "Kuntz, Colloquium, p. 471.",
    ),
    Case(
        short_form_title,
        {"author": ["Sella, L’economia,"], "note": ["cit.,"], "pages": ["p. 759;"]},
        {"author": ["Sella,"], "note": ["cit.,"], "pages": ["p. 759;"], "title": ["L’economia,"]},
        "Sella, L’economia, cit., p. 759;",
    ),
    Case(short_form_title, {"author": ["Rossi, Mario,"], "pages": ["p. 4"]}, UNCHANGED, "Rossi, Mario, p. 4"),
    Case(short_form_title, {"author": ["Rossi, ed.,"], "pages": ["p. 4"]}, UNCHANGED, "Rossi, ed., p. 4"),
    Case(  # author-date: a year next, so both are names
        short_form_title, {"author": ["Barral, Altet"], "date": ["1983,"]}, UNCHANGED, "Barral, Altet 1983, p. 75."
    ),
    Case(  # a date, not the place cited, comes next
        short_form_title,
        {"author": ["Daston, Lorraineund PeterGallison"], "date": ["(2007):"]},
        UNCHANGED,
        "Daston, Lorraineund PeterGallison (2007): Objektivität",
    ),
    Case(  # a title was found
        short_form_title,
        {"author": ["Tucci, Mercanti,"], "title": ["Storia"], "pages": ["p. 3"]},
        UNCHANGED,
        "Tucci, Mercanti, Storia, p. 3",
    ),
    # ... or as a place: no place ends in an ellipsis.
    Case(
        ellipsis_title,
        {"author": ["G. Contarini,"], "location": ["Opera...,"], "pages": ["p. 403."]},
        {"author": ["G. Contarini,"], "title": ["Opera..."], "pages": ["p. 403."]},
    ),
    Case(ellipsis_title, {"author": ["Rossi,"], "location": ["Venezia,"], "date": ["1988"]}, UNCHANGED),
    # The short form's title read on into the place it cites, or followed by it read as a note.
    Case(
        ellipsis_numbers,
        {"author": ["Gallicciolli,"], "title": ["Delle memorie..., IV 193."]},
        {"author": ["Gallicciolli,"], "title": ["Delle memorie..."], "volume": ["IV"], "pages": ["193"]},
    ),
    Case(
        ellipsis_numbers,
        {"author": ["Cecchetti,"], "title": ["Il doge..."], "note": ["298."]},
        {"author": ["Cecchetti,"], "title": ["Il doge..."], "pages": ["298"]},
        "Cecchetti, Il doge..., 298.",
    ),
    Case(ellipsis_numbers, {"title": ["Delle memorie..., IV 193."], "pages": ["12"]}, UNCHANGED),
    Case(ellipsis_numbers, {"title": ["Delle memorie..., e altri scritti"]}, UNCHANGED),
    Case(ellipsis_numbers, {"title": ["Delle memorie, IV 193."]}, UNCHANGED),  # no ellipsis: a title's numbers
    # ... or read into the names: no name ends in an ellipsis.
    Case(
        ellipsis_title,
        {"author": ["Lazzarini, I titoli...,"], "pages": ["193."]},
        {"author": ["Lazzarini,"], "title": ["I titoli..."], "pages": ["193."]},
    ),
    Case(ellipsis_title, {"author": ["Smith, J., Jones, K. ..."]}, UNCHANGED),  # a list cut short
    # ... or as the names of a note that has none.
    Case(
        ellipsis_title,
        {"author": ["La vicenda...,"], "pages": ["pp. 97-98;"]},
        {"title": ["La vicenda..."], "pages": ["pp. 97-98;"]},
    ),
    Case(
        ellipsis_title,
        {"author": ["Annali genovesi..., a c. di C. Imperiale,"], "volume": ["IV,"]},
        {"author": ["a c. di C. Imperiale,"], "title": ["Annali genovesi..."], "volume": ["IV,"]},
    ),
    Case(ellipsis_title, {"author": ["La vicenda...,"]}, UNCHANGED, "Rossi, La vicenda..., p. 3"),  # not its opening
    Case(ellipsis_title, {"author": ["Rossi, op. cit..."]}, UNCHANGED),
    Case(ellipsis_title, {"author": ["Rossi,"], "title": ["La città"], "note": ["Il doge..."]}, UNCHANGED),
    # The year of an author-date reference read into the names, the rest is the title.
    Case(
        year_in_names,
        {"author": ["Bosman, Anthony 1962. Jérôme Bosch."], "publisher": ["Bruna."]},
        {"author": ["Bosman, Anthony"], "date": ["1962"], "title": ["Jérôme Bosch."], "publisher": ["Bruna."]},
    ),
    # The year glued to the last name in brackets.
    Case(
        year_in_names,
        {"author": ["Welzer, Harald(2000):"], "title": ["Das Interview als Artefakt."]},
        {"author": ["Welzer, Harald"], "date": ["2000"], "title": ["Das Interview als Artefakt."]},
    ),
    Case(year_in_names, {"author": ["Welzer, Harald(2000):"], "date": ["(2000)"]}, UNCHANGED),  # a date found
    # ... or glued with no bracket, or after an initial's stop (PDF extraction).
    Case(
        year_in_names,
        {"author": ["Knie, Andreas1999:"], "title": ["Plan zur Abschaffung."]},
        {"author": ["Knie, Andreas"], "date": ["1999"], "title": ["Plan zur Abschaffung."]},
    ),
    Case(
        year_in_names,
        {"author": ["Adorno,"], "title": ["Theodor W.(1963).Prismen. Kulturkritik."]},
        {"author": ["Adorno, Theodor W."], "date": ["1963"], "title": ["Prismen. Kulturkritik."]},
    ),
    Case(year_in_names, {"author": ["Smith, B2000"], "title": ["Robots."]}, UNCHANGED),  # a capital before it
    # A list left open on a comma, the next names and the year read as the title.
    Case(
        year_in_names,
        {"author": ["Lind, Karl,"], "title": ["Anna Berg, Otto Wahl, 2000, Optical music recognition,"]},
        {"author": ["Lind, Karl, Anna Berg, Otto Wahl,"], "date": ["2000"], "title": ["Optical music recognition,"]},
    ),
    # No names at all: "Names year:" opens the title.
    Case(
        year_in_names,
        {"title": ["Irma Schnell/ Alfred Sander 2011: Zur Effizienz von Schulen."]},
        {"author": ["Irma Schnell/ Alfred Sander"], "date": ["2011"], "title": ["Zur Effizienz von Schulen."]},
    ),
    # A dated list ("1898 F. Nani Mocenigo, Artisti veneziani"): the year before the names.
    Case(
        year_in_names,
        {"author": ["1792-F. Algarotti,"], "title": ["Opere,"]},
        {"author": ["F. Algarotti,"], "date": ["1792"], "title": ["Opere,"]},
    ),
    Case(year_in_names, {"author": ["1792 the Society of Friends,"]}, UNCHANGED),
    Case(year_in_names, {"author": ["Bosman, Anthony 1962."], "date": ["1962"]}, UNCHANGED),
    # A title already found: the words after the year cannot go anywhere.
    Case(year_in_names, {"author": ["Bosman, Anthony 1962. Jérôme Bosch."], "title": ["Bruna."]}, UNCHANGED),
    # An open list continues into the title, in each of the layouts it knows:
    # a family-first list ("Vetchinkin, S.I.,") ...
    Case(
        open_author_list,
        {
            "author": ["Bakhrakh, V.L., Vetchinkin, S.I.,"],
            "title": ["Khristenko, S.V.: Green's function of an oscillator."],
        },
        {
            "author": ["Bakhrakh, V.L., Vetchinkin, S.I., Khristenko, S.V.:"],
            "title": ["Green's function of an oscillator."],
        },
    ),
    # ... a physics reference with no title ...
    Case(
        open_author_list,
        {"author": ["S.E. Pollack,"], "title": ["D. Dries, R.G. Hulet,"], "container-title": ["Science"]},
        {"author": ["S.E. Pollack, D. Dries, R.G. Hulet,"], "title": [], "container-title": ["Science"]},
    ),
    # ... a Vancouver name, a colon after its initials ...
    Case(
        open_author_list,
        {"author": ["Tsalkova T, Kramer G,"], "title": ["Hardesty B: Different conformations of peptides."]},
        {"author": ["Tsalkova T, Kramer G, Hardesty B:"], "title": ["Different conformations of peptides."]},
    ),
    # ... a first title that is nothing but names, the real title after it ...
    Case(
        open_author_list,
        {"author": ["Della Porta,"], "title": ["Donatella and Manuela Caiani", "Quale Europa?"], "date": ["(2006)"]},
        {"author": ["Della Porta, Donatella and Manuela Caiani"], "title": ["Quale Europa?"], "date": ["(2006)"]},
    ),
    Case(open_author_list, {"author": ["Della Porta,"], "title": ["Donatella and Manuela Caiani"]}, UNCHANGED),
    # ... perhaps with the role of the names after them.
    Case(
        open_author_list,
        {"author": ["Della Porta,"], "title": ["Donatella (eds)", "Transnational Movements"], "date": ["(2004)"]},
        {"author": ["Della Porta, Donatella (eds)"], "title": ["Transnational Movements"], "date": ["(2004)"]},
    ),
    Case(open_author_list, {"author": ["Della Porta,"], "title": ["Donatella", "Transnational Movements"]}, UNCHANGED),
    # Vancouver's last two names joined by "and".
    Case(
        open_author_list,
        {"author": ["Catalano D,"], "title": ["Fiore D and Gennaro R. Certificateless Onion Routing."]},
        {"author": ["Catalano D, Fiore D and Gennaro R."], "title": ["Certificateless Onion Routing."]},
        "Catalano D, Fiore D and Gennaro R. Certificateless Onion Routing. Proceedings, 2009.",
    ),
    # ... a given-first name still owing its family name ...
    Case(
        open_author_list,
        {"author": ["Stephen H."], "title": ["Kellert, In the Wake of Chaos."]},
        {"author": ["Stephen H. Kellert,"], "title": ["In the Wake of Chaos."]},
    ),
    # ... the last initial of a name ...
    Case(
        open_author_list,
        {"author": ["Лебедев А. В., Орлова Н."], "title": ["И. Теория графов."]},
        {"author": ["Лебедев А. В., Орлова Н. И."], "title": ["Теория графов."]},
    ),
    # ... whole names opening the title ...
    Case(
        open_author_list,
        {"author": ["M. Lind,"], "title": ["A. Berg and C. Wahl. Tides of the northern seas."]},
        {"author": ["M. Lind, A. Berg and C. Wahl."], "title": ["Tides of the northern seas."]},
    ),
    # ... but not words without initials after a whole initials-first name: a title ...
    Case(
        open_author_list,
        {"author": ["E. G. Turner,"], "title": ["Greek Papyri. An Introduction,"], "location": ["Oxford"]},
        UNCHANGED,
    ),
    # ... unless the last name still owes its family name.
    Case(
        open_author_list,
        {"author": ["M. Ballevre, and G. V."], "title": ["Dal Piaz. Preface to the volume."]},
        {"author": ["M. Ballevre, and G. V. Dal Piaz."], "title": ["Preface to the volume."]},
    ),
    # ... a family name owed after initials or "&" ...
    Case(
        open_author_list,
        {
            "author": ["R. Lind and D. S."],
            "title": ["Touretzky Coarse-coded memories."],
            "container-title": ["Complex"],
        },
        {
            "author": ["R. Lind and D. S. Touretzky"],
            "title": ["Coarse-coded memories."],
            "container-title": ["Complex"],
        },
    ),
    Case(
        open_author_list,
        {"author": ["Lee &"], "title": ["Messerschmitt, Digital Communications,"]},
        {"author": ["Lee & Messerschmitt,"], "title": ["Digital Communications,"]},
    ),
    # ... lower-case after "and", and a Chicago list left on "and Thomas G." with its role.
    Case(
        open_author_list,
        {"author": ["M. van der Berg and"], "title": ["A benhmouda,"], "container-title": ["Phys. Rev. D"]},
        {"author": ["M. van der Berg and A benhmouda,"], "title": [], "container-title": ["Phys. Rev. D"]},
    ),
    Case(
        open_author_list,
        {"author": ["Cole, John Y. and Thomas G."], "title": ["Sticht (eds.). The Textbook in Society."]},
        {"author": ["Cole, John Y. and Thomas G. Sticht (eds.)."], "title": ["The Textbook in Society."]},
    ),
    # A family-first list ending in initials is complete; so is one ending in a full name.
    Case(open_author_list, {"author": ["Rubaee, M."], "title": ["Des projets qui prennent vie."]}, UNCHANGED),
    Case(open_author_list, {"author": ["Gold D, Reed M and Syverson P."], "title": ["Onion Routing."]}, UNCHANGED),
    # The whole title would go and nothing else is left: keep the model's reading.
    Case(open_author_list, {"author": ["Lee &"], "title": ["Messerschmitt."]}, UNCHANGED),
    # No names found: the rule-based reading's names open the title.
    Case(
        names_from_rules,
        {"title": ["Lind, K. Tides of the North Sea."], "container-title": ["Mar Eng"]},
        {"author": ["Lind, K."], "title": [" Tides of the North Sea."], "container-title": ["Mar Eng"]},
    ),
    Case(names_from_rules, {"editor": ["Lind, K."], "title": ["Lind, K. Tides of the North Sea."]}, UNCHANGED),
    Case(names_from_rules, {"title": ["Tides of the North Sea."]}, UNCHANGED),
    # Chinese written without spaces: the rule-based reading when it finds names and a title.
    Case(
        han_kana_rules,
        {"container-title": [_HAN]},
        {
            "author": ["田中太郎, 山田花子."],
            "title": ["日本の高齢化社会."],
            "volume": ["67"],
            "issue": ["2"],
            "pages": ["120-135"],
            "date": ["2016"],
            "container-title": ["社会学評論"],
        },
    ),
    Case(
        han_kana_rules,
        {"author": ["田中太郎, 山田花子."], "title": ["日本の高齢化社会. 社会学評論"]},
        UNCHANGED,
        text=_HAN,
    ),
    Case(han_kana_rules, {"title": ["Tides of the North Sea."]}, UNCHANGED),
    # A lone family name, then the given name and the colon that ends the names, read into the title.
    Case(
        given_opens_title,
        {"author": ["Fetzer,"], "title": ["Anita: Negative Interaktionen,"], "location": ["Frankfurt/Main"]},
        {"author": ["Fetzer, Anita:"], "title": ["Negative Interaktionen,"], "location": ["Frankfurt/Main"]},
        "Fetzer, Anita: Negative Interaktionen, Frankfurt/Main 1994.",
    ),
    # A title opening with a place; names with initials; a particle after the given name.
    Case(
        given_opens_title,
        {"author": ["Müller,"], "title": ["Berlin: Geschichte einer Stadt,"]},
        UNCHANGED,
        "Müller, Berlin: Geschichte einer Stadt, 1990.",
    ),
    Case(given_opens_title, {"author": ["Lind, K."], "title": ["Tides: a map"]}, UNCHANGED, "Lind, K. Tides: a map"),
    Case(given_opens_title, {"author": ["Dijk,"], "title": ["Teun van: Ideas"]}, UNCHANGED, "Dijk, Teun van: Ideas"),
    # A list of names written initials first that took the title's first words.
    Case(
        initials_list_tail,
        {"author": ["O. PINTO, Nuptialia."], "title": ["Saggio di bibliografia,"]},
        {"author": ["O. PINTO, "], "title": ["Nuptialia. Saggio di bibliografia,"]},
        "O. PINTO, Nuptialia. Saggio di bibliografia, Firenze 1971.",
    ),
    Case(
        initials_list_tail,
        {"author": ["G. De Francovich, Persia, Siria,"], "title": ["Bisanzio e il Medioevo,"]},
        {"author": ["G. De Francovich, "], "title": ["Persia, Siria, Bisanzio e il Medioevo,"]},
        "G. De Francovich, Persia, Siria, Bisanzio e il Medioevo, Napoli 1984",
    ),
    Case(
        initials_list_tail,
        {"author": ["S. BETTINI, Un libro su San Marco,"], "container-title": ["«Arte Veneta»,"]},
        {"author": ["S. BETTINI, "], "title": ["Un libro su San Marco,"], "container-title": ["«Arte Veneta»,"]},
        "S. BETTINI, Un libro su San Marco, «Arte Veneta», XV, 1961.",
    ),
    # Names with initials, a glued connector, a role, a list not written initials first.
    Case(
        initials_list_tail,
        {"author": ["G. Romanelli-G. Rossi, Mestre."], "title": ["Storia, Territorio,"]},
        {"author": ["G. Romanelli-G. Rossi, "], "title": ["Mestre. Storia, Territorio,"]},
        "G. Romanelli-G. Rossi, Mestre. Storia, Territorio, Milano 1977.",
    ),
    Case(initials_list_tail, {"author": ["G. Romanelli-Rossi, Mestre-G."], "title": ["Storia"]}, UNCHANGED),
    Case(initials_list_tail, {"author": ["H. Jedin, G. Contarini"], "title": ["e il contributo"]}, UNCHANGED),
    Case(initials_list_tail, {"author": ["Y. Ueno, Y. Tanaka, andM .Sato ,"], "title": ['"Symmetry"']}, UNCHANGED),
    Case(initials_list_tail, {"author": ["A. Elmagarmid, editor."], "title": ["Transaction Models."]}, UNCHANGED),
    Case(initials_list_tail, {"author": ["Rossi, Mario, Bianchi"], "title": ["La città"]}, UNCHANGED),
    # A collaboration opening a reference with no names, read as its title: its author.
    Case(
        collaboration_title,
        {"title": ["CMS Collaboration,"], "container-title": ["Phys. Rev. D"], "volume": ["93,"]},
        {"author": ["CMS Collaboration,"], "container-title": ["Phys. Rev. D"], "volume": ["93,"]},
        "CMS Collaboration, Phys. Rev. D 93, 072004 (2016).",
    ),
    Case(
        collaboration_title,
        {"author": ["Lind, K."], "title": ["The Cochrane Collaboration"]},
        UNCHANGED,
        "Lind, K. The Cochrane Collaboration",
    ),
    Case(
        collaboration_title,
        {"title": ["Scientific Collaboration"]},
        UNCHANGED,
        "Smith, 2001. Scientific Collaboration",
    ),
    # A citation key ("alpha" style) read into the first name is a note.
    Case(
        key_opens_names,
        {"author": ["[Smi99] J. Smith."], "title": ["A study of tides."]},
        {"author": ["J. Smith."], "note": ["[Smi99]"], "title": ["A study of tides."]},
    ),
    Case(key_opens_names, {"author": ["[1] J. Smith."]}, UNCHANGED),  # a number: the model's citation-number
    Case(key_opens_names, {"author": ["[Anonymous]"]}, UNCHANGED),  # nothing after it
    # A first title followed by the date and a second title: the first is the (corporate) author.
    Case(
        collaboration_title,
        {"title": ["DART Virology Group", "Virological response in Africa."], "date": ["(2006)"]},
        {"author": ["DART Virology Group"], "title": ["Virological response in Africa."], "date": ["(2006)"]},
        "DART Virology Group (2006) Virological response in Africa. AIDS 20: 1291–1299.",
    ),
    Case(
        collaboration_title,
        {"title": ["Tides of the world", "A second title."], "date": ["(2006)"]},
        UNCHANGED,
        "Tides of the world. A second title. (2006)",
    ),
]


@pytest.mark.parametrize("case", params(CASES))
def test_boundary_repair(case: Case) -> None:
    check(case)
