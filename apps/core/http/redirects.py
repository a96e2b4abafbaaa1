"""The one check of a ``next`` target: where a form may send the user after it is done.

Every view that takes ``next`` (sign-in and sign-up, sign-out, the second
factor's page, the admin's login and logout, Dwipper's forms) reads it through
``next_target``. A target is taken only when it is a path on this site:
Django's ``url_has_allowed_host_and_scheme`` (no other host, no scheme, no
``//host``, no backslash tricks) and, beyond it, a leading ``/``, so that a
bare word (``x``) is never read as a URL name by ``redirect()`` and a
fullwidth ``javascript:`` (U+FF4A ...) is never a relative link; no control
character anywhere, which a ``Location`` header cannot carry. Anything else is
refused and the view's default target is used instead: a hostile value costs
the user nothing and the site no 500.
"""

from __future__ import annotations

import unicodedata

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

NEXT_FIELD = "next"


def local_path(request: HttpRequest, target: str | None) -> str | None:
    """``target`` when it is a path on this site, else None."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if any(unicodedata.category(character)[0] == "C" for character in target):
        return None
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else None


def next_target(request: HttpRequest) -> str | None:
    """The request's ``next`` (the form's, else the query's) if it is a local path, else None."""
    return local_path(request, request.POST.get(NEXT_FIELD) or request.GET.get(NEXT_FIELD))


def redirect_next(request: HttpRequest, default: str, *args, **kwargs) -> HttpResponseRedirect:
    """Redirect to the request's safe ``next``, or to ``default`` (a URL name, path or model)."""
    return HttpResponseRedirect(next_target(request) or resolve_url(default, *args, **kwargs))
