"""The admin's changelist of a DynamoDB table, its long texts cut short in the list.

``{% table_result_list cl %}`` is Django's ``{% result_list cl %}`` (the same
template, the same cells) shown from copies of the page's rows whose texts
longer than SHOWN_LENGTH end in "…": a 2,048-character URL or a 280-character
dwipp would otherwise make one column as tall as a page. The change page shows
them whole; the rows themselves, which actions use, are not touched.
"""

import copy

from django import template
from django.contrib.admin.templatetags.admin_list import result_list
from django.db import models
from django.utils.text import Truncator

SHOWN_LENGTH = 80

register = template.Library()


@register.inclusion_tag("admin/change_list_results.html")
def table_result_list(cl):
    shown = copy.copy(cl)
    shown.result_list = [_shortened(row) for row in cl.result_list]
    return result_list(shown)


def _shortened(row):
    short = copy.copy(row)
    for field in row._meta.concrete_fields:
        value = getattr(row, field.attname)
        text = isinstance(field, models.CharField | models.TextField) and not field.primary_key
        if text and isinstance(value, str) and len(value) > SHOWN_LENGTH:
            setattr(short, field.attname, Truncator(value).chars(SHOWN_LENGTH))
    return short
