"""#tags link to a tag page (a Query, constant requests a page); @mentions of existing users
link to their profiles, until the user deletes their account; everything else in the text
stays escaped plain text."""

import html
from collections import Counter

from django.test import Client

from apps.accounts.selectors import user_get
from apps.accounts.services import account_delete
from apps.core.background.consumer import batch_handle
from apps.core.background.models import DeadLetter, WorkPiece
from apps.dwipper.models import MENTIONED, Dwipp, Social
from apps.dwipper.selectors import dwipp_get
from apps.dwipper.services import dwipp_delete, dwipp_edit, dwipp_hide
from tests.dwipper.conftest import api_call, api_url, post_as
from tests.support.accounts import PASSWORD, account_create
from tests.support.background import stream_records
from tests.support.dynamodb import item_count
from tests.support.dynamodb_calls import dynamodb_calls, first_call_preceded


def shown(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def tag_records() -> set[tuple[str, str]]:
    return {(r.PK, r.SK) for r in Social.scan() if r.kind == "tag"}


def mentioned_records() -> set[tuple[str, str]]:
    return {(r.PK, r.SK) for r in Social.scan() if r.kind == MENTIONED}


def link(name: str) -> str:
    return f'<a class="dwipp-mention" href="/dwipper/u/{name}/">@{name}</a>'


def account_deleted_by_its_user(client_factory, username: str, streams) -> None:
    """The user deletes their account on its page; the background finishes the deletion."""
    own = client_factory(username)
    assert own.post("/account/delete/", {"password": PASSWORD}).status_code == 302
    streams.drain()
    assert user_get(username=username) is None


def test_mentions_of_existing_users_link_and_nothing_else_is_markup(signed_in, riker):
    post_as("Picard", "<b>@Riker</b>, @nobody and kirk@ent.example: #Tea & #tea_Time, @riker.")
    page = shown(signed_in, "/dwipper/")
    assert '&lt;b&gt;<a class="dwipp-mention" href="/dwipper/u/Riker/">@Riker</a>&lt;/b&gt;' in page
    assert '<a class="dwipp-mention" href="/dwipper/u/riker/">@riker</a>.' in page
    assert "@nobody and kirk@ent.example" in page
    assert '<a class="dwipp-tag" href="/dwipper/t/tea/">#Tea</a> &amp; ' in page
    assert '<a class="dwipp-tag" href="/dwipper/t/tea_time/">#tea_Time</a>' in page
    (dwipp,) = Dwipp.scan()
    assert tag_records() == {("H#tea", dwipp.dwipp_id), ("H#tea_time", dwipp.dwipp_id)}
    assert dwipp.mentions == {"riker"}


def test_a_mention_of_a_deleted_user_stays_plain_text(signed_in, riker):
    account_delete(user_get(username="Riker"))
    post_as("Picard", "Where is @Riker?")
    page = shown(signed_in, "/dwipper/")
    assert "Where is @Riker?" in page
    assert "dwipp-mention" not in page


def test_a_tag_page_lists_its_visible_dwipps_newest_first_whatever_the_spelling(signed_in, riker):
    first = post_as("Riker", "Morning #Tea")
    post_as("Riker", "No tag here")
    hidden = post_as("Picard", "Secret #tea")
    last = post_as("Picard", "Evening #TEA, again #tea")
    dwipp_hide(hidden.dwipp_id, True)
    page = html.unescape(shown(signed_in, "/dwipper/t/Tea/"))
    assert "<h1>#tea</h1>" in page
    assert page.index("Evening") < page.index("Morning")
    assert "No tag here" not in page
    assert "Secret" not in page
    dwipp_delete(author="riker", dwipp_id=first.dwipp_id)
    assert "Morning" not in shown(Client(), "/dwipper/t/tea/")
    assert last.tags == {"tea"}
    empty = shown(signed_in, "/dwipper/t/nothing_here/")
    assert "No dwipp carries this tag yet." in empty


def test_a_bad_tag_in_the_url_is_a_404_with_a_message(signed_in):
    for tag in ("a-b", "x" * 51, "%20"):
        response = signed_in.get(f"/dwipper/t/{tag}/")
        assert response.status_code == 404, tag
    assert signed_in.post("/dwipper/t/tea/").status_code == 405
    assert signed_in.get("/dwipper/t/tea/?before=forged").status_code == 200


def test_editing_a_dwipp_moves_its_tags_and_mentions(signed_in, riker, streams):
    dwipp = post_as("Picard", "#Tea with @Riker")
    assert mentioned_records() == {("U#riker", f"M#{dwipp.dwipp_id}")}
    dwipp_edit(author="picard", dwipp_id=dwipp.dwipp_id, text="#Coffee, alone #Tea")
    assert tag_records() == {("H#coffee", dwipp.dwipp_id), ("H#tea", dwipp.dwipp_id)}
    assert mentioned_records() == set()
    assert dwipp_get(dwipp.dwipp_id).mentions is None
    dwipp_edit(author="picard", dwipp_id=dwipp.dwipp_id, text="#Tea with @riker and @Picard")
    assert mentioned_records() == {(f"U#{u}", f"M#{dwipp.dwipp_id}") for u in ("riker", "picard")}
    dwipp_edit(author="picard", dwipp_id=dwipp.dwipp_id, text="#Coffee, alone #Tea")
    assert mentioned_records() == set()
    answer = api_call(signed_in, "PATCH", api_url(dwipp.dwipp_id), {"text": "Just #coffee"})
    assert answer.status_code == 200
    assert answer.json()["html"] == (
        'Just <a class="dwipp-tag" href="/dwipper/t/coffee/">#coffee</a>'
    )
    assert tag_records() == {("H#coffee", dwipp.dwipp_id)}
    assert "Just" not in shown(signed_in, "/dwipper/t/tea/")
    assert "Just" in shown(signed_in, "/dwipper/t/coffee/")
    assert "dwipp-mention" not in shown(signed_in, "/dwipper/")
    dwipp_edit(author="picard", dwipp_id=dwipp.dwipp_id, text="Coffee with @Riker")
    dwipp_delete(author="picard", dwipp_id=dwipp.dwipp_id)
    streams.drain()
    assert tag_records() == set()
    assert mentioned_records() == set()


def test_a_tag_page_costs_the_same_few_requests_for_20_and_60_dwipps(signed_in, riker):
    visitor = Client()

    def costs() -> tuple[Counter, Counter]:
        found = []
        for client in (signed_in, visitor):
            with dynamodb_calls() as calls:
                assert client.get("/dwipper/t/warp/").status_code == 200
            found.append(Counter(operation for operation, _ in calls))
        return tuple(found)

    for number in range(20):
        post_as("Riker", f"#warp {number}")
    small = costs()
    for number in range(40):
        post_as("Riker", f"#Warp {number}")
    assert costs() == small
    assert sum(small[0].values()) == 2 + 3
    assert sum(small[1].values()) == 2
    assert "Scan" not in small[0]


def test_a_mention_turns_plain_text_on_every_page_when_its_user_deletes_their_account(
    signed_in, riker_client, client_factory, streams
):
    account_create("Bob", "bob@enterprise.example")
    assert riker_client.post("/dwipper/u/Picard/follow").status_code == 302
    earlier = len(stream_records(WorkPiece))  # other tests' work, not to be replayed here
    posted = signed_in.post("/dwipper/post", {"text": "#Warp with @Bob and @Riker"})
    assert posted.status_code == 302
    (dwipp,) = Dwipp.scan()
    streams.drain()  # the fan-out to Riker's Following feed, the notices
    pages = {
        signed_in: ["/dwipper/", f"/dwipper/d/{dwipp.dwipp_id}/", "/dwipper/u/Picard/"],
        riker_client: ["/dwipper/following/", "/dwipper/t/warp/"],
    }
    for client, urls in pages.items():
        for url in urls:
            assert link("Bob") in shown(client, url), url

    account_deleted_by_its_user(client_factory, "Bob", streams)
    for client, urls in pages.items():
        for url in urls:
            page = shown(client, url)
            assert "#Warp</a> with @Bob and " in page, url
            assert "/dwipper/u/Bob/" not in page, url
            assert link("Riker") in page, url
    answer = api_call(signed_in, "PATCH", api_url(dwipp.dwipp_id), {"text": dwipp.text})
    assert "/dwipper/u/Bob/" not in answer.json()["html"]
    assert link("Riker") in answer.json()["html"]
    assert dwipp_get(dwipp.dwipp_id).mentions == {"riker"}
    assert mentioned_records() == {("U#riker", f"M#{dwipp.dwipp_id}")}

    batch_handle(stream_records(WorkPiece)[earlier:])  # the stream delivers it all again
    assert dwipp_get(dwipp.dwipp_id).mentions == {"riker"}
    assert mentioned_records() == {("U#riker", f"M#{dwipp.dwipp_id}")}
    assert link("Riker") in shown(signed_in, f"/dwipper/d/{dwipp.dwipp_id}/")
    assert item_count(DeadLetter) == 0


def test_deleting_a_user_named_in_more_dwipps_than_a_piece_takes_unlinks_every_one(
    signed_in, client_factory, streams, settings
):
    settings.BACKGROUND_PIECE_SIZE = 3  # the deletion's Dwipper stage takes several pieces
    account_create("Bob", "bob@enterprise.example")
    naming = [post_as("Picard", f"@Bob, thought {n}") for n in range(8)]
    dwipp_hide(naming[0].dwipp_id, True)
    dwipp_delete(author="picard", dwipp_id=naming[1].dwipp_id)
    streams.drain()
    assert len(mentioned_records()) == 7  # the deleted dwipp's went with its other records

    account_deleted_by_its_user(client_factory, "Bob", streams)
    assert {d.dwipp_id: d.mentions for d in Dwipp.scan()} == {d.dwipp_id: None for d in naming}
    assert mentioned_records() == set()
    assert "dwipp-mention" not in shown(signed_in, "/dwipper/")
    assert [p for p in WorkPiece.scan() if p.pending] == []
    assert item_count(DeadLetter) == 0


def bob_deleted_at_once() -> None:
    """Bob's account deleted, all of it (``manage.py account_delete``'s way)."""
    account_delete(user_get(username="Bob"))


def test_a_post_that_read_its_named_user_before_their_deletion_loses_the_link_afterwards(
    signed_in, streams
):
    """The post read Bob's account as open; his deletion, Query of his mentions and all, ran
    before the post committed. The post's notification work runs after the commit and
    unlinks the mention."""
    account_create("Bob", "bob@enterprise.example")
    with first_call_preceded("TransactWriteItems", bob_deleted_at_once):
        late = post_as("Picard", "Bye @Bob")
    assert user_get(username="Bob") is None
    assert dwipp_get(late.dwipp_id).mentions == {"bob"}  # as the post committed it
    streams.drain()
    assert dwipp_get(late.dwipp_id).mentions is None
    assert mentioned_records() == set()
    page = shown(signed_in, f"/dwipper/d/{late.dwipp_id}/")
    assert "Bye @Bob" in page
    assert "dwipp-mention" not in page


def test_an_edit_that_read_a_mention_before_its_users_deletion_does_not_bring_the_link_back(
    streams,
):
    """The edit read the dwipp (Bob named, his record there) and Bob's account as open; his
    deletion unlinked the mention before the edit committed. The edit's condition on the
    mentions it read refuses it, and it reads again."""
    account_create("Bob", "bob@enterprise.example")
    dwipp = post_as("Picard", "@Bob, a thought")
    with first_call_preceded("TransactWriteItems", bob_deleted_at_once):
        dwipp_edit(author="picard", dwipp_id=dwipp.dwipp_id, text="@Bob, a second thought")
    stored = dwipp_get(dwipp.dwipp_id)
    assert (stored.text, stored.mentions) == ("@Bob, a second thought", None)
    assert mentioned_records() == set()
