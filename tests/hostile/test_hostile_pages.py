"""Article pages nested absurdly deep: the deep part is dropped, the rest of the page kept,
and no RecursionError escapes (JSON-LD nested 100,000 deep, a JATS title 3,000 deep)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from citekit.cli import cli
from citekit.parsers.html.page import parse as parse_html
from citekit.parsers.html.schema import MAX_DEPTH, load_json_ld, shallow_json
from citekit.parsers.jats.article import parse as parse_jats
from citekit.parsers.jats.load import flatten_markup
from citekit.source import Source


def _json_ld_page(depth: int) -> str:
    deep = "[" * depth + "]" * depth
    article = json.dumps(
        {
            "@type": "ScholarlyArticle",
            "headline": "A Study of Deep Things",
            "author": [{"@type": "Person", "givenName": "Ann", "familyName": "Roe"}],
            "datePublished": "2019-04-02",
        }
    )
    # The deep value sits inside the article node: only that value is lost.
    article = article[:-1] + f', "about": {{"x": {deep}}}}}'
    return (
        "<html><head>"
        f'<script type="application/ld+json">{article}</script>'
        f'<script type="application/ld+json">{deep}</script>'
        "</head><body><p>text</p></body></html>"
    )


@pytest.mark.parametrize("depth", [900, 100_000])
def test_json_ld_nested_deep_keeps_the_rest_of_the_page(depth: int) -> None:
    [record] = parse_html(Source(_json_ld_page(depth), "text/html", "deep.html"))
    assert record["title"] == "A Study of Deep Things"
    assert record["author"] == [{"family": "Roe", "given": "Ann"}]
    assert record["issued"] == {"date-parts": [[2019, 4, 2]]}


def test_shallow_json_cuts_only_below_the_limit() -> None:
    text = '{"a": [1, {"b": [[["x]"]]]}], "c": "{["}'
    assert json.loads(shallow_json(text, 3)) == {"a": [1, {"b": None}], "c": "{["}
    assert json.loads(shallow_json(text, 10)) == json.loads(text)


def test_json_ld_nodes_never_nest_past_the_limit() -> None:
    deep = "[" * 5000 + "]" * 5000
    [node] = load_json_ld([f'{{"@type": "Article", "name": "N", "x": {deep}}}'])
    value, depth = node["x"], 2
    while isinstance(value, list) and value:
        value, depth = value[0], depth + 1
    assert depth <= MAX_DEPTH + 1 and node["name"] == "N"


def _jats(depth: int) -> str:
    return (
        "<article><front><journal-meta><journal-title-group><journal-title>J Deep"
        "</journal-title></journal-title-group></journal-meta><article-meta>"
        '<article-id pub-id-type="doi">10.1234/deep.1</article-id>'
        f"<title-group><article-title>Start {'<italic>' * depth}deep{'</italic>' * depth} end"
        "</article-title></title-group>"
        '<contrib-group><contrib contrib-type="author"><name><surname>Roe</surname>'
        "<given-names>Ann</given-names></name></contrib></contrib-group>"
        '<pub-date pub-type="epub"><year>2001</year></pub-date></article-meta></front></article>'
    )


@pytest.mark.parametrize("depth", [1500, 3000, 20_000])
def test_jats_title_nested_deep_keeps_the_article(depth: int) -> None:
    [record] = parse_jats(Source(_jats(depth), "application/jats+xml", "deep.xml"))
    assert record["title"] == "Start <i>deep</i> end"  # italics nested in italics are one
    assert record["DOI"] == "10.1234/deep.1"
    assert record["author"] == [{"family": "Roe", "given": "Ann"}]
    assert record["issued"] == {"date-parts": [[2001]]}
    assert record["container-title"] == "J Deep"


def test_flatten_markup_keeps_text_comments_and_cdata() -> None:
    text = '<?xml version="1.0"?><!-- <x> --><a k="v"><b><c/><d>t<e>u</e></d></b><![CDATA[<z>]]></a>'
    assert flatten_markup(text, 2) == '<?xml version="1.0"?><!-- <x> --><a k="v"><b>tu</b><![CDATA[<z>]]></a>'


def test_cli_parse_reads_deep_pages(tmp_path: Path) -> None:
    (tmp_path / "deep.xml").write_text(_jats(3000), encoding="utf-8")
    (tmp_path / "deep.html").write_text(_json_ld_page(100_000), encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", str(tmp_path / "deep.xml"), str(tmp_path / "deep.html")])
    assert result.exit_code == 0, result.output
    titles = sorted(r["title"] for r in json.loads(result.stdout))
    assert titles == ["A Study of Deep Things", "Start <i>deep</i> end"]
