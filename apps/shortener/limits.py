"""The rate limit on making short links, shared by the page and the JSON API.

It counts links made, not requests: a refused URL or a taken alias costs nothing.
"""

from django.conf import settings

from apps.core.http.ratelimit import client_ip, limit_count, limit_reached

LIMITED = "short links from your network"


def creation_limited(request) -> int | None:
    """The seconds to wait when this network (or API key's owner) has made its links, else None."""
    return limit_reached(request, group="shorten", key=_creator, rate=_creation_rate)


def creation_count(request) -> None:
    """Count one link made."""
    limit_count(request, group="shorten", key=_creator, rate=_creation_rate)


def _creator(group, request) -> str:
    """An API key's owner has a limit of their own, shared by all their keys."""
    owner = getattr(request, "api_user", None)
    return f"key:{owner}" if owner else client_ip(group, request)


def _creation_rate(group, request) -> str:
    if request.user.is_authenticated or getattr(request, "api_user", None):
        return settings.SHORTENER_RATE_SIGNED_IN
    return settings.SHORTENER_RATE_ANONYMOUS
