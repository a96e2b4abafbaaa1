"""Print a Zappa stage's aws_environment_variables as KEY=VALUE lines.

`make deploy` / `make update` run collectstatic under the same production
settings the Lambda function gets, read from zappa_settings.json so they are
written down once. "extends" merges like Zappa does: a stage's own keys
replace the extended stage's keys whole. Values must not contain spaces.

    python deploy/stage_env.py production
"""

import json
import sys
from pathlib import Path

SETTINGS = Path(__file__).resolve().parent.parent / "zappa_settings.json"


def stage_settings(stages: dict, stage: str) -> dict:
    own = stages[stage]
    if "extends" not in own:
        return dict(own)
    return {**stage_settings(stages, own["extends"]), **own}


if __name__ == "__main__":
    stages = json.loads(SETTINGS.read_text())
    for key, value in (
        stage_settings(stages, sys.argv[1]).get("aws_environment_variables", {}).items()
    ):
        print(f"{key}={value}")
