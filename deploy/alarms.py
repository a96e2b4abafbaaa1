"""The stage's alarms: what each watches, when it sounds, what it means and what to do.

Every alarm mails the operator (the SNS topic's email subscription, to the
stage's ``stack.alarm_email``) when it goes into ALARM and when it is OK again.
Missing data never sounds an alarm: a stage without traffic is quiet.

DynamoDB's own metrics count throttles and system errors per table and per
operation (dozens of metrics, a standard alarm each); the site already tells
when DynamoDB failed a request after the SDK's retries — the line
``DynamoDB unavailable for <method> <path>: <code>: …`` that
apps/core/http/unavailable.py logs before answering 503. Metric filters on the
function's log group turn those lines into two metrics of the stage's own
namespace, which exist (and cost) only in the hours they have data; one alarm
watches each. So the alarms count what users met, for every table at once.

The README's "Alarms" table is this module's ``ALARMS`` (tests/deploy checks
that they agree).
"""

from __future__ import annotations

from dataclasses import dataclass

from deploy.stage import Stage
from deploy.streams import queue_name

PERIOD = 300  # seconds: the finest period standard alarms on Lambda metrics price at $0.10
DURATION_SHARE_OF_TIMEOUT = 0.8
API_5XX_RATE = 0.05
# Lambda's HTTP API stage name is the Zappa stage's name (zappa/core.py create_api_gateway_v2).


@dataclass(frozen=True)
class Alarm:
    key: str  # the alarm's name after the stage's prefix, and its logical id
    title: str
    meaning: str
    action: str
    needs_api: bool = False  # the second pass: only once Zappa has made the HTTP API


@dataclass(frozen=True)
class MetricFilter:
    key: str
    metric: str
    pattern: str
    whole: bool = False  # ``pattern`` is the whole filter, not a code on the 503 line


ALARMS = [
    Alarm(
        "lambda-errors",
        "Lambda errors ≥ 1 in 5 minutes",
        "An invocation failed outside Django: a crash in the handler, an import error "
        "after a deploy, a timeout, or memory run out.",
        "Read the function's log group around that time (Logs Insights: "
        "`filter @message like /Traceback/` or `/Task timed out/`); if a deploy "
        "caused it, `make rollback STAGE=…`.",
    ),
    Alarm(
        "lambda-throttles",
        "Lambda throttles ≥ 1 in 5 minutes",
        "Lambda refused invocations: the account's concurrency (1,000 by default, "
        "shared by every function in the region) was used up. Users got 503s.",
        "Look for a traffic spike or a runaway function in the account; ask AWS for "
        "a higher concurrency quota, or reserve concurrency for this function.",
    ),
    Alarm(
        "lambda-duration-p99",
        "Lambda p99 duration ≥ 80 % of the timeout over 5 minutes",
        "The slowest requests are close to being cut off (the function's timeout); "
        "usually DynamoDB is slow or a page does too much work.",
        "Find the route with Logs Insights (README: Logs, p50 and p99 by route) and "
        "its `dynamodb_calls`; check the DynamoDB alarms.",
    ),
    Alarm(
        "api-5xx-rate",
        "HTTP API 5xx answers ≥ 5 % of requests over 5 minutes",
        "Users are getting server errors: the site's own 500s and 503s, and API "
        "Gateway's when the function failed or timed out.",
        "Logs Insights `filter status >= 500 | stats count(*) by route, status`; the "
        "other alarms say which part failed.",
        needs_api=True,
    ),
    Alarm(
        "dynamodb-throttled",
        "DynamoDB throttled requests ≥ 1 in 5 minutes (after retries)",
        "DynamoDB refused reads or writes for too much traffic on one key or "
        "partition (on-demand tables throttle above twice their previous peak, and "
        "one partition takes about 1,000 writes a second); the request answered 503.",
        "The log line names the path; find the hot key (CloudWatch Contributor "
        "Insights for DynamoDB) and spread it, or pre-warm the table's throughput.",
    ),
    Alarm(
        "dynamodb-system-errors",
        "DynamoDB system errors ≥ 1 in 5 minutes (after retries)",
        "DynamoDB itself failed (HTTP 500: InternalServerError, ServiceUnavailable) "
        "for a request, even after the SDK's retries; the request answered 503.",
        "Check the AWS Health Dashboard for DynamoDB in the stage's region; nothing "
        "to fix on our side if AWS reports an event.",
    ),
    Alarm(
        "dead-letters",
        "Background dead letters ≥ 1 in 5 minutes",
        "A stream handler kept failing on a record (the log's `Dead letter:` line says "
        "which and why); the record is kept whole in the `dead_letters` table, its work "
        "not done.",
        "Fix the cause, then `manage.py dead_letters list` and `replay` (README: "
        "Background work); `discard` what must not be done.",
    ),
    Alarm(
        "stream-failures",
        "Stream failure queue holds ≥ 1 message",
        "A whole batch of stream records kept failing (DynamoDB down, the function timing "
        "out) past the mapping's retries; the queue says where the records were, and the "
        "stream keeps them only 24 hours.",
        "Within the day: `manage.py dead_letters recover` turns each message into dead "
        "letters; then find why the invocations failed (Lambda errors alarm, logs).",
    ),
]

THROTTLE_CODES = (
    "ThrottlingException",
    "ProvisionedThroughputExceededException",
    "RequestLimitExceeded",
)
SYSTEM_ERROR_CODES = ("InternalServerError", "ServiceUnavailable")
UNAVAILABLE_LINE = "DynamoDB unavailable for"  # apps/core/http/unavailable.py
DEAD_LETTER_LINE = "Dead letter:"  # apps/core/background/dead_letters.py
METRIC_FILTERS = [
    *(MetricFilter(f"throttled-{c}", "DynamoDBThrottled", c) for c in THROTTLE_CODES),
    *(MetricFilter(f"system-error-{c}", "DynamoDBSystemErrors", c) for c in SYSTEM_ERROR_CODES),
    MetricFilter("dead-letter", "DeadLetters", f'"{DEAD_LETTER_LINE}"', whole=True),
]


def namespace(stage: Stage) -> str:
    """The stage's own metrics (those the metric filters publish)."""
    return f"{stage.project}/{stage.name}"


def alarm_name(stage: Stage, alarm: Alarm) -> str:
    return f"{stage.function_name}-{alarm.key}"


def stage_alarms(api_id: str | None) -> list[Alarm]:
    """The alarms a stage has: the API's only once Zappa made it (the second pass)."""
    return [alarm for alarm in ALARMS if api_id or not alarm.needs_api]


def metric(stage: Stage, alarm: Alarm, api_id: str | None) -> dict:
    """The CloudWatch metric, statistic and threshold of ``alarm`` (CloudFormation's spelling)."""
    function = [{"Name": "FunctionName", "Value": stage.function_name}]
    lambda_metric = {"Namespace": "AWS/Lambda", "Dimensions": function}
    own = {"Namespace": namespace(stage), "Statistic": "Sum", "Threshold": 1}
    return {
        "lambda-errors": {
            **lambda_metric,
            "MetricName": "Errors",
            "Statistic": "Sum",
            "Threshold": 1,
        },
        "lambda-throttles": {
            **lambda_metric,
            "MetricName": "Throttles",
            "Statistic": "Sum",
            "Threshold": 1,
        },
        "lambda-duration-p99": {
            **lambda_metric,
            "MetricName": "Duration",
            "ExtendedStatistic": "p99",
            "Threshold": stage.timeout_seconds * 1000 * DURATION_SHARE_OF_TIMEOUT,
        },
        # Each request reports 5xx as 0 or 1, so the average is the share of 5xx answers.
        "api-5xx-rate": {
            "Namespace": "AWS/ApiGateway",
            "MetricName": "5xx",
            "Dimensions": [
                {"Name": "ApiId", "Value": api_id},
                {"Name": "Stage", "Value": stage.name},
            ],
            "Statistic": "Average",
            "Threshold": API_5XX_RATE,
        },
        "dynamodb-throttled": {**own, "MetricName": "DynamoDBThrottled"},
        "dynamodb-system-errors": {**own, "MetricName": "DynamoDBSystemErrors"},
        "dead-letters": {**own, "MetricName": "DeadLetters"},
        "stream-failures": {
            "Namespace": "AWS/SQS",
            "MetricName": "ApproximateNumberOfMessagesVisible",
            "Dimensions": [{"Name": "QueueName", "Value": queue_name(stage)}],
            "Statistic": "Maximum",
            "Threshold": 1,
        },
    }[alarm.key]


def filter_pattern(metric_filter: MetricFilter) -> str:
    """Both terms must be in the line: the site's 503 line and DynamoDB's error code."""
    if metric_filter.whole:
        return metric_filter.pattern
    return f'"{UNAVAILABLE_LINE}" "{metric_filter.pattern}:"'


def readme_table() -> str:
    """The README's alarm table (tests/deploy/test_alarms.py keeps the two equal)."""
    lines = ["| alarm | sounds when | what it means | what to do |", "|---|---|---|---|"]
    for alarm in ALARMS:
        lines.append(f"| `{alarm.key}` | {alarm.title} | {alarm.meaning} | {alarm.action} |")
    return "\n".join(lines)
