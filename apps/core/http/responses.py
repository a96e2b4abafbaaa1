"""Choosing between an HTML page and JSON for error answers."""

from django.http import HttpRequest


def wants_json(request: HttpRequest) -> bool:
    """API paths (under /api/, whatever the stage prefix) and requests that sent JSON."""
    return request.path_info.startswith("/api/") or request.content_type == "application/json"
