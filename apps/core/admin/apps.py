"""``django.contrib.admin`` with this site's AdminSite (INSTALLED_APPS names this config).

Without autodiscovery at start-up (``SimpleAdminConfig``): the apps' ``admin.py``
modules, their shadow models and what they import are only for the admin's
pages, and a cold start would pay for them before any page. Every app's
``admin.py`` is imported (``admin.autodiscover()``) when an admin URL is first
resolved or reversed (apps/core/admin/urls.py), and before anything else that
reads the registry: the admin's checks (``site.SiteAdmin.check``) and the
permissions of the user admin (``permissions.permission_choices``).
"""

from django.contrib.admin.apps import SimpleAdminConfig


class SiteAdminConfig(SimpleAdminConfig):
    default_site = "apps.core.admin.site.SiteAdmin"

    def ready(self) -> None:
        super().ready()
        # Django's admin checks run on the sites that exist by then: the site must
        # exist even when no URLconf was loaded (``manage.py check``).
        self.module.site.name  # noqa: B018 - the lazy default site, made
