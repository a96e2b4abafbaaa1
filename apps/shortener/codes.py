"""Short codes: random ones drawn with ``secrets``, and aliases people choose."""

from __future__ import annotations

import re
import secrets
import string
from functools import cache

from django.urls import URLResolver, get_resolver

ALPHABET = string.digits + string.ascii_letters  # base62
ALIAS_MIN, ALIAS_MAX = 3, 32
# Random codes and aliases alike: the /<code> URL converter and the API's schema use it too.
ALIAS_PATTERN = re.compile(rf"[A-Za-z0-9_-]{{{ALIAS_MIN},{ALIAS_MAX}}}")
ALIAS_INVALID = (
    f"An alias has {ALIAS_MIN} to {ALIAS_MAX} letters, digits, hyphens (-) or underscores (_)."
)
ALIAS_RESERVED = "That alias is an address of this site. Please choose another."
# Addresses that are not URL patterns but must never become short links.
RESERVED_EXTRA = {"api", "static", "media", "favicon.ico", "robots.txt", ".well-known"}


def random_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def alias_problem(alias: str) -> str | None:
    """Why ``alias`` cannot be used, or None when it can."""
    if not ALIAS_PATTERN.fullmatch(alias):
        return ALIAS_INVALID
    if alias.lower() in reserved_words():
        return ALIAS_RESERVED
    return None


@cache
def reserved_words() -> frozenset[str]:
    """The first path segment of every route of the site, lower-cased."""
    return frozenset(_first_segments(get_resolver().url_patterns)) | RESERVED_EXTRA


def _first_segments(patterns) -> set[str]:
    segments = set()
    for pattern in patterns:
        route = str(pattern.pattern).lstrip("^")
        segment = re.split(r"[/<(\\+$]", route, maxsplit=1)[0].lower()
        if segment:
            segments.add(segment)
        elif isinstance(pattern, URLResolver):
            segments |= _first_segments(pattern.url_patterns)
    return segments
