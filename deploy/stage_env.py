"""Run a command in a Zappa stage's environment (its aws_environment_variables).

`make deploy` / `make update` run collectstatic, and the operator runs
`manage.py dynamodb_tables create`, under the same production settings the
Lambda function gets, read from zappa_settings.json (or the filled-in copy
that $ZAPPA_SETTINGS names) so they are written down once. "extends" merges
like Zappa does: a stage's own keys replace the extended stage's keys whole.

    python deploy/stage_env.py production                    # print KEY=VALUE lines
    python deploy/stage_env.py dev .venv/bin/python manage.py dynamodb_tables create

The command is run directly, never through a shell: values such as the sender
address "Site <noreply@example.com>" hold spaces, which `env $(...)` would split.
"""

import json
import os
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
# ZAPPA_SETTINGS names a filled-in copy kept outside the repository (`make` passes it on).
SETTINGS = PROJECT_DIR / os.environ.get("ZAPPA_SETTINGS", "zappa_settings.json")


def stage_settings(stages: dict, stage: str) -> dict:
    own = stages[stage]
    if "extends" not in own:
        return dict(own)
    return {**stage_settings(stages, own["extends"]), **own}


def stage_environment(stage: str) -> dict[str, str]:
    stages = json.loads(SETTINGS.read_text())
    return stage_settings(stages, stage).get("aws_environment_variables", {})


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    environment = stage_environment(sys.argv[1])
    if len(sys.argv) == 2:
        for key, value in environment.items():
            print(f"{key}={value}")
    else:
        os.execvpe(sys.argv[2], sys.argv[2:], {**os.environ, **environment})  # noqa: S606 (no shell, see above)
