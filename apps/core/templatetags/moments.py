"""The template filters every date and time on the site goes through (apps/core/dates.py).

Built in (settings TEMPLATES ``builtins``), so templates need no ``{% load %}``::

    {{ entry.created|when }}        <time datetime="2026-12-06T20:11:00Z">6 Dec 2026, 20:11 UTC
    {{ link.created|when:"date" }}  6 Dec 2026, with the whole moment in its title
    {{ retry_at|when:"time" }}      20:11 UTC
    {{ link.expires|from_now }}     in 90 days
"""

from datetime import date

from django import template
from django.utils.html import format_html

from apps.core.dates import from_now_text, machine_text, moment_texts

register = template.Library()


def _parsed(value):
    """Dates kept as ISO text (a todo's due date) are read as dates; other text is shown as is."""
    if not isinstance(value, str):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@register.filter
def when(value, part="datetime"):
    shown = _parsed(value)
    if shown is None:
        return value or ""
    text, whole = moment_texts(shown, part)
    if whole == text:
        return format_html('<time datetime="{}">{}</time>', machine_text(shown), text)
    return format_html('<time datetime="{}" title="{}">{}</time>', machine_text(shown), whole, text)


@register.filter
def from_now(value):
    return from_now_text(value) if value else ""
