from functools import partial

from django.template.backends.utils import csrf_input
from django.utils.functional import SimpleLazyObject

from apps.core.site import header_badges, site_context


def site(request):
    # The template reads header_badges where it shows a signed-in user's header:
    # only after the page has loaded the user, never on a page that does not, and
    # once a page (the menu button and the header both show the counts).
    # ``csrf_field`` is {% csrf_token %} worked out once for the page, for forms
    # repeated on every row of a list; like the tag, it is made only if shown.
    return {
        **site_context(request.path),
        "header_badges": SimpleLazyObject(partial(header_badges, request)),
        "csrf_field": SimpleLazyObject(partial(csrf_input, request)),
    }
