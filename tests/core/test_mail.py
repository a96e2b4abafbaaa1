"""Email on a local run: printed in the terminal, readable, and the pages say where to look."""

import io

from django.core import mail

from apps.core.mail import HEADING, TerminalEmailBackend
from tests.support.billing import shop_form

TERMINAL = "apps.core.mail.TerminalEmailBackend"


def test_a_local_email_prints_what_a_person_reads_and_names_its_attachments():
    terminal = io.StringIO()
    message = mail.EmailMessage(
        "Your bill 2026-000001",
        "Thank you for buying nothing.",
        "Serverless Django <noreply@localhost>",
        ["beverly@enterprise.example"],
    )
    message.attach("bill-2026-000001.pdf", b"%PDF-1.4" + b"\0" * 5000, "application/pdf")
    assert TerminalEmailBackend(stream=terminal).send_messages([message]) == 1
    printed = terminal.getvalue()
    for line in (
        HEADING,
        "To: beverly@enterprise.example",
        "Subject: Your bill 2026-000001",
        "Thank you for buying nothing.",
        "Attached: bill-2026-000001.pdf (application/pdf, 5,008 bytes)",
    ):
        assert line in printed.splitlines(), line
    assert "base64" not in printed


def test_a_local_run_says_where_the_reset_email_is(client, settings):
    settings.EMAIL_BACKEND = TERMINAL
    page = client.get("/account/password/reset/sent/").content.decode()
    assert "<strong>Local run:</strong> email is not sent." in page
    assert f"under the heading “{HEADING}”" in page


def test_where_email_is_sent_the_pages_say_nothing_of_a_terminal(client):
    page = client.get("/account/password/reset/sent/").content.decode()
    assert "Check your email" in page
    assert "Local run" not in page


def test_the_bill_page_of_a_local_run_says_where_its_email_is(client, settings):
    settings.EMAIL_BACKEND = TERMINAL
    response = client.post("/billing/", shop_form("beverly@enterprise.example"), follow=True)
    assert "email is not sent" in response.content.decode()
