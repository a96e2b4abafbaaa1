"""Scheduled sweeps: work that must happen without traffic, locally and on AWS alike.

An app lists its sweeps in its AppConfig's ``scheduled_sweeps``
(apps/core/background/registry.py), each a ``Sweep``: a name, a function of
the current time, and how often it runs. ``sweeps_run`` runs those that are
due; the local worker calls it every ``SWEEP_CHECK`` seconds, and on AWS a
schedule rule aimed at the function's alias calls it through Zappa's handler
(apps/core/background/aws.py) every five minutes, so no sweep runs more often
than that there. A sweep is claimed before it runs (``SweepRun``), so
overlapping callers never run it twice in its period; a sweep that failed
runs again in its next period.

Sweeps that come with the engine: the stuck-work sweep
(apps/core/background/work.py). For items whose TTL deletion is late (AWS
deletes expired items up to about two days after their time), an app's sweep
finds them by an index of its own and removes them with
``expired_items_delete``: each is deleted only if its time has really come,
and its stream's REMOVE reaches the handlers as an expiry
(``StreamRecord.expired``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from apps.core.background.models import SweepRun
from apps.core.background.registry import scheduled_sweeps
from apps.core.dynamodb.deadline import request_scope
from apps.core.dynamodb.models import TableModel
from apps.core.dynamodb.writes import ConditionFailed, item_create, item_delete

logger = logging.getLogger("apps.core.background")

SWEEP_CHECK = 15  # seconds between the local worker's looks for due sweeps
# Schedules fire a little early or late: a sweep whose period has nearly passed is due.
SCHEDULE_SLACK = timedelta(seconds=30)


@dataclass(frozen=True)
class Sweep:
    name: str
    run: Callable[[datetime], object]  # gets the current time; what it returns is logged
    every: timedelta


class SweepsFailed(RuntimeError):
    """One or more sweeps raised (each is in the log); the others ran."""


def sweeps_run(now: datetime | None = None) -> list[str]:
    """Run every sweep that is due; the names of those that ran."""
    now = now or timezone.now()
    ran, failed = [], []
    for sweep in scheduled_sweeps():
        if not _claimed(sweep, now):
            continue
        try:
            with request_scope(settings.BACKGROUND_RECORD_BUDGET):
                result = sweep.run(now)
        # A failing sweep must not keep the others from running; it is logged
        # whole here and reported at the end.
        except Exception:
            logger.exception("Sweep %s failed", sweep.name)
            failed.append(sweep.name)
            continue
        logger.info("Sweep %s: %s", sweep.name, result)
        ran.append(sweep.name)
    if failed:
        raise SweepsFailed(f"Sweeps failed: {', '.join(failed)}")
    return ran


def expired_items_delete(items: Iterable[TableModel], now: datetime | None = None) -> int:
    """Delete those of ``items`` whose TTL time has come; how many were deleted."""
    now = now or timezone.now()
    deleted = 0
    for item in items:
        attribute = type(item)._ttl_attribute()
        try:
            item_delete(item, condition=attribute <= now, check_version=False)
        except ConditionFailed:
            continue  # given more time meanwhile, or gone
        deleted += 1
    return deleted


def _claimed(sweep: Sweep, now: datetime) -> bool:
    due = SweepRun.started <= now - sweep.every + SCHEDULE_SLACK
    try:
        item_create(SweepRun(name=sweep.name, started=now), reclaim=due)
    except ConditionFailed:
        return False
    return True
