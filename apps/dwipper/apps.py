from apps.core.apps import SiteAppConfig
from apps.dwipper.text import MAX_LENGTH


class DwipperConfig(SiteAppConfig):
    name = "apps.dwipper"
    verbose_name = "Dwipper"
    nav_url = "dwipper:feed"
    summary = (
        f"Shower thoughts in {MAX_LENGTH} characters: post, upvote, keep favourites, "
        "follow people and read what they think."
    )
    openapi_paths = "apps.dwipper.openapi.PATHS"
    account_pages = (("My dwipps", "dwipper:mine"), ("Favourites", "dwipper:favourites"))
    header_badges = (("Notifications", "dwipper:notifications", "apps.dwipper.views.unread_count"),)
    demo_seed = "apps.dwipper.demo.demo_seed"
    user_data_deleted = (
        "The account's dwipps and replies, upvotes and favourites (the counts they added go "
        "down), whom it follows and who follows it, its notifications and its reports; "
        "others' @mentions of it stay, as plain text without a link."
    )
    user_data_delete = "apps.dwipper.services.user_data_delete"
