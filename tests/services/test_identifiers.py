"""Which inputs are identifiers (PMID, PMCID, arXiv id, ISBN), and which are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from citekit.source import Identifier, identify, is_doi, is_identifier, is_url


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PMID:12345", Identifier("pmid", "12345")),
        ("pmid: 0012345", Identifier("pmid", "12345")),
        ("PubMed 12345", Identifier("pmid", "12345")),
        ("PMCID:PMC3531190", Identifier("pmcid", "PMC3531190")),
        ("PMC3531190", Identifier("pmcid", "PMC3531190")),
        ("pmcid: pmc 3531190", Identifier("pmcid", "PMC3531190")),
        ("arXiv:2101.00001", Identifier("arxiv", "2101.00001")),
        ("arxiv:2101.00001v2", Identifier("arxiv", "2101.00001v2")),
        ("arXiv:0704.0001", Identifier("arxiv", "0704.0001")),
        ("arXiv:hep-th/9901001", Identifier("arxiv", "hep-th/9901001")),
        ("arXiv:math.GT/0309136v1", Identifier("arxiv", "math.GT/0309136v1")),
        ("ISBN:978-2-213-01401-2", Identifier("isbn", "9782213014012")),
        ("ISBN 978 1 555 55001 1", Identifier("isbn", "9781555550011")),
        ("isbn-10: 1-55555-001-0", Identifier("isbn", "1555550010")),
        ("ISBN:080442957X", Identifier("isbn", "080442957X")),
    ],
)
def test_identifiers(text: str, expected: Identifier) -> None:
    assert identify(text) == expected
    assert not is_url(text) and not is_doi(text)


@pytest.mark.parametrize(
    "text",
    [
        "12345",  # a bare number: a PMID? a page?
        "2101.00001",  # a bare arXiv id: a number
        "9782213014012",  # a bare ISBN-13: prefix required
        "ISBN:978-2-213-01401-3",  # checksum wrong
        "ISBN:1234567890123",  # not 978/979
        "PMID:",
        "PMID:0",
        "arXiv:21010.0001",
        "arXiv:2101.00001 extra",
        "https://arxiv.org/abs/2101.00001",  # a URL stays a URL
        "https://pubmed.ncbi.nlm.nih.gov/12345/",
        "10.5555/12345678",  # a DOI
        "PMC",
    ],
)
def test_not_identifiers(text: str) -> None:
    assert identify(text) is None and not is_identifier(text)


def test_an_existing_file_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "PMC123").write_text("@article{k, title={T}}")
    assert identify("PMC123") is None
    assert identify("PMC124") == Identifier("pmcid", "PMC124")
