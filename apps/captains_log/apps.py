from apps.core.apps import SiteAppConfig


class CaptainsLogConfig(SiteAppConfig):
    name = "apps.captains_log"
    verbose_name = "Captain's log"
    nav_url = "captains_log:list"
    summary = "Starfleet captains sign in and keep their own log, dated in stardates."
    demo_seed = "apps.captains_log.demo.demo_seed"
    user_data_deleted = "Every entry of the account's log."
    user_data_delete = "apps.captains_log.services.user_data_delete"
