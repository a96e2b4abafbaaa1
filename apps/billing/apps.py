from django.apps import AppConfig


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
