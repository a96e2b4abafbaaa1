"""The one answer to a bad cursor at each kind of door (apps/core/dynamodb/cursors.py).

A page shows the list's first page with a message (``page_or_first``); a JSON
endpoint answers 400 naming the parameter (``bad_cursor_error``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest

from apps.core.dynamodb.cursors import BAD_CURSOR, BadCursor
from apps.core.http.jsonapi import ApiError

FIRST_PAGE = (
    "This page link is not valid (it was changed, or made for another list): "
    "here is the first page."
)


def page_or_first[Page](
    request: HttpRequest, read: Callable[..., Page], cursors: dict[str, str | None], **kwargs
) -> Page:
    """``read(**cursors, **kwargs)``; when a cursor is bad, a message and the first page."""
    try:
        return read(**cursors, **kwargs)
    except BadCursor:
        first_page_note(request)
        return read(**kwargs)


def first_page_note(request: HttpRequest) -> None:
    """Tell the reader that the page shown is the first, not the one their link named."""
    messages.error(request, FIRST_PAGE)


def bad_cursor_error(parameter: str) -> ApiError:
    """The JSON answer to a bad cursor in the query parameter ``parameter``: 400."""
    return ApiError(f"{parameter}: {BAD_CURSOR}")
