"""Address policy: every resolved address is judged; private only on request; metadata never."""

from __future__ import annotations

import socket

import httpcore
import pytest

from extract.safety import PinnedAddressBackend, UrlCheck, address_refusal, check_url


def fake_resolver(table: dict[str, list[str]]):
    """A getaddrinfo stand-in answering from `table` (no DNS packet leaves the machine)."""

    def resolve(host, port, type=0, **_kwargs):
        if host not in table:
            raise socket.gaierror(f"unknown host {host}")
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in table[host]
        ]

    return resolve


@pytest.mark.parametrize(
    "address",
    [
        "169.254.169.254",
        "169.254.1.1",
        "fe80::1",
        "224.0.0.251",
        "ff02::1",
        "0.0.0.0",
        "::",
        "255.255.255.255",
        "240.0.0.1",
        "::ffff:169.254.169.254",
        "192.0.2.10",
    ],
)
def test_always_refused_even_when_private_is_allowed(address):
    assert address_refusal(address, allow_private=True) is not None
    assert address_refusal(address, allow_private=False) is not None


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "::1", "10.2.3.4", "172.16.0.9", "192.168.1.1", "100.64.0.1", "fd12::1", "::ffff:10.0.0.1"],
)
def test_private_refused_unless_allowed(address):
    assert "private" in address_refusal(address, allow_private=False)
    assert address_refusal(address, allow_private=True) is None


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:4700:4700::1111"])
def test_public_addresses_allowed(address):
    assert address_refusal(address, allow_private=False) is None


def test_ipv4_mapped_ipv6_is_unwrapped_before_judging():
    assert "link-local" in address_refusal("::ffff:169.254.169.254", allow_private=True)
    assert "loopback" in address_refusal("::ffff:127.0.0.1", allow_private=False)


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://example.org/", "javascript:alert(1)"]
)
def test_non_http_schemes_refused(url):
    check = check_url(url, resolver=fake_resolver({}))
    assert check.error_class == "bad_scheme"


def test_every_resolved_address_is_checked():
    resolver = fake_resolver({"news.example": ["93.184.216.34", "169.254.169.254"]})
    check = check_url("https://news.example/a", resolver=resolver)
    assert check.error_class == "blocked_address"
    assert "169.254.169.254" in check.reason


def test_allowed_url_carries_the_addresses_to_pin():
    resolver = fake_resolver({"news.example": ["93.184.216.34", "2606:4700::6810:1"]})
    check = check_url("https://News.Example:8443/a", resolver=resolver)
    assert check.allowed
    assert (check.host, check.port) == ("news.example", 8443)
    assert check.addresses == ("93.184.216.34", "2606:4700::6810:1")


def test_unresolvable_host_is_a_connect_error_not_an_exception():
    check = check_url("http://nowhere.invalid/", resolver=fake_resolver({}))
    assert check.error_class == "connect_error"


def test_numeric_host_spellings_resolve_to_what_they_mean():
    # "0x7f.1" is 127.0.0.1 to the system resolver; the check judges the resolved address.
    check = check_url("http://0x7f.1/", allow_private=False)
    assert check.error_class == "blocked_address"


def test_backend_refuses_a_host_nobody_checked():
    backend = PinnedAddressBackend()
    with pytest.raises(httpcore.ConnectError):
        backend.connect_tcp("unchecked.example", 80, timeout=0.1)


def test_backend_refuses_to_pin_a_refusal():
    backend = PinnedAddressBackend()
    with pytest.raises(ValueError):
        backend.pin(UrlCheck("http://x/", "x", 80, error_class="blocked_address", reason="no"))


def test_backend_connects_to_the_pinned_address(monkeypatch):
    targets = []

    def record(address, *args, **kwargs):
        targets.append(address)
        raise OSError("recorded only")

    monkeypatch.setattr(socket, "create_connection", record)
    backend = PinnedAddressBackend()
    backend.pin(
        check_url(
            "http://feeds.example/",
            allow_private=True,
            resolver=fake_resolver({"feeds.example": ["127.0.0.1"]}),
        )
    )
    with pytest.raises(httpcore.ConnectError):
        backend.connect_tcp("feeds.example", 80, timeout=0.1)
    assert targets == [("127.0.0.1", 80)]
