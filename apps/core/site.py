"""The site's own navigation: which apps exist and where they live.

An app joins the navigation and the home page by giving its AppConfig a
``nav_url`` (a URL name) and a ``summary``; core knows no app by name. Pages
about the signed-in user's own things ("My links") are named in the AppConfig's
``account_pages``, and pages for staff in ``staff_pages``, as (label, URL name)
pairs: the profile lists both, the header the staff ones.
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


def site_context(path: str = "") -> dict:
    """Context that every page's base template needs; never touches DynamoDB."""
    apps_here = [{**app, "current": path.startswith(app["url"])} for app in site_apps()]
    return {
        "site_title": settings.SITE_NAME,
        "site_apps": apps_here,
        "account_pages": account_pages(),
    }
