"""The Content-Security-Policy header, built once per distinct policy instead of per response.

django-csp's middleware builds the header's text from the settings (and from what a
view set on its response: ``_csp_update``, ``_csp_config``, ``_csp_replace``) for every
response, twice (the policy and the report-only one): about 60 µs of each request,
for a text that is the same on nearly every page. This subclass, which its
documentation invites ("customised by subclassing"), answers exactly as it does and
keeps each text it built, keyed by the policy's parts and the settings' policy it
came from; a response that carries a nonce (unique to it) is built as before.
"""

from __future__ import annotations

import http.client

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings

POLICY_SETTINGS = ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
# What django-csp leaves without a header when DEBUG is on (its debug pages).
DEBUG_EXEMPT = (http.client.INTERNAL_SERVER_ERROR, http.client.NOT_FOUND)
KEPT_POLICIES = 64  # the site's policy, the payment pages' and whatever else a view asks for

# Each policy's text by its parts, with the settings' policy it was built from.
_built: dict[tuple, tuple[object, str]] = {}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if response.status_code in DEBUG_EXEMPT and settings.DEBUG:
            return response
        self._header_set(request, response, HEADER, "_csp_exempt", report_only=False)
        self._header_set(request, response, HEADER_REPORT_ONLY, "_csp_exempt_ro", report_only=True)
        # As django-csp: once the header is written, asking for a nonce is an error.
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def _header_set(self, request, response, header: str, exempt: str, *, report_only: bool):
        parts = self.get_policy_parts(request=request, response=response, report_only=report_only)
        policy = policy_text(parts.config, parts.update, parts.replace, parts.nonce, report_only)
        if not policy or header in response or getattr(response, exempt, False) is not False:
            return
        setting = POLICY_SETTINGS[report_only]
        prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
        if not request.path_info.startswith(tuple(prefixes)):
            response[header] = policy


def policy_text(config, update, replace, nonce, report_only: bool) -> str:
    """django-csp's ``build_policy`` of these parts; kept unless the policy has a nonce."""
    if nonce is not None:
        return build_policy(config, update, replace, nonce, report_only=report_only)
    try:
        key = (_frozen(config), _frozen(update), _frozen(replace), report_only)
    except TypeError:  # a value that cannot be a key: built each time, as django-csp does
        return build_policy(config, update, replace, report_only=report_only)
    # Kept with the settings' policy it was built from: another one (a test's) builds anew.
    setting = getattr(settings, POLICY_SETTINGS[report_only], None)
    kept = _built.get(key)
    if kept is not None and kept[0] is setting:
        return kept[1]
    if len(_built) >= KEPT_POLICIES:
        _built.clear()
    policy = build_policy(config, update, replace, report_only=report_only)
    _built[key] = (setting, policy)
    return policy


def _frozen(directives: dict | None) -> tuple | None:
    """The directives as a key: their order kept (the header's follows it), each value's too,
    with the type of each value (``True`` and ``1`` are equal keys but different directives).

    A set becomes its sorted tuple, which is how ``build_policy`` writes a set.
    """
    if directives is None:
        return None
    frozen = []
    for name, value in directives.items():
        if isinstance(value, set):
            value = sorted(value)
        if isinstance(value, list | tuple):
            value = tuple((type(item), item) for item in value)
        else:
            value = (type(value), value, hash(value))  # TypeError for what cannot be a key
        frozen.append((name, value))
    return tuple(frozen)
