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
    account_pages = (("My dwipps", "dwipper:mine"), ("Favourites", "dwipper:favourites"))
    demo_seed = "apps.dwipper.demo.demo_seed"
    user_data_deleted = (
        "Your dwipps, your upvotes and favourites (the counts they added to go down), "
        "whom you follow and who follows you, and your reports."
    )
    user_data_delete = "apps.dwipper.services.user_data_delete"
