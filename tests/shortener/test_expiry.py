"""Links expire after 90 days by default, or when their owner chose; expired means gone."""

from datetime import UTC, datetime, timedelta

import pytest

from apps.shortener.models import Link
from apps.shortener.services import link_create


def expire(link):
    link.update(actions=[Link.expires.set(datetime.now(UTC) - timedelta(seconds=1))])


@pytest.mark.usefixtures("ttl_deletion_paused")
def test_an_expired_link_is_404_before_dynamodb_deletes_it(client):
    link = link_create(url="https://example.com/old")
    expire(link)
    assert Link.get(link.code)  # still stored: TTL deletion comes later
    assert client.get(f"/{link.code}").status_code == 404
    assert client.get(f"/{link.code}+").status_code == 404


def test_the_expiry_is_a_ttl_attribute_at_the_chosen_time():
    link = link_create(url="https://example.com/", expires_in_days=7)
    stored = Link.get(link.code)
    assert abs(stored.expires - (datetime.now(UTC) + timedelta(days=7))) < timedelta(minutes=1)
    assert Link._ttl_attribute().attr_name == "expires"


def test_an_expired_alias_can_be_taken_again_and_starts_from_zero_clicks(client):
    import json

    from apps.shortener.selectors import link_clicks, link_get

    link = link_create(url="https://example.com/old", alias="event")
    client.get("/event")
    expire(link)
    response = client.post(
        "/shorten",
        json.dumps({"url": "https://new.example/", "alias": "event"}),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert client.get("/event")["Location"] == "https://new.example/"
    assert link_clicks([link_get(code="event")]) == {"event": 1}


def test_a_live_alias_is_never_taken_over(client):
    link_create(url="https://example.com/live", alias="event")
    response = client.post(
        "/shorten",
        '{"url": "https://new.example/", "alias": "event"}',
        content_type="application/json",
    )
    assert response.status_code == 409
    assert client.get("/event")["Location"] == "https://example.com/live"
