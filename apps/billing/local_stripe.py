"""Start and stop localstripe, the stand-in for Stripe that local runs and tests pay against.

localstripe (PyPI, requirements-dev.txt; never in the Lambda package) is a
stateful server that speaks Stripe's API, serves a stand-in Stripe.js at
``/js.stripe.com/v3/`` and sends signed webhooks. It is started as DynamoDB
Local is (apps/core/dynamodb/local.py): detached for ``make run``, dying with
its parent for the tests. Its own entry point binds every interface and keeps
its state in ``/tmp/localstripe.pickle``, which every instance on the machine
would share; ``serve`` (run as ``python -m apps.billing.local_stripe``) binds
127.0.0.1 only and keeps the state in the file it is given, or none.

Plain functions, no Django: the test plugin uses them before settings exist.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from apps.core.dynamodb.local import LauncherError, die_with_parent, free_port, port_free

__all__ = ["LauncherError", "free_port", "port_free"]

WEBHOOK_ID = "site"  # localstripe keeps one endpoint per id: registering again replaces it
# The events the site's webhook takes (apps/billing/webhooks.py); Stripe's dashboard too.
WEBHOOK_EVENTS = ("payment_intent.succeeded", "charge.refunded")
PORT_RECORD = Path("data") / "localstripe.port"


def command(port: int, state: Path | None) -> list[str]:
    args = [sys.executable, "-m", "apps.billing.local_stripe", "--port", str(port)]
    return args + (["--state", str(state)] if state else [])


def start(
    port: int, *, state: Path | None, log: Path, detached: bool = False, timeout: float = 60.0
) -> subprocess.Popen:
    """Start localstripe and wait until it answers (see DynamoDB Local's ``start``)."""
    with open(log, "ab") as output:
        process = subprocess.Popen(
            command(port, state),
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd=Path(__file__).resolve().parents[2],
            start_new_session=detached,
            preexec_fn=None if detached else die_with_parent,
        )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise LauncherError(f"localstripe exited with status {process.returncode}; see {log}")
        if answers(port):
            return process
        time.sleep(0.05)
    process.kill()
    raise LauncherError(f"localstripe did not answer on port {port} within {timeout:.0f} s")


def answers(port: int) -> bool:
    """True when localstripe (its Stripe.js, not just any server) answers on the port."""
    try:
        # Always http://127.0.0.1:<port>/..., built here.
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/js.stripe.com/v3/", timeout=1
        ) as response:
            return b"localstripe" in response.read(4096)
    except OSError:
        return False


def webhook_register(port: int, *, url: str, secret: str) -> None:
    """Point localstripe's webhooks at the site's endpoint, signed with ``secret``."""
    body = json.dumps({"url": url, "secret": secret, "events": list(WEBHOOK_EVENTS)}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/_config/webhooks/{WEBHOOK_ID}",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=5):  # noqa: S310 - loopback, built here
        pass


def serve(port: int, state: Path | None) -> None:
    """Run localstripe on 127.0.0.1:``port``, its state in ``state`` (None: in memory)."""
    import logging
    import pickle

    from aiohttp import web
    from localstripe import resources, server

    store = resources.store

    def dump() -> None:
        if state is not None:
            temporary = state.with_suffix(".tmp")
            temporary.write_bytes(pickle.dumps(dict(store), protocol=pickle.HIGHEST_PROTOCOL))
            temporary.replace(state)

    store.dump_to_disk = dump  # instead of /tmp/localstripe.pickle, shared machine-wide
    if state is not None and state.exists():
        # The checkout's own file, written by this function.
        dict.update(store, pickle.loads(state.read_bytes()))  # noqa: S301
    # Requests and webhook deliveries, one line each, as localstripe's own entry point logs them.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    access = logging.getLogger("aiohttp.access")
    web.run_app(server.app, host="127.0.0.1", port=port, print=None, access_log=access)


def main() -> None:
    parser = argparse.ArgumentParser(description="localstripe on 127.0.0.1 only")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--state", type=Path)
    options = parser.parse_args()
    serve(options.port, options.state)


if __name__ == "__main__":
    main()
