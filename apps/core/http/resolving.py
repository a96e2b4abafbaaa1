"""The site's WSGI handler: Django's, with each path's URL resolution kept.

Resolving a path tries the URLconf's patterns one by one, noting every pattern
it tried, and raises and catches an exception for every include that does not
match: 30 to 70 µs of every request here (more for a short link's ``/<code>``,
which comes last). The answer depends only on the path and the URLconf, so
the handler keeps the matches of the last ``KEPT_PATHS`` paths (per resolver,
so a test's URLconf has its own) and gives each request its own copy, with its
own arguments; a path that matches nothing (a 404) is resolved every time.

Django's private API touched, both stable since Django 3.1: ``WSGIHandler``
(``django.core.wsgi.get_wsgi_application`` keeps it off the public API; this
is what that function does) and ``BaseHandler.resolve_request``, which the
handler calls once per request.
"""

from __future__ import annotations

from functools import lru_cache

import django
from django.core.handlers.wsgi import WSGIHandler
from django.urls import get_resolver

KEPT_PATHS = 1024


class SiteWSGIHandler(WSGIHandler):
    def resolve_request(self, request):
        if hasattr(request, "urlconf"):  # a middleware chose the request's URLconf
            return super().resolve_request(request)
        kept = _match(get_resolver(), request.path_info)
        # A copy (ResolverMatch refuses copy.copy), with arguments of its own.
        match = object.__new__(type(kept))
        match.__dict__.update(kept.__dict__, kwargs=dict(kept.kwargs))
        request.resolver_match = match
        return match


@lru_cache(maxsize=KEPT_PATHS)
def _match(resolver, path: str):
    return resolver.resolve(path)


def wsgi_application() -> SiteWSGIHandler:
    """``django.core.wsgi.get_wsgi_application()``, with the site's handler."""
    django.setup(set_prefix=False)
    return SiteWSGIHandler()
