"""Moderation: hidden dwipps leave every feed and profile; users report a dwipp once."""

from apps.dwipper.keys import timeline_pk
from apps.dwipper.models import Report, Social
from apps.dwipper.services import dwipp_hide, favourite_toggle, follow_set, upvote_toggle
from tests.dwipper.conftest import post_as
from tests.support.dynamodb import item_count


def test_a_hidden_dwipp_leaves_every_feed_and_profile_and_comes_back(
    signed_in, riker_client, streams
):
    follow_set(follower="picard", followee="riker", on=True)
    dwipp = post_as("Riker", "Questionable")
    streams.drain()
    assert "Questionable" in signed_in.get("/dwipper/following/").content.decode()
    upvote_toggle(user="picard", dwipp_id=dwipp.dwipp_id, on=True)
    favourite_toggle(user="picard", dwipp_id=dwipp.dwipp_id, on=True)
    pages = ("/dwipper/", "/dwipper/following/", "/dwipper/favourites/", "/dwipper/u/Riker/")
    dwipp_hide(dwipp.dwipp_id, True)
    streams.drain()
    assert Social.count(timeline_pk("picard")) == 0  # taken out of the timeline
    assert signed_in.get(f"/dwipper/d/{dwipp.dwipp_id}/").status_code == 404
    for page in pages:
        assert "Questionable" not in signed_in.get(page).content.decode(), page
    for what in ("upvote", "favourite", "report"):
        assert signed_in.post(f"/dwipper/d/{dwipp.dwipp_id}/{what}").status_code == 404
    mine = riker_client.get("/dwipper/mine/").content.decode()
    assert "Questionable" in mine
    assert "hidden by a moderator" in mine
    dwipp_hide(dwipp.dwipp_id, False)
    streams.drain()  # fanned out again
    for page in pages:
        assert "Questionable" in signed_in.get(page).content.decode(), page
    content = signed_in.get("/dwipper/").content.decode()
    assert "<span data-count>1</span>" in content


def test_a_signed_in_user_reports_a_dwipp_once_and_is_thanked(signed_in, riker):
    dwipp = post_as("Riker", "Spam spam spam")
    url = f"/dwipper/d/{dwipp.dwipp_id}/report"
    assert signed_in.post(url, {"reason": "x" * 501}).status_code == 400
    assert item_count(Report) == 0
    form = signed_in.get(f"{url}?next=/dwipper/u/Riker/").content.decode()
    assert "Report this dwipp" in form
    assert '<input type="hidden" name="next" value="/dwipper/u/Riker/">' in form
    response = signed_in.post(
        url, {"reason": "It is <b>spam</b>", "next": "/dwipper/u/Riker/"}, follow=True
    )
    # Back where the reporter was, not on the main feed.
    assert response.redirect_chain == [("/dwipper/u/Riker/", 302)]
    assert "Thank you: a moderator will look at this dwipp." in response.content.decode()
    for again in (signed_in.get(url), signed_in.post(url, {"reason": "still spam"})):
        page = again.content.decode()
        assert again.status_code == 200
        assert "You reported this dwipp on <time" in page
        assert 'name="reason"' not in page  # no form to send a second time
    [report] = Report.scan()
    assert (report.reporter, report.reason) == ("picard", "It is <b>spam</b>")


def test_after_a_report_without_a_safe_next_the_reporter_sees_the_dwipp(signed_in, riker):
    dwipp = post_as("Riker", "Spam spam spam")
    url = f"/dwipper/d/{dwipp.dwipp_id}/report"
    form = signed_in.get(f"{url}?next=https://evil.example/").content.decode()
    assert "evil.example" not in form
    response = signed_in.post(url, {"next": "https://evil.example/"})
    assert response["Location"] == f"/dwipper/d/{dwipp.dwipp_id}/"
