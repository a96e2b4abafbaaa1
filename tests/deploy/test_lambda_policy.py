"""The Lambda role's policy allows exactly the site's own tables, and nothing wider."""

import json

import pytest

from apps.core.dynamodb.models import table_models
from deploy.lambda_policy import actions_mismatch, logical_table_names, policy
from deploy.stage import load
from tests.support.aws_calls import iam_actions

SIGN_UP = {
    "username": "Kirk",
    "email": "jim@enterprise.example",
    "password1": "Risk is our business 1701",
    "password2": "Risk is our business 1701",
}


@pytest.fixture(scope="module")
def statements():
    document = policy(load("production"), "123456789012", logical_table_names())
    return {statement["Sid"]: statement for statement in document["Statement"]}


def test_every_registered_table_and_only_those(statements):
    arns = statements["Tables"]["Resource"]
    tables = {arn.split("table/")[1] for arn in arns if "/index/" not in arn}
    assert tables == {"site-production-" + model.Meta.logical_name for model in table_models()}
    assert all(arn.startswith("arn:aws:dynamodb:eu-central-1:123456789012:table/") for arn in arns)


def test_no_wildcard_actions_and_no_table_management(statements):
    actions = [
        a
        for s in statements.values()
        for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
    ]
    assert not any(action.endswith("*") for action in actions)
    assert "dynamodb:Scan" in actions  # the admin's changelists only, a page at a time
    assert not {"dynamodb:CreateTable", "dynamodb:DeleteTable"} & set(actions)


def test_secrets_are_read_from_the_stages_path_only(statements):
    assert statements["Secrets"]["Resource"] == (
        "arn:aws:ssm:eu-central-1:123456789012:parameter/serverless-django/production"
    )


def test_logs_go_to_the_functions_own_group_which_the_stack_creates(statements):
    logs = statements["Logs"]
    assert logs["Action"] == ["logs:CreateLogStream", "logs:PutLogEvents"]
    assert logs["Resource"].endswith(":log-group:/aws/lambda/serverless-django-production:*")


def test_a_restored_stage_names_its_restored_tables():
    document = policy(load("dev"), "123456789012", ["links"], "site-dev-r20261207100000-")
    tables = next(s for s in document["Statement"] if s["Sid"] == "Tables")["Resource"]
    assert tables[0].endswith(":table/site-dev-r20261207100000-links")


def test_email_may_only_be_sent_from_the_sites_address(statements):
    condition = statements["Email"]["Condition"]["StringEquals"]["ses:FromAddress"]
    assert "@" in condition
    assert "<" not in condition


def test_the_policy_is_valid_json_for_the_aws_cli():
    text = json.dumps(policy(load("dev"), "123456789012", ["links"]))
    assert json.loads(text)["Version"] == "2012-10-17"


def test_a_transaction_needs_the_action_of_each_of_its_items():
    items = [{"Put": {}}, {"ConditionCheck": {}}, {"Update": {}}]
    assert iam_actions("TransactWriteItems", {"TransactItems": items}) == {
        "dynamodb:PutItem",
        "dynamodb:ConditionCheckItem",
        "dynamodb:UpdateItem",
    }
    assert iam_actions("TransactGetItems", {"TransactItems": [{"Get": {}}]}) == {"dynamodb:GetItem"}


def test_a_request_is_recorded_with_the_action_of_each_item_of_its_transactions(client, request):
    from tests.conftest import recorder_key
    from tests.support.aws_calls import ActionRecorder

    # A recorder of this test's own; the run's recorder keeps recording beside it.
    recorder = ActionRecorder(unique_id="test-recorder")
    recorder.install()
    try:
        # A sign-up is one transaction: the user, the email claim, and a check
        # that the name was never retired (no single ConditionCheckItem call exists).
        client.post("/signup/", SIGN_UP)
    finally:
        recorder.uninstall()
    assert {"dynamodb:PutItem", "dynamodb:ConditionCheckItem"} <= recorder.actions
    assert "dynamodb:ConditionCheckItem" in request.config.stash[recorder_key].actions


def test_the_check_names_an_action_missing_from_the_policy_and_one_never_used():
    from deploy.lambda_policy import DYNAMODB_ACTIONS, STREAM_ACTIONS

    everything = set(DYNAMODB_ACTIONS) | set(STREAM_ACTIONS)
    used = everything - {"dynamodb:Query", "dynamodb:GetRecords"} | {"dynamodb:DescribeTable"}
    assert actions_mismatch(used) == [
        "missing from the policy: dynamodb:DescribeTable",
        "granted but never used by a request or handler: dynamodb:Query",
        "granted but never used by the stream reader: dynamodb:GetRecords",
    ]
    assert actions_mismatch(everything) == []
