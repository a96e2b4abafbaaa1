"""The deploy command: `make deploy` and its siblings call it.

    .venv/bin/python -m deploy deploy dev          # create or update everything (make deploy)
    .venv/bin/python -m deploy update dev          # new code on an existing stage (make update)
    .venv/bin/python -m deploy rollback dev        # the previous code again (make rollback)
    .venv/bin/python -m deploy status dev          # zappa status (make status)
    .venv/bin/python -m deploy undeploy dev        # remove code and API, keep data (make undeploy)
    .venv/bin/python -m deploy restore dev --to 2026-12-07T10:00:00Z   # (make restore)
    .venv/bin/python -m deploy adopt production    # a stage made by hand joins a stack (make adopt)
    .venv/bin/python -m deploy template dev        # print the stage's template

The stage's settings come from $ZAPPA_SETTINGS (README: Deploying), AWS
credentials from the usual places (environment, profile, SSO).
"""

from __future__ import annotations

import argparse
import os
import sys

from deploy import adopt, changes, commands, restore, stage


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy", description=__doc__.split("\n")[0])
    parser.add_argument(
        "command",
        choices=[
            "deploy",
            "update",
            "rollback",
            "status",
            "undeploy",
            "restore",
            "adopt",
            "template",
        ],
    )
    parser.add_argument("stage")
    parser.add_argument(
        "--to", default="latest", help="restore: an ISO 8601 time (UTC if no zone), or 'latest'"
    )
    arguments = parser.parse_args(argv)
    context = commands.Context(stage.load(arguments.stage), _models())
    try:
        if arguments.command == "restore":
            restore.restore(context, restore.parse_point(arguments.to))
        elif arguments.command == "adopt":
            adopt.adopt(context)
        elif arguments.command == "template":
            commands.show_template(context)
        else:
            getattr(commands, arguments.command)(context)
    except changes.Refused as refusal:
        print(refusal, file=sys.stderr)
        return 2
    return 0


def _models() -> list:
    """The registered table models (Django set up locally: only their schemas are read)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_project.settings")
    import django

    django.setup()
    from apps.core.dynamodb.models import table_models

    return table_models()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
