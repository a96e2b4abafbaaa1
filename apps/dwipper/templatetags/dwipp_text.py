"""``{{ dwipp|dwipp_html }}``: a dwipp's text with its tag and mention links (no reads)."""

from django import template

from apps.dwipper.markup import text_html

register = template.Library()


@register.filter
def dwipp_html(dwipp):
    """The text escaped, with links for the tags and mentions stored with the dwipp."""
    return text_html(dwipp.text or "", tags=dwipp.tags, mentions=dwipp.mentions)
