"""A dwipp's row (apps/dwipper/rows.py) holds what the row template read from the dwipp
itself: the paths ``reverse`` writes, the same text HTML, a placeholder only in a thread."""

from datetime import UTC, datetime

from django.template import engines
from django.urls import reverse

from apps.dwipper.markup import text_html
from apps.dwipper.models import Dwipp
from apps.dwipper.rows import dwipp_rows, notice_rows
from apps.dwipper.selectors import Entry, Notice

MOMENT = datetime(2026, 12, 6, 20, 11, tzinfo=UTC)


def dwipp(number: int, **fields) -> Dwipp:
    made = {
        "dwipp_id": f"{number:020x}",
        "author": "riker",
        "author_name": "Riker",
        "text": "Engage! #warp with @Picard & <friends>\nNext line",
        "created": MOMENT,
        "tags": {"warp"},
        "mentions": {"picard"},
        "upvotes": 3,
        "replies": 1,
    }
    return Dwipp(**(made | fields))


def test_a_row_has_the_paths_reverse_writes_and_the_text_its_filter_wrote():
    shown = dwipp(1, parent=f"{2:020x}", edited=MOMENT)
    (row,) = dwipp_rows([Entry(shown, upvoted=True)], "picard")
    assert row["path"] == reverse("dwipper:dwipp", args=[shown.dwipp_id])
    assert row["api"] == reverse("dwipper_api:dwipp", args=[shown.dwipp_id])
    assert row["author_path"] == reverse("dwipper:profile", args=["Riker"])
    assert row["parent_path"] == reverse("dwipper:dwipp", args=[shown.parent])
    assert row["html"] == text_html(shown.text, tags=shown.tags, mentions=shown.mentions)
    assert (row["upvoted"], row["favourite"], row["own"]) == (True, False, False)
    assert (row["upvotes"], row["replies"], row["edited"]) == (3, 1, MOMENT)


def test_a_rows_path_is_written_as_the_template_would_escape_it():
    page = engines["django"].from_string('<a href="{{ row.path }}">{{ row.author_path }}</a>')
    (row,) = dwipp_rows([Entry(dwipp(1))], None)
    plain = {name: str(value) for name, value in row.items()}  # no longer marked safe
    assert page.render({"row": row}) == page.render({"row": plain})


def test_only_the_author_sees_their_dwipp_as_their_own():
    mine, theirs = dwipp_rows([Entry(dwipp(1)), Entry(dwipp(2, author="data"))], "riker")
    assert mine["own"]
    assert not theirs["own"]
    assert not any(row["own"] for row in dwipp_rows([Entry(dwipp(1))], None))


def test_a_hidden_dwipp_is_a_placeholder_in_a_thread_and_a_full_row_in_a_list():
    hidden = Entry(dwipp(1, hidden=True, replies=2))
    deleted = Entry(dwipp(2, hidden=True, deleted=MOMENT, author=None, author_name=None, text=None))
    in_thread = dwipp_rows([hidden, deleted], "riker", placeholders=True)
    assert [row["placeholder"] for row in in_thread] == [True, True]
    assert [bool(row["deleted"]) for row in in_thread] == [False, True]
    assert in_thread[0]["path"] == reverse("dwipper:dwipp", args=[f"{1:020x}"])
    (in_list,) = dwipp_rows([hidden], "riker")
    assert (in_list["placeholder"], in_list["hidden"], in_list["own"]) == (False, True, True)


def test_a_notice_row_links_what_its_notice_is_about():
    about = dwipp(1, upvotes=4)
    notices = [
        Notice(what="upvote", actor_name="Data", created=MOMENT, dwipp=about, own_vote=True),
        Notice(what="follow", actor_name="Data", created=MOMENT),
    ]
    upvote, follow = notice_rows(notices)
    assert upvote["path"] == reverse("dwipper:dwipp", args=[about.dwipp_id])
    assert (upvote["text"], upvote["others"], upvote["actor_path"]) == (about.text, 2, None)
    assert follow["actor_path"] == reverse("dwipper:profile", args=["Data"])
    assert (follow["path"], follow["text"]) == (None, None)
