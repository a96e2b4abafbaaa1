"""Messages travel in a signed cookie (apps/core/http/messages.py): shown once, never forged."""

from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import RequestFactory

from apps.core.http.messages import SiteCookieStorage


def stored(storage_class, *texts) -> str:
    """The messages cookie a response carries after ``texts`` were added."""
    storage, response = storage_class(RequestFactory().get("/")), HttpResponse()
    for text in texts:
        storage.add(messages.SUCCESS, text)
    storage.update(response)
    return response.cookies["messages"].value


def read(storage_class, cookie: str) -> list[str]:
    request = RequestFactory().get("/")
    request.COOKIES["messages"] = cookie
    return [str(message) for message in storage_class(request)]


def test_a_message_reads_back_as_djangos_own_storage_reads_it():
    cookie = stored(SiteCookieStorage, "Saved.", "Link made: é")
    assert (
        read(SiteCookieStorage, cookie) == read(CookieStorage, cookie) == ["Saved.", "Link made: é"]
    )
    assert read(SiteCookieStorage, stored(CookieStorage, "Saved.")) == ["Saved."]


def test_a_forged_message_cookie_shows_nothing():
    cookie = stored(SiteCookieStorage, "Saved.")
    forged = cookie[:-1] + ("A" if cookie[-1] != "A" else "B")  # another signature
    assert read(SiteCookieStorage, forged) == []


def test_a_page_that_shows_no_message_sets_no_cookie(client):
    assert "messages" not in client.get("/").cookies
