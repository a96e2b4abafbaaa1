from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class BillingConfig(AppConfig):
    name = "apps.billing"
    verbose_name = "Signed bills"
    nav_url = "billing:shop"
    summary = (
        "Buy nothing for 5 EUR, get a bill with an electronic signature, and let anyone verify it."
    )
    openapi_paths = "apps.billing.openapi.PATHS"
    account_pages = (("My bills", "billing:mine"),)
    staff_pages = (("Bills", "billing:staff_bills"),)

    def ready(self) -> None:
        from apps.billing.payments import PROVIDERS

        provider = settings.BILLING_PAYMENT_PROVIDER
        if provider not in PROVIDERS:
            raise ImproperlyConfigured(f"Unknown BILLING_PAYMENT_PROVIDER {provider!r}.")
