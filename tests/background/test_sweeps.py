"""Scheduled sweeps: stuck work is run again, items whose TTL deletion is late are removed."""

from datetime import timedelta

from django.utils import timezone

from apps.core.background.models import SweepRun, WorkPiece
from apps.core.background.sweeps import sweeps_run
from apps.core.background.work import work_start
from tests.background.probe.handlers import EXPIRING, probe_pieces
from tests.background.probe.models import ProbeEffect, ProbeItem


def test_work_whose_record_was_lost_is_run_again_by_the_sweep(streams, counter):
    piece = work_start(probe_pieces, {"total": 2})
    streams.skip_to_end()  # as if its record had gone to the dead letters

    assert "background.stuck_work" in sweeps_run()
    streams.drain()
    assert WorkPiece.get(piece.work_id, 0).pending  # not stuck for long enough yet

    later = timezone.now() + timedelta(minutes=11)
    assert "background.stuck_work" in sweeps_run(later)
    assert sweeps_run(later) == []  # claimed for its period: overlapping schedules run it once
    streams.drain()

    assert WorkPiece.get(piece.work_id, 0).pending is None
    assert WorkPiece.get(piece.work_id, 0).attempts == 1
    assert counter() == 2


def test_an_item_past_its_ttl_is_removed_by_the_sweep_as_an_expiry(
    streams, counter, ttl_deletion_paused
):
    gone = timezone.now() - timedelta(seconds=5)
    ProbeItem(name="tasha", expiring=EXPIRING, expires=gone).save()
    ProbeItem(name="worf", expiring=EXPIRING, expires=gone + timedelta(days=1)).save()

    sweeps_run()
    streams.drain()

    assert ProbeItem.count("tasha") == 0
    assert ProbeItem.count("worf") == 1
    assert ProbeEffect.count("expired#tasha") == 1
    assert ProbeEffect.count("expired#worf") == 0
    assert SweepRun.count("probe.expired") == 1
