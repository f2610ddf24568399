"""A server open to others must not fetch its own network for them (SSRF): a
``public_only`` fetcher refuses loopback, private, link-local and reserved addresses in
the URL, in a redirect, and at the socket a connection actually reached.

Every server here is on loopback, so the tests call one loopback address "public"
(127.0.0.1, the site an outsider names) and keep another private (127.0.0.2, the
server's own network)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from citekit import net
from citekit.errors import ReadError
from citekit.fetch import PoliteFetcher
from tests.hostile.conftest import Script, fixed, hostile_server, page, redirect


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata services
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1%eth0", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:8.8.8.8", True),
        ("not an address", False),
    ],
)
def test_which_addresses_are_public(address: str, public: bool) -> None:
    assert net.is_public(address) is public


@pytest.fixture
def inner() -> Iterator[Script]:
    """A server on the "private network" (127.0.0.2)."""
    with hostile_server("127.0.0.2") as script:
        yield script


@pytest.fixture
def outside(monkeypatch: pytest.MonkeyPatch) -> None:
    """127.0.0.1 counts as a public address; every other address keeps its real status."""
    real = net.is_public
    monkeypatch.setattr(net, "is_public", lambda address: address == "127.0.0.1" or real(address))


def fetcher(public_only: bool) -> PoliteFetcher:
    return PoliteFetcher(per_host_interval=0.0, backoff=0.01, timeout=2.0, public_only=public_only)


def test_a_private_url_is_refused_before_any_request(hostile: Script) -> None:
    hostile.route("/article", fixed(200, page("Inside")))
    with pytest.raises(ReadError) as caught:
        fetcher(public_only=True).get(f"{hostile.url}/article")
    assert str(caught.value) == "127.0.0.1 is at 127.0.0.1, not a public address; this server does not fetch it"
    assert caught.value.origin == f"{hostile.url}/article" and caught.value.__cause__ is None
    assert hostile.requests == []  # not even robots.txt
    assert "Inside" in fetcher(public_only=False).get(f"{hostile.url}/article").text  # the default fetches it


@pytest.mark.usefixtures("outside")
def test_a_public_page_still_loads(hostile: Script) -> None:
    hostile.route("/article", fixed(200, page("Outside")))
    assert "Outside" in fetcher(public_only=True).get(f"{hostile.url}/article").text


@pytest.mark.usefixtures("outside")
def test_a_redirect_into_the_private_network_is_not_followed(hostile: Script, inner: Script) -> None:
    inner.route("/admin", fixed(200, page("Secret")))
    hostile.route("/go", redirect(f"{inner.url}/admin"))
    with pytest.raises(ReadError, match=r"^127\.0\.0\.2 is at 127\.0\.0\.2, not a public address"):
        fetcher(public_only=True).get(f"{hostile.url}/go")
    assert inner.requests == []


@pytest.mark.usefixtures("outside")
def test_a_name_that_resolves_elsewhere_when_connecting_is_refused_at_the_socket(
    inner: Script, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if DNS answered a public address to the check and the private one to the
    # connection (rebinding): the address the socket reached decides.
    inner.route("/admin", fixed(200, page("Secret")))
    monkeypatch.setattr(net, "check_public", lambda host, port=None: None)
    with pytest.raises(ReadError, match=r"^127\.0\.0\.2 is at 127\.0\.0\.2, not a public address"):
        fetcher(public_only=True).get(f"{inner.url}/admin")
    assert inner.requests == []
    with pytest.raises(net.BlockedAddress):  # the session alone, robots.txt's path
        net.session(public_only=True).get(f"{inner.url}/robots.txt", timeout=2)
