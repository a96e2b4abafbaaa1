"""Short links in the admin: their clicks, found by code or owner, deleted by staff."""

from apps.shortener.selectors import link_get
from apps.shortener.services import link_create
from tests.support.dynamodb_calls import dynamodb_calls

LINKS = "/admin/shortener/link/"


def test_links_are_listed_with_their_clicks_in_one_batch_read_a_page(riker, client, picard):
    link = link_create(url="https://example.com/", owner="picard", alias="engage")
    link_create(url="https://example.org/")
    for _ in range(3):
        client.get("/engage")
    with dynamodb_calls() as calls:
        response = riker.get(LINKS)
    assert [op for op, _ in calls].count("BatchGetItem") == 1
    clicks = {
        row.code: response.context["cl"].model_admin.clicks(row)
        for row in response.context["cl"].result_list
    }
    assert clicks[link.code] == 3
    assert '<td data-label="Clicks" class="field-clicks">3</td>' in response.content.decode()
    page = riker.get(f"{LINKS}engage/change/").content.decode()
    assert "https://example.com/" in page
    assert ">3<" in page


def test_links_are_found_by_code_or_by_who_made_them(riker, picard):
    mine = link_create(url="https://example.com/", owner="picard")
    link_create(url="https://example.org/", alias="other")
    assert [r.code for r in riker.get(LINKS, {"q": "other"}).context["cl"].result_list] == ["other"]
    by_owner = riker.get(LINKS, {"q": "Picard"}).context["cl"].result_list
    assert [r.code for r in by_owner] == [mine.code]


def test_staff_delete_a_link_but_cannot_edit_one(riker):
    link_create(url="https://example.org/", alias="doomed")
    assert riker.post(f"{LINKS}doomed/change/", {"url": "https://evil.example/"}).status_code == 403
    assert riker.get(f"{LINKS}add/").status_code == 403
    assert "click" in riker.get(f"{LINKS}doomed/delete/").content.decode()
    assert riker.post(f"{LINKS}doomed/delete/", {"post": "yes"}).status_code == 302
    assert link_get(code="doomed") is None
