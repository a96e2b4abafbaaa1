"""Every form is protected by CSRF."""

import re

import pytest
from django.test import Client

from tests.support.accounts import PASSWORD


@pytest.fixture
def strict():
    return Client(enforce_csrf_checks=True)


@pytest.mark.parametrize(
    "path", ["/login/", "/signup/", "/logout/", "/account/password/reset/", "/admin/login/"]
)
def test_posts_without_a_csrf_token_are_refused(strict, path):
    response = strict.post(
        path, {"username": "picard", "password": PASSWORD, "email": "a@b.example"}
    )
    assert response.status_code == 403


def test_sign_in_with_the_pages_csrf_token_works(strict, picard):
    page = strict.get("/login/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = strict.post(
        "/login/", {"username": "picard", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
