"""API keys: made on the account's pages with the password again, shown once, kept hashed,
scoped, revocable at once; one door for the shortener's API and the todos API."""

import json
import re

import pytest
from django.test import Client

from apps.accounts.api_keys import KEYS_MAX, TOO_MANY, api_key_create
from apps.accounts.forms import KEY_PASSWORD_WRONG
from apps.accounts.key_door import BAD_KEY, NO_KEY
from apps.accounts.records import UniqueClaim
from apps.shortener.models import Link
from apps.shortener.services import link_create
from tests.support.accounts import PASSWORD, account_create, sign_in
from tests.support.dynamodb import item_count
from tests.support.todos import token_for

LONG_URL = "https://example.com/a/very/long/path"


def make_key(client, name="backup script", scopes=("shortener",), password=PASSWORD):
    return client.post(
        "/account/keys/new/", {"name": name, "scopes": list(scopes), "password": password}
    )


def secret_of(response) -> str:
    return re.search(r'<code id="api-key">([^<]+)</code>', response.content.decode())[1]


def key_ids(client) -> list[str]:
    page = client.get("/account/keys/").content.decode()
    return re.findall(r"/account/keys/([0-9a-f]{12})/revoke/", page)


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def shorten(client, secret, url=LONG_URL):
    body = json.dumps({"url": url})
    return client.post("/api/links", body, content_type="application/json", **bearer(secret))


@pytest.fixture
def secret(signed_in):
    return secret_of(make_key(signed_in))


def test_a_key_is_made_with_the_password_again_and_shown_once(signed_in):
    wrong = make_key(signed_in, password="Make it so")
    assert KEY_PASSWORD_WRONG in wrong.content.decode()
    assert item_count(UniqueClaim) == 1  # Picard's email: no key
    made = make_key(signed_in)
    assert made["Cache-Control"] == "no-store"
    secret = secret_of(made)
    assert secret.startswith("key_")
    listing = signed_in.get("/account/keys/").content.decode()
    assert "backup script" in listing
    assert "Shorten links, list yours and read their statistics" in listing
    assert "never" in listing
    assert secret not in listing
    stored = json.dumps([claim.attribute_values for claim in UniqueClaim.scan()], default=str)
    assert secret not in stored


def test_a_key_needs_a_name_and_a_scope(signed_in):
    response = signed_in.post("/account/keys/new/", {"name": "", "password": PASSWORD})
    content = response.content.decode()
    assert "Choose at least one thing the key may do." in content
    assert "This field is required." in content
    assert item_count(UniqueClaim) == 1


def test_the_key_shortens_lists_and_reads_statistics_as_its_owner(client, secret):
    client.logout()
    made = shorten(client, secret)
    assert made.status_code == 201
    code = made.json()["code"]
    assert Link.get(code).owner == "picard"
    listed = client.get("/api/links", **bearer(secret)).json()
    assert [row["code"] for row in listed["links"]] == [code]
    assert listed["next"] is None
    stats = client.get(f"/api/links/{code}/stats?days=90", **bearer(secret)).json()
    assert (stats["clicks"], len(stats["days"])) == (0, 90)


def test_the_account_page_shows_when_a_key_was_last_used(signed_in, secret):
    signed_in.get("/api/links", **bearer(secret))
    assert "never" not in signed_in.get("/account/keys/").content.decode()


def test_a_key_is_refused_where_its_scope_does_not_reach(client, signed_in):
    todos_only = secret_of(make_key(signed_in, name="phone", scopes=("todos",)))
    response = client.get("/api/links", **bearer(todos_only))
    assert response.status_code == 403
    assert "may not be used for shortener" in response.json()["error"]
    assert client.get("/api/todos/lists/", **bearer(todos_only)).status_code == 200
    shortener_only = secret_of(make_key(signed_in, name="script"))
    assert client.get("/api/todos/lists/", **bearer(shortener_only)).status_code == 403


def test_device_tokens_keep_working_through_the_same_door(client, picard):
    token = token_for(client)["token"]
    assert client.get("/api/todos/lists/", **bearer(token)).status_code == 200


@pytest.mark.parametrize("header", [None, "Bearer", "Basic abc", "Bearer key_nope", "Bearer x"])
def test_missing_or_bad_keys_are_401(client, header):
    headers = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get("/api/links", **headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["error"] in (NO_KEY, BAD_KEY)


def test_a_revoked_key_stops_at_once(client, signed_in, secret):
    [key_id] = key_ids(signed_in)
    done = signed_in.post(f"/account/keys/{key_id}/revoke/", follow=True)
    assert "The API key is revoked" in done.content.decode()
    assert "You have no API keys." in done.content.decode()
    assert client.get("/api/links", **bearer(secret)).status_code == 401


def test_another_users_key_cannot_be_revoked(client, signed_in, secret):
    [key_id] = key_ids(signed_in)
    data = Client()
    sign_in(data, account_create("Data", "data@enterprise.example"))
    response = data.post(f"/account/keys/{key_id}/revoke/", follow=True)
    assert "That API key was revoked already." in response.content.decode()
    assert client.get("/api/links", **bearer(secret)).status_code == 200


def test_an_account_holds_at_most_10_keys(signed_in):
    for n in range(KEYS_MAX):
        api_key_create(user="picard", name=f"key {n}", scopes={"shortener"})
    response = make_key(signed_in)
    assert TOO_MANY in response.content.decode()
    assert item_count(UniqueClaim) == 1 + KEYS_MAX


def test_deleting_the_account_revokes_its_keys(client, signed_in, secret):
    assert signed_in.post("/account/delete/", {"password": PASSWORD}).status_code == 302
    assert client.get("/api/links", **bearer(secret)).status_code == 401


def test_another_users_link_or_a_forged_code_is_404_and_a_bad_period_400(client, secret):
    theirs = link_create(url=LONG_URL, owner="data")
    for code in (theirs.code, "nosuchcode"):
        assert client.get(f"/api/links/{code}/stats", **bearer(secret)).status_code == 404
    mine = shorten(client, secret).json()["code"]
    response = client.get(f"/api/links/{mine}/stats?days=7", **bearer(secret))
    assert response.status_code == 400
    assert "30 or 90 days" in response.json()["error"]
    assert client.get("/api/links?cursor=forged", **bearer(secret)).status_code == 400


def test_keys_share_the_owners_creation_limit(client, signed_in, settings):
    settings.SHORTENER_RATE_SIGNED_IN = "2/h"
    first, second = secret_of(make_key(signed_in, "one")), secret_of(make_key(signed_in, "two"))
    assert shorten(client, first).status_code == 201
    assert shorten(client, second).status_code == 201
    assert shorten(client, first).status_code == 429
