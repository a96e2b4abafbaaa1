"""The site's own navigation, and what deleting an account does, read from the apps.

What each app shows here it declares on its AppConfig (the contract,
apps/core/apps.py): ``nav_url`` and ``summary`` put it in the navigation and on
the home page; ``account_pages`` (the signed-in user's own things, "My links")
and ``staff_pages`` are listed on the profile, the staff ones in the header too;
``header_badges`` are links with a count in a signed-in user's header;
``user_data_deleted`` and ``user_data_kept`` are what the account-deletion pages
say. Core knows no app by name.
"""

from functools import cache

from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string

from apps.core.apps import site_app_configs


@cache
def site_apps() -> tuple[dict, ...]:
    return tuple(
        {"name": config.verbose_name, "url": reverse(config.nav_url), "summary": config.summary}
        for config in site_app_configs()
        if config.nav_url
    )


@cache
def account_pages() -> tuple[dict, ...]:
    """The apps' pages about a user's own things, then their staff pages (``staff`` True)."""
    configs = site_app_configs()
    own = [(page, False) for config in configs for page in config.account_pages]
    staff = [(page, True) for config in configs for page in config.staff_pages]
    return tuple(
        {"name": label, "url": reverse(url_name), "staff": is_staff}
        for (label, url_name), is_staff in own + staff
    )


def header_badges(request) -> list[dict]:
    """The apps' header links with a count, for a signed-in user (``header_badges``)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return [
        {"label": label, "url": reverse(url_name), "count": import_string(count)(request)}
        for config in site_app_configs()
        for label, url_name, count in config.header_badges
    ]


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


@cache
def user_data_notes() -> dict[str, list[dict]]:
    """What deleting an account deletes and keeps, per app, for the page that asks."""
    configs = site_app_configs()
    return {
        "deleted": [_note(c, c.user_data_deleted) for c in configs if c.user_data_deleted],
        "kept": [_note(c, c.user_data_kept) for c in configs if c.user_data_kept],
    }


def _note(config, text: str) -> dict:
    return {"app": config.verbose_name, "text": text}
