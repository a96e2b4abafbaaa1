"""What a click keeps of its request: the day, the referring host, and a coarse class of agent.

Worked out in the request from its headers and then forgotten: no address and
no user agent is ever stored or logged, only these few values, which the
click's counter write carries to the statistics (apps/shortener/services.py,
``link_clicks_aggregate``). Country is not kept: behind API Gateway there is no
viewer-country header, and the address is not looked up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

NO_REFERRER = "(none)"  # no Referer header, or one that names no host
HOST_MAX = 253
HOST = re.compile(r"[a-z0-9.-]{1,253}")
BOT = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|curl/|wget/|python-|httpclient|http-client|"
    r"go-http|java/|okhttp|node-fetch|axios/|headless|preview|facebookexternalhit|"
    r"whatsapp|embedly|monitor|checker|scanner|lighthouse",
    re.IGNORECASE,
)
# Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
BROWSERS = (
    ("Edge", re.compile(r"Edg(e|A|iOS)?/")),
    ("Opera", re.compile(r"OPR/|Opera")),
    ("Samsung Internet", re.compile(r"SamsungBrowser/")),
    ("Firefox", re.compile(r"Firefox/|FxiOS/")),
    ("Chrome", re.compile(r"Chrome/|CriOS/")),
    ("Safari", re.compile(r"Safari/")),
)
TABLET = re.compile(r"iPad|Tablet|Android(?!.*Mobile)", re.IGNORECASE)
MOBILE = re.compile(r"Mobi|iPhone|iPod|Android|Windows Phone", re.IGNORECASE)
OTHER = "Other"


@dataclass(frozen=True)
class Click:
    day: str  # YYYY-MM-DD, UTC
    referrer: str  # a host name, or NO_REFERRER
    browser: str  # one of BROWSERS' names, or OTHER
    device: str  # "desktop", "mobile" or "tablet"
    bot: bool


def click_from_request(request) -> Click:
    agent = request.META.get("HTTP_USER_AGENT", "")
    return Click(
        day=datetime.now(UTC).date().isoformat(),
        referrer=referrer_host(request.META.get("HTTP_REFERER", "")),
        browser=browser_class(agent),
        device=device_class(agent),
        bot=not agent or bool(BOT.search(agent)),
    )


def referrer_host(referer: str) -> str:
    """The host of a Referer header, lower case; NO_REFERRER for none or a malformed one."""
    try:
        host = (urlsplit(referer[:2048]).hostname or "").rstrip(".")
    except ValueError:
        return NO_REFERRER
    return host if HOST.fullmatch(host) else NO_REFERRER


def browser_class(agent: str) -> str:
    return next((name for name, pattern in BROWSERS if pattern.search(agent)), OTHER)


def device_class(agent: str) -> str:
    if TABLET.search(agent):
        return "tablet"
    return "mobile" if MOBILE.search(agent) else "desktop"
