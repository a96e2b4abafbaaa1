from django.conf import settings
from django.contrib import admin
from django.urls import path, re_path

from apps.accounts.views import AdminSignInView, SignOutView

admin.site.site_header = admin.site.site_title = "Serverless Django admin"


def urls_of(urlconf: str, app_name: str) -> tuple[str, str, str]:
    """What ``include(urlconf)`` hands ``path()``, with the URLconf named, not imported.

    Django's URLResolver imports a URLconf given by its dotted path when a URL under
    it is first resolved or reversed, as it does the root URLconf; ``include()``
    would import it now. So a cold start imports the URLconfs (and views, forms and
    services) of the apps its first request reaches, not of all: a redirect or a JSON
    call skips the others. ``app_name`` is the one the URLconf declares, which
    ``include()`` would read from it (tests/site_project/test_urls.py compares them).
    """
    return (urlconf, app_name, app_name)


urlpatterns = [
    # Before the admin's own: its login takes the second factor too (apps/accounts/signin.py),
    # and its logout reads ``next`` through the site's one check (apps/core/http/redirects.py).
    path("admin/login/", AdminSignInView.as_view(), name="admin_login"),
    path("admin/logout/", SignOutView.as_view(), name="admin_logout"),
    path("admin/", urls_of("apps.core.admin.urls", "admin")),  # autodiscovers (its module)
    path("", urls_of("apps.accounts.urls", "accounts")),
    path("", urls_of("apps.core.urls", "core")),
    path("log/", urls_of("apps.captains_log.urls", "captains_log")),
    path("", urls_of("apps.billing.urls", "billing")),
    path("todos/", urls_of("apps.todos.urls", "todos")),
    path("dwipper/", urls_of("apps.dwipper.urls", "dwipper")),
    path("api/todos/", urls_of("apps.todos.api_urls", "todos_api")),
    path("api/todo-backend/", urls_of("apps.todos.todo_backend_urls", "todo_backend")),
    path("api/dwipper/", urls_of("apps.dwipper.api_urls", "dwipper_api")),
    # Last: /<code> takes any single path segment the routes above leave free.
    path("", urls_of("apps.shortener.urls", "shortener")),
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
