"""``{% url name key %}`` for a route whose one argument is a key, at a tenth of its cost.

``route_path(key, name)`` in code (``Routes().path`` for a page's rows), the ``route``
filter in templates (built in)::

    <a href="{{ link.code|route:'shortener:stats' }}">     /shorten/stats/<code>
    <a href="{{ d.dwipp_id|route:'dwipper:dwipp' }}reply">  /dwipper/d/<id>/reply

``{% url %}`` costs about 15 µs, and a list of twenty dwipps or links had
sixty to a hundred of them. Here the first key a route is asked for is
reversed as usual, and the text around it is kept (per URLconf and script
prefix, all that ``reverse`` reads besides its arguments): the next key's path
is that text around the key, quoted as ``reverse`` quotes. A path in which
the key also appears elsewhere is not kept. Keys are ids, codes, tokens and
usernames the site made or checked: one the route's pattern would refuse is
refused only when it is the first (``reverse`` raises), else its link is a 404.
"""

from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse

# What reverse() leaves unquoted in a path (django.urls.resolvers: RFC 3986 sub-delims + "/~:@").
SAFE = "!$&'()*+,;=/~:@"

_around: dict[tuple[str, str | None, str], tuple[str, str]] = {}


def route_path(key, name: str) -> str:
    """reverse(name, args=[key]) for a route with one argument."""
    quoted = quote(str(key), safe=SAFE)
    where = (name, get_urlconf(), get_script_prefix())
    if where in _around:
        before, after = _around[where]
        return f"{before}{quoted}{after}"
    path = reverse(name, args=[key])
    if path.count(quoted) == 1:
        before, _, after = path.partition(quoted)
        _around[where] = (before, after)
    return path


class Routes:
    """``route_path`` for the many rows of one response: the URLconf and the script
    prefix, the same all through it, read once (each is an asgiref ``Local``, a few µs)."""

    def __init__(self):
        self.urlconf, self.prefix = get_urlconf(), get_script_prefix()

    def path(self, key, name: str) -> str:
        """reverse(name, args=[key]) for a route with one argument."""
        around = _around.get((name, self.urlconf, self.prefix))
        if around is None:  # not kept yet, or not keepable: reversed as route_path does
            return route_path(key, name)
        before, after = around
        return f"{before}{quote(str(key), safe=SAFE)}{after}"
