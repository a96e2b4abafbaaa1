"""What `make deploy`, `make update`, `make rollback`, `make undeploy` do, step by step.

``deploy`` from nothing or over an existing stage, idempotently:

1. the stage's stack (deploy/stack.py) through a change set (deploy/changes.py):
   tables, buckets, role, log group, alarms; if Zappa has already made the
   function and its API, their second-pass resources too, so that running
   ``deploy`` again changes nothing;
2. the secrets (deploy/stage_secrets.py): made or asked for, never printed;
3. Zappa's settings completed from the stack's outputs, the package built with
   them (deploy/zappa_stage.py), the static files uploaded (deploy/static_files.py);
4. ``zappa deploy`` the first time, ``zappa update`` afterwards — skipped by
   ``deploy`` (not by ``update``) when the function already runs this very
   package with these settings;
5. the second pass: what needs Zappa's outputs (the API's 5xx alarm, the
   function's target).

``update`` is steps 2 to 5 on an existing stack (new code, same resources).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import boto3

from deploy import changes, stage_secrets, static_files, zappa_stage
from deploy.stack import template, to_json
from deploy.stage import Stage


@dataclass
class Context:
    stage: Stage
    models: list
    ask: object = input
    say: object = print
    _clients: dict = field(default_factory=dict)

    def client(self, service: str):
        if service not in self._clients:
            self._clients[service] = boto3.session.Session(region_name=self.stage.region).client(
                service
            )
        return self._clients[service]

    @property
    def tags(self) -> dict[str, str]:
        return {"stage": self.stage.name, "project": self.stage.project}

    def outputs(self) -> dict[str, str]:
        return changes.stack_outputs(self.client("cloudformation"), self.stage.stack_name)

    def table_prefix(self) -> str:
        """The stage's tables: the stack's prefix (a restore drill moves it), else the settings'."""
        if changes.stack_status(self.client("cloudformation"), self.stage.stack_name) in (
            None,
            "REVIEW_IN_PROGRESS",
        ):
            return self.stage.table_prefix
        return self.outputs().get("TablePrefix", self.stage.table_prefix)

    def zappa_outputs(self):
        return zappa_stage.outputs(self.client("cloudformation"), self.client("lambda"), self.stage)

    def apply(self, document: dict, **options) -> bool:
        return changes.apply(
            self.client("cloudformation"),
            self.stage.stack_name,
            document,
            confirm=self.stage.confirm_changes,
            tags=self.tags,
            ask=self.ask,
            say=self.say,
            **options,
        )

    def apply_stack(self, prefix: str | None = None) -> bool:
        prefix = prefix or self.table_prefix()
        return self.apply(template(self.stage, self.models, prefix, self.zappa_outputs()))


def refuse_unfilled(stage: Stage) -> None:
    path = os.environ.get("ZAPPA_SETTINGS", "zappa_settings.json")
    unfilled = stage.unfilled()
    if unfilled:
        raise changes.Refused(
            f"Fill in the stage's settings ({path}), which still hold REPLACE-… values: "
            + ", ".join(unfilled)
        )
    if bool(stage.domain_name) != bool(stage.hosted_zone_id):
        raise changes.Refused(
            f"The stage's settings ({path}) need both stack.domain_name and "
            "stack.hosted_zone_id (the Route 53 zone that holds the domain), or neither."
        )


def deploy(context: Context) -> None:
    refuse_unfilled(context.stage)
    context.apply_stack()
    code(context, force=False)
    context.say(f"Stage {context.stage.name} is deployed.")
    context.say(
        f"Alarms mail {context.stage.alarm_email}: confirm the subscription in the mail "
        "AWS sends (once), or no alarm reaches you."
    )


def update(context: Context) -> None:
    refuse_unfilled(context.stage)
    if changes.stack_status(context.client("cloudformation"), context.stage.stack_name) is None:
        raise changes.Refused(f"No stack {context.stage.stack_name}: run `make deploy` first.")
    code(context, force=True)


def code(context: Context, force: bool) -> None:
    """Steps 2 to 5: secrets, package, static files, Zappa, second pass."""
    stage = context.stage
    made = stage_secrets.ensure(context.client("ssm"), stage.ssm_path)
    context.say(f"Secrets created in SSM: {', '.join(made)}" if made else "Secrets: all present.")
    outputs = context.outputs()
    settings = zappa_stage.settings_for_zappa(stage, outputs)
    archive = zappa_stage.package(stage, settings)
    zappa_stage.with_digest(stage, settings, archive)
    sent = static_files.upload(context.client("s3"), outputs["StaticBucket"])
    context.say(f"Static files: {sent} sent to {outputs['StaticBucket']}.")
    if zappa_stage.function(context.client("lambda"), stage) is None:
        zappa_stage.zappa("deploy", stage, settings, "--zip", str(archive))
    elif not force and zappa_stage.code_unchanged(context.client("lambda"), stage, settings):
        context.say(f"{stage.function_name}: already runs this package with these settings.")
    else:
        zappa_stage.zappa("update", stage, settings, "--zip", str(archive))
    context.apply_stack()


def rollback(context: Context, versions: int = 1) -> None:
    settings = zappa_stage.settings_for_zappa(context.stage, context.outputs())
    zappa_stage.zappa("rollback", context.stage, settings, "-n", str(versions))


def status(context: Context) -> None:
    settings = zappa_stage.settings_for_zappa(context.stage, context.outputs())
    zappa_stage.zappa("status", context.stage, settings)


def undeploy(context: Context) -> None:
    stage = context.stage
    outputs = context.outputs()
    settings = zappa_stage.settings_for_zappa(stage, outputs)
    # First the stack without what points at the API (the domain's mapping, the 5xx
    # alarm): AWS refuses to delete an API that a domain still maps to.
    context.apply(template(stage, context.models, context.table_prefix()))
    if zappa_stage.function(context.client("lambda"), stage) is not None:
        zappa_stage.zappa("undeploy", stage, settings, "--yes")
    domain = f", the domain {stage.domain_name} and its certificate" if stage.domain_name else ""
    context.say(
        f"Removed the function {stage.function_name} and its HTTP API.\n"
        f"Kept, with their data: the tables {outputs['TablePrefix']}* (deletion protection on), "
        f"the secrets under {stage.ssm_path}/, the log group {stage.log_group}, the buckets, "
        f"the role, the alarms{domain} (stack {stage.stack_name}). "
        f"`make deploy STAGE={stage.name}` brings the code back."
    )


def show_template(context: Context) -> None:
    """The first pass's template on the settings' tables (no AWS call)."""
    context.say(to_json(template(context.stage, context.models), pretty=True))
