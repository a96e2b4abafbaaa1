"""The JSON API, under /api/todos/."""

from django.urls import path

from apps.todos import (
    api,
    converters,  # noqa: F401 (registers the converters)
)

app_name = "todos_api"

urlpatterns = [
    path("", api.todos, name="todos"),
    path("token/", api.token_create, name="token"),
    path("lists/", api.lists, name="lists"),
    path("lists/<todo_id:list_id>/", api.list_detail, name="list"),
    path("<todo_id:todo_id>/", api.todo, name="todo"),
]
