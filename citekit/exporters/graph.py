"""Citation graph: works as nodes, citing → cited edges, merged across all records given.

A node is a work: its DOI (lowercase) when known, else ``ref:`` and a hash of the
normalised first author, year and title (container, volume and first page when there is
no title), so the same unresolved reference cited by two records becomes one node. The
citing records' own nodes are built the same way, so a harvested article cited by
another harvested article is one node with edges in and out.

Outputs: an OpenCitations-style CSV (``citing, cited, creation, timespan, journal_sc,
author_sc``: creation = the citing work's publication date, timespan = ISO 8601 duration
to it from the cited work's, self-citation flags from shared journal and shared
authors), GraphML (Gephi, Cytoscape, networkx, yEd) and GEXF 1.3 (Gephi). The
XML is written directly (escaped, typed attribute keys) so large graphs need no
networkx import; tests read every output back with networkx.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from citekit.formats.richtext import plain
from citekit.names import fold
from citekit.record import Record, normalize_doi, parts_of, slug

__all__ = [
    "DiskGraph",
    "Graph",
    "build",
    "dumps_csv",
    "dumps_gexf",
    "dumps_graphml",
    "timespan",
    "work_id",
    "write_csv",
    "write_gexf",
    "write_graphml",
]

CSV_COLUMNS = ("citing", "cited", "creation", "timespan", "journal_sc", "author_sc")
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _family(name: Mapping[str, Any]) -> str:
    return str(name.get("family") or name.get("literal") or "")


def _year(item: Mapping[str, Any]) -> str:
    parts = parts_of(item.get("issued"))
    return str(parts[0]) if parts else ""


@functools.lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    """:func:`citekit.names.fold`, cached: the same names recur across a harvest."""
    return text.lower() if text.isascii() else fold(text)


def _compact(text: str) -> str:
    """Letters and digits only, folded: "C.T." and "CT", "Paravertebral  masses" agree."""
    return "".join(filter(str.isalnum, text.lower() if text.isascii() else fold(text)))


def work_id(item: Mapping[str, Any]) -> str:
    """The node id of a work: its DOI (lowercase), else a stable ``ref:`` hash.

    :param item: a record or a reference (CSL-JSON).
    :returns: the id; equal for two items describing the same work the same way.
    """
    doi = normalize_doi(str(item.get("DOI") or ""))
    if doi:
        return doi.lower()
    authors = item.get("author") or item.get("editor") or []
    first = slug(_fold(_family(authors[0])), words=3) if authors and isinstance(authors[0], Mapping) else ""
    title = _compact(plain(str(item.get("title") or "")))
    if title:
        basis = f"{first}|{_year(item)}|{title}"
    else:
        container = _compact(plain(str(item.get("container-title") or item.get("container-title-short") or "")))
        page = str(item.get("page") or "").split("-")[0].strip()
        raw = str((item.get("custom") or {}).get("raw") or "") if isinstance(item.get("custom"), Mapping) else ""
        basis = f"{first}|{_year(item)}|{container}|{item.get('volume') or ''}|{page}"
        if basis.strip("|") == "" or not (container or first):
            basis = "raw|" + slug(raw) if raw else "id|" + str(item.get("id") or "")
    return "ref:" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


@dataclass
class Node:
    """A work in the graph."""

    id: str
    title: str = ""
    year: str = ""
    authors: str = ""
    container: str = ""
    doi: str = ""
    kind: str = "reference"  # "record" for works given as records
    date: list[int] = field(default_factory=list)
    families: frozenset[tuple[str, str]] = frozenset()  # (folded family, first initial or "")
    journal: str = ""


class Graph:
    """Nodes by id (first-seen order) and unique edges in first-seen order, in memory.

    :class:`DiskGraph` keeps the same in a SQLite file, for graphs of whole harvests.
    """

    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self.edges: list[tuple[str, str]] = []
        self._seen: set[tuple[str, str]] = set()

    def get(self, node_id: str) -> Node | None:
        return self.nodes.get(node_id)

    def put(self, node: Node) -> None:
        self.nodes[node.id] = node

    def add_edge(self, citing: str, cited: str) -> None:
        if (citing, cited) not in self._seen:
            self._seen.add((citing, cited))
            self.edges.append((citing, cited))

    def iter_nodes(self) -> Iterator[Node]:
        return iter(self.nodes.values())

    def iter_edges(self) -> Iterator[tuple[Node, Node]]:
        return ((self.nodes[a], self.nodes[b]) for a, b in self.edges)


def _node_row(node: Node) -> str:
    return json.dumps(
        [
            node.title,
            node.year,
            node.authors,
            node.container,
            node.doi,
            node.kind,
            node.date,
            sorted(node.families),
            node.journal,
        ],
        ensure_ascii=False,
    )


def _row_node(node_id: str, data: str) -> Node:
    title, year, authors, container, doi, kind, date, families, journal = json.loads(data)
    return Node(node_id, title, year, authors, container, doi, kind, date, frozenset(map(tuple, families)), journal)


class DiskGraph(Graph):
    """A :class:`Graph` in a SQLite file: memory stays flat however large the graph.

    :param path: the database file (created; the caller removes it).
    """

    def __init__(self, path: str | Path) -> None:
        super().__init__()
        self.db = sqlite3.connect(str(path), isolation_level=None)
        self.db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
            "CREATE TABLE nodes (seq INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, data TEXT NOT NULL);"
            "CREATE TABLE edges (seq INTEGER PRIMARY KEY, citing TEXT NOT NULL, cited TEXT NOT NULL,"
            " UNIQUE (citing, cited));"
            "BEGIN;"
        )

    def get(self, node_id: str) -> Node | None:
        row = self.db.execute("SELECT data FROM nodes WHERE id = ?", (node_id,)).fetchone()
        return _row_node(node_id, row[0]) if row else None

    def put(self, node: Node) -> None:
        self.db.execute(
            "INSERT INTO nodes (id, data) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data",
            (node.id, _node_row(node)),
        )

    def add_edge(self, citing: str, cited: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO edges (citing, cited) VALUES (?, ?)", (citing, cited))

    def iter_nodes(self) -> Iterator[Node]:
        for node_id, data in self.db.execute("SELECT id, data FROM nodes ORDER BY seq"):
            yield _row_node(node_id, data)

    def iter_edges(self) -> Iterator[tuple[Node, Node]]:
        query = (
            "SELECT e.citing, a.data, e.cited, b.data FROM edges e"
            " JOIN nodes a ON a.id = e.citing JOIN nodes b ON b.id = e.cited ORDER BY e.seq"
        )
        for citing, citing_data, cited, cited_data in self.db.execute(query):
            yield _row_node(citing, citing_data), _row_node(cited, cited_data)

    def close(self) -> None:
        self.db.close()


def _node(item: Mapping[str, Any], kind: str, node_id: str) -> Node:
    names = [n for n in item.get("author") or () if isinstance(n, Mapping)]
    authors = "; ".join(
        (
            f"{_family(n)}, {n['given']}"
            if n.get("given") and n.get("family")
            else _family(n) or str(n.get("given") or "")
        )
        for n in names
    )
    issn = str(item.get("ISSN") or "").split(",")[0].strip().replace("-", "").upper()
    container = plain(str(item.get("container-title") or ""))
    return Node(
        id=node_id,
        title=plain(str(item.get("title") or "")),
        year=_year(item),
        authors=authors,
        container=container,
        doi=(normalize_doi(str(item.get("DOI") or "")) or "").lower(),
        kind=kind,
        date=parts_of(item.get("issued")),
        families=frozenset((_fold(_family(n)), _fold(str(n.get("given") or "")[:1])) for n in names if _family(n)),
        journal=issn or slug(container),
    )


def _merge(old: Node, new: Node) -> None:
    """Fill gaps of a node seen before (a record beats a reference string)."""
    if new.kind == "record":
        old.kind = "record"
    for name in ("title", "year", "authors", "container", "doi", "journal"):
        if not getattr(old, name) and getattr(new, name):
            setattr(old, name, getattr(new, name))
    if len(new.date) > len(old.date) and (not old.date or new.date[0] == old.date[0]):
        old.date = new.date
    if not old.families:
        old.families = new.families


def build(records: Iterable[Record], graph: Graph | None = None) -> Graph:
    """The citation graph of ``records`` and the works their references point to.

    :param records: records carrying ``custom.references``.
    :param graph: the graph to add to (a :class:`DiskGraph` for a whole harvest); a new
        in-memory one by default.
    :returns: the merged graph; an edge appears once however often it is found, and
        self-loops (a work citing itself) are left out.
    """
    graph = Graph() if graph is None else graph

    def add(item: Mapping[str, Any], kind: str) -> str:
        node_id = work_id(item)
        known = graph.get(node_id)
        if known is None:
            graph.put(_node(item, kind, node_id))
        elif kind == "record" or not (known.title and known.date and known.authors):
            _merge(known, _node(item, kind, node_id))  # only when it can add something
            graph.put(known)
        return node_id

    for record in records:
        if not isinstance(record, Mapping):
            continue
        citing = add(record, "record")
        custom: Mapping[str, Any] = record["custom"] if isinstance(record.get("custom"), Mapping) else {}
        for reference in custom.get("references") or ():
            if not isinstance(reference, Mapping) or not any(
                reference.get(k) for k in ("DOI", "title", "author", "container-title", "custom")
            ):
                continue
            cited = add(reference, "reference")
            if cited != citing:
                graph.add_edge(citing, cited)
    return graph


def timespan(citing: Sequence[int], cited: Sequence[int]) -> str:
    """ISO 8601 duration from the cited work's date to the citing work's, as
    OpenCitations writes it: ``P2Y9M``; months only when both dates have them, days
    only when both have days; ``-P1Y`` when the cited work is the later one.

    :param citing: date parts of the citing work.
    :param cited: date parts of the cited work.
    :returns: the duration, or ``""`` when either date is unknown.
    """
    if not citing or not cited:
        return ""
    precision = min(len(citing), len(cited))
    a = list(citing[:precision]) + [1] * (3 - precision)
    b = list(cited[:precision]) + [1] * (3 - precision)
    negative = tuple(a) < tuple(b)
    if negative:
        a, b = b, a
    years, months, days = a[0] - b[0], a[1] - b[1], a[2] - b[2]
    if days < 0:
        months -= 1
        days += _month_length(b[0], b[1])
    if months < 0:
        years -= 1
        months += 12
    text = f"P{years}Y"
    if precision >= 2:
        text += f"{months}M"
    if precision >= 3:
        text += f"{days}D"
    return ("-" if negative else "") + text


def _month_length(year: int, month: int) -> int:
    if month == 2:
        return 29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _iso(parts: Sequence[int]) -> str:
    return "-".join([f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:3]]) if parts else ""


def _shares_author(a: Node, b: Node) -> bool:
    """Self-citation by authorship: a family name in common, with the same first initial
    when both sides give one ("Boujida, N." matches "Boujida, Nadia", not "Boujida, S.")."""
    initials: dict[str, set[str]] = {}
    for family, initial in a.families:
        initials.setdefault(family, set()).add(initial)
    for family, initial in b.families:
        mine = initials.get(family)
        if mine is not None and (not initial or "" in mine or initial in mine):
            return True
    return False


def write_csv(graph: Graph, handle: IO[str]) -> None:
    """Write the edges of ``graph`` as an OpenCitations-style CSV, one row per edge."""
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for citing, cited in graph.iter_edges():
        journal_sc = bool(citing.journal and citing.journal == cited.journal)
        author_sc = _shares_author(citing, cited)
        writer.writerow(
            [
                citing.id,
                cited.id,
                _iso(citing.date),
                timespan(citing.date, cited.date),
                "yes" if journal_sc else "no",
                "yes" if author_sc else "no",
            ]
        )


def dumps_csv(records: Sequence[Record]) -> str:
    """The citations as an OpenCitations-style CSV, one row per edge.

    :param records: records carrying ``custom.references``.
    :returns: CSV text with the header ``citing,cited,creation,timespan,journal_sc,author_sc``.
    """
    out = io.StringIO()
    write_csv(build(records), out)
    return out.getvalue()


def _xml(text: str) -> str:
    text = _XML_BAD.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


_NODE_ATTRS = (
    ("label", "string"),
    ("title", "string"),
    ("year", "int"),
    ("authors", "string"),
    ("container", "string"),
    ("doi", "string"),
    ("kind", "string"),
)


def _label(node: Node) -> str:
    first = node.authors.split(";")[0].split(",")[0].strip()
    label = " ".join(p for p in (first, node.year) if p)
    return label or node.title[:60] or node.id


def _attributes(node: Node) -> list[tuple[int, str]]:
    values = [_label(node), node.title, node.year, node.authors, node.container, node.doi, node.kind]
    return [(i, v) for i, v in enumerate(values) if v]


def write_graphml(graph: Graph, handle: IO[str]) -> None:
    """Write ``graph`` as GraphML (directed; node attributes typed for Gephi)."""
    handle.write(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
    )
    for i, (name, kind) in enumerate(_NODE_ATTRS):
        handle.write(f'  <key id="d{i}" for="node" attr.name="{name}" attr.type="{kind}"/>\n')
    handle.write('  <graph id="citations" edgedefault="directed">\n')
    for node in graph.iter_nodes():
        data = "".join(f'<data key="d{index}">{_xml(value)}</data>' for index, value in _attributes(node))
        handle.write(f'    <node id="{_xml(node.id)}">{data}</node>\n')
    for i, (source, target) in enumerate(graph.iter_edges()):
        handle.write(f'    <edge id="e{i}" source="{_xml(source.id)}" target="{_xml(target.id)}"/>\n')
    handle.write("  </graph>\n</graphml>\n")


def dumps_graphml(records: Sequence[Record]) -> str:
    """The citation graph as GraphML (directed; node attributes typed for Gephi).

    :param records: records carrying ``custom.references``.
    :returns: the GraphML document.
    """
    out = io.StringIO()
    write_graphml(build(records), out)
    return out.getvalue()


def write_gexf(graph: Graph, handle: IO[str]) -> None:
    """Write ``graph`` as GEXF 1.3 (Gephi's native format), directed."""
    types = {"string": "string", "int": "integer"}
    handle.write(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n'
        "  <meta><creator>citekit</creator><description>citation graph</description></meta>\n"
        '  <graph defaultedgetype="directed" mode="static">\n    <attributes class="node" mode="static">\n'
    )
    for i, (name, kind) in enumerate(_NODE_ATTRS[1:], start=1):
        handle.write(f'      <attribute id="{i}" title="{name}" type="{types[kind]}"/>\n')
    handle.write("    </attributes>\n    <nodes>\n")
    for node in graph.iter_nodes():
        values = "".join(
            f'<attvalue for="{index}" value="{_xml(value)}"/>' for index, value in _attributes(node) if index
        )
        handle.write(
            f'      <node id="{_xml(node.id)}" label="{_xml(_label(node))}"><attvalues>{values}</attvalues></node>\n'
        )
    handle.write("    </nodes>\n    <edges>\n")
    for i, (source, target) in enumerate(graph.iter_edges()):
        handle.write(f'      <edge id="{i}" source="{_xml(source.id)}" target="{_xml(target.id)}"/>\n')
    handle.write("    </edges>\n  </graph>\n</gexf>\n")


def dumps_gexf(records: Sequence[Record]) -> str:
    """The citation graph as GEXF 1.3 (Gephi's native format), directed.

    :param records: records carrying ``custom.references``.
    :returns: the GEXF document.
    """
    out = io.StringIO()
    write_gexf(build(records), out)
    return out.getvalue()
