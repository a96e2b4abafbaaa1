"""Ids that sort by the time they were made, for range keys read newest first."""

import secrets
import time


def now_ms() -> int:
    return int(time.time() * 1000)


def time_sorted_id(time_digits: int) -> str:
    """``time_digits`` hex digits of milliseconds, then 8 random ones: unique, sorted by time."""
    return f"{now_ms():0{time_digits}x}{secrets.token_hex(4)}"
