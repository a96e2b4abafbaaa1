"""The JSON door: every endpoint that reads a JSON body, and every JSON error answer.

``api_view`` wraps a JSON view. It accepts only the view's methods (405
otherwise; for views of signed-in users, CSRF and sign-in are checked next),
then reads the body of a POST, PUT or PATCH as a JSON object of the view's
``fields`` into ``request.json`` before the view runs: a body it refuses costs
the view nothing and writes nothing, whatever the view would have checked first
(its token, its rate limit). A Django form then checks the values.
``ApiError``, raised anywhere below the view, becomes the answer.

Every JSON error the site gives is built by ``error_response``, one shape::

    {"error": "What went wrong, in words."}
    {"error": "title: This field is required.", "errors": {"title": ["This field is required."]}}

``errors`` (messages per field, ``__all__`` for the form as a whole) comes
with the refusals of a form; an endpoint may add fields of its own
(``retry_after`` on a 429, billing's ``authentic``).

The door refuses, each with a message that says why:
- a body over JSON_MAX_BYTES (413), unread;
- another content type than application/json, an empty body, or JSON that is
  not an object;
- bytes that are not UTF-8, or that start with a byte order mark: RFC 8259
  sends JSON as UTF-8 without one, and guessing would hide a client's bug;
- malformed JSON, and nesting deeper than JSON_MAX_DEPTH (Python's parser would
  recurse until a RecursionError);
- a lone surrogate ("\\ud800") in a key or a value: DynamoDB strings are UTF-8
  (apps/core/dynamodb/storable.py);
- an integer of more than NUMBER_MAX_DIGITS digits (DynamoDB's limit), NaN,
  Infinity, and numbers too large for a float;
- a key given twice: parsers disagree about which one wins, so neither does;
- an unknown field, naming the known ones (dropped instead for a ``lenient``
  view, such as Todo-Backend's clients expect), and a field of the wrong JSON
  type. ``null`` passes for every field: the form decides.

The wrapped view carries ``api_spec``; tests/core/test_json_door.py finds every
view with it in the URLconf and checks that the OpenAPI document lists it.
"""

from __future__ import annotations

import codecs
import functools
import json
import math
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from apps.core.dynamodb.storable import NUMBER_MAX_DIGITS, TEXT_UNSTORABLE, text_storable

# Well above any body the site's forms accept: 5,000 characters of a todo's
# notes sent as escaped surrogate pairs ("\ud83d\ude80", 12 bytes each) are 60 KB.
JSON_MAX_BYTES = 128 * 1024
JSON_MAX_DEPTH = 32
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})

NOT_JSON = "Send a JSON object, with Content-Type: application/json."
JSON_INVALID = "The body is not valid JSON."
JSON_NOT_UTF8 = "The body is not valid JSON: JSON is UTF-8 text."
JSON_BOM = "The body is not valid JSON: it starts with a byte order mark; send UTF-8 without one."
JSON_TOO_LARGE = "The body is larger than {limit:,} bytes."
JSON_TOO_DEEP = f"The JSON nests more than {JSON_MAX_DEPTH} objects and arrays in each other."
NUMBER_TOO_LONG = f"A number has more than {NUMBER_MAX_DIGITS} digits (DynamoDB's limit)."
NUMBER_NOT_FINITE = "NaN, Infinity and numbers too large for a float are not accepted."
DUPLICATE_FIELD = "The field {field} is given twice."
UNKNOWN_FIELD = "Unknown field: {field}. Known fields: {known}."
WRONG_TYPE = "The field {field} must be {kind}."
METHOD_NOT_ALLOWED = "This address does not take {method}; it takes {allowed}."
SIGN_IN = "Sign in first: this address answers the site's signed-in users."

# The JSON types a field may declare: the Python type json gives, and how a message names it.
JSON_TYPES = {"string": str, "boolean": bool, "integer": int}
KINDS = {"string": "a string", "boolean": "a boolean", "integer": "a whole number"}
FIELD_NAME_SHOWN = 40  # characters of an unknown field's name repeated in a message


class ApiError(Exception):
    """An answer other than success: ``status``, a message, and optionally ``errors`` per field."""

    def __init__(
        self,
        message: str,
        status: int = 400,
        headers: dict | None = None,
        *,
        errors: dict[str, list[str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}
        self.errors = errors


def error_response(
    message: str,
    status: int,
    headers: dict | None = None,
    *,
    errors: dict[str, list[str]] | None = None,
    extra: dict | None = None,
) -> JsonResponse:
    """The one JSON error answer: ``{"error": message}``, ``errors`` per field, ``extra`` fields."""
    payload = {**(extra or {}), "error": message}
    if errors:
        payload["errors"] = errors
    return JsonResponse(payload, status=status, headers=headers)


@dataclass(frozen=True)
class ApiSpec:
    """What a JSON view takes: its methods, and the fields of its body (None: no body)."""

    methods: tuple[str, ...]
    fields: dict[str, str] | None
    lenient: bool
    plain_text: bool


def api_view(
    methods: list[str],
    *,
    fields: dict[str, str] | None = None,
    lenient: bool = False,
    plain_text: bool = False,
    signed_in: bool = False,
    error_fields: dict | None = None,
):
    """A JSON view taking ``methods``; ``fields`` (name -> JSON type) of the object
    a POST, PUT or PATCH sends, None for views that read no body.

    ``lenient``: unknown fields are dropped, not refused. ``plain_text``: a body
    that is not JSON reaches the view unread (``request.json`` is None; read it
    with ``body_bytes``). ``signed_in``: the caller signs in with the session
    cookie, so the view answers 403 to visitors and keeps Django's CSRF check
    (send ``X-CSRFToken``); other JSON views are CSRF-exempt, because no cookie
    authenticates them. ``error_fields``: added to every ApiError answer.
    """
    spec = ApiSpec(tuple(methods), fields, lenient, plain_text)

    def decorate(view):
        @functools.wraps(view)
        def answered(request, *args, **kwargs):
            try:
                if signed_in and not request.user.is_authenticated:
                    raise ApiError(SIGN_IN, 403)
                request.json = _body(request, spec)
                return view(request, *args, **kwargs)
            except ApiError as error:
                return error_response(
                    str(error), error.status, error.headers, errors=error.errors, extra=error_fields
                )

        checked = csrf_protect(answered) if signed_in else answered

        # Exempt from the middleware's CSRF check, which would answer 403 to a
        # method this address does not take: ``checked`` makes it after the 405.
        @csrf_exempt
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in methods:
                allowed = ", ".join(methods)
                message = METHOD_NOT_ALLOWED.format(method=request.method, allowed=allowed)
                return error_response(message, 405, {"Allow": allowed})
            return checked(request, *args, **kwargs)

        wrapped.api_spec = spec
        return wrapped

    return decorate


def form_errors(form) -> ApiError:
    """A bound form's refusal as a 400: its first message (the field named) and all of them."""
    errors = {field: [str(message) for message in found] for field, found in form.errors.items()}
    field, messages = next(iter(errors.items()))
    prefix = "" if field == NON_FIELD_ERRORS else f"{field}: "
    return ApiError(prefix + messages[0], errors=errors)


def body_bytes(request: HttpRequest) -> bytes:
    """The request's body; 413, unread, when its length is over the limit."""
    limit = _max_bytes()
    try:
        sent = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        sent = 0
    if sent > limit:
        raise ApiError(JSON_TOO_LARGE.format(limit=limit), 413)
    try:
        return request.body  # Django reads no more than CONTENT_LENGTH
    except RequestDataTooBig as error:
        raise ApiError(JSON_TOO_LARGE.format(limit=limit), 413) from error


def _max_bytes() -> int:
    """JSON_MAX_BYTES, or Django's own limit when that is lower (reading past it raises)."""
    django_limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return JSON_MAX_BYTES if django_limit is None else min(JSON_MAX_BYTES, django_limit)


def _body(request: HttpRequest, spec: ApiSpec) -> dict | None:
    if spec.fields is None or request.method not in BODY_METHODS:
        return None
    raw = body_bytes(request)
    if request.content_type != "application/json":
        if spec.plain_text:
            return None
        raise ApiError(NOT_JSON)
    document = json_parsed(raw)
    if not isinstance(document, dict):
        raise ApiError(NOT_JSON)
    return _fields_checked(document, spec.fields, lenient=spec.lenient)


def json_parsed(raw: bytes) -> object:
    """The JSON document in ``raw``; ApiError when it is not JSON this site accepts."""
    if not raw.strip():
        raise ApiError(NOT_JSON)
    if raw.startswith(codecs.BOM_UTF8):
        raise ApiError(JSON_BOM)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ApiError(JSON_NOT_UTF8) from error
    try:
        document = json.loads(
            text,
            object_pairs_hook=_object,
            parse_int=_integer,
            parse_float=_float,
            parse_constant=_constant,
        )
    except RecursionError as error:
        raise ApiError(JSON_TOO_DEEP) from error
    except ValueError as error:
        raise ApiError(JSON_INVALID) from error
    _storable(document)
    return document


def _object(pairs: list[tuple[str, object]]) -> dict:
    found = {}
    for key, value in pairs:
        if key in found:
            raise ApiError(DUPLICATE_FIELD.format(field=_shown(key)))
        found[key] = value
    return found


def _integer(literal: str) -> int:
    if len(literal.lstrip("-")) > NUMBER_MAX_DIGITS:
        raise ApiError(NUMBER_TOO_LONG)
    return int(literal)


def _float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise ApiError(NUMBER_NOT_FINITE)
    return value


def _constant(literal: str):
    raise ApiError(NUMBER_NOT_FINITE)


def _storable(value, *, around: int = 0) -> None:
    """Refuse text DynamoDB cannot store, and more than JSON_MAX_DEPTH objects and arrays
    inside each other (``around``: how many hold ``value``)."""
    if isinstance(value, str):
        if not text_storable(value):
            raise ApiError(TEXT_UNSTORABLE)
        return
    if not isinstance(value, dict | list):
        return
    if around >= JSON_MAX_DEPTH:
        raise ApiError(JSON_TOO_DEEP)
    for item in [*value.keys(), *value.values()] if isinstance(value, dict) else value:
        _storable(item, around=around + 1)


def _fields_checked(body: dict, fields: dict[str, str], *, lenient: bool) -> dict:
    """``body`` with each known field of its JSON type; unknown fields refused, or dropped."""
    for name, value in list(body.items()):
        if name not in fields:
            if not lenient:
                raise ApiError(UNKNOWN_FIELD.format(field=_shown(name), known=", ".join(fields)))
            del body[name]
        elif value is not None and not _is(value, fields[name]):
            raise ApiError(WRONG_TYPE.format(field=name, kind=KINDS[fields[name]]))
    return body


def _is(value, kind: str) -> bool:
    # JSON true is a Python bool, which is also an int: refuse it as a number.
    if isinstance(value, bool):
        return kind == "boolean"
    return isinstance(value, JSON_TYPES[kind])


def _shown(name: str) -> str:
    """A field name as a message repeats it: a long one cut short."""
    return name if len(name) <= FIELD_NAME_SHOWN else name[:FIELD_NAME_SHOWN] + "…"
