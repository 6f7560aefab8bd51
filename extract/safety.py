"""Address policy: which URLs the client may fetch, decided before any connection is made.

Every hostname is resolved and *every* resolved address is checked (an attacker-controlled name may
return one harmless and one internal address). The checked addresses are then pinned: the
transport connects to exactly those, so a second DNS answer (rebinding) can never be used.
Loopback and private ranges are allowed only on request (tests, the demo); link-local (which holds
the cloud metadata service 169.254.169.254), multicast, unspecified, reserved and broadcast
addresses are refused always.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import httpcore
import httpx

ALLOWED_SCHEMES = frozenset({"http", "https"})

# "Private" as the sources file means it: loopback, RFC 1918, CGNAT and unique-local IPv6. Python's
# is_private is wider (documentation and benchmarking ranges), which we refuse always.
_PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(net)
    for net in (
        "127.0.0.0/8",
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "100.64.0.0/10",
        "::1/128",
        "fc00::/7",
    )
)
_IPV4_BROADCAST = ipaddress.ip_address("255.255.255.255")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

Resolver = Callable[..., list]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class UrlCheck:
    """The verdict on one URL: allowed with the addresses to connect to, or refused with a reason."""

    url: str
    host: str | None
    port: int | None
    addresses: tuple[str, ...] = ()
    error_class: str | None = None  # "bad_scheme", "blocked_address", "connect_error" (no DNS answer)
    reason: str | None = None

    @property
    def allowed(self) -> bool:
        return self.error_class is None


def unwrap(address: IPAddress) -> IPAddress:
    """An IPv6 address that carries an IPv4 one (mapped ::ffff:a.b.c.d, 6to4, NAT64) is judged by it."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:
            return address.sixtofour
        if address in _NAT64:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def address_refusal(address: str | IPAddress, *, allow_private: bool) -> str | None:
    """Why this address may not be contacted, or None when it may."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0] if isinstance(address, str) else address)
    except ValueError:
        return f"not an IP address: {address!r}"
    ip = unwrap(ip)
    # Refused whatever the source says.
    if ip.is_unspecified:
        return f"{ip} is unspecified"
    if ip.is_link_local:
        return f"{ip} is link-local (cloud metadata range)"
    if ip.is_multicast:
        return f"{ip} is multicast"
    if ip == _IPV4_BROADCAST:
        return f"{ip} is broadcast"
    # Refused unless the source allows private addresses (checked before "reserved": ::1 is in ::/8).
    if any(ip.version == net.version and ip in net for net in _PRIVATE_NETWORKS):
        return None if allow_private else f"{ip} is loopback/private (allow_private_addresses is false)"
    if ip.is_reserved:
        return f"{ip} is reserved"
    if not ip.is_global:
        # Documentation, benchmarking and other special-purpose ranges: nothing to fetch there.
        return f"{ip} is a special-purpose address"
    return None


def resolve(host: str, port: int, resolver: Resolver = socket.getaddrinfo) -> tuple[str, ...]:
    """All addresses the name resolves to, in resolver order, without duplicates."""
    infos = resolver(host, port, type=socket.SOCK_STREAM)
    seen: dict[str, None] = {}
    for _family, _type, _proto, _canon, sockaddr in infos:
        seen.setdefault(str(sockaddr[0]), None)
    return tuple(seen)


def check_url(url: str, *, allow_private: bool = False, resolver: Resolver = socket.getaddrinfo) -> UrlCheck:
    """Check scheme, resolve the host and check every address; never connects."""
    try:
        parsed = httpx.URL(url)
    except Exception as exc:  # httpx.InvalidURL and friends
        return UrlCheck(url, None, None, error_class="bad_scheme", reason=f"unparseable URL: {exc}")
    if parsed.scheme not in ALLOWED_SCHEMES:
        return UrlCheck(
            url, None, None, error_class="bad_scheme", reason=f"scheme {parsed.scheme!r} not allowed"
        )
    host = pin_key_host(parsed)
    if not host:
        return UrlCheck(url, None, None, error_class="bad_scheme", reason="URL has no host")
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        addresses = resolve(host, port, resolver)
    except (OSError, UnicodeError) as exc:
        return UrlCheck(url, host, port, error_class="connect_error", reason=f"cannot resolve {host}: {exc}")
    if not addresses:
        return UrlCheck(url, host, port, error_class="connect_error", reason=f"{host} has no address")
    for address in addresses:
        refusal = address_refusal(address, allow_private=allow_private)
        if refusal is not None:
            return UrlCheck(url, host, port, error_class="blocked_address", reason=f"{host}: {refusal}")
    return UrlCheck(url, host, port, addresses=addresses)


def pin_key_host(url: httpx.URL) -> str:
    """The host exactly as httpcore will hand it to connect_tcp (IDNA-encoded, no brackets)."""
    return url.raw_host.decode("ascii").lower()


class PinnedAddressBackend(httpcore.SyncBackend):
    """A network backend that connects only to addresses the policy checked for that host.

    httpcore still uses the original host name for the Host header and TLS SNI/certificate check;
    only the TCP connect target is replaced. A host with no pinned address is refused, so a code
    path that forgot the check fails closed.
    """

    def __init__(self) -> None:
        self._pins: dict[tuple[str, int], tuple[str, ...]] = {}
        self._lock = threading.Lock()

    def pin(self, check: UrlCheck) -> None:
        if not check.allowed or check.host is None or check.port is None:
            raise ValueError("only an allowed UrlCheck can be pinned")
        with self._lock:
            self._pins[(check.host, check.port)] = check.addresses

    def pinned(self, host: str, port: int) -> tuple[str, ...]:
        with self._lock:
            return self._pins.get((host.lower(), port), ())

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self.pinned(host, port)
        if not addresses:
            raise httpcore.ConnectError(f"no checked address pinned for {host}:{port}")
        last_error: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
        assert last_error is not None
        raise last_error

    def connect_unix_socket(self, *args, **kwargs):  # pragma: no cover - never used, refuse anyway
        raise httpcore.ConnectError("unix sockets are not allowed")
