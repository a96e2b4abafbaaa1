from django.apps import AppConfig


class DwipperConfig(AppConfig):
    name = "apps.dwipper"
    verbose_name = "Dwipper"
    nav_url = "dwipper:feed"
    summary = (
        "Shower thoughts in 280 characters: post, upvote, keep favourites, "
        "follow people and read what they think."
    )
    openapi_paths = "apps.dwipper.openapi.PATHS"
    account_pages = (("My dwipps", "dwipper:mine"), ("Favourites", "dwipper:favourites"))
    demo_seed = "apps.dwipper.demo.demo_seed"
    user_data_delete = "apps.dwipper.services.user_data_delete"
