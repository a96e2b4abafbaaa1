"""Creating links is rate limited per address, tighter for visitors than for members."""

import json

import pytest

from apps.shortener.models import Link
from tests.support.accounts import PASSWORD
from tests.support.dynamodb import item_count


@pytest.fixture(autouse=True)
def tight_limits(settings):
    settings.SHORTENER_RATE_ANONYMOUS = "2/h"
    settings.SHORTENER_RATE_SIGNED_IN = "4/h"


def create(client, n, ip="198.51.100.20"):
    body = json.dumps({"url": f"https://example.com/{n}"})
    return client.post("/shorten", body, content_type="application/json", REMOTE_ADDR=ip)


def test_visitors_get_429_with_retry_after_past_their_limit(client):
    responses = [create(client, n) for n in range(3)]
    assert [r.status_code for r in responses] == [201, 201, 429]
    limited = responses[-1]
    assert 0 < int(limited["Retry-After"]) <= 3600
    assert "Too many short links" in limited.json()["error"]


def test_members_get_a_higher_limit(client, picard):
    client.login(username="picard", password=PASSWORD)
    assert [create(client, n).status_code for n in range(5)] == [201] * 4 + [429]


def test_the_form_is_limited_too_and_says_when_to_retry_keeping_the_url(client):
    for n in range(2):
        client.post("/shorten/", {"url": f"https://example.com/{n}"}, REMOTE_ADDR="198.51.100.30")
    typed = "https://example.com/the/one/I/typed?keep=this&and=that"
    response = client.post(
        "/shorten/",
        {"url": typed, "alias": "mine-1", "expires_in_days": "7"},
        REMOTE_ADDR="198.51.100.30",
    )
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    content = response.content.decode()
    assert "Please wait" in content
    assert 'value="https://example.com/the/one/I/typed?keep=this&amp;and=that"' in content
    assert 'value="mine-1"' in content
    assert '<option value="7" selected>' in content
    assert item_count(Link) == 2


def test_only_links_made_count_against_the_limit(client):
    refused = [
        client.post(
            "/shorten",
            json.dumps({"url": "not a url"}),
            content_type="application/json",
            REMOTE_ADDR="198.51.100.50",
        ),
        client.post("/shorten/", {"url": "ftp://example.com/"}, REMOTE_ADDR="198.51.100.50"),
        client.post("/shorten/", {"url": ""}, REMOTE_ADDR="198.51.100.50"),
    ]
    assert [r.status_code for r in refused] == [400, 200, 200]
    taken = create(client, 0, ip="198.51.100.51").json()["code"]
    alias_taken = client.post(
        "/shorten",
        json.dumps({"url": "https://example.com/", "alias": taken}),
        content_type="application/json",
        REMOTE_ADDR="198.51.100.50",
    )
    assert alias_taken.status_code == 409
    made = [create(client, n, ip="198.51.100.50").status_code for n in range(3)]
    assert made == [201, 201, 429]
    assert item_count(Link) == 3


def test_redirects_are_not_limited(client):
    code = create(client, 0).json()["code"]
    assert all(client.get(f"/{code}").status_code == 301 for _ in range(20))
