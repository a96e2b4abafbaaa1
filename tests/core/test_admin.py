"""The whole admin on DynamoDB: every page of every registered model, no ORM, no 500."""

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote

from apps.captains_log.services import entry_create
from apps.core.http.paging import FIRST_PAGE
from apps.dwipper.services import dwipp_create, report_create
from apps.shortener.services import link_create
from apps.todos.services import device_create, list_create, todo_create
from tests.support.accounts import account_create
from tests.support.billing import bill_bought
from tests.support.dynamodb_calls import dynamodb_calls
from tests.support.no_database import OrmQueryAttempted, orm_forbidden


@pytest.fixture
def every_kind_of_data(picard):
    """One or more items of every table the admin shows."""
    link_create(url="https://example.com/", owner="picard")
    link_create(url="https://example.org/", alias="engage")
    entry_create(captain="picard", title="Encounter at Farpoint", text="Q appeared.")
    bill_bought(email="picard@enterprise.example", buyer="picard")
    inbox = list_create(user="picard", name="Inbox")
    todo_create(user="picard", list_id=inbox.item_id, title="Tea, Earl Grey, hot")
    device_create(user="picard", name="Padd", list_id=inbox.item_id)
    dwipp = dwipp_create(author="picard", author_name="Picard", text="Make it so.")
    report_create(reporter="picard", dwipp_id=dwipp.dwipp_id, reason="Too commanding.")


def admin_url(model, view: str, key: str | None = None) -> str:
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    return base + (f"{quote(key)}/{view}/" if key else view)


def test_the_loud_backend_does_fail_on_an_orm_query():
    from django.contrib.contenttypes.models import ContentType

    with orm_forbidden(), pytest.raises(OrmQueryAttempted):
        ContentType.objects.filter(app_label="x").exists()


@pytest.mark.slow
def test_every_admin_page_works_without_any_orm_query_and_without_a_500(riker, every_kind_of_data):
    with orm_forbidden():
        assert riker.get("/admin/").status_code == 200
        for model, model_admin in admin.site._registry.items():
            changelist = admin_url(model, "")
            response = riker.get(changelist)
            assert response.status_code == 200, changelist
            rows = list(response.context["cl"].result_list)
            assert rows, f"{changelist} lists nothing"
            for params in (
                {"q": "picard"},
                {"q": "zz"},
                {"q": "x" * 3000},
                {"cursor": "bad"},
                {"e": "1"},
                {"o": "-1"},
            ):
                assert riker.get(changelist, params).status_code == 200, (changelist, params)
            assert riker.get(changelist, {"nope__in": "1"})["Location"] == f"{changelist}?e=1"
            key = str(rows[0].pk)
            for view in ("change", "history", "delete"):
                response = riker.get(admin_url(model, view, key))
                assert response.status_code in (200, 403), (model, view)
            deletable = model_admin.has_delete_permission(response.wsgi_request)
            for made_up in ("made-up", "a/b", "x" * 3000):
                for view in ("change", "history", "delete"):
                    response = riker.get(admin_url(model, view, made_up))
                    if view == "delete" and not deletable:  # bills: refused before looking
                        assert response.status_code == 403
                        continue
                    assert response.status_code == 302, (model, view, made_up)
                    assert response["Location"] == "/admin/"
            if model_admin.has_add_permission(response.wsgi_request):
                assert riker.get(admin_url(model, "add/")).status_code == 200
                assert riker.post(admin_url(model, "add/"), {}).status_code == 200  # errors shown
            assert riker.post(
                changelist, {"action": "delete_selected", "_selected_action": [key], "index": "0"}
            ).status_code in (200, 302)


def test_saves_deletes_and_password_changes_run_without_the_orm(riker, picard):
    """The views Django wraps in transaction.atomic (which would reach the database)."""
    from apps.accounts.selectors import user_get
    from apps.captains_log.selectors import entry_get

    entry = entry_create(captain="picard", title="Farpoint", text="Q.")
    entry_url = f"/admin/captains_log/logentry/picard_2F{entry.entry_id}/"
    with orm_forbidden():
        version = riker.get(entry_url + "change/").context["adminform"].form["loaded_version"]
        fields = {"title": "Encounter", "text": "Q!", "loaded_version": version.value()}
        assert riker.post(entry_url + "change/", fields).status_code == 302
        new_user = {"username": "Data", "email": "data@enterprise.example"}
        passwords = {"password1": "Spot the cat 1701", "password2": "Spot the cat 1701"}
        added = riker.post("/admin/accounts/user/add/", {**new_user, **passwords})
        assert added.status_code == 302
        changed = riker.post(
            "/admin/accounts/user/Data/password/", {"usable_password": "true", **passwords}
        )
        assert changed.status_code == 302
        assert riker.post(entry_url + "delete/", {"post": "yes"}).status_code == 302
        assert riker.post("/admin/accounts/user/Data/delete/", {"post": "yes"}).status_code == 302
    assert entry_get(captain="picard", entry_id=entry.entry_id) is None
    assert user_get(username="data") is None


def test_a_changelist_page_is_one_dynamodb_read_whatever_its_place(riker, picard, monkeypatch):
    for name in ("Data", "Worf", "Troi", "Crusher"):
        account_create(username=name, email=f"{name.lower()}@enterprise.example")
    from apps.accounts.models import User

    monkeypatch.setattr(type(admin.site._registry[User]), "list_per_page", 2)
    first = riker.get("/admin/accounts/user/")
    with dynamodb_calls() as calls:
        riker.get("/admin/accounts/user/" + first.context["cl"].next_url)
    scans = [call for call in calls if call[0] == "Scan"]
    assert len(scans) == 1
    with dynamodb_calls() as calls:
        searched = riker.get("/admin/accounts/user/", {"q": "o"})  # a substring: Scan + filter
    assert [call[0] for call in calls].count("Scan") == 1
    assert (
        "Searched 2 items of the table so far; the next page searches on."
        in searched.content.decode()
    )


def test_a_cursor_made_for_another_search_is_refused(riker, picard, monkeypatch):
    from urllib.parse import unquote

    from apps.accounts.models import User

    account_create(username="Data", email="data@enterprise.example")
    monkeypatch.setattr(type(admin.site._registry[User]), "list_per_page", 1)
    cursor = riker.get("/admin/accounts/user/").context["cl"].next_url.split("cursor=")[1]
    response = riker.get("/admin/accounts/user/", {"q": "a", "cursor": unquote(cursor)})
    assert FIRST_PAGE in response.content.decode()
