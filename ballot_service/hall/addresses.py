"""The laptop's addresses on the hall network and its host names (reads the system).

No third-party interface library: the address the default route would use (a UDP socket
"connected" to a documentation address sends nothing) and the addresses the host name resolves
to. `--address` names them by hand when a laptop has no default route (a hall Wi-Fi without
internet usually still hands out one; a laptop alone on a switch may not).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable

from .certs import IPAddress, valid_dns_name

LOOPBACK = ipaddress.ip_address("127.0.0.1")


def _route_source(family: int, probe: str) -> IPAddress | None:
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as sock:
            sock.connect((probe, 9))  # UDP: no packet is sent
            return ipaddress.ip_address(sock.getsockname()[0])
    except OSError:
        return None


def _resolved(host: str) -> set[IPAddress]:
    found: set[IPAddress] = set()
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError:
        return found
    for _family, _type, _proto, _name, sockaddr in infos:
        try:
            found.add(ipaddress.ip_address(str(sockaddr[0]).split("%")[0]))
        except ValueError:
            continue
    return found


def hall_address(ip: IPAddress) -> bool:
    """An address tablets on the hall network can reach: private, not loopback, not link-local
    IPv6 (which needs a zone the browser cannot be given)."""
    if ip.is_loopback or ip.is_unspecified or ip.is_multicast:
        return False
    if ip.version == 6 and ip.is_link_local:
        return False
    return ip.is_private


def lan_addresses() -> list[IPAddress]:
    """The laptop's hall addresses, IPv4 first."""
    found = _resolved(socket.gethostname())
    for family, probe in ((socket.AF_INET, "192.0.2.1"), (socket.AF_INET6, "2001:db8::1")):
        source = _route_source(family, probe)
        if source is not None:
            found.add(source)
    return sorted((ip for ip in found if hall_address(ip)), key=lambda a: (a.version, int(a)))


def host_names() -> list[str]:
    """The laptop's host name and its mDNS name (name.local, which iPads and most Android
    tablets resolve on a network without DNS)."""
    name = socket.gethostname().split(".")[0].lower()
    if not valid_dns_name(name) or name == "localhost":
        return ["localhost"]
    return [name, f"{name}.local", "localhost"]


def parse_addresses(values: Iterable[str]) -> list[IPAddress]:
    """Addresses given by hand; ValueError names the first one that is not an IP address."""
    out = []
    for value in values:
        try:
            out.append(ipaddress.ip_address(value.strip()))
        except ValueError:
            raise ValueError(f"{value!r} is not an IP address") from None
    return out
