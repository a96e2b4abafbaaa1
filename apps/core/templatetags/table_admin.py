"""The admin's changelist of a DynamoDB table, its long texts cut short in the list.

``{% table_result_list cl %}`` is Django's ``{% result_list cl %}`` (the same
template, the same cells) shown from copies of the page's rows whose texts
longer than SHOWN_LENGTH end in "…": a 2,048-character URL or a 280-character
dwipp would otherwise make one column as tall as a page. The change page shows
them whole; the rows themselves, which actions use, are not touched.

Each cell also carries its column's name (``data-label``): on a phone the
admin's CSS (core/admin.css) stacks a row's values under their names, a card
per row, instead of squeezing every column into the width of the screen.
"""

import copy

from django import template
from django.contrib.admin.templatetags.admin_list import ResultList, result_list
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator, capfirst

SHOWN_LENGTH = 80

register = template.Library()


@register.inclusion_tag("admin/change_list_results.html")
def table_result_list(cl):
    shown = copy.copy(cl)
    shown.result_list = [_shortened(row) for row in cl.result_list]
    context = result_list(shown)
    labels = [_label(header) for header in context["result_headers"]]
    context["results"] = [
        ResultList(row.form, map(_labelled, row, labels)) for row in context["results"]
    ]
    return context


def _label(header: dict) -> str:
    """The column's name, shown before each of its values on a phone (checkboxes: none)."""
    if "action-checkbox" in header["class_attrib"]:
        return ""
    return capfirst(str(header["text"]))


def _labelled(cell: str, label: str) -> str:
    """The ``<td …>`` (or ``<th …>``) cell with ``data-label="label"``."""
    if not label or cell[:3] not in ("<td", "<th"):
        return cell
    return mark_safe(cell[:3] + format_html(' data-label="{}"', label) + cell[3:])  # noqa: S308


def _shortened(row):
    short = copy.copy(row)
    for field in row._meta.concrete_fields:
        value = getattr(row, field.attname)
        text = isinstance(field, models.CharField | models.TextField) and not field.primary_key
        if text and isinstance(value, str) and len(value) > SHOWN_LENGTH:
            setattr(short, field.attname, Truncator(value).chars(SHOWN_LENGTH))
    return short
