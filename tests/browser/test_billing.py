"""Signed bills in a real browser: buy, get the PDF, check the signature, catch a forgery."""

from playwright.sync_api import expect

from tests.support.billing import mac_tampered


def test_buy_a_bill_open_the_pdf_and_verify_its_signature(context, page, mailoutbox):
    page.goto("/billing/")
    page.get_by_label("Email:", exact=True).fill("beverly@enterprise.example")
    page.get_by_label("Name on the bill (optional):", exact=True).fill("Beverly Crusher")
    page.get_by_role("button", name="Pay 5.00 EUR").click()
    expect(page.get_by_role("status")).to_contain_text("Paid. Bill")
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
