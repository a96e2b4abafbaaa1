"""The shortener's routes. Included last by the root URLconf: ``/<code>`` takes
whatever single path segment no other route of the site claims."""

from django.urls import path, register_converter

from apps.shortener import api, views
from apps.shortener.converters import CodeConverter

register_converter(CodeConverter, "code")

app_name = "shortener"

urlpatterns = [
    path("shorten", api.shorten, name="api"),
    path("api/links", api.links, name="api_links"),
    path("api/links/<code:code>/stats", api.stats, name="api_stats"),
    path("shorten/", views.index, name="index"),
    path("shorten/mine/", views.mine, name="mine"),
    path("shorten/mine/delete/<code:code>", views.delete, name="delete"),
    path("shorten/mine/edit/<code:code>", views.edit, name="edit"),
    path("shorten/stats/<code:code>", views.stats, name="stats"),
    path("shorten/import/", views.import_new, name="import_new"),
    path("shorten/import/<str:import_id>/", views.import_show, name="import"),
    path("shorten/import/<str:import_id>/confirm", views.import_confirm, name="import_confirm"),
    path("<code:code>+", views.preview, name="preview"),
    path("<code:code>", views.follow, name="redirect"),
]
