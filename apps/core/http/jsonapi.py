"""What JSON endpoints share: reading a JSON object, checking its fields' JSON types,
and answering an error as ``{"error": ...}`` with its status.

A view raises ``ApiError`` anywhere below it and ``api_view`` turns it into the
answer; a Django form then checks the values.
"""

from __future__ import annotations

import functools
import json

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

NOT_JSON = "Send a JSON object, with Content-Type: application/json."
UNKNOWN_FIELD = "Unknown field: {field}. Known fields: {known}."
WRONG_TYPE = "The field {field} must be {kind}."
METHOD_NOT_ALLOWED = "This address does not take {method}."

TYPES = {
    "string": (str,),
    "boolean": (bool,),
    "integer": (int,),
}


class ApiError(Exception):
    def __init__(self, message: str, status: int = 400, headers: dict | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


def error_response(message: str, status: int, headers: dict | None = None) -> JsonResponse:
    return JsonResponse({"error": message}, status=status, headers=headers)


def api_view(methods: list[str]):
    """Accept only ``methods`` (405 otherwise) and answer ApiError as JSON.

    CSRF-exempt: these endpoints authenticate with a bearer token, never a cookie.
    """

    def decorate(view):
        @csrf_exempt
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in methods:
                message = METHOD_NOT_ALLOWED.format(method=request.method)
                return error_response(message, 405, {"Allow": ", ".join(methods)})
            try:
                return view(request, *args, **kwargs)
            except ApiError as error:
                return error_response(str(error), error.status, error.headers)

        return wrapped

    return decorate


def json_object(request: HttpRequest, fields: dict[str, str], *, strict: bool = True) -> dict:
    """The request's JSON object, each known field of its JSON type (``fields``: name -> type).

    ``null`` is accepted for every field (the form decides). Unknown fields are
    refused when ``strict``, else dropped.
    """
    body = _parsed(request)
    for name, value in list(body.items()):
        if name not in fields:
            if strict:
                raise ApiError(UNKNOWN_FIELD.format(field=name, known=", ".join(fields)))
            del body[name]
        elif value is not None and not _is(value, fields[name]):
            raise ApiError(WRONG_TYPE.format(field=name, kind=f"a {fields[name]}"))
    return body


def _parsed(request: HttpRequest) -> dict:
    if request.content_type != "application/json":
        raise ApiError(NOT_JSON)
    try:
        body = json.loads(request.body)
    except ValueError as error:
        raise ApiError(NOT_JSON) from error
    if not isinstance(body, dict):
        raise ApiError(NOT_JSON)
    return body


def _is(value, kind: str) -> bool:
    # JSON true is a Python bool, which is also an int: refuse it as a number.
    if kind != "boolean" and isinstance(value, bool):
        return False
    return isinstance(value, TYPES[kind])


def form_errors(form) -> ApiError:
    """A form's first message as the error (the field named), for a 400."""
    field, errors = next(iter(form.errors.items()))
    prefix = "" if field == "__all__" else f"{field}: "
    return ApiError(prefix + str(errors[0]))
