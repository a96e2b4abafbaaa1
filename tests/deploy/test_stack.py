"""The stage's stack is generated from the table registry: every table, protected, and the rest."""

import json

import pytest
from pynamodb.attributes import UnicodeAttribute
from pynamodb.models import Model

from apps.core.dynamodb.models import table_models
from deploy import alarms, stack, streams
from deploy.changes import TEMPLATE_BODY_LIMIT
from deploy.lambda_policy import policy
from deploy.stage import Stage, load

ACCOUNT = "123456789012"
API = stack.ZappaOutputs("a1b2c3d4e5", "arn:aws:lambda:eu-central-1:123456789012:function:f")


class Streamed(Model):
    """A model outside the registry whose table has a stream."""

    class Meta:
        table_name = "test-streamed"
        logical_name = "streamed"
        stream_view_type = "NEW_AND_OLD_IMAGES"

    key = UnicodeAttribute(hash_key=True)


@pytest.fixture(scope="module")
def dev():
    return load("dev")


@pytest.fixture(scope="module")
def tables(dev):
    document = stack.template(dev, table_models())
    return {
        r["Properties"]["TableName"]: r
        for r in document["Resources"].values()
        if r["Type"] == "AWS::DynamoDB::Table"
    }


def test_every_registered_model_has_its_table_and_no_other(tables):
    assert set(tables) == {"site-dev-" + model.Meta.logical_name for model in table_models()}


def test_every_table_keeps_its_data_whatever_the_stack_does(tables):
    for table in tables.values():
        assert table["DeletionPolicy"] == table["UpdateReplacePolicy"] == "Retain"
        properties = table["Properties"]
        assert properties["DeletionProtectionEnabled"] is True
        assert properties["PointInTimeRecoverySpecification"] == {
            "PointInTimeRecoveryEnabled": True
        }
        assert properties["BillingMode"] == "PAY_PER_REQUEST"


def test_keys_indexes_and_ttl_are_the_models(tables):
    for model in table_models():
        properties = tables["site-dev-" + model.Meta.logical_name]["Properties"]
        schema = model._get_schema()
        assert properties["KeySchema"][0]["KeyType"] == "HASH"
        assert {k["AttributeName"] for k in properties["KeySchema"]} == {
            k["AttributeName"] for k in schema["key_schema"]
        }
        indexes = [i["IndexName"] for i in properties.get("GlobalSecondaryIndexes", [])]
        assert indexes == [i["index_name"] for i in schema["global_secondary_indexes"]]
        used = {
            k["AttributeName"]
            for keys in [properties["KeySchema"]]
            + [i["KeySchema"] for i in properties.get("GlobalSecondaryIndexes", [])]
            + [i["KeySchema"] for i in properties.get("LocalSecondaryIndexes", [])]
            for k in keys
        }
        # CloudFormation refuses attribute definitions that no key uses.
        assert {a["AttributeName"] for a in properties["AttributeDefinitions"]} == used
        ttl = model._ttl_attribute()
        expected = {"AttributeName": ttl.attr_name, "Enabled": True} if ttl else None
        assert properties.get("TimeToLiveSpecification") == expected


def test_a_model_that_declares_a_stream_gets_it_and_others_none(dev, tables):
    streamed = stack.table_resource(dev, Streamed, "site-dev-streamed")["Properties"]
    assert streamed["StreamSpecification"] == {"StreamViewType": "NEW_AND_OLD_IMAGES"}
    declared = {
        "site-dev-" + m.Meta.logical_name
        for m in table_models()
        if getattr(m.Meta, "stream_view_type", None)
    }
    assert {n for n, t in tables.items() if "StreamSpecification" in t["Properties"]} == declared


def test_the_role_has_exactly_the_least_privilege_policy(dev):
    document = stack.template(dev, table_models())
    role = document["Resources"]["LambdaRole"]["Properties"]
    resolved = stack.worked_out(role["Policies"][0]["PolicyDocument"], ACCOUNT)
    names = [m.Meta.logical_name for m in table_models()]
    assert resolved == policy(dev, ACCOUNT, names, streams=streams.stream_tables())
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {
        "Service": "lambda.amazonaws.com"
    }


def test_the_log_group_keeps_the_stages_retention(dev):
    group = stack.template(dev, table_models())["Resources"]["FunctionLogGroup"]["Properties"]
    assert group == {"LogGroupName": "/aws/lambda/serverless-django-dev", "RetentionInDays": 14}
    production = load("production")
    assert (
        stack.log_resources(production)["FunctionLogGroup"]["Properties"]["RetentionInDays"] == 90
    )


def test_the_second_pass_adds_the_apis_alarm_and_the_functions_target(dev):
    first = stack.template(dev, table_models())
    second = stack.template(dev, table_models(), zappa=API)
    added = set(second["Resources"]) - set(first["Resources"])
    mappings = {
        streams.mapping_logical_id(f"Table{stack._camel(t)}") for t in streams.stream_tables()
    }
    assert added == {"AlarmApi5xxRate", "SweepsSchedule", "SweepsPermission", *mappings}
    dimensions = second["Resources"]["AlarmApi5xxRate"]["Properties"]["Dimensions"]
    assert {"Name": "ApiId", "Value": API.api_id} in dimensions
    assert second["Outputs"]["FunctionTarget"] == {"Value": API.target_arn}
    assert "FunctionTarget" not in first["Outputs"]


DOMAIN = {"domain_name": "www.example.org", "hosted_zone_id": "Z0EXAMPLE"}


def production_with(**domain) -> Stage:
    """Production with ``domain``'s settings, or with none."""
    production = load("production")
    kept = {k: v for k, v in production.stack_settings.items() if k not in DOMAIN}
    return Stage("production", {**production.settings, "stack": {**kept, **domain}})


def test_a_stage_with_its_own_domain_gets_a_certificate_the_apis_domain_and_dns():
    resources = stack.template(production_with(**DOMAIN), table_models())["Resources"]
    certificate = resources["DomainCertificate"]["Properties"]
    assert certificate["DomainName"] == "www.example.org"
    assert certificate["ValidationMethod"] == "DNS"
    assert certificate["DomainValidationOptions"] == [
        {"DomainName": "www.example.org", "HostedZoneId": "Z0EXAMPLE"}
    ]
    (configuration,) = resources["ApiDomain"]["Properties"]["DomainNameConfigurations"]
    assert configuration == {
        "EndpointType": "REGIONAL",
        "SecurityPolicy": "TLS_1_2",
        "CertificateArn": {"Ref": "DomainCertificate"},
    }
    records = {
        r["Properties"]["Type"]: r["Properties"]
        for k, r in resources.items()
        if k.startswith("DomainRecord")
    }
    assert set(records) == {"A", "AAAA"}
    assert all(
        r["HostedZoneId"] == "Z0EXAMPLE"
        and r["Name"] == "www.example.org"
        and r["AliasTarget"]["DNSName"] == {"Fn::GetAtt": ["ApiDomain", "RegionalDomainName"]}
        for r in records.values()
    )
    assert "ApiDomainMapping" not in resources  # no API yet


def test_the_second_pass_maps_the_domain_to_the_apis_stage():
    resources = stack.template(production_with(**DOMAIN), table_models(), zappa=API)["Resources"]
    assert resources["ApiDomainMapping"]["Properties"] == {
        "DomainName": {"Ref": "ApiDomain"},
        "ApiId": API.api_id,
        "Stage": "production",
    }


def test_a_stage_without_a_domain_has_none_of_it(dev):
    for stage in (dev, production_with()):
        resources = stack.template(stage, table_models(), zappa=API)["Resources"]
        assert not [k for k in resources if "Domain" in k and k != "StaticDistribution"]


def test_every_alarm_mails_the_operator(dev):
    document = stack.template(dev, table_models(), zappa=API)
    found = [r for r in document["Resources"].values() if r["Type"] == "AWS::CloudWatch::Alarm"]
    assert len(found) == len(alarms.ALARMS)
    assert all(r["Properties"]["AlarmActions"] == [{"Ref": "AlarmTopic"}] for r in found)
    assert document["Resources"]["AlarmEmail"]["Properties"]["Endpoint"] == dev.alarm_email


def test_the_template_fits_in_a_request(dev):
    for stage in (dev, production_with(**DOMAIN)):
        for zappa in (None, API):
            document = stack.template(stage, table_models(), zappa=zappa)
            # The tests' probe app (tests/settings.py) deploys nowhere: its tables and
            # mapping are left out (its names in the role's policy stay in, a margin).
            resources = document["Resources"]
            document["Resources"] = {k: v for k, v in resources.items() if "Probe" not in k}
            assert len(stack.to_json(document)) < TEMPLATE_BODY_LIMIT * 0.75


def test_every_handled_stream_is_mapped_to_the_alias_with_retries_and_a_failure_queue(dev):
    resources = stack.template(dev, table_models(), zappa=API)["Resources"]
    mappings = {k: r["Properties"] for k, r in resources.items() if r["Type"].endswith("Mapping")}
    assert sorted(mappings) == [  # probe: the tests'
        "StreamMappingLinkClicks",
        "StreamMappingProbeItems",
        "StreamMappingWork",
    ]
    for key, mapping in mappings.items():
        assert mapping["EventSourceArn"] == {
            "Fn::GetAtt": [key.replace("StreamMapping", "Table"), "StreamArn"]
        }
        assert mapping["FunctionName"] == API.target_arn
        assert mapping["StartingPosition"] == "TRIM_HORIZON"
        assert mapping["BisectBatchOnFunctionError"] is True
        assert mapping["MaximumRetryAttempts"] >= 1
        assert mapping["MaximumRecordAgeInSeconds"] == 21600
        assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
        assert mapping["DestinationConfig"] == {
            "OnFailure": {"Destination": {"Fn::GetAtt": ["StreamFailures", "Arn"]}}
        }
    assert (
        mappings["StreamMappingWork"]["BatchSize"],
        mappings["StreamMappingProbeItems"]["BatchSize"],
    ) == (10, 100)
    queue = resources["StreamFailures"]["Properties"]
    assert queue["MessageRetentionPeriod"] == 14 * 24 * 3600
    rule = resources["SweepsSchedule"]["Properties"]
    assert rule["ScheduleExpression"] == "rate(5 minutes)"
    [target] = rule["Targets"]
    assert target["Arn"] == API.target_arn
    assert json.loads(target["Input"]) == {"command": "apps.core.background.aws.sweeps_run"}
    permission = resources["SweepsPermission"]["Properties"]
    assert (permission["FunctionName"], permission["Principal"]) == (
        API.target_arn,
        "events.amazonaws.com",
    )
    assert permission["SourceArn"] == {"Fn::GetAtt": ["SweepsSchedule", "Arn"]}


def test_the_role_reads_the_handled_streams_and_sends_to_the_failure_queue(dev):
    document = policy(dev, ACCOUNT, ["work", "links"], streams=["work"])
    found = {s["Sid"]: s for s in document["Statement"]}
    assert found["Streams"]["Action"] == [
        "dynamodb:DescribeStream",
        "dynamodb:GetRecords",
        "dynamodb:GetShardIterator",
    ]
    assert found["Streams"]["Resource"] == [
        f"arn:aws:dynamodb:eu-central-1:{ACCOUNT}:table/site-dev-work/stream/*"
    ]
    assert found["StreamList"]["Action"] == "dynamodb:ListStreams"
    assert found["StreamFailures"] == {
        "Sid": "StreamFailures",
        "Effect": "Allow",
        "Action": "sqs:SendMessage",
        "Resource": f"arn:aws:sqs:eu-central-1:{ACCOUNT}:serverless-django-dev-stream-failures",
    }


def test_a_restore_drill_points_the_mappings_at_the_restored_tables_streams(dev):
    restored = "site-dev-r20261207100000-"
    resources = stack.template(dev, table_models(), restored, zappa=API)["Resources"]
    mapping = resources["StreamMappingWorkR20261207100000"]["Properties"]
    assert mapping["EventSourceArn"] == {"Fn::GetAtt": ["TableWorkR20261207100000", "StreamArn"]}
    assert resources["TableWorkR20261207100000"]["Properties"]["TableName"] == restored + "work"
    assert "StreamMappingWork" not in resources  # the old table's mapping goes with it


def test_tables_of_a_restore_are_told_apart_in_the_stack(dev):
    assert stack.table_logical_id(dev, "link_clicks", "site-dev-") == "TableLinkClicks"
    restored = stack.table_logical_id(dev, "link_clicks", "site-dev-r20261207100000-")
    assert restored == "TableLinkClicksR20261207100000"


def test_an_existing_table_is_described_as_it_is():
    description = {
        "TableName": "site-dev-r1-links",
        "KeySchema": [{"AttributeName": "code", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "code", "AttributeType": "S"}],
        "BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST"},
    }
    ttl = {"TimeToLiveDescription": {"TimeToLiveStatus": "DISABLED"}}
    backups = {
        "ContinuousBackupsDescription": {
            "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "DISABLED"}
        }
    }
    found = stack.found_table_resource(description, ttl, backups)
    assert found["DeletionPolicy"] == "Retain"
    assert found["Properties"] == {
        "TableName": "site-dev-r1-links",
        "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "code", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "code", "AttributeType": "S"}],
        "DeletionProtectionEnabled": False,
    }
