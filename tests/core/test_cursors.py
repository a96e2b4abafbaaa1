"""The one page cursor (apps/core/dynamodb/cursors.py): what it gives back, and what it refuses.

Every door's own test checks its answer to a refused cursor; this is the contract
they rely on: a cursor comes back only to the list and viewer it was made for.
"""

import re
import secrets

import pytest

from apps.core.dynamodb.cursors import (
    CURSOR_MAX_LENGTH,
    BadCursor,
    CursorTooLong,
    cursor_dump,
    cursor_load,
)
from tests.support.cursors import spoiled

KEY = {"PK": {"S": "U#picard"}, "SK": {"S": "T#0190a1b2c3d4e5f6a7b"}, "n": {"N": "42"}}
LIST = {"scope": "todos.list:0190a1b2c3d4e5f6a7b", "viewer": "picard"}


def test_a_cursor_gives_back_its_position_to_its_own_list_and_viewer():
    assert cursor_load(cursor_dump(KEY, **LIST), **LIST) == KEY
    position = {"k": KEY, "t": 1767225600000}
    cursor = cursor_dump(position, **LIST)
    assert cursor_load(cursor, **LIST, valid=lambda value: "t" in value) == position
    everyones = cursor_dump(KEY, scope="dwipper.feed")
    assert cursor_load(everyones, scope="dwipper.feed") == KEY


def test_no_cursor_is_the_first_page_and_no_position_is_no_cursor():
    assert cursor_load(None, **LIST) is None
    assert cursor_load("", **LIST) is None
    assert cursor_dump(None, **LIST) is None


def test_a_cursor_is_compact_and_needs_no_escaping_in_a_url():
    cursor = cursor_dump(KEY, **LIST)
    assert re.fullmatch(r"[A-Za-z0-9_.:-]+", cursor)
    assert len(cursor) < 150
    kirks = cursor_dump(KEY, scope="todos.changes", viewer="kirk")
    assert kirks.split(":")[0] == cursor.split(":")[0]  # scope and viewer are not carried along
    pages = [[None, 0], *([KEY, n] for n in range(1, 50))]  # an admin changelist's 50 pages
    assert len(cursor_dump(pages, scope="admin:accounts.user||0")) < CURSOR_MAX_LENGTH / 2


@pytest.mark.parametrize(
    "other",
    [
        {"scope": "todos.list:0190a1b2c3d4e5f6a7c", "viewer": "picard"},  # another list
        {"scope": "todos.changes", "viewer": "picard"},
        {"scope": LIST["scope"], "viewer": "kirk"},  # another viewer's
        {"scope": LIST["scope"], "viewer": None},
        {"scope": LIST["scope"], "viewer": "Picard"},
        {"scope": f"{LIST['scope']}:picard", "viewer": None},  # the same words, otherwise split
    ],
)
def test_a_cursor_of_another_list_or_viewer_is_refused(other):
    with pytest.raises(BadCursor):
        cursor_load(cursor_dump(KEY, **LIST), **other)


def test_tampered_truncated_huge_and_made_up_cursors_are_refused():
    cursor = cursor_dump(KEY, **LIST)
    payload, _, signature = cursor.rpartition(":")
    refused = [
        *spoiled(cursor),
        *(cursor[:length] for length in range(1, len(cursor))),  # every truncation
        f"{payload}:{signature[::-1]}",
        f".{payload}:{signature}",  # claims to be compressed
        f"{payload}{payload}:{signature}",
        "x" * 1_000_000,
        ":",
        "eyJzIjoxfQ:1:abc",
        "\ud800:abc",  # a lone surrogate: cannot even be encoded for the signature
        f"{payload} :{signature}",
    ]
    for bad in refused:
        with pytest.raises(BadCursor):
            cursor_load(bad, **LIST)


def test_a_position_of_the_wrong_shape_is_refused_even_when_signed():
    for position in ("T#0190a1b2c3d4e5f6a7b", [KEY], {"PK": "U#picard"}, {"PK": {"X": "1"}}, {}):
        with pytest.raises(BadCursor):
            cursor_load(cursor_dump(position, **LIST), **LIST)
    with pytest.raises(BadCursor):
        cursor_load(cursor_dump(KEY, **LIST), **LIST, valid=lambda value: False)


def test_the_error_says_what_to_do():
    with pytest.raises(BadCursor, match="not valid for this list; start again without it"):
        cursor_load("garbage", **LIST)


def test_a_cursor_made_before_a_key_rotation_still_works(settings):
    cursor = cursor_dump(KEY, **LIST)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-key-" + "x" * 50
    assert cursor_load(cursor, **LIST) == KEY
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(BadCursor):
        cursor_load(cursor, **LIST)


def test_no_cursor_is_made_that_would_be_refused_for_its_length():
    with pytest.raises(CursorTooLong):
        cursor_dump({"PK": {"S": secrets.token_hex(CURSOR_MAX_LENGTH)}}, **LIST)
