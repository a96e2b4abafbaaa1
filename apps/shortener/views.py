from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from apps.accounts.selectors import username_key
from apps.core.http.json_body import BadJSON, json_body
from apps.core.http.paging import page_or_first
from apps.core.http.ratelimit import client_ip, limit_count, limit_reached, too_many_requests
from apps.core.qr import qr_data_uri
from apps.shortener.forms import ShortenForm
from apps.shortener.selectors import link_clicks, link_get, link_list_for_owner
from apps.shortener.services import (
    AliasTaken,
    LinkError,
    link_click_count,
    link_create,
    link_delete,
)

NOT_JSON = "Send a JSON object, with Content-Type: application/json."
# JSON types of the API's fields; the form checks the values.
FIELD_TYPES = {
    "url": (str, "a string"),
    "alias": (str, "a string"),
    "expires_in_days": (int, "a whole number"),
}
POST_ONLY = "Use POST to create a short link."
LIMITED = "short links from your network"


@require_safe
def follow(request, code):
    """The hot path: one read for the link, one best-effort write for the click.

    HEAD answers like GET without a body (link checkers and previews ask it) and
    counts no click: nobody went anywhere.
    """
    link = link_get(code=code)
    if link is None:
        raise Http404("No such short link.")
    if request.method == "GET":
        link_click_count(link)
    response = HttpResponsePermanentRedirect(link.url)
    # Browsers cache 301s for good; this one must stop when the link expires or is deleted.
    response["Cache-Control"] = "private, no-cache"
    return response


@require_safe
def preview(request, code):
    link = link_get(code=code)
    if link is None:
        raise Http404("No such short link.")
    short_url = _short_url(request, link.code)
    context = {
        "link": link,
        "short_url": short_url,
        "qr": qr_data_uri(short_url),
        "clicks": link_clicks([link])[link.code],
    }
    return render(request, "shortener/preview.html", context)


@require_http_methods(["GET", "POST"])
def index(request):
    form = ShortenForm(request.POST or None, own_hosts=_own_hosts(request))
    if request.method == "POST":
        retry_after = _creation_limited(request)
        if retry_after:
            # The form again, with what was typed, so the URL is not lost while they wait.
            return too_many_requests(
                request,
                retry_after,
                LIMITED,
                template="shortener/index.html",
                context={"form": ShortenForm(initial=request.POST.dict(), own_hosts=set())},
            )
        if form.is_valid():
            try:
                link = link_create(owner=_owner(request), **form.cleaned_data)
            except AliasTaken as error:
                form.add_error("alias", str(error))
            except LinkError as error:
                form.add_error(None, str(error))
            else:
                _creation_count(request)
                messages.success(request, "Your short link is ready.")
                return redirect("shortener:preview", code=link.code)
    return render(request, "shortener/index.html", {"form": form})


@login_required
@require_GET
def mine(request):
    after = {"cursor": request.GET.get("after")}
    page = page_or_first(request, link_list_for_owner, after, owner=_owner(request))
    rows = [(link, page.clicks[link.code], _short_url(request, link.code)) for link in page.links]
    context = {"rows": rows, "next_cursor": page.next_cursor, "first": page.first}
    return render(request, "shortener/mine.html", context)


@login_required
@require_POST
def delete(request, code):
    if not link_delete(code=code, owner=_owner(request)):
        raise Http404("No such short link of yours.")
    messages.success(request, f"The short link /{code} is deleted.")
    return redirect("shortener:mine")


@csrf_exempt
def api_shorten(request):
    """POST {"url": ...} -> 201 with the new link (the tutorial's contract)."""
    if request.method != "POST":
        return JsonResponse({"error": POST_ONLY}, status=405, headers={"Allow": "POST"})
    retry_after = _creation_limited(request)
    if retry_after:
        return too_many_requests(request, retry_after, LIMITED)
    try:
        body = _json_object(request)
    except BadJSON as error:
        return JsonResponse({"error": str(error)}, status=400)
    problem = _type_problem(body)
    if problem:
        return JsonResponse({"error": problem}, status=400)
    form = ShortenForm(body, own_hosts=_own_hosts(request))
    if not form.is_valid():
        errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
        first = next(iter(errors.values()))[0]
        return JsonResponse({"error": first, "errors": errors}, status=400)
    try:
        link = link_create(owner=_owner(request), **form.cleaned_data)
    except AliasTaken as error:
        return JsonResponse({"error": str(error)}, status=409)
    except LinkError as error:
        return JsonResponse({"error": str(error)}, status=503, headers={"Retry-After": "1"})
    _creation_count(request)
    payload = _link_json(request, link)
    return JsonResponse(payload, status=201, headers={"Location": payload["short_url"]})


def _json_object(request) -> dict:
    if request.content_type != "application/json":
        raise BadJSON(NOT_JSON)
    body = json_body(request.body)
    if not isinstance(body, dict):
        raise BadJSON(NOT_JSON)
    return body


def _type_problem(body: dict) -> str | None:
    for field, (kind, name) in FIELD_TYPES.items():
        value = body.get(field)
        if value is not None and (isinstance(value, bool) or not isinstance(value, kind)):
            return f"The field {field} must be {name}."
    return None


def _link_json(request, link) -> dict:
    short = reverse("shortener:redirect", args=[link.code])
    return {
        "code": link.code,
        "short": short,
        "short_url": request.build_absolute_uri(short),
        "url": link.url,
        "expires_at": link.expires.isoformat().replace("+00:00", "Z"),
    }


def _short_url(request, code: str) -> str:
    return request.build_absolute_uri(reverse("shortener:redirect", args=[code]))


def _owner(request) -> str | None:
    return username_key(request.user.username) if request.user.is_authenticated else None


def _own_hosts(request) -> set[str]:
    """This site's host names: a short link must never point back here."""
    configured = {h for h in settings.ALLOWED_HOSTS if h and h != "*" and not h.startswith(".")}
    configured |= set(settings.SHORTENER_OWN_HOSTS)
    return {h.lower() for h in configured} | {request.get_host().rsplit(":", 1)[0].lower()}


def _creation_rate(group, request) -> str:
    if request.user.is_authenticated:
        return settings.SHORTENER_RATE_SIGNED_IN
    return settings.SHORTENER_RATE_ANONYMOUS


def _creation_limited(request) -> int | None:
    """The limit counts links made, not requests: a refused URL or a taken alias costs nothing."""
    return limit_reached(request, group="shorten", key=client_ip, rate=_creation_rate)


def _creation_count(request) -> None:
    limit_count(request, group="shorten", key=client_ip, rate=_creation_rate)
