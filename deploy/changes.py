"""Applying a template to the stage's stack through a change set: shown, checked, confirmed.

Every change goes through a CloudFormation change set, so that nothing is
applied unseen: the changes are printed; a stage with ``confirm_changes``
(production) asks before executing them; a template that changes nothing is
reported as such and leaves no trace. A change that would replace a table —
a new name, other keys, other key types, other local indexes, which
CloudFormation can only make by creating a new, empty table — is refused
before the change set is even made, and again if CloudFormation's own answer
says a table would be replaced.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime

from botocore.exceptions import ClientError

from deploy.stack import to_json

TABLE = "AWS::DynamoDB::Table"
# Properties whose change makes CloudFormation replace a DynamoDB table.
REPLACING_PROPERTIES = ("TableName", "KeySchema", "LocalSecondaryIndexes")
NO_CHANGES = ("didn't contain changes", "No updates are to be performed")
POLL_SECONDS = 2
STACK_DEADLINE_SECONDS = 3600  # restores and new indexes take long on AWS
TEMPLATE_BODY_LIMIT = 51_200  # CloudFormation's limit for a template passed inline


class Refused(SystemExit):
    """The deploy stopped before changing anything (the message says why)."""


def replacement_refusals(current: dict | None, new: dict) -> list[str]:
    """Each table that ``new`` would replace, said in words; empty when none would be."""
    if not current:
        return []
    old_resources, new_resources = current.get("Resources", {}), new["Resources"]
    problems = []
    for logical_id, resource in new_resources.items():
        old = old_resources.get(logical_id)
        if resource["Type"] != TABLE or old is None or old["Type"] != TABLE:
            continue
        before, after = old["Properties"], resource["Properties"]
        for name in REPLACING_PROPERTIES:
            if _normalised(before.get(name)) != _normalised(after.get(name)):
                problems.append(f"{logical_id} ({before['TableName']}): {name} would change")
        if _key_types(before) != _key_types(after):
            problems.append(
                f"{logical_id} ({before['TableName']}): a key attribute's type would change"
            )
    return problems


def _key_types(properties: dict) -> dict[str, str]:
    keys = {k["AttributeName"] for k in properties["KeySchema"]}
    return {
        a["AttributeName"]: a["AttributeType"]
        for a in properties["AttributeDefinitions"]
        if a["AttributeName"] in keys
    }


def _normalised(value):
    return json.dumps(value, sort_keys=True)


def replaced_by_change_set(changes: list[dict]) -> list[str]:
    """Tables CloudFormation itself says it would replace (``Replacement``: True or Conditional)."""
    return [
        f"{change['LogicalResourceId']}: CloudFormation would replace it"
        for change in (c["ResourceChange"] for c in changes if c["Type"] == "Resource")
        if change["ResourceType"] == TABLE and change.get("Replacement") in ("True", "Conditional")
    ]


def current_template(cloudformation, stack_name: str) -> dict | None:
    """The stack's template, or None when there is no stack (or only an empty one)."""
    status = stack_status(cloudformation, stack_name)
    if status is None or status == "REVIEW_IN_PROGRESS":
        return None
    body = cloudformation.get_template(StackName=stack_name, TemplateStage="Original")[
        "TemplateBody"
    ]
    return json.loads(body) if isinstance(body, str) else json.loads(json.dumps(body))


def stack_status(cloudformation, stack_name: str) -> str | None:
    try:
        stacks = cloudformation.describe_stacks(StackName=stack_name)["Stacks"]
    except ClientError as error:
        if "does not exist" in str(error):
            return None
        raise
    return stacks[0]["StackStatus"]


def stack_outputs(cloudformation, stack_name: str) -> dict[str, str]:
    stack = cloudformation.describe_stacks(StackName=stack_name)["Stacks"][0]
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs") or []}


def apply(
    cloudformation,
    stack_name: str,
    template: dict,
    *,
    confirm: bool,
    tags: dict[str, str],
    ask: Callable[[str], str] = input,
    say: Callable[[str], None] = print,
    resources_to_import: list[dict] | None = None,
) -> bool:
    """Make ``stack_name`` hold ``template``; True if anything changed."""
    current = current_template(cloudformation, stack_name)
    refusals = replacement_refusals(current, template)
    if refusals:
        raise Refused(
            "Refused: this change would replace tables, which loses their items:\n  "
            + "\n  ".join(refusals)
        )
    body = to_json(template)
    if len(body) > TEMPLATE_BODY_LIMIT:
        raise Refused(f"The template has {len(body)} bytes, over {TEMPLATE_BODY_LIMIT}.")
    kind = "IMPORT" if resources_to_import else "UPDATE" if current else "CREATE"
    # To the microsecond: two changes a second apart or less (a restore's import, then its
    # update) must not share a name.
    name = f"{stack_name}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"
    extra = {"ResourcesToImport": resources_to_import} if resources_to_import else {}
    cloudformation.create_change_set(
        StackName=stack_name,
        ChangeSetName=name,
        ChangeSetType=kind,
        TemplateBody=body,
        Capabilities=["CAPABILITY_IAM"],
        Tags=[{"Key": k, "Value": v} for k, v in tags.items()],
        **extra,
    )
    described = _change_set_ready(cloudformation, stack_name, name)
    if described["Status"] == "FAILED":
        cloudformation.delete_change_set(StackName=stack_name, ChangeSetName=name)
        if any(text in described.get("StatusReason", "") for text in NO_CHANGES):
            say(f"{stack_name}: no changes.")
            return False
        raise Refused(f"{stack_name}: change set failed: {described.get('StatusReason')}")
    changes = described["Changes"]
    say(f"{stack_name}: {kind.lower()}, {len(changes)} changes:")
    for line in change_lines(changes):
        say("  " + line)
    refusals = replaced_by_change_set(changes)
    if refusals or (confirm and ask(f"Apply these changes to {stack_name}? [yes/no] ") != "yes"):
        cloudformation.delete_change_set(StackName=stack_name, ChangeSetName=name)
        if current is None:  # the empty stack the change set made: no trace left
            cloudformation.delete_stack(StackName=stack_name)
        raise Refused(
            "Refused: " + "; ".join(refusals) if refusals else "Not applied: you did not say yes."
        )
    cloudformation.execute_change_set(StackName=stack_name, ChangeSetName=name)
    status = _stack_settled(cloudformation, stack_name)
    if not status.endswith("_COMPLETE") or "ROLLBACK" in status:
        raise SystemExit(f"{stack_name}: {status} (see its events in the CloudFormation console)")
    say(f"{stack_name}: {status}")
    return True


def change_lines(changes: list[dict]) -> list[str]:
    lines = []
    for change in (c["ResourceChange"] for c in changes if c["Type"] == "Resource"):
        replacement = change.get("Replacement")
        note = f" (replacement: {replacement})" if replacement not in (None, "False") else ""
        lines.append(
            f"{change['Action']:<7} {change['ResourceType']:<30} "
            f"{change['LogicalResourceId']}{note}"
        )
    return lines


def _change_set_ready(cloudformation, stack_name: str, name: str) -> dict:
    deadline = time.monotonic() + 600
    while True:
        described = cloudformation.describe_change_set(StackName=stack_name, ChangeSetName=name)
        if described["Status"] in ("CREATE_COMPLETE", "FAILED") or time.monotonic() > deadline:
            return described
        time.sleep(POLL_SECONDS)


def _stack_settled(cloudformation, stack_name: str) -> str:
    deadline = time.monotonic() + STACK_DEADLINE_SECONDS
    while True:
        status = stack_status(cloudformation, stack_name)
        if not status.endswith("_IN_PROGRESS") or time.monotonic() > deadline:
            return status
        time.sleep(POLL_SECONDS)
