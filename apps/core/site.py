"""The site's own navigation: which apps exist and where they live.

An app joins the navigation and the home page by giving its AppConfig a
``nav_url`` (a URL name) and a ``summary``; core knows no app by name.
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


def site_context(path: str = "") -> dict:
    """Context that every page's base template needs; never touches DynamoDB."""
    apps_here = [{**app, "current": path.startswith(app["url"])} for app in site_apps()]
    return {"site_title": settings.SITE_NAME, "site_apps": apps_here}
