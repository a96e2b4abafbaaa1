"""seed_demo gives the demo users dwipps, follows and upvotes, so Dwipper is alive at once."""

from io import StringIO

from django.core.management import call_command

from apps.dwipper.demo import DWIPPS
from apps.dwipper.models import Dwipp
from apps.dwipper.selectors import profile_state


def test_seed_demo_fills_dwipper(settings, tmp_path, client):
    settings.DYNAMODB_LOCAL_HOME = tmp_path
    call_command("seed_demo", stdout=StringIO())
    dwipps = list(Dwipp.scan())
    assert len(dwipps) == sum(len(texts) for texts in DWIPPS.values())
    assert sum(int(d.upvotes) for d in dwipps) > 0
    assert profile_state(author="picard", viewer=None).followers == 1
    assert profile_state(author="kirk", viewer=None).following == 1
    assert DWIPPS["kirk"][0] in client.get("/dwipper/").content.decode()
