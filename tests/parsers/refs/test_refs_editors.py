"""Repairs around editors (citekit.parsers.refs.editors), one table row each."""

from __future__ import annotations

import pytest

from citekit.parsers.refs.editors import (
    authors_are_editors,
    book_after_editors,
    edited_work_is_title,
    editors_as_container,
    editors_open_container,
    editors_without_role,
    is_role,
    late_names,
    role_opens_title,
)
from tests.parsers.refs.cases import UNCHANGED, Case, check, params

CASES = [
    # "In Names, editor(s), Book": the names read as a first container are the book's editors.
    Case(
        editors_as_container,
        {"title": ["Continuation."], "container-title": ["In Rohit Parikh,", "Logics of Programs,"]},
        {"title": ["Continuation."], "editor": ["In Rohit Parikh,"], "container-title": ["Logics of Programs,"]},
        "A. Meyer. Continuation. In Rohit Parikh, editor, Logics of Programs, 1985.",
    ),
    Case(
        editors_as_container,
        {"container-title": ["In C. B. Jones, R. C. Shaw, and T. Denvir,", "Proc. Refinement Workshop,"]},
        {"editor": ["In C. B. Jones, R. C. Shaw, and T. Denvir,"], "container-title": ["Proc. Refinement Workshop,"]},
        "A. Cau. Formalising. In C. B. Jones, R. C. Shaw, and T. Denvir, editors, Proc. Refinement Workshop, 1992.",
    ),
    # No "editor" after them; one container only; not only names.
    Case(
        editors_as_container,
        {"container-title": ["In Rohit Parikh,", "Logics of Programs,"]},
        UNCHANGED,
        "A. Meyer. Continuation. In Rohit Parikh, Logics of Programs, 1985.",
    ),
    Case(editors_as_container, {"container-title": ["In Rohit Parikh,"]}, UNCHANGED, "In Rohit Parikh, editor, 1985."),
    Case(
        editors_as_container,
        {"container-title": ["In Proceedings 5,", "Logics,"]},
        UNCHANGED,
        "In Proceedings 5, editors, Logics, 1985.",
    ),
    # Names found again after the title: the end of the container, else the book's editors.
    Case(
        late_names,
        {
            "author": ["Ballard, J.", "of J. G. Ballard."],
            "title": ["“The City.”"],
            "container-title": ["In The Best Stories"],
        },
        {
            "author": ["Ballard, J."],
            "title": ["“The City.”"],
            "container-title": ["In The Best Stories of J. G. Ballard."],
        },
        text="Ballard, J. “The City.” In The Best Stories of J. G. Ballard. New York: Holt, 1995, 1–20.",
    ),
    Case(
        late_names,
        {"author": ["Ford, C.", "Carol E. Harrison."], "title": ["Romantic Catholics by"]},
        {"author": ["Ford, C."], "editor": ["Carol E. Harrison."], "title": ["Romantic Catholics by"]},
        text="Ford, C. (2015). Romantic Catholics by Carol E. Harrison. The Catholic Historical Review, 101.",
    ),
    Case(
        late_names,
        {"author": ["Ford, C.", "Berg, A."], "title": ["Romantic Catholics"]},
        UNCHANGED,
        text="Ford, C. Berg, A. Romantic Catholics.",
    ),
    Case(
        late_names,
        {"author": ["Ford, C.", "Carol E. Harrison."], "title": ["Romantic Catholics by"], "editor": ["B. Lind"]},
        UNCHANGED,
        text="Ford, C. (2015). Romantic Catholics by Carol E. Harrison. Ed. B. Lind.",
    ),
    # The book after a chapter's editors: read into the editors, or as a second title.
    Case(
        book_after_editors,
        {"author": ["Lister, N."], "title": ["Trashed space."], "editor": ["In J. Knechtel (Ed.), TRASH."]},
        {
            "author": ["Lister, N."],
            "title": ["Trashed space."],
            "editor": ["In J. Knechtel (Ed.),"],
            "container-title": ["TRASH."],
        },
        text="Lister, N. (2006). Trashed space. In J. Knechtel (Ed.), TRASH. Cambridge, MA: MIT Press.",
    ),
    Case(
        book_after_editors,
        {
            "author": ["R.P. Martin,"],
            "title": ["‘Homer's Iliad’,", "Teaching Oral Traditions,", "1998"],
            "editor": ["J.M. Foley"],
        },
        {
            "author": ["R.P. Martin,"],
            "title": ["‘Homer's Iliad’,"],
            "container-title": ["Teaching Oral Traditions,"],
            "editor": ["J.M. Foley"],
            "note": ["1998"],
        },
        text="R.P. Martin, ‘Homer's Iliad’, In J.M. Foley (ed.), Teaching Oral Traditions, New York 1998, pp. 339-50.",
    ),
    Case(
        book_after_editors,
        {"author": ["Boswell, James"], "title": ["Journal of a Trip,"], "editor": ["Trip, (ed.) R. W. Chapman"]},
        UNCHANGED,
        text="Boswell, James (1970), Journal of a Trip, (ed.) R. W. Chapman (Oxford: Oxford University Press).",
    ),
    Case(book_after_editors, {"title": ["A", "B"], "editor": ["C (eds.)"], "container-title": ["D"]}, UNCHANGED),
    # A chapter's editors and their role read into the start of the container.
    Case(
        editors_open_container,
        {"title": ["Zivilgesellschaft."], "container-title": ["In: D. Nohlen (Hrsg.): Kleines Lexikon der Politik."]},
        {
            "title": ["Zivilgesellschaft."],
            "container-title": ["Kleines Lexikon der Politik."],
            "editor": ["D. Nohlen (Hrsg.)"],
        },
    ),
    Case(
        editors_open_container,
        {"container-title": ["In R. Ekman & R. Quandt (Eds.), Technology and Scholarly Communication."]},
        {"container-title": ["Technology and Scholarly Communication."], "editor": ["R. Ekman & R. Quandt (Eds.),"]},
    ),
    # Not when editors were found, nor when no book follows the role.
    Case(editors_open_container, {"container-title": ["In: A. B (Hrsg.): Buch."], "editor": ["C. D"]}, UNCHANGED),
    Case(editors_open_container, {"container-title": ["Jahrbuch (Hg.) 12"]}, UNCHANGED),
    # An edited work read as a container is the title.
    Case(
        edited_work_is_title,
        {"editor": ["Tester, Keith, ed."], "container-title": ["The Flâneur."], "publisher": ["Routledge,"]},
        {
            "editor": ["Tester, Keith, ed."],
            "title": ["The Flâneur."],
            "container-title": [],
            "publisher": ["Routledge,"],
        },
        text="Tester, Keith, ed. The Flâneur. London: Routledge, 1994.",
    ),
    Case(
        edited_work_is_title,
        {"editor": ["Tester, Keith, ed."], "container-title": ["The Flâneur."]},
        UNCHANGED,
        text="Lind, K. Walking. In Tester, Keith, ed. The Flâneur. London: Routledge, 1994.",
    ),
    Case(edited_work_is_title, {"editor": ["Tester, Keith,"], "container-title": ["The Flâneur."]}, UNCHANGED),
    # Authors that say they are editors (in the span, or right after it).
    Case(
        authors_are_editors,
        {"author": ["Demarais, S., and P. R. Krausman,"], "date": ["2000."], "title": ["Ecology of large mammals."]},
        {
            "author": [],
            "editor": ["Demarais, S., and P. R. Krausman,"],
            "date": ["2000."],
            "title": ["Ecology of large mammals."],
        },
        text="Demarais, S., and P. R. Krausman, editors. 2000. Ecology of large mammals. Prentice Hall.",
    ),
    Case(
        authors_are_editors,
        {"author": ["Bird, J., and L. Tickner, eds."], "container-title": ["Mapping the Futures."]},
        {
            "author": [],
            "editor": ["Bird, J., and L. Tickner, eds."],
            "title": ["Mapping the Futures."],
            "container-title": [],
        },
    ),
    Case(authors_are_editors, {"author": ["Bird, J."], "title": ["Mapping the Futures."]}, UNCHANGED),
    # Names opening the reference read as editors though nothing says so: the authors.
    Case(
        editors_without_role,
        {"editor": ["Veronica Franco,"], "location": ["Lettere, Napoli"]},
        {"author": ["Veronica Franco,"], "location": ["Lettere, Napoli"]},
        "Veronica Franco, Lettere, Napoli, 1949.",
    ),
    Case(editors_without_role, {"editor": ["G. Contarini,"]}, {"author": ["G. Contarini,"]}, "G. Contarini, Opera"),
    Case(editors_without_role, {"editor": ["G. Contarini (ed.),"]}, UNCHANGED, "G. Contarini (ed.), Opera"),
    # The span ran on into the title after a name written given name first.
    Case(
        editors_without_role,
        {"editor": ["Veronica Franco, Lettere,"], "location": ["Napoli,"]},
        {"location": ["Napoli,"], "author": ["Veronica Franco,"], "title": ["Lettere"]},
        "Veronica Franco, Lettere, Napoli, Ricciardi, 1949.",
    ),
    Case(  # a title was found: the names stay as they are
        editors_without_role,
        {"editor": ["Veronica Franco, Lettere,"], "title": ["Rime"]},
        UNCHANGED,
        "Veronica Franco, Lettere, Rime",
    ),
    Case(editors_without_role, {"editor": ["Diplom. Ven.- Lev.,"]}, UNCHANGED, "Diplom. Ven.- Lev., II, p. 3."),
    Case(editors_without_role, {"editor": ["G. Contarini,"]}, UNCHANGED, "Opera, ed. G. Contarini, 1589"),
    # The names' role after the year, read as the start of the title: they are the editors.
    Case(
        role_opens_title,
        {"author": ["Antoni, C.H."], "date": ["(1994)"], "title": ["(Hrsg.): Gruppenarbeit,"]},
        {"editor": ["Antoni, C.H."], "date": ["(1994)"], "title": ["Gruppenarbeit,"], "note": ["(Hrsg.):"]},
    ),
    Case(role_opens_title, {"author": ["Antoni, C."], "title": ["(Ed.) Group work"], "editor": ["B. Lind"]}, UNCHANGED),
    Case(role_opens_title, {"author": ["Antoni, C.H."], "title": ["(Edinburgh) Group work"]}, UNCHANGED),
]


@pytest.mark.parametrize("case", params(CASES))
def test_editors_repair(case: Case) -> None:
    check(case)


@pytest.mark.parametrize(
    ("span", "expected"),
    [("J. Knechtel (Eds.),", True), ("A. Berg, eds.", True), ("K. Lind (Hrsg.)", True), ("A. Berg", False)],
)
def test_is_role(span: str, expected: bool) -> None:
    assert is_role(span) is expected
