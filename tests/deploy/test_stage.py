"""A stage's settings: what the operator must fill in, and the defaults each stage runs with."""

import pytest

from deploy.changes import Refused
from deploy.commands import refuse_unfilled
from deploy.stage import Stage, load


def test_the_deploy_names_every_value_the_operator_must_fill_in():
    assert load("dev").unfilled() == [
        "aws_environment_variables.DJANGO_DEFAULT_FROM_EMAIL",
        "stack.alarm_email",
    ]
    assert load("production").unfilled() == [
        "aws_environment_variables.DJANGO_DEFAULT_FROM_EMAIL",
        "stack.alarm_email",
        "stack.domain_name",
        "stack.hosted_zone_id",
    ]
    with pytest.raises(Refused, match=r"stack\.alarm_email"):
        refuse_unfilled(load("production"))


def filled(stack: dict) -> Stage:
    dev = load("dev")
    environment = {**dev.environment, "DJANGO_DEFAULT_FROM_EMAIL": "Site <site@example.org>"}
    settings = {**dev.settings, "aws_environment_variables": environment}
    return Stage("dev", {**settings, "stack": {**dev.stack_settings, **stack}})


def test_a_domain_needs_the_hosted_zone_that_holds_it():
    with pytest.raises(Refused, match=r"both stack\.domain_name and stack\.hosted_zone_id"):
        refuse_unfilled(filled({"alarm_email": "ops@example.org", "domain_name": "example.org"}))


def test_the_function_answers_on_its_domain_and_the_apis_own_address():
    stage = filled({"domain_name": "www.example.org", "hosted_zone_id": "Z0EXAMPLE"})
    assert stage.allowed_hosts() == ".execute-api.eu-central-1.amazonaws.com,www.example.org"
    assert load("dev").allowed_hosts() == ".execute-api.eu-central-1.amazonaws.com"


def test_production_asks_before_changing_and_dev_does_not():
    assert load("production").confirm_changes is True
    assert load("dev").confirm_changes is False


def test_dev_saves_snapstarts_cost_and_production_keeps_it():
    assert load("dev").snap_start is False
    assert load("production").snap_start is True


def test_names_derive_from_the_project_and_stage():
    production = load("production")
    assert production.function_name == "serverless-django-production"
    assert production.stack_name == "serverless-django-stage-production"
    assert production.log_group == "/aws/lambda/serverless-django-production"
