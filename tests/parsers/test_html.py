"""HTML article pages: golden pairs, one test per vocabulary, and the merge rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from citekit.parsers.html.highwire import parse_reference_tag
from citekit.parsers.html.page import parse, parse_html
from citekit.record import validate
from citekit.source import Source
from tests.conftest import FIXTURES, assert_golden

CASES = sorted((FIXTURES / "html").glob("*.html"))


def _source(path: Path) -> Source:
    return Source(path.read_text(encoding="utf-8"), "text/html", path.name)


def _page(head: str, body: str = "<p>Text.</p>") -> dict:
    record = parse_html(f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>")
    assert record is not None
    assert validate(record) == []
    return record


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden(path: Path) -> None:
    assert_golden(path, parse(_source(path)))


def test_highwire_per_author_tags_follow_their_author() -> None:
    (record,) = parse(_source(FIXTURES / "html" / "highwire.html"))
    assert [a["family"] for a in record["author"]] == ["Haraldsdóttir", "Moreau", "Kim"]
    first, second, third = record["custom"]["authors"]
    assert len(first["affiliation"]) == 2 and first["ORCID"] == "0000-0002-1825-0097"
    assert second == {
        "affiliation": ["Laboratoire d'Océanographie Exemple, Brest, France"], "email": "jb.moreau@example.fr"
    }
    assert third == {}
    assert record["DOI"] == "10.5555/eol.2020.0113"  # "doi:" prefix dropped
    assert record["abstract"] == "We describe upwelling in the lee of a volcanic island."  # markup in content removed
    assert record["issued"] == {"date-parts": [[2020, 11, 4]]}
    assert record["custom"]["dates"]["published-online"] == "2020-10-21"
    assert record["custom"]["source"]["title"] == "citation_title"


def test_citation_reference_key_value_parts() -> None:
    ref = parse_reference_tag(
        "citation_author=A. B. Smith, C. D. Jones; citation_title=Island wakes; citation_book_title=Proc. Ex; "
        "citation_publication_date=2011; citation_pages=10-19; citation_doi=10.5555/x.1"
    )
    assert ref is not None
    assert [a["family"] for a in ref["author"]] == ["Smith", "Jones"]
    assert (ref["type"], ref["container-title"], ref["page"], ref["DOI"]) == (
        "chapter", "Proc. Ex", "10-19", "10.5555/x.1"
    )
    free = parse_reference_tag("Barton ED. The transition zone. Prog Oceanogr. 2004;62:71-94.")
    assert free == {"custom": {"raw": "Barton ED. The transition zone. Prog Oceanogr. 2004;62:71-94."}}


def test_bepress_and_dc_citation_spellings_are_highwire() -> None:
    record = _page(
        '<meta name="bepress_citation_title" content="A bepress title">'
        '<meta name="bepress_citation_author" content="Ndlovu, Thandiwe">'
        '<meta name="DC.citation.volume" content="3"><meta name="DC.citation.spage" content="7">'
        '<meta name="DC.citation.epage" content="9">'
        '<meta name="bepress_citation_date" content="2017">'
    )
    assert record["title"] == "A bepress title" and record["author"] == [{"family": "Ndlovu", "given": "Thandiwe"}]
    assert (record["volume"], record["page"]) == ("3", "7-9")


def test_dublin_core_double_space_split_and_truncated_description() -> None:
    (record,) = parse(_source(FIXTURES / "html" / "dublin_core_atypon.html"))
    assert record["author"][1] == {"family": "d’Souza", "given": "Livius V."}
    assert record["author"][2] == {"family": "de los Santos Pérez", "given": "Maria"}
    assert record["abstract"].endswith("twelve new esterases.")
    assert "container-title" not in record  # dc.Source was a URL, not the journal


def test_schema_prefix_from_link() -> None:
    record = _page(
        '<link rel="schema.DCTERMS" href="http://purl.org/dc/terms/">'
        '<link rel="schema.foo" href="http://purl.org/dc/elements/1.1/">'
        '<meta name="foo.title" content="Prefixed title"><meta name="foo.creator" content="Okafor, Ngozi">'
        '<meta name="DCTERMS.issued" content="2015-06-01"><meta name="DCTERMS.isPartOf" content="Example Quarterly">'
    )
    assert record["title"] == "Prefixed title" and record["container-title"] == "Example Quarterly"
    assert record["issued"] == {"date-parts": [[2015, 6, 1]]}
    assert record["custom"]["source"]["title"] == "dc.title"


def test_prism_tags() -> None:
    record = _page(
        '<meta name="dc.title" content="Prism page"><meta name="prism.publicationName" content="Example Letters">'
        '<meta name="prism.volume" content="12"><meta name="prism.number" content="3">'
        '<meta name="prism.startingPage" content="100">'
        '<meta name="prism.endingPage" content="110"><meta name="prism.doi" content="10.5555/el.12.100">'
        '<meta name="prism.publicationDate" content="2020-02-03">'
    )
    assert (record["container-title"], record["volume"], record["issue"], record["page"]) == (
        "Example Letters", "12", "3", "100-110"
    )
    assert record["DOI"] == "10.5555/el.12.100" and record["custom"]["source"]["DOI"] == "prism.doi"


def test_eprints_tags() -> None:
    record = _page(
        '<meta name="eprints.title" content="Repository paper">'
        '<meta name="eprints.creators_name" content="Wójcik, Anna">'
        '<meta name="eprints.creators_name" content="Tanaka, Hiroshi">'
        '<meta name="eprints.creators_id" content="a.wojcik@example.pl">'
        '<meta name="eprints.creators_id" content="h.tanaka@example.jp"><meta name="eprints.type" content="article">'
        '<meta name="eprints.publication" content="Example Review"><meta name="eprints.volume" content="8">'
        '<meta name="eprints.pagerange" content="1-20">'
        '<meta name="eprints.date" content="2016-09"><meta name="eprints.id_number" content="doi:10.5555/er.8.1">'
    )
    assert [a["family"] for a in record["author"]] == ["Wójcik", "Tanaka"]
    assert record["custom"]["authors"][1]["email"] == "h.tanaka@example.jp"
    assert (record["page"], record["DOI"], record["issued"]) == ("1-20", "10.5555/er.8.1", {"date-parts": [[2016, 9]]})


def test_json_ld_work_authors_container_chain_and_citations() -> None:
    (record,) = parse(_source(FIXTURES / "html" / "json_ld_only.html"))
    assert record["title"] == "Long-term rainfall records of three Andean valleys"
    assert record["author"] == [
        {"family": "Quispe Mamani", "given": "Rosa"},
        {"family": "de la Cruz Villanueva", "given": "Tomás"},
        {"literal": "Andean Example Rainfall Consortium"},
    ]
    assert (record["container-title"], record["volume"], record["issue"], record["page"]) == (
        "Example Journal of Andean Climate", "12", "1", "45-60"
    )
    assert record["custom"]["authors"][0]["ORCID"] == "0000-0002-1825-0097"
    refs = record["custom"]["references"]
    assert refs[0]["container-title"] == "Climatic Change" and refs[1] == {
        "custom": {"raw": "Garreaud R. The Andes climate and weather. Adv Geosci. 2009;22:3-11."}
    }


def test_microdata_scholarly_article() -> None:
    body = (
        '<div itemscope itemtype="http://schema.org/ScholarlyArticle"><h1 itemprop="headline">Microdata title</h1>'
        '<span itemprop="author" itemscope itemtype="http://schema.org/Person">'
        '<span itemprop="givenName">Emeka</span> <span itemprop="familyName">Eze</span>'
        '<span itemprop="affiliation" itemscope itemtype="http://schema.org/Organization">'
        '<span itemprop="name">Example Polytechnic</span></span></span>'
        '<meta itemprop="datePublished" content="2018-04-05">'
        '<div itemprop="isPartOf" itemscope itemtype="http://schema.org/Periodical">'
        '<span itemprop="name">Example Physics</span></div>'
        '<a itemprop="sameAs" href="https://doi.org/10.5555/ep.2018.5">doi</a>'
        '<div itemscope itemtype="http://schema.org/WebSite"><span itemprop="name">Not the article</span></div></div>'
    )
    record = _page("<title>Microdata</title>", body)
    assert record["title"] == "Microdata title" and record["author"] == [{"family": "Eze", "given": "Emeka"}]
    assert record["container-title"] == "Example Physics" and record["DOI"] == "10.5555/ep.2018.5"
    assert record["custom"]["authors"] == [{"affiliation": ["Example Polytechnic"]}]


def test_coins_span() -> None:
    span = (
        '<span class="Z3988" title="ctx_ver=Z39.88-2004&amp;rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Ajournal'
        '&amp;rft.genre=article&amp;rft.atitle=COinS+title&amp;rft.jtitle=Example+Journal'
        '&amp;rft.volume=4&amp;rft.spage=11&amp;rft.epage=19&amp;rft.date=2009'
        '&amp;rft.aulast=Abebe&amp;rft.aufirst=Tigist&amp;rft_id=info%3Adoi%2F10.5555%2Fej.4.11"></span>'
    )
    record = _page("<title>COinS page</title>", span)
    assert (record["title"], record["container-title"], record["page"], record["DOI"]) == (
        "COinS title", "Example Journal", "11-19", "10.5555/ej.4.11"
    )
    assert record["author"] == [{"family": "Abebe", "given": "Tigist"}]


def test_open_graph_fills_gaps_only() -> None:
    record = _page(
        '<meta name="citation_title" content="Real title"><meta name="citation_doi" content="10.5555/og.1">'
        '<meta property="og:title" content="Real Title | Example Site">'
        '<meta property="og:description" content="A description.">'
        '<meta property="article:published_time" content="2021-05-06T10:00:00Z">'
        '<meta property="og:url" content="https://example.org/a/1">'
    )
    assert record["title"] == "Real title" and record["custom"]["source"]["title"] == "citation_title"
    assert record["abstract"] == "A description." and record["custom"]["source"]["abstract"] == "og:description"
    assert record["issued"] == {"date-parts": [[2021, 5, 6]]} and record["URL"] == "https://example.org/a/1"


def test_names_from_a_structured_source_win_over_a_guess() -> None:
    record = _page(
        '<meta name="citation_title" content="T"><meta name="citation_doi" content="10.5555/n.1">'
        '<meta name="citation_author" content="Maria de Lourdes Silva Santos">'
        '<script type="application/ld+json">{"@type": "ScholarlyArticle", "headline": "T", "author": '
        '{"@type": "Person", "givenName": "Maria de Lourdes", "familyName": "Silva Santos", "sameAs": '
        '"https://orcid.org/0000-0002-1825-0097"}}</script>'
    )
    assert record["author"] == [{"family": "Silva Santos", "given": "Maria de Lourdes"}]
    assert record["custom"]["authors"] == [{"ORCID": "0000-0002-1825-0097"}]
    assert record["custom"]["source"]["author"] == "citation_author"


def test_pages_without_an_article() -> None:
    assert parse(_source(FIXTURES / "html" / "no_article.html")) == []
    assert (
        parse_html("<html><head><title>Welcome</title></head><body><nav>Home</nav><p>Nothing here.</p></body></html>")
        is None
    )


def test_scripts_styles_and_navigation_do_not_leak() -> None:
    record = _page(
        "<title>Fallback</title><style>.title { color: red }</style>",
        '<nav><a href="/">Home</a> <a href="/issues">Current Issue</a></nav><script>var title = "Wrong";</script>'
        "<h1>A scraped page about river deltas</h1><p>Author(s): Ana Lima*, Rui Sousa</p>"
        "<p>Received: 01 March 2020; Published: 05 May 2020</p><p>DOI: 10.5555/rd.2020.5</p>",
    )
    assert record["title"] == "A scraped page about river deltas"
    assert [a["family"] for a in record["author"]] == ["Lima", "Sousa"]
    assert record["issued"] == {"date-parts": [[2020, 5, 5]]}


def test_xml_declaration_and_entities() -> None:
    record = parse_html(
        '<?xml version="1.0" encoding="utf-8"?><html><head><meta name="citation_title" content="Fish &amp;amp; chips">'
        '<meta name="citation_doi" content="10.5555/f.1"></head></html>'
    )
    assert record is not None and record["title"] == "Fish & chips"


def test_hcard_class_names_give_the_byline() -> None:
    record = _page(
        '<meta name="citation_title" content="Class-named byline"><meta name="citation_doi" content="10.5555/h.1">'
        '<meta name="citation_journal_title" content="Example Journal">',
        '<div class="author-group"><a><span class="given-name">Kati</span> <span class="surname">Ruusu</span></a>'
        '<a><span class="given-name">Oskar</span> <span class="family-name">Lind</span></a></div>'
        '<div class="references"><span class="given-name">Not</span> <span class="surname">Anauthor</span></div>',
    )
    assert record["author"] == [{"family": "Ruusu", "given": "Kati"}, {"family": "Lind", "given": "Oskar"}]
    assert record["custom"]["source"]["author"] == "hcard"


def test_visible_text_fills_what_the_metadata_lacks() -> None:
    record = _page(
        '<meta name="dc.title" content="Glacier retreat in the example range">'
        '<meta name="dc.identifier" content="10.5555/g.7">',
        "<nav>Home Journals</nav><h1>Glacier retreat in the example range</h1>"
        "<p>Example Journal of Ice</p><p>Vol. 12:101-119 (2016)</p><p>Lena Berg1 and Omar Haddad1,2</p>"
        "<p>1Department of Geography, Example University, Oslo, Norway</p><p>DOI: 10.5555/g.7</p>",
    )
    assert [a["family"] for a in record["author"]] == ["Berg", "Haddad"]
    assert (record["container-title"], record["volume"], record["page"]) == ("Example Journal of Ice", "12", "101-119")
    assert record["custom"]["source"]["container-title"] == "text:header"
    assert record["custom"]["source"]["title"] == "dc.title"


def test_an_organisation_byline_gives_way_to_people() -> None:
    record = _page(
        '<meta name="dc.title" content="News story"><meta name="dc.creator" content="Kwon, Diana">'
        '<meta name="dc.identifier" content="10.5555/n.2">',
        '<article itemscope itemtype="http://schema.org/NewsArticle"><h1 itemprop="headline">News story</h1>'
        '<div itemprop="author" itemscope itemtype="https://schema.org/Organization">'
        '<meta itemprop="name" content="Example Editorial"></div></article>',
    )
    assert record["author"] == [{"family": "Kwon", "given": "Diana"}]


def test_json_ld_graph_references_by_id() -> None:
    record = _page(
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
        '{"@type": "ScholarlyArticle", "@id": "#a", "headline": "Linked nodes", "author": [{"@id": "#p1"},'
        ' {"@id": "#p2"}],'
        ' "isPartOf": {"@id": "#j"}, "datePublished": "2022-02-02", "identifier": "https://doi.org/10.5555/ld.2"},'
        '{"@type": "Person", "@id": "#p1", "givenName": "Ines", "familyName": "Moreira", "affiliation": {"@id": "#o"}},'
        '{"@type": "Person", "@id": "#p2", "name": "Lars Nilsson"},'
        '{"@type": "Organization", "@id": "#o", "name": "Example Institute of Oceans"},'
        '{"@type": "Periodical", "@id": "#j", "name": "Example Ocean Review", "issn": "1234-5679"}]}</script>'
    )
    assert record["author"] == [{"family": "Moreira", "given": "Ines"}, {"family": "Nilsson", "given": "Lars"}]
    assert record["custom"]["authors"][0] == {"affiliation": ["Example Institute of Oceans"]}
    assert (record["container-title"], record["ISSN"], record["DOI"]) == (
        "Example Ocean Review", "1234-5679", "10.5555/ld.2"
    )


def test_deeply_nested_page_is_read_without_recursion() -> None:
    depth = 1500  # deeper than Python's recursion limit (libxml2 itself stops near 2048)
    page = (
        "<html><body>"
        + "<div>" * depth
        + "<h1>A deeply nested page about rivers</h1><p>Author(s): Ana Lima*, Rui Sousa</p><p>DOI: 10.5555/deep.1</p>"
        + "</div>" * depth
        + "</body></html>"
    )
    record = parse_html(page)
    assert record is not None and record["DOI"] == "10.5555/deep.1"
    assert record["title"] == "A deeply nested page about rivers"


def test_page_without_metadata_read_from_the_lines_under_its_title() -> None:
    (record,) = parse(_source(FIXTURES / "html" / "title_anchored_citation_block.html"))
    # The <title> says "and", the page prints "&": the same title, as printed.
    assert record["title"] == "Tidal rhythms & shorebird foraging on estuarine mudflats"
    assert [a["family"] for a in record["author"]] == ["Lima", "Berg", "Vasquez"]
    assert record["DOI"] == "10.5555/cel.v12i3.4321"
    assert (record["container-title"], record["volume"], record["issue"]) == ("Coastal Example Letters", "12", "3")
    assert record["issued"] == {"date-parts": [[2021, 3, 2]]}
    assert record["custom"]["dates"] == {"received": "2020-06-04", "revised": "2020-12-09", "accepted": "2021-02-11"}
    # The references keep their DOI lines; none of their DOIs is the page's.
    references = record["custom"]["references"]
    assert len(references) == 3
    assert references[0]["custom"]["raw"].endswith("doi: https://doi.org/10.5555/ees.2016.0412, accessed 3 May 2021.")


def test_title_anchor_never_takes_a_reference_doi() -> None:
    (record,) = parse(_source(FIXTURES / "html" / "title_anchored_no_own_doi.html"))
    assert record["title"] == "Lichen cover on north-facing granite walls"
    assert "DOI" not in record
    assert [a["family"] for a in record["author"]] == ["Mensah", "Lindgren"]
    assert record["container-title"] == "Example Journal of Lichenology"


def test_title_anchor_needs_a_work_under_the_title() -> None:
    assert parse(_source(FIXTURES / "html" / "journal_home_page.html")) == []
    assert parse(_source(FIXTURES / "cli" / "nothing.html")) == []
    # The title printed alone, with nothing about a work under it.
    page = (
        "<html><head><title>Notes on pruning old apple trees</title></head><body>"
        "<h1>Notes on pruning old apple trees</h1><p>Cut in late winter.</p></body></html>"
    )
    assert parse_html(page) is None


def test_title_keys_fold_case_accents_punctuation_and_ampersand() -> None:
    from citekit.parsers.text.anchor import title_key, title_keys

    assert title_key("Surveillance, Stigma & Design: Études") == title_key("surveillance stigma and design etudes")
    keys = title_keys(["Tidal rhythms and shorebirds | Coastal Example Letters", "Home"])
    assert "tidal rhythms and shorebirds" in keys
    assert "home" not in keys


def test_line_under_an_anchored_title_is_a_byline_only_when_it_reads_as_names() -> None:
    def under(line: str) -> list | None:
        page = (
            "<html><head><title>Lichen cover on north-facing granite walls</title></head><body>"
            f"<h1>Lichen cover on north-facing granite walls</h1><p>{line}</p>"
            "<p>Example Journal of Lichenology, Vol. 7, No. 2 (2019)</p></body></html>"
        )
        record = parse_html(page)
        assert record is not None and record["container-title"] == "Example Journal of Lichenology"
        return record.get("author")

    assert under("Kofi Mensah and Ylva Lindgren") == [
        {"family": "Mensah", "given": "Kofi"}, {"family": "Lindgren", "given": "Ylva"}
    ]
    assert under("Maria Silva") == [{"family": "Silva", "given": "Maria"}]
    assert under("Research Article") is None
    assert under("Open Access") is None
