"""The package `make package` builds serves pages through Zappa's own Lambda handler."""

import json
import zipfile

import pytest
from django.conf import settings

from tests.support.lambda_package import (
    CDN,
    http_api_event,
    invoke,
    lambda_environment,
    package_build,
    package_unpack,
    rest_event,
)

DEV_TOOLS = ("pytest", "_pytest", "pytest_django", "ruff", "pip", "troposphere", "placebo", "tqdm")


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
