from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from apps.core.apps import SiteAppConfig


class BillingConfig(SiteAppConfig):
    name = "apps.billing"
    verbose_name = "Signed bills"
    nav_url = "billing:shop"
    summary = (
        "Buy nothing for 5 EUR, get a bill with an electronic signature, and let anyone verify it."
    )
    openapi_paths = "apps.billing.openapi.PATHS"
    account_pages = (("My bills", "billing:mine"),)
    staff_pages = (("Bills", "billing:staff_bills"),)
    # No user_data_delete: a signed bill is immutable and numbers stay gap-free.
    user_data_kept = (
        "Bills bought, with the email address and name they were made out to: a bill is "
        "kept on record, and its signature still verifies."
    )

    def ready(self) -> None:
        from apps.billing.payments import PROVIDERS

        provider = settings.BILLING_PAYMENT_PROVIDER
        if provider not in PROVIDERS:
            raise ImproperlyConfigured(f"Unknown BILLING_PAYMENT_PROVIDER {provider!r}.")
