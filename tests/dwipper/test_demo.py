"""seed_demo gives the demo users dwipps, follows, upvotes and a conversation: Dwipper is alive."""

from io import StringIO

from django.core.management import call_command

from apps.dwipper.demo import DWIPPS, REPLIES
from apps.dwipper.models import Dwipp
from apps.dwipper.selectors import profile_state


def test_seed_demo_fills_dwipper(settings, tmp_path, client):
    settings.DYNAMODB_LOCAL_HOME = tmp_path
    call_command("seed_demo", stdout=StringIO())
    dwipps = list(Dwipp.scan())
    assert len(dwipps) == sum(len(texts) for texts in DWIPPS.values()) + len(REPLIES)
    reply, answer = sorted((d for d in dwipps if d.parent), key=lambda d: d.dwipp_id)
    assert (reply.replies, answer.parent) == (1, reply.dwipp_id)
    assert {reply.text, answer.text} == set(REPLIES.values())
    thread = client.get(f"/dwipper/d/{reply.dwipp_id}/").content.decode()
    assert "1 reply" in thread
    assert sum(int(d.upvotes) for d in dwipps) > 0
    assert profile_state(author="picard", viewer=None).followers == 1
    assert profile_state(author="kirk", viewer=None).following == 1
    assert DWIPPS["kirk"][0] in client.get("/dwipper/").content.decode()
