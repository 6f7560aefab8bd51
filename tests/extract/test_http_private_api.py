"""The one private detail of httpx that extract.http relies on, checked so a new version fails loudly.

`extract.http._PinnedTransport` is httpx's own `HTTPTransport` with its connection pool replaced by
one whose network backend connects only to addresses the safety policy checked (DNS rebinding
defence). httpx offers no public way to give its transport a network backend, so the subclass sets
the private attribute `_pool`, which `HTTPTransport.handle_request` sends every request through.
If a release of httpx renames that attribute or stops using it, requests would silently go through
a default pool that resolves host names itself: these tests fail first, saying what to change.
"""

from __future__ import annotations

import socket

import httpcore
import httpx
import pytest

from extract.http import _PinnedTransport
from extract.safety import PinnedAddressBackend

FIX = (
    f"httpx {httpx.__version__} / httpcore {httpcore.__version__}: httpx.HTTPTransport no longer sends its "
    "requests through `self._pool`, the private attribute extract.http._PinnedTransport replaces to pin "
    "checked addresses. Fix _PinnedTransport before using this version (e.g. an httpx.BaseTransport over "
    "httpcore.ConnectionPool(network_backend=...)), or pin httpx to the last version that passes."
)


class RecordingBackend(PinnedAddressBackend):
    """Records the connects it is asked for and makes none."""

    def __init__(self) -> None:
        super().__init__()
        self.connects: list[tuple[str, int]] = []

    def connect_tcp(self, host, port, *args, **kwargs):
        self.connects.append((host, port))
        raise httpcore.ConnectError("recorded only")


@pytest.fixture
def no_name_resolution(monkeypatch):
    """A default pool would resolve the test's host name itself: refuse that (no DNS query leaves)."""

    def refuse(host, *args, **kwargs):
        raise socket.gaierror(f"name resolution refused in this test: {host}")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_httpx_transport_keeps_its_pool_in_the_attribute_we_replace():
    transport = httpx.HTTPTransport()
    try:
        assert isinstance(getattr(transport, "_pool", None), httpcore.ConnectionPool), FIX
    finally:
        transport.close()


def test_every_request_goes_through_the_pinned_backend(no_name_resolution):
    backend = RecordingBackend()
    transport = _PinnedTransport(backend, verify=True, max_connections=1)
    with httpx.Client(transport=transport) as client, pytest.raises(httpx.ConnectError):
        client.get("http://pinned.tradewire.test:8080/feed.xml")
    assert backend.connects == [("pinned.tradewire.test", 8080)], FIX
