"""Todo-Backend (todobackend.com) at /api/todo-backend/<token>/: a capability URL.

Todo-Backend clients send no Authorization header, so the device token is in
the address. Each address is bound to the list chosen when the token was made:
a client that empties its root empties only that list. The contract has no
ETags: a PATCH or DELETE here applies whatever the version (and still moves
it on, so a device holding an older ETag gets 412 on the JSON API). The token
never reaches a log (LOG_SECRET_PATH_PREFIXES in settings).
"""

from __future__ import annotations

import functools

from django.http import HttpResponse, JsonResponse
from django.urls import reverse

from apps.core.http.jsonapi import ApiError, api_view, form_errors
from apps.todos.auth import BAD_TOKEN
from apps.todos.forms import TodoForm
from apps.todos.selectors import list_get, todo_get, todos_of_list, token_find
from apps.todos.services import (
    Changed,
    todo_create,
    todo_delete,
    todo_update,
    todos_delete,
    token_touch,
)

# The contract's fields; clients may send others (a whole todo back), which are dropped.
FIELDS = {"title": "string", "completed": "boolean", "order": "integer"}
NO_SUCH_TODO = "No such todo in this list."
LIST_GONE = "The list of this address was deleted."


def capability(view):
    """Find the token's user and list; a bad token is a 404, like any unknown address."""

    @functools.wraps(view)
    def wrapped(request, token, *args, **kwargs):
        found = token_find(token)
        if found is None:
            raise ApiError(BAD_TOKEN, 404)
        if list_get(user=found.owner, list_id=found.list_id) is None:
            raise ApiError(LIST_GONE, 404)
        token_touch(found)
        request.todos_user, request.todos_list, request.capability = (
            found.owner,
            found.list_id,
            token,
        )
        return view(request, *args, **kwargs)

    return wrapped


def backend_json(request, todo, root: str | None = None) -> dict:
    """``root``: the absolute URL of this address's root (``root_url``), made once for a list."""
    return {
        "id": todo.item_id,
        "title": todo.title,
        "completed": bool(todo.completed),
        "order": int(todo.order) if todo.order is not None else None,
        "url": f"{root or root_url(request)}{todo.item_id}",
    }


def root_url(request) -> str:
    """The address's root; a todo's URL is the root and its id (the ``todo`` route)."""
    return request.build_absolute_uri(reverse("todo_backend:root", args=[request.capability]))


@api_view(["GET", "POST", "DELETE"], fields=FIELDS, lenient=True)
@capability
def root(request):
    user, list_id = request.todos_user, request.todos_list
    if request.method == "GET":
        found = todos_of_list(user=user, list_id=list_id)
        root = root_url(request)
        return JsonResponse([backend_json(request, todo, root) for todo in found], safe=False)
    if request.method == "DELETE":
        todos_delete(user=user, todos=todos_of_list(user=user, list_id=list_id))
        return HttpResponse(status=204)
    form = TodoForm(request.json)
    if not form.is_valid():
        raise form_errors(form)
    todo = todo_create(user=user, list_id=list_id, **form.changes())
    payload = backend_json(request, todo)
    return JsonResponse(payload, status=201, headers={"Location": payload["url"]})


@api_view(["GET", "PATCH", "DELETE"], fields=FIELDS, lenient=True)
@capability
def todo(request, todo_id):
    found = todo_get(user=request.todos_user, todo_id=todo_id)
    if found is None or found.list_id != request.todos_list:
        raise ApiError(NO_SUCH_TODO, 404)
    if request.method == "DELETE":
        todo_delete(user=request.todos_user, todo=found, check_version=False)
        return HttpResponse(status=204)
    if request.method == "PATCH":
        form = TodoForm(request.json, only=request.json)
        if not form.is_valid():
            raise form_errors(form)
        try:
            todo_update(found, form.changes(), check_version=False)
        except Changed as error:  # deleted meanwhile
            raise ApiError(NO_SUCH_TODO, 404) from error
    return JsonResponse(backend_json(request, found))
