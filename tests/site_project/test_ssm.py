"""Secrets come from SSM Parameter Store on AWS (site_project/ssm.py).

SSM has no local server, so botocore's Stubber plays its part: it checks the
request the loader sends and returns pages of parameters.
"""

import os

import boto3
import pytest
from botocore.stub import Stubber

from site_project.ssm import load_parameters_into_environ

PATH = "/serverless-django/production/"


def parameter(name, value):
    return {"Name": PATH + name, "Value": value, "Type": "SecureString"}


@pytest.fixture
def ssm():
    client = boto3.client(
        "ssm", region_name="eu-central-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    with Stubber(client) as stubber:
        yield client, stubber


def expect_page(stubber, parameters, next_token=None, token=None):
    request = {"Path": PATH, "WithDecryption": True, "Recursive": False}
    if token:
        request["NextToken"] = token
    response = {"Parameters": parameters, **({"NextToken": next_token} if next_token else {})}
    stubber.add_response("get_parameters_by_path", response, request)


def test_every_parameter_becomes_an_environment_variable_across_pages(ssm, monkeypatch):
    client, stubber = ssm
    monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)
    monkeypatch.delenv("BILLING_SIGNING_KEYS", raising=False)
    expect_page(stubber, [parameter("DJANGO_SECRET_KEY", "from-ssm")], next_token="page-2")
    expect_page(stubber, [parameter("BILLING_SIGNING_KEYS", "k1:" + "s" * 40)], token="page-2")
    load_parameters_into_environ(PATH, "eu-central-1", client=client)
    stubber.assert_no_pending_responses()
    assert os.environ["DJANGO_SECRET_KEY"] == "from-ssm"
    assert os.environ["BILLING_SIGNING_KEYS"] == "k1:" + "s" * 40


def test_a_variable_already_set_wins(ssm, monkeypatch):
    client, stubber = ssm
    monkeypatch.setenv("DJANGO_SECRET_KEY", "set-by-the-operator")
    expect_page(stubber, [parameter("DJANGO_SECRET_KEY", "from-ssm")])
    load_parameters_into_environ(PATH, "eu-central-1", client=client)
    assert os.environ["DJANGO_SECRET_KEY"] == "set-by-the-operator"
