from django.apps import AppConfig


class ShortenerConfig(AppConfig):
    name = "apps.shortener"
    verbose_name = "URL shortener"
    nav_url = "shortener:index"
    summary = "Turn a long link into a short one that expires, with a QR code and click counts."
    openapi_paths = "apps.shortener.openapi.paths"
    account_pages = (("My links", "shortener:mine"),)
