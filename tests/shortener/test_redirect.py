"""The redirect is the hot path: one read for the link, no session, best-effort click count."""

import pytest
from django.conf import settings

from apps.shortener.models import ClickShard, Link
from apps.shortener.selectors import link_clicks
from apps.shortener.services import link_create
from tests.support.dynamodb import tables_create
from tests.support.dynamodb_calls import dynamodb_calls

LONG_URL = "https://example.com/a/very/long/path"


@pytest.fixture
def link():
    return link_create(url=LONG_URL)


def table(name):
    return settings.DYNAMODB_TABLE_PREFIX + name


def test_a_redirect_reads_the_link_once_and_writes_one_click(client, link):
    with dynamodb_calls() as calls:
        response = client.get(f"/{link.code}")
    assert response.status_code == 301
    assert calls == [("GetItem", table("links")), ("UpdateItem", table("link_clicks"))]


def test_a_redirect_never_touches_the_session_even_for_a_signed_in_visitor(signed_in, link):
    with dynamodb_calls() as calls:
        response = signed_in.get(f"/{link.code}")
    assert table("sessions") not in {t for _, t in calls}
    assert table("users") not in {t for _, t in calls}
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    signed_in.cookies[settings.TIME_ZONE_COOKIE] = "Europe/Berlin"  # a zone for the pages' times
    assert "Cookie" not in signed_in.get(f"/{link.code}").get("Vary", "")


def test_clicks_are_counted_across_shards(client, link):
    for _ in range(25):
        client.get(f"/{link.code}")
    assert link_clicks([link]) == {link.code: 25}
    shards = [s for s in ClickShard.scan() if s.counter.startswith(link.code + "@")]
    assert 1 < len(shards) <= settings.SHORTENER_CLICK_SHARDS


def test_a_failed_click_count_never_fails_the_redirect(client, link, caplog):
    ClickShard.delete_table(wait=True)
    try:
        response = client.get(f"/{link.code}")
    finally:
        tables_create()
    assert response.status_code == 301
    assert response["Location"] == LONG_URL
    assert "Click not counted" in caplog.text


def test_browsers_are_told_to_check_back_before_reusing_the_redirect(client, link):
    assert client.get(f"/{link.code}")["Cache-Control"] == "private, no-cache"


def test_redirect_answers_503_when_dynamodb_is_down(client, link, dynamodb_proxy):
    with dynamodb_proxy.broken("refuse"):
        response = client.get(f"/{link.code}")
    assert response.status_code == 503


@pytest.mark.parametrize("path", ["/ab", "/" + "a" * 33, "/abc.def", "/abc%00", "/%F0%9F%98%80abc"])
def test_paths_that_cannot_be_codes_are_404_without_a_dynamodb_read(client, path):
    with dynamodb_calls() as calls:
        response = client.get(path)
    assert response.status_code == 404
    assert table("links") not in {t for _, t in calls}


def test_post_to_a_short_link_is_405(client, link):
    assert client.post(f"/{link.code}").status_code == 405
    assert Link.get(link.code).url == LONG_URL


def test_head_answers_like_get_without_a_body_and_counts_no_click(client, link):
    with dynamodb_calls() as calls:
        response = client.head(f"/{link.code}")
    assert response.status_code == 301
    assert response["Location"] == LONG_URL
    assert response["Cache-Control"] == "private, no-cache"
    assert response.content == b""
    assert calls == [("GetItem", table("links"))]
    assert link_clicks([link])[link.code] == 0
    assert client.head("/Zz9Zz9Z").status_code == 404
    assert client.head(f"/{link.code}+").status_code == 200
