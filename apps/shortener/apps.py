from apps.core.apps import SiteAppConfig


class ShortenerConfig(SiteAppConfig):
    name = "apps.shortener"
    verbose_name = "URL shortener"
    nav_url = "shortener:index"
    summary = "Turn a long link into a short one that expires, with a QR code and click counts."
    openapi_paths = "apps.shortener.openapi.paths"
    account_pages = (("My links", "shortener:mine"),)
    stream_handlers = "apps.shortener.services.STREAM_HANDLERS"
    api_key_scopes = (("shortener", "Shorten links, list yours and read their statistics"),)
    # No user_data_delete: a link belongs to whoever it was sent to as much as
    # to its maker. It keeps its owner's name, which is never given out again.
    user_data_kept = (
        "Short links made by the account, with their click statistics (which name no "
        "visitor): they keep redirecting until they expire, and nobody can change or "
        "delete them any more."
    )
