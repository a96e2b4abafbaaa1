"""Signed bills in a real browser, paying through Stripe.js (localstripe's, in the tests):
buy, get the PDF, check the signature, catch a forgery; a declined card."""

from playwright.sync_api import expect

from apps.billing.models import Bill
from tests.support.billing import mac_tampered
from tests.support.dynamodb import item_count
from tests.support.stripe import DECLINED_ON_CHARGE, GOOD_CARD

PAYMENT_WAIT = 30_000  # ms


def card_fill(page, number: str) -> None:
    """Type a card into the Element (localstripe's: number, month, year, code, postcode)."""
    card = page.get_by_role("group", name="Card:")
    for placeholder, value in (
        ("number", number),
        ("exp_month", "12"),
        ("exp_year", "30"),
        ("cvc", "123"),
        ("postal_code", "75001"),
    ):
        card.get_by_placeholder(placeholder, exact=True).fill(value)


def test_buy_a_bill_open_the_pdf_and_verify_its_signature(context, page, mailoutbox):
    page.goto("/billing/")
    page.get_by_label("Email:", exact=True).fill("beverly@enterprise.example")
    page.get_by_label("Name on the bill (optional):", exact=True).fill("Beverly Crusher")
    card_fill(page, GOOD_CARD)
    page.get_by_role("button", name="Pay 5.00 EUR").click()
    # Paying is three calls to Stripe and a PDF: longer than expect's 5 s on a busy machine.
    expect(page.get_by_role("status")).to_contain_text("Paid. Bill", timeout=PAYMENT_WAIT)
    number = page.get_by_role("heading", level=1).inner_text().removeprefix("Bill ")
    expect(page.get_by_text("To Beverly Crusher <beverly@enterprise.example>")).to_be_visible()
    assert len(mailoutbox) == 1

    pdf_link = page.get_by_role("link", name="Download the PDF")
    pdf = context.request.get(pdf_link.get_attribute("href"))
    assert pdf.ok
    assert pdf.headers["content-type"] == "application/pdf"
    assert f"bill-{number}.pdf" in pdf.headers["content-disposition"]
    assert pdf.body().startswith(b"%PDF-")

    signature = page.locator("#signature").inner_text()
    page.get_by_role("link", name="the verify page").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Authentic: bill {number} for beverly@enterprise.example"
    )

    tampered = mac_tampered(signature)
    page.goto("/billing/verify/")
    page.get_by_label("Signature:", exact=True).fill(tampered)
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("alert")).to_contain_text("This is not an authentic signature.")


def test_a_declined_card_shows_the_banks_message_and_keeps_the_form(page, mailoutbox):
    page.goto("/billing/")
    page.get_by_label("Email:", exact=True).fill("wesley@enterprise.example")
    page.get_by_label("Name on the bill (optional):", exact=True).fill("Wesley Crusher")
    card_fill(page, DECLINED_ON_CHARGE)
    page.get_by_role("button", name="Pay 5.00 EUR").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Your card was declined.", timeout=PAYMENT_WAIT
    )
    expect(page.get_by_label("Email:", exact=True)).to_have_value("wesley@enterprise.example")
    expect(page.get_by_label("Name on the bill (optional):", exact=True)).to_have_value(
        "Wesley Crusher"
    )
    assert item_count(Bill) == 0
    assert mailoutbox == []
