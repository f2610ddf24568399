"""Citation graph: OpenCitations-style CSV, GraphML and GEXF that networkx opens."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import networkx
import pytest

from citekit.exporters.graph import build, dumps_csv, dumps_gexf, dumps_graphml, timespan, work_id
from tests.conftest import FIXTURES


def _records() -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads((FIXTURES / "export" / "records.json").read_text(encoding="utf-8"))
    return loaded


def test_csv_columns_and_self_citation_flags() -> None:
    rows = list(csv.DictReader(io.StringIO(dumps_csv(_records()))))
    assert list(rows[0]) == ["citing", "cited", "creation", "timespan", "journal_sc", "author_sc"]
    assert len(rows) == 4
    first, second, third, fourth = rows
    assert first == {
        "citing": "10.4172/2376-0249.1000931",
        "cited": "10.5555/irh.2010.12",
        "creation": "2024-01-15",
        "timespan": "P13Y10M",
        "journal_sc": "no",
        "author_sc": "no",
    }
    assert second["cited"].startswith("ref:") and second["timespan"] == "P2Y"
    assert second["journal_sc"] == "yes" and second["author_sc"] == "yes"  # same ISSN, same author
    assert third["timespan"] == "" and third["journal_sc"] == "no"  # nothing known about the work
    assert fourth["cited"] == "10.5555/irh.2010.12"  # one node for a work cited twice


@pytest.mark.parametrize("reader", ["graphml", "gexf"])
def test_networkx_opens_the_graph_with_the_csv_edge_count(reader: str) -> None:
    records = _records()
    text = dumps_graphml(records) if reader == "graphml" else dumps_gexf(records)
    read = networkx.read_graphml if reader == "graphml" else networkx.read_gexf
    graph = read(io.BytesIO(text.encode("utf-8")))
    rows = list(csv.DictReader(io.StringIO(dumps_csv(records))))
    assert graph.is_directed()
    assert graph.number_of_edges() == len(rows) == 4
    assert graph.number_of_nodes() == 7  # 4 records (cited or not) and 3 works only cited
    node = graph.nodes["10.4172/2376-0249.1000931"]
    assert node["title"] == "Thoracic Paravertebral Extramedullary Hematopoiesis"
    assert node["year"] == 2024 and node["kind"] == "record"
    assert node["authors"].startswith("Boujida, Nadia; Jabour, Soukaina")
    assert graph.has_edge("10.4172/2376-0249.1000931", "10.5555/irh.2010.12")


def test_merged_across_records_and_stable_ids() -> None:
    reference = {
        "title": "Paravertebral masses on CT",
        "author": [{"family": "Boujida", "given": "N."}],
        "issued": {"date-parts": [[2022]]},
    }
    variant = {
        "title": "Paravertebral  masses on C.T.",
        "author": [{"family": "BOUJIDA"}],
        "issued": {"date-parts": [[2022, 4]]},
        "custom": {"raw": "other style"},
    }
    assert work_id(reference) == work_id(variant)
    assert work_id({"DOI": "https://doi.org/10.5555/ABC.1"}) == "10.5555/abc.1"
    citing_a = {"DOI": "10.5555/a.1", "custom": {"references": [reference]}}
    citing_b = {
        "DOI": "10.5555/b.1",
        "custom": {"references": [variant, {"DOI": "10.5555/a.1"}, {"DOI": "10.5555/b.1"}]},
    }
    graph = build([citing_a, citing_b])
    assert len(graph.nodes) == 3
    assert graph.edges == [
        ("10.5555/a.1", work_id(reference)),
        ("10.5555/b.1", work_id(reference)),
        ("10.5555/b.1", "10.5555/a.1"),
    ]
    assert graph.nodes["10.5555/a.1"].kind == "record"


def test_timespan_like_opencitations() -> None:
    assert timespan([2003, 10, 24], [2001, 1, 15]) == "P2Y9M9D"
    assert timespan([2018, 6], [2017, 12]) == "P0Y6M"
    assert timespan([2018, 6], [2017]) == "P1Y"
    assert timespan([2018], [2019, 1]) == "-P1Y"
    assert timespan([2020, 3, 1], [2020, 1, 31]) == "P0Y1M1D"
    assert timespan([], [2001]) == ""


def test_xml_is_escaped() -> None:
    records = [{"DOI": "10.5555/x.1", "title": 'A <b> & "c" \x01', "custom": {"references": [{"DOI": "10.5555/y.2"}]}}]
    graph = networkx.read_graphml(io.BytesIO(dumps_graphml(records).encode()))
    assert graph.nodes["10.5555/x.1"]["title"] == 'A <b> & "c" '


def test_author_self_citation_needs_matching_initials() -> None:
    citing = {
        "DOI": "10.5555/a.1",
        "author": [{"family": "Boujida", "given": "Nadia"}],
        "custom": {
            "references": [
                {"DOI": "10.5555/b.1", "author": [{"family": "Boujida", "given": "S."}]},
                {"DOI": "10.5555/c.1", "author": [{"family": "BOUJIDA"}]},
                {"DOI": "10.5555/d.1", "author": [{"family": "Boujida", "given": "N."}]},
            ]
        },
    }
    rows = list(csv.DictReader(io.StringIO(dumps_csv([citing]))))
    assert [r["author_sc"] for r in rows] == ["no", "yes", "yes"]
