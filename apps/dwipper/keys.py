"""Dwipper's ids and keys (see the table of keys in apps/dwipper/models.py)."""

import re
import secrets
import time

ID = re.compile(r"[0-9a-f]{20}")


def new_id() -> str:
    """12 hex digits of milliseconds, then 8 random ones: unique, and sorted by time."""
    return f"{now_ms():012x}{secrets.token_hex(4)}"


def now_ms() -> int:
    return int(time.time() * 1000)


def user_pk(user: str) -> str:
    return f"U#{user}"


def timeline_pk(user: str) -> str:
    return f"T#{user}"


def vote_sk(dwipp_id: str) -> str:
    return f"V#{dwipp_id}"


def favourite_sk(dwipp_id: str) -> str:
    return f"F#{dwipp_id}"


def following_sk(user: str) -> str:
    return f"O#{user}"


def follower_sk(user: str) -> str:
    return f"R#{user}"


PROFILE_SK = "P"
