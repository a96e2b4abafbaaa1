"""The alarms watch what the site does, and the README says what each means."""

from pathlib import Path

import botocore.exceptions
import pytest

from apps.core.dynamodb.failures import unavailable_reason
from deploy import alarms
from deploy.stage import load

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_lists_every_alarm_as_declared():
    assert alarms.readme_table() in README.read_text()


def test_the_apis_alarm_waits_for_the_api():
    assert "api-5xx-rate" not in [a.key for a in alarms.stage_alarms(None)]
    assert [a.key for a in alarms.stage_alarms("abc")] == [a.key for a in alarms.ALARMS]


def test_duration_alarm_is_set_near_the_timeout():
    dev = load("dev")
    duration = next(a for a in alarms.ALARMS if a.key == "lambda-duration-p99")
    metric = alarms.metric(dev, duration, None)
    assert metric["ExtendedStatistic"] == "p99"
    assert metric["Threshold"] == dev.timeout_seconds * 1000 * 0.8


@pytest.mark.parametrize(
    ("code", "metric"),
    [
        ("ThrottlingException", "DynamoDBThrottled"),
        ("ProvisionedThroughputExceededException", "DynamoDBThrottled"),
        ("InternalServerError", "DynamoDBSystemErrors"),
    ],
)
def test_the_metric_filters_match_the_line_the_site_logs(code, metric):
    error = botocore.exceptions.ClientError({"Error": {"Code": code, "Message": "m"}}, "PutItem")
    # apps/core/http/unavailable.py logs "DynamoDB unavailable for %s %s: %s".
    line = f"ERROR apps.core.dynamodb DynamoDB unavailable for GET /x: {unavailable_reason(error)}"
    matching = [
        f
        for f in alarms.METRIC_FILTERS
        if all(term.strip('"') in line for term in _terms(alarms.filter_pattern(f)))
    ]
    assert [f.metric for f in matching] == [metric]


def _terms(pattern: str) -> list[str]:
    """A CloudWatch Logs pattern of quoted terms, all of which must appear."""
    return [term for term in pattern.split('" "')]
