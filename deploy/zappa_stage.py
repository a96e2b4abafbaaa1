"""Zappa's part of a deploy: the settings it is given, the package, the static files, its commands.

The operator's settings copy names no bucket, role or CDN domain: the stage's
stack made them. Before Zappa runs, the stage's entry is written, merged
(``extends`` resolved) and completed from the stack's outputs, to
``.build/zappa_settings.<stage>.json``: ``s3_bucket`` (the deployment
bucket), ``role_name`` (the Lambda role), ``STATIC_BUCKET`` and
``STATIC_CDN_DOMAIN``, ``DYNAMODB_TABLE_PREFIX`` as the stack says (a
restore drill moves it), and the stage's domain added to
``DJANGO_ALLOWED_HOSTS``. The package is built with those settings and every Zappa
command reads them.

The function's environment also gets ``PACKAGE_DIGEST``, a digest of the
package's files (all but the build stamp Zappa adds), so that a deploy of the
very code and settings the function already runs is seen to change nothing. A
package is rebuilt only when its sources or Zappa's settings changed.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import time
import zipfile
from pathlib import Path

from botocore.exceptions import ClientError

from deploy.changes import Refused
from deploy.compiled_files import compiled_files, foreign
from deploy.stack import ZappaOutputs
from deploy.stage import Stage

PROJECT_DIR = Path(__file__).resolve().parent.parent
BUILD = PROJECT_DIR / ".build"
ZAPPA = PROJECT_DIR / ".venv" / "bin" / "zappa"
SNAPSTART_ALIAS = "snapstart"  # the alias Zappa keeps when snap_start is on
API_LOGICAL_ID = "ApiV2"  # the HTTP API in Zappa's stack (zappa/core.py)
BUILD_STAMP = "package_info.json"  # Zappa's build time and a random id, different every build
# What a package is built from (besides Zappa's settings): newer files mean a new package.
SOURCES = ["apps", "site_project", "templates", "manage.py", "requirements.txt"]


def lambda_env_stamp(architecture: str) -> Path:
    """The Makefile's stamp of the dependencies installed for ``architecture`` (LAMBDA_ENV)."""
    return BUILD / ("lambda-env-arm64" if architecture == "arm64" else "lambda-env") / ".installed"


def settings_for_zappa(stage: Stage, outputs: dict[str, str]) -> Path:
    """Write the stage's settings, completed from the stack's outputs; the file's path."""
    settings = {key: value for key, value in stage.settings.items() if key != "extends"}
    settings["s3_bucket"] = outputs["DeploymentBucket"]
    settings["role_name"] = outputs["LambdaRoleName"]
    settings["aws_environment_variables"] = {
        **stage.environment,
        "DJANGO_ALLOWED_HOSTS": stage.allowed_hosts(),
        "DYNAMODB_TABLE_PREFIX": outputs["TablePrefix"],
        "STATIC_BUCKET": outputs["StaticBucket"],
        "STATIC_CDN_DOMAIN": outputs["StaticCdnDomain"],
    }
    BUILD.mkdir(exist_ok=True)
    path = BUILD / f"zappa_settings.{stage.name}.json"
    path.write_text(json.dumps({stage.name: settings}, indent=4))
    return path


def package(stage: Stage, settings: Path) -> Path:
    """`make package` with the completed settings, unless the last one is still current.

    The function's environment is not part of the package (Zappa sets it on the
    function), so it is left out of what decides.
    """
    archive = BUILD / f"{stage.name}.zip"
    inputs = archive.with_suffix(".inputs")
    wanted = _package_inputs(stage, settings)
    if archive.exists() and inputs.exists() and inputs.read_text() == wanted:
        print(f"{archive.name}: sources and settings unchanged, package kept.")
        return archive
    _run(
        [
            "make",
            "--no-print-directory",
            "package",
            f"STAGE={stage.name}",
            f"ZAPPA_SETTINGS={settings}",
            f"PACKAGE={archive}",
            f"ARCH={stage.architecture}",
        ]
    )
    architecture_check(stage, archive)
    # As they are now: a first build also makes the Lambda env, whose stamp is an input.
    inputs.write_text(_package_inputs(stage, settings))
    return archive


def architecture_check(stage: Stage, archive: Path) -> dict[str, str]:
    """Refuse a package holding a compiled file for another machine than the stage's."""
    compiled = compiled_files(archive)
    wrong = foreign(compiled, stage.architecture)
    if wrong:
        archive.unlink()
        raise Refused(
            f"{archive.name} is for {stage.architecture}, but these compiled files are not: "
            + ", ".join(f"{path} ({machine})" for path, machine in sorted(wrong.items()))
            + f". Its wheels must be for {stage.architecture} (make package ARCH=…)."
        )
    print(f"{archive.name}: {len(compiled)} compiled files, all for {stage.architecture}.")
    return compiled


def _package_inputs(stage: Stage, settings: Path) -> str:
    zappa_settings = dict(json.loads(settings.read_text())[stage.name])
    zappa_settings.pop("aws_environment_variables")
    paths = [PROJECT_DIR / name for name in SOURCES] + [lambda_env_stamp(stage.architecture)]
    files = [f for p in paths for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file()]
    newest = max((f.stat().st_mtime_ns for f in files if "__pycache__" not in f.parts), default=0)
    return json.dumps({"settings": zappa_settings, "newest_source": newest}, sort_keys=True)


def package_digest(archive: Path) -> str:
    """A digest of the package's files and their contents (CRC), without Zappa's build stamp."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(archive) as zipped:
        for info in sorted(zipped.infolist(), key=lambda i: i.filename):
            if info.filename != BUILD_STAMP:
                digest.update(f"{info.filename}\0{info.CRC}\0{info.file_size}\n".encode())
    return digest.hexdigest()


def with_digest(stage: Stage, settings: Path, archive: Path) -> None:
    """Put the package's digest into the function's environment (``PACKAGE_DIGEST``)."""
    document = json.loads(settings.read_text())
    document[stage.name]["aws_environment_variables"]["PACKAGE_DIGEST"] = package_digest(archive)
    settings.write_text(json.dumps(document, indent=4))


def zappa(command: str, stage: Stage, settings: Path, *arguments: str) -> None:
    _run([str(ZAPPA), command, stage.name, "-s", str(settings), *arguments])


def function(lambda_client, stage: Stage) -> dict | None:
    try:
        return lambda_client.get_function(FunctionName=stage.function_name)
    except ClientError as error:
        if error.response["Error"]["Code"] == "ResourceNotFoundException":
            return None
        raise


def code_unchanged(lambda_client, stage: Stage, settings: Path) -> bool:
    """True when the function already runs this package (its digest) with these settings."""
    deployed = function(lambda_client, stage)
    if deployed is None:
        return False
    config = deployed["Configuration"]
    wanted = json.loads(settings.read_text())[stage.name]
    return (
        config.get("Environment", {}).get("Variables", {}) == wanted["aws_environment_variables"]
        and config["MemorySize"] == wanted["memory_size"]
        and config["Timeout"] == wanted["timeout_seconds"]
        and config["Role"].endswith(f":role/{wanted['role_name']}")
    )


def outputs(cloudformation, lambda_client, stage: Stage) -> ZappaOutputs | None:
    """What Zappa made, if it has made the function and its HTTP API."""
    deployed = function(lambda_client, stage)
    if deployed is None:
        return None
    try:
        api = cloudformation.describe_stack_resource(
            StackName=stage.function_name, LogicalResourceId=API_LOGICAL_ID
        )["StackResourceDetail"]["PhysicalResourceId"]
    except ClientError:
        return None
    target = deployed["Configuration"]["FunctionArn"]
    if stage.snap_start:
        target = lambda_client.get_alias(FunctionName=stage.function_name, Name=SNAPSTART_ALIAS)[
            "AliasArn"
        ]
    return ZappaOutputs(api_id=api, target_arn=target)


def _run(command: list[str], env: dict | None = None) -> None:
    print("$ " + " ".join(str(part) for part in command), flush=True)
    started = time.monotonic()
    subprocess.run(command, cwd=PROJECT_DIR, env=env, check=True)
    print(f"  ({time.monotonic() - started:.0f} s)", flush=True)
