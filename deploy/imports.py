"""Bringing existing tables (and the function's log group) into the stage's stack.

Used by the restore drill (deploy/restore.py: restored tables join the stack)
and by adoption (deploy/adopt.py: a stage made by the old manual steps gets
its stack). CloudFormation imports a resource as the template describes it,
without touching it, so the import template describes each table as it is
(``found_table_resource``); the update that follows applies what the code
declares (point-in-time recovery, deletion protection, TTL, streams, tags).

``import_problems`` checks the generated ``ResourcesToImport`` against the
template before anything is sent: every resource to import is in the template
with the same type, its identifier is the resource's own name there, it keeps
its data when removed (``DeletionPolicy: Retain``), and nothing else in the
template is new.
"""

from __future__ import annotations

from deploy.stack import RETAIN, found_table_resource

IDENTIFIERS = {"AWS::DynamoDB::Table": "TableName", "AWS::Logs::LogGroup": "LogGroupName"}


def found_tables(dynamodb, names_by_logical_id: dict[str, str]) -> dict[str, dict]:
    """The tables that exist, as they are, by the logical id they get in the stack."""
    found = {}
    for logical_id, name in names_by_logical_id.items():
        try:
            description = dynamodb.describe_table(TableName=name)["Table"]
        except dynamodb.exceptions.ResourceNotFoundException:
            continue
        found[logical_id] = found_table_resource(
            description,
            dynamodb.describe_time_to_live(TableName=name),
            dynamodb.describe_continuous_backups(TableName=name),
        )
    return found


def found_log_group(logs, name: str, logical_id: str) -> dict[str, dict]:
    groups = logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"]
    group = next((g for g in groups if g["logGroupName"] == name), None)
    if group is None:
        return {}
    properties = {"LogGroupName": name}
    if group.get("retentionInDays"):
        properties["RetentionInDays"] = group["retentionInDays"]
    return {logical_id: {"Type": "AWS::Logs::LogGroup", **RETAIN, "Properties": properties}}


def resources_to_import(resources: dict[str, dict]) -> list[dict]:
    return [
        {
            "ResourceType": resource["Type"],
            "LogicalResourceId": logical_id,
            "ResourceIdentifier": {
                IDENTIFIERS[resource["Type"]]: resource["Properties"][IDENTIFIERS[resource["Type"]]]
            },
        }
        for logical_id, resource in resources.items()
    ]


def import_problems(
    template: dict, to_import: list[dict], current: dict | None = None
) -> list[str]:
    """What is wrong with importing ``to_import`` with ``template``; empty when nothing is."""
    resources = template["Resources"]
    problems = []
    for entry in to_import:
        logical_id, kind = entry["LogicalResourceId"], entry["ResourceType"]
        resource = resources.get(logical_id)
        if resource is None:
            problems.append(f"{logical_id}: not in the template")
            continue
        if resource["Type"] != kind:
            problems.append(f"{logical_id}: {kind} to import, {resource['Type']} in the template")
            continue
        key = IDENTIFIERS.get(kind)
        if key is None:
            problems.append(f"{logical_id}: {kind} is not a type this deploy imports")
        elif entry["ResourceIdentifier"] != {key: resource["Properties"].get(key)}:
            problems.append(
                f"{logical_id}: identifier {entry['ResourceIdentifier']} is not its {key}"
            )
        if resource.get("DeletionPolicy") != "Retain":
            problems.append(f"{logical_id}: an imported resource needs DeletionPolicy Retain")
    existing = set((current or {}).get("Resources", {}))
    importing = {entry["LogicalResourceId"] for entry in to_import}
    for logical_id in resources:
        if logical_id not in existing and logical_id not in importing:
            problems.append(f"{logical_id}: new in the template but not imported")
    return problems


def import_template(current: dict | None, found: dict[str, dict]) -> dict:
    """The stack's current template (or an empty one) plus the resources to import."""
    base = current or {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}
    return {**base, "Resources": {**base["Resources"], **found}}
