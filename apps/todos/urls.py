"""The todos pages, under /todos/."""

from django.urls import path

from apps.todos import (
    converters,  # noqa: F401 (registers the converters)
    views,
)

app_name = "todos"

urlpatterns = [
    path("", views.index, name="index"),
    path("lists/", views.list_new, name="list_new"),
    path("lists/<todo_id:list_id>/", views.list_page, name="list"),
    path("lists/<todo_id:list_id>/rename", views.list_rename_view, name="list_rename"),
    path("lists/<todo_id:list_id>/delete", views.list_delete_view, name="list_delete"),
    path("lists/<todo_id:list_id>/clear", views.list_clear, name="list_clear"),
    path("lists/<todo_id:list_id>/add", views.todo_add, name="todo_add"),
    path("<todo_id:todo_id>/toggle", views.todo_toggle, name="todo_toggle"),
    path("<todo_id:todo_id>/delete", views.todo_delete_view, name="todo_delete"),
    path("<todo_id:todo_id>/move", views.todo_move, name="todo_move"),
    path("<todo_id:todo_id>/edit", views.todo_edit, name="todo_edit"),
    path("devices/", views.devices, name="devices"),
    path("devices/<todo_id:device_id>/revoke", views.device_revoke, name="device_revoke"),
    path("devices/revoke-all", views.devices_revoke_all, name="devices_revoke_all"),
]
