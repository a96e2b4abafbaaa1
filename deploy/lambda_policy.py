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


def logical_table_names() -> list[str]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_project.settings")
    import django

    django.setup()
    from apps.core.dynamodb.models import table_models

    return [model.Meta.logical_name for model in table_models()]


def policy(stage: Stage, account: str, tables: list[str], table_prefix: str | None = None) -> dict:
    """The role's policy document; ``account`` may be ``${AWS::AccountId}`` in a template."""
    region, prefix = stage.region, table_prefix or stage.table_prefix
    table_arns = [f"arn:aws:dynamodb:{region}:{account}:table/{prefix}{name}" for name in tables]
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
    """What is wrong with DYNAMODB_ACTIONS given the actions requests used; empty if nothing."""
    granted = set(DYNAMODB_ACTIONS)
    return [f"missing from the policy: {action}" for action in sorted(used - granted)] + [
        f"granted but never used by a request: {action}" for action in sorted(granted - used)
    ]


def _check(record: Path) -> None:
    used = {action for action in json.loads(record.read_text()) if action.startswith("dynamodb:")}
    problems = actions_mismatch(used)
    for problem in problems:
        print(f"{record}: {problem}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"The Lambda policy grants exactly the {len(used)} DynamoDB actions requests use.")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        _check(Path(sys.argv[2]))
    elif len(sys.argv) == 3:
        print(json.dumps(policy(load(sys.argv[1]), sys.argv[2], logical_table_names()), indent=2))
    else:
        sys.exit(__doc__)
