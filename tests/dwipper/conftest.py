"""Picard signed in, Riker to follow, a way to post dwipps without the form, and the JSON API."""

import json

import pytest

from tests.support.accounts import PASSWORD, account_create


@pytest.fixture
def riker():
    return account_create("Riker", "will@enterprise.example")


@pytest.fixture
def riker_client(client_factory, riker):
    return client_factory("Riker")


@pytest.fixture
def client_factory():
    from django.test import Client

    def make(username: str, **kwargs) -> Client:
        made = Client(**kwargs)
        assert made.login(username=username, password=PASSWORD)
        return made

    return make


def post_as(username: str, text: str):
    from apps.accounts.selectors import username_key
    from apps.dwipper.services import dwipp_create

    return dwipp_create(author=username_key(username), author_name=username, text=text)


def api_call(client, method: str, path: str, body=None):
    """Call Dwipper's JSON API as dwipper.js does: a JSON body (the test client skips CSRF)."""
    data = "" if body is None else json.dumps(body)
    return client.generic(method, path, data, content_type="application/json")


def api_url(dwipp_id: str, action: str = "") -> str:
    return f"/api/dwipper/dwipps/{dwipp_id}/{action}"
