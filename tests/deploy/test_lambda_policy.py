"""The Lambda role's policy allows exactly the site's own tables, and nothing wider."""

import json

import pytest

from apps.core.dynamodb import table_models
from deploy.lambda_policy import logical_table_names, policy


@pytest.fixture(scope="module")
def statements():
    document = policy("production", "123456789012", logical_table_names())
    return {statement["Sid"]: statement for statement in document["Statement"]}


def test_every_registered_table_and_only_those(statements):
    arns = statements["Tables"]["Resource"]
    tables = {arn.split("table/")[1] for arn in arns if "/index/" not in arn}
    assert tables == {"site-production-" + model.Meta.logical_name for model in table_models()}
    assert all(arn.startswith("arn:aws:dynamodb:eu-central-1:123456789012:table/") for arn in arns)


def test_no_wildcard_actions_and_no_scan_or_table_management(statements):
    actions = [
        a
        for s in statements.values()
        for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
    ]
    assert not any(action.endswith("*") for action in actions)
    assert "dynamodb:Scan" not in actions
    assert not {"dynamodb:CreateTable", "dynamodb:DeleteTable"} & set(actions)
    # Transactions need no action of their own: each item needs its Put, Update or Delete.
    assert set(statements["Tables"]["Action"]) == {
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",
        "dynamodb:Query",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:BatchWriteItem",
    }


def test_secrets_are_read_from_the_stages_path_only(statements):
    assert statements["Secrets"]["Resource"] == (
        "arn:aws:ssm:eu-central-1:123456789012:parameter/serverless-django/production"
    )


def test_email_may_only_be_sent_from_the_sites_address(statements):
    condition = statements["Email"]["Condition"]["StringEquals"]["ses:FromAddress"]
    assert "@" in condition
    assert "<" not in condition


def test_the_policy_is_valid_json_for_the_aws_cli():
    text = json.dumps(policy("dev", "123456789012", ["links"]))
    assert json.loads(text)["Version"] == "2012-10-17"
