"""A stage's settings: what the operator must fill in, and the defaults each stage runs with."""

import pytest

from deploy.changes import Refused
from deploy.commands import refuse_unfilled
from deploy.stage import load


def test_the_deploy_names_every_value_the_operator_must_fill_in():
    assert load("dev").unfilled() == [
        "aws_environment_variables.DJANGO_DEFAULT_FROM_EMAIL",
        "stack.alarm_email",
    ]
    with pytest.raises(Refused, match=r"stack\.alarm_email"):
        refuse_unfilled(load("production"))


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
