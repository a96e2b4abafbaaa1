"""The owner's control of a link after it is out: target, click limit, fallback, pause.

The redirect keeps its cost: one read of the link and at most one (for a
limited link, conditional) write of the click.
"""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.test import Client, RequestFactory

from apps.accounts.selectors import username_key
from apps.shortener.api import link_json
from apps.shortener.forms import LIMIT_RANGE
from apps.shortener.models import ClickShard, Link
from apps.shortener.selectors import link_clicks
from apps.shortener.services import link_create, link_edit
from apps.shortener.views import LIMIT_REACHED, PAUSED
from tests.support.accounts import account_create, sign_in
from tests.support.dynamodb import item_count
from tests.support.dynamodb_calls import dynamodb_calls

LONG_URL = "https://example.com/a/very/long/path"
NEW_URL = "https://example.org/the/new/target"
FALLBACK = "https://example.org/offer-ended"
PICARD = username_key("Picard")


@pytest.fixture
def link(picard):
    return link_create(url=LONG_URL, owner=PICARD)


def edit(code, **values):
    return link_edit(code=code, owner=PICARD, **{"url": LONG_URL, **values})


def table(name):
    return settings.DYNAMODB_TABLE_PREFIX + name


def test_the_owner_edits_the_target_and_the_preview_and_redirect_follow(signed_in, link):
    page = signed_in.get(f"/shorten/mine/edit/{link.code}")
    assert page.status_code == 200
    assert LONG_URL in page.content.decode()
    response = signed_in.post(f"/shorten/mine/edit/{link.code}", {"url": NEW_URL}, follow=True)
    assert response.redirect_chain == [(f"/{link.code}+", 302)]
    content = response.content.decode()
    assert f"The short link /{link.code} is saved." in content
    assert NEW_URL in content
    assert LONG_URL not in content
    assert signed_in.get(f"/{link.code}")["Location"] == NEW_URL


def test_my_links_offers_edit(signed_in, link):
    page = signed_in.get("/shorten/mine/").content.decode()
    assert f'href="/shorten/mine/edit/{link.code}"' in page


def test_bad_edits_are_explained_and_change_nothing(signed_in, link):
    values = {"url": "javascript:alert(1)", "fallback_url": "ftp://x.example/", "click_limit": "0"}
    response = signed_in.post(f"/shorten/mine/edit/{link.code}", values)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("Only http:// and https:// URLs can be shortened.") == 2
    assert LIMIT_RANGE in content
    assert Link.get(link.code).url == LONG_URL


def test_another_users_link_cannot_be_edited(client, link):
    sign_in(client, account_create("Data", "data@enterprise.example"))
    assert client.get(f"/shorten/mine/edit/{link.code}").status_code == 404
    assert client.post(f"/shorten/mine/edit/{link.code}", {"url": NEW_URL}).status_code == 404
    assert Link.get(link.code).url == LONG_URL


def test_an_anonymous_link_has_no_owner_to_edit_it(signed_in):
    link = link_create(url=LONG_URL)
    assert signed_in.post(f"/shorten/mine/edit/{link.code}", {"url": NEW_URL}).status_code == 404
    assert Link.get(link.code).url == LONG_URL


def test_editing_needs_signing_in(client, link):
    response = client.get(f"/shorten/mine/edit/{link.code}")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_paused_link_leads_nowhere_and_counts_nothing_until_resumed(client, link):
    edit(link.code, paused=True)
    response = client.get(f"/{link.code}")
    assert response.status_code == 404
    assert PAUSED in response.content.decode()
    assert "Paused" in client.get(f"/{link.code}+").content.decode()
    assert link_clicks([link]) == {link.code: 0}
    edit(link.code, paused=False)
    assert client.get(f"/{link.code}").status_code == 301
    assert link_clicks([link]) == {link.code: 1}


def test_a_click_limit_serves_that_many_redirects_then_answers_410(client, link):
    client.get(f"/{link.code}")  # one click before the limit is set
    edit(link.code, click_limit=3)
    statuses = [client.get(f"/{link.code}").status_code for _ in range(4)]
    assert statuses == [301, 301, 410, 410]
    gone = client.get(f"/{link.code}")
    assert LIMIT_REACHED in gone.content.decode()
    assert client.head(f"/{link.code}").status_code == 410
    assert link_clicks([Link.get(link.code)]) == {link.code: 3}
    assert "3 of at most 3" in client.get(f"/{link.code}+").content.decode()


def test_a_limited_redirect_still_costs_one_read_and_one_write(client, link):
    edit(link.code, click_limit=1)
    for status in (301, 410):
        with dynamodb_calls() as calls:
            assert client.get(f"/{link.code}").status_code == status
        assert calls == [("GetItem", table("links")), ("UpdateItem", table("link_clicks"))]


@pytest.mark.slow
def test_the_click_limit_is_exact_under_50_concurrent_clicks(link):
    edit(link.code, click_limit=20)

    def click(_):
        return Client().get(f"/{link.code}").status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(click, range(50)))
    assert statuses.count(301) == 20
    assert statuses.count(410) == 30
    assert link_clicks([Link.get(link.code)]) == {link.code: 20}


def test_raising_the_limit_opens_the_link_again_and_removing_it_keeps_the_count(client, link):
    edit(link.code, click_limit=1)
    client.get(f"/{link.code}")
    assert client.get(f"/{link.code}").status_code == 410
    edit(link.code, click_limit=2)
    assert client.get(f"/{link.code}").status_code == 301
    assert client.get(f"/{link.code}").status_code == 410
    edit(link.code)
    assert client.get(f"/{link.code}").status_code == 301
    assert link_clicks([Link.get(link.code)]) == {link.code: 3}


def test_an_ended_link_with_a_fallback_leads_there_without_counting(client, link):
    edit(link.code, fallback_url=FALLBACK)
    stored = Link.get(link.code)
    assert stored.ends == link.expires
    assert stored.expires == link.expires + timedelta(days=settings.SHORTENER_FALLBACK_DAYS)
    stored.update([Link.ends.set(datetime.now(UTC) - timedelta(minutes=1))])
    response = client.get(f"/{link.code}")
    assert response.status_code == 302
    assert response["Location"] == FALLBACK
    preview = client.get(f"/{link.code}+").content.decode()
    assert "it now leads to its fallback address" in preview
    assert item_count(ClickShard) == 0


def test_removing_the_fallback_lets_the_link_end_when_it_expires_again(link):
    edit(link.code, fallback_url=FALLBACK)
    edit(link.code)
    stored = Link.get(link.code)
    assert stored.ends is None
    assert stored.fallback_url is None
    assert stored.expires == link.expires


def test_the_api_reports_when_a_link_with_a_fallback_ends(link):
    edit(link.code, fallback_url=FALLBACK)
    shown = link_json(RequestFactory().get("/"), Link.get(link.code))
    assert shown["expires_at"] == link.expires.isoformat().replace("+00:00", "Z")


def test_a_limited_click_whose_answer_was_lost_counts_once(client, link, dynamodb_proxy):
    edit(link.code, click_limit=2)
    with dynamodb_proxy.answers_lost(1, "UpdateItem", table("link_clicks")):
        assert client.get(f"/{link.code}").status_code == 301
    assert link_clicks([Link.get(link.code)]) == {link.code: 1}
    assert client.get(f"/{link.code}").status_code == 301
    assert client.get(f"/{link.code}").status_code == 410


def test_a_limited_link_answers_503_rather_than_redirect_uncounted(client, link, dynamodb_proxy):
    edit(link.code, click_limit=5)
    with dynamodb_proxy.broken("throttle", "UpdateItem"):
        response = client.get(f"/{link.code}")
    assert response.status_code == 503
    assert link_clicks([Link.get(link.code)]) == {link.code: 0}


def test_an_unlimited_link_still_redirects_when_its_count_fails(client, link, dynamodb_proxy):
    with dynamodb_proxy.broken("throttle", "UpdateItem"):
        response = client.get(f"/{link.code}")
    assert response.status_code == 301
