"""The real clients read every export whole: biber, BibTeX with plain.bst, pdflatex, pandoc.

Each test skips, naming the missing client, when it is not installed (CI installs them and
sets CITEKIT_REQUIRE_CLIENTS=1, which turns the skip into a failure).
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from citekit.exporters import bibtex, csljson
from tests.conftest import FIXTURES, need_client

TEX = "apt-get install texlive-latex-base texlive-latex-recommended texlive-bibtex-extra"
BIBER = "apt-get install biber texlive-bibtex-extra"
PANDOC = "apt-get install pandoc"

# Inputs that broke a client: an unmatched brace from a damaged name, math, an article
# number, a patent, a date before the common era, two URLs, a shared id.
TRICKY: list[dict[str, Any]] = [
    {
        "id": "marechal-1999-sur",
        "type": "article-journal",
        "title": "Sur {la} théorie des {groupes",
        "author": [{"family": "Mar{'echal", "given": "J."}, {"family": "Durand}", "given": "P."}],
        "container-title": "Annales}",
        "issued": {"date-parts": [[1999]]},
    },
    {
        "id": "smith-2020-growth",
        "type": "article-journal",
        "title": "Growth of Cu\u2082O films on 2\u0304 faces in Brandenburg, 5 \u03bcm thick",
        "author": [{"family": "Smith", "given": "Ann"}],
        "container-title": "PLOS ONE",
        "number": "e0123456",
        "volume": "15",
        "issued": {"date-parts": [[2020, 3]]},
        "URL": "https://example.org/a https://example.org/b",
    },
    {
        "id": "smith-2020-growth",
        "type": "patent",
        "title": "Apparatus for growing crystals",
        "author": [{"family": "Smith", "given": "Ann"}],
        "number": "US 1,234,567",
        "issued": {"date-parts": [[2020]]},
    },
    {
        # an id long enough that pandoc's HTML wraps its <div> tag (counted with --wrap=none)
        "id": "Majewski_MRSInternetJournalofNitrideSemiconductorResearch_1998",
        "type": "article-journal",
        "title": "Polarization and band offsets of stacking faults in AlN and GaN",
        "author": [{"family": "Majewski", "given": "J. A."}],
        "issued": {"date-parts": [[1998]]},
        # a field kept from the input whose name pandoc's BibTeX reader refuses
        "custom": {"bibtex": {"dc.date": "1998-01"}},
    },
    {
        # rich text: italics, bold, small caps, scripts of letters and digits, nocase
        "id": "fritz-2012-markup",
        "type": "article-journal",
        "title": (
            'Mitochondrial DNA₂ of <i>Natrix cetti</i> does <b>not</b> support <span style="font-variant:small-caps;">'
            'species status</span> in H<sub>2</sub>O & the <span class="nocase">iPhone</span> 4<sup>th</sup>'
        ),
        "author": [{"family": "Fritz", "given": "U."}],
        "container-title": "Actes du 4<sup>ème</sup> Congrès",
        "issued": {"date-parts": [[2012]]},
    },
    {
        "id": "plato-348-laws",
        "type": "book",
        "title": "Laws",
        "author": [{"literal": "Plato"}],
        "issued": {"date-parts": [[-348]]},
    },
]


def _records() -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads((FIXTURES / "export" / "records.json").read_text(encoding="utf-8"))
    return loaded + TRICKY


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, errors="replace", timeout=120, check=False)


def test_biber_validates_the_biblatex_export(tmp_path: Path) -> None:
    need_client("biber", install=BIBER)
    (tmp_path / "refs.bib").write_text(bibtex.dumps_biblatex(_records()), encoding="utf-8")
    result = _run(["biber", "--tool", "--validate-datamodel", "--output-file=refs.out.bib", "refs.bib"], tmp_path)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert not re.findall(r"^ERROR - .*", log, re.M)
    out = (tmp_path / "refs.out.bib").read_text(encoding="utf-8")
    assert len(re.findall(r"^@", out, re.M)) == len(_records())


LATEX_BIBER = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[backend=biber]{biblatex}
\addbibresource{refs.bib}
\begin{document}
\nocite{*}
\printbibliography
\end{document}
"""

LATEX_BIBTEX = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage{url}
\begin{document}
\nocite{*}
\bibliographystyle{plain}
\bibliography{refs}
\end{document}
"""


def _errors(log: str) -> list[str]:
    return [line for line in log.splitlines() if line.startswith("! ")]


def test_biber_typesets_every_record(tmp_path: Path) -> None:
    need_client("pdflatex", "biber", install=BIBER)
    (tmp_path / "refs.bib").write_text(bibtex.dumps_biblatex(_records()), encoding="utf-8")
    (tmp_path / "doc.tex").write_text(LATEX_BIBER, encoding="utf-8")
    latex = ["pdflatex", "-interaction=nonstopmode", "doc.tex"]
    _run(latex, tmp_path)
    biber = _run(["biber", "doc"], tmp_path)
    assert biber.returncode == 0, biber.stdout
    assert "ERROR" not in biber.stdout
    final = _run(latex, tmp_path)
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert len(re.findall(r"\\entry\{", bbl)) == len(_records())
    assert _errors(final.stdout) == []
    assert "Cu$_{2}$O" in bbl and "$\\bar{2}$" in bbl and "$\\mu$m" in bbl  # math LaTeX pdflatex sets
    assert "\\textit{{Natrix} cetti}" in bbl and "{H\\textsubscript{2}O}" in bbl and "\\textsc{species status}" in bbl


def test_bibtex_and_pdflatex_set_every_record_with_plain(tmp_path: Path) -> None:
    need_client("pdflatex", "bibtex", install=TEX)
    (tmp_path / "refs.bib").write_text(bibtex.dumps(_records()), encoding="utf-8")
    (tmp_path / "doc.tex").write_text(LATEX_BIBTEX, encoding="utf-8")
    latex = ["pdflatex", "-interaction=nonstopmode", "doc.tex"]
    _run(latex, tmp_path)
    result = _run(["bibtex", "doc"], tmp_path)
    assert "error message" not in result.stdout, result.stdout
    assert "Warning--entry type" not in result.stdout  # every entry type is one plain.bst defines
    final = _run(latex, tmp_path)
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert len(re.findall(r"\\bibitem", bbl)) == len(_records())
    assert _errors(final.stdout) == []
    assert "{Brandenburg}" in bbl  # protected, so plain.bst does not lower-case it
    assert "e0123456" in bbl  # the article number is printed
    assert "Cu$_{2}$O" in bbl and "$\\bar{2}$" in bbl
    assert "\\textit{{Natrix} cetti}" in bbl and "\\textbf{not}" in bbl and "4\\textsuperscript{th}" in bbl


@pytest.mark.parametrize("fmt", ["csljson", "cslyaml", "biblatex", "bibtex"])
def test_pandoc_reads_every_record(tmp_path: Path, fmt: str) -> None:
    need_client("pandoc", install=PANDOC)
    records = _records()
    writers = {
        "csljson": (csljson.dumps, ".json"),
        "cslyaml": (csljson.dumps_yaml, ".yaml"),
        "biblatex": (bibtex.dumps_biblatex, ".bib"),
        "bibtex": (bibtex.dumps, ".bibtex"),
    }
    dump, suffix = writers[fmt]
    bib = tmp_path / f"refs{suffix}"
    bib.write_text(dump(records), encoding="utf-8")
    (tmp_path / "doc.md").write_text("---\nnocite: '@*'\n---\n\nText.\n", encoding="utf-8")
    result = _run(["pandoc", "--citeproc", "--bibliography", bib.name, "-t", "html", "doc.md"], tmp_path)
    assert result.returncode == 0, result.stderr
    ids = re.findall(r'<div\s+id="ref-([^"]+)"', result.stdout)
    assert len(ids) == len(records), result.stderr
    keys = re.findall(r"^@\w+\{([^,\n]*),", bibtex.dumps(records), re.M)
    assert sorted(ids) == sorted(keys)  # the same key in every format
    # the rich text arrives as formatting, not as tags or LaTeX written out
    html = " ".join(result.stdout.split())
    assert re.search(r"<em>(<span>)?Natrix", html) and re.search(r"<strong>[Nn]ot</strong>", html)
    assert "<sub>2</sub>O" in html and re.search("4<sup>(<span>)?è", html) and '<span class="smallcaps">species' in html
    assert "textit" not in html and "&lt;i&gt;" not in html
