"""What a dwipp's row on a page shows, ready made (templates/dwipper/_dwipp.html).

A row is a dict, because the template finds a dict's keys at the first try and
a model's attributes only after a failed item lookup (a row read its dwipp
eighteen times). Its paths are made with the page's one ``Routes`` and escaped
for HTML once (``escape`` makes them safe strings, which the template writes as
they are), as a row writes its own path seven times.
"""

from __future__ import annotations

from django.utils.html import escape

from apps.core.http.routes import Routes
from apps.dwipper.markup import text_html
from apps.dwipper.selectors import Entry, Notice


def dwipp_rows(entries: list[Entry], viewer: str | None, *, placeholders: bool = False) -> list:
    """The rows of ``entries`` for ``viewer`` (a username key or None). With
    ``placeholders`` (a thread) a hidden dwipp or a tombstone is only a placeholder."""
    routes = Routes()
    return [
        _placeholder(entry, routes)
        if placeholders and entry.dwipp.hidden
        else _row(entry, viewer, routes)
        for entry in entries
    ]


def _row(entry: Entry, viewer: str | None, routes: Routes) -> dict:
    dwipp = entry.dwipp
    dwipp_id, author_name, parent = dwipp.dwipp_id, dwipp.author_name, dwipp.parent
    return {
        "placeholder": False,
        "id": dwipp_id,
        "path": escape(routes.path(dwipp_id, "dwipper:dwipp")),
        "api": escape(routes.path(dwipp_id, "dwipper_api:dwipp")),
        "author_name": author_name,
        "author_path": escape(routes.path(author_name, "dwipper:profile")),
        "own": dwipp.author == viewer,
        "created": dwipp.created,
        "edited": dwipp.edited,
        "hidden": dwipp.hidden,
        "parent_path": escape(routes.path(parent, "dwipper:dwipp")) if parent else None,
        "html": text_html(dwipp.text or "", tags=dwipp.tags, mentions=dwipp.mentions),
        "replies": dwipp.replies,
        "upvotes": dwipp.upvotes,
        "upvoted": entry.upvoted,
        "favourite": entry.favourite,
    }


def _placeholder(entry: Entry, routes: Routes) -> dict:
    dwipp = entry.dwipp
    return {
        "placeholder": True,
        "id": dwipp.dwipp_id,
        "path": escape(routes.path(dwipp.dwipp_id, "dwipper:dwipp")),
        "deleted": dwipp.deleted,
        "replies": dwipp.replies,
    }


def notice_rows(notices: list[Notice]) -> list[dict]:
    """What the notifications page shows of each notice, made as a dwipp's row is."""
    routes = Routes()
    return [_notice_row(notice, routes) for notice in notices]


def _notice_row(notice: Notice, routes: Routes) -> dict:
    dwipp, what = notice.dwipp, notice.what
    return {
        "what": what,
        "actor_name": notice.actor_name,
        "actor_path": (
            escape(routes.path(notice.actor_name, "dwipper:profile")) if what == "follow" else None
        ),
        "created": notice.created,
        "path": escape(routes.path(dwipp.dwipp_id, "dwipper:dwipp")) if dwipp is not None else None,
        "text": dwipp.text if dwipp is not None else None,
        "others": notice.others if what == "upvote" else 0,
    }
