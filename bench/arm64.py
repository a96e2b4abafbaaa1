"""Does the site run on arm64 (Graviton: 20 % cheaper per GB-second)? An evaluation, on demand.

    .venv/bin/python -m bench.arm64

1. builds the package from aarch64 wheels (`make package ARCH=arm64`);
2. checks that every compiled file in it (every ELF file) is for arm64, with
   deploy/compiled_files.py (which `make deploy` runs on every package it builds);
3. unpacks an arm64 CPython 3.13 from Debian's packages (trixie's, fetched with
   apt-get download into .build/, nothing installed on the machine) as a root
   for the emulator;
4. under `qemu-aarch64-static -L <that root>`, in a fresh ``python -I -S`` that
   sees only the unpacked package, imports Zappa's handler with the stage's
   environment (so Django is set up during init, as on Lambda) and serves the
   home page through it (it reads nothing from DynamoDB).

Needs qemu-user-static (`apt-get install qemu-user-static`) and apt-get.
Emulated, the times mean nothing; what counts is that it imports and answers.
On this 2-core machine under a load of 12 the emulated import took about three
minutes (2026-12-07); the run is cut off after 15.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from deploy.compiled_files import compiled_files, foreign
from tests.support.lambda_package import http_api_event, lambda_environment

PROJECT_DIR = Path(__file__).resolve().parent.parent
BUILD = PROJECT_DIR / ".build"
PACKAGE = BUILD / "arm64.zip"
TASK = BUILD / "arm64-task"
ROOT = BUILD / "arm64-root"
APT = BUILD / "arm64-apt"
QEMU = "/usr/bin/qemu-aarch64-static"
SUITE = "trixie"  # Debian 13: its python3.13 is CPython 3.13, like Lambda's runtime
DEBIAN_PACKAGES = [
    "python3.13-minimal",
    "libpython3.13-minimal",
    "libpython3.13-stdlib",
    "libc6",
    "libssl3t64",
    "zlib1g",
    "libffi8",
    "libexpat1",
    "libbz2-1.0",
    "liblzma5",
    "libzstd1",
    "libsqlite3-0",
    "libuuid1",
    "libgcc-s1",
    "libstdc++6",
    "libncursesw6",
    "libtinfo6",
    "libreadline8t64",
    "libcrypt1",
    "libdb5.3t64",
    "libmpdec4",
]
RUNNER = """
import json, os, sys, time
started = time.perf_counter()
sys.path.insert(0, os.getcwd())
import handler
imported = time.perf_counter() - started
answer = handler.lambda_handler(json.loads(sys.stdin.read()), None)
import platform
print(json.dumps({"machine": platform.machine(), "status": answer["statusCode"],
                  "import_seconds": imported}))
"""


def build() -> None:
    subprocess.run(
        [
            "make",
            "--no-print-directory",
            "package",
            "STAGE=dev",
            "ARCH=arm64",
            f"PACKAGE={PACKAGE}",
        ],
        cwd=PROJECT_DIR,
        check=True,
        capture_output=True,
    )
    subprocess.run(["rm", "-rf", str(TASK)], check=True)
    with zipfile.ZipFile(PACKAGE) as zipped:
        zipped.extractall(TASK)


def python_root() -> Path:
    """An arm64 CPython 3.13 from Debian's packages, unpacked (not installed) under .build/."""
    python = ROOT / "usr" / "bin" / "python3.13"
    if python.exists():
        return python
    for folder in ("etc/apt/preferences.d", "var/lib/apt/lists/partial", "var/lib/dpkg", "debs"):
        (APT / folder).mkdir(parents=True, exist_ok=True)
    (APT / "var/lib/dpkg/status").touch()
    (APT / "etc/apt/sources.list").write_text(
        f"deb [arch=arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] "
        f"http://deb.debian.org/debian {SUITE} main\n"
    )
    apt = [
        "apt-get",
        f"-o=Dir={APT}",
        f"-o=Dir::State::status={APT}/var/lib/dpkg/status",
        "-o=APT::Architecture=arm64",
        "-o=APT::Architectures=arm64",
        "-o=APT::Sandbox::User=root",
    ]
    subprocess.run([*apt, "update", "-qq"], check=True)
    subprocess.run([*apt, "download", "-qq", *DEBIAN_PACKAGES], cwd=APT / "debs", check=True)
    for deb in sorted((APT / "debs").glob("*.deb")):
        subprocess.run(["dpkg-deb", "-x", str(deb), str(ROOT)], check=True)
    (ROOT / "lib").symlink_to("usr/lib")  # merged /usr: the loader is asked for as /lib/…
    return python


def run_emulated(python: Path) -> dict:
    environment = lambda_environment("http://127.0.0.1:9", "arm64-")  # no DynamoDB call
    result = subprocess.run(
        [QEMU, "-L", str(ROOT), str(python), "-I", "-S", "-c", RUNNER],
        cwd=TASK,
        env=environment,
        input=json.dumps(http_api_event("/")),
        capture_output=True,
        text=True,
        timeout=900,
    )
    if result.returncode != 0:
        raise SystemExit(f"The handler failed under emulation:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    if not Path(QEMU).exists():
        sys.exit("qemu-aarch64-static is missing: apt-get install qemu-user-static")
    started = time.monotonic()
    print("Building the package from aarch64 wheels (make package ARCH=arm64)...")
    build()
    compiled = compiled_files(PACKAGE)
    others = foreign(compiled, "arm64")
    print(f"{len(compiled)} compiled files in the package, {len(others)} not for arm64")
    for path, machine in sorted(compiled.items()):
        print(f"  {machine:8} {path}")
    if others:
        sys.exit("Not every compiled file is for arm64: the package cannot run on arm64.")
    python = python_root()
    version = subprocess.run(
        [QEMU, "-L", str(ROOT), str(python), "-c", "import sys; print(sys.version)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    print(f"Emulated Python: {version}")
    answer = run_emulated(python)
    print(
        f"Under qemu-aarch64-static: machine {answer['machine']}, handler imported "
        f"(Django set up) in {answer['import_seconds']:.1f} s emulated, "
        f"home page answered {answer['status']}"
    )
    print(f"({time.monotonic() - started:.0f} s in all)")
    if answer["status"] != 200 or answer["machine"] != "aarch64":
        sys.exit("The package does not work on arm64.")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_project.settings")
    main()
