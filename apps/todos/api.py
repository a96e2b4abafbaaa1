"""The JSON API under /api/todos/: a device token for a password, lists, todos.

Every view: the JSON door (apps/core/http/jsonapi.py) has read the body into
``request.json`` before the view runs; a form checks it, a selector or service
does the work, the view shapes the answer. A todo's and a list's version is its
``ETag``; PATCH and DELETE need it in ``If-Match`` (428 without, 412 when stale).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import reverse

from apps.accounts.notices import notice_new_browser
from apps.accounts.selectors import username_key
from apps.core.dynamodb.cursors import BadCursor
from apps.core.http.jsonapi import ApiError, api_view, form_errors
from apps.core.http.paging import bad_cursor_error
from apps.core.http.ratelimit import client_ip
from apps.todos.auth import device_required, password_check
from apps.todos.forms import (
    LIST_FIELDS,
    PAGE_SIZE_MAX,
    TODO_FIELDS,
    TOKEN_FIELDS,
    ListForm,
    TodoForm,
    TokenForm,
)
from apps.todos.selectors import (
    BadSince,
    SyncExpired,
    list_get,
    lists_of,
    todo_get,
    todo_page,
)
from apps.todos.services import (
    Changed,
    device_create,
    list_create,
    list_delete,
    list_rename,
    todo_create,
    todo_delete,
    todo_update,
)

NO_SUCH_TODO = "No such todo of yours."
NO_SUCH_LIST = "No such list of yours."
LIST_REQUIRED = "Say which list the todo goes in: list (a list's id)."
BAD_LIMIT = "limit must be a whole number from 1 to {most}."
IF_MATCH_REQUIRED = "Send the ETag you have in If-Match, so that no other change is overwritten."
STALE = "The item changed since you read it (its ETag is now {etag}): read it again."
# A PATCH changes a todo's fields but never moves it to another list.
TODO_CHANGE_FIELDS = {name: kind for name, kind in TODO_FIELDS.items() if name != "list"}


def etag(record) -> str:
    return version_etag(record.version)


def version_etag(version) -> str:
    """The ETag of a record at ``version`` (its VersionAttribute)."""
    return f'"{version}"'


def if_match(request, record) -> None:
    """428 without If-Match, 412 when it is not the record's current ETag."""
    given = request.headers.get("If-Match")
    if not given:
        raise ApiError(IF_MATCH_REQUIRED, 428)
    tags = {tag.strip() for tag in given.split(",")}
    if "*" not in tags and etag(record) not in tags:
        raise ApiError(STALE.format(etag=etag(record)), 412, {"ETag": etag(record)})


def todo_json(request, todo, collection: str | None = None) -> dict:
    """``collection``: the absolute URL of /api/todos/, made once for a page of todos.

    The todo's values are read from its ``attribute_values`` (what its attributes
    return) rather than through PynamoDB's attribute descriptors, ten a todo:
    a page of 50 todos is made in half the time.
    """
    collection = collection or request.build_absolute_uri(reverse("todos_api:todos"))
    values = todo.attribute_values
    todo_id = todo.item_id
    order = values.get("order")
    return {
        "id": todo_id,
        "list": values.get("list_id"),
        "title": values.get("title"),
        "notes": values.get("notes") or "",
        "due": values.get("due"),
        "completed": bool(values.get("completed")),
        "order": int(order) if order is not None else None,
        "url": f"{collection}{todo_id}/",
        "updated_at": _timestamp(values.get("updated_at")),
        "etag": version_etag(values.get("version")),
    }


def list_json(request, record) -> dict:
    url = reverse("todos_api:list", args=[record.item_id])
    return {
        "id": record.item_id,
        "name": record.name,
        "url": request.build_absolute_uri(url),
        "etag": etag(record),
    }


def _timestamp(moment) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _one(payload: dict, record, status: int = 200) -> JsonResponse:
    headers = {"ETag": etag(record)}
    if status == 201:
        headers["Location"] = payload["url"]
    return JsonResponse(payload, status=status, headers=headers)


@api_view(["POST"], fields=TOKEN_FIELDS)
def token_create(request):
    """A device token for a username and password (sharing the sign-in lock-out)."""
    form = TokenForm(request.json)
    if not form.is_valid():
        raise form_errors(form)
    data = form.cleaned_data
    user = password_check(
        request, username=data["username"], password=data["password"], code=data["code"]
    )
    device, token = device_create(user=username_key(user.username), name=data["device"])
    notice_new_browser(
        user, browser=f"the device “{device.name}” (todos API)", address=client_ip("", request)
    )
    backend = reverse("todo_backend:root", args=[token])
    payload = {
        "token": token,
        "device": {"id": device.item_id, "name": device.name, "list": device.list_id},
        "todo_backend_url": request.build_absolute_uri(backend),
    }
    return JsonResponse(payload, status=201)


@api_view(["GET", "POST"], fields=TODO_FIELDS)
@device_required
def todos(request):
    if request.method == "POST":
        return _todo_create(request)
    list_id = request.GET.get("list")
    if list_id is not None and list_get(user=request.todos_user, list_id=list_id) is None:
        raise ApiError(NO_SUCH_LIST, 404)
    try:
        page = todo_page(
            user=request.todos_user,
            list_id=list_id,
            cursor=request.GET.get("cursor"),
            since=request.GET.get("since"),
            limit=_limit(request),
        )
    except BadCursor as error:
        raise bad_cursor_error("cursor") from error
    except BadSince as error:
        raise ApiError(str(error)) from error
    except SyncExpired as error:
        raise ApiError(str(error), 410) from error
    collection = request.build_absolute_uri(reverse("todos_api:todos"))
    return JsonResponse(
        {
            "todos": [todo_json(request, todo, collection) for todo in page.todos],
            "deleted": page.deleted,
            "next": _next_url(request, page.cursor),
            "sync_token": page.sync,
        }
    )


def _limit(request) -> int:
    most = PAGE_SIZE_MAX
    given = request.GET.get("limit")
    if given is None:
        return settings.TODOS_PAGE_SIZE
    if not given.isdigit() or not 1 <= int(given) <= most:
        raise ApiError(BAD_LIMIT.format(most=most))
    return int(given)


def _next_url(request, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    query = request.GET.copy()
    query["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def _todo_create(request):
    body = request.json
    list_id = body.pop("list", None)
    if not isinstance(list_id, str):
        raise ApiError(LIST_REQUIRED)
    if list_get(user=request.todos_user, list_id=list_id) is None:
        raise ApiError(NO_SUCH_LIST, 404)
    form = TodoForm(body)
    if not form.is_valid():
        raise form_errors(form)
    todo = todo_create(user=request.todos_user, list_id=list_id, **form.changes())
    return _one(todo_json(request, todo), todo, status=201)


@api_view(["GET", "PATCH", "DELETE"], fields=TODO_CHANGE_FIELDS)
@device_required
def todo(request, todo_id):
    found = todo_get(user=request.todos_user, todo_id=todo_id)
    if found is None:
        raise ApiError(NO_SUCH_TODO, 404)
    if request.method == "GET":
        return _one(todo_json(request, found), found)
    if_match(request, found)
    try:
        if request.method == "DELETE":
            todo_delete(user=request.todos_user, todo=found)
            return HttpResponse(status=204)
        form = TodoForm(request.json, only=request.json)
        if not form.is_valid():
            raise form_errors(form)
        todo_update(found, form.changes())
    except Changed as error:
        raise ApiError(str(error), 412) from error
    return _one(todo_json(request, found), found)


@api_view(["GET", "POST"], fields=LIST_FIELDS)
@device_required
def lists(request):
    if request.method == "GET":
        found = lists_of(user=request.todos_user)
        return JsonResponse({"lists": [list_json(request, record) for record in found]})
    form = ListForm(request.json)
    if not form.is_valid():
        raise form_errors(form)
    record = list_create(user=request.todos_user, name=form.cleaned_data["name"])
    return _one(list_json(request, record), record, status=201)


@api_view(["GET", "PATCH", "DELETE"], fields=LIST_FIELDS)
@device_required
def list_detail(request, list_id):
    record = list_get(user=request.todos_user, list_id=list_id)
    if record is None:
        raise ApiError(NO_SUCH_LIST, 404)
    if request.method == "GET":
        return _one(list_json(request, record), record)
    if_match(request, record)
    try:
        if request.method == "DELETE":
            list_delete(user=request.todos_user, record=record)
            return HttpResponse(status=204)
        form = ListForm(request.json)
        if not form.is_valid():
            raise form_errors(form)
        list_rename(record, name=form.cleaned_data["name"])
    except Changed as error:
        raise ApiError(str(error), 412) from error
    return _one(list_json(request, record), record)
