"""The generated ResourcesToImport are checked against the template before anything is sent."""

from deploy.imports import import_problems, import_template, resources_to_import
from deploy.stack import RETAIN

CURRENT = {"Resources": {"DeploymentBucket": {"Type": "AWS::S3::Bucket"}}}


def found(name: str) -> dict:
    return {
        "Type": "AWS::DynamoDB::Table",
        **RETAIN,
        "Properties": {"TableName": name, "KeySchema": [], "AttributeDefinitions": []},
    }


def test_existing_resources_join_the_current_template_unchanged():
    resources = {"TableLinksR1": found("site-dev-r1-links")}
    proposed = import_template(CURRENT, resources)
    to_import = resources_to_import(resources)
    assert to_import == [
        {
            "ResourceType": "AWS::DynamoDB::Table",
            "LogicalResourceId": "TableLinksR1",
            "ResourceIdentifier": {"TableName": "site-dev-r1-links"},
        }
    ]
    assert import_problems(proposed, to_import, CURRENT) == []
    assert proposed["Resources"]["DeploymentBucket"] == CURRENT["Resources"]["DeploymentBucket"]


def test_an_identifier_that_is_not_the_resources_own_name_is_refused():
    proposed = import_template(None, {"TableLinks": found("site-dev-links")})
    to_import = resources_to_import({"TableLinks": found("site-dev-other")})
    assert import_problems(proposed, to_import) == [
        "TableLinks: identifier {'TableName': 'site-dev-other'} is not its TableName"
    ]


def test_an_import_must_keep_its_data_and_be_in_the_template():
    unretained = {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "t"}}
    proposed = import_template(None, {"TableT": unretained})
    to_import = resources_to_import({"TableT": unretained, "TableU": found("u")})
    assert import_problems(proposed, to_import) == [
        "TableT: an imported resource needs DeletionPolicy Retain",
        "TableU: not in the template",
    ]


def test_nothing_new_may_ride_along_with_an_import():
    proposed = import_template(None, {"TableLinks": found("site-dev-links")})
    proposed["Resources"]["Extra"] = {"Type": "AWS::S3::Bucket"}
    to_import = resources_to_import({"TableLinks": found("site-dev-links")})
    assert import_problems(proposed, to_import) == ["Extra: new in the template but not imported"]
