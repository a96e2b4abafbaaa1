"""What a checkout holds besides the code never reaches the Lambda package.

CI runs `make test-django6` (which makes .venv-django6) before the deploy
rehearsal packages the same checkout: a local directory the package did not
exclude went into the zip with its x86_64 wheels.
"""

import json
from fnmatch import fnmatch
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]

# Ignored by git but shipped on purpose: byte code compiled for the package,
# and the manifest the static storage reads on a cold start.
SHIPPED = {"__pycache__", "*.py[co]", "static_manifest"}


def ignored_names():
    lines = (PROJECT_DIR / ".gitignore").read_text().splitlines()
    names = {line.strip().rstrip("/") for line in lines}
    return {name for name in names if name and not name.startswith("#")} - SHIPPED


def package_excludes():
    stage = json.loads((PROJECT_DIR / "zappa_settings.json").read_text())["dev"]
    return stage["exclude"] + stage["exclude_glob"]


def test_every_local_directory_git_ignores_stays_out_of_the_package():
    excludes = package_excludes()
    unexcluded = {name for name in ignored_names() if not any(fnmatch(name, p) for p in excludes)}
    assert not unexcluded


def test_a_second_virtual_environment_stays_out_of_the_package():
    assert any(fnmatch(".venv-django7", pattern) for pattern in package_excludes())
