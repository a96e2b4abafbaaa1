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
HOST = re.compile(rf"[a-z0-9.-]{{1,{HOST_MAX}}}")
# Words by which programs name themselves in their user agent (lower case). Plain
# substring tests: one regular expression of them cost ~60 µs a click.
BOT_WORDS = (
    "bot", "crawl", "spider", "slurp", "archiver", "curl/", "wget/", "python-", "httpclient",
    "http-client", "go-http", "java/", "okhttp", "node-fetch", "axios/", "headless", "preview",
    "facebookexternalhit", "whatsapp", "embedly", "monitor", "checker", "scanner", "lighthouse",
)  # fmt: skip
# Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
BROWSERS = (
    ("Edge", ("edg/", "edge/", "edga/", "edgios/")),
    ("Opera", ("opr/", "opera")),
    ("Samsung Internet", ("samsungbrowser/",)),
    ("Firefox", ("firefox/", "fxios/")),
    ("Chrome", ("chrome/", "crios/")),
    ("Safari", ("safari/",)),
)
MOBILE_WORDS = ("mobi", "iphone", "ipod", "android", "windows phone")
OTHER = "Other"
SEPARATOR = "|"  # in none of the values: not in a host name (HOST), nor in a class's name


@dataclass(frozen=True)
class Click:
    day: str  # YYYY-MM-DD, UTC
    referrer: str  # a host name, or NO_REFERRER
    browser: str  # one of BROWSERS' names, or OTHER
    device: str  # "desktop", "mobile" or "tablet"
    bot: bool

    def packed(self) -> str:
        """One string for the counter's ``click`` attribute: one attribute to write, not five."""
        return SEPARATOR.join((self.day, self.referrer, self.browser, self.device, str(+self.bot)))

    @classmethod
    def unpacked(cls, packed: str) -> Click:
        day, referrer, browser, device, bot = packed.split(SEPARATOR)
        return cls(day, referrer, browser, device, bot == "1")


def click_from_request(request) -> Click:
    agent = request.META.get("HTTP_USER_AGENT", "")
    return Click(
        day=datetime.now(UTC).date().isoformat(),
        referrer=referrer_host(request.META.get("HTTP_REFERER", "")),
        browser=browser_class(agent),
        device=device_class(agent),
        bot=is_bot(agent),
    )


def is_bot(agent: str) -> bool:
    """A program by its own word, or an agent that does not say what it is."""
    lowered = agent.lower()
    return not agent or any(word in lowered for word in BOT_WORDS)


def referrer_host(referer: str) -> str:
    """The host of a Referer header, lower case; NO_REFERRER for none or a malformed one."""
    try:
        host = (urlsplit(referer[:2048]).hostname or "").rstrip(".")
    except ValueError:
        return NO_REFERRER
    return host if HOST.fullmatch(host) else NO_REFERRER


def browser_class(agent: str) -> str:
    lowered = agent.lower()
    return next((name for name, words in BROWSERS if _any_in(words, lowered)), OTHER)


def device_class(agent: str) -> str:
    lowered = agent.lower()
    android_tablet = "android" in lowered and "mobile" not in lowered
    if "ipad" in lowered or "tablet" in lowered or android_tablet:
        return "tablet"
    return "mobile" if _any_in(MOBILE_WORDS, lowered) else "desktop"


def _any_in(words: tuple[str, ...], text: str) -> bool:
    return any(word in text for word in words)
