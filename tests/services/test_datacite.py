"""DataCite for the DOIs Crossref does not hold: the JSON:API document, the pipeline's
fallback, and the command line."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from citekit.cli import cli
from citekit.parsers.datacite import parse as parse_datacite
from citekit.pipeline import Outcome, process, resolve_outcomes
from citekit.record import Record, validate
from citekit.resolve.outcome import DOI_NOT_FOUND
from citekit.source import read
from citekit.testing import serve as serve_crossref
from tests.conftest import FIXTURES, assert_golden, standin
from tests.services.conftest import services

ZENODO = FIXTURES / "datacite" / "zenodo_dataset.json"


class NothingInCrossref:
    """A resolver for which every DOI is unknown (as Crossref answers 404)."""

    def resolve_all(self, records: Sequence[Record]) -> list[Record]:
        out = []
        for record in records:
            custom = dict(record.get("custom") or {})
            custom["match"] = {"status": "unresolved", "code": DOI_NOT_FOUND, "reason": "DOI not found in Crossref"}
            out.append({**record, "custom": custom})
        return out


def test_golden() -> None:
    assert_golden(ZENODO, parse_datacite(read(str(ZENODO))))


def test_the_bare_attributes_read_too(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(json.loads(ZENODO.read_text(encoding="utf-8"))["data"]["attributes"]))
    source = read(str(path))
    assert source.format == "datacite"
    (record,) = parse_datacite(source)
    assert record["title"] == "Preterm sleep recordings: raw actigraphy, 2019-2023"
    assert record["custom"]["authors"][0]["ORCID"] == "0000-0002-1825-0097"


def _doi_outcome(doi: str) -> Outcome:
    outcome = process(doi)
    assert outcome.ok
    return outcome


def test_a_doi_crossref_does_not_know_is_filled_from_datacite() -> None:
    with services() as s, s.lookups() as lookups:
        (done,) = resolve_outcomes([_doi_outcome("doi:10.5555/zenodo.900001")], NothingInCrossref(), lookups=lookups)
    assert done.ok
    (record,) = done.records
    assert validate(record) == []
    assert record["type"] == "dataset" and record["publisher"] == "Zenodo" and record["version"] == "1.1"
    assert record["custom"]["match"] == {
        "status": "verified",
        "score": 1.0,
        "method": "doi",
        "reasons": ["DOI registered with DataCite"],
    }
    assert record["custom"]["source"]["title"] == "datacite"
    assert [path for _, path in s.datacite.log] == ["/dois/10.5555/zenodo.900001"]


def test_a_doi_neither_knows_fails_in_one_line() -> None:
    with services() as s, s.lookups() as lookups:
        (done,) = resolve_outcomes([_doi_outcome("10.5555/nope.2")], NothingInCrossref(), lookups=lookups)
    assert not done.ok and done.error is not None
    assert done.error.describe() == "10.5555/nope.2: DOI 10.5555/nope.2 not found in Crossref or DataCite"


def test_datacite_unreachable_is_said() -> None:
    from citekit.services import Lookups
    from tests.conftest import CLOSED_URL

    with Lookups(datacite_url=CLOSED_URL, use_cache=False) as lookups:
        (done,) = resolve_outcomes([_doi_outcome("10.5555/nope.3")], NothingInCrossref(), lookups=lookups)
    assert done.error is not None
    assert str(done.error) == (
        "DOI 10.5555/nope.3 not found in Crossref; DataCite: cannot reach http://127.0.0.1:9 (connection refused)"
    )


def test_found_records_are_not_sent_to_datacite() -> None:
    with services() as s, s.lookups() as lookups:
        page = process(str(FIXTURES / "pubmed" / "preprint.xml"))
        (done,) = resolve_outcomes([page], NothingInCrossref(), lookups=lookups)
    assert done.ok and s.datacite.requests == 0  # only a DOI given as the input itself is rescued


@pytest.mark.parametrize(
    ("doi", "code", "line"),
    [
        ("10.5555/zenodo.900001", 0, ""),
        ("10.5555/nope.1", 1, "10.5555/nope.1: DOI 10.5555/nope.1 not found in Crossref or DataCite"),
    ],
)
def test_resolve_on_the_command_line(doi: str, code: int, line: str) -> None:
    with serve_crossref(standin()) as crossref, services() as s:
        args = ["resolve", doi, "--crossref-url", crossref, "--mailto", "t@example.org", "--no-cache", *s.options()]
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == code
    if code:
        assert result.stderr.splitlines()[0] == line
    else:
        (record,) = json.loads(result.stdout)
        assert record["type"] == "dataset" and record["DOI"] == doi
