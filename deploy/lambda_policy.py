"""The IAM policy of a stage's Lambda role: what the code does, on its own tables only.

The stage's stack (deploy/stack.py) gives the role this policy; to read it:

    .venv/bin/python deploy/lambda_policy.py dev 123456789012

    .venv/bin/python deploy/lambda_policy.py --check .build/aws-actions.json

``--check`` compares the DynamoDB actions the policy grants with those the
site needed while serving the test suite's requests (recorded by
tests/support/aws_calls.py; ``make test`` runs it after pytest) and fails on an
action missing from the policy or granted but never used.

Tables come from the model registry (every TableModel), names from the stage's
table prefix (DYNAMODB_TABLE_PREFIX, or the one a restore drill moved it to),
region and SSM path from zappa_settings.json (or the copy $ZAPPA_SETTINGS
names). The role's trust policy, deploy/lambda-trust.json, allows
lambda.amazonaws.com to assume it. The stack creates the function's log group,
so the role may write to it but not create it.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from deploy.stage import Stage, load  # noqa: E402

# The DynamoDB calls the site makes on Lambda, checked against the calls the
# test suite's requests make (--check). Scan serves only the admin's
# changelists, a page per request (apps/core/admin/pages.py); no table
# management (manage.py dynamodb_tables runs with the operator's own credentials).
DYNAMODB_ACTIONS = [
    "dynamodb:BatchGetItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DeleteItem",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:Scan",
    "dynamodb:UpdateItem",
]


# What an event source mapping needs of the role to read a stream (AWS Lambda's
# documentation); the local worker, its stand-in, makes all but ListStreams.
STREAM_ACTIONS = [
    "dynamodb:DescribeStream",
    "dynamodb:GetRecords",
    "dynamodb:GetShardIterator",
]
STREAM_LIST_ACTION = "dynamodb:ListStreams"  # lists, reads nothing: on no resource of its own


def logical_table_names() -> list[str]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_project.settings")
    import django

    django.setup()
    from apps.core.dynamodb.models import table_models

    return [model.Meta.logical_name for model in table_models()]


def stream_table_names() -> list[str]:
    logical_table_names()  # sets Django up
    from deploy.streams import stream_tables

    return stream_tables()


def policy(
    stage: Stage,
    account: str,
    tables: list[str],
    table_prefix: str | None = None,
    streams: list[str] = (),
) -> dict:
    """The role's policy document; ``account`` may be ``${AWS::AccountId}`` in a template.

    ``streams``: the tables whose streams the event source mappings read with this role.
    """
    from deploy.streams import queue_arn

    region, prefix = stage.region, table_prefix or stage.table_prefix
    table_arns = [f"arn:aws:dynamodb:{region}:{account}:table/{prefix}{name}" for name in tables]
    stream_arns = [
        f"arn:aws:dynamodb:{region}:{account}:table/{prefix}{name}/stream/*" for name in streams
    ]
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Logs",
                "Effect": "Allow",
                "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                "Resource": f"arn:aws:logs:{region}:{account}:log-group:{stage.log_group}:*",
            },
            {
                "Sid": "Tables",
                "Effect": "Allow",
                "Action": DYNAMODB_ACTIONS,
                "Resource": table_arns + [f"{arn}/index/*" for arn in table_arns],
            },
            {
                "Sid": "Streams",
                "Effect": "Allow",
                "Action": STREAM_ACTIONS,
                "Resource": stream_arns,
            },
            {
                "Sid": "StreamList",
                "Effect": "Allow",
                "Action": STREAM_LIST_ACTION,
                "Resource": "*",
            },
            {
                "Sid": "StreamFailures",
                "Effect": "Allow",
                "Action": "sqs:SendMessage",
                "Resource": queue_arn(stage, account),
            },
            {
                "Sid": "Secrets",
                "Effect": "Allow",
                "Action": "ssm:GetParametersByPath",
                "Resource": f"arn:aws:ssm:{region}:{account}:parameter{stage.ssm_path}",
            },
            {
                "Sid": "Email",
                "Effect": "Allow",
                "Action": "ses:SendRawEmail",
                "Resource": "*",
                "Condition": {
                    "StringEquals": {
                        "ses:FromAddress": _address(stage.environment["DJANGO_DEFAULT_FROM_EMAIL"])
                    }
                },
            },
        ],
    }


def _address(sender: str) -> str:
    """``Site <noreply@example.com>`` -> ``noreply@example.com``."""
    return sender.rsplit("<", 1)[-1].rstrip(">").strip()


def actions_mismatch(used: set[str]) -> list[str]:
    """What is wrong with the policy's actions given those the site used; empty if nothing.

    Item and table actions (requests and the consumer's handlers) must be
    exactly DYNAMODB_ACTIONS; stream actions (the local worker reading
    streams, as the event source mapping does on AWS) exactly STREAM_ACTIONS.
    """
    problems = []
    for granted, used_here, what in (
        (set(DYNAMODB_ACTIONS), used - set(STREAM_ACTIONS), "a request or handler"),
        (set(STREAM_ACTIONS), used & set(STREAM_ACTIONS), "the stream reader"),
    ):
        problems += [f"missing from the policy: {a}" for a in sorted(used_here - granted)]
        problems += [f"granted but never used by {what}: {a}" for a in sorted(granted - used_here)]
    return problems


def _check(record: Path) -> None:
    used = {action for action in json.loads(record.read_text()) if action.startswith("dynamodb:")}
    problems = actions_mismatch(used)
    for problem in problems:
        print(f"{record}: {problem}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"The Lambda policy grants exactly the {len(used)} DynamoDB actions the site uses.")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        _check(Path(sys.argv[2]))
    elif len(sys.argv) == 3:
        document = policy(
            load(sys.argv[1]), sys.argv[2], logical_table_names(), streams=stream_table_names()
        )
        print(json.dumps(document, indent=2))
    else:
        sys.exit(__doc__)
