"""Bills in the admin (apps/core/admin): shown, never changed or deleted.

A signed bill is immutable and bill numbers stay gap-free, so the admin offers
no add, change or delete, for anyone (superusers too). Search: a year
(``2026``) lists its bills by number, newest first (a Query on
``year-number-index``; the number column sorts both ways); a bill number
(``2026-000001``) finds that bill on the same index; a bill's token finds it
by key; a username lists the bills they bought (``buyer-number-index``).
Without a search the table is listed a page at a time (Scan). Each bill shows
the link that verifies its signature.

One action: **Refund the selected bills**, for superusers and staff holding
"Can refund" on bills. It refunds each payment in full through Stripe (once:
the refund's idempotency key is the bill's), marks the bill refunded, emails
the buyer, and records the refund in the audit log (History).
"""

import re

from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE
from django.db import models
from django.urls import reverse
from django.utils.html import format_html

from apps.accounts.selectors import username_key
from apps.billing.models import Bill
from apps.core.admin import Found, KeyQuery, TableAdmin, TableScan, shadow_model

SEARCH_HELP = (
    "A year (2026) lists its bills by number, a bill number (2026-000001) finds that bill "
    "(one Query on the year index each); a token finds a bill by key; a username lists "
    "the bills they bought (one Query on the buyer index)."
)
YEAR = re.compile(r"\d{4}")
NUMBER = re.compile(r"(\d{4})-\d+")

BillRow = shadow_model(
    Bill,
    name="Bill",
    app_label="billing",
    module=__name__,
    key_field="token",
    label=lambda bill: bill.number,
    fields={"signature": models.TextField()},
)


@admin.register(BillRow)
class BillAdmin(TableAdmin):
    table = Bill
    list_display = ("number", "email", "name", "amount", "currency", "issued", "buyer", "refunded")
    sorted_by = "number"
    ordering = ("-number",)
    search_help_text = SEARCH_HELP
    actions = ["refund"]
    # Offered in the user admin beside view/add/change/delete (apps/core/admin/permissions.py).
    extra_permissions = ("refund",)

    def has_refund_permission(self, request) -> bool:
        return request.user.has_perm(f"billing.refund_{self.opts.model_name}")

    @admin.action(description="Refund the selected bills", permissions=["refund"])
    def refund(self, request, queryset):
        """Refund each bill's payment through Stripe; audited, the buyer told by email."""
        from apps.billing.services import RefundRefused, bill_refund
        from apps.billing.stripe_api import StripeUnavailable, stripe_budget

        done = 0
        for obj in queryset:
            try:
                with stripe_budget():
                    bill_refund(obj.item)
            except (RefundRefused, StripeUnavailable) as error:
                self.message_user(request, str(error), messages.ERROR)
                continue
            self._audit(request, obj, CHANGE, "Refunded")
            done += 1
        self.message_user(
            request, f"{done} bill(s) refunded.", messages.SUCCESS if done else messages.WARNING
        )

    @admin.display(description="verify")
    def verify_link(self, obj) -> str:
        url = reverse("billing:verify_link", args=[obj.signature])
        return format_html('<a href="{}">Check this signature</a>', url)

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields] + ["verify_link"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def listing(self, search: str, *, descending: bool):
        search = search.strip()
        if not search:
            return TableScan(Bill)
        if YEAR.fullmatch(search):
            return KeyQuery(Bill.year_index, search, forward=not descending)
        number = NUMBER.fullmatch(search)
        if number:
            return KeyQuery(
                Bill.year_index, number.group(1), range_key_condition=Bill.number == search
            )
        found = super().listing(search, descending=descending)
        if isinstance(found, Found) and found.items:
            return found
        return KeyQuery(Bill.buyer_index, username_key(search), forward=not descending)
