"""JATS articles are parsed without their body when that cannot change what is read."""

from __future__ import annotations

import pytest

from citekit.parsers.jats import article
from citekit.parsers.jats.load import without_body
from citekit.source import Source

_FRONT = (
    '<front><article-meta><title-group><article-title>Gut flora <italic>in vitro</italic></article-title>'
    '</title-group><contrib-group><contrib contrib-type="author"><name><surname>Roe</surname>'
    "<given-names>Ann</given-names></name></contrib></contrib-group>"
    '<article-id pub-id-type="doi">10.5555/gut.1</article-id></article-meta></front>'
)
_BACK = (
    '<back><ref-list><ref id="r1"><label>1</label><element-citation publication-type="journal">'
    "<person-group><name><surname>Doe</surname><given-names>J</given-names></name></person-group>"
    "<article-title>Flora</article-title><source>Gut</source><year>2001</year><volume>3</volume>"
    "<fpage>5</fpage></element-citation></ref></ref-list></back>"
)


def _text(body: str) -> str:
    return f'<?xml version="1.0"?>\n<article article-type="research-article">{_FRONT}\n{body}\n{_BACK}</article>'


def _records(text: str, monkeypatch: pytest.MonkeyPatch | None = None) -> list:
    if monkeypatch is not None:
        monkeypatch.setattr(article, "without_body", lambda t: t)
    return article.parse(Source(text, "application/jats+xml", "t.xml"))


_CUT = [
    "<body><sec><title>Intro</title><p>See <xref ref-type=\"bibr\" rid=\"r1\">1</xref>.</p></sec></body>",
    '<body xml:lang="en"><p>a<br/>b</p><!-- a note, <table> inside --><p>c</p></body>',
    "<body>\n</body>",
]
_WHOLE = [
    "<body><p><![CDATA[<html></body></html>]]></p></body>",  # CDATA hides an end tag
    "<body><p>a</p><!-- </body> --><p>b</p></body>",  # a comment hides one
    "<body><?proc </body>?><p>b</p></body>",  # so does a processing instruction
    "<body><boxed-text><body><p>a</p></body></boxed-text></body>",  # a body inside the body
    "<body/>",  # empty: nothing to cut
]


@pytest.mark.parametrize("body", _CUT)
def test_the_body_is_cut_and_the_record_is_the_same(body: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = _text(body)
    cut = without_body(text)
    assert "<body" not in cut and "</front>\n\n<back>" in cut
    assert cut.replace("</front>\n\n<back>", "") == text.replace(f"</front>\n{body}\n<back>", "")
    records = _records(text)
    assert records[0]["title"] == "Gut flora <i>in vitro</i>" and records[0]["custom"]["references"][0]["page"] == "5"
    assert records == _records(text, monkeypatch)


@pytest.mark.parametrize("body", _WHOLE)
def test_a_body_that_may_hide_markup_is_kept(body: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = _text(body)
    assert without_body(text) is text
    assert _records(text) == _records(text, monkeypatch)


def test_a_body_not_right_after_the_front_matter_is_kept() -> None:
    text = _text("<body><p>a</p></body>").replace("</front>\n", "</front><notes><p>n</p></notes>\n")
    assert without_body(text) is text
    assert without_body("<article><body><p>a</p></body></article>") == "<article><body><p>a</p></body></article>"
