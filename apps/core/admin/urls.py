"""The admin's URLs, imported when an admin URL is first resolved or reversed.

site_project/urls.py names this module instead of including ``admin.site.urls``,
which would list the registered models while the root URLconf loads, so at every
cold start. Here every app's ``admin.py`` registers its tables first.
"""

from django.contrib import admin

admin.autodiscover()

app_name = "admin"
urlpatterns = admin.site.get_urls()
