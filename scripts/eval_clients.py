#!/usr/bin/env python
"""Do the real clients read citekit's exports whole? biber, BibTeX, pdflatex and pandoc.

    python scripts/eval_clients.py [DATA] [--only NAME] [--keep DIR] [--show N]

DATA defaults to ``../shared/data`` (relative to the repository root). Every ``.bib``,
``.ris`` and ``.json`` file under ``DATA/bib-ris`` is one export (its records, as citekit
imports them), and the article pages under ``DATA/article-html`` together are one more.
Each export is written as BibLaTeX, BibTeX, CSL-JSON, CSL-YAML and RIS, and:

- biber: a pdflatex + biber + pdflatex run over ``\\nocite{*}``; records typeset = the
  export's keys among the ``.bbl``'s entries (not every entry: biber adds clones of
  ``related`` entries); also ``biber --tool --validate-datamodel`` errors (and, apart,
  its warnings: fields outside the data model, which biber ignores);
- BibTeX: pdflatex + bibtex (plain.bst) + pdflatex; records typeset = ``\\bibitem``s;
  LaTeX errors (lines starting ``!``) counted per export;
- pandoc: ``--citeproc`` with ``nocite: '@*'`` over each of the .bib, .json, .yaml (and
  .ris where pandoc reads RIS) files; records read = bibliography entries in the output;
- keys: a record's key agrees when its BibTeX key, BibLaTeX key, CSL-JSON id, CSL-YAML id
  and RIS ``ID`` are one and the same;
- rich text (``<i>``, ``<sub>`` ... in a record's strings): the records holding some, and
  the entries pandoc prints with it shown as text (an escaped tag, a ``\\textit`` written
  out, ``{.smallcaps}`` unread) rather than as formatting, per format.

A client that is not installed is reported as such and left out.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citekit.errors import CitekitError  # noqa: E402
from citekit.exporters import bibtex as bibtex_out  # noqa: E402
from citekit.exporters import csljson as csljson_out  # noqa: E402
from citekit.exporters import ris as ris_out  # noqa: E402
from citekit.formats.richtext import has_markup  # noqa: E402
from citekit.parsers import parse  # noqa: E402
from citekit.source import read  # noqa: E402

SUFFIXES = (".bib", ".ris", ".json")
TIMEOUT = 120


def bibliographies(data: Path, only: str | None = None) -> list[tuple[str, list[dict[str, Any]]]]:
    """``(name, records)`` for each bibliography file under ``data/bib-ris`` (whose name
    holds ``only``, when given) that citekit reads."""
    out: list[tuple[str, list[dict[str, Any]]]] = []
    for path in sorted((data / "bib-ris").rglob("*")):
        if path.suffix.lower() not in SUFFIXES or not path.is_file() or (only and only not in str(path)):
            continue
        try:
            records = parse(read(path))
        except CitekitError:
            continue
        if records:
            out.append((str(path.relative_to(data)), records))
    return out


def load_exports(data: Path) -> list[tuple[str, list[dict[str, Any]]]]:
    """``(name, records)`` for each bibliography file and one for all the article pages."""
    exports = bibliographies(data)
    pages: list[dict[str, Any]] = []
    for path in sorted((data / "article-html").rglob("*.html")):
        try:
            pages.extend(parse(read(path))[:1])
        except CitekitError:
            continue
    if pages:
        exports.append(("article-html", pages))
    return exports


def run(command: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(command), cwd=cwd, capture_output=True, text=True, errors="replace", timeout=TIMEOUT, check=False
    )


DOC_BIBER = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage[backend=biber,style=authoryear]{biblatex}
\addbibresource{refs.bib}
\begin{document}
\nocite{*}
\printbibliography
\end{document}
"""

DOC_BIBTEX = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{url}
\begin{document}
\nocite{*}
\bibliographystyle{plain}
\bibliography{refs}
\end{document}
"""


def latex_errors(log: str) -> int:
    return sum(1 for line in log.splitlines() if line.startswith("! "))


def run_biber(bib: str, work: Path, keys: Sequence[str]) -> dict[str, int]:
    (work / "refs.bib").write_text(bib, encoding="utf-8")
    (work / "doc.tex").write_text(DOC_BIBER, encoding="utf-8")
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    run(latex, work)
    biber = run(["biber", "--quiet", "doc"], work)
    second = run(["pdflatex", "-interaction=nonstopmode", "doc.tex"], work)
    bbl = (work / "doc.bbl").read_text(encoding="utf-8", errors="replace") if (work / "doc.bbl").exists() else ""
    validate = run(["biber", "--tool", "--validate-datamodel", "--output-file=/dev/null", "refs.bib"], work)
    log = validate.stdout + validate.stderr
    # Records typeset: the export's own keys among the .bbl's entries, each once. The .bbl
    # also holds entries biber makes itself (a clone with a hash for a key per ``related``
    # entry), so counting every \entry overstates.
    in_bbl = set(re.findall(r"\\entry\{([^}]*)\}", bbl))
    return {
        "typeset": len(set(keys) & in_bbl),
        "biber_errors": len(re.findall(r"^ERROR - ", biber.stdout + biber.stderr, re.M)),
        "datamodel_errors": len(re.findall(r"^ERROR - ", log, re.M)) + (validate.returncode != 0),
        "datamodel_warnings": len(re.findall(r"^WARN - Datamodel", log, re.M)),
        "latex_errors": latex_errors(second.stdout),
    }


def run_bibtex(bib: str, work: Path) -> dict[str, int]:
    (work / "refs.bib").write_text(bib, encoding="utf-8")
    (work / "doc.tex").write_text(DOC_BIBTEX, encoding="utf-8")
    latex = ["pdflatex", "-interaction=nonstopmode", "doc.tex"]
    run(latex, work)
    bibtex = run(["bibtex", "doc"], work)
    second = run(latex, work)
    bbl = (work / "doc.bbl").read_text(encoding="utf-8", errors="replace") if (work / "doc.bbl").exists() else ""
    match = re.search(r"\(There (?:was|were) (\d+) error", bibtex.stdout)
    return {
        "typeset": len(re.findall(r"\\bibitem", bbl)),
        "bibtex_errors": int(match.group(1)) if match else 0,
        "latex_errors": latex_errors(second.stdout),
    }


# Rich text that reached the reader as text instead of formatting: an escaped tag of the
# subset, a LaTeX formatting command, or pandoc Markdown left unread.
_LEAKED = re.compile(
    r"&lt;/?(?:i|b|sup|sub|span)\b|\\text(?:it|bf|sc|superscript|subscript)\b|\{\.(?:smallcaps|nocase)\}"
)


def run_pandoc(path: Path, work: Path) -> tuple[int, int]:
    """Bibliography entries pandoc's citeproc prints from one bibliography file, and how
    many of them show rich text as text (``&lt;i&gt;``, ``\\textit``) rather than formatting."""
    doc = work / "doc.md"
    doc.write_text("---\nnocite: '@*'\n---\n\nText.\n", encoding="utf-8")
    result = run(["pandoc", "--citeproc", "--bibliography", str(path), "-t", "html", "--wrap=none", str(doc)], work)
    # \s+: pandoc wraps a long id onto the next line ("<div\nid=...") unless told not to
    entries = re.split(r'<div\s+id="ref-', result.stdout)[1:]
    return len(entries), sum(1 for entry in entries if _LEAKED.search(entry))


def pandoc_reads_ris() -> bool:
    result = subprocess.run(["pandoc", "--list-input-formats"], capture_output=True, text=True, check=False)
    return "ris" in result.stdout.split()


def keys_of(texts: dict[str, str]) -> dict[str, list[str]]:
    """The keys each format gives, in record order."""
    out = {
        "bibtex": re.findall(r"^@\w+\{([^,\n]*),", texts["bibtex"], re.M),
        "biblatex": re.findall(r"^@\w+\{([^,\n]*),", texts["biblatex"], re.M),
        "csljson": [str(item.get("id")) for item in json.loads(texts["csljson"])],
        "ris": re.findall(r"^ID  - (.*)$", texts["ris"], re.M),
    }
    import yaml

    out["cslyaml"] = [str(item.get("id")) for item in (yaml.safe_load(texts["cslyaml"]) or {}).get("references", [])]
    return out


def export(records: list[dict[str, Any]]) -> dict[str, str]:
    return {
        "bibtex": bibtex_out.dumps(records),
        "biblatex": bibtex_out.dumps_biblatex(records),
        "csljson": csljson_out.dumps(records),
        "cslyaml": csljson_out.dumps_yaml(records),
        "ris": ris_out.dumps(records),
    }


def evaluate(data: Path, only: str | None, keep: Path | None, show: int) -> dict[str, Any]:
    have = {name: shutil.which(name) is not None for name in ("biber", "bibtex", "pdflatex", "pandoc")}
    for name, present in have.items():
        if not present:
            print(f"{name} not installed: left out", file=sys.stderr)
    ris = have["pandoc"] and pandoc_reads_ris()
    totals: Counter[str] = Counter()
    problems: list[str] = []
    for name, records in load_exports(data):
        if only and only not in name:
            continue
        n = len(records)
        totals["records"] += n
        totals["exports"] += 1
        totals["records with rich text"] += sum(
            1 for r in records if any(isinstance(v, str) and has_markup(v) for v in r.values())
        )
        texts = export(records)
        keys = keys_of(texts)
        lengths = {fmt: len(k) for fmt, k in keys.items()}
        agree = sum(1 for i in range(n) if len({keys[f][i] if i < len(keys[f]) else None for f in keys}) == 1)
        totals["keys agree"] += agree
        if agree < n:
            problems.append(f"{name}: keys agree for {agree}/{n} {lengths}")
        with tempfile.TemporaryDirectory(dir=keep) as scratch:
            work = Path(scratch)
            for fmt, suffix in (("csljson", ".json"), ("cslyaml", ".yaml"), ("biblatex", ".bib"), ("ris", ".ris")):
                (work / f"pandoc{suffix}").write_text(texts[fmt], encoding="utf-8")
            if have["pandoc"]:
                for fmt, suffix in (("csljson", ".json"), ("cslyaml", ".yaml"), ("biblatex", ".bib")):
                    read_, leaked = run_pandoc(work / f"pandoc{suffix}", work)
                    totals[f"pandoc reads {fmt}"] += read_
                    totals[f"pandoc shows markup as text, {fmt}"] += leaked
                    if read_ < n:
                        problems.append(f"{name}: pandoc reads {read_}/{n} from {fmt}")
                    if leaked:
                        problems.append(f"{name}: pandoc shows markup as text in {leaked} entries from {fmt}")
                if ris:
                    totals["pandoc reads ris"] += run_pandoc(work / "pandoc.ris", work)[0]
            if have["biber"] and have["pdflatex"]:
                (work / "biber").mkdir()
                result = run_biber(texts["biblatex"], work / "biber", keys["biblatex"])
                for key, value in result.items():
                    totals[f"biber {key}"] += value
                failed = any(result[k] for k in ("datamodel_errors", "biber_errors", "latex_errors"))
                if result["typeset"] < n or failed:
                    problems.append(f"{name}: biber {result} of {n}")
            if have["bibtex"] and have["pdflatex"]:
                (work / "bibtex").mkdir()
                result = run_bibtex(texts["bibtex"], work / "bibtex")
                for key, value in result.items():
                    totals[f"bibtex {key}"] += value
                if result["typeset"] < n or result["bibtex_errors"] or result["latex_errors"]:
                    problems.append(f"{name}: bibtex {result} of {n}")
    for line in problems[:show]:
        print(line)
    return dict(totals)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = ROOT.parent / "shared" / "data"
    parser.add_argument("data", nargs="?", type=Path, default=default)
    parser.add_argument("--only", help="only exports whose name contains this")
    parser.add_argument("--keep", type=Path, help="make the scratch folders under DIR")
    parser.add_argument("--show", type=int, default=30, help="print up to N problems")
    args = parser.parse_args()
    totals = evaluate(args.data, args.only, args.keep, args.show)
    records = totals.get("records", 0) or 1
    print(f"\n{totals.get('exports', 0)} exports, {totals.get('records', 0)} records")
    for key in sorted(totals):
        if key in ("records", "exports"):
            continue
        value = totals[key]
        share = f" ({100 * value / records:.1f} %)" if "typeset" in key or "reads" in key or "agree" in key else ""
        print(f"  {key}: {value}{share}")


if __name__ == "__main__":
    main()
