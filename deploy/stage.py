"""A stage as the deploy code sees it: the operator's settings, and the names derived from them.

Everything comes from the stage's entry in zappa_settings.json (or the filled-in
copy that $ZAPPA_SETTINGS names; deploy/stage_env.py reads the file): Zappa's
own keys, and under ``"stack"`` the keys Zappa does not read — the operator's
address for alarms, how long logs are kept, whether changes to the stage are
shown and confirmed before they are applied, and the site's own domain with
the Route 53 hosted zone that holds it (both optional).

Names are written here once: the stage's own stack, the function (Zappa's
``<project_name>-<stage>``), its log group, the alarms' prefix.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property

from deploy.stage_env import SETTINGS, stage_settings

# A value the operator must replace before deploying (zappa_settings.json's placeholders).
PLACEHOLDER = "REPLACE-"


@dataclass(frozen=True)
class Stage:
    name: str
    settings: dict

    @property
    def project(self) -> str:
        return self.settings["project_name"]

    @property
    def region(self) -> str:
        return self.settings["aws_region"]

    @property
    def function_name(self) -> str:
        """Zappa names the function, and its own stack, ``<project_name>-<stage>``."""
        return f"{self.project}-{self.name}"

    @property
    def stack_name(self) -> str:
        """The stage's own stack (tables, buckets, role, logs, alarms), beside Zappa's."""
        return f"{self.project}-stage-{self.name}"

    @property
    def log_group(self) -> str:
        return f"/aws/lambda/{self.function_name}"

    @property
    def environment(self) -> dict[str, str]:
        return self.settings.get("aws_environment_variables", {})

    @property
    def table_prefix(self) -> str:
        """The prefix in the settings; a restore drill moves the stage to another (stack output)."""
        return self.environment["DYNAMODB_TABLE_PREFIX"]

    @property
    def ssm_path(self) -> str:
        return self.environment["SSM_PARAMETER_PATH"].rstrip("/")

    @property
    def snap_start(self) -> bool:
        return self.settings.get("snap_start", "None") == "PublishedVersions"

    @property
    def timeout_seconds(self) -> int:
        return self.settings["timeout_seconds"]

    @property
    def memory_mb(self) -> int:
        return self.settings["memory_size"]

    @property
    def architecture(self) -> str:
        return self.settings.get("architecture", "x86_64")

    @cached_property
    def stack_settings(self) -> dict:
        return self.settings.get("stack", {})

    @property
    def alarm_email(self) -> str:
        return self.stack_settings["alarm_email"]

    @property
    def log_retention_days(self) -> int:
        return self.stack_settings["log_retention_days"]

    @property
    def domain_name(self) -> str | None:
        """The site's own host name (optional): certificate, API domain and DNS records."""
        return self.stack_settings.get("domain_name")

    @property
    def hosted_zone_id(self) -> str | None:
        """The Route 53 hosted zone that holds ``domain_name``."""
        return self.stack_settings.get("hosted_zone_id")

    @property
    def confirm_changes(self) -> bool:
        """Show the change set and ask before applying it (production)."""
        return bool(self.stack_settings.get("confirm_changes", False))

    def unfilled(self) -> list[str]:
        """The settings' keys that still hold a ``REPLACE-…`` placeholder."""
        return sorted(_placeholders(self.settings))

    def allowed_hosts(self) -> str:
        """DJANGO_ALLOWED_HOSTS as the function gets it: the stage's, and its domain."""
        hosts = [h for h in self.environment.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]
        if self.domain_name and self.domain_name not in hosts:
            hosts.append(self.domain_name)
        return ",".join(hosts)


def load(name: str, path=None) -> Stage:
    stages = json.loads((path or SETTINGS).read_text())
    if name not in stages:
        raise SystemExit(f"No stage '{name}' in {path or SETTINGS} (stages: {', '.join(stages)}).")
    return Stage(name, stage_settings(stages, name))


def _placeholders(value, where: str = "") -> list[str]:
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _placeholders(item, f"{where}{key}.")]
    if isinstance(value, list):
        return [p for item in value for p in _placeholders(item, where)]
    return [where.rstrip(".")] if isinstance(value, str) and PLACEHOLDER in value else []
