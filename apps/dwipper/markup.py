"""The ``#tags`` and ``@mentions`` in a dwipp's text, and the text as HTML with their links.

Tags and mentions are found when a dwipp is posted or edited and stored with it
(apps/dwipper/services.py), so that showing it reads nothing: a mention links
only when it named an open account then, and until that account is deleted:
the deletion takes the name out of the ``mentions`` of every dwipp that names
it (found through the account's ``mentioned`` records, apps/dwipper/models.py),
and the mention is plain text from then on.
"""

import re
import unicodedata

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from apps.accounts.selectors import username_key
from apps.core.http.routes import route_path

TAG_MAX_LENGTH = 50
MAX_TAGS = 10  # a dwipp's first ten tags are indexed and linked; more stay plain text
MAX_MENTIONS = 10  # likewise for the people it names
# ``#word`` and ``@name`` where no word runs into them (an email's @ does not mention);
# a name is a username's characters (apps/accounts/validators.py) not ending in a full
# stop, so "@kirk." at the end of a sentence names kirk.
TAG = re.compile(rf"\w{{1,{TAG_MAX_LENGTH}}}")
TOKEN = re.compile(
    rf"(?<![\w&#])#(?P<tag>\w{{1,{TAG_MAX_LENGTH}}})(?!\w)"
    r"|(?<![\w.+@-])@(?P<mention>[\w.+-]*[\w+-])"
)


def tag_key(tag: str) -> str:
    """One key for every way of writing a tag: NFKC, casefolded (as a username's key)."""
    return unicodedata.normalize("NFKC", tag).casefold()


def tag_valid(tag: str) -> bool:
    """Whether ``tag`` (from a URL) is what ``#tag`` in a dwipp can be."""
    return TAG.fullmatch(tag) is not None


def text_tags(text: str) -> list[str]:
    """The keys of the text's first MAX_TAGS distinct ``#tags``, in order."""
    found = (tag_key(m["tag"]) for m in TOKEN.finditer(text) if m["tag"])
    return list(dict.fromkeys(found))[:MAX_TAGS]


def text_mentions(text: str) -> list[str]:
    """The first MAX_MENTIONS distinct names the text ``@mentions`` (as typed), in order."""
    found = {}
    for match in TOKEN.finditer(text):
        name = match["mention"]
        if name:
            found.setdefault(username_key(name), name)
    return list(found.values())[:MAX_MENTIONS]


def text_html(text: str, *, tags, mentions) -> SafeString:
    """The text escaped, line breaks as ``<br>``, and links for its indexed tags and its
    mentions of existing users (``tags``, ``mentions``: the keys stored with the dwipp).

    Everything from the text is escaped; only the links are markup of ours.
    """
    tags, mentions, pieces, at = set(tags or ()), set(mentions or ()), [], 0
    for match in TOKEN.finditer(text):
        pieces.append(escape(text[at : match.start()]))
        pieces.append(_token_html(match, tags, mentions))
        at = match.end()
    pieces.append(escape(text[at:]))
    return mark_safe("".join(pieces).replace("\n", "<br>"))  # noqa: S308 (escaped above)


def _token_html(match: re.Match, tags: set[str], mentions: set[str]) -> str:
    whole = match.group(0)
    if match["tag"] and tag_key(match["tag"]) in tags:
        url = route_path(tag_key(match["tag"]), "dwipper:tag")
        return format_html('<a class="dwipp-tag" href="{}">{}</a>', url, whole)
    name = match["mention"]
    if name and username_key(name) in mentions:
        url = route_path(name, "dwipper:profile")
        return format_html('<a class="dwipp-mention" href="{}">{}</a>', url, whole)
    return escape(whole)
