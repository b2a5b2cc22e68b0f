"""Which address a request came from. Pure functions, no Django.

The peer (``REMOTE_ADDR``) is the only address nobody can forge. ``X-Forwarded-For`` is read
only when the peer is one of the configured trusted proxies, and then right to left: each hop a
trusted proxy appended is skipped, and the first address not in the trusted list is the client.
Whatever a client writes at the left of the header itself is never reached while an untrusted
hop stands to its right, so a spoofed header from outside changes nothing. A hop that is not an
address ends the walk at the last address known good.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """``("10.0.0.1", "172.16.0.0/12")`` → networks; raises ValueError naming a bad entry."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ValueError(f"not an IP address or CIDR network: {entry!r}") from None
    return tuple(networks)


def parse_address(value: str) -> Address | None:
    """An address as a hop may write it (``1.2.3.4``, ``1.2.3.4:5678``, ``[2001:db8::1]:443``),
    or None when it is not one."""
    value = value.strip()
    if value.startswith("["):
        value = value[1 : value.find("]")] if "]" in value else ""
    elif value.count(":") == 1:  # IPv4 with a port
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, networks: Iterable[Network]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_address(
    remote_addr: str | None, forwarded_for: str | None, trusted: tuple[Network, ...]
) -> str | None:
    """The client's address: the peer, unless the peer is a trusted proxy; then the rightmost
    ``X-Forwarded-For`` hop that is not itself a trusted proxy (the leftmost hop if all are)."""
    current = parse_address(remote_addr or "")
    if current is None:
        return None
    if forwarded_for and trusted:
        for hop in reversed(forwarded_for.split(",")):
            if not _trusted(current, trusted):
                break
            address = parse_address(hop)
            if address is None:
                break
            current = address
    return str(current)
