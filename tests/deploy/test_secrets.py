"""Secrets: the site's own are made, the operator's are asked for by name, none is overwritten."""

import pytest

from deploy import stage_secrets
from deploy.stage_secrets import SECRETS, Secret, plan, refusal
from site_project.settings import secret_key_strong, signing_keys

STRIPE = Secret("STRIPE_SECRET_KEY", "Stripe's secret API key")


def nothing_supplied(secret):
    return None


OWN = {"DJANGO_SECRET_KEY", "BILLING_SIGNING_KEYS"}
STRIPES = ["STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET"]


def test_the_sites_own_secrets_are_made_on_the_first_deploy_only():
    first = plan(SECRETS, set(), lambda secret: "given")
    assert [s.name for s in first.made] == ["DJANGO_SECRET_KEY", "BILLING_SIGNING_KEYS"]
    again = plan(SECRETS, OWN | set(STRIPES), nothing_supplied)
    assert (again.made, again.missing, again.supplied) == ([], [], {})


def test_a_stage_without_stripes_three_keys_is_refused_and_none_is_made():
    refused = plan(SECRETS, OWN, nothing_supplied)
    assert [s.name for s in refused.missing] == STRIPES
    assert not any(s.name.startswith("STRIPE_") for s in refused.made)


def test_made_secrets_pass_the_sites_own_checks():
    own = [secret for secret in SECRETS if not secret.operator_supplied]
    made = {secret.name: secret.make() for secret in own}
    assert secret_key_strong(made["DJANGO_SECRET_KEY"])
    assert len(signing_keys(made["BILLING_SIGNING_KEYS"])) == 1
    assert made != {secret.name: secret.make() for secret in own}  # fresh every time


def test_an_operators_secret_comes_from_them_or_the_deploy_refuses():
    declared = [s for s in SECRETS if not s.operator_supplied] + [STRIPE]
    refused = plan(declared, OWN, nothing_supplied)
    assert refused.missing == [STRIPE]
    message = refusal("/serverless-django/dev", refused.missing)
    assert "STRIPE_SECRET_KEY: Stripe's secret API key" in message
    assert "/serverless-django/dev/" in message
    given = plan(declared, set(), lambda secret: "sk_test_123")
    assert (given.supplied, given.missing) == ({"STRIPE_SECRET_KEY": "sk_test_123"}, [])


def test_the_operators_value_is_read_from_the_environment_by_its_name(monkeypatch):
    monkeypatch.setenv("STRIPE_SECRET_KEY", "sk_test_456")
    assert stage_secrets.from_operator(STRIPE) == "sk_test_456"


def test_without_a_terminal_or_a_value_nothing_is_asked(monkeypatch):
    monkeypatch.delenv("STRIPE_SECRET_KEY", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert stage_secrets.from_operator(STRIPE) is None


@pytest.mark.parametrize("secret", SECRETS, ids=lambda s: s.name)
def test_every_declared_secret_is_one_the_site_reads(secret):
    from pathlib import Path

    import site_project.settings as settings_source

    assert secret.name in Path(settings_source.__file__).read_text()
