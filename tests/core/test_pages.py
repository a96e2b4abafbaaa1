"""The pages every visitor sees: home, navigation, and the error pages."""

import pytest
from django.utils.html import escape


def test_home_page_names_the_site_and_lists_the_apps(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.templates[0].name == "core/home.html"
    assert b"Serverless Django" in response.content


def test_home_page_links_every_app_in_the_navigation(client):
    from apps.core.site import site_apps

    content = client.get("/").content.decode()
    for app in site_apps():
        assert f'href="{app["url"]}"' in content
    if not site_apps():
        assert "No apps are installed yet." in content


def test_every_page_describes_itself_to_search_engines(client, signed_in):
    from apps.core.site import SITE_DESCRIPTION, site_apps

    home = client.get("/").content.decode()
    assert f'<meta name="description" content="{escape(SITE_DESCRIPTION)}">' in home
    for app in site_apps():
        page = client.get(app["url"], follow=True).content.decode()
        assert f'<meta name="description" content="{escape(app["summary"])}">' in page


def test_home_page_makes_no_dynamodb_request(client, dynamodb_proxy):
    with dynamodb_proxy.broken("refuse"):
        assert client.get("/").status_code == 200


def test_unknown_address_is_the_sites_404_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Page not found" in content
    assert 'class="nav"' in content
    assert "Back to the home page" in content


def test_unknown_api_address_is_json_404(client):
    response = client.get("/api/no/such/thing")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "There is nothing at this address."}


@pytest.mark.urls("tests.core.urls")
@pytest.mark.parametrize(
    ("path", "status", "title"),
    [("/fail/bad", 400, "Bad request"), ("/fail/forbidden", 403, "Forbidden")],
)
def test_error_pages_look_like_the_site_and_offer_a_way_back(client, path, status, title):
    response = client.get(path)
    assert response.status_code == status
    content = response.content.decode()
    assert title in content
    assert 'class="nav"' in content
    assert 'href="/"' in content


def test_opening_a_forms_address_is_a_page_that_says_so(client, signed_in):
    """A POST-only address opened in the browser (a bookmark, a restored tab) was blank."""
    response = signed_in.get("/dwipper/notifications/settings")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "Content-Security-Policy" in response
    content = response.content.decode()
    assert "This address is not a page to open" in content
    assert "nothing was changed" in content
    assert 'class="nav"' in content
    assert "Back to the home page" in content


def test_an_api_405_keeps_its_json(client):
    response = client.delete("/api/todos/")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert "error" in response.json()


@pytest.mark.urls("tests.core.urls")
def test_a_bug_is_the_sites_500_page(client):
    client.raise_request_exception = False
    response = client.get("/fail/broken")
    assert response.status_code == 500
    content = response.content.decode()
    assert "Server error" in content
    assert "Back to the home page" in content


@pytest.mark.urls("tests.core.urls")
@pytest.mark.parametrize(
    ("path", "status"),
    [("/api/fail/bad", 400), ("/api/fail/forbidden", 403), ("/api/fail/broken", 500)],
)
def test_api_errors_are_json(client, path, status):
    client.raise_request_exception = False
    response = client.get(path)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert "error" in response.json()


@pytest.mark.urls("tests.core.urls")
def test_form_without_csrf_token_explains_itself(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/fail/form", {"anything": "1"})
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()


@pytest.mark.parametrize("path", ["/", "/login/", "/shorten/", "/no/such/page"])
def test_every_page_links_the_sites_icon(client, path):
    assert '<link rel="icon" href="/static/core/favicon.svg" type="image/svg+xml">' in (
        client.get(path).content.decode()
    )


def test_favicon_ico_leads_to_the_icon_without_touching_dynamodb(client, dynamodb_proxy):
    from django.contrib.staticfiles import finders

    with dynamodb_proxy.broken("refuse"):
        response = client.get("/favicon.ico")
        assert client.head("/favicon.ico").status_code == 302
    assert response.status_code == 302
    assert response["Location"] == "/static/core/favicon.svg"
    icon = finders.find("core/favicon.svg")
    assert icon is not None
    with open(icon) as svg:
        assert svg.read().startswith('<svg xmlns="http://www.w3.org/2000/svg"')
