from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from apps.accounts.views import AdminSignInView, SignOutView

admin.site.site_header = admin.site.site_title = "Serverless Django admin"

urlpatterns = [
    # Before the admin's own: its login takes the second factor too (apps/accounts/signin.py),
    # and its logout reads ``next`` through the site's one check (apps/core/http/redirects.py).
    path("admin/login/", AdminSignInView.as_view(), name="admin_login"),
    path("admin/logout/", SignOutView.as_view(), name="admin_logout"),
    # What include() returns, with the admin's URLconf named rather than imported: it is
    # imported when an admin URL is first resolved or reversed (apps/core/admin/urls.py).
    path("admin/", ("apps.core.admin.urls", "admin", admin.site.name)),
    path("", include("apps.accounts.urls")),
    path("", include("apps.core.urls")),
    path("log/", include("apps.captains_log.urls")),
    path("", include("apps.billing.urls")),
    path("todos/", include("apps.todos.urls")),
    path("dwipper/", include("apps.dwipper.urls")),
    path("api/todos/", include("apps.todos.api_urls")),
    path("api/todo-backend/", include("apps.todos.todo_backend_urls")),
    path("api/dwipper/", include("apps.dwipper.api_urls")),
    # Last: /<code> takes any single path segment the routes above leave free.
    path("", include("apps.shortener.urls")),
]

if not settings.PRODUCTION:
    # DEBUG is off on a local run too (so that its 404 and 500 pages are the
    # site's own), and runserver then serves no static files: the site does.
    import re

    from django.contrib.staticfiles.views import serve

    prefix = re.escape(settings.STATIC_URL.lstrip("/"))
    urlpatterns.insert(0, re_path(rf"^{prefix}(?P<path>.+)$", serve, {"insecure": True}))

handler400 = "apps.core.views.bad_request"
handler403 = "apps.core.views.permission_denied"
handler404 = "apps.core.views.page_not_found"
handler500 = "apps.core.views.server_error"
