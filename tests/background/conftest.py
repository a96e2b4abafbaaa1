"""The probe app's counter, and retries without long pauses.

Models are imported inside the fixtures: this file loads before Django is set up.
"""

import pytest


@pytest.fixture
def counter(streams):
    """The probe's count of applied records, at zero (tests/background/probe)."""
    from tests.background.probe.handlers import COUNTER
    from tests.background.probe.models import ProbeEffect

    ProbeEffect(key=COUNTER, tally=0).save()
    return lambda: ProbeEffect.get(COUNTER).tally


@pytest.fixture
def fast_retries(settings):
    settings.BACKGROUND_RETRY_PAUSE = 0.01
