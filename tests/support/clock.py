"""A clock that stands still until the test moves it.

Expiry tests used to sleep past a short timeout, and so also assumed that the
calls before the sleep finished within it: on a loaded machine they did not.
With ``Clock`` time moves only when the test says so. It replaces
``time.time`` (Django's cache backends and the site's cache read it),
``django.utils.timezone.now`` (sessions and their expiry dates) and the
password-reset token generator's ``_now``, the hook Django keeps for this.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils import timezone


class Clock:
    def __init__(self, monkeypatch) -> None:
        self.now = time.time()
        monkeypatch.setattr(time, "time", lambda: self.now)
        monkeypatch.setattr(timezone, "now", lambda: datetime.fromtimestamp(self.now, UTC))
        # Naive local time, as the generator's own datetime.now().
        monkeypatch.setattr(
            PasswordResetTokenGenerator, "_now", lambda generator: datetime.fromtimestamp(self.now)
        )

    def advance(self, seconds: float) -> None:
        self.now += seconds
