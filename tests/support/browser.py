"""Which Chromium the browser tests drive, and how it is started.

Playwright's own browser download cannot reach its CDN from every machine, so a
Chromium already installed comes first (Debian's ``chromium`` at
/usr/bin/chromium; ``CHROMIUM=/path`` chooses another), then Playwright's own
build, installed with ``playwright install chromium`` where that works.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

INSTALLED_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_TIMEOUT_SECONDS = 300
# Without the background-networking switches Chromium keeps calling home
# (component updates, sync, field trials), which a closed network answers with
# nothing but timeouts; --no-sandbox because CI runs as root.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NO_BROWSER = (
    "NO BROWSER: the browser tests did not run. Install Chromium "
    "(Debian: apt-get install chromium) or let `playwright install chromium` download one."
)


def installed_chromium() -> str | None:
    """A Chromium on this machine: $CHROMIUM, else one on the PATH."""
    chosen = os.environ.get("CHROMIUM")
    if chosen:
        return chosen if Path(chosen).is_file() else None
    for name in INSTALLED_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def playwright_chromium(playwright) -> str | None:
    """Playwright's own Chromium, downloading it once if it is missing and the CDN answers."""
    path = Path(playwright.chromium.executable_path)
    if not path.is_file() and not os.environ.get("CHROMIUM"):
        try:
            subprocess.run(
                [sys.executable, "-m", "playwright", "install", "chromium"],
                check=False,
                timeout=INSTALL_TIMEOUT_SECONDS,
            )
        except subprocess.TimeoutExpired:
            return None
    return str(path) if path.is_file() else None
