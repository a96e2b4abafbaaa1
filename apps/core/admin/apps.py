"""``django.contrib.admin`` with this site's AdminSite (INSTALLED_APPS names this config)."""

from django.contrib.admin.apps import AdminConfig


class SiteAdminConfig(AdminConfig):
    default_site = "apps.core.admin.site.SiteAdmin"
