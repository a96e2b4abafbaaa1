"""The Dwipper pages. Every write is a POST that works as a plain form (it
redirects back); dwipper.js does the same through the JSON API (api.py)."""

from __future__ import annotations

import contextlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from apps.accounts.selectors import user_get, username_key
from apps.accounts.services import notices_unread_clear
from apps.core.dynamodb.cursors import BadCursor
from apps.core.http.paging import first_page_note, page_or_first
from apps.core.http.ratelimit import limit_count, limit_reached, too_many_requests
from apps.core.http.redirects import next_target, redirect_next
from apps.dwipper.forms import DwippForm, DwippPostForm, NoticeSettingsForm, ReportForm
from apps.dwipper.markup import tag_key, tag_valid
from apps.dwipper.rows import dwipp_rows, notice_rows
from apps.dwipper.selectors import (
    author_page,
    dwipp_of_author,
    dwipp_visible_get,
    favourites_page,
    feed_page,
    following_page,
    notices_page,
    profile_state,
    report_get,
    tag_page,
    thread_page,
)
from apps.dwipper.services import (
    BLOCKED,
    NOTICE_KINDS,
    Blocked,
    DwippNotFound,
    SelfFollow,
    block_set,
    dwipp_create,
    dwipp_delete,
    dwipp_edit,
    favourite_toggle,
    follow_set,
    notice_settings_set,
    report_create,
    upvote_toggle,
)
from apps.dwipper.text import MAX_LENGTH

NO_SUCH_USER = "No such user."
NO_SUCH_TAG = "A tag is a # and up to 50 letters, digits or underscores."
POSTED = "Your dwipp is out."
REPLIED = "Your reply is out."
NOTICES_SAVED = "Your notification settings are saved."
BLOCKED_NOW = (
    "You block {name}: neither of you follows the other, and you will not see their dwipps "
    "or hear from them."
)
LIMITED = "dwipps"
STATES = {"on": True, "off": False}


def _viewer(request) -> str | None:
    return username_key(request.user.username) if request.user.is_authenticated else None


def _cursors(request) -> dict:
    return {"before": request.GET.get("before"), "after": request.GET.get("after")}


def _back(request, default: str = "dwipper:feed"):
    """Back to the page the form was on (its safe ``next``), else to ``default``."""
    return redirect_next(request, default)


def _list_context(request, page, *, placeholders: bool = False, **extra) -> dict:
    return {
        "page": page,
        "rows": dwipp_rows(page.entries, _viewer(request), placeholders=placeholders),
        "here": request.get_full_path(),
        "dwipp_max": MAX_LENGTH,  # for dwipper.js's editor
        **extra,
    }


@require_safe
def feed(request):
    page = page_or_first(request, feed_page, _cursors(request), viewer=_viewer(request))
    context = _list_context(request, page, form=DwippPostForm(), tab="feed")
    return render(request, "dwipper/feed.html", context)


@login_required
@require_safe
def following(request):
    page = page_or_first(request, following_page, _cursors(request), viewer=_viewer(request))
    return render(request, "dwipper/list.html", _list_context(request, page, tab="following"))


@login_required
@require_safe
def mine(request):
    viewer = _viewer(request)
    page = page_or_first(
        request, author_page, _cursors(request), author=viewer, viewer=viewer, include_hidden=True
    )
    return render(request, "dwipper/list.html", _list_context(request, page, tab="mine"))


@login_required
@require_safe
def favourites(request):
    page = page_or_first(request, favourites_page, _cursors(request), viewer=_viewer(request))
    return render(request, "dwipper/list.html", _list_context(request, page, tab="favourites"))


def unread_count(request) -> int:
    """The header's count (DwipperConfig.header_badges): read with the user, no request."""
    return getattr(request.user, "notices_unread", 0)


@login_required
@require_safe
def notifications(request):
    """The user's notifications, newest first; opening the page marks them read."""
    viewer = _viewer(request)
    try:
        page = notices_page(user=viewer, before=request.GET.get("before"))
    except BadCursor:
        first_page_note(request)
        page = notices_page(user=viewer)
    unread = request.user.notices_unread
    notices_unread_clear(request.user)
    wanted = sorted(set(NOTICE_KINDS) - page.off)
    form = NoticeSettingsForm(kinds=NOTICE_KINDS, initial={"wanted": wanted})
    context = {"page": page, "notices": notice_rows(page.notices), "form": form, "unread": unread}
    return render(request, "dwipper/notifications.html", context)


@login_required
@require_POST
def notification_settings(request):
    form = NoticeSettingsForm(request.POST, kinds=NOTICE_KINDS)
    if not form.is_valid():
        context = {"page": None, "form": form}
        return render(request, "dwipper/notifications.html", context, status=400)
    off = set(NOTICE_KINDS) - set(form.cleaned_data["wanted"])
    notice_settings_set(user=_viewer(request), off=off)
    messages.success(request, NOTICES_SAVED)
    return redirect("dwipper:notifications")


@require_safe
def tag(request, tag):
    """The dwipps that carry ``#tag``, newest first (any spelling of the tag: one page)."""
    key = tag_key(tag)
    if not tag_valid(key):
        raise Http404(NO_SUCH_TAG)
    page = page_or_first(request, tag_page, _cursors(request), tag=key, viewer=_viewer(request))
    return render(request, "dwipper/tag.html", _list_context(request, page, tag=key))


@require_safe
def dwipp(request, dwipp_id):
    """One dwipp on its own page (a link to share): the dwipp it answers, then its replies."""
    viewer = _viewer(request)
    thread = page_or_first(
        request, thread_page, _cursors(request), dwipp_id=dwipp_id, viewer=viewer
    )
    if thread is None:
        raise Http404("No such dwipp.")
    return render(request, "dwipper/dwipp.html", _thread_context(request, thread))


def _thread_context(request, thread) -> dict:
    shown = [thread.dwipp] if thread.parent is None else [thread.dwipp, thread.parent]
    main_row, *parent_row = dwipp_rows(shown, _viewer(request), placeholders=True)
    return _list_context(
        request,
        thread.replies,
        placeholders=True,
        thread=thread,
        main_row=main_row,
        parent_row=parent_row[0] if parent_row else None,
        form=DwippPostForm(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def reply(request, dwipp_id):
    """Reply to a visible dwipp (the same text rules and limit as a post), then its page."""
    answered = dwipp_visible_get(dwipp_id)
    if answered is None:
        raise Http404("No such dwipp.")
    form = DwippPostForm(request.POST or None)
    context = {"form": form, "answered": answered}
    if request.method == "POST":
        retry_after = limit_reached(request, **_post_limit())
        if retry_after:
            return too_many_requests(
                request, retry_after, LIMITED, template="dwipper/reply.html", context=context
            )
        if form.is_valid():
            try:
                _post_form(request, form, parent=dwipp_id)
            except DwippNotFound as error:
                raise Http404(str(error)) from None
            messages.success(request, REPLIED)
            return redirect("dwipper:dwipp", dwipp_id=dwipp_id)
    status = 400 if form.is_bound else 200
    return render(request, "dwipper/reply.html", context, status=status)


def _post_form(request, form, parent: str | None = None) -> None:
    """Post the form's dwipp (once however often the form is sent) and count it for the limit."""
    dwipp_create(
        author=_viewer(request),
        author_name=request.user.username,
        text=form.cleaned_data["text"],
        idempotency_key=form.cleaned_data["idempotency_key"],
        parent=parent,
    )
    limit_count(request, **_post_limit())


def _person(username: str):
    """The user a profile URL names, or 404."""
    person = user_get(username=username)
    if person is None:
        raise Http404(NO_SUCH_USER)
    return person


@require_safe
def profile(request, username):
    person = _person(username)
    author, viewer = username_key(person.username), _viewer(request)
    page = page_or_first(request, author_page, _cursors(request), author=author, viewer=viewer)
    context = _list_context(
        request,
        page,
        person=person,
        state=profile_state(author=author, viewer=viewer),
        own=author == viewer,
    )
    return render(request, "dwipper/profile.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def post(request):
    form = DwippPostForm(request.POST or None)
    if request.method == "POST":
        retry_after = limit_reached(request, **_post_limit())
        if retry_after:
            return too_many_requests(
                request, retry_after, LIMITED, template="dwipper/post.html", context={"form": form}
            )
        if form.is_valid():
            with contextlib.suppress(DwippNotFound):  # posted before, and deleted since
                _post_form(request, form)
            messages.success(request, POSTED)
            return redirect("dwipper:feed")
    status = 400 if form.is_bound else 200
    return render(request, "dwipper/post.html", {"form": form}, status=status)


def _post_limit() -> dict:
    return {"group": "dwipper-post", "key": "user", "rate": settings.DWIPPER_POST_RATE}


def _own_dwipp_or_404(request, dwipp_id):
    """The signed-in author's dwipp; 404 for anybody else, whatever the method."""
    dwipp = dwipp_of_author(author=_viewer(request), dwipp_id=dwipp_id)
    if dwipp is None:
        raise Http404("No such dwipp of yours.")
    return dwipp


@login_required
def edit(request, dwipp_id):
    dwipp = _own_dwipp_or_404(request, dwipp_id)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    # Bound on every POST, an empty one too: it is refused like an empty text.
    form = DwippForm(
        request.POST if request.method == "POST" else None, initial={"text": dwipp.text}
    )
    if form.is_valid():
        try:
            dwipp_edit(author=_viewer(request), dwipp_id=dwipp_id, text=form.cleaned_data["text"])
        except DwippNotFound as error:
            raise Http404(str(error)) from None
        messages.success(request, "Your dwipp is changed.")
        return _back(request, "dwipper:mine")
    status = 400 if form.is_bound else 200
    context = {"form": form, "dwipp": dwipp, "next": next_target(request) or ""}
    return render(request, "dwipper/edit.html", context, status=status)


@login_required
def delete(request, dwipp_id):
    dwipp = _own_dwipp_or_404(request, dwipp_id)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    if request.method == "POST":
        try:
            dwipp_delete(author=_viewer(request), dwipp_id=dwipp_id)
        except DwippNotFound as error:
            raise Http404(str(error)) from None
        messages.success(request, "Your dwipp is deleted.")
        return redirect("dwipper:mine")
    return render(request, "dwipper/delete.html", {"dwipp": dwipp})


def _toggle_view(request, dwipp_id, toggle):
    try:
        toggle(user=_viewer(request), dwipp_id=dwipp_id, on=STATES.get(request.POST.get("state")))
    except DwippNotFound as error:
        raise Http404(str(error)) from None
    return _back(request)


@login_required
@require_POST
def upvote(request, dwipp_id):
    return _toggle_view(request, dwipp_id, upvote_toggle)


@login_required
@require_POST
def favourite(request, dwipp_id):
    return _toggle_view(request, dwipp_id, favourite_toggle)


@login_required
@require_POST
def follow(request, username):
    person = _person(username)
    on = STATES.get(request.POST.get("state"), True)
    try:
        follow_set(follower=_viewer(request), followee=username_key(person.username), on=on)
    except SelfFollow as error:
        messages.error(request, str(error))
        return redirect("dwipper:profile", username=person.username)
    except Blocked:
        messages.error(request, BLOCKED.format(name=person.username))
        return redirect("dwipper:profile", username=person.username)
    if on:
        messages.success(request, f"You follow {person.username}.")
    else:
        messages.success(request, f"You no longer follow {person.username}.")
    return redirect("dwipper:profile", username=person.username)


@login_required
@require_POST
def block(request, username):
    """Block (``state=on``, the default) or unblock; blocking ends the follows both ways."""
    person = _person(username)
    on = STATES.get(request.POST.get("state"), True)
    try:
        block_set(blocker=_viewer(request), blocked=username_key(person.username), on=on)
    except SelfFollow as error:
        messages.error(request, str(error))
        return redirect("dwipper:profile", username=person.username)
    if on:
        messages.success(request, BLOCKED_NOW.format(name=person.username))
    else:
        messages.success(request, f"You no longer block {person.username}.")
    return redirect("dwipper:profile", username=person.username)


@login_required
@require_http_methods(["GET", "POST"])
def report(request, dwipp_id):
    """Report a dwipp once; then back where the reporter came from (``next``)."""
    dwipp = dwipp_visible_get(dwipp_id)
    if dwipp is None:
        raise Http404("No such dwipp.")
    here = reverse("dwipper:dwipp", args=[dwipp_id])
    earlier = report_get(dwipp_id=dwipp_id, reporter=_viewer(request))
    form = ReportForm(request.POST or None)
    if request.method == "POST" and earlier is None and form.is_valid():
        try:
            report_create(
                reporter=_viewer(request), dwipp_id=dwipp_id, reason=form.cleaned_data["reason"]
            )
        except DwippNotFound as error:
            raise Http404(str(error)) from None
        messages.success(request, "Thank you: a moderator will look at this dwipp.")
        return _back(request, default=here)
    status = 400 if form.is_bound and earlier is None else 200
    context = {
        "form": form,
        "dwipp": dwipp,
        "reported": earlier,
        "next": next_target(request) or here,
    }
    return render(request, "dwipper/report.html", context, status=status)
