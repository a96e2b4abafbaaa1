"""The admin on DynamoDB: Django's admin site, without what needs the ORM.

The auth app registers Group, whose admin pages query the ORM; it is removed.
templates/admin/index.html drops the "Recent actions" box (it reads the ORM's
LogEntry table).
"""

from django.contrib import admin
from django.contrib.auth.models import Group

admin.site.unregister(Group)
