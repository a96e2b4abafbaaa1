"""The restore drill: the tables as they were at a point in time, and the stage moved to them.

    make restore STAGE=dev TIME=2026-12-07T10:00:00Z     # or TIME=latest

DynamoDB restores a table only into a new table, and without its TTL, streams,
point-in-time recovery, deletion protection or tags. So the drill:

1. restores every table of the stage (the prefix the stack's ``TablePrefix``
   names) into ``<settings prefix>r<UTC time of the restore point>-<name>``;
2. imports the restored tables into the stage's stack as they are
   (deploy/imports.py), checked against the template first;
3. updates the stack to the code's template on the new prefix: TTL, streams,
   point-in-time recovery, deletion protection and tags come back, the role's
   policy names the new tables, and the old tables leave the stack — kept
   (``DeletionPolicy: Retain``), deletion protection still on;
4. switches the function to the new tables with ``make update``'s own steps.

Writes made between the restore point and the switch stay in the old tables.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from deploy import changes, commands, imports
from deploy.stack import table_logical_id, template

POLL_SECONDS = 5


def restore_prefix(base: str, point: datetime) -> str:
    return f"{base}r{point:%Y%m%d%H%M%S}-"


def parse_point(text: str) -> datetime | None:
    """``latest`` -> None (the latest restorable time); else an ISO 8601 time, UTC if naive."""
    if text == "latest":
        return None
    point = datetime.fromisoformat(text)
    return point if point.tzinfo else point.replace(tzinfo=UTC)


def restore(context: commands.Context, point: datetime | None) -> None:
    stage, say = context.stage, context.say
    commands.refuse_unfilled(stage)
    dynamodb = context.client("dynamodb")
    old = context.table_prefix()
    new = restore_prefix(stage.table_prefix, point or datetime.now(UTC))
    names = [model.Meta.logical_name for model in context.models]
    when = {"RestoreDateTime": point} if point else {"UseLatestRestorableTime": True}
    for name in names:
        say(f"restoring {old}{name} -> {new}{name}")
        dynamodb.restore_table_to_point_in_time(
            SourceTableName=old + name,
            TargetTableName=new + name,
            BillingModeOverride="PAY_PER_REQUEST",
            **when,
        )
    for name in names:
        _wait_active(dynamodb, new + name)
    cloudformation = context.client("cloudformation")
    current = changes.current_template(cloudformation, stage.stack_name)
    found = imports.found_tables(
        dynamodb, {table_logical_id(stage, name, new): new + name for name in names}
    )
    proposed = imports.import_template(current, found)
    to_import = imports.resources_to_import(found)
    problems = imports.import_problems(proposed, to_import, current)
    if problems:
        raise changes.Refused("Refused to import:\n  " + "\n  ".join(problems))
    context.apply(proposed, resources_to_import=to_import)
    context.apply(template(stage, context.models, new, context.zappa_outputs()))
    commands.update(context)
    say(
        f"The stage runs on {new}* (restored to {point or 'the latest restorable time'}). "
        f"The tables {old}* are kept, outside the stack, with deletion protection on."
    )


def _wait_active(dynamodb, name: str) -> None:
    # Restores take minutes to hours on AWS, by the table's size.
    while dynamodb.describe_table(TableName=name)["Table"]["TableStatus"] != "ACTIVE":
        time.sleep(POLL_SECONDS)
