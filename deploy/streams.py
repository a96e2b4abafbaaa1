"""The background engine's AWS side: event source mappings, their failure queue, the sweeps' rule.

apps/core/background runs the same consumer on Lambda as locally; here is
what attaches it on AWS (FIELD-NOTES: Zappa's own stream event source sets
none of these settings and fails silently, so the stack makes the mappings):

- ``StreamFailures``: the SQS queue that receives, for a batch whose
  invocations kept failing as a whole (DynamoDB down, a timeout) past the
  retry limit, where its records were (stream, shard, sequence range), kept
  14 days; ``manage.py dead_letters recover`` turns such a message into
  dead letters while the stream still holds the records (24 hours). A record
  a handler keeps failing on never gets here: the consumer writes it whole to
  the ``dead_letters`` table itself. The queue is in the first pass, so the
  alarm on its depth (deploy/alarms.py) is too;
- in the second pass, once Zappa has made the function: one
  ``AWS::Lambda::EventSourceMapping`` per table some app handles
  (apps.core.background.registry.stream_handlers), from the table's
  ``StreamArn`` (so a restore drill's tables bring their own streams: the
  mappings follow the tables' logical ids) to the function's SnapStart alias;
- the rule that runs the scheduled sweeps every five minutes, aimed at the
  alias too (Zappa's own schedules call ``$LATEST``, which SnapStart does not
  cover), with the permission that lets EventBridge invoke it.
The role's rights for these (stream reads, sending to the queue) are in
deploy/lambda_policy.py.
"""

from __future__ import annotations

import json

from deploy.stage import Stage

SWEEPS_COMMAND = "apps.core.background.aws.sweeps_run"  # what Zappa's handler runs
SWEEPS_RATE = "rate(5 minutes)"
BATCH_SIZE = 100  # records per invocation; the local worker's too (worker.BATCH_SIZE)
# The work table's records each run a piece of up to BACKGROUND_PIECE_SIZE items:
# fewer of them per invocation keep an invocation well inside the function's timeout.
BATCH_SIZES = {"work": 10}
RETRY_ATTEMPTS = 5  # whole-batch retries (an outage) before the queue gets its place
RECORD_AGE_SECONDS = 21600  # six hours: a record older than that goes to the queue
QUEUE_RETENTION_SECONDS = 14 * 24 * 3600  # SQS's most
QUEUE = "StreamFailures"
SWEEPS_RULE = "SweepsSchedule"


def queue_name(stage: Stage) -> str:
    return f"{stage.function_name}-stream-failures"


def queue_arn(stage: Stage, account: str) -> str:
    return f"arn:aws:sqs:{stage.region}:{account}:{queue_name(stage)}"


def mapping_logical_id(table_id: str) -> str:
    """``TableWork`` -> ``StreamMappingWork`` (a restore drill's tables: their own mappings)."""
    return "StreamMapping" + table_id.removeprefix("Table")


def stream_tables() -> list[str]:
    """The logical names of the tables whose streams the site's handlers read."""
    from apps.core.background.registry import stream_handlers

    return sorted(stream_handlers())


def queue_resources(stage: Stage) -> dict:
    return {
        QUEUE: {
            "Type": "AWS::SQS::Queue",
            "Properties": {
                "QueueName": queue_name(stage),
                "MessageRetentionPeriod": QUEUE_RETENTION_SECONDS,
                "Tags": [{"Key": "stage", "Value": stage.name}],
            },
        }
    }


def consumer_resources(stage: Stage, table_ids: dict[str, str], target_arn: str) -> dict:
    """Mappings for the handled tables (``table_ids``: logical name -> the table's logical id)."""
    resources = {}
    for name in stream_tables():
        table_id = table_ids[name]
        resources[mapping_logical_id(table_id)] = {
            "Type": "AWS::Lambda::EventSourceMapping",
            "Properties": {
                "EventSourceArn": {"Fn::GetAtt": [table_id, "StreamArn"]},
                "FunctionName": target_arn,
                "StartingPosition": "TRIM_HORIZON",
                "BatchSize": BATCH_SIZES.get(name, BATCH_SIZE),
                "BisectBatchOnFunctionError": True,
                "MaximumRetryAttempts": RETRY_ATTEMPTS,
                "MaximumRecordAgeInSeconds": RECORD_AGE_SECONDS,
                "FunctionResponseTypes": ["ReportBatchItemFailures"],
                "DestinationConfig": {"OnFailure": {"Destination": {"Fn::GetAtt": [QUEUE, "Arn"]}}},
            },
        }
    resources[SWEEPS_RULE] = {
        "Type": "AWS::Events::Rule",
        "Properties": {
            "Description": f"{stage.function_name}: the background engine's scheduled sweeps",
            "ScheduleExpression": SWEEPS_RATE,
            "State": "ENABLED",
            "Targets": [
                {
                    "Arn": target_arn,
                    "Id": "sweeps",
                    "Input": json.dumps({"command": SWEEPS_COMMAND}),
                }
            ],
        },
    }
    resources["SweepsPermission"] = {
        "Type": "AWS::Lambda::Permission",
        "Properties": {
            "Action": "lambda:InvokeFunction",
            "FunctionName": target_arn,
            "Principal": "events.amazonaws.com",
            "SourceArn": {"Fn::GetAtt": [SWEEPS_RULE, "Arn"]},
        },
    }
    return resources
