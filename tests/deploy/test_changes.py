"""A change that would replace a table (and so lose its items) is refused before it is sent."""

import copy

import pytest

from apps.core.dynamodb.models import table_models
from deploy.changes import replaced_by_change_set, replacement_refusals
from deploy.stack import template
from deploy.stage import load


@pytest.fixture(scope="module")
def current():
    return template(load("dev"), table_models())


def changed(document: dict, logical_id: str, change) -> dict:
    new = copy.deepcopy(document)
    change(new["Resources"][logical_id]["Properties"])
    return new


def test_the_same_template_replaces_nothing(current):
    assert replacement_refusals(current, copy.deepcopy(current)) == []
    assert replacement_refusals(None, current) == []


@pytest.mark.parametrize(
    ("change", "what"),
    [
        (lambda p: p.update(TableName="site-dev-links2"), "TableName would change"),
        (
            lambda p: p["KeySchema"].append({"AttributeName": "created", "KeyType": "RANGE"}),
            "KeySchema would change",
        ),
        (
            lambda p: p.update(
                AttributeDefinitions=[
                    {**a, "AttributeType": "N"} if a["AttributeName"] == "code" else a
                    for a in p["AttributeDefinitions"]
                ]
            ),
            "a key attribute's type would change",
        ),
    ],
)
def test_a_change_that_only_a_new_table_can_make_is_refused(current, change, what):
    refusals = replacement_refusals(current, changed(current, "TableLinks", change))
    assert f"TableLinks (site-dev-links): {what}" in refusals


def test_a_new_local_index_is_refused(current):
    def add_index(properties):
        properties["LocalSecondaryIndexes"] = [
            {
                "IndexName": "by_other",
                "KeySchema": [{"AttributeName": "PK", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
            }
        ]

    new = changed(current, "TableTodos", add_index)
    assert replacement_refusals(current, new) == [
        "TableTodos (site-dev-todos): LocalSecondaryIndexes would change"
    ]


def test_what_a_table_can_change_in_place_is_allowed(current):
    def in_place(properties):
        properties["StreamSpecification"] = {"StreamViewType": "NEW_AND_OLD_IMAGES"}
        properties["TimeToLiveSpecification"] = {"AttributeName": "gone", "Enabled": True}
        properties["GlobalSecondaryIndexes"] = []

    assert replacement_refusals(current, changed(current, "TableLinks", in_place)) == []


def test_a_table_that_leaves_the_stack_is_not_a_replacement(current):
    new = copy.deepcopy(current)
    del new["Resources"]["TableLinks"]  # Retain: the table stays, outside the stack
    assert replacement_refusals(current, new) == []


def test_cloudformations_own_word_on_replacement_is_heeded():
    changes = [
        {
            "Type": "Resource",
            "ResourceChange": {
                "Action": "Modify",
                "LogicalResourceId": "TableLinks",
                "ResourceType": "AWS::DynamoDB::Table",
                "Replacement": "Conditional",
            },
        },
        {
            "Type": "Resource",
            "ResourceChange": {
                "Action": "Modify",
                "LogicalResourceId": "StaticDistribution",
                "ResourceType": "AWS::CloudFront::Distribution",
                "Replacement": "True",
            },
        },
    ]
    assert replaced_by_change_set(changes) == ["TableLinks: CloudFormation would replace it"]
