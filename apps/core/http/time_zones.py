"""Dates and times in the viewer's own time zone, once their browser has said which.

core/site.js writes the browser's IANA zone name (``Intl``) into the cookie
TIME_ZONE_COOKIE; this middleware makes it the request's current zone, which
apps/core/dates.py and Django's admin show moments in. Without the cookie, or
with a name that is not a known zone, moments are shown in UTC. Either way
every time shown names its zone.
"""

from __future__ import annotations

import re
import zoneinfo

from django.conf import settings
from django.utils import timezone
from django.utils.cache import patch_vary_headers

# IANA names: "UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Etc/GMT+5".
ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+-]{0,30}(/[A-Za-z0-9_+-]{1,30}){0,2}")


def zone_named(name: str) -> zoneinfo.ZoneInfo | None:
    """The zone of that name, or None for anything that is not one (checked before any lookup)."""
    if not ZONE_NAME.fullmatch(name):
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


class ViewerTimeZoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = request.COOKIES.get(settings.TIME_ZONE_COOKIE)
        zone = zone_named(name) if name else None
        if zone is None:
            timezone.deactivate()
            return self.get_response(request)
        with timezone.override(zone):
            response = self.get_response(request)
        # A page's times depend on the cookie: no cache may give it to another zone.
        # A redirect (a short link's, above all) shows none, and stays cacheable.
        if not 300 <= response.status_code < 400:
            patch_vary_headers(response, ("Cookie",))
        return response
