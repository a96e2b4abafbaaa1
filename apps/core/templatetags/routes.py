"""``route``: ``{% url name key %}`` for the rows of a list (apps/core/http/routes.py)."""

from django import template

from apps.core.http.routes import route_path

register = template.Library()
register.filter("route", route_path)
