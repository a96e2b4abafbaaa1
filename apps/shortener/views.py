from datetime import UTC, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from apps.accounts.selectors import username_key
from apps.core.http.paging import page_or_first
from apps.core.http.ratelimit import too_many_requests
from apps.core.http.routes import Routes
from apps.core.qr import qr_data_uri
from apps.shortener.chart import HEIGHT, WIDTH, day_bars
from apps.shortener.clicks import NO_REFERRER, click_from_request
from apps.shortener.forms import (
    IMPORT_BYTES_MAX,
    ImportForm,
    LinkEditForm,
    ShortenForm,
    own_hosts,
)
from apps.shortener.imports import TOO_LARGE, ImportRefused, rows_read
from apps.shortener.limits import LIMITED, creation_count, creation_limited
from apps.shortener.selectors import (
    STATS_PERIODS,
    link_clicks,
    link_clicks_left,
    link_get,
    link_import_get,
    link_import_rows,
    link_list_for_owner,
    link_stats,
)
from apps.shortener.services import (
    DRY_RUN,
    IMPORT_GONE,
    OTHER_HOSTS,
    RUNNING,
    AliasTaken,
    LinkError,
    NotYourImport,
    NotYourLink,
    link_click_count,
    link_create,
    link_delete,
    link_edit,
    link_import_confirm,
    link_import_prepare,
)

PAUSED = "Its owner has paused this link for now. Please try again later."
LIMIT_REACHED = "This link has been used as many times as its owner allowed."
BAD_PERIOD = "Statistics cover the last {periods} days.".format(
    periods=" or ".join(str(days) for days in STATS_PERIODS)
)


@require_safe
def follow(request, code):
    """The hot path: one read for the link, at most one write for the click.

    A paused link answers 404 and an ended one with a fallback redirects there
    (302), both counting nothing; a link whose click limit refuses the click
    answers 410. HEAD answers like GET without a body (link checkers and
    previews ask it) and counts no click: nobody went anywhere (for a limited
    link it reads the limit's counter instead).
    """
    link = link_get(code=code)
    if link is None:
        raise Http404("No such short link.")
    if link.paused:
        response = _unavailable(request, link, PAUSED, status=404)
    elif link.ends and link.ends <= datetime.now(UTC):
        response = HttpResponseRedirect(link.fallback_url)
    elif not _counted(request, link):
        response = _unavailable(request, link, LIMIT_REACHED, status=410)
    else:
        response = HttpResponsePermanentRedirect(link.url)
    # Browsers cache 301s for good; this one must stop when the link changes, expires or goes.
    response["Cache-Control"] = "private, no-cache"
    return response


def _counted(request, link) -> bool:
    """A GET counts the click (False: the limit refused it); a HEAD only asks."""
    if request.method == "GET":
        return link_click_count(link, click_from_request(request))
    return link_clicks_left(link) != 0


def _unavailable(request, link, message: str, *, status: int):
    context = {"code": link.code, "message": message, "status": status}
    return render(request, "shortener/unavailable.html", context, status=status)


@require_safe
def preview(request, code):
    link = link_get(code=code)
    if link is None:
        raise Http404("No such short link.")
    short_url = _short_url(request, link.code)
    clicks = link_clicks([link])[link.code]
    ended = bool(link.ends and link.ends <= datetime.now(UTC))
    context = {
        "link": link,
        "short_url": short_url,
        "qr": qr_data_uri(short_url),
        "clicks": clicks,
        "ended": ended,
        "destination": link.fallback_url if ended else link.url,
        "limit_reached": link.click_limit is not None and clicks >= link.click_limit,
        "mine": link.owner is not None and link.owner == _owner(request),
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
    return render(request, "shortener/mine.html", _mine_context(request, page))


def _mine_context(request, page) -> dict:
    routes = Routes()
    rows = [_row(request, link, page.clicks[link.code], routes) for link in page.links]
    return {"rows": rows, "next_cursor": page.next_cursor, "first": page.first}


def _row(request, link, clicks: int, routes: Routes) -> dict:
    """What My links shows of a link. A dict, because the template finds a dict's keys
    at the first try and a model's attributes only after a failed item lookup: a
    row reads its link fourteen times. Its paths are made with the page's one
    ``Routes`` and escaped for HTML once (safe strings, written as they are)."""
    code = link.code
    return {
        "code": code,
        "url": link.url,
        "paused": link.paused,
        "created": link.created,
        "ends_at": link.ends_at,
        "clicks": clicks,
        "short_url": _short_url(request, code, routes),
        "preview_path": escape(routes.path(code, "shortener:preview")),
        "stats_path": escape(routes.path(code, "shortener:stats")),
        "edit_path": escape(routes.path(code, "shortener:edit")),
        "delete_path": escape(routes.path(code, "shortener:delete")),
    }


@login_required
@require_GET
def stats(request, code):
    """A link's clicks per day, top referrers, browsers and devices: its owner's and staff's."""
    link = link_get(code=code)
    if link is None or not (link.owner == _owner(request) or request.user.is_staff):
        raise Http404("No such short link of yours.")
    period = request.GET.get("days", str(STATS_PERIODS[0]))
    if period not in {str(days) for days in STATS_PERIODS}:
        return render(request, "400.html", {"message": BAD_PERIOD}, status=400)
    figures = link_stats(link=link, days=int(period))
    context = {
        "link": link,
        "stats": figures,
        "days": int(period),
        "periods": STATS_PERIODS,
        "bars": day_bars(figures.days),
        "chart_width": WIDTH,
        "chart_height": HEIGHT,
        "peak": max((clicks for _, clicks, _ in figures.days), default=0),
        "no_referrer": NO_REFERRER,
        "other_hosts": OTHER_HOSTS,
        "owner": _owner(request),
    }
    return render(request, "shortener/stats.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, code):
    """The owner changes where the link leads, its click limit and fallback, or pauses it."""
    link = link_get(code=code)
    if link is None or link.owner != _owner(request):
        raise Http404("No such short link of yours.")
    initial = {
        "url": link.url,
        "fallback_url": link.fallback_url,
        "click_limit": link.click_limit and int(link.click_limit),
        "paused": bool(link.paused),
    }
    form = LinkEditForm(request.POST or None, initial=initial, own_hosts=own_hosts(request))
    if request.method == "POST" and form.is_valid():
        try:
            link_edit(code=code, owner=_owner(request), **form.cleaned_data)
        except NotYourLink as error:
            raise Http404(str(error)) from error
        messages.success(request, f"The short link /{code} is saved.")
        return redirect("shortener:preview", code=code)
    context = {"form": form, "link": link, "short_url": _short_url(request, code)}
    return render(request, "shortener/edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def import_new(request):
    """Upload a CSV of links: its dry run is kept for an hour (or the form says what is wrong)."""
    sent = request.method == "POST"
    form = ImportForm(request.POST if sent else None, request.FILES if sent else None)
    status = 400 if sent else 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["csv_file"]
        try:
            rows = rows_read(upload.read(IMPORT_BYTES_MAX + 1), own_hosts=own_hosts(request))
        except ImportRefused as error:
            form.add_error("csv_file", str(error))
            status = 413 if str(error) == TOO_LARGE else 400
        else:
            found = link_import_prepare(owner=_owner(request), rows=rows)
            return redirect("shortener:import", import_id=found.import_id)
    return render(request, "shortener/import_new.html", {"form": form}, status=status)


@login_required
@require_GET
def import_show(request, import_id):
    """A dry run (every row, valid or why not) or, once confirmed, the import's progress."""
    found = link_import_get(import_id=import_id, owner=_owner(request))
    if found is None:
        raise Http404(IMPORT_GONE)
    failures = sorted((int(row), why) for row, why in (found.failures or {}).as_dict().items())
    context = {
        "found": found,
        "rows": link_import_rows(import_id=import_id) if found.state == DRY_RUN else [],
        "failures": failures,
        "dry_run": found.state == DRY_RUN,
        "running": found.state == RUNNING,
    }
    return render(request, "shortener/import.html", context)


@login_required
@require_POST
def import_confirm(request, import_id):
    try:
        started = link_import_confirm(import_id=import_id, owner=_owner(request))
    except NotYourImport as error:
        raise Http404(str(error)) from error
    if started:
        messages.success(request, "Your links are being made: this page shows how far it got.")
    return redirect("shortener:import", import_id=import_id)


@login_required
@require_POST
def delete(request, code):
    if not link_delete(code=code, owner=_owner(request)):
        raise Http404("No such short link of yours.")
    messages.success(request, f"The short link /{code} is deleted.")
    return redirect("shortener:mine")


def _short_url(request, code: str, routes: Routes | None = None) -> str:
    """The link's short URL; ``routes``: a page's one ``Routes``, for a list of links."""
    return request.build_absolute_uri((routes or Routes()).path(code, "shortener:redirect"))


def _owner(request) -> str | None:
    return username_key(request.user.username) if request.user.is_authenticated else None
