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
    # Payments whose webhook was lost, or whose buyer left during authentication.
    scheduled_sweeps = "apps.billing.sweeps.SWEEPS"
    # No user_data_delete: a signed bill is immutable and numbers stay gap-free.
    user_data_kept = (
        "Bills bought, with the email address and name they were made out to: a bill is "
        "kept on record, and its signature still verifies."
    )
