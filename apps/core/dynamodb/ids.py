"""Ids that sort by the time they were made, for range keys read newest first."""

import re
import secrets
import time

RANDOM_DIGITS = 8  # hex digits after the time: 32 random bits


def now_ms() -> int:
    return int(time.time() * 1000)


class TimeSortedIds:
    """One app's kind of time-sorted id: how it is made, its width and its pattern.

    An app writes its width once (``IDS = TimeSortedIds(time_digits=11)``) and
    derives the rest from it: ``IDS.new()``, ``IDS.pattern`` for checks, URL
    converters (``IDS.pattern.pattern``) and the OpenAPI document.
    """

    def __init__(self, *, time_digits: int) -> None:
        self.time_digits = time_digits
        self.width = time_digits + RANDOM_DIGITS
        self.pattern = re.compile(f"[0-9a-f]{{{self.width}}}")

    def new(self) -> str:
        """``time_digits`` hex digits of milliseconds, then random ones: unique, sorted by time."""
        return f"{now_ms():0{self.time_digits}x}{secrets.token_hex(RANDOM_DIGITS // 2)}"
