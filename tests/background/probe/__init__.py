"""A test-only app whose table's stream and recorded work exercise apps/core/background.

Installed by tests/settings.py only. ``ProbeItem`` has a stream; its handler
``probe_changed`` keeps in ``probe_effects``, for each record it is given:
a copy of the item (written only over a copy of an older change, a tombstone
when the item goes: order tolerant), a count of records applied (with a
receipt in the same transaction: idempotent), and a note when the item
expired. An item can ask the handler to fail (``poison``) or to kill the
process it runs in (``die``, once).
"""
