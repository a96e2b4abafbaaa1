"""List, replay or discard dead letters: stream records a handler kept failing on.

    manage.py dead_letters list [--source work] [EVENT_ID ...]
    manage.py dead_letters replay [--source work] [EVENT_ID ...] [--dry-run]
    manage.py dead_letters discard (EVENT_ID ... | --all) [--source work] [--dry-run]
    manage.py dead_letters recover FILE ...   # `aws sqs receive-message` output, or one message

A replay runs the letter's handler on its record again, as the consumer
would (apps/core/background/consumer.py); the letter goes when that
succeeds and stays, its attempts counted, when it fails. Discarding deletes
the letter, and what its record asked for is never done. Recovering reads the
messages an event source mapping's on-failure destination received (each
names a batch of a stream: apps/core/background/dead_letters.py) and writes
the batch's records, read back from the stream, as dead letters; do it
within the stream's 24 hours. On AWS, run it with
the stage's table prefix and AWS credentials (README: Background work).
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.core.background.consumer import dead_letter_replay
from apps.core.background.dead_letters import (
    dead_letter_discard,
    dead_letters_list,
    stream_batch_recover,
)


class Command(BaseCommand):
    help = "List, replay or discard the stream records that handlers kept failing on."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list", "replay", "discard", "recover"])
        parser.add_argument(
            "event_ids",
            nargs="*",
            metavar="EVENT_ID",
            help="Only these records (eventID); for recover, files of on-failure messages.",
        )
        parser.add_argument("--source", help="Only records of this table (its logical name).")
        parser.add_argument(
            "--all",
            dest="discard_all",
            action="store_true",
            help="Discard every letter (of --source, if given).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be replayed or discarded."
        )

    def handle(self, *args, action, event_ids, source, discard_all, dry_run, **options):
        self.verbosity = options["verbosity"]
        if action == "discard" and not (event_ids or discard_all):
            raise CommandError("Name the records to discard (EVENT_ID ...), or give --all.")
        if action == "recover":
            self._recover(event_ids)
            return
        letters = self._letters(source, event_ids)
        getattr(self, f"_{action}")(letters, dry_run)

    def _letters(self, source, event_ids):
        if not event_ids:
            return list(dead_letters_list(source=source))
        return [
            letter
            for event_id in event_ids
            for letter in dead_letters_list(source=source, event_id=event_id)
        ]

    def _list(self, letters, dry_run):
        for letter in letters:
            self.stdout.write(
                f"{letter.source} {letter.event_id} sequence {letter.sequence} "
                f"{letter.handler}: {letter.attempts} attempts, last "
                f"{letter.failed_at:%Y-%m-%d %H:%M:%S} UTC: {letter.error}"
            )
        self._say(f"{len(letters)} dead letters.")

    def _replay(self, letters, dry_run):
        failed = 0
        for letter in letters:
            if dry_run:
                self._say(f"Would replay {letter.source} {letter.event_id} for {letter.handler}.")
                continue
            failure = dead_letter_replay(letter)
            failed += failure is not None
            outcome = f"failed again: {failure}" if failure else "done"
            self._say(f"Replayed {letter.source} {letter.event_id} for {letter.handler}: {outcome}")
        if not dry_run:
            self._say(f"{len(letters) - failed} replayed, {failed} still dead letters.")
        if failed:
            raise CommandError(f"{failed} records failed again; they are still dead letters.")

    def _discard(self, letters, dry_run):
        for letter in letters:
            if not dry_run:
                dead_letter_discard(letter)
            verb = "Would discard" if dry_run else "Discarded"
            self._say(f"{verb} {letter.source} {letter.event_id} for {letter.handler}.")
        self._say(f"{len(letters)} dead letters {'would be ' if dry_run else ''}discarded.")

    def _recover(self, paths):
        written = 0
        for path in paths:
            for message in _messages(json.loads(Path(path).read_text())):
                written += stream_batch_recover(message)
        self._say(f"{written} dead letters written from {len(paths)} files.")

    def _say(self, text):
        if self.verbosity >= 1:
            self.stdout.write(text)


def _messages(document: dict) -> list[dict]:
    """One on-failure message, or those of `aws sqs receive-message` output (their bodies)."""
    if "Messages" in document:
        return [json.loads(message["Body"]) for message in document["Messages"]]
    return [document]
