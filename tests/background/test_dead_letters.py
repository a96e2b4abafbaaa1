"""A record a handler keeps failing on goes whole to the dead letters; the rest flows on.

``manage.py dead_letters`` lists, replays and discards them.
"""

import json
import logging
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from apps.core.background.dead_letters import dead_letter_record, dead_letters_list
from apps.core.background.streams import stream_arn, stream_shards
from tests.background.probe.models import ProbeEffect, ProbeItem
from tests.support.background import stream_records


def dead_letters(*args) -> str:
    out = StringIO()
    call_command("dead_letters", *args, stdout=out)
    return out.getvalue()


def copied(name: str) -> bool:
    return ProbeEffect.count(f"copy#{name}") == 1


@pytest.fixture
def poisoned(streams, counter, fast_retries, caplog):
    """Three items written, the middle one poison, and the streams drained."""
    for name, poison in (("picard", False), ("q", True), ("riker", False)):
        ProbeItem(name=name, poison=poison).save()
    with caplog.at_level(logging.INFO, logger="apps.core.background"):
        streams.drain()
    [letter] = dead_letters_list(source="probe_items")
    return letter


def test_a_poison_record_is_dead_lettered_whole_and_the_rest_is_handled(poisoned, counter, caplog):
    assert copied("picard")
    assert copied("riker")
    assert not copied("q")
    assert counter() == 2

    record = dead_letter_record(poisoned)
    assert record["eventName"] == "INSERT"
    assert record["eventSourceARN"] == stream_arn(ProbeItem)
    assert record["dynamodb"]["NewImage"]["name"] == {"S": "q"}
    assert record["dynamodb"]["NewImage"]["poison"] == {"BOOL": True}
    assert record["eventID"] == poisoned.event_id
    assert poisoned.handler == "tests.background.probe.handlers.probe_changed"
    assert poisoned.attempts == settings.BACKGROUND_ATTEMPTS
    assert poisoned.error == "ValueError: q is poison"

    logged = [record.getMessage() for record in caplog.get_records("setup")]
    [letter_line] = [line for line in logged if line.startswith("Dead letter")]
    assert poisoned.event_id in letter_line
    [batch_line] = [line for line in logged if line.startswith("Stream probe_items")]
    assert "3 records handled, 1 dead-lettered" in batch_line


def test_replay_runs_the_handler_again_and_removes_the_letter(poisoned, counter, settings):
    listed = dead_letters("list")
    assert f"probe_items {poisoned.event_id}" in listed
    assert "ValueError: q is poison" in listed

    settings.PROBE_POISON_CURED = True
    assert "Would replay" in dead_letters("replay", "--dry-run")
    assert list(dead_letters_list()) != []
    assert not copied("q")

    assert "1 replayed, 0 still dead letters" in dead_letters("replay")
    assert copied("q")
    assert counter() == 3
    assert list(dead_letters_list()) == []


def test_a_replay_that_fails_again_keeps_the_letter_and_counts(poisoned):
    with pytest.raises(CommandError, match="1 records failed again"):
        dead_letters("replay", poisoned.event_id)
    [letter] = dead_letters_list()
    assert letter.attempts == 2 * settings.BACKGROUND_ATTEMPTS


def test_discard_asks_which_then_deletes_without_doing_the_work(poisoned):
    with pytest.raises(CommandError, match="or give --all"):
        dead_letters("discard")
    assert "would be discarded" in dead_letters("discard", "--all", "--dry-run")
    assert len(list(dead_letters_list())) == 1

    assert "1 dead letters discarded" in dead_letters("discard", poisoned.event_id)
    assert list(dead_letters_list()) == []
    assert not copied("q")


def test_a_batch_the_on_failure_destination_received_is_recovered_whole(streams, counter, tmp_path):
    """Its message says only where the batch was; the records come back from the stream."""
    for name in ("guinan", "ro"):
        ProbeItem(name=name).save()
    records = stream_records(ProbeItem)[-2:]
    message = {
        "requestContext": {"condition": "RetryAttemptsExhausted", "approximateInvokeCount": 4},
        "DDBStreamBatchInfo": {
            "shardId": stream_shards(stream_arn(ProbeItem))[-1].shard_id,
            "startSequenceNumber": records[0]["dynamodb"]["SequenceNumber"],
            "endSequenceNumber": records[1]["dynamodb"]["SequenceNumber"],
            "batchSize": 2,
            "streamArn": stream_arn(ProbeItem),
        },
    }
    received = tmp_path / "received.json"
    received.write_text(json.dumps({"Messages": [{"Body": json.dumps(message)}]}))

    assert "2 dead letters written" in dead_letters("recover", str(received))
    letters = sorted(dead_letters_list(), key=lambda letter: letter.sequence)
    assert [dead_letter_record(letter) for letter in letters] == records
    assert all(letter.attempts == 4 for letter in letters)
    assert "on-failure destination (RetryAttemptsExhausted)" in letters[0].error

    assert "2 replayed" in dead_letters("replay")
    assert copied("guinan")
    assert copied("ro")
