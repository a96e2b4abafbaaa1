from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import linebreaksbr, truncatewords
from django.views.decorators.http import require_GET, require_http_methods

from apps.accounts.selectors import username_key
from apps.captains_log.forms import DeleteEntryForm, EditEntryForm, EntryForm
from apps.captains_log.selectors import entry_get, entry_page
from apps.captains_log.services import EntryChanged, entry_create, entry_delete, entry_update
from apps.core.http.paging import page_or_first
from apps.core.http.ratelimit import limit_exceeded, too_many_requests
from apps.core.templatetags.clipping import clip


def _captain(request) -> str:
    return username_key(request.user.username)


def _own_entry(request, entry_id):
    entry = entry_get(captain=_captain(request), entry_id=entry_id)
    if entry is None:
        raise Http404("No such entry in your log.")
    return entry


def _hidden_field_error(form) -> str | None:
    """A value the page itself filled in came back wrong: the request is not the page's."""
    errors = [f"{field.name}: {error}" for field in form.hidden_fields() for error in field.errors]
    return errors[0] if errors else None


@login_required
@require_GET
def log_list(request):
    cursors = {"older": request.GET.get("older"), "newer": request.GET.get("newer")}
    page = page_or_first(request, entry_page, cursors, captain=_captain(request))
    return render(request, "captains_log/list.html", {"page": page, "rows": _rows(page.entries)})


def _rows(entries) -> list[dict]:
    """What the log shows of each entry. Dicts, as My bills' rows (billing/views.py): the
    template finds a key at the first try, a model's attribute only after a failed item
    lookup. The excerpt is the text through the filters a template would chain
    (``text|truncatewords:40|clip:300|linebreaksbr``), at about half their cost there."""
    return [
        {
            "entry_id": e.entry_id,
            "title": e.title,
            "stardate": e.stardate,
            "excerpt": linebreaksbr(clip(truncatewords(e.text, 40), 300)),
        }
        for e in entries
    ]


@login_required
@require_http_methods(["GET", "POST"])
def entry_new(request):
    form = EntryForm(request.POST or None)
    if request.method == "POST":
        retry_after = limit_exceeded(
            request, group="log-entry", key="user", rate=settings.CAPTAINS_LOG_RATE
        )
        if retry_after:
            return too_many_requests(request, retry_after, "new log entries")
        if form.is_valid():
            entry = entry_create(captain=_captain(request), **form.cleaned_data)
            messages.success(request, f"Entry recorded, stardate {entry.stardate}.")
            return redirect("captains_log:detail", entry_id=entry.entry_id)
    return render(request, "captains_log/form.html", {"form": form, "entry": None})


@login_required
@require_GET
def entry_detail(request, entry_id):
    return render(request, "captains_log/detail.html", {"entry": _own_entry(request, entry_id)})


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request, entry_id):
    entry = _own_entry(request, entry_id)
    initial = {"title": entry.title, "text": entry.text, "version": entry.version}
    form = EditEntryForm(request.POST or None, initial=initial)
    changed = False
    if request.method == "POST" and _hidden_field_error(form):
        return render(request, "400.html", {"message": _hidden_field_error(form)}, status=400)
    if request.method == "POST" and form.is_valid():
        try:
            entry_update(entry, **form.cleaned_data)
        except EntryChanged as error:
            form.add_error(None, str(error))
            changed = True
        else:
            messages.success(request, "Entry saved.")
            return redirect("captains_log:detail", entry_id=entry.entry_id)
    context = {"form": form, "entry": entry, "changed": changed}
    return render(request, "captains_log/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def entry_remove(request, entry_id):
    entry = _own_entry(request, entry_id)
    form = DeleteEntryForm(request.POST or None, initial={"version": entry.version})
    changed = False
    if request.method == "POST" and _hidden_field_error(form):
        return render(request, "400.html", {"message": _hidden_field_error(form)}, status=400)
    if request.method == "POST" and form.is_valid():
        try:
            entry_delete(entry, **form.cleaned_data)
        except EntryChanged as error:
            form.add_error(None, str(error))
            changed = True
        else:
            messages.success(request, f"Entry “{entry.title}” deleted.")
            return redirect("captains_log:list")
    context = {"form": form, "entry": entry, "changed": changed}
    return render(request, "captains_log/delete.html", context)
