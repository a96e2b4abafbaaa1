"""The local worker reads the streams at least once; the handlers make that exactly once."""

import os
import subprocess
import sys
import time
from io import StringIO

from django.core.management import call_command

from apps.core.background.consumer import batch_handle
from apps.core.background.models import ShardPosition
from apps.core.background.worker import StreamWorker
from tests.background.probe.models import ProbeEffect, ProbeItem
from tests.support.background import stream_records
from tests.support.dynamodb import PROJECT_DIR, tables_empty, tables_written_elsewhere


def effects() -> dict:
    return {e.key: (e.value, e.deleted, e.tally) for e in ProbeEffect.scan()}


def changes_write() -> None:
    """A window of changes: inserts, updates of one item, a deletion."""
    ProbeItem(name="data", value=1).save()
    ProbeItem(name="lore", value=1).save()
    for value in (2, 3):
        ProbeItem(name="data", value=value).save()
    ProbeItem(name="lore").delete()


def positions() -> list[ShardPosition]:
    return list(ShardPosition.scan())


def test_replaying_a_window_twice_leaves_the_same_state(streams, counter):
    before = positions()
    changes_write()
    streams.drain()
    once = effects()
    assert once["copy#data"] == (3, False, None)
    assert once["copy#lore"] == (None, True, None)  # a tombstone
    assert counter() == 5

    for position in before:  # back to where the window began, as a restarted worker reads it
        position.save()
    StreamWorker().drain()
    assert effects() == once


def test_records_handled_out_of_order_leave_the_same_state(streams, counter):
    changes_write()
    window = stream_records(ProbeItem)[-5:]  # what changes_write wrote
    batch_handle(list(reversed(window)))
    backwards = effects()

    tables_empty()
    ProbeEffect(key="count#total", tally=0).save()
    batch_handle(window)
    assert effects() == backwards
    assert backwards["copy#data"] == (3, False, None)
    assert backwards["copy#lore"] == (None, True, None)


def test_the_test_suites_clean_up_never_reaches_the_handlers(streams):
    ProbeItem(name="worf", value=1).save()
    streams.drain()
    assert "copy#worf" in effects()

    tables_empty()  # what the next test's clean-up does
    streams.skip_to_end()  # what the `streams` fixture does then
    streams.drain()
    assert effects() == {}  # the deletion of worf reached no handler: no tombstone


def worker_run(*args) -> subprocess.CompletedProcess:
    tables_written_elsewhere()
    return subprocess.run(
        [sys.executable, "manage.py", "stream_worker", "--until-idle", *args],
        cwd=PROJECT_DIR,
        env=os.environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_worker_killed_mid_batch_finishes_after_a_restart(streams, counter, tmp_path):
    flag = tmp_path / "died-once"
    for number in range(6):
        die = str(flag) if number == 3 else None
        ProbeItem(name=f"ensign-{number}", value=number, die=die).save()

    killed = worker_run()
    assert killed.returncode == -9, killed.stderr
    assert flag.exists()
    assert counter() == 3  # ensigns 0-2 applied, their batch's position never saved

    restarted = worker_run()
    assert restarted.returncode == 0, restarted.stderr
    assert "6 records handled" in restarted.stderr
    assert counter() == 6  # the first three delivered again, applied once
    assert {f"copy#ensign-{n}" for n in range(6)} <= effects().keys()


def worker_command(*args) -> str:
    out = StringIO()
    call_command("stream_worker", *args, stdout=out)
    return out.getvalue()


def test_the_worker_make_run_starts_handles_records_until_make_stop(
    streams, counter, settings, tmp_path
):
    settings.DYNAMODB_LOCAL_HOME = tmp_path
    tables_written_elsewhere()
    assert "Stream worker started" in worker_command("start")
    try:
        assert "running already" in worker_command("start")
        assert "The stream worker runs (pid" in worker_command("status")
        ProbeItem(name="crusher", value=1).save()
        deadline = time.monotonic() + 60
        while not ProbeEffect.count("copy#crusher") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert ProbeEffect.count("copy#crusher") == 1
    finally:
        assert "Stream worker stopped" in worker_command("stop")
    assert "does not run" in worker_command("status")
    assert not (tmp_path / "stream-worker.pid").exists()
    assert "Stream probe_items: 1 records handled" in (tmp_path / "stream-worker.log").read_text()
