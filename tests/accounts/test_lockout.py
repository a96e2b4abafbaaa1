"""The sign-in lock-out locks attackers out, not owners: OWASP's device cookies, with the
site's own limits (SIGNIN_RATE_PER_LOGIN 5/5m for unknown clients, SIGNIN_RATE_PER_DEVICE
5/5m for a known browser, SIGNIN_RATE_PER_IP 30/5m)."""

from django.core import mail
from django.test import Client

from apps.accounts.devices import COOKIE
from tests.support.accounts import PASSWORD, account_create

ATTACKER_IP = "198.51.100.66"
OWNER_IP = "203.0.113.5"


def sign_in(client, password=PASSWORD, username="picard", ip=OWNER_IP):
    form = {"username": username, "password": password}
    return client.post("/login/", form, REMOTE_ADDR=ip)


def known_browser(username="picard") -> Client:
    """A browser its owner signed in with once (and out again): it carries the device cookie."""
    browser = Client()
    assert sign_in(browser, username=username).status_code == 302
    assert COOKIE in browser.cookies
    browser.post("/logout/")
    return browser


def test_a_hundred_failures_from_an_attacker_leave_the_owners_browser_able_to_sign_in(picard):
    owner = known_browser()
    attacker = Client()
    statuses = [
        sign_in(attacker, password=f"guess {n}", ip=ATTACKER_IP).status_code for n in range(100)
    ]
    assert statuses[:5] == [200] * 5
    assert set(statuses[5:]) == {429}
    # The owner's browser signs in, even from the attacker's own address.
    assert sign_in(owner, ip=ATTACKER_IP).status_code == 302
    assert owner.get("/account/").status_code == 200
    # The attacker stays refused, the right password included, and so is any unknown client.
    assert sign_in(attacker, ip=ATTACKER_IP).status_code == 429
    assert sign_in(Client(), ip="192.0.2.1").status_code == 429


def test_a_known_browser_that_fails_too_often_is_locked_out_alone(picard):
    owner = known_browser()
    statuses = [sign_in(owner, password="typo").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    assert sign_in(owner).status_code == 429
    assert sign_in(Client(), ip="192.0.2.1").status_code == 302  # unknown clients' count is apart


def test_a_device_cookie_counts_only_for_the_account_it_signed_in_to(picard):
    account_create("Kirk", "kirk@enterprise.example")
    kirks_browser = known_browser("kirk")
    for n in range(5):
        sign_in(Client(), password="guess", ip=f"192.0.2.{n}")
    assert sign_in(kirks_browser).status_code == 429  # not picard's browser


def test_a_forged_or_edited_device_cookie_is_an_unknown_client(picard):
    owner = known_browser()
    value = owner.cookies[COOKIE].value
    owner.cookies[COOKIE] = value[:-2] + ("AA" if not value.endswith("AA") else "BB")
    for n in range(5):
        sign_in(Client(), password="guess", ip=f"192.0.2.{n}")
    assert sign_in(owner).status_code == 429


def test_the_token_api_has_no_cookies_and_is_limited_as_unknown_clients(picard):
    known_browser()
    api = Client()
    body = {"username": "picard", "password": "guess", "device": "Phone"}
    statuses = [
        api.post("/api/todos/token/", body, "application/json").status_code for _ in range(6)
    ]
    assert statuses == [401] * 5 + [429]


def test_a_sign_in_from_a_new_browser_is_told_by_email_and_a_known_one_is_not(picard):
    owner = known_browser()
    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == ["jean-luc@enterprise.example"]
    assert "from a browser or device it had not been used from before" in notice.body
    assert OWNER_IP in notice.body
    assert "/account/password/reset/" in notice.body  # how to react
    assert sign_in(owner).status_code == 302
    assert len(mail.outbox) == 1
