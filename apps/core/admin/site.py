"""The site's AdminSite: Django's, with "Recent actions" read from the audit table."""

from django.contrib import admin

from apps.core.admin.audit import audit_recent


class SiteAdmin(admin.AdminSite):
    site_header = site_title = "Serverless Django admin"

    def index(self, request, extra_context=None):
        context = {"recent_actions": audit_recent(request.user), **(extra_context or {})}
        return super().index(request, context)

    def check(self, app_configs):
        """Check every ModelAdmin, though autodiscovery waits for the admin's URLs (apps.py)."""
        admin.autodiscover()
        return super().check(app_configs)
