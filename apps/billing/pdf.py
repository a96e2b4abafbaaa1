"""The bill as a one-page PDF (fpdf2, core fonts, the QR code drawn as squares).

fpdf2 is imported here, inside the function: importing it costs ~0.2 s, which
only a PDF should pay. Pillow is not in the Lambda package (bills embed no raster
image), and fpdf2 warns about that on import; the warning is expected.
"""

from __future__ import annotations

import warnings

from django.conf import settings

from apps.billing.models import Bill
from apps.core.dates import moment_text
from apps.core.qr import qr_matrix

QR_MODULE_MM = 1.2


def bill_pdf(bill: Bill, *, verify_url: str) -> bytes:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Pillow could not be imported")
        from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(f"Bill {bill.number}")
    pdf.add_page()
    _heading(pdf, bill)
    _lines(pdf, bill)
    _signature(pdf, bill, verify_url)
    return bytes(pdf.output())


def _text(value: str) -> str:
    """The core fonts know Latin-1 only; anything else is shown as '?'."""
    return value.encode("latin-1", "replace").decode("latin-1")


def _heading(pdf, bill: Bill) -> None:
    # The seller, as the bill page names it: the site.
    pdf.set_font("helvetica", style="B", size=12)
    pdf.cell(0, 7, _text(settings.SITE_NAME), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", style="B", size=20)
    pdf.cell(0, 12, f"Bill {bill.number}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=11)
    pdf.cell(0, 6, f"Issued {moment_text(bill.issued)}", new_x="LMARGIN", new_y="NEXT")
    # A long name or address wraps: at spaces, and inside a word too long for a line.
    to = f"To {bill.name} <{bill.email}>" if bill.name else f"To {bill.email}"
    pdf.multi_cell(0, 6, _text(to), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)


def _lines(pdf, bill: Bill) -> None:
    pdf.set_font("helvetica", style="B", size=11)
    pdf.cell(140, 8, "Item", border="B")
    pdf.cell(0, 8, "Amount", border="B", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=11)
    pdf.cell(140, 8, "Nothing (one unit)")
    pdf.cell(0, 8, f"{bill.amount} {bill.currency}", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", style="B", size=11)
    pdf.cell(140, 8, "Total", border="T")
    pdf.cell(
        0, 8, f"{bill.amount} {bill.currency}", border="T", align="R", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("helvetica", size=9)
    pdf.cell(
        0,
        6,
        f"Paid with: {bill.payment_provider} ({bill.payment_reference})",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(8)


def _signature(pdf, bill: Bill, verify_url: str) -> None:
    pdf.set_font("helvetica", style="B", size=11)
    pdf.cell(0, 7, "Electronic signature", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("courier", size=8)
    pdf.multi_cell(0, 4, bill.signature, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("helvetica", size=9)
    verify_page = verify_url.rsplit("/", 1)[0] + "/"
    note = (
        "To check that this bill is authentic, scan the code "
        f"or paste the signature at {verify_page}"
    )
    pdf.multi_cell(0, 5, _text(note), align="L", new_x="LMARGIN", new_y="NEXT")
    _qr(pdf, verify_url, x=pdf.l_margin, y=pdf.get_y() + 3)


def _qr(pdf, text: str, *, x: float, y: float) -> None:
    pdf.set_fill_color(0, 0, 0)
    for row, modules in enumerate(qr_matrix(text)):
        for column, dark in enumerate(modules):
            if dark:
                pdf.rect(
                    x + column * QR_MODULE_MM,
                    y + row * QR_MODULE_MM,
                    QR_MODULE_MM,
                    QR_MODULE_MM,
                    style="F",
                )
