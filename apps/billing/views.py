from datetime import UTC, datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from apps.accounts.selectors import username_key
from apps.billing.forms import PurchaseForm, VerifyForm
from apps.billing.limits import VERIFY_LIMITED, verify_limited
from apps.billing.selectors import (
    bill_get,
    bill_list,
    bill_list_of_buyer,
    bill_refunded_at,
    signature_check,
)
from apps.billing.services import (
    BillingBusy,
    PurchaseNotYours,
    purchase_look,
    purchase_of,
    purchase_pay,
)
from apps.core.http.paging import page_or_first
from apps.core.http.ratelimit import client_ip, limit_exceeded, too_many_requests
from apps.core.qr import qr_data_uri

PENDING = (
    "Your payment is under way. This page shows your bill once it is paid; the bill "
    "also comes by email."
)


@require_http_methods(["GET", "POST"])
def shop(request):
    """The shop: email, name and card; paying creates, confirms and settles one payment."""
    form = PurchaseForm(request.POST or None, initial=_buyer_details(request.user))
    if request.method == "POST":
        retry_after = limit_exceeded(
            request, group="billing-buy", key=client_ip, rate=settings.BILLING_RATE_PER_IP
        )
        if retry_after:
            return too_many_requests(request, retry_after, "purchases from your network")
        if form.is_valid():
            return _pay(request, form)
    return _shop_page(request, form)


def _pay(request, form):
    from apps.billing.stripe_api import StripeUnavailable, stripe_budget

    try:
        with stripe_budget():
            outcome = purchase_pay(**form.cleaned_data, buyer=_buyer(request))
    except PurchaseNotYours as error:
        return _shop_page(request, _fresh_form(form.cleaned_data, str(error)))
    except (StripeUnavailable, BillingBusy) as error:
        form.add_error(None, str(error))  # the same key: sent again, nothing is paid twice
        return _shop_page(request, form, status=503)
    return _outcome_page(request, outcome, form.cleaned_data["idempotency_key"], form.cleaned_data)


@require_GET
def purchase_return(request, key):
    """Where the buyer's browser comes back after the bank's authentication: asks Stripe."""
    from apps.billing.stripe_api import StripeUnavailable, stripe_budget

    purchase = purchase_of(key=key, buyer=_buyer(request))
    if purchase is None:
        raise Http404("No such purchase.")
    try:
        with stripe_budget():
            outcome = purchase_look(purchase)
    except (StripeUnavailable, BillingBusy) as error:
        return _pending_page(request, key, str(error), status=503)
    details = {"email": purchase.email, "name": purchase.name}
    return _outcome_page(request, outcome, key, details)


def _outcome_page(request, outcome, key: str, details: dict):
    if outcome.bill is not None:
        return _after_purchase(request, outcome)
    if outcome.declined is not None:
        return _shop_page(request, _fresh_form(details, outcome.declined))
    if outcome.client_secret is not None:
        context = {
            "client_secret": outcome.client_secret,
            "return_url": reverse("billing:purchase_return", args=[key]),
        }
        return _stripe_page(render(request, "billing/authenticate.html", _stripe_context(context)))
    return _pending_page(request, key, PENDING)


def _pending_page(request, key: str, message: str, status: int = 200):
    context = {"message": message, "return_url": reverse("billing:purchase_return", args=[key])}
    return render(request, "billing/pending.html", context, status=status)


def _fresh_form(details: dict, error: str) -> PurchaseForm:
    """A new purchase's form (a new key), with what was typed and why the last one failed."""
    form = PurchaseForm(initial={"email": details["email"], "name": details["name"]})
    form.initial_error = error
    return form


def _shop_page(request, form, status: int = 200):
    context = {
        "form": form,
        "price": settings.BILLING_PRICE,
        "currency": settings.BILLING_CURRENCY,
        "payment_error": getattr(form, "initial_error", None),
    }
    return _stripe_page(
        render(request, "billing/shop.html", _stripe_context(context), status=status)
    )


def _stripe_context(context: dict) -> dict:
    return {
        **context,
        "stripe_js_url": settings.STRIPE_JS_URL,
        "stripe_key": settings.STRIPE_PUBLISHABLE_KEY,
    }


def _stripe_page(response):
    """Allow Stripe's origins (localstripe's locally) on this page alone (django-csp)."""
    response._csp_update = {
        "script-src": settings.STRIPE_SCRIPT_ORIGINS,
        "connect-src": ["'self'", *settings.STRIPE_CONNECT_ORIGINS],
        **({"frame-src": settings.STRIPE_FRAME_ORIGINS} if settings.STRIPE_FRAME_ORIGINS else {}),
    }
    return response


def _buyer_details(user) -> dict:
    """The signed-in buyer's email and name from their profile, to start the form with."""
    if not user.is_authenticated:
        return {}
    return {"email": user.email, "name": user.get_full_name()}


def _buyer(request) -> str | None:
    return username_key(request.user.username) if request.user.is_authenticated else None


def _after_purchase(request, outcome):
    bill = outcome.bill
    if not outcome.issued_now:
        messages.info(request, f"This purchase was already paid: its bill {bill.number} is below.")
    elif outcome.emailed:
        messages.success(
            request, f"Paid. Bill {bill.number} is below, and on its way to {bill.email}."
        )
    else:
        messages.warning(
            request,
            f"Paid. Bill {bill.number} is below, but we could not email it: keep this page's link.",
        )
    return redirect("billing:bill", token=bill.token)


@require_GET
def bill_page(request, token):
    bill = _bill_or_404(token)
    verify_url = _verify_url(request, bill.signature)
    context = {"bill": bill, "verify_url": verify_url, "qr": qr_data_uri(verify_url)}
    return render(request, "billing/bill.html", context)


@require_GET
def bill_pdf_download(request, token):
    """The PDF as a file to save ("Download the PDF")."""
    return _bill_pdf_response(request, token, disposition="attachment")


@require_GET
def bill_pdf_open(request, token):
    """The PDF shown in the browser ("Open the PDF")."""
    return _bill_pdf_response(request, token, disposition="inline")


def _bill_pdf_response(request, token, *, disposition: str) -> HttpResponse:
    from apps.billing.pdf import bill_pdf

    bill = _bill_or_404(token)
    response = HttpResponse(
        bill_pdf(bill, verify_url=_verify_url(request, bill.signature)),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'{disposition}; filename="bill-{bill.number}.pdf"'
    return response


@login_required
@require_GET
def my_bills(request):
    after = {"cursor": request.GET.get("after")}
    page = page_or_first(request, bill_list_of_buyer, after, buyer=_buyer(request))
    return render(request, "billing/my_bills.html", {"page": page, "rows": _rows(page.bills)})


def _rows(bills) -> list[dict]:
    """What a list of bills shows of each (_bill_rows.html). Dicts, because the template
    finds a dict's keys at the first try and a model's attributes only after a failed
    item lookup: with 50 bills, about a sixth of the page's rendering."""
    return [
        {
            "token": bill.token,
            "number": bill.number,
            "issued": bill.issued,
            "email": bill.email,
            "amount": bill.amount,
            "currency": bill.currency,
        }
        for bill in bills
    ]


@require_http_methods(["GET", "POST"])
def verify_page(request):
    form = VerifyForm(request.POST or None)
    if request.method == "POST":
        retry_after = verify_limited(request)
        if retry_after:
            return too_many_requests(request, retry_after, VERIFY_LIMITED)
        if form.is_valid():
            return _verdict(request, form.cleaned_data["signature"], form)
    return render(request, "billing/verify.html", {"form": form})


@require_GET
def verify_link(request, signature):
    retry_after = verify_limited(request)
    if retry_after:
        return too_many_requests(request, retry_after, VERIFY_LIMITED)
    return _verdict(request, signature, VerifyForm(initial={"signature": signature}))


@staff_member_required
@require_GET
def staff_bills(request):
    try:
        year = int(request.GET.get("year") or datetime.now(UTC).year)
    except ValueError:
        year = datetime.now(UTC).year
    year = min(max(year, 2000), 9999)
    page = page_or_first(request, bill_list, {"cursor": request.GET.get("after")}, year=year)
    context = {"page": page, "rows": _rows(page.bills), "year": year}
    return render(request, "billing/staff_bills.html", context)


def _verdict(request, signature, form):
    signed = signature_check(signature)
    status = 200 if signed else 400
    refunded = bill_refunded_at(signed) if signed else None
    return render(
        request,
        "billing/verify.html",
        {"form": form, "signed": signed, "refunded": refunded, "checked": True},
        status=status,
    )


def _bill_or_404(token):
    bill = bill_get(token=token)
    if bill is None:
        raise Http404("No such bill.")
    return bill


def _verify_url(request, signature: str) -> str:
    return request.build_absolute_uri(reverse("billing:verify_link", args=[signature]))
