"""Two-factor sign-in: staff need it, users may opt in; codes once, in order; links once."""

import threading

from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.management import call_command
from django.test import Client

from apps.accounts.factors import factor_state
from apps.accounts.records import SecondFactor
from apps.accounts.selectors import user_get
from apps.accounts.signin import CODE_REQUIRED, CODE_WRONG, STAFF_WITHOUT_FACTOR
from tests.support.accounts import (
    PASSWORD,
    STEP,
    account_create,
    code_at_step,
    factor_enrol,
    next_code,
    sign_in,
    staff_create,
)

LOGIN = {"username": "picard", "password": PASSWORD}


def password_step(client, username="picard", url="/login/"):
    response = client.post(url, {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def test_staff_without_a_factor_cannot_sign_in_anywhere(client):
    account_create("Riker", "riker@enterprise.example", is_staff=True, is_superuser=True)
    for url in ("/login/", "/admin/login/"):
        response = client.post(url, {"username": "riker", "password": PASSWORD})
        assert response.status_code == 200
        assert STAFF_WITHOUT_FACTOR in response.content.decode()
        assert SESSION_KEY not in client.session
    assert client.get("/admin/")["Location"] == "/admin/login/?next=/admin/"
    token = client.post(
        "/api/todos/token/",
        {"username": "riker", "password": PASSWORD, "device": "Phone"},
        content_type="application/json",
    )
    assert token.status_code == 401
    assert token.json()["error"] == STAFF_WITHOUT_FACTOR


def test_until_the_code_is_accepted_the_session_is_anonymous_on_every_door(client, picard):
    secret = factor_enrol(picard)
    staff = staff_create()
    for username, url in (("picard", "/login/"), ("riker", "/admin/login/")):
        response = password_step(client, username, url)
        assert response["Location"].startswith("/login/code/")
        assert SESSION_KEY not in client.session
        assert client.get("/account/")["Location"].startswith("/login/")
        assert client.get("/admin/")["Location"].startswith("/admin/login/")
        assert client.get("/todos/")["Location"].startswith("/login/")
        assert client.get("/log/")["Location"].startswith("/login/")
        dwipp = client.patch(
            "/api/dwipper/dwipps/0123456789ab00000000/", {"text": "x"}, "application/json"
        )
        assert dwipp.status_code == 403
        assert 'href="/login/' in client.get("/").content.decode()  # offered to sign in
    response = client.post("/login/code/", {"code": next_code(staff.factor_secret)})
    assert response["Location"] == "/"  # riker's pending sign-in replaced picard's
    assert client.get("/admin/").status_code == 200
    assert secret


def test_a_right_code_signs_in_and_sends_back_to_next(client, picard):
    secret = factor_enrol(picard)
    client.post("/login/", {**LOGIN, "next": "/todos/"})
    response = client.post("/login/code/", {"code": next_code(secret), "next": "/todos/"})
    assert response["Location"] == "/todos/"
    assert client.get("/account/").status_code == 200


def test_a_code_is_taken_once_and_never_one_older_than_the_last(client, picard):
    secret = factor_enrol(picard)
    password_step(client)
    code = next_code(secret)
    assert client.post("/login/code/", {"code": code}).status_code == 302
    other = Client()
    password_step(other)
    again = other.post("/login/code/", {"code": code})
    assert again.status_code == 400
    assert CODE_WRONG in again.content.decode()
    import time

    older = code_at_step(secret, int(time.time()) // STEP - 1)
    assert other.post("/login/code/", {"code": older}).status_code == 400
    assert SESSION_KEY not in other.session


def test_two_requests_racing_with_one_code_sign_in_once(picard):
    secret = factor_enrol(picard)
    clients = [Client() for _ in range(4)]  # within the lock-out's five
    for client in clients:
        password_step(client)
    code = next_code(secret)
    start, statuses = threading.Barrier(len(clients)), [None] * len(clients)

    def send(n):
        start.wait()
        statuses[n] = clients[n].post("/login/code/", {"code": code}).status_code

    threads = [threading.Thread(target=send, args=(n,)) for n in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302] + [400] * (len(clients) - 1)


def test_wrong_codes_count_toward_the_lock_out(client, picard):
    factor_enrol(picard)
    password_step(client)  # the right password takes its count back
    statuses = [client.post("/login/code/", {"code": "000000"}).status_code for _ in range(6)]
    assert statuses == [400] * 5 + [429]
    locked = client.post("/login/code/", {"code": "000000"})
    assert int(locked["Retry-After"]) > 0


def test_the_code_page_without_a_password_first_sends_to_sign_in(client):
    response = client.get("/login/code/?next=/todos/")
    assert response["Location"] == "/login/?next=/todos/"
    assert client.post("/login/code/", {"code": "123456"})["Location"].startswith("/login/")


def test_a_recovery_code_works_once_and_says_so_by_email(client, picard):
    from apps.accounts import otp
    from apps.accounts.factors import enrol_confirm
    from apps.accounts.selectors import username_key

    nonce = otp.nonce_new()
    secret = otp.factor_secret(username_key("picard"), nonce)
    codes = enrol_confirm(picard, nonce=nonce, code=next_code(secret), link_nonce=None)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    mail.outbox.clear()
    password_step(client)
    response = client.post("/login/recovery/", {"code": codes[3].upper().replace("-", " ")})
    assert response.status_code == 302
    assert "a recovery code was used" in mail.outbox[0].body
    assert "9 of them are left" in mail.outbox[0].body
    other = Client()
    password_step(other)
    assert other.post("/login/recovery/", {"code": codes[3]}).status_code == 400
    assert factor_state(picard).recovery_left == 9


def test_the_secret_is_derived_never_stored_and_never_logged(client, picard, caplog):
    caplog.set_level("DEBUG")
    client.login(username="picard", password=PASSWORD)
    page = client.post("/account/two-factor/enrol/", {"step": "password", "password": PASSWORD})
    secret = page.context["secret"].replace(" ", "")
    assert page.context["qr"].startswith("data:image/svg+xml")
    response = client.post(
        "/account/two-factor/enrol/", {"step": "code", "code": next_code(secret)}
    )
    assert response.status_code == 200
    codes = response.context["codes"]
    stored = SecondFactor.get("picard").serialize()
    assert secret not in str(stored)
    assert not any(code in str(stored) for code in codes)
    assert secret not in caplog.text
    assert secret not in str(dict(client.session))
    assert "two-factor sign-in" in client.get("/account/").content.decode().lower()
    assert "On since" in client.get("/account/").content.decode()


def test_users_opt_in_from_their_account_and_then_sign_in_with_a_code(client, picard):
    client.login(username="picard", password=PASSWORD)
    page = client.post("/account/two-factor/enrol/", {"step": "password", "password": "wrong"})
    assert page.status_code == 400
    page = client.post("/account/two-factor/enrol/", {"step": "password", "password": PASSWORD})
    secret = page.context["secret"].replace(" ", "")
    wrong = client.post("/account/two-factor/enrol/", {"step": "code", "code": "000000"})
    assert wrong.status_code == 400
    assert not factor_state(picard).enrolled
    mail.outbox.clear()
    done = client.post("/account/two-factor/enrol/", {"step": "code", "code": next_code(secret)})
    assert len(done.context["codes"]) == 10
    assert "it was turned on" in mail.outbox[0].body
    assert client.get("/account/").status_code == 200  # still signed in here
    other = Client()
    assert password_step(other)["Location"].startswith("/login/code/")
    token = {"username": "picard", "password": PASSWORD, "device": "Phone"}
    api = Client()
    missing = api.post("/api/todos/token/", token, content_type="application/json")
    assert missing.status_code == 401
    assert missing.json()["error"] == CODE_REQUIRED
    bad = api.post("/api/todos/token/", {**token, "code": "000000"}, "application/json")
    assert bad.status_code == 401
    assert bad.json()["error"] == CODE_WRONG
    code = next_code(secret)
    good = api.post("/api/todos/token/", {**token, "code": code}, "application/json")
    assert good.status_code == 201


def test_users_turn_it_off_with_their_password_and_a_code(client, picard):
    secret = factor_enrol(picard)
    sign_in(client, picard)
    bad = client.post("/account/two-factor/off/", {"password": PASSWORD, "code": "000000"})
    assert bad.status_code == 400
    assert factor_state(picard).enrolled
    done = client.post(
        "/account/two-factor/off/", {"password": PASSWORD, "code": next_code(secret)}
    )
    assert done["Location"] == "/account/"
    assert not factor_state(picard).enrolled
    assert "it was turned off" in mail.outbox[-1].body


def test_staff_enrol_only_through_a_superusers_link(riker):
    worf = account_create("Worf", "worf@enterprise.example", is_staff=True)
    staff = Client()
    staff.force_login(worf)  # even a session of theirs cannot enrol without a link
    assert staff.get("/account/two-factor/enrol/")["Location"].startswith("/login/")
    page = riker.post("/admin/accounts/user/Worf/two-factor/", {"action": "link"})
    link = page.context["link"]
    path = link.removeprefix("http://testserver")
    assert path.startswith("/account/two-factor/link/")
    worfs = Client()
    assert worfs.get(path).status_code == 200
    wrong = worfs.post(path, {"step": "password", "password": "wrong"})
    assert wrong.status_code == 400
    qr = worfs.post(path, {"step": "password", "password": PASSWORD})
    secret = qr.context["secret"].replace(" ", "")
    done = worfs.post(path, {"step": "code", "code": next_code(secret)})
    assert done.status_code == 200
    assert len(done.context["codes"]) == 10
    assert "Sign out" in done.content.decode()  # the page knows Worf is signed in now
    assert worfs.get("/admin/").status_code == 200  # signed in, second factor passed
    assert Client().get(path).status_code == 404  # once
    assert (
        "Made a two-factor enrolment link."
        in riker.get("/admin/accounts/user/Worf/history/").content.decode()
    )


def test_only_superusers_make_links_or_reset(riker, picard):
    troi = staff_create("Troi", "troi@enterprise.example", superuser=False)
    client = Client()
    sign_in(client, troi)
    assert client.get("/admin/accounts/user/Picard/two-factor/").status_code == 403
    assert (
        client.post("/admin/accounts/user/Troi/two-factor/", {"action": "reset"}).status_code == 403
    )
    assert factor_state(troi).enrolled


def test_a_newer_link_replaces_an_older_one(picard):
    from io import StringIO

    out = StringIO()
    call_command("two_factor_link", "picard", stdout=out)
    first = out.getvalue().splitlines()[-1].removeprefix("http://127.0.0.1:8000")
    out = StringIO()
    call_command("two_factor_link", "picard", stdout=out)
    second = out.getvalue().splitlines()[-1].removeprefix("http://127.0.0.1:8000")
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200
    assert Client().get("/account/two-factor/link/forged/").status_code == 404


def test_manage_py_resets_a_factor_and_signs_the_owner_out(client):
    riker = staff_create()
    sign_in(client, riker)
    call_command("two_factor_reset", "riker", "--dry-run")
    assert factor_state(riker).enrolled
    call_command("two_factor_reset", "riker")
    assert not factor_state(riker).enrolled
    assert client.get("/account/")["Location"].startswith("/login/")
    assert "turned off by an operator" in mail.outbox[-1].body
    assert user_get(username="riker") is not None
