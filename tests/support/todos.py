"""Calling the todos JSON API as a device does."""

import json

from tests.support.accounts import PASSWORD


def call(client, method, path, body=None, token=None, **headers):
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    data = body if isinstance(body, str | bytes) else json.dumps(body) if body is not None else ""
    return getattr(client, method.lower())(
        path, data=data, content_type="application/json", **headers
    )


def token_for(client, username="picard", device="Phone"):
    body = {"username": username, "password": PASSWORD, "device": device}
    response = call(client, "POST", "/api/todos/token/", body)
    assert response.status_code == 201, response.content
    return response.json()


def add(client, token, list_id, title="Engage", **fields):
    response = call(
        client, "POST", "/api/todos/", {"list": list_id, "title": title, **fields}, token
    )
    assert response.status_code == 201, response.content
    return response
