"""Bulk import: a CSV's dry run kept for an hour, then the links made in the background."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.shortener.forms import IMPORT_BYTES_MAX, IMPORT_ROWS_MAX
from apps.shortener.imports import ALIAS_TWICE, NOT_TEXT, TOO_LARGE, TOO_MANY_ROWS
from apps.shortener.models import Link, LinkImport
from apps.shortener.services import ALIAS_TAKEN_MEANWHILE, link_create
from tests.support.accounts import account_create, sign_in
from tests.support.dynamodb import item_count

GOOD = "url,alias,expires_in_days\nhttps://example.com/a,spring,30\nexample.org/b,,\n"


def upload(client, text: str | bytes, name="links.csv"):
    data = text.encode() if isinstance(text, str) else text
    return client.post("/shorten/import/", {"csv_file": SimpleUploadedFile(name, data)})


def import_id_of(response) -> str:
    return response["Location"].rstrip("/").rsplit("/", 1)[1]


def test_the_dry_run_shows_each_row_and_writes_no_link(signed_in):
    text = (
        GOOD + "javascript:alert(1),,\nhttps://example.net/c,spring,\nhttps://example.net/d,,9999\n"
    )
    response = upload(signed_in, text)
    assert response.status_code == 302
    page = signed_in.get(response["Location"]).content.decode()
    assert "2 of 5 rows will become links" in page
    assert "Only http:// and https:// URLs can be shortened." in page
    assert ALIAS_TWICE in page
    assert "1 to 365 days" in page
    assert "Make 2 links" in page
    assert item_count(Link) == 0


def test_confirming_makes_the_links_in_the_background_once(signed_in, streams):
    found = import_id_of(upload(signed_in, GOOD))
    done = signed_in.post(f"/shorten/import/{found}/confirm", follow=True)
    assert "Your links are being made" in done.content.decode()
    again = signed_in.post(f"/shorten/import/{found}/confirm")  # sent twice
    assert again.status_code == 302
    streams.drain()
    links = sorted(Link.scan(), key=lambda link: link.url)
    assert [(link.url, link.owner) for link in links] == [
        ("https://example.com/a", "picard"),
        ("https://example.org/b", "picard"),
    ]
    spring = Link.get("spring")
    assert round((spring.expires - spring.created) / timedelta(days=1)) == 30
    page = signed_in.get(f"/shorten/import/{found}/").content.decode()
    assert "Done." in page
    assert "<strong>2</strong> made, <strong>0</strong> not made, of 2." in page


def test_an_alias_taken_after_the_dry_run_is_reported_not_made(signed_in, streams):
    found = import_id_of(upload(signed_in, GOOD))
    link_create(url="https://other.example/", alias="spring")
    signed_in.post(f"/shorten/import/{found}/confirm")
    streams.drain()
    assert Link.get("spring").url == "https://other.example/"
    page = signed_in.get(f"/shorten/import/{found}/").content.decode()
    assert f"Row 1: {ALIAS_TAKEN_MEANWHILE}" in page
    assert item_count(Link) == 2


@pytest.mark.slow
def test_1000_rows_are_made(signed_in, streams):
    text = "".join(f"https://example.com/page/{n}\n" for n in range(IMPORT_ROWS_MAX))
    found = import_id_of(upload(signed_in, text))
    signed_in.post(f"/shorten/import/{found}/confirm")
    streams.drain()
    assert item_count(Link) == IMPORT_ROWS_MAX
    assert (
        f"<strong>{IMPORT_ROWS_MAX}</strong> made"
        in signed_in.get(f"/shorten/import/{found}/").content.decode()
    )


@pytest.mark.parametrize(
    ("content", "status", "message"),
    [
        (b"\xff\xfe\x00u\x00r\x00l", 400, NOT_TEXT),
        ("x\n" * (IMPORT_ROWS_MAX + 1), 400, TOO_MANY_ROWS),
        (b"u" * (IMPORT_BYTES_MAX + 1), 413, TOO_LARGE),
        ("url,alias,expires_in_days\n", 400, "The file has no rows"),
        (b"", 400, "The file has no rows"),
    ],
)
def test_a_file_that_cannot_be_imported_is_refused_and_nothing_kept(
    signed_in, content, status, message
):
    response = upload(signed_in, content)
    assert response.status_code == status
    assert message in response.content.decode()
    assert item_count(LinkImport) == 0


def test_no_file_is_400(signed_in):
    response = signed_in.post("/shorten/import/", {})
    assert response.status_code == 400
    assert "Choose the CSV file to import." in response.content.decode()


def test_another_users_or_a_forged_or_an_expired_import_is_404(client, signed_in, clock):
    found = import_id_of(upload(signed_in, GOOD))
    data = type(client)()
    sign_in(data, account_create("Data", "data@enterprise.example"))
    for other in (data.get, data.post):
        path = (
            f"/shorten/import/{found}/" if other == data.get else f"/shorten/import/{found}/confirm"
        )
        assert other(path).status_code == 404
    assert signed_in.get("/shorten/import/forged/").status_code == 404
    assert signed_in.post("/shorten/import/" + "0" * 32 + "/confirm").status_code == 404
    stored = LinkImport.get(found, 0)
    stored.update([LinkImport.expires.set(datetime.now(UTC) - timedelta(minutes=1))])
    assert signed_in.get(f"/shorten/import/{found}/").status_code == 404
    assert signed_in.post(f"/shorten/import/{found}/confirm").status_code == 404
    assert item_count(Link) == 0
