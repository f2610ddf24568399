"""Hostile inputs at the command line: wall time, peak memory, exit code and stderr of
each case, one ``citekit`` process per case, against loopback servers only.

The servers are the test suite's scripted ones (tests/hostile/conftest.py), with
drips and sizes of a real attack (a byte every 2 s; a 300 MB robots.txt). Each case runs
under a wall-clock limit and an address-space limit, so that measuring an unprotected
citekit (``--code`` pointing at another checkout) cannot eat the machine: a case that
hits a limit is reported as such.

Usage: python scripts/bench_hostile.py [--code DIR] [--limit SECONDS] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile.conftest import Handler, Script, dripping, fixed, hostile_server, page, redirect  # noqa: E402

BIB = "@article{a, title={A title long enough}, author={Doe, Jane}, year=2020, journal={J Tests}}\n"
WORK = b'{"status": "ok", "message-type": "work", "message": {"DOI": "10.5555/x", "title": ["X"]}}'


def _endless(handler: Handler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    handler.end_headers()
    handler.close_connection = True
    handler.wfile.write(b"User-agent: *\nDisallow: /private\n")
    line = b"# " + b"x" * 1022 + b"\n"
    for _ in range(300 * 1024):  # 300 MB
        handler.wfile.write(line)


Case = Callable[[Script, Path], list[str]]


def _harvest(*inputs: str, timeout: str = "5") -> Callable[[Path], list[str]]:
    return lambda tmp: ["harvest", *inputs, "-o", str(tmp / "out"), "--offline", "-j", "1", "--timeout", timeout]


def _refs(script: Script, tmp: Path, lines: str, *extra: str) -> list[str]:
    (tmp / "refs.txt").write_text(lines)
    crossref = ["--crossref-url", script.url, "--mailto", "b@example.org", "--cache", str(tmp / "cache.sqlite")]
    return ["refs", str(tmp / "refs.txt"), "--resolve", *crossref, *extra]


def case_drip_page(s: Script, tmp: Path) -> list[str]:
    s.route("/a", dripping(False, page() * 4, every=2.0))
    return _harvest(f"{s.url}/a")(tmp)


def case_drip_page_headers(s: Script, tmp: Path) -> list[str]:
    s.route("/a", dripping(True, page(), every=2.0))
    return _harvest(f"{s.url}/a")(tmp)


def case_drip_robots(s: Script, tmp: Path) -> list[str]:
    s.route("/robots.txt", dripping(False, b"User-agent: *\nDisallow: /nothing\n" * 10, every=2.0))
    s.route("/a", fixed(200, page("Reached")))
    return _harvest(f"{s.url}/a")(tmp)


def case_endless_robots(s: Script, tmp: Path) -> list[str]:
    s.route("/robots.txt", _endless)
    s.route("/a", fixed(200, page("Reached")))
    return _harvest(f"{s.url}/a", timeout="30")(tmp)


def case_redirect_disallowed(s: Script, tmp: Path) -> list[str]:
    s.route("/robots.txt", fixed(200, b"User-agent: *\nDisallow: /private\n", "text/plain"))
    s.route("/a", redirect("/private/secret"))
    s.route("/private/secret", fixed(200, page("Secret")))
    return _harvest(f"{s.url}/a")(tmp)


def case_retry_after_bomb(s: Script, tmp: Path) -> list[str]:
    s.route("/a", fixed(429, b"", "text/plain", Retry_After="99999999999"))
    return _harvest(f"{s.url}/a")(tmp)


def case_retry_after_days(s: Script, tmp: Path) -> list[str]:
    s.route("/a", fixed(503, b"", "text/plain", Retry_After="172800"))
    return _harvest(f"{s.url}/a")(tmp)


def case_crossref_drip(s: Script, tmp: Path) -> list[str]:
    s.route("/works/10.5555/x", dripping(False, WORK, every=2.0, content_type="application/json"))
    return _refs(s, tmp, "doi:10.5555/x\n", "--timeout", "5")


def case_crossref_retry_after_bomb(s: Script, tmp: Path) -> list[str]:
    s.route("/works/10.5555/x", fixed(429, b"", "text/plain", Retry_After="99999999999"))
    return _refs(s, tmp, "doi:10.5555/x\n")


def case_crossref_rate_limit_bomb(s: Script, tmp: Path) -> list[str]:
    bomb = {"X_Rate_Limit_Limit": "1", "X_Rate_Limit_Interval": "100000h"}
    for i in range(6):
        work = WORK.replace(b"10.5555/x", f"10.5555/x{i}".encode())
        s.route(f"/works/10.5555/x{i}", fixed(200, work, "application/json", **bomb))
    lines = "".join(f"doi:10.5555/x{i}\n" for i in range(6))
    (tmp / "l.txt").write_text(lines)
    crossref = ["--crossref-url", s.url, "--mailto", "b@example.org", "--no-cache"]
    return ["harvest", f"@{tmp / 'l.txt'}", "-o", str(tmp / "out"), "-j", "1", *crossref]


def case_garbage_library(s: Script, tmp: Path) -> list[str]:
    (tmp / "out").mkdir()
    (tmp / "out" / "library.sqlite").write_bytes(b"garbage\n" * 1000)
    (tmp / "in.bib").write_text(BIB)
    return ["harvest", str(tmp / "in.bib"), "-o", str(tmp / "out"), "--offline", "-j", "1", "--fresh"]


def case_corrupt_cache(s: Script, tmp: Path) -> list[str]:
    import sqlite3

    with sqlite3.connect(tmp / "cache.sqlite") as db:
        db.execute("CREATE TABLE answers (key TEXT PRIMARY KEY, value TEXT, negative INT, stored REAL, version INT)")
        db.execute("INSERT INTO answers VALUES (?, '{not json', 0, ?, 1)", (f"{s.url} doi 10.5555/x", time.time()))
    s.route("/works/10.5555/x", fixed(200, WORK, "application/json"))
    return _refs(s, tmp, "doi:10.5555/x\n")


def case_output_onto_directory(s: Script, tmp: Path) -> list[str]:
    (tmp / "in.bib").write_text(BIB)
    (tmp / "out.json").mkdir()
    return ["parse", str(tmp / "in.bib"), "-o", str(tmp / "out.json")]


def case_output_under_file(s: Script, tmp: Path) -> list[str]:
    (tmp / "in.bib").write_text(BIB)
    (tmp / "file").write_text("x")
    return ["parse", str(tmp / "in.bib"), "-o", str(tmp / "file" / "out.json")]


def case_output_sys(s: Script, tmp: Path) -> list[str]:
    (tmp / "in.bib").write_text(BIB)
    return ["parse", str(tmp / "in.bib"), "-o", "/sys/citekit-bench.json"]


def case_timeout_nan(s: Script, tmp: Path) -> list[str]:
    (tmp / "in.bib").write_text(BIB)
    return ["parse", str(tmp / "in.bib"), "--timeout", "nan"]


def case_newline_name(s: Script, tmp: Path) -> list[str]:
    (tmp / "bad\nname.bib").write_bytes(b"\x00\x01 binary" * 10)
    return ["parse", str(tmp / "bad\nname.bib")]


def case_malformed_style(s: Script, tmp: Path) -> list[str]:
    (tmp / "in.bib").write_text(BIB)
    (tmp / "bad.csl").write_text('<style xmlns="http://purl.org/net/xbiblio/csl"><info>')
    return ["format", str(tmp / "in.bib"), "--style", str(tmp / "bad.csl")]


def _rich_title(tmp: Path, title: str) -> Path:
    path = tmp / "rich.json"
    path.write_text(json.dumps([{"id": "r", "type": "article-journal", "title": title, "author": [{"family": "Doe"}]}]))
    return path


def case_markup_nested_deep(s: Script, tmp: Path) -> list[str]:
    """200,000 tags of rich text nested in one title (4 MB), written as BibTeX."""
    n = 100_000
    title = "".join("<i>Ab " if k % 2 else "<b>cD " for k in range(n))
    title += "".join("</i>" if k % 2 else "</b>" for k in reversed(range(n)))
    return ["export", str(_rich_title(tmp, title)), "--to", "bibtex"]


def case_markup_never_closed(s: Script, tmp: Path) -> list[str]:
    """100,000 tags opened and 100,000 closing tags that fit none, written as CSL-YAML."""
    return ["export", str(_rich_title(tmp, "<i>" * 100_000 + "x" + "</b>" * 100_000)), "--to", "yaml"]


CASES: dict[str, Case] = {name[5:]: value for name, value in sorted(globals().items()) if name.startswith("case_")}


def run(name: str, code: Path, limit: float) -> dict[str, object]:
    with hostile_server() as script, tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        args = CASES[name](script, tmp)
        env = {**os.environ, "PYTHONPATH": str(code), "NO_PROXY": "127.0.0.1,localhost"}

        def limits() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))

        started = time.monotonic()
        with open(tmp / "stderr.txt", "wb") as stderr:
            process = subprocess.Popen(
                [sys.executable, "-m", "citekit", *args],
                cwd=tmp,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                preexec_fn=limits,
            )
            peak = 0
            while process.poll() is None:
                peak = max(peak, _high_water(process.pid))
                if time.monotonic() - started > limit:
                    process.kill()
                    process.wait()
                    break
                time.sleep(0.02)
        seconds = time.monotonic() - started
        killed = process.returncode == -9
        text = (tmp / "stderr.txt").read_text(encoding="utf-8", errors="replace")
        lines = [line for line in text.splitlines() if line.strip()]
        return {
            "case": name,
            "seconds": round(seconds, 1),
            "peak_mb": round(peak / 1024),
            "exit": "killed at limit" if killed else process.returncode,
            "traceback": "Traceback" in text,
            "stderr_lines": len(lines),
            "stderr": [line[:200] for line in lines[-4:]],
            "requests": list(script.requests),
        }


def _high_water(pid: int) -> int:
    """Peak resident memory of ``pid`` so far, in KiB (Linux /proc), 0 once gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose citekit runs (default: this one)")
    parser.add_argument("--limit", type=float, default=60.0, help="wall-clock seconds allowed per case")
    parser.add_argument("--only", nargs="*", default=None, help="case names to run")
    args = parser.parse_args()
    for name in args.only or CASES:
        print(json.dumps(run(name, args.code.resolve(), args.limit), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
