"""``route``: ``{% url name key %}`` for the rows of a list (apps/core/http/routes.py).

And ``{% url 'name' %}`` itself, in place of Django's tag (this library is a builtin
loaded after Django's own): a URL without arguments is the same text every time for
one URLconf, script prefix and current app, so it is reversed once for each (about
15 µs, and every page has five to ten of them: its header, menu and forms). Every
other use of the tag is Django's own.
"""

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as url_tag
from django.urls import get_script_prefix, get_urlconf

from apps.core.http.routes import route_path

register = template.Library()
register.filter("route", route_path)

_kept: dict[tuple, str] = {}


class KeptURLNode(URLNode):
    """``{% url 'name' %}``: what Django's node renders, kept by all it depends on."""

    def render(self, context):
        where = (
            self.view_name.var,
            _current_app(context),
            get_urlconf(),
            get_script_prefix(),
            context.autoescape,
        )
        if where not in _kept:
            _kept[where] = super().render(context)
        return _kept[where]


def _current_app(context):
    """The current app as URLNode.render reads it."""
    try:
        return context.request.current_app
    except AttributeError:
        try:
            return context.request.resolver_match.namespace
        except AttributeError:
            return None


@register.tag
def url(parser, token):
    node = url_tag(parser, token)
    constant = not node.view_name.is_var and not node.view_name.filters
    if constant and not node.args and not node.kwargs and node.asvar is None:
        return KeptURLNode(node.view_name, node.args, node.kwargs, node.asvar)
    return node
