"""Which URLs may be shortened: the rules, and the message for each refusal."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

URL_MAX_LENGTH = 2048
URL_TOO_LONG = f"The URL is longer than {URL_MAX_LENGTH} characters."
URL_REQUIRED = "Enter the URL to shorten."
URL_SCHEME = "Only http:// and https:// URLs can be shortened."
URL_SPACES = "The URL contains spaces or control characters."
URL_NO_HOST = "The URL has no valid host name."
URL_CREDENTIALS = "URLs with a user name or password in them are not accepted."
URL_OWN_SITE = "Links to this site cannot be shortened (they could loop)."
URL_BLOCKED = "Links to that host are not accepted."
URL_NOT_A_URL = "That is not a web address: enter one like https://example.com/page."

HOST_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
TOP_LEVEL = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}")
CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f-\x9f\s]")
# IPv6 prefixes that carry an IPv4 address in their last 32 bits: NAT64's
# well-known prefix and the deprecated IPv4-compatible form. Through them
# http://[64:ff9b::7f00:1]/ or http://[::127.0.0.1]/ would reach loopback.
IPV4_IN_LAST_32_BITS = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("::/96"))
# NAT64 for local use (RFC 8215): where it leads is up to each network.
LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")
# A scheme, as in "https:" or "mailto:"; "example.com:8080/x" has a port instead.
SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:(?!\d)", re.IGNORECASE)


def url_with_scheme(url: str) -> str:
    """What people type, ``example.com/path``, as the URL they mean: ``https://example.com/path``."""
    if not url or url.startswith("//") or SCHEME.match(url):
        return url
    return "https://" + url


def typed_url_problem(typed: str, *, own_hosts: set[str], blocked_hosts: set[str]) -> str | None:
    """Why what was typed cannot be shortened once ``https://`` is added where it was left out.

    Text with no scheme whose host part is not a host name ("not a url") is
    called what it is rather than a URL with spaces in it.
    """
    url = url_with_scheme(typed)
    problem = url_problem(url, own_hosts=own_hosts, blocked_hosts=blocked_hosts)
    if url == typed or problem not in (URL_SPACES, URL_NO_HOST):
        return problem
    host_part = typed.split("/", 1)[0]
    if problem == URL_NO_HOST or CONTROL_OR_SPACE.search(host_part):
        return URL_NOT_A_URL
    return problem


def url_problem(url: str, *, own_hosts: set[str], blocked_hosts: set[str]) -> str | None:
    """Why ``url`` cannot be shortened, or None when it can."""
    if not url:
        return URL_REQUIRED
    if len(url) > URL_MAX_LENGTH:
        return URL_TOO_LONG
    if CONTROL_OR_SPACE.search(url):
        return URL_SPACES
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        return URL_NO_HOST
    if parts.scheme.lower() not in ("http", "https"):
        return URL_SCHEME
    if parts.username is not None or parts.password is not None:
        return URL_CREDENTIALS
    if _matches((parts.hostname or "").rstrip("."), own_hosts):
        return URL_OWN_SITE
    host = _host_name(parts.hostname or "")
    if host is None or not port_ok:
        return URL_NO_HOST
    if _matches(host, own_hosts):
        return URL_OWN_SITE
    if _matches(host, blocked_hosts):
        return URL_BLOCKED
    return None


def _host_name(host: str) -> str | None:
    """The host in ASCII lower case if it is a public DNS name or public IP, else None."""
    try:
        return host if _ip_public(ipaddress.ip_address(host)) else None
    except ValueError:
        pass
    try:
        ascii_host = host.rstrip(".").encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    labels = ascii_host.split(".")
    if len(labels) < 2 or len(ascii_host) > 253 or not TOP_LEVEL.fullmatch(labels[-1]):
        return None
    return ascii_host if all(HOST_LABEL.fullmatch(label) for label in labels) else None


def _ip_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """A global address that embeds no address that is not (mapped, NAT64, 6to4, Teredo)."""
    if not address.is_global:
        return False
    if address.version == 4:
        return True
    return address not in LOCAL_NAT64 and all(v4.is_global for v4 in _embedded_ipv4(address))


def _embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    embedded = [address.ipv4_mapped, address.sixtofour, *(address.teredo or ())]
    if any(address in prefix for prefix in IPV4_IN_LAST_32_BITS):
        embedded.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return [v4 for v4 in embedded if v4 is not None]


def _matches(host: str, domains: set[str]) -> bool:
    """True when ``host`` is one of ``domains`` or below one of them."""
    return any(host == domain or host.endswith("." + domain) for domain in domains)
