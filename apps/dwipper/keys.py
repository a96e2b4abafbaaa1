"""Dwipper's ids and keys (see the table of keys in apps/dwipper/models.py)."""

import re

from apps.core.dynamodb.ids import time_sorted_id

ID = re.compile(r"[0-9a-f]{20}")


def new_id() -> str:
    """A new id: 12 hex digits of milliseconds, then 8 random ones."""
    return time_sorted_id(12)


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
