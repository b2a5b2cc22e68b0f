"""The client's address: X-Forwarded-For only from trusted proxies, read right to left."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from jiangxin.core.client_address import client_address, parse_address, trusted_networks

PROXIES = trusted_networks(("10.0.0.5", "10.0.1.0/24"))


def test_without_trusted_proxies_the_header_is_ignored():
    assert client_address("203.0.113.9", "1.2.3.4", trusted_networks(())) == "203.0.113.9"


def test_a_header_from_an_untrusted_peer_is_ignored():
    # The peer could have written anything: it is the client.
    assert client_address("203.0.113.9", "1.2.3.4", PROXIES) == "203.0.113.9"


def test_a_trusted_proxy_names_the_client():
    assert client_address("10.0.0.5", "198.51.100.7", PROXIES) == "198.51.100.7"


def test_a_spoofed_hop_left_of_the_real_client_is_never_reached():
    # The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the address it saw.
    assert client_address("10.0.0.5", "1.2.3.4, 198.51.100.7", PROXIES) == "198.51.100.7"


def test_a_chain_of_trusted_proxies_is_skipped_right_to_left():
    forwarded = "1.2.3.4, 198.51.100.7, 10.0.1.20"
    assert client_address("10.0.0.5", forwarded, PROXIES) == "198.51.100.7"


def test_when_every_hop_is_trusted_the_leftmost_is_the_client():
    assert client_address("10.0.0.5", "10.0.1.3, 10.0.1.4", PROXIES) == "10.0.1.3"


def test_a_hop_that_is_not_an_address_ends_the_walk_at_the_last_good_one():
    assert client_address("10.0.0.5", "198.51.100.7, junk", PROXIES) == "10.0.0.5"
    assert client_address("10.0.0.5", "", PROXIES) == "10.0.0.5"


@pytest.mark.parametrize(
    ("written", "address"),
    [
        ("198.51.100.7:51234", "198.51.100.7"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("2001:db8::1", "2001:db8::1"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
        ("unknown", None),
        ("", None),
    ],
)
def test_hops_are_read_as_proxies_write_them(written, address):
    parsed = parse_address(written)
    assert (str(parsed) if parsed is not None else None) == address


def test_ipv6_proxies_and_clients():
    proxies = trusted_networks(("fd00::/8",))
    assert client_address("fd00::1", "2001:db8::7", proxies) == "2001:db8::7"
    assert client_address("2001:db8::9", "2001:db8::7", proxies) == "2001:db8::9"


def test_no_peer_address_is_none():
    assert client_address(None, "1.2.3.4", PROXIES) is None


def test_a_misspelt_trusted_proxy_stops_the_app(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5", "10.0.0.300"]
    with pytest.raises(SystemCheckError, match="TRUSTED_PROXIES"):
        call_command("check")
