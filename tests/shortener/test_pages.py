"""The shortener's pages: the form, the result with copy button and QR code, and My links."""

from datetime import UTC, datetime, timedelta

import pytest

from apps.accounts.selectors import username_key
from apps.shortener.models import Link
from apps.shortener.services import link_create
from tests.support.accounts import PASSWORD, account_create
from tests.support.cursors import first_page_with_note, query, spoiled
from tests.support.dynamodb import item_count

LONG_URL = "https://example.com/a/very/long/path"


def test_the_form_page(client):
    response = client.get("/shorten/")
    assert response.status_code == 200
    content = response.content.decode()
    for name in ("url", "alias", "expires_in_days", "csrfmiddlewaretoken"):
        assert f'name="{name}"' in content
    assert "90 days" in content


def test_shortening_shows_the_short_link_a_copy_button_and_a_qr_code(client):
    response = client.post("/shorten/", {"url": LONG_URL, "expires_in_days": 30}, follow=True)
    [link] = Link.scan()
    assert response.redirect_chain == [(f"/{link.code}+", 302)]
    content = response.content.decode()
    assert "Your short link is ready." in content
    assert f"http://testserver/{link.code}" in content
    assert 'data-copy="#short-url"' in content
    assert 'src="data:image/svg+xml' in content
    assert LONG_URL in content


def test_the_form_explains_bad_input_and_stores_nothing(client):
    response = client.post(
        "/shorten/", {"url": "javascript:alert(1)", "alias": "x", "expires_in_days": 400}
    )
    content = response.content.decode()
    assert "Only http:// and https:// URLs can be shortened." in content
    assert "3 to 32 letters" in content
    assert "1 to 365 days" in content
    assert item_count(Link) == 0


def test_a_taken_alias_is_a_form_error(client):
    link_create(url=LONG_URL, alias="taken")
    response = client.post("/shorten/", {"url": "https://other.example/", "alias": "taken"})
    assert "That alias is taken" in response.content.decode()


def test_the_preview_shows_where_a_link_leads_without_going_there(client):
    link = link_create(url=LONG_URL)
    response = client.get(f"/{link.code}+")
    assert response.status_code == 200
    content = response.content.decode()
    assert LONG_URL in content
    assert "Continue to the destination" in content
    assert 'rel="noopener noreferrer nofollow"' in content


def test_user_input_is_escaped(client):
    link = link_create(url='https://example.com/"><script>alert(1)</script>')
    content = client.get(f"/{link.code}+").content.decode()
    assert "<script>alert(1)</script>" not in content


def test_signed_in_links_belong_to_their_maker(signed_in):
    signed_in.post("/shorten/", {"url": LONG_URL, "expires_in_days": 90})
    [link] = Link.scan()
    assert link.owner == username_key("Picard")


def test_my_links_needs_an_account(client):
    response = client.get("/shorten/mine/")
    assert response["Location"] == "/login/?next=/shorten/mine/"


def test_my_links_lists_newest_first_with_clicks_and_expiry(signed_in):
    owner = username_key("Picard")
    old = link_create(url="https://example.com/old", owner=owner)
    new = link_create(url="https://example.com/new", owner=owner)
    link_create(url="https://example.com/someone-elses")
    for _ in range(3):
        signed_in.get(f"/{new.code}")
    content = signed_in.get("/shorten/mine/").content.decode()
    assert content.index(new.code) < content.index(old.code)
    assert "someone-elses" not in content
    assert '<td data-label="Clicks">3</td>' in content


def test_my_links_offer_a_copy_button_a_qr_code_and_the_creation_date(signed_in):
    link = link_create(url="https://example.com/mine", owner=username_key("Picard"))
    content = signed_in.get("/shorten/mine/").content.decode()
    short_url = f"http://testserver/{link.code}"
    assert f'data-copy-text="{short_url}" aria-label="Copy {short_url}">Copy</button>' in content
    assert f'<a href="/{link.code}+#qr">QR code</a>' in content
    assert 'id="qr"' in signed_in.get(f"/{link.code}+").content.decode()
    assert "<th>Created</th>" in content
    created = link.created.isoformat().replace("+00:00", "Z")
    assert f'<time datetime="{created}" title="{link.created:%-d %b %Y, %H:%M} UTC">' in content
    assert f">{link.created:%-d %b %Y}</time>" in content
    assert '<script src="/static/shortener/copy.js" defer></script>' in content


def test_my_links_asks_before_deleting_without_inline_script(signed_in):
    link = link_create(url="https://example.com/mine", owner=username_key("Picard"))
    content = signed_in.get("/shorten/mine/").content.decode()
    assert f'data-confirm="Delete /{link.code}?"' in content
    assert '<script src="/static/core/site.js" defer></script>' in content
    assert "onsubmit" not in content


def test_each_row_of_my_links_leads_to_its_own_links_pages(signed_in):
    """The row's paths are built from routes reversed once a page: each must be the link's."""
    mine = [
        link_create(url=f"https://example.com/{n}", owner=username_key("Picard")) for n in range(3)
    ]
    content = signed_in.get("/shorten/mine/").content.decode()
    for link in mine:
        for path in (f"/shorten/stats/{link.code}", f"/shorten/mine/edit/{link.code}"):
            assert f'href="{path}"' in content
            assert signed_in.get(path).status_code == 200
        assert f'action="/shorten/mine/delete/{link.code}"' in content
    deleted = signed_in.post(f"/shorten/mine/delete/{mine[1].code}", follow=True)
    assert f"The short link /{mine[1].code} is deleted." in deleted.content.decode()


def test_my_links_pages_through_a_cursor(signed_in, settings):
    settings.SHORTENER_PAGE_SIZE = 2
    owner = username_key("Picard")
    codes = [link_create(url=f"https://example.com/{n}", owner=owner).code for n in range(5)]
    seen, url = [], "/shorten/mine/"
    for _ in range(3):
        response = signed_in.get(url)
        seen.extend(row["code"] for row in response.context["rows"])
        cursor = response.context["next_cursor"]
        if cursor is None:
            break
        url = f"/shorten/mine/?after={cursor}"
    assert seen == list(reversed(codes))


def test_a_bad_cursor_shows_the_first_page_with_a_message(signed_in, settings):
    settings.SHORTENER_PAGE_SIZE = 1
    owner = username_key("Picard")
    codes = [link_create(url=f"https://example.com/{n}", owner=owner).code for n in range(2)]
    cursor = signed_in.get("/shorten/mine/").context["next_cursor"]
    for bad in spoiled(cursor):
        response = signed_in.get(f"/shorten/mine/?after={query(bad)}")
        first_page_with_note(response)
        assert [row["code"] for row in response.context["rows"]] == [codes[1]]
    account_create(username="Kirk", email="kirk@enterprise.example")
    assert signed_in.login(username="kirk", password=PASSWORD)  # Picard's cursor, Kirk's list
    content = first_page_with_note(signed_in.get(f"/shorten/mine/?after={query(cursor)}"))
    assert "You have not shortened any links yet." in content
    assert "Newest</a>" not in content


def test_owners_delete_their_own_links(signed_in):
    link = link_create(url=LONG_URL, owner=username_key("Picard"))
    response = signed_in.post(f"/shorten/mine/delete/{link.code}", follow=True)
    assert f"The short link /{link.code} is deleted." in response.content.decode()
    assert signed_in.get(f"/{link.code}").status_code == 404


def test_nobody_deletes_someone_elses_link(signed_in):
    theirs = link_create(url=LONG_URL, owner=username_key("Kirk"))
    anonymous = link_create(url=LONG_URL)
    assert signed_in.post(f"/shorten/mine/delete/{theirs.code}").status_code == 404
    assert signed_in.post(f"/shorten/mine/delete/{anonymous.code}").status_code == 404
    assert item_count(Link) == 2


def test_home_page_lists_the_shortener(client):
    content = client.get("/").content.decode()
    assert 'href="/shorten/"' in content
    assert "URL shortener" in content


@pytest.mark.usefixtures("ttl_deletion_paused")
def test_my_links_fills_each_page_past_expired_links(signed_in, settings):
    settings.SHORTENER_PAGE_SIZE = 2
    owner = username_key("Picard")
    live = [link_create(url=f"https://example.com/{n}", owner=owner).code for n in range(3)]
    for n in range(4):  # the newest links have expired but are not deleted yet
        link = link_create(url=f"https://example.com/gone/{n}", owner=owner)
        link.update(actions=[Link.expires.set(datetime.now(UTC) - timedelta(seconds=1))])
    first = signed_in.get("/shorten/mine/")
    assert [row["code"] for row in first.context["rows"]] == [live[2], live[1]]
    assert "Older links" in first.content.decode()
    second = signed_in.get(f"/shorten/mine/?after={first.context['next_cursor']}")
    assert [row["code"] for row in second.context["rows"]] == [live[0]]
    assert second.context["next_cursor"] is None


def test_a_lone_surrogate_stored_before_the_door_refused_it_breaks_no_page(signed_in):
    """Stored by an older version (or another writer): every page still answers."""
    link = link_create(url="https://example.com/\ud800", owner=username_key("Picard"))
    follow = signed_in.get(f"/{link.code}")
    assert follow.status_code == 301
    assert follow["Location"] == "https://example.com/%EF%BF%BD"
    preview = signed_in.get(f"/{link.code}+")
    assert preview.status_code == 200
    assert "https://example.com/\ufffd" in preview.content.decode()
    mine = signed_in.get("/shorten/mine/")
    assert mine.status_code == 200
    assert f"/{link.code}" in mine.content.decode()
