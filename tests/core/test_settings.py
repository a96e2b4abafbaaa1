"""Settings: clean checks locally and under the production configuration, loud failures."""

import os
import subprocess
import sys

import pytest

from tests.support.dynamodb import PROJECT_DIR

pytestmark = pytest.mark.slow

PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "x" * 20 + "-production-test-key-" + "y" * 30,
    "DJANGO_ALLOWED_HOSTS": "site.example.test",
    "DJANGO_DEFAULT_FROM_EMAIL": "Site <noreply@example.test>",
    "BILLING_SIGNING_KEYS": "k1:" + "s" * 40,
    "STRIPE_SECRET_KEY": "sk_test_production",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_production",
    "STRIPE_WEBHOOK_SECRET": "whsec_production",
    "DYNAMODB_TABLE_PREFIX": "site-production-",
    "STATIC_BUCKET": "static-bucket",
    "STATIC_CDN_DOMAIN": "cdn.example.test",
    "AWS_REGION": "eu-central-1",
}


def manage(*args, env: dict) -> subprocess.CompletedProcess:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DYNAMODB_"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env={**environment, **env},
        capture_output=True,
        text=True,
    )


def test_check_is_clean_with_local_defaults():
    result = manage("check", env={})
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_is_clean_under_production_configuration():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_ENV=production" in result.stderr


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        (None, "BILLING_SIGNING_KEYS must be set"),
        ("k1:short", "secrets of at least 32 characters"),
        ("bad id:" + "s" * 40, "ids of up to 16 letters or digits"),
    ],
)
def test_production_refuses_to_start_without_good_signing_keys(keys, message):
    env = {k: v for k, v in PRODUCTION.items() if k != "BILLING_SIGNING_KEYS"}
    if keys is not None:
        env["BILLING_SIGNING_KEYS"] = keys
    result = manage("check", env=env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_refuses_to_start_with_debug_on():
    result = manage("check", env={**PRODUCTION, "DJANGO_DEBUG": "1"})
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_DEBUG must be 0 when DJANGO_ENV=production" in (
        result.stderr
    )


@pytest.mark.parametrize(
    "key",
    [
        "short-but-random-9f8e7d6c5b4a",  # under 50 characters
        "ab" * 40,  # too few different characters
        "django-insecure-" + "0123456789abcdefghijklmnopqrstuvwxyz!@#$%",  # startproject's prefix
    ],
)
def test_production_refuses_to_start_with_a_weak_secret_key(key):
    result = manage("check", env={**PRODUCTION, "DJANGO_SECRET_KEY": key})
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is weak" in result.stderr


@pytest.mark.parametrize(
    "name", ["STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET"]
)
def test_production_refuses_to_start_without_stripes_keys(name):
    result = manage("check", env={k: v for k, v in PRODUCTION.items() if k != name})
    assert result.returncode != 0
    assert f"{name} must be set" in result.stderr


def test_production_refuses_to_start_without_a_table_prefix():
    env = {k: v for k, v in PRODUCTION.items() if k != "DYNAMODB_TABLE_PREFIX"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DYNAMODB_TABLE_PREFIX must be set" in result.stderr


def test_there_is_no_relational_database():
    from django.core.exceptions import ImproperlyConfigured
    from django.db import connection

    with pytest.raises(ImproperlyConfigured, match="DATABASES is improperly configured"):
        connection.ensure_connection()


def test_production_cookies_are_secure_httponly_and_lax():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SESSION_COOKIE_SAMESITE)"
    )
    result = manage("shell", "--no-imports", "-c", code, env=PRODUCTION)
    assert result.stdout.split()[-4:] == ["True", "True", "True", "Lax"], result.stderr


def test_production_policy_allows_the_static_files_cdn():
    code = (
        "from django.conf import settings as s; "
        "print(' '.join(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['script-src']))"
    )
    result = manage("shell", "--no-imports", "-c", code, env=PRODUCTION)
    assert result.stdout.strip() == "'self' https://cdn.example.test", result.stderr


# What a visitor of a local run sees at an address that does not exist, and at a static file.
LOCAL_VISIT = """
from django.test import Client
missing = Client().get("/no/such/page/")
print(missing.status_code, "Using the URLconf" in missing.content.decode(),
      "Back to the home page" in missing.content.decode())
print(Client().get("/static/core/site.css").status_code)
"""


def test_a_local_run_shows_the_sites_own_404_and_its_static_files():
    result = manage("shell", "--no-imports", "-c", LOCAL_VISIT, env={})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["404 False True", "200"]


def test_djangos_debug_pages_are_one_switch_away():
    result = manage("shell", "--no-imports", "-c", LOCAL_VISIT, env={"DJANGO_DEBUG": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[0] == "404 True False"
