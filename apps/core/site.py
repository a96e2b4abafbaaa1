"""The site's own navigation: which apps exist and where they live.

An app joins the navigation and the home page by giving its AppConfig a
``nav_url`` (a URL name) and a ``summary``; core knows no app by name. Pages
about the signed-in user's own things ("My links") are named in the AppConfig's
``account_pages``, and pages for staff in ``staff_pages``, as (label, URL name)
pairs: the profile lists both, the header the staff ones.

Deleting an account (apps.accounts.services.account_delete) reaches every app
through hooks (``app_hooks``), dotted paths in the AppConfig:
``user_data_delete`` deletes the app's data of a user (idempotent, bounded
requests), ``user_access_revoke`` (optional) ends ways in other than a session
before the account is closed; ``user_data_deleted`` and ``user_data_kept`` say
in a sentence what the app deletes and keeps, for the page that asks.
"""

from functools import cache

from django.apps import apps
from django.conf import settings
from django.urls import reverse


@cache
def site_apps() -> tuple[dict, ...]:
    return tuple(
        {"name": config.verbose_name, "url": reverse(config.nav_url), "summary": config.summary}
        for config in apps.get_app_configs()
        if getattr(config, "nav_url", None)
    )


@cache
def account_pages() -> tuple[dict, ...]:
    """The apps' pages about a user's own things, then their staff pages (``staff`` True)."""
    return tuple(
        {"name": label, "url": reverse(url_name), "staff": staff}
        for staff, attribute in ((False, "account_pages"), (True, "staff_pages"))
        for config in apps.get_app_configs()
        for label, url_name in getattr(config, attribute, ())
    )


SITE_DESCRIPTION = (
    "Small web apps (signed bills, a captain's log, Dwipper, a URL shortener, todo lists) "
    "on Django, served by AWS Lambda with every piece of state in DynamoDB."
)


def site_context(path: str = "") -> dict:
    """Context that every page's base template needs; never touches DynamoDB.

    ``page_description`` (the meta description search engines show) is the
    current app's summary, or the site's. ``printed_email_heading``: on a local
    run email goes to the terminal under this heading, and pages that say
    "check your email" say where to look.
    """
    from apps.core.mail import HEADING, email_printed

    apps_here = [{**app, "current": path.startswith(app["url"])} for app in site_apps()]
    current = [app["summary"] for app in apps_here if app["current"]]
    return {
        "site_title": settings.SITE_NAME,
        "site_apps": apps_here,
        "account_pages": account_pages(),
        "page_description": current[0] if current else SITE_DESCRIPTION,
        "time_zone_cookie": settings.TIME_ZONE_COOKIE,
        "printed_email_heading": HEADING if email_printed() else "",
    }


def app_hooks(attribute: str) -> list:
    """The functions apps name in their AppConfig's ``attribute`` (a dotted path), in app order.

    How core and accounts reach every app without knowing any by name:
    ``demo_seed`` (seed_demo), ``user_data_delete`` (deleting an account).
    """
    from django.utils.module_loading import import_string

    return [
        import_string(getattr(config, attribute))
        for config in apps.get_app_configs()
        if getattr(config, attribute, None)
    ]


@cache
def user_data_notes() -> dict[str, list[dict]]:
    """What deleting an account deletes and keeps, per app, for the page that asks."""
    notes = {"deleted": [], "kept": []}
    for config in apps.get_app_configs():
        for kind in notes:
            text = getattr(config, f"user_data_{kind}", "")
            if text:
                notes[kind].append({"app": config.verbose_name, "text": text})
    return notes
