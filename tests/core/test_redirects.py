"""Every form that takes ``next`` follows it only to a path on this site (core/http/redirects.py).

Hostile values (URL names, schemes, fullwidth forms, other hosts, backslashes,
control characters) fall back to the form's default target: never a 500, never
another site, and the request does what it was sent to do.
"""

import pytest
from django.test import Client

from apps.core.http.redirects import local_path
from apps.dwipper.selectors import dwipp_of_author
from tests.dwipper.conftest import post_as
from tests.support.accounts import (
    PASSWORD,
    account_create,
    factor_enrol,
    next_code,
    sign_in,
    staff_create,
)

HOSTILE = [
    "x",
    "dwipper:feed",
    "javascript:alert(1)",
    "\uff4a\uff41\uff56\uff41\uff53\uff43\uff52\uff49\uff50\uff54:alert(1)",  # fullwidth
    "/\uff4a\uff41\uff56\uff41:x\u0000",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example\\",
    "https://evil.example/",
    "http:/evil.example",
    " //evil.example",
    "/ok\r\nSet-Cookie: stolen=1",
    "/a\tb",
    "\x01/home",
    "/\x7f",
    "/\u202eevil",
    "",
]


def test_only_paths_on_this_site_pass(rf):
    request = rf.get("/")
    assert local_path(request, "/todos/?show=active#top") == "/todos/?show=active#top"
    assert local_path(request, "/ｊａｖａ") == "/ｊａｖａ"  # noqa: RUF001 (a path on this site)
    for value in HOSTILE:
        assert local_path(request, value) is None, repr(value)


def assert_went_to(response, default: str, value: str) -> None:
    assert response.status_code == 302, (value, response.status_code)
    assert response["Location"] == default, value


@pytest.mark.parametrize("value", HOSTILE)
def test_sign_in_and_sign_out(value, picard):
    client = Client()
    page = client.get("/login/", {"next": value})
    assert page.status_code == 200
    assert 'name="next"' not in page.content.decode()
    response = client.post("/login/", {"username": "picard", "password": PASSWORD, "next": value})
    assert_went_to(response, "/", value)
    assert_went_to(client.post("/logout/", {"next": value}), "/", value)


@pytest.mark.parametrize("value", HOSTILE)
def test_sign_up(value):
    n = HOSTILE.index(value)
    form = {
        "username": f"user{n}",
        "email": f"user{n}@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "next": value,
    }
    response = Client().post(
        "/signup/", form, REMOTE_ADDR=f"10.0.{len(value)}.{ord(value[:1] or 'a') % 250}"
    )
    assert_went_to(response, "/", value)


@pytest.mark.parametrize("value", HOSTILE)
def test_the_second_factors_code_page(value, picard):
    secret = factor_enrol(picard)
    client = Client()
    client.post("/login/", {"username": "picard", "password": PASSWORD, "next": value})
    page = client.get("/login/code/", {"next": value})
    assert page.status_code == 200
    assert 'name="next"' not in page.content.decode()
    response = client.post("/login/code/", {"code": next_code(secret), "next": value})
    assert_went_to(response, "/", value)


@pytest.mark.parametrize("value", HOSTILE)
def test_the_admins_login(value):
    staff_create()
    client = Client()
    page = client.get("/admin/login/", {"next": value})
    assert page.status_code == 200
    form = {"username": "riker", "password": PASSWORD, "next": value}
    response = client.post("/admin/login/", form)
    assert_went_to(response, "/login/code/?next=%2Fadmin%2F", value)


@pytest.mark.parametrize("value", HOSTILE)
def test_the_admins_logout(value, riker):
    assert_went_to(riker.post("/admin/logout/", {"next": value}), "/", value)
    assert riker.get("/admin/")["Location"] == "/admin/login/?next=/admin/"  # signed out


@pytest.mark.parametrize("value", HOSTILE)
def test_dwippers_forms(value, signed_in):
    dwipp = post_as("picard", "Make it so")
    base = f"/dwipper/d/{dwipp.dwipp_id}/"
    for action in ("upvote", "favourite"):
        assert_went_to(signed_in.post(base + action, {"next": value}), "/dwipper/", value)
    edit = signed_in.get(base + "edit", {"next": value})
    assert edit.status_code == 200
    assert 'name="next" value=""' in edit.content.decode()
    response = signed_in.post(base + "edit", {"text": f"Engage {value!r}", "next": value})
    assert_went_to(response, "/dwipper/mine/", value)
    assert dwipp_of_author(author="picard", dwipp_id=dwipp.dwipp_id).text == f"Engage {value!r}"


def test_a_safe_next_is_followed_everywhere(picard):
    account_create("Kirk", "kirk@enterprise.example")
    client = Client()
    form = {"username": "kirk", "password": PASSWORD, "next": "/todos/?show=active"}
    assert client.post("/login/", form)["Location"] == "/todos/?show=active"
    dwipp = post_as("kirk", "Risk is our business")
    response = client.post(f"/dwipper/d/{dwipp.dwipp_id}/upvote", {"next": "/dwipper/u/kirk/"})
    assert response["Location"] == "/dwipper/u/kirk/"
    assert client.post("/logout/", {"next": "/shorten/"})["Location"] == "/shorten/"
    riker = Client()
    sign_in(riker, staff_create())
    assert riker.post("/admin/logout/", {"next": "/log/"})["Location"] == "/log/"
