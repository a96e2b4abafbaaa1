"""Reading, adding, editing and deleting log entries."""

from datetime import UTC, datetime, timedelta

import pytest
from django.template import Context, Template

from apps.accounts.selectors import username_key
from apps.captains_log.models import LogEntry
from apps.captains_log.services import ENTRY_CHANGED, entry_create
from apps.captains_log.stardates import stardate
from apps.core.dynamodb.storable import NUMBER_TOO_LONG
from tests.support.accounts import PASSWORD, account_create
from tests.support.cursors import first_page_with_note, query, spoiled
from tests.support.dynamodb import item_count

PICARD = username_key("Picard")


def test_an_empty_log_invites_a_first_entry(signed_in):
    content = signed_in.get("/log/").content.decode()
    assert "Your log is empty" in content
    assert 'href="/log/new/"' in content


def test_adding_an_entry_shows_it_with_its_stardate(signed_in):
    response = signed_in.post(
        "/log/new/", {"title": "Farpoint", "text": "We have arrived."}, follow=True
    )
    [entry] = LogEntry.query(PICARD)
    assert response.redirect_chain == [(f"/log/{entry.entry_id}/", 302)]
    content = response.content.decode()
    assert f"Entry recorded, stardate {entry.stardate}." in content
    assert "Farpoint" in content
    assert "We have arrived." in content
    assert entry.stardate == stardate(entry.created)


def test_the_log_lists_newest_first_with_stardates(signed_in):
    start = datetime(2026, 3, 1, tzinfo=UTC)
    for day, title in enumerate(["First", "Second", "Third"]):
        entry_create(captain=PICARD, title=title, text="...", at=start + timedelta(days=day))
    content = signed_in.get("/log/").content.decode()
    assert content.index("Third") < content.index("Second") < content.index("First")
    assert f"Stardate {stardate(start)}" in content


LONG_TEXTS = [
    "We have arrived.",
    "Line one.\nLine two,\r\nthree & <four>.",
    " ".join(f"word{n}" for n in range(55)),
    "x" * 400,
    " ".join(["A" * 9] * 39) + " end …",
]


def test_the_log_shows_what_the_filters_it_used_made_of_each_text(signed_in):
    # The view cuts each entry's text for the list (captains_log/views.py) with the
    # filters the template chained before: the same text, escaped the same way.
    for n, text in enumerate(LONG_TEXTS):
        entry_create(captain=PICARD, title=f"T{n}", text=text)
    content = signed_in.get("/log/").content.decode()
    chain = Template("{{ text|truncatewords:40|clip:300|linebreaksbr }}")
    for text in LONG_TEXTS:
        assert f"<p>{chain.render(Context({'text': text}))}</p>" in content
    assert "word39 …</p>" in content
    assert "&lt;four&gt;" in content


def test_the_log_pages_through_older_and_newer_entries(signed_in, settings):
    settings.CAPTAINS_LOG_PAGE_SIZE = 3
    start = datetime(2026, 1, 1, tzinfo=UTC)
    titles = [f"Entry {n:02d}" for n in range(8)]
    for n, title in enumerate(titles):
        entry_create(captain=PICARD, title=title, text="...", at=start + timedelta(hours=n))
    newest_first = list(reversed(titles))

    def shown(response):
        return [entry.title for entry in response.context["page"].entries]

    first = signed_in.get("/log/")
    assert shown(first) == newest_first[0:3]
    assert first.context["page"].newer is None
    second = signed_in.get(f"/log/?older={first.context['page'].older}")
    assert shown(second) == newest_first[3:6]
    third = signed_in.get(f"/log/?older={second.context['page'].older}")
    assert shown(third) == newest_first[6:8]
    assert third.context["page"].older is None
    back = signed_in.get(f"/log/?newer={third.context['page'].newer}")
    assert shown(back) == newest_first[3:6]
    back_again = signed_in.get(f"/log/?newer={back.context['page'].newer}")
    assert shown(back_again) == newest_first[0:3]
    assert back_again.context["page"].newer is None


def test_a_bad_page_cursor_shows_the_first_page_with_a_message(signed_in, settings):
    settings.CAPTAINS_LOG_PAGE_SIZE = 1
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for n, title in enumerate(["Older", "Newest"]):
        entry_create(captain=PICARD, title=title, text="...", at=start + timedelta(hours=n))
    older = signed_in.get("/log/").context["page"].older
    made_up = ["20261124T000000000000Z-ZZZZZZZZ", "x" * 200]
    for name in ("older", "newer"):
        for bad in [*spoiled(older), *made_up]:
            response = signed_in.get(f"/log/?{name}={query(bad)}")
            first_page_with_note(response)
            assert [entry.title for entry in response.context["page"].entries] == ["Newest"]
    account_create(username="Riker", email="riker@enterprise.example")
    assert signed_in.login(username="riker", password=PASSWORD)  # Picard's cursor, Riker's log
    content = first_page_with_note(signed_in.get(f"/log/?older={query(older)}"))
    assert "Your log is empty" in content


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"title": "", "text": "Something"}, "This field is required."),
        ({"title": "Log", "text": ""}, "This field is required."),
        ({"title": "x" * 201, "text": "y"}, "at most 200 characters"),
        ({"title": "Log", "text": "y" * 10_001}, "at most 10000 characters"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_written(signed_in, form, message):
    response = signed_in.post("/log/new/", form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert item_count(LogEntry) == 0


def test_what_captains_write_is_escaped(signed_in):
    signed_in.post("/log/new/", {"title": "<script>alert(1)</script>", "text": "<b>bold</b>"})
    [entry] = LogEntry.query(PICARD)
    for path in ("/log/", f"/log/{entry.entry_id}/"):
        content = signed_in.get(path).content.decode()
        assert "<script>alert(1)</script>" not in content
        assert "&lt;script&gt;" in content


@pytest.fixture
def entry(picard):
    return entry_create(captain=PICARD, title="Farpoint", text="We have arrived.")


def test_editing_an_entry_saves_it(signed_in, entry):
    form = signed_in.get(f"/log/{entry.entry_id}/edit/").content.decode()
    assert 'value="Farpoint"' in form
    response = signed_in.post(
        f"/log/{entry.entry_id}/edit/",
        {"title": "Farpoint Station", "text": "Arrived.", "version": entry.version},
        follow=True,
    )
    assert "Entry saved." in response.content.decode()
    stored = LogEntry.get(PICARD, entry.entry_id)
    assert (stored.title, stored.text) == ("Farpoint Station", "Arrived.")
    assert stored.updated is not None


def test_two_tabs_editing_one_entry_cannot_overwrite_each_other(signed_in, entry):
    url = f"/log/{entry.entry_id}/edit/"
    first_tab = {"title": "From the first tab", "text": "One", "version": entry.version}
    second_tab = {"title": "From the second tab", "text": "Two", "version": entry.version}
    assert signed_in.post(url, first_tab).status_code == 302
    response = signed_in.post(url, second_tab)
    assert response.status_code == 200
    assert ENTRY_CHANGED in response.content.decode()
    assert LogEntry.get(PICARD, entry.entry_id).title == "From the first tab"


def test_editing_with_bad_input_keeps_the_entry(signed_in, entry):
    url = f"/log/{entry.entry_id}/edit/"
    response = signed_in.post(url, {"title": "", "text": "x", "version": entry.version})
    assert "This field is required." in response.content.decode()
    response = signed_in.post(url, {"title": "t", "text": "x", "version": "not a number"})
    assert response.status_code == 400
    assert "version: Enter a whole number." in response.content.decode()
    assert LogEntry.get(PICARD, entry.entry_id).title == "Farpoint"


@pytest.mark.parametrize("action", ["edit", "delete"])
def test_a_version_dynamodb_cannot_store_is_a_400_that_says_why(signed_in, entry, action):
    form = {"title": "t", "text": "x", "version": "9" * 39}
    response = signed_in.post(f"/log/{entry.entry_id}/{action}/", form)
    assert response.status_code == 400
    assert NUMBER_TOO_LONG in response.content.decode()
    stored = LogEntry.get(PICARD, entry.entry_id)
    assert (stored.title, stored.version) == ("Farpoint", entry.version)


def test_deleting_asks_first_then_deletes(signed_in, entry):
    confirm = signed_in.get(f"/log/{entry.entry_id}/delete/").content.decode()
    assert "Delete “Farpoint”?" in confirm
    assert item_count(LogEntry) == 1
    response = signed_in.post(
        f"/log/{entry.entry_id}/delete/", {"version": entry.version}, follow=True
    )
    assert response.redirect_chain == [("/log/", 302)]
    assert "Entry “Farpoint” deleted." in response.content.decode()
    assert item_count(LogEntry) == 0


def test_deleting_an_entry_changed_meanwhile_is_refused(signed_in, entry):
    signed_in.post(
        f"/log/{entry.entry_id}/edit/", {"title": "Changed", "text": "x", "version": entry.version}
    )
    response = signed_in.post(f"/log/{entry.entry_id}/delete/", {"version": entry.version})
    assert ENTRY_CHANGED in response.content.decode()
    assert item_count(LogEntry) == 1


def test_new_entries_are_rate_limited_per_captain(signed_in, settings):
    settings.CAPTAINS_LOG_RATE = "2/h"
    statuses = [
        signed_in.post("/log/new/", {"title": f"t{n}", "text": "x"}).status_code for n in range(3)
    ]
    assert statuses == [302, 302, 429]


def test_the_home_page_lists_the_log(client):
    assert 'href="/log/"' in client.get("/").content.decode()
