"""The stage's secrets in SSM Parameter Store: made by the deploy, or asked of the operator.

Every secret the site reads is declared in ``SECRETS``: its name (the
environment variable the function gets, site_project/ssm.py), and either a
maker — the site's own keys, which nobody needs to know (Django's secret key,
the bill signing keys) — or nothing, when only the operator can supply it (a
payment provider's API key).

On every deploy, a missing secret is created under the stage's
``SSM_PARAMETER_PATH`` as a SecureString: a made one from its maker, an
operator's one from the environment variable of its name or, when the deploy
runs at a terminal, from a prompt that does not echo. Without a value the
deploy stops before changing anything and names what it needs. An existing
secret is never read back, overwritten or printed; rotating one is
`aws ssm put-parameter --overwrite` and `make update` (README).
"""

from __future__ import annotations

import getpass
import os
import secrets
import sys
from collections.abc import Callable
from dataclasses import dataclass


def _django_secret_key() -> str:
    # 50 characters or more, many of them different: Django's check security.W009.
    return secrets.token_urlsafe(60)


def _billing_signing_keys() -> str:
    # settings.signing_keys: "id:secret", the first key signs.
    return "k1:" + secrets.token_urlsafe(48)


@dataclass(frozen=True)
class Secret:
    name: str
    description: str
    make: Callable[[], str] | None = None  # None: the operator supplies it

    @property
    def operator_supplied(self) -> bool:
        return self.make is None


SECRETS = [
    Secret(
        "DJANGO_SECRET_KEY", "Django's secret key (sessions, signed cookies)", _django_secret_key
    ),
    Secret("BILLING_SIGNING_KEYS", "the keys that sign bills", _billing_signing_keys),
    # Stripe's, from its dashboard (README: Taking real payments): never made here.
    Secret("STRIPE_SECRET_KEY", "Stripe's secret API key (sk_live_... or sk_test_...)"),
    Secret("STRIPE_PUBLISHABLE_KEY", "Stripe's publishable key (pk_live_... or pk_test_...)"),
    Secret(
        "STRIPE_WEBHOOK_SECRET", "the signing secret of the stage's webhook endpoint (whsec_...)"
    ),
]


class MissingSecrets(SystemExit):
    pass


@dataclass
class Plan:
    """What a deploy does about secrets: which to make, which it has from the operator."""

    made: list[Secret]
    supplied: dict[str, str]  # name -> value, from the environment or a prompt
    missing: list[Secret]  # operator-supplied, no value anywhere: the deploy refuses


def plan(
    declared: list[Secret],
    existing: set[str],
    supplied_value: Callable[[Secret], str | None],
) -> Plan:
    absent = [secret for secret in declared if secret.name not in existing]
    made = [secret for secret in absent if not secret.operator_supplied]
    supplied, missing = {}, []
    for secret in absent:
        if secret.operator_supplied:
            value = supplied_value(secret)
            if value:
                supplied[secret.name] = value
            else:
                missing.append(secret)
    return Plan(made, supplied, missing)


def from_operator(secret: Secret) -> str | None:
    """The operator's value: an environment variable of the secret's name, else a prompt."""
    value = os.environ.get(secret.name)
    if value:
        return value
    if sys.stdin.isatty():
        return getpass.getpass(f"{secret.name} ({secret.description}), not echoed: ").strip()
    return None


def refusal(stage_path: str, missing: list[Secret]) -> str:
    lines = [f"The stage needs secrets that only you can supply, under {stage_path}/:"]
    for secret in missing:
        lines.append(f"  {secret.name}: {secret.description}")
    lines.append(
        "Put each one with `aws ssm put-parameter --type SecureString --name "
        f"{stage_path}/<NAME> --value …`, or set <NAME> in the environment of `make deploy`."
    )
    return "\n".join(lines)


def existing_names(ssm, stage_path: str) -> set[str]:
    pages = ssm.get_paginator("get_parameters_by_path").paginate(
        Path=stage_path + "/", Recursive=False, WithDecryption=False
    )
    return {p["Name"].rsplit("/", 1)[-1] for page in pages for p in page["Parameters"]}


def ensure(ssm, stage_path: str, declared: list[Secret] = SECRETS, supplied_value=from_operator):
    """Refuse if an operator's secret is missing; else create every missing one. Names only out."""
    decided = plan(declared, existing_names(ssm, stage_path), supplied_value)
    if decided.missing:
        raise MissingSecrets(refusal(stage_path, decided.missing))
    values = {secret.name: secret.make() for secret in decided.made} | decided.supplied
    for name, value in values.items():
        ssm.put_parameter(
            Name=f"{stage_path}/{name}",
            Value=value,
            Type="SecureString",
            Description=next(s.description for s in declared if s.name == name),
            Overwrite=False,
        )
    return sorted(values)
