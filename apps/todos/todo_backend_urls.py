"""Todo-Backend capability URLs, under /api/todo-backend/. Each route also answers
without its trailing slash: clients POST to the root exactly as they were given
it, and APPEND_SLASH cannot redirect a POST."""

from django.urls import path

from apps.todos import (
    converters,  # noqa: F401 (registers the converters)
    todo_backend,
)

app_name = "todo_backend"

urlpatterns = [
    path("<capability:token>/", todo_backend.root, name="root"),
    path("<capability:token>", todo_backend.root),
    path("<capability:token>/<todo_id:todo_id>", todo_backend.todo, name="todo"),
    path("<capability:token>/<todo_id:todo_id>/", todo_backend.todo),
]
