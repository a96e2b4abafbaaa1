"""A second URLconf for tests/core/test_routes.py: the site's, under ``prefixed/``."""

from django.urls import include, path

urlpatterns = [path("prefixed/", include("site_project.urls"))]
