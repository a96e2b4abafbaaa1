"""Dwipper's JSON API under /api/dwipper/, for dwipper.js: edit in place, delete,
upvote and favourite without a page reload. Each does what the page's form
POST does; without JavaScript the forms work as they are.

The caller is the signed-in user of the session cookie, so Django's CSRF check
stays on (dwipper.js sends ``X-CSRFToken``); visitors get 403. The JSON door
(apps/core/http/jsonapi.py) reads the body into ``request.json`` first.
"""

from __future__ import annotations

import contextlib

from django.http import HttpResponse, JsonResponse

from apps.accounts.selectors import user_key
from apps.core.http.jsonapi import ApiError, api_view, form_errors
from apps.dwipper.forms import DwippForm
from apps.dwipper.markup import text_html
from apps.dwipper.services import (
    DwippNotFound,
    dwipp_delete,
    dwipp_edit,
    favourite_toggle,
    upvote_toggle,
)

# The JSON type of each field of the bodies; the forms and services check the values.
TEXT_FIELDS = {"text": "string"}
TOGGLE_FIELDS = {"on": "boolean"}  # absent or null: the other state


@api_view(["PATCH", "DELETE"], fields=TEXT_FIELDS, signed_in=True)
def dwipp(request, dwipp_id):
    """PATCH {"text": ...} edits the caller's dwipp; DELETE deletes it (204)."""
    author = user_key(request.user)
    if request.method == "DELETE":
        with _found():
            dwipp_delete(author=author, dwipp_id=dwipp_id)
        return HttpResponse(status=204)
    form = DwippForm(request.json)
    if not form.is_valid():
        raise form_errors(form)
    with _found():
        edited = dwipp_edit(author=author, dwipp_id=dwipp_id, text=form.cleaned_data["text"])
    html = text_html(edited.text, tags=edited.tags, mentions=edited.mentions)
    return JsonResponse({"text": edited.text, "html": html, "edited": True})


@api_view(["POST"], fields=TOGGLE_FIELDS, signed_in=True)
def upvote(request, dwipp_id):
    return _toggled(request, dwipp_id, upvote_toggle)


@api_view(["POST"], fields=TOGGLE_FIELDS, signed_in=True)
def favourite(request, dwipp_id):
    return _toggled(request, dwipp_id, favourite_toggle)


def _toggled(request, dwipp_id, toggle) -> JsonResponse:
    with _found():
        done = toggle(user=user_key(request.user), dwipp_id=dwipp_id, on=request.json.get("on"))
    return JsonResponse({"on": done.on, "count": done.count})


@contextlib.contextmanager
def _found():
    """A dwipp that is not there (or not the caller's to change) is a 404."""
    try:
        yield
    except DwippNotFound as error:
        raise ApiError(str(error), 404) from error
