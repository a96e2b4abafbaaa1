"""Dwipps and reports in the admin: staff find, hide, show and delete any dwipp; reports listed."""

import pytest

from apps.dwipper.models import Report, Social
from apps.dwipper.selectors import dwipp_get
from apps.dwipper.services import report_create, upvote_toggle
from tests.dwipper.conftest import post_as
from tests.support.accounts import sign_in, staff_create

DWIPPS, REPORTS = "/admin/dwipper/dwipp/", "/admin/dwipper/report/"


@pytest.fixture
def staff(client_factory):
    from django.test import Client

    staff = Client()
    sign_in(staff, staff_create("Janeway", "janeway@voyager.example"))
    return staff


def test_staff_find_hide_and_show_a_dwipp(staff, signed_in, riker):
    dwipp = post_as("Riker", "Borderline")
    post_as("Picard", "Fine")
    listed = staff.get(DWIPPS, {"q": "Riker"}).context["cl"].result_list
    assert [row.dwipp_id for row in listed] == [dwipp.dwipp_id]
    assert len(staff.get(DWIPPS).context["cl"].result_list) == 2
    change = f"{DWIPPS}{dwipp.dwipp_id}/change/"
    assert "Borderline" in staff.get(change).content.decode()
    response = staff.post(change, {"hidden": "on", "loaded_version": ""})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert dwipp_get(dwipp.dwipp_id).hidden
    assert "Borderline" not in signed_in.get("/dwipper/").content.decode()
    action = {"action": "show", "_selected_action": [dwipp.dwipp_id]}
    assert staff.post(DWIPPS, action).status_code == 302
    assert not dwipp_get(dwipp.dwipp_id).hidden
    assert "Borderline" in signed_in.get("/dwipper/").content.decode()


def test_staff_delete_any_dwipp_with_its_records(staff, riker, streams):
    dwipp = post_as("Riker", "Over the line")
    upvote_toggle(user="janeway", dwipp_id=dwipp.dwipp_id, on=True)
    report_create(reporter="janeway", dwipp_id=dwipp.dwipp_id)
    delete = f"{DWIPPS}{dwipp.dwipp_id}/delete/"
    assert "Its upvotes, favourites" in staff.get(delete).content.decode()
    assert staff.post(delete, {"post": "yes"}).status_code == 302
    assert dwipp_get(dwipp.dwipp_id) is None
    streams.drain()  # the clean-up the deletion recorded
    assert [r for r in Social.scan() if r.dwipp_ref == dwipp.dwipp_id] == []
    assert list(Report.scan()) == []


def test_reports_are_listed_and_lead_to_their_dwipp(staff, signed_in, riker):
    dwipp = post_as("Riker", "Reported")
    signed_in.post(f"/dwipper/d/{dwipp.dwipp_id}/report", {"reason": "Rude <b>words</b>"})
    content = staff.get(REPORTS).content.decode()
    assert "Rude &lt;b&gt;words&lt;/b&gt;" in content
    assert f'href="{DWIPPS}{dwipp.dwipp_id}/change/"' in content
    found = staff.get(REPORTS, {"q": dwipp.dwipp_id}).context["cl"].result_list
    assert [row.reporter for row in found] == ["picard"]
    assert signed_in.get(DWIPPS).status_code == 302  # not staff: the admin's sign-in


def test_the_admin_lists_a_reply_with_a_link_to_its_parent_and_deleting_it_moves_the_count(
    staff, riker
):
    from apps.dwipper.services import dwipp_create

    parent = post_as("Picard", "Parent")
    reply = dwipp_create(author="riker", author_name="Riker", text="Child", parent=parent.dwipp_id)
    listing = staff.get(DWIPPS).content.decode()
    assert f'<a href="{DWIPPS}{parent.dwipp_id}/change/">{parent.dwipp_id}</a>' in listing
    change = staff.get(f"{DWIPPS}{reply.dwipp_id}/change/").content.decode()
    assert f'href="{DWIPPS}{parent.dwipp_id}/change/"' in change
    assert dwipp_get(parent.dwipp_id).replies == 1
    delete = f"{DWIPPS}{reply.dwipp_id}/delete/"
    assert staff.post(delete, {"post": "yes"}).status_code == 302
    assert dwipp_get(parent.dwipp_id).replies == 0
