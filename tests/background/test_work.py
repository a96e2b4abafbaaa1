"""Work recorded with a change runs from the work table's stream, in bounded pieces."""

from apps.core.background.models import WorkPiece
from tests.background.probe.handlers import probe_item_create_with_work
from tests.background.probe.models import ProbeEffect, ProbeItem


def pieces_written() -> list[int]:
    return sorted(e.value for e in ProbeEffect.scan() if e.key.startswith("piece#"))


def test_work_recorded_with_the_change_is_done_in_pieces_of_the_cap(streams, counter, settings):
    settings.BACKGROUND_PIECE_SIZE = 3
    probe_item_create_with_work("enterprise", total=10)
    assert ProbeItem.get("enterprise")  # the change the user sees is there at once
    assert pieces_written() == []

    streams.drain()

    assert pieces_written() == list(range(10))
    assert counter() == 10 + 1  # the pieces' count, and the probe item's INSERT
    pieces = list(WorkPiece.scan())
    assert sorted(p.piece for p in pieces) == [0, 1, 2, 3]
    assert all(p.done_at and p.pending is None for p in pieces)
