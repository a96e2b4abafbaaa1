"""Per-link statistics: what a click keeps, how the stream adds it up, and who sees it."""

import logging
from datetime import UTC, datetime

import pytest
from django.conf import settings

from apps.accounts.selectors import username_key
from apps.core.dynamodb.models import table_models
from apps.shortener.clicks import browser_class, device_class, referrer_host
from apps.shortener.models import LinkDay, stats_key
from apps.shortener.services import link_create
from tests.support.accounts import account_create, sign_in
from tests.support.dynamodb_calls import dynamodb_calls

LONG_URL = "https://example.com/a/very/long/path"
FIREFOX_PHONE = "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0"
CHROME_DESKTOP = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
SAFARI_IPAD = (
    "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


@pytest.fixture
def link(picard):
    return link_create(url=LONG_URL, owner=username_key("Picard"))


def click(client, link, agent, referer=None, address="198.51.100.7"):
    headers = {"HTTP_USER_AGENT": agent, "REMOTE_ADDR": address}
    if referer:
        headers["HTTP_REFERER"] = referer
    assert client.get(f"/{link.code}", **headers).status_code == 301


def figure(content: str, element_id: str) -> str:
    start = content.index(f'id="{element_id}">') + len(element_id) + 6
    return content[start : content.index("<", start)]


def test_the_page_shows_eventually_exact_figures_once_the_stream_is_drained(
    client, signed_in, link, streams
):
    for _ in range(3):
        click(client, link, FIREFOX_PHONE, "https://news.example.org/item?id=1")
    click(client, link, CHROME_DESKTOP, "https://mail.example.net/inbox")
    click(client, link, SAFARI_IPAD)
    click(client, link, GOOGLEBOT)
    click(client, link, "")  # no user agent at all: a program
    streams.drain()
    page = signed_in.get(f"/shorten/stats/{link.code}")
    assert page.status_code == 200
    content = page.content.decode()
    assert figure(content, "clicks-total") == "5"
    assert figure(content, "bots-total") == "2"
    for shown in ("<td>news.example.org</td><td>3</td>", "<td>mail.example.net</td><td>1</td>"):
        assert shown in content
    assert "<td>None (typed, bookmarked or from an app)</td><td>1</td>" in content
    for shown in ("<td>Firefox</td><td>3</td>", "<td>Chrome</td><td>1</td>"):
        assert shown in content
    for shown in ("<td>mobile</td><td>3</td>", "<td>desktop</td><td>1</td>"):
        assert shown in content
    assert "<td>tablet</td><td>1</td>" in content
    today = datetime.now(UTC).date()
    shown = f'<time datetime="{today.isoformat()}">{today.strftime("%-d %b %Y")}</time>'
    assert f'<tr><th scope="row">{shown}</th><td>5</td><td>2</td></tr>' in content
    assert content.count("<rect ") == 1  # one day with clicks: one bar


def test_a_redelivered_click_is_added_once(client, link, streams):
    from apps.core.background.registry import stream_record
    from apps.shortener.models import ClickShard
    from apps.shortener.services import link_clicks_aggregate
    from tests.support.background import stream_records

    click(client, link, CHROME_DESKTOP)
    streams.drain()
    [raw] = [r for r in stream_records(ClickShard) if r["eventName"] != "REMOVE"][-1:]
    link_clicks_aggregate(stream_record(raw))
    [day] = LinkDay.query(stats_key(link))
    assert day.clicks == 1


def test_a_view_is_one_query_even_with_many_referring_hosts(client, signed_in, link, streams):
    hosts = settings.SHORTENER_TOP_HOSTS + 5
    for n in range(hosts):
        click(client, link, CHROME_DESKTOP, f"https://site{n}.example/")
    streams.drain()
    [day] = LinkDay.query(stats_key(link))
    assert len(day.referrers.as_dict()) == settings.SHORTENER_TOP_HOSTS + 1  # and "(other)"
    assert day.referrers.as_dict()["(other)"] == 5
    with dynamodb_calls() as calls:
        content = signed_in.get(f"/shorten/stats/{link.code}?days=90").content.decode()
    stats_calls = [c for c in calls if c[1].endswith("link_stats")]
    assert stats_calls == [("Query", settings.DYNAMODB_TABLE_PREFIX + "link_stats")]
    assert figure(content, "clicks-total") == str(hosts)
    assert "<td>Other sites</td><td>5</td>" in content


def test_statistics_expire_after_400_days(client, link, streams):
    click(client, link, CHROME_DESKTOP)
    streams.drain()
    [day] = LinkDay.query(stats_key(link))
    kept = day.expires - datetime.fromisoformat(day.day).replace(tzinfo=UTC)
    assert kept.days == settings.SHORTENER_STATS_DAYS + 1


def test_staff_see_any_links_statistics(riker, link):
    assert riker.get(f"/shorten/stats/{link.code}").status_code == 200


def test_another_users_link_or_a_forged_code_is_404(client, link):
    sign_in(client, account_create("Data", "data@enterprise.example"))
    assert client.get(f"/shorten/stats/{link.code}").status_code == 404
    assert client.get("/shorten/stats/nosuchcode").status_code == 404


def test_a_period_other_than_30_or_90_days_is_400(signed_in, link):
    for days in ("7", "abc", "90000000000000000000", ""):
        response = signed_in.get(f"/shorten/stats/{link.code}", {"days": days})
        assert response.status_code == 400
        assert "Statistics cover the last 30 or 90 days." in response.content.decode()


def test_signing_in_is_needed(client, link):
    assert client.get(f"/shorten/stats/{link.code}").status_code == 302


def test_no_table_and_no_log_line_holds_a_visitors_address_or_user_agent(
    client, link, streams, caplog, capsys
):
    caplog.set_level(logging.DEBUG)
    address, forwarded = "203.0.113.77", "192.0.2.99"
    agent = "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/133.0 UniqueAgent/4.2"
    referer = "https://forum.example.org/thread/5?user=secret-token"
    for _ in range(2):
        response = client.get(
            f"/{link.code}",
            HTTP_USER_AGENT=agent,
            HTTP_REFERER=referer,
            REMOTE_ADDR=address,
            HTTP_X_FORWARDED_FOR=forwarded,
        )
        assert response.status_code == 301
    streams.drain()
    stored = " ".join(str(item.serialize()) for model in table_models() for item in model.scan())
    logged = caplog.text + "".join(capsys.readouterr())
    assert "forum.example.org" in stored  # the host is kept ...
    for secret in (address, forwarded, "UniqueAgent", "secret-token", "/thread/5"):
        assert secret not in stored  # ... nothing else of the visitor
        assert secret not in logged


@pytest.mark.parametrize(
    ("referer", "host"),
    [
        ("https://News.Example.org:8443/a?b#c", "news.example.org"),
        ("", "(none)"),
        ("not a url", "(none)"),
        ("https://[::1", "(none)"),
        ("android-app://com.google.android.gm/", "com.google.android.gm"),
        ("https://" + "a" * 300 + ".example/", "(none)"),
    ],
)
def test_only_a_referrers_host_is_kept(referer, host):
    assert referrer_host(referer) == host


def test_agents_are_classed_coarsely():
    assert (browser_class(FIREFOX_PHONE), device_class(FIREFOX_PHONE)) == ("Firefox", "mobile")
    assert (browser_class(CHROME_DESKTOP), device_class(CHROME_DESKTOP)) == ("Chrome", "desktop")
    assert (browser_class(SAFARI_IPAD), device_class(SAFARI_IPAD)) == ("Safari", "tablet")
    edge = CHROME_DESKTOP + " Edg/131.0.0.0"
    assert browser_class(edge) == "Edge"
    assert browser_class("curl/8.5.0") == "Other"
