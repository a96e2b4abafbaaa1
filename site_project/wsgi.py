"""WSGI entry point for runserver and any WSGI server; Zappa builds its own."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_project.settings")

from apps.core.http.resolving import wsgi_application

application = wsgi_application()
