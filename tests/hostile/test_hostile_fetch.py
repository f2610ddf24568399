"""Pages and robots.txt from hostile servers, through the harvest's PoliteFetcher:
``--timeout`` bounds the whole request, robots.txt is capped and checked on every
redirect hop, and no server can put a harvest to sleep."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from citekit.cli import cli
from citekit.errors import ReadError
from citekit.fetch import ROBOTS_MAX_BYTES, PoliteFetcher
from tests.hostile.conftest import Handler, Script, dripping, fixed, page, redirect


def fetcher(timeout: float = 1.0, **kwargs: object) -> PoliteFetcher:
    options: dict[str, object] = {"per_host_interval": 0.0, "backoff": 0.01, "timeout": timeout}
    options.update(kwargs)
    return PoliteFetcher(**options)  # type: ignore[arg-type]


@pytest.mark.parametrize("headers_too", [False, True], ids=["body", "status-line-and-headers"])
def test_a_dripping_page_fails_at_the_timeout(hostile: Script, headers_too: bool) -> None:
    # 1 byte every 0.2 s: each read is quick, so a per-read timeout never fires, and the
    # whole answer would arrive after about 6 s; the 1 s deadline must cut it off.
    body = page()[:30]
    hostile.route("/slow", dripping(headers_too, body, every=0.2))
    started = time.monotonic()
    with pytest.raises(ReadError) as caught:
        fetcher(timeout=1.0, retries=2).get(f"{hostile.url}/slow")
    assert str(caught.value) == "no complete answer within 1 s"
    assert caught.value.origin == f"{hostile.url}/slow"
    assert hostile.hits("/slow") == 1  # not tried again: a server that slow stays slow
    assert time.monotonic() - started < 5  # (the answer itself would take 6 s or more)


def test_a_dripping_robots_txt_gives_up_at_the_timeout(hostile: Script) -> None:
    # Read to the end (6 s), it would disallow everything; cut off at 1 s, it allows.
    hostile.route("/robots.txt", dripping(False, b"User-agent: *\nDisallow: /\n", every=0.25))
    hostile.route("/article", fixed(200, page("Reached")))
    source = fetcher(timeout=1.0).get(f"{hostile.url}/article")
    assert "Reached" in source.text


def _endless_robots(handler: Handler) -> None:
    # 8 MB of comments between two rules: the first is read, the second is past the cap.
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    handler.end_headers()  # no length, no chunking: the body ends when the server closes
    handler.close_connection = True
    handler.wfile.write(b"User-agent: *\nDisallow: /early\n")
    filler = b"# " + b"x" * 1022 + b"\n"
    for _ in range(8 * 1024):
        handler.wfile.write(filler)
    handler.wfile.write(b"Disallow: /late\n")


def test_an_endless_robots_txt_is_read_up_to_the_cap(hostile: Script) -> None:
    hostile.route("/robots.txt", _endless_robots)
    hostile.route("/late", fixed(200, page("Late")))
    polite = fetcher(timeout=5.0)
    with pytest.raises(ReadError, match=r"^disallowed by the site's robots\.txt$"):
        polite.get(f"{hostile.url}/early")
    assert "Late" in polite.get(f"{hostile.url}/late").text  # its rule lies past the cap
    assert hostile.gave_up("/robots.txt")  # not read to the end
    assert ROBOTS_MAX_BYTES < 8 * 1024 * 1024


def test_a_redirect_into_a_disallowed_path_is_not_followed(hostile: Script) -> None:
    hostile.route("/robots.txt", fixed(200, b"User-agent: *\nDisallow: /private\n", "text/plain"))
    hostile.route("/start", redirect("/private/page"))
    hostile.route("/private/page", fixed(200, page("Secret")))
    with pytest.raises(ReadError) as caught:
        fetcher().get(f"{hostile.url}/start")
    assert str(caught.value) == f"redirected to {hostile.url}/private/page, which its site's robots.txt disallows"
    assert hostile.hits("/private/page") == 0


def test_a_redirect_to_another_site_obeys_that_sites_robots_txt(hostile: Script, other_host: Script) -> None:
    other_host.route("/robots.txt", fixed(200, b"User-agent: *\nDisallow: /\n", "text/plain"))
    other_host.route("/landing", fixed(200, page("Elsewhere")))
    hostile.route("/go", redirect(f"{other_host.url}/landing", status=301))
    with pytest.raises(ReadError, match=r"which its site's robots\.txt disallows$"):
        fetcher().get(f"{hostile.url}/go")
    assert other_host.hits("/landing") == 0 and other_host.hits("/robots.txt") == 1


def test_allowed_redirects_are_still_followed(hostile: Script) -> None:
    hostile.route("/robots.txt", fixed(200, b"User-agent: *\nDisallow: /private\n", "text/plain"))
    hostile.route("/old", redirect("/a/../new"))
    hostile.route("/new", fixed(200, page("Moved")))
    assert "Moved" in fetcher().get(f"{hostile.url}/old").text


def test_redirect_loops_and_non_web_targets_fail_with_one_line(hostile: Script) -> None:
    hostile.route("/loop", redirect("/loop"))
    hostile.route("/file", redirect("file:///etc/passwd"))
    with pytest.raises(ReadError, match=r"^more than 10 redirects$"):
        fetcher().get(f"{hostile.url}/loop")
    with pytest.raises(ReadError, match=r"^redirected to file:///etc/passwd, not a web address$"):
        fetcher().get(f"{hostile.url}/file")


@pytest.mark.parametrize(
    "retry_after", ["99999999999", "9" * 5000, "Fri, 31 Dec 9999 23:59:59 GMT"], ids=["seconds", "digits", "date"]
)
def test_a_retry_after_bomb_fails_the_page_at_once(hostile: Script, retry_after: str) -> None:
    hostile.route("/busy", fixed(429, b"slow down", "text/plain", Retry_After=retry_after))
    with pytest.raises(ReadError) as caught:
        fetcher(timeout=20.0).get(f"{hostile.url}/busy")
    assert str(caught.value).startswith("HTTP 429 asking to retry after ")
    assert str(caught.value).endswith(", longer than citekit waits (20 s)")
    assert hostile.hits("/busy") == 1


def test_a_short_retry_after_is_honoured(hostile: Script) -> None:
    answers = iter([fixed(503, b"", "text/plain", Retry_After="0"), fixed(200, page("Back"))])
    hostile.route("/flaky", lambda handler: next(answers)(handler))
    assert "Back" in fetcher().get(f"{hostile.url}/flaky").text
    assert hostile.hits("/flaky") == 2


def test_a_harvest_with_hostile_urls_finishes_with_the_good_inputs_rendered(
    hostile: Script, other_host: Script, tmp_path: Path
) -> None:
    hostile.route("/robots.txt", fixed(200, b"User-agent: *\nDisallow: /private\n", "text/plain"))
    hostile.route("/good", fixed(200, page("A good page")))
    hostile.route("/drip", dripping(False, page()[:40], every=0.2))
    hostile.route("/bomb", fixed(503, b"", "text/plain", Retry_After="99999999999"))
    hostile.route("/sneaky", redirect("/private/x"))
    other_host.route("/robots.txt", _endless_robots)
    other_host.route("/fine", fixed(200, page("Another good page")))
    (tmp_path / "good.bib").write_text("@article{a, title={A good bibliography entry}, year=2020}\n")
    inputs = [f"{hostile.url}/{p}" for p in ("good", "drip", "bomb", "sneaky")] + [
        f"{other_host.url}/fine",
        str(tmp_path / "good.bib"),
    ]
    out = tmp_path / "out"
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["harvest", *inputs, "-o", str(out), "--offline", "-j", "1", "--timeout", "1"])
    assert time.monotonic() - started < 30  # (the drip alone would take 8 s, the Retry-After 3,000 years)
    assert result.exit_code == 1
    assert sorted(result.stderr.splitlines()[:3]) == [
        f"{hostile.url}/bomb: HTTP 503 asking to retry after 99999999999 s, longer than citekit waits (1 s)",
        f"{hostile.url}/drip: no complete answer within 1 s",
        f"{hostile.url}/sneaky: redirected to {hostile.url}/private/x, which its site's robots.txt disallows",
    ]
    titles = sorted(r["title"] for r in json.loads((out / "records.json").read_text()))
    assert titles == ["A good bibliography entry", "A good page", "Another good page"]
    report = json.loads((out / "report.json").read_text())
    assert [e["status"] for e in report] == ["ok", "error", "error", "error", "ok", "ok"]


def test_parse_of_a_dripping_url_fails_at_the_timeout(hostile: Script) -> None:
    # The same deadline on the direct path (citekit parse URL: source.fetch, no PoliteFetcher).
    hostile.route("/slow", dripping(True, page()[:30], every=0.2))
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["parse", "--timeout", "1", f"{hostile.url}/slow"])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{hostile.url}/slow: cannot fetch: no complete answer within 1 s"
    assert time.monotonic() - started < 5
