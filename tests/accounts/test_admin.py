"""The admin: its login, the users' pages (list, search, add, change, password, delete),
permissions held on the user record, and the audit trail of what staff did."""

import html
import re
from urllib.parse import parse_qs

from django.contrib import admin
from django.test import Client

from apps.accounts.models import User
from apps.accounts.selectors import user_get
from apps.accounts.services import EMAIL_TAKEN, USERNAME_TAKEN, user_profile_update
from tests.support.accounts import PASSWORD, account_create, next_code, sign_in, staff_create
from tests.support.cursors import first_page_with_note, spoiled

USERS = "/admin/accounts/user/"


def change_form(client, username: str) -> dict:
    """The change form's fields as the browser would send them back."""
    response = client.get(f"{USERS}{username}/change/")
    form = response.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(loaded_version=form["loaded_version"].value())
    for flag in ("is_active", "is_staff", "is_superuser"):
        if not data.get(flag):
            data.pop(flag, None)
    data["permissions"] = list(data.get("permissions") or [])
    data.pop("password", None)
    data.pop("last_login", None)
    data.pop("date_joined", None)
    return data


def test_admin_sends_visitors_to_its_login_page(client):
    response = client.get("/admin/")
    assert response["Location"] == "/admin/login/?next=/admin/"
    assert client.get("/admin/login/").status_code == 200


def test_staff_sign_in_on_the_admin_login_page_and_reach_the_index(client):
    riker = staff_create()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "riker", "password": PASSWORD, "next": "/admin/"}
    )
    assert response["Location"] == "/login/code/?next=%2Fadmin%2F"
    assert client.get("/admin/")["Location"] == "/admin/login/?next=/admin/"  # not yet
    response = client.post(response["Location"], {"code": next_code(riker.factor_secret)})
    assert response["Location"] == "/admin/"
    index = client.get("/admin/")
    assert index.status_code == 200
    content = index.content.decode()
    assert "Site administration" in content
    assert "Recent actions" in content
    assert "None available" in content
    assert "Groups" not in content
    assert 'href="/admin/accounts/user/"' in content


def test_non_staff_are_refused(client, picard):
    client.login(username="picard", password=PASSWORD)
    for url in ("/admin/", USERS, f"{USERS}picard/change/"):
        response = client.get(url, follow=True)
        assert response.redirect_chain[-1][0] == f"/admin/login/?next={url}"
        assert "not authorized to access this page" in response.content.decode()


def test_staff_see_an_admin_link_in_the_site_navigation(client):
    sign_in(client, staff_create(superuser=False))
    assert 'href="/admin/">Admin</a>' in client.get("/").content.decode()


def test_admin_password_change_works(client):
    sign_in(client, staff_create(superuser=False))
    response = client.post(
        "/admin/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "Imzadi 2364 x",
            "new_password2": "Imzadi 2364 x",
        },
    )
    assert response["Location"] == "/admin/password_change/done/"


def test_users_list_pages_with_cursors_next_and_previous(riker, picard, monkeypatch):
    for name in ("Data", "Worf", "Troi"):
        account_create(username=name, email=f"{name.lower()}@enterprise.example")
    monkeypatch.setattr(type(admin.site._registry[User]), "list_per_page", 2)
    seen, url, pages = [], USERS, 0
    while url:
        response = riker.get(url)
        assert response.status_code == 200
        seen += [user.username for user in response.context["cl"].result_list]
        assert response.context["cl"].full_result_count is None  # nothing counted
        url = response.context["cl"].next_url and USERS + response.context["cl"].next_url
        pages += 1
    assert sorted(seen) == ["Data", "Picard", "Riker", "Troi", "Worf"]
    assert pages >= 3
    # Previous from the second page goes back to the first page's rows.
    first = riker.get(USERS)
    second = riker.get(USERS + first.context["cl"].next_url)
    back = riker.get(USERS + second.context["cl"].previous_url)
    assert list(back.context["cl"].result_list) == list(first.context["cl"].result_list)
    assert "Next page" in first.content.decode()
    assert "Previous page" in second.content.decode()


def test_a_bad_cursor_shows_the_first_page_with_a_message(riker, picard, monkeypatch):
    monkeypatch.setattr(type(admin.site._registry[User]), "list_per_page", 1)
    first = riker.get(USERS)
    cursor = parse_qs(first.context["cl"].next_url.lstrip("?"))["cursor"][0]
    for bad in ("eyJzIjoxfQ:1:abc", *spoiled(cursor)):
        response = riker.get(USERS, {"cursor": bad})
        first_page_with_note(response)
        assert list(response.context["cl"].result_list) == list(first.context["cl"].result_list)


def test_orm_lookups_in_the_url_get_the_admins_error_redirect_never_a_500(riker):
    response = riker.get(USERS, {"username__startswith": "p"})
    assert response["Location"] == f"{USERS}?e=1"
    assert riker.get(f"{USERS}?e=1").status_code == 200


def test_search_by_exact_name_or_email_reads_one_account_and_other_text_scans(riker, picard):
    by_name = riker.get(USERS, {"q": "PICARD"})
    assert [u.username for u in by_name.context["cl"].result_list] == ["Picard"]
    assert "Searched" not in by_name.content.decode()
    by_email = riker.get(USERS, {"q": "Jean-Luc@Enterprise.example"})
    assert [u.username for u in by_email.context["cl"].result_list] == ["Picard"]
    inside = riker.get(USERS, {"q": "icar"})
    assert [u.username for u in inside.context["cl"].result_list] == ["Picard"]
    assert "Searched 2 items of the table so far: all of it." in inside.content.decode()
    nothing = riker.get(USERS, {"q": "borg"})
    assert list(nothing.context["cl"].result_list) == []


def test_made_up_user_ids_redirect_with_the_admins_message(riker):
    for made_up in ("nobody", "x" * 3000, "_2F..%2F"):
        for page in ("change/", "history/", "delete/", "password/"):
            response = riker.get(f"{USERS}{made_up}/{page}")
            assert response.status_code in (302, 404), (made_up, page)


def test_staff_edit_a_user_and_the_change_is_in_history_and_recent_actions(riker, picard):
    data = change_form(riker, "picard")
    data.update(email="captain@enterprise.example", first_name="Jean-Luc")
    response = riker.post(f"{USERS}picard/change/", data)
    assert response["Location"] == USERS
    picard = user_get(username="picard")
    assert (picard.email, picard.first_name) == ("captain@enterprise.example", "Jean-Luc")
    history = riker.get(f"{USERS}picard/history/").content.decode()
    assert "Changed First name and Email address." in history
    assert "Riker" in history
    index = riker.get("/admin/").content.decode()
    assert re.search(r'<a href="/admin/accounts/user/Picard/change/">Picard</a>', index)


def test_an_edit_of_a_user_changed_meanwhile_is_refused_and_nothing_is_overwritten(riker, picard):
    data = change_form(riker, "picard")
    user_profile_update(
        user_get(username="picard"),
        first_name="Jean-Luc",
        last_name="Picard",
        email=picard.email,
        phone_number="",
        bio="Changed in another tab",
    )
    data.update(bio="From the admin")
    response = riker.post(f"{USERS}picard/change/", data)
    assert response.status_code == 200
    assert "was changed somewhere else since this form was opened" in response.content.decode()
    assert "From the admin" in response.content.decode()  # what was typed is kept
    assert user_get(username="picard").bio == "Changed in another tab"
    assert "None available" in riker.get("/admin/").content.decode()  # nothing logged


def test_an_email_another_account_holds_is_refused_on_the_form(riker, picard):
    data = change_form(riker, "picard")
    data.update(email="RIKER@enterprise.example")
    response = riker.post(f"{USERS}picard/change/", data)
    assert response.status_code == 200
    assert EMAIL_TAKEN in response.content.decode()
    assert user_get(username="picard").email == "jean-luc@enterprise.example"


def test_staff_add_a_user_through_the_services(riker, picard):
    form = {
        "username": "Data",
        "email": "data@enterprise.example",
        "usable_password": "true",
        "password1": "Spot the cat 1701",
        "password2": "Spot the cat 1701",
    }
    response = riker.post(f"{USERS}add/", form)
    assert response["Location"] == f"{USERS}Data/change/"
    assert user_get(username="data").check_password("Spot the cat 1701")
    taken = riker.post(f"{USERS}add/", {**form, "username": "PICARD", "email": "x@example.com"})
    assert USERNAME_TAKEN in taken.content.decode()
    email = riker.post(
        f"{USERS}add/", {**form, "username": "Lore", "email": "DATA@enterprise.example"}
    )
    assert EMAIL_TAKEN in email.content.decode()
    assert user_get(username="lore") is None
    assert "Data" in riker.get(f"{USERS}Data/history/").content.decode()


def test_staff_change_a_password_with_the_admins_own_form(riker, picard, client):
    response = riker.post(
        f"{USERS}Picard/password/",
        {"usable_password": "true", "password1": "Engage 1701-D!", "password2": "Engage 1701-D!"},
    )
    assert response["Location"] == f"{USERS}Picard/change/"
    assert user_get(username="picard").check_password("Engage 1701-D!")
    assert "Changed password." in riker.get(f"{USERS}Picard/history/").content.decode()


def test_deleting_a_user_confirms_what_goes_then_deletes_it_all_and_logs(riker, picard, streams):
    from django.test import Client

    from apps.captains_log.selectors import entry_page
    from apps.captains_log.services import entry_create
    from apps.shortener.selectors import link_get
    from apps.shortener.services import link_create
    from apps.todos.selectors import lists_of
    from apps.todos.services import list_create

    entry_create(captain="picard", title="Farpoint", text="…")
    link = link_create(url="https://example.com/", owner="picard")
    list_create(user="picard", name="Inbox")
    elsewhere = Client()
    assert elsewhere.login(username="picard", password=PASSWORD)
    confirm = html.unescape(riker.get(f"{USERS}Picard/delete/").content.decode())
    assert "Every entry of the account's log." in confirm
    assert "The account's todo lists and todos" in confirm
    assert "Kept, Signed bills: Bills bought" in confirm
    # Written about the account, not to its owner: staff are reading.
    for owners_words in ("You are", "you are", "Your ", " your "):
        assert owners_words not in _notes_of(confirm)
    response = riker.post(f"{USERS}Picard/delete/", {"post": "yes"})
    assert response["Location"] == USERS
    assert elsewhere.get("/account/")["Location"].startswith("/login/")  # signed out at once
    streams.drain()  # the deletion the admin recorded
    assert user_get(username="picard") is None
    assert entry_page(captain="picard").entries == []
    assert lists_of(user="picard") == []
    assert link_get(code=link.code) is not None  # short links stay
    assert elsewhere.get("/account/")["Location"].startswith("/login/")  # signed out
    assert "deletelink" in riker.get("/admin/").content.decode()


def test_delete_selected_confirms_then_deletes_the_chosen_users(riker, picard):
    account_create(username="Worf", email="worf@enterprise.example")
    chosen = {"action": "delete_selected", "_selected_action": ["Picard", "Worf", "nobody"]}
    confirm = riker.post(USERS, {**chosen, "index": "0"})
    assert "The account&#x27;s todo lists and todos" in confirm.content.decode()
    riker.post(USERS, {**chosen, "post": "yes"})
    assert user_get(username="picard") is None
    assert user_get(username="worf") is None
    assert user_get(username="riker") is not None


def test_staff_hold_only_the_permissions_granted_on_their_record(riker, picard):
    troi = staff_create("Troi", "troi@enterprise.example", superuser=False)
    client = Client()
    sign_in(client, troi)
    assert "have permission to view or edit anything" in client.get("/admin/").content.decode()
    assert client.get(USERS).status_code == 403
    # A superuser grants view and change of users.
    data = change_form(riker, "troi")
    data["permissions"] = ["accounts.view_user", "accounts.change_user"]
    data["is_staff"] = "on"
    assert riker.post(f"{USERS}troi/change/", data)["Location"] == USERS
    troi = user_get(username="troi")
    assert troi.permissions == {"accounts.view_user", "accounts.change_user"}
    assert troi.has_perm("accounts.view_user")
    assert not troi.has_perm("accounts.delete_user")
    assert troi.has_module_perms("accounts")
    assert not troi.has_module_perms("billing")
    assert troi.get_all_permissions() == {"accounts.view_user", "accounts.change_user"}
    assert client.get(USERS).status_code == 200
    assert client.get(f"{USERS}picard/delete/").status_code == 403
    # Troi may edit ordinary users but not raise anyone's powers; her own record is a
    # superuser's to change (tests/accounts/test_admin_superusers.py).
    form = client.get(f"{USERS}picard/change/").context["adminform"].form
    assert "is_superuser" not in form.fields
    assert "permissions" not in form.fields
    assert client.get(f"{USERS}troi/change/").status_code == 403


def test_superusers_hold_every_permission_and_inactive_users_none():
    boss = User(username="q", is_superuser=True, is_staff=True)
    assert boss.has_perm("accounts.delete_user")
    assert "accounts.delete_user" in boss.get_all_permissions()
    gone = User(username="x", is_superuser=True, is_staff=True, is_active=False)
    assert not gone.has_perm("accounts.view_user")
    assert gone.get_all_permissions() == set()


def _notes_of(page: str) -> str:
    """The list of what deleting the user deletes and keeps, on the admin's confirmation."""
    return page[page.index("<h2>Objects</h2>") : page.index('<form method="post"')]
