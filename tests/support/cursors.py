"""Bad page cursors, and the one answer a page gives them (apps/core/http/paging.py)."""

from urllib.parse import quote

from apps.core.http.paging import FIRST_PAGE


def spoiled(cursor: str) -> list[str]:
    """``cursor`` edited, truncated, made huge, and cursors made up: all refused alike."""
    payload, _, signature = cursor.rpartition(":")
    edited = payload[:-1] + ("A" if payload[-1] != "A" else "B")
    return [
        f"{edited}:{signature}",
        cursor[:-1],
        cursor * 50,
        "garbage",
        "\x00",
        "é",
    ]


def query(cursor: str) -> str:
    """``cursor`` as a query string value."""
    return quote(cursor, safe="")


def first_page_with_note(response) -> str:
    """The page a bad cursor gets: 200, the list's first page, and the note saying so."""
    assert response.status_code == 200
    content = response.content.decode()
    assert FIRST_PAGE in content
    return content
