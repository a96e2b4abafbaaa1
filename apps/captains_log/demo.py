"""The demo captains' log entries (CaptainsLogConfig.demo_seed, run by ``manage.py seed_demo``)."""

from datetime import UTC, datetime

from apps.accounts.selectors import username_key
from apps.captains_log.services import entry_create
from apps.core.apps import DemoRun

ENTRIES = {
    "picard": [
        (
            datetime(2026, 3, 14, 9, 30, tzinfo=UTC),
            "Farpoint Station",
            "We have arrived at Farpoint Station. The Bandi are eager to have Starfleet "
            "use their base, but something about their generosity troubles me.",
        ),
        (
            datetime(2026, 4, 2, 16, 5, tzinfo=UTC),
            "An old friend",
            "Q has appeared on the bridge again. He insists humanity is on trial. "
            "I have asked Counselor Troi to join me in the ready room.",
        ),
        (
            datetime(2026, 5, 21, 22, 40, tzinfo=UTC),
            "Tea, Earl Grey, hot",
            "A quiet evening at last. The replicator got it right on the first try.",
        ),
    ],
    "kirk": [
        (
            datetime(2026, 2, 8, 11, 0, tzinfo=UTC),
            "Shore leave",
            "The crew is beaming down for shore leave. Mr. Spock reports that the planet "
            "shows no signs of intelligent life. I am not so sure.",
        ),
        (
            datetime(2026, 6, 30, 7, 45, tzinfo=UTC),
            "The Kobayashi Maru",
            "I don't believe in the no-win scenario.",
        ),
    ],
}


def demo_seed(run: DemoRun) -> list[str]:
    """Write the log entries of the demo captains this run creates."""
    said = []
    for name in run.new_users:
        captain = username_key(name)
        entries = ENTRIES.get(captain, [])
        if not run.dry_run:
            for created, title, text in entries:
                entry_create(captain=captain, title=title, text=text, at=created)
        said.append(run.made(f"{len(entries)} log entries", name))
    return said
