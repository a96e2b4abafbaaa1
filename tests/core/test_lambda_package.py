"""The package `make package` builds serves pages through Zappa's own Lambda handler."""

import json
import re
import zipfile
from urllib.parse import urlencode

import pytest
from django.conf import settings

from tests.support.lambda_package import (
    CDN,
    HOST,
    http_api_event,
    invoke,
    lambda_environment,
    package_build,
    package_unpack,
    rest_event,
)

DEV_TOOLS = (
    "pytest",
    "_pytest",
    "pytest_django",
    "ruff",
    "pip",
    "schemathesis",
    "hypothesis",
    "troposphere",
    "placebo",
    "tqdm",
)


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    return package_build(tmp_path_factory.mktemp("build"))


@pytest.fixture(scope="module")
def package_dir(package, tmp_path_factory):
    return package_unpack(package, tmp_path_factory.mktemp("task"))


@pytest.fixture
def environment(dynamodb):
    return lambda_environment(dynamodb.url, settings.DYNAMODB_TABLE_PREFIX)


def test_package_holds_no_test_lint_or_bench_tools(package):
    top_level = {name.split("/")[0] for name in zipfile.ZipFile(package).namelist()}
    assert not top_level & set(DEV_TOOLS)
    assert not top_level & {"tests", "bench", "deploy", ".venv", ".dynamodb", ".build"}
    assert {"handler.py", "django", "pynamodb", "apps", "site_project", "templates"} <= top_level


def test_package_carries_the_static_manifest(package):
    manifest = json.loads(zipfile.ZipFile(package).read("static_manifest/staticfiles.json"))
    assert "core/site.css" in manifest["paths"]


@pytest.mark.parametrize("make_event", [rest_event, http_api_event], ids=["rest-v1", "http-v2"])
def test_home_page_through_the_handler(package_dir, environment, make_event):
    [response] = invoke(package_dir, [make_event("/")], environment)
    assert response["statusCode"] == 200
    assert "Serverless Django" in response["body"]
    assert f'href="https://{CDN}/core/site.' in response["body"]


@pytest.mark.parametrize("make_event", [rest_event, http_api_event], ids=["rest-v1", "http-v2"])
def test_health_check_reads_dynamodb_through_the_handler(package_dir, environment, make_event):
    [response] = invoke(package_dir, [make_event("/healthz")], environment)
    assert response["statusCode"] == 200
    assert json.loads(response["body"]) == {"status": "ok", "dynamodb": "ok"}


def test_unknown_page_is_the_sites_404_through_the_handler(package_dir, environment):
    [response] = invoke(package_dir, [rest_event("/no-such-page")], environment)
    assert response["statusCode"] == 404
    assert "Page not found" in response["body"]
    assert "Back to the home page" in response["body"]


def test_links_carry_the_stage_on_the_execute_api_host(package_dir, environment):
    host = "abc123.execute-api.eu-central-1.amazonaws.com"
    [response] = invoke(package_dir, [rest_event("/", host=host)], environment)
    assert response["statusCode"] == 200
    assert 'href="/dev/"' in response["body"]


def test_health_check_is_503_when_dynamodb_is_unreachable(package_dir, environment):
    unreachable = {**environment, "DYNAMODB_ENDPOINT_URL": "http://127.0.0.1:9"}
    [response] = invoke(package_dir, [http_api_event("/healthz")], unreachable)
    assert response["statusCode"] == 503
    assert json.loads(response["body"])["status"] == "unavailable"


def _set_cookie(response: dict, name: str) -> str:
    """The Set-Cookie value for ``name`` in an HTTP API response.

    Zappa 0.63 lists every cookie twice, each with a leading space (its
    middleware re-adds Set-Cookie headers it already kept); browsers and API
    Gateway accept both.
    """
    return next(c.strip() for c in response["cookies"] if c.strip().startswith(f"{name}="))


def _cookie_value(set_cookie: str) -> str:
    return set_cookie.split(";", 1)[0].split("=", 1)[1]


def test_sign_in_through_the_handler_sets_a_secure_session_cookie(
    package_dir, environment, settings
):
    from django.conf import global_settings

    from tests.support.accounts import PASSWORD, account_create

    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # what the package verifies with
    account_create()
    [page] = invoke(package_dir, [http_api_event("/login/")], environment)
    csrf_cookie = _set_cookie(page, "csrftoken")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page["body"]).group(1)
    form = urlencode({"username": "picard", "password": PASSWORD, "csrfmiddlewaretoken": token})
    post = http_api_event("/login/", method="POST", body=form)
    post["cookies"] = [f"csrftoken={_cookie_value(csrf_cookie)}"]
    post["headers"].update(
        {"content-type": "application/x-www-form-urlencoded", "referer": f"https://{HOST}/login/"}
    )
    [response] = invoke(package_dir, [post], environment)
    assert response["statusCode"] == 302, response.get("body")
    session_cookie = _set_cookie(response, "sessionid")
    assert "Secure" in session_cookie
    assert "HttpOnly" in session_cookie
    assert "SameSite=Lax" in session_cookie

    profile = http_api_event("/account/")
    profile["cookies"] = [f"sessionid={_cookie_value(session_cookie)}"]
    [page] = invoke(package_dir, [profile], environment)
    assert page["statusCode"] == 200
    assert "jean-luc@enterprise.example" in page["body"]


@pytest.mark.parametrize("make_event", [rest_event, http_api_event], ids=["rest-v1", "http-v2"])
def test_short_link_redirects_through_the_handler_without_cookies(
    package_dir, environment, make_event
):
    from apps.shortener.services import link_create

    link = link_create(url="https://example.com/a/very/long/path")
    [response] = invoke(package_dir, [make_event(f"/{link.code}")], environment)
    assert response["statusCode"] == 301
    assert response["headers"]["Location"] == "https://example.com/a/very/long/path"
    assert not response.get("cookies")
    assert "Set-Cookie" not in response["headers"]
    assert "set-cookie" not in response["headers"]


def test_a_bill_pdf_is_made_inside_the_package(package_dir, environment):
    """fpdf2 runs in the package without Pillow and without fontTools' compiled parts."""
    import base64

    from apps.billing.services import bill_purchase

    bill = bill_purchase(email="buyer@example.com")
    [response] = invoke(package_dir, [rest_event(f"/billing/bills/{bill.token}/pdf")], environment)
    assert response["statusCode"] == 200
    assert response["headers"]["Content-Type"] == "application/pdf"
    assert response["isBase64Encoded"] is True
    assert base64.b64decode(response["body"]).startswith(b"%PDF-")
