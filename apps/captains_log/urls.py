from django.urls import path, register_converter

from apps.captains_log import views
from apps.captains_log.converters import EntryIdConverter

register_converter(EntryIdConverter, "entry_id")

app_name = "captains_log"

urlpatterns = [
    path("", views.log_list, name="list"),
    path("new/", views.entry_new, name="new"),
    path("<entry_id:entry_id>/", views.entry_detail, name="detail"),
    path("<entry_id:entry_id>/edit/", views.entry_edit, name="edit"),
    path("<entry_id:entry_id>/delete/", views.entry_remove, name="delete"),
]
