from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from apps.accounts.selectors import username_key
from apps.core.http.paging import page_or_first
from apps.core.http.ratelimit import too_many_requests
from apps.core.qr import qr_data_uri
from apps.shortener.forms import ShortenForm, own_hosts
from apps.shortener.limits import LIMITED, creation_count, creation_limited
from apps.shortener.selectors import link_clicks, link_get, link_list_for_owner
from apps.shortener.services import (
    AliasTaken,
    LinkError,
    link_click_count,
    link_create,
    link_delete,
)


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
    form = ShortenForm(request.POST or None, own_hosts=own_hosts(request))
    if request.method == "POST":
        retry_after = creation_limited(request)
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
                creation_count(request)
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


def _short_url(request, code: str) -> str:
    return request.build_absolute_uri(reverse("shortener:redirect", args=[code]))


def _owner(request) -> str | None:
    return username_key(request.user.username) if request.user.is_authenticated else None
