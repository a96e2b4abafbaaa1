"""The shortener's JSON API: POST /shorten and POST /api/links (the tutorial's contract).

The body passes the JSON door (apps/core/http/jsonapi.py), ShortenForm checks
the values, the service makes the link.
"""

from django.http import JsonResponse
from django.urls import reverse

from apps.accounts.selectors import user_key
from apps.core.http.jsonapi import ApiError, api_view, form_errors
from apps.core.http.ratelimit import too_many_requests
from apps.shortener.forms import ShortenForm, own_hosts
from apps.shortener.limits import LIMITED, creation_count, creation_limited
from apps.shortener.services import AliasTaken, LinkError, link_create

# The JSON type of each field of the body; the form checks the values.
FIELDS = {"url": "string", "alias": "string", "expires_in_days": "integer"}


@api_view(["POST"], fields=FIELDS)
def shorten(request):
    """POST {"url": ...} -> 201 with the new link, its address in ``Location``."""
    retry_after = creation_limited(request)
    if retry_after:
        return too_many_requests(request, retry_after, LIMITED)
    form = ShortenForm(request.json, own_hosts=own_hosts(request))
    if not form.is_valid():
        raise form_errors(form)
    try:
        link = link_create(owner=user_key(request.user), **form.cleaned_data)
    except AliasTaken as error:
        raise ApiError(str(error), 409) from error
    except LinkError as error:
        raise ApiError(str(error), 503, {"Retry-After": "1"}) from error
    creation_count(request)
    payload = link_json(request, link)
    return JsonResponse(payload, status=201, headers={"Location": payload["short_url"]})


def link_json(request, link) -> dict:
    short = reverse("shortener:redirect", args=[link.code])
    return {
        "code": link.code,
        "short": short,
        "short_url": request.build_absolute_uri(short),
        "url": link.url,
        "expires_at": link.ends_at.isoformat().replace("+00:00", "Z"),
    }
