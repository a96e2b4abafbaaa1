"""Keeping secrets that travel in URL paths out of every log.

Some paths carry a secret: the password-reset link's token, a capability
token in an API path. Zappa logs every request line and Django logs the path
of every 4xx answer, so the one console handler of settings.LOGGING runs this
filter on every record, whoever logged it, and each path under a prefix in
``settings.LOG_SECRET_PATH_PREFIXES`` keeps its prefix and loses the rest.
"""

from __future__ import annotations

import logging
import re
from functools import cache

from django.conf import settings

REDACTED = "[redacted]"


class SecretPathFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = secret_paths_redacted(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def secret_paths_redacted(text: str) -> str:
    """``text`` with what follows each secret path prefix replaced by [redacted]."""
    pattern = _secret_path_pattern(tuple(settings.LOG_SECRET_PATH_PREFIXES))
    return pattern.sub(lambda match: match.group(1) + REDACTED, text) if pattern else text


@cache
def _secret_path_pattern(prefixes: tuple[str, ...]) -> re.Pattern | None:
    if not prefixes:
        return None
    # A prefix is matched anywhere (behind a stage name, in a Referer, percent-
    # encoded slashes aside); the secret runs to the next space, quote or query.
    alternatives = "|".join(re.escape(prefix) for prefix in prefixes)
    return re.compile(f"({alternatives})[^\\s\"'?#]+")
