"""Dwipper's pages through the test client: reading, posting, toggles, editing, deleting."""

import pytest

from apps.dwipper.keys import timeline_pk
from apps.dwipper.models import Dwipp, Social
from apps.dwipper.services import favourite_toggle, follow_set, upvote_toggle
from apps.dwipper.text import CONTROL, EMPTY, TOO_LONG
from tests.dwipper.conftest import post_as
from tests.support.cursors import first_page_with_note, query, spoiled
from tests.support.dynamodb import item_count


def entries(response) -> list[str]:
    return [entry.dwipp.text for entry in response.context["page"].entries]


def test_visitors_read_the_feed_and_profiles_and_are_sent_to_sign_in_to_write(client, riker):
    dwipp = post_as("Riker", "Number One, thinking.")
    feed = client.get("/dwipper/")
    content = feed.content.decode()
    assert "Number One, thinking." in content
    assert '<a class="dwipp-author" href="/dwipper/u/Riker/">Riker</a>' in content
    assert f'<time datetime="{dwipp.created:%Y-%m-%dT%H:%M:%S}' in content
    assert "▲ 0 upvotes" in content
    assert 'href="/login/?next=/dwipper/"' in content
    assert "Number One, thinking." in client.get("/dwipper/u/riker/").content.decode()
    alone = client.get(f"/dwipper/d/{dwipp.dwipp_id}/").content.decode()
    assert "<h1>A dwipp by Riker</h1>" in alone
    assert f'href="/dwipper/d/{dwipp.dwipp_id}/" class="dwipp-time">' in content
    for url in (
        "/dwipper/post",
        f"/dwipper/d/{dwipp.dwipp_id}/upvote",
        f"/dwipper/d/{dwipp.dwipp_id}/favourite",
        "/dwipper/u/Riker/follow",
    ):
        response = client.post(url, {"text": "sneaky", "state": "on"})
        assert response["Location"] == f"/login/?next={url}"
    for url in ("/dwipper/mine/", "/dwipper/favourites/", "/dwipper/following/"):
        assert client.get(url)["Location"] == f"/login/?next={url}"
    assert item_count(Dwipp) == 1
    assert item_count(Social) == 0
    assert client.get("/dwipper/u/nobody/").status_code == 404


def test_the_home_page_and_navigation_list_dwipper(client):
    content = client.get("/").content.decode()
    assert '<a href="/dwipper/">Dwipper</a>' in content
    assert "Shower thoughts in 280 characters" in content


def test_a_posted_dwipp_is_first_in_the_feed_trimmed_and_escaped(signed_in):
    post_as("Picard", "An older thought")
    response = signed_in.post("/dwipper/post", {"text": "  <script>alert(1)</script>\r\nok \n"})
    assert response["Location"] == "/dwipper/"
    feed = signed_in.get("/dwipper/")
    assert entries(feed) == ["<script>alert(1)</script>\nok", "An older thought"]
    content = feed.content.decode()
    assert "<script>alert(1)" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>ok" in content
    assert "Your dwipp is out." in content


def test_the_post_form_counts_as_the_server_does(signed_in):
    content = signed_in.get("/dwipper/").content.decode()
    assert 'data-max="280"' in content
    assert '<script src="/static/dwipper/dwipper.js" defer></script>' in content
    assert "<script>" not in content  # no inline script: the CSP forbids it


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", EMPTY),
        (" \n\t\u3000 ", EMPTY),
        ("x" * 281, TOO_LONG.format(max=280, length=281)),
        ("e\u0301" * 281, TOO_LONG.format(max=280, length=281)),  # 281 é after NFC
        ("bell\x07", CONTROL),
        ("nul\x00byte", CONTROL),
        ("escape \x1b[31m", CONTROL),
    ],
)
def test_bad_text_is_refused_with_a_message_and_stores_nothing(signed_in, text, message):
    response = signed_in.post("/dwipper/post", {"text": text})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert item_count(Dwipp) == 0


def test_280_code_points_after_nfc_and_trimming_are_accepted(signed_in):
    text = "e\u0301" * 279 + "🚀"  # 559 code points before NFC, 280 after
    response = signed_in.post("/dwipper/post", {"text": f"  {text}  "})
    assert response.status_code == 302
    [dwipp] = Dwipp.scan()
    assert len(dwipp.text) == 280


def test_huge_bodies_and_missing_csrf_are_refused(client_factory, picard):
    careful = client_factory("Picard", enforce_csrf_checks=True)
    assert careful.post("/dwipper/post", {"text": "no token"}).status_code == 403
    signed_in = client_factory("Picard")
    assert signed_in.post("/dwipper/post", {"text": "x" * 3_000_000}).status_code == 400
    assert item_count(Dwipp) == 0


def test_the_feed_is_ten_a_page_with_newer_and_older_links(signed_in):
    for number in range(1, 26):
        post_as("Picard", f"Thought {number}")
    first = signed_in.get("/dwipper/")
    assert entries(first) == [f"Thought {n}" for n in range(25, 15, -1)]
    assert first.context["page"].newer is None
    second = signed_in.get(f"/dwipper/?before={first.context['page'].older}")
    assert entries(second) == [f"Thought {n}" for n in range(15, 5, -1)]
    third = signed_in.get(f"/dwipper/?before={second.context['page'].older}")
    assert entries(third) == [f"Thought {n}" for n in range(5, 0, -1)]
    assert third.context["page"].older is None
    back = signed_in.get(f"/dwipper/?after={third.context['page'].newer}")
    assert entries(back) == entries(second)
    top = signed_in.get(f"/dwipper/?after={back.context['page'].newer}")
    assert entries(top) == entries(first)
    assert top.context["page"].newer is None
    content = second.content.decode()
    assert f'href="?after={second.context["page"].newer}">Newer</a>' in content
    assert f'href="?before={second.context["page"].older}">Older</a>' in content


def test_a_bad_cursor_shows_the_first_page_of_the_list_with_a_message(
    signed_in, riker_client, settings, streams
):
    settings.DWIPPER_PAGE_SIZE = 1
    follow_set(follower="picard", followee="riker", on=True)
    for author in ("Picard", "Riker"):
        for n in (1, 2):
            dwipp = post_as(author, f"{author} {n}")
            favourite_toggle(user="picard", dwipp_id=dwipp.dwipp_id, on=True)
    streams.drain()
    picards_own = ("/dwipper/mine/", "/dwipper/favourites/", "/dwipper/following/")
    everyones = ("/dwipper/", "/dwipper/u/Picard/")
    for url in picards_own + everyones:
        first = entries(signed_in.get(url))
        older = signed_in.get(url).context["page"].older
        for bad in [*spoiled(older), f"{older}x"]:
            response = signed_in.get(f"{url}?before={query(bad)}")
            first_page_with_note(response)
            assert entries(response) == first, (url, bad)
        after = first_page_with_note(signed_in.get(f"{url}?after={query(older[:-2])}"))
        assert "Newer</a>" not in after
        others = riker_client.get(f"{url}?before={query(older)}")
        if url in picards_own:  # Picard's cursor, Riker's own list: refused
            first_page_with_note(others)
        else:  # a list everyone sees alike: a shared link to its second page works
            assert others.status_code == 200
            assert entries(others) == entries(signed_in.get(f"{url}?before={query(older)}"))
    feed_cursor = signed_in.get("/dwipper/").context["page"].older
    profile = signed_in.get(f"/dwipper/u/Picard/?before={query(feed_cursor)}")
    assert entries(profile) == ["Picard 2"]
    first_page_with_note(profile)


def test_pages_stay_full_when_dwipps_are_hidden_or_deleted(signed_in, riker):
    from apps.dwipper.services import dwipp_delete, dwipp_hide

    dwipps = [post_as("Riker", f"Thought {number}") for number in range(1, 16)]
    for dwipp in dwipps[-6:-1]:
        dwipp_hide(dwipp.dwipp_id, True)
    dwipp_delete(author="riker", dwipp_id=dwipps[-1].dwipp_id)
    expected = [f"Thought {n}" for n in range(9, 0, -1)]
    assert entries(signed_in.get("/dwipper/")) == expected
    assert entries(signed_in.get("/dwipper/u/Riker/")) == expected


def test_upvote_and_favourite_are_toggles_by_form(signed_in, riker):
    dwipp = post_as("Riker", "Toggle me")
    upvote, favourite = (f"/dwipper/d/{dwipp.dwipp_id}/{what}" for what in ("upvote", "favourite"))
    response = signed_in.post(upvote, {"state": "on", "next": "/dwipper/u/Riker/"})
    assert response["Location"] == "/dwipper/u/Riker/"
    signed_in.post(upvote, {"state": "on"})  # a second submission of the same form
    content = signed_in.get("/dwipper/").content.decode()
    assert 'aria-pressed="true"><span aria-hidden="true">▲</span> <span data-count>1</span>' in (
        content
    )
    assert signed_in.post(upvote).status_code == 302  # no state: the other one
    assert "<span data-count>0</span>" in signed_in.get("/dwipper/").content.decode()
    assert signed_in.post(favourite, {"state": "on"}).status_code == 302
    assert entries(signed_in.get("/dwipper/favourites/")) == ["Toggle me"]
    assert signed_in.post(favourite, {"state": "off"}).status_code == 302
    assert entries(signed_in.get("/dwipper/favourites/")) == []
    assert signed_in.post(upvote, {"next": "https://evil.example/"})["Location"] == "/dwipper/"


def test_favourites_are_newest_favourite_first(signed_in, riker):
    old, new = post_as("Riker", "Old dwipp"), post_as("Riker", "New dwipp")
    for dwipp in (new, old):
        favourite_toggle(user="picard", dwipp_id=dwipp.dwipp_id, on=True)
    assert entries(signed_in.get("/dwipper/favourites/")) == ["Old dwipp", "New dwipp"]


def test_toggles_of_a_deleted_or_forged_dwipp_are_404_and_write_nothing(signed_in, riker):
    from apps.dwipper.services import dwipp_delete

    dwipp = post_as("Riker", "Soon gone")
    dwipp_delete(author="riker", dwipp_id=dwipp.dwipp_id)
    for what in ("upvote", "favourite", "report"):
        assert signed_in.post(f"/dwipper/d/{dwipp.dwipp_id}/{what}").status_code == 404
    assert signed_in.post("/dwipper/d/" + "0" * 20 + "/upvote").status_code == 404
    assert signed_in.post("/dwipper/d/../upvote").status_code == 404
    assert signed_in.post("/dwipper/d/x'%20OR%201=1/upvote").status_code == 404
    assert item_count(Social) == 0


def test_only_the_author_edits_or_deletes_anyone_else_gets_404_whatever_the_method(
    signed_in, riker_client
):
    dwipp = post_as("Picard", "Mine alone")
    for action in ("edit", "delete"):
        url = f"/dwipper/d/{dwipp.dwipp_id}/{action}"
        for method in ("get", "post", "put", "delete", "patch"):
            response = getattr(riker_client, method)(url, {"text": "Hijacked"})
            assert response.status_code == 404, (action, method)
        assert signed_in.put(url).status_code == 405
    [stored] = Dwipp.scan()
    assert stored.text == "Mine alone"


def test_the_author_edits_by_form(signed_in):
    dwipp = post_as("Picard", "First draft")
    url = f"/dwipper/d/{dwipp.dwipp_id}/edit"
    assert "First draft</textarea>" in signed_in.get(url).content.decode()
    response = signed_in.post(url, {"text": "Second draft", "next": "/dwipper/"})
    assert response["Location"] == "/dwipper/"
    assert signed_in.post(url, {"text": " Third "})["Location"] == "/dwipper/mine/"
    refused = signed_in.post(url, {"text": "   "})
    assert refused.status_code == 400
    assert EMPTY in refused.content.decode()
    assert signed_in.post(url, {"text": "x" * 281}).status_code == 400
    content = signed_in.get("/dwipper/").content.decode()
    assert "Third" in content
    assert '<span class="dwipp-edited">edited</span>' in content


def test_deleting_removes_a_dwipp_from_every_feed_and_list(signed_in, riker_client, streams):
    follow_set(follower="picard", followee="riker", on=True)
    dwipp = post_as("Riker", "Regrettable")
    streams.drain()
    upvote_toggle(user="picard", dwipp_id=dwipp.dwipp_id, on=True)
    favourite_toggle(user="picard", dwipp_id=dwipp.dwipp_id, on=True)
    signed_in.post(f"/dwipper/d/{dwipp.dwipp_id}/report", {"reason": "meh"})
    url = f"/dwipper/d/{dwipp.dwipp_id}/delete"
    assert "Delete this dwipp?" in riker_client.get(url).content.decode()
    assert riker_client.post(url)["Location"] == "/dwipper/mine/"
    for page in ("/dwipper/", "/dwipper/following/", "/dwipper/favourites/", "/dwipper/u/Riker/"):
        assert "Regrettable" not in signed_in.get(page).content.decode(), page
    from apps.dwipper.models import Report

    streams.drain()  # the clean-up the deletion recorded

    leftovers = [r for r in Social.scan() if r.dwipp_ref == dwipp.dwipp_id]
    assert leftovers == []
    assert item_count(Report) == 0
    assert riker_client.post(url).status_code == 404


def test_profiles_show_counts_and_follow_and_unfollow(signed_in, riker, streams):
    post_as("Riker", "Engage")
    content = signed_in.get("/dwipper/u/riker/").content.decode()
    assert "<strong>0</strong> followers" in content
    response = signed_in.post("/dwipper/u/riker/follow", {"state": "on"}, follow=True)
    content = response.content.decode()
    assert "You follow Riker." in content
    assert "<strong>1</strong> follower</span>" in content
    assert ">Unfollow</button>" in content
    assert entries(signed_in.get("/dwipper/following/")) == ["Engage"]
    post_as("Riker", "Later thought")
    streams.drain()
    assert entries(signed_in.get("/dwipper/following/")) == ["Later thought", "Engage"]
    own = signed_in.get("/dwipper/u/Picard/").content.decode()
    assert "<strong>1</strong> following" in own
    assert ">Follow</button>" not in own
    signed_in.post("/dwipper/u/riker/follow", {"state": "off"})
    assert entries(signed_in.get("/dwipper/following/")) == []  # pages skip the unfollowed
    streams.drain()
    assert Social.count(timeline_pk("picard")) == 0  # and the background took them out
    assert "<strong>0</strong> followers" in signed_in.get("/dwipper/u/riker/").content.decode()


def test_nobody_follows_themselves(signed_in):
    response = signed_in.post("/dwipper/u/picard/follow", {"state": "on"}, follow=True)
    assert "You cannot follow yourself." in response.content.decode()
    assert item_count(Social) == 0


def test_posting_is_rate_limited_per_user_with_429_retry_after_and_the_text_kept(
    signed_in, settings
):
    settings.DWIPPER_POST_RATE = "2/m"
    for number in range(2):
        assert signed_in.post("/dwipper/post", {"text": f"Quick {number}"}).status_code == 302
    assert signed_in.post("/dwipper/post", {"text": ""}).status_code == 429
    response = signed_in.post("/dwipper/post", {"text": "One too many"})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    content = response.content.decode()
    assert "You have posted a lot" in content
    assert "One too many</textarea>" in content
    assert item_count(Dwipp) == 2
