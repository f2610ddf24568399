"""Identifiers of fixed shape found in reference strings."""

from __future__ import annotations

import pytest

from citekit.parsers.refs.ident import find_identifiers


@pytest.mark.parametrize(
    ("text", "pmid"),
    [
        ("Siegel RL. Cancer statistics. CA. 2015;65(1):5–29. doi: 10.3322/caac.21254 25559415.", "25559415"),
        ("Crum CP. Carcinoma of the vulva. Obstet Gynecol. 1992;79(3):448–54. 1310806.", "1310806"),
        ("Smith J. A title. J Biol. 2001;12:3-9. PMID: 11237522", "11237522"),
        # article numbers and pages in the same place are not PMIDs
        ("Li X. Retrieval. Acta Optica Sinica, 38(10), 1010004.", None),
        ("Wu Y. Energy. Int J Energy Stat, 4(1): 1650003", None),
        ("Rossi M. Storia, Venezia 1988, p. 1234567.", None),
        ("Rossi M. Storia. Venezia 1988. 123456.", None),  # six digits
        ("Rossi M. Storia. Venezia 1988. 1234567 and more", None),  # not at the end
    ],
)
def test_bare_pubmed_id_at_the_end(text: str, pmid: str | None) -> None:
    found = [i.value for i in find_identifiers(text) if i.kind == "PMID"]
    assert found == ([pmid] if pmid else [])
