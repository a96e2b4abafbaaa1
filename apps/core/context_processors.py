from functools import partial

from apps.core.site import header_badges, site_context


def site(request):
    # The template calls header_badges where it shows a signed-in user's header:
    # only after the page has loaded the user, and never on a page that does not.
    return {**site_context(request.path), "header_badges": partial(header_badges, request)}
