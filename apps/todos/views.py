"""The todos pages (session and CSRF; never a device token). Every action is a
POST that redirects back, so the pages work without JavaScript; todos.js makes
the same requests without a page reload."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from apps.accounts.selectors import username_key
from apps.todos.forms import NAME_MAX_LENGTH, TITLE_MAX_LENGTH, DeviceForm, ListForm, TodoForm
from apps.todos.selectors import device_get, devices_of, list_get, lists_of, todo_get, todos_of_list
from apps.todos.services import (
    Changed,
    device_create,
    devices_revoke,
    inbox_ensure,
    list_create,
    list_delete,
    list_rename,
    todo_create,
    todo_delete,
    todo_update,
    todos_delete,
    todos_reorder,
)

FILTERS = {
    "all": lambda todo: True,
    "active": lambda todo: not todo.completed,
    "completed": lambda todo: bool(todo.completed),
}
NO_SUCH_LIST = "No such list of yours."
NO_SUCH_TODO = "No such todo of yours."
LIST_NAME_NEEDED = f"Give the list a name of up to {NAME_MAX_LENGTH} characters."
TITLE_NEEDED = f"A todo needs a title of up to {TITLE_MAX_LENGTH} characters."


def _user(request) -> str:
    return username_key(request.user.username)


def _list_or_404(request, list_id):
    found = list_get(user=_user(request), list_id=list_id)
    if found is None:
        raise Http404(NO_SUCH_LIST)
    return found


def _todo_or_404(request, todo_id):
    found = todo_get(user=_user(request), todo_id=todo_id)
    if found is None:
        raise Http404(NO_SUCH_TODO)
    return found


def _back_to(todo_or_list_id: str, request=None):
    url = reverse("todos:list", args=[todo_or_list_id])
    shown = request.POST.get("show") if request else None
    return redirect(f"{url}?show={shown}" if shown in FILTERS else url)


@login_required
@require_safe
def index(request):
    lists = inbox_ensure(user=_user(request), lists=lists_of(user=_user(request)))
    return redirect("todos:list", list_id=lists[0].item_id)


@login_required
@require_safe
def list_page(request, list_id):
    current = _list_or_404(request, list_id)
    todos = todos_of_list(user=_user(request), list_id=list_id)
    show = request.GET.get("show") if request.GET.get("show") in FILTERS else "all"
    lists = lists_of(user=_user(request))
    return render(request, "todos/list.html", _list_context(request, current, lists, todos, show))


def _list_context(request, current, lists, todos, show: str) -> dict:
    shown = [todo for todo in todos if FILTERS[show](todo)]
    return {
        "current": current,
        "lists": lists,
        "todos": _shown(todos, shown),
        "show": show,
        "filters": list(FILTERS),
        "left": sum(1 for todo in todos if not todo.completed),
        "done": sum(1 for todo in todos if todo.completed),
        "todos_total": len(todos),
        "form": TodoForm(),
        "list_form": ListForm(),
        # The hidden fields of a todo's three forms, the same on every row: rendered
        # once for the page rather than three times for each todo.
        "row_fields": _row_fields(request, show) if shown else "",
    }


def _row_fields(request, show: str) -> str:
    fields = {"csrf_token": get_token(request), "show": show}
    return render_to_string("todos/_row_fields.html", fields)


def _shown(todos, shown) -> list[dict]:
    """What the list page shows of each todo. Dicts, because the template finds a
    dict's keys at the first try and a model's attributes only after a failed item
    lookup; with 50 todos every template node of a row costs about 0.1 ms a page,
    so a row gets what it shows ready made: the path its forms and link start with
    (``<id>/toggle``, ``<id>/edit``...: urls.py, reversed once), and whether it may
    move up or down (in the whole list: none above the first, none below the last)."""
    root = reverse("todos:index")
    return [
        {
            "path": f"{root}{todo.item_id}/",
            "title": todo.title,
            "completed": todo.completed,
            "due": todo.due,
            "notes": todo.notes,
            "up": todo is not todos[0],
            "down": todo is not todos[-1],
        }
        for todo in shown
    ]


@login_required
@require_POST
def list_new(request):
    form = ListForm(request.POST)
    if not form.is_valid():
        messages.error(request, LIST_NAME_NEEDED)
        return redirect("todos:index")
    created = list_create(user=_user(request), name=form.cleaned_data["name"])
    return redirect("todos:list", list_id=created.item_id)


@login_required
@require_POST
def list_rename_view(request, list_id):
    current = _list_or_404(request, list_id)
    form = ListForm(request.POST)
    if form.is_valid():
        list_rename(current, name=form.cleaned_data["name"], check_version=False)
    return _back_to(list_id)


@login_required
@require_POST
def list_delete_view(request, list_id):
    current = _list_or_404(request, list_id)
    list_delete(user=_user(request), record=current, check_version=False)
    messages.success(request, f"The list “{current.name}” is deleted.")
    return redirect("todos:index")


@login_required
@require_POST
def list_clear(request, list_id):
    _list_or_404(request, list_id)
    todos = todos_of_list(user=_user(request), list_id=list_id)
    todos_delete(user=_user(request), todos=[todo for todo in todos if todo.completed])
    return _back_to(list_id, request)


@login_required
@require_POST
def todo_add(request, list_id):
    _list_or_404(request, list_id)
    form = TodoForm(request.POST)
    if not form.is_valid():
        messages.error(request, TITLE_NEEDED)
        return _back_to(list_id, request)
    todos = todos_of_list(user=_user(request), list_id=list_id)
    last = max((int(todo.order) for todo in todos if todo.order is not None), default=0)
    changes = {**form.changes(), "order": form.cleaned_data["order"] or last + 1}
    todo_create(user=_user(request), list_id=list_id, **changes)
    return _back_to(list_id, request)


@login_required
@require_POST
def todo_toggle(request, todo_id):
    todo = _todo_or_404(request, todo_id)
    try:
        todo_update(todo, {"completed": not todo.completed}, check_version=False)
    except Changed:
        raise Http404(NO_SUCH_TODO) from None
    return _back_to(todo.list_id, request)


@login_required
@require_POST
def todo_delete_view(request, todo_id):
    todo = _todo_or_404(request, todo_id)
    todo_delete(user=_user(request), todo=todo, check_version=False)
    return _back_to(todo.list_id, request)


@login_required
@require_POST
def todo_move(request, todo_id):
    """Swap the todo with its neighbour above or below, then number the list anew."""
    todo = _todo_or_404(request, todo_id)
    todos = todos_of_list(user=_user(request), list_id=todo.list_id)
    at = next(n for n, other in enumerate(todos) if other.SK == todo.SK)
    to = at - 1 if request.POST.get("direction") == "up" else at + 1
    if 0 <= to < len(todos):
        todos[at], todos[to] = todos[to], todos[at]
        todos_reorder(todos)
    return _back_to(todo.list_id, request)


@login_required
@require_http_methods(["GET", "POST"])
def todo_edit(request, todo_id):
    todo = _todo_or_404(request, todo_id)
    initial = {"title": todo.title, "notes": todo.notes, "due": todo.due}
    form = TodoForm(request.POST or None, initial=initial, only=("title", "notes", "due"))
    if request.method == "POST" and form.is_valid():
        try:
            todo_update(todo, form.changes())
        except Changed as error:
            form.add_error(None, str(error))
        else:
            return _back_to(todo.list_id)
    return render(request, "todos/edit.html", {"todo": todo, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def devices(request):
    user = _user(request)
    lists = lists_of(user=user)
    form = DeviceForm(request.POST or None, lists=lists)
    new_token = None
    if request.method == "POST" and form.is_valid():
        list_id = form.cleaned_data["list_id"] or None
        _, new_token = device_create(user=user, name=form.cleaned_data["name"], list_id=list_id)
        lists = lists_of(user=user) if list_id is None else lists
        form = DeviceForm(lists=lists)
    context = {
        "form": form,
        "devices": _devices_shown(user, lists),
        "new_token": new_token,
        "backend_url": _backend_url(request, new_token),
    }
    return render(request, "todos/devices.html", context)


def _devices_shown(user: str, lists) -> list[tuple]:
    """(device, its token item, the name of its Todo-Backend list or None)."""
    names = {lst.item_id: lst.name for lst in lists}
    return [(device, token, names.get(device.list_id)) for device, token in devices_of(user=user)]


def _backend_url(request, token: str | None) -> str | None:
    if token is None:
        return None
    return request.build_absolute_uri(reverse("todo_backend:root", args=[token]))


@login_required
@require_POST
def device_revoke(request, device_id):
    device = device_get(user=_user(request), device_id=device_id)
    if device is None:
        raise Http404("No such device of yours.")
    devices_revoke(devices=[device])
    messages.success(request, f"“{device.name}” can no longer use the API.")
    return redirect("todos:devices")


@login_required
@require_POST
def devices_revoke_all(request):
    found = [device for device, _ in devices_of(user=_user(request))]
    devices_revoke(devices=found)
    messages.success(request, f"{len(found)} device(s) can no longer use the API.")
    return redirect("todos:devices")
