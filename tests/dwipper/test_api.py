"""Dwipper's JSON API (/api/dwipper/), as dwipper.js calls it: signed in, with the CSRF token."""

import json

import pytest
from django.test import Client

from apps.core.http.jsonapi import NOT_JSON, SIGN_IN, UNKNOWN_FIELD
from apps.core.views import CSRF_FAILED
from apps.dwipper.models import Dwipp, Social
from apps.dwipper.selectors import dwipp_get
from apps.dwipper.text import EMPTY
from tests.dwipper.conftest import api_call, api_url, post_as
from tests.support.accounts import PASSWORD
from tests.support.dynamodb import item_count


def test_upvote_and_favourite_toggle_and_answer_the_state_and_count(signed_in, riker):
    dwipp = post_as("Riker", "Toggle me")
    upvote, favourite = api_url(dwipp.dwipp_id, "upvote"), api_url(dwipp.dwipp_id, "favourite")
    assert api_call(signed_in, "POST", upvote, {"on": True}).json() == {"on": True, "count": 1}
    assert api_call(signed_in, "POST", upvote, {"on": True}).json() == {"on": True, "count": 1}
    assert api_call(signed_in, "POST", upvote, {}).json() == {"on": False, "count": 0}
    assert api_call(signed_in, "POST", upvote, {"on": None}).json() == {"on": True, "count": 1}
    assert api_call(signed_in, "POST", favourite, {}).json() == {"on": True, "count": 1}
    assert dwipp_get(dwipp.dwipp_id).upvotes == 1
    assert dwipp_get(dwipp.dwipp_id).favourites == 1


def test_the_author_edits_in_place(signed_in):
    dwipp = post_as("Picard", "First draft")
    response = api_call(signed_in, "PATCH", api_url(dwipp.dwipp_id), {"text": " Second "})
    expected = {"text": "Second", "html": "Second", "edited": True}
    assert (response.status_code, response.json()) == (200, expected)
    assert dwipp_get(dwipp.dwipp_id).text == "Second"


@pytest.mark.parametrize("body", [{"text": "   "}, {"text": None}, {}])
def test_an_empty_edit_is_a_400_naming_the_field_and_changes_nothing(signed_in, body):
    dwipp = post_as("Picard", "Keep me")
    response = api_call(signed_in, "PATCH", api_url(dwipp.dwipp_id), body)
    assert response.status_code == 400
    assert response.json() == {"error": f"text: {EMPTY}", "errors": {"text": [EMPTY]}}
    assert dwipp_get(dwipp.dwipp_id).text == "Keep me"


def test_an_empty_body_is_a_400_and_changes_nothing(signed_in):
    dwipp = post_as("Picard", "Keep me")
    response = signed_in.patch(api_url(dwipp.dwipp_id), b"", content_type="application/json")
    assert (response.status_code, response.json()) == (400, {"error": NOT_JSON})
    assert dwipp_get(dwipp.dwipp_id).text == "Keep me"


def test_an_empty_post_to_the_edit_page_asking_for_json_is_a_400_not_a_500(signed_in):
    """It was a KeyError on the form's errors when the page also answered dwipper.js."""
    dwipp = post_as("Picard", "Keep me")
    url = f"/dwipper/d/{dwipp.dwipp_id}/edit"
    response = signed_in.post(url, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert EMPTY in response.content.decode()
    assert dwipp_get(dwipp.dwipp_id).text == "Keep me"


def test_the_author_deletes(signed_in):
    dwipp = post_as("Picard", "Regrettable")
    assert api_call(signed_in, "DELETE", api_url(dwipp.dwipp_id)).status_code == 204
    assert dwipp_get(dwipp.dwipp_id) is None
    [tombstone] = Dwipp.scan()
    assert (tombstone.deleted is not None, tombstone.text) == (True, None)


def test_anyone_elses_dwipp_is_404_to_edit_or_delete(signed_in, riker_client):
    dwipp = post_as("Picard", "Mine alone")
    for method, body in (("PATCH", {"text": "Hijacked"}), ("DELETE", None)):
        response = api_call(riker_client, method, api_url(dwipp.dwipp_id), body)
        assert response.status_code == 404
        assert response.json() == {"error": "No such dwipp of yours."}
    assert dwipp_get(dwipp.dwipp_id).text == "Mine alone"


def test_toggles_of_a_missing_dwipp_are_404_and_write_nothing(signed_in):
    for what in ("upvote", "favourite"):
        response = api_call(signed_in, "POST", api_url("0" * 20, what), {"on": True})
        assert (response.status_code, response.json()) == (404, {"error": "No such dwipp."})
    assert item_count(Social) == 0


def test_visitors_get_a_json_403(client, riker):
    dwipp = post_as("Riker", "Hands off")
    response = api_call(client, "POST", api_url(dwipp.dwipp_id, "upvote"), {"on": True})
    assert (response.status_code, response.json()) == (403, {"error": SIGN_IN})
    assert dwipp_get(dwipp.dwipp_id).upvotes == 0


def test_the_session_cookie_alone_is_not_enough_the_csrf_token_is_needed(picard, riker):
    dwipp = post_as("Riker", "Forged votes")
    browser = Client(enforce_csrf_checks=True)
    assert browser.login(username="picard", password=PASSWORD)
    url = api_url(dwipp.dwipp_id, "upvote")
    forged = browser.post(url, json.dumps({"on": True}), content_type="application/json")
    assert forged.status_code == 403
    assert forged.json() == {"error": CSRF_FAILED}
    assert dwipp_get(dwipp.dwipp_id).upvotes == 0
    token = str(browser.get("/dwipper/").context["csrf_token"])
    sent = browser.post(
        url, json.dumps({"on": True}), content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert sent.json() == {"on": True, "count": 1}


def test_unknown_fields_are_refused_naming_the_known_ones(signed_in, riker):
    dwipp = post_as("Riker", "Strict")
    response = api_call(signed_in, "POST", api_url(dwipp.dwipp_id, "upvote"), {"state": "on"})
    assert response.status_code == 400
    assert response.json() == {"error": UNKNOWN_FIELD.format(field="state", known="on")}


def test_other_methods_are_a_json_405(signed_in):
    dwipp = post_as("Picard", "Mine")
    response = signed_in.get(api_url(dwipp.dwipp_id))
    assert response.status_code == 405
    assert response["Allow"] == "PATCH, DELETE"
    assert response.json() == {"error": "This address does not take GET; it takes PATCH, DELETE."}
