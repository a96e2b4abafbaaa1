"""Captain's log entries in the admin: listed per captain, edited and deleted through the
services, a stale form refused."""

from apps.captains_log.selectors import entry_get
from apps.captains_log.services import entry_create, entry_update

ENTRIES = "/admin/captains_log/logentry/"


def test_a_captains_entries_are_listed_newest_first_and_oldest_first(riker, picard):
    for title in ("First", "Second", "Third"):
        entry_create(captain="picard", title=title, text="…")
    newest = riker.get(ENTRIES, {"q": "Picard"})
    assert [e.title for e in newest.context["cl"].result_list] == ["Third", "Second", "First"]
    oldest = riker.get(ENTRIES, {"q": "Picard", "o": "3"})
    assert [e.title for e in oldest.context["cl"].result_list] == ["First", "Second", "Third"]


def test_staff_edit_an_entry_and_a_form_opened_before_another_edit_is_refused(riker, picard):
    entry = entry_create(captain="picard", title="Farpoint", text="Q appeared.")
    url = f"{ENTRIES}picard_2F{entry.entry_id}/change/"
    form = riker.get(url).context["adminform"].form
    version = form["loaded_version"].value()
    fields = {
        "title": "Encounter at Farpoint",
        "text": "Q appeared. Twice.",
        "loaded_version": version,
    }
    assert riker.post(url, fields)["Location"] == ENTRIES
    assert entry_get(captain="picard", entry_id=entry.entry_id).title == "Encounter at Farpoint"
    stale = riker.post(url, {**fields, "title": "Stale"})
    assert "was changed somewhere else since this form was opened" in stale.content.decode()
    assert entry_get(captain="picard", entry_id=entry.entry_id).title == "Encounter at Farpoint"
    # The captain edits it too: the admin's form, opened before, is refused.
    form = riker.get(url).context["adminform"].form
    current = entry_get(captain="picard", entry_id=entry.entry_id)
    entry_update(current, title="By the captain", text="…", version=current.version)
    fields.update(loaded_version=form["loaded_version"].value(), title="Admin")
    assert "was changed somewhere else" in riker.post(url, fields).content.decode()
    assert entry_get(captain="picard", entry_id=entry.entry_id).title == "By the captain"


def test_staff_add_an_entry_for_an_existing_captain_only(riker, picard):
    refused = riker.post(f"{ENTRIES}add/", {"captain": "nobody", "title": "T", "text": "x"})
    assert "No account has this username." in refused.content.decode()
    response = riker.post(f"{ENTRIES}add/", {"captain": "Picard", "title": "Added", "text": "x"})
    assert response.status_code == 302
    listed = riker.get(ENTRIES, {"q": "picard"}).context["cl"].result_list
    assert [e.title for e in listed] == ["Added"]


def test_staff_delete_an_entry_after_confirming(riker, picard):
    entry = entry_create(captain="picard", title="Farpoint", text="…")
    url = f"{ENTRIES}picard_2F{entry.entry_id}/delete/"
    assert "Farpoint" in riker.get(url).content.decode()
    assert riker.post(url, {"post": "yes"})["Location"] == ENTRIES
    assert entry_get(captain="picard", entry_id=entry.entry_id) is None
