"""Repairs at the edges of the title (citekit.parsers.refs.tails), one table row each."""

from __future__ import annotations

import pytest

from citekit.parsers.refs.tails import (
    closing_quote_title,
    edition_tail,
    paren_publisher,
    press_tail,
    quoted_title,
    role_tail,
    status_after_container,
    status_tail,
    volume_count,
    volumes_tail,
)
from tests.parsers.refs.cases import UNCHANGED, Case, check, params

CASES = [
    # A title in single quotes closed after its comma ("'Title,' Journal"), in any script.
    Case(
        quoted_title,
        {"author": ["김상호,"], "title": ["'한국 영화의 흥행성과 분석,' 사회과학연구,"], "volume": ["53"]},
        {
            "author": ["김상호,"],
            "title": ["'한국 영화의 흥행성과 분석,'"],
            "container-title": ["사회과학연구"],
            "volume": ["53"],
        },
    ),
    Case(quoted_title, {"title": ["'The students' views on tides"]}, UNCHANGED),  # an apostrophe, not a quote
    # A quoted title ends at its closing quote: what follows is the container ...
    Case(
        quoted_title,
        {"author": ["Derrida, Jacques."], "title": ["“Plato’s Pharmacy.” In Dissemination."], "publisher": ["Chicago"]},
        {
            "author": ["Derrida, Jacques."],
            "title": ["“Plato’s Pharmacy.”"],
            "container-title": ["Dissemination"],
            "publisher": ["Chicago"],
        },
    ),
    Case(
        quoted_title,
        {"author": ["Dove, Rita."], "title": ['"Lady Freedom." The Text Center. Ed. David Seaman. 1998.']},
        {"author": ["Dove, Rita."], "title": ['"Lady Freedom."'], "container-title": ["The Text Center"]},
    ),
    # ... or, after "in", the start of the container found next ...
    Case(
        quoted_title,
        {"author": ["Furt A.,"], "title": ["“Monnaies grecques”, in La monetazione,"], "container-title": ["Atti,"]},
        {"author": ["Furt A.,"], "title": ["“Monnaies grecques”"], "container-title": ["La monetazione, Atti,"]},
    ),
    # ... and a second quoted stretch at the end is the journal.
    Case(
        quoted_title,
        {"author": ["G. Romano,"], "title": ["“Gli indesiderabili”. L’Italia 1945-1948, “La Nuova Storia”,"]},
        {
            "author": ["G. Romano,"],
            "title": ["“Gli indesiderabili”. L’Italia 1945-1948"],
            "container-title": ["“La Nuova Storia”,"],
        },
    ),
    Case(quoted_title, {"author": ["———."], "title": ["“Nocturne” and “Five Tales.”"]}, UNCHANGED),
    Case(quoted_title, {"title": ["“Sound.” 12."], "container-title": ["Film Comment"]}, UNCHANGED),
    Case(quoted_title, {"title": ["Tides of the North Sea."]}, UNCHANGED),
    # ... also when its spaced opening quote went elsewhere.
    Case(
        quoted_title,
        {"author": ["Adamson, G."], "title": ["When Craft Fails ». Crafts."], "date": ["2008"]},
        {"author": ["Adamson, G."], "title": ["When Craft Fails »"], "container-title": ["Crafts"], "date": ["2008"]},
        "Adamson, G. « When Craft Fails ». Crafts. 2008",
    ),
    Case(
        quoted_title,
        {"author": ["Adamson, Glenn."], "title": ["When Craft Fails ». Crafts."]},
        UNCHANGED,
        "Adamson, Glenn. When Craft Fails ». Crafts.",
    ),
    # An edition at the end of the title.
    Case(
        edition_tail,
        {"author": ["Hart, Jenny,"], "title": ["The Reading Groups Book, revised edition,"]},
        {"author": ["Hart, Jenny,"], "title": ["The Reading Groups Book"], "edition": ["revised edition"]},
    ),
    Case(
        edition_tail,
        {"title": ["Molecular Biology of the Cell (4th ed.)."], "edition": ["x"]},
        {"title": ["Molecular Biology of the Cell"], "edition": ["x", "4th ed."]},
    ),
    Case(edition_tail, {"title": ["Second edition"]}, UNCHANGED),
    # ... with words between its number and "edition" or "Auflage".
    Case(
        edition_tail,
        {"title": ["Datenmodelle, Datenbanken. 3. vollst. überarbeitete Auflage."], "date": ["1999"]},
        {"title": ["Datenmodelle, Datenbanken"], "edition": ["3. vollst. überarbeitete Auflage."], "date": ["1999"]},
    ),
    Case(
        edition_tail,
        {"title": ["Kritik des Neoliberalismus. 2., Erw. Aufl."]},
        {"title": ["Kritik des Neoliberalismus"], "edition": ["2., Erw. Aufl."]},
    ),
    Case(edition_tail, {"title": ["Notes on the art of the Second World War edition"]}, UNCHANGED),
    # A publisher read into the end of a book's title.
    Case(
        press_tail,
        {"title": ["Knowledge in Flux. The MIT Press,"], "location": ["Cambridge, MA."]},
        {"title": ["Knowledge in Flux"], "publisher": ["The MIT Press"], "location": ["Cambridge, MA."]},
    ),
    Case(press_tail, {"title": ["A History of the Press."]}, UNCHANGED),
    Case(press_tail, {"title": ["Tides of the world. In Press."]}, UNCHANGED),  # a status
    Case(press_tail, {"title": ["Tides, Oxford University Press"], "publisher": ["Clarendon"]}, UNCHANGED),
    # A book's publisher in brackets with its year read into the title.
    Case(
        paren_publisher,
        {"title": ["Electronic Instrumentation and measurements (PrenticeHall ,"], "date": ["1994 )."]},
        {"title": ["Electronic Instrumentation and measurements"], "publisher": ["PrenticeHall"], "date": ["1994 )."]},
        "D. A. Bell, Electronic Instrumentation and measurements (PrenticeHall ,1994 ).",
    ),
    Case(
        paren_publisher,
        {"title": ["Electronic Instrumentation (Second Part"], "date": ["1994"]},
        UNCHANGED,
        "D. A. Bell, Electronic Instrumentation (Second Part 1994.",
    ),
    Case(
        paren_publisher,
        {"title": ["Electronic Instrumentation (PrenticeHall ,"], "publisher": ["Wiley"]},
        UNCHANGED,
        "D. A. Bell, Electronic Instrumentation (PrenticeHall ,1994 ). Wiley",
    ),
    # ... and at the end of the journal's name.
    Case(
        status_after_container,
        {"title": ["Health shocks."], "container-title": ["Journal of Health Economics, forthcoming."]},
        {"title": ["Health shocks."], "container-title": ["Journal of Health Economics"], "note": ["forthcoming"]},
    ),
    Case(status_after_container, {"container-title": ["Ont. Health Technol. Assess. Ser.,"]}, UNCHANGED),  # series
    Case(status_after_container, {"container-title": ["Preprint."]}, UNCHANGED),  # nothing before it
    # A status or kind of document at the end of the title goes to the note.
    Case(
        status_tail,
        {"author": ["Kyr, G. C.,"], "title": ["Approximation Orders of Box Splines, Preprint."]},
        {"author": ["Kyr, G. C.,"], "title": ["Approximation Orders of Box Splines"], "note": ["Preprint"]},
    ),
    Case(
        status_tail,
        {"author": ["Lind, C. X."], "title": ["Personal communication."]},
        {"author": ["Lind, C. X."], "title": [], "note": ["Personal communication"]},
    ),
    Case(
        status_tail,
        {"title": ["Gershgorin and His Circles. ser."]},
        {"title": ["Gershgorin and His Circles"], "note": ["ser."]},
    ),
    Case(status_tail, {"title": ["Another Preprint."]}, UNCHANGED),
    Case(status_tail, {"title": ["Leaves of an Early Bible Manuscript."]}, UNCHANGED),
    # ... and the rest of a title from a kind of document or a web note on.
    Case(
        status_tail,
        {"title": ["Tourism policy and growth [online]. Paper presented at the OECD Seminar, Berlin,"]},
        {"title": ["Tourism policy and growth"], "note": ["[online]. Paper presented at the OECD Seminar, Berlin,"]},
    ),
    Case(
        status_tail,
        {"title": ["Time Perspective of Older Adults. Unpublished doctoral dissertation, Columbia"]},
        {"title": ["Time Perspective of Older Adults"], "note": ["Unpublished doctoral dissertation, Columbia"]},
    ),
    Case(
        status_tail,
        {"title": ["Guide on labour migration policies. Zugriff am 18."], "date": ["Mai 2009"]},
        {"title": ["Guide on labour migration policies"], "note": ["Zugriff am 18."], "date": ["Mai 2009"]},
    ),
    Case(status_tail, {"title": ["Papers presented at the Cambridge colloquium"]}, UNCHANGED),
    Case(status_tail, {"title": ["Thèse, antithèse, synthèse"]}, UNCHANGED),
    # ... and the words leading into a web address after the title.
    Case(
        status_tail,
        {"title": ["Labour Supply. The Case of Denmark. unter:"], "url": ["http://www.york.ac.uk/welempfc.htm"]},
        {"title": ["Labour Supply. The Case of Denmark"], "note": ["unter"], "url": ["http://www.york.ac.uk/welempfc.htm"]},
    ),
    Case(status_tail, {"title": ["Working with the Internet"], "url": ["http://www.york.ac.uk/a.htm"]}, UNCHANGED),
    Case(status_tail, {"title": ["Sechs Jahre unter"], "date": ["2004"]}, UNCHANGED),  # no web address after it
    # A translator or editor at the end of the title.
    # The editors read into the end of the book a chapter is in.
    Case(
        role_tail,
        {"title": ["La filosofia,"], "container-title": ["in Scienza e letteratura, a c. di R. Cremante e W. Tega,"]},
        {
            "title": ["La filosofia,"],
            "container-title": ["in Scienza e letteratura"],
            "editor": ["R. Cremante e W. Tega"],
        },
    ),
    Case(role_tail, {"container-title": ["Poetics, trans. S. H. Butcher"]}, UNCHANGED),  # a translator: the book's own
    Case(
        role_tail,
        {"author": ["Lynch, K."], "title": ["Voir et planifier. Traduction de Chantal Thérond."]},
        {"author": ["Lynch, K."], "title": ["Voir et planifier"], "translator": ["Chantal Thérond"]},
    ),
    Case(
        role_tail,
        {"author": ["Wagner, Richard,"], "title": ["Mein Leben, Eike Middell"], "edition": ["(ed.), 2 vols."]},
        {
            "author": ["Wagner, Richard,"],
            "title": ["Mein Leben"],
            "editor": ["Eike Middell"],
            "edition": ["(ed.), 2 vols."],
        },
        text="Wagner, Richard, Mein Leben, Eike Middell (ed.), 2 vols. (Bremen: Verlag, 1986).",
    ),
    Case(
        role_tail,
        {"title": ["Voir et planifier. Traduction de Chantal Thérond."], "translator": ["C. Thérond"]},
        UNCHANGED,
    ),
    # How many volumes a work has, read into its title.
    Case(
        volumes_tail,
        {"author": ["Cessi, Roberto,"], "title": ["Storia della Repubblica di Venezia, 2 Bände,"]},
        {
            "author": ["Cessi, Roberto,"],
            "title": ["Storia della Repubblica di Venezia"],
            "number-of-volumes": ["2 Bände"],
        },
    ),
    Case(volumes_tail, {"title": ["I diarii, 58 vols."]}, {"title": ["I diarii"], "number-of-volumes": ["58 vols."]}),
    Case(volumes_tail, {"title": ["The 12 vols. of Goethe's works"]}, UNCHANGED),  # not at the end
    Case(volumes_tail, {"title": ["12 voll."]}, UNCHANGED),  # nothing would be left of the title
    # ... or read as the volume.
    Case(
        volume_count,
        {"title": ["Werke,"], "volume": ["10 vols.", "vol. ii"]},
        {"title": ["Werke,"], "volume": ["vol. ii"], "number-of-volumes": ["10 vols."]},
    ),
    Case(volume_count, {"volume": ["16 voli."]}, {"number-of-volumes": ["16 voli."]}),
    Case(volume_count, {"volume": ["Bd. 3"]}, UNCHANGED),  # which volume, not how many
    # Initials-first names after the role, and the Italian roles ("a cura di", "a c. di", "trad.").
    Case(
        role_tail,
        {"title": ["Les estoires de Venise, a cura di A. Limentani,"], "location": ["Firenze"]},
        {"title": ["Les estoires de Venise"], "editor": ["A. Limentani"], "location": ["Firenze"]},
    ),
    Case(
        role_tail,
        {"title": ["La Terre Firme, ed. J. Goimard and P. Braudel,"]},
        {"title": ["La Terre Firme"], "editor": ["J. Goimard and P. Braudel"]},
    ),
    Case(
        role_tail,
        {"title": ["Il Milione, trad. di G. Ronchi"]},
        {"title": ["Il Milione"], "translator": ["G. Ronchi"]},
    ),
    Case(
        role_tail,
        {"title": ["Revolution in Poetic Language. Trans. Leon S. Roudiez."]},
        {"title": ["Revolution in Poetic Language"], "translator": ["Leon S. Roudiez"]},
    ),
    # A one-word title when the role is spelt out, not when only a name follows it.
    Case(
        role_tail,
        {"title": ["Decameron, a cura di V. Branca,"]},
        {"title": ["Decameron"], "editor": ["V. Branca"]},
    ),
    Case(role_tail, {"title": ["Decameron, Vittore Branca"]}, UNCHANGED, text="Decameron, Vittore Branca (ed.), 1992"),
    # Not a sentence that merely follows "ed." with initials in it.
    Case(role_tail, {"title": ["Notes, ed. J. Smith. A history of the town."]}, UNCHANGED),
    # A quoted title whose first word went elsewhere starts at its opening quote.
    Case(
        closing_quote_title,
        {"author": ["Marshall, Tyler."], "date": ['"200th', "15 March 1985,"], "title": ['Birthday of Grimms."']},
        {"author": ["Marshall, Tyler."], "date": ["15 March 1985,"], "title": ['"200th Birthday of Grimms."']},
        text='Marshall, Tyler. "200th Birthday of Grimms." Los Angeles Times, 15 March 1985, p. 3.',
    ),
    # ... not when that quote closes an earlier quoted stretch.
    Case(
        closing_quote_title,
        {"author": ["Lind, K."], "title": ['Tides."']},
        UNCHANGED,
        text='Lind, K. "On the" sea Tides." Mar Eng.',
    ),
    Case(closing_quote_title, {"title": ['"Birthday of Grimms."']}, UNCHANGED),
]


@pytest.mark.parametrize("case", params(CASES))
def test_tails_repair(case: Case) -> None:
    check(case)
