"""The shortener's JSON API: POST /shorten and /api/links (the tutorial's contract), and with
an API key (``Authorization: Bearer``, scope ``shortener``) GET /api/links (your links) and
GET /api/links/<code>/stats.

The body passes the JSON door (apps/core/http/jsonapi.py), ShortenForm checks
the values, the service makes the link. Keys pass the accounts' key door.
"""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.urls import reverse

from apps.accounts.key_door import key_owner
from apps.accounts.selectors import user_key
from apps.core.dynamodb.cursors import BadCursor
from apps.core.http.jsonapi import ApiError, api_view, form_errors
from apps.core.http.paging import bad_cursor_error
from apps.core.http.ratelimit import too_many_requests
from apps.shortener.forms import ShortenForm, own_hosts
from apps.shortener.limits import LIMITED, creation_count, creation_limited
from apps.shortener.selectors import STATS_PERIODS, link_get, link_list_for_owner, link_stats
from apps.shortener.services import AliasTaken, LinkError, link_create

SCOPE = "shortener"
NO_SUCH_LINK = "No such short link of yours."
BAD_PERIOD = "days: statistics cover the last {periods} days.".format(
    periods=" or ".join(str(days) for days in STATS_PERIODS)
)

# The JSON type of each field of the body; the form checks the values.
FIELDS = {"url": "string", "alias": "string", "expires_in_days": "integer"}


@api_view(["POST"], fields=FIELDS)
def shorten(request):
    """POST {"url": ...} -> 201 with the new link, its address in ``Location``.

    With an API key the link is its owner's (and counts against their limit).
    """
    owner = _key_owner(request) if "Authorization" in request.headers else user_key(request.user)
    retry_after = creation_limited(request)
    if retry_after:
        return too_many_requests(request, retry_after, LIMITED)
    form = ShortenForm(request.json, own_hosts=own_hosts(request))
    if not form.is_valid():
        raise form_errors(form)
    try:
        link = link_create(owner=owner, **form.cleaned_data)
    except AliasTaken as error:
        raise ApiError(str(error), 409) from error
    except LinkError as error:
        raise ApiError(str(error), 503, {"Retry-After": "1"}) from error
    creation_count(request)
    payload = link_json(request, link)
    return JsonResponse(payload, status=201, headers={"Location": payload["short_url"]})


@api_view(["GET", "POST"], fields=FIELDS)
def links(request):
    """GET: the key owner's live links, newest first, a page at a time; POST: ``shorten``."""
    if request.method == "POST":
        return shorten.__wrapped__(request)
    owner = _key_owner(request)
    try:
        page = link_list_for_owner(owner=owner, cursor=request.GET.get("cursor"))
    except BadCursor as error:
        raise bad_cursor_error("cursor") from error
    collection = request.build_absolute_uri(reverse("shortener:api_links"))
    next_url = page.next_cursor and f"{collection}?{urlencode({'cursor': page.next_cursor})}"
    rows = [{**link_json(request, link), "clicks": page.clicks[link.code]} for link in page.links]
    return JsonResponse({"links": rows, "next": next_url})


@api_view(["GET"])
def stats(request, code):
    """GET ?days=30|90: the clicks per day and top lists of one of the key owner's links."""
    owner = _key_owner(request)
    link = link_get(code=code)
    if link is None or link.owner != owner:
        raise ApiError(NO_SUCH_LINK, 404)
    period = request.GET.get("days", str(STATS_PERIODS[0]))
    if period not in {str(days) for days in STATS_PERIODS}:
        raise ApiError(BAD_PERIOD)
    figures = link_stats(link=link, days=int(period))
    return JsonResponse(
        {
            "code": link.code,
            "days": [
                {"day": day.isoformat(), "clicks": clicks, "bots": bots}
                for day, clicks, bots in figures.days
            ],
            "clicks": figures.clicks,
            "bots": figures.bots,
            "referrers": [{"host": h, "clicks": n} for h, n in figures.referrers],
            "browsers": [{"browser": b, "clicks": n} for b, n in figures.browsers],
            "devices": [{"device": d, "clicks": n} for d, n in figures.devices],
        }
    )


def _key_owner(request) -> str:
    request.api_user = key_owner(request, SCOPE)
    return request.api_user


def link_json(request, link) -> dict:
    short = reverse("shortener:redirect", args=[link.code])
    return {
        "code": link.code,
        "short": short,
        "short_url": request.build_absolute_uri(short),
        "url": link.url,
        "expires_at": link.ends_at.isoformat().replace("+00:00", "Z"),
    }
