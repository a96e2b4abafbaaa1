from apps.core.apps import SiteAppConfig


class AccountsConfig(SiteAppConfig):
    name = "apps.accounts"
    verbose_name = "Accounts"
    # The demo users; it runs before every app's demo_seed (INSTALLED_APPS order).
    demo_seed = "apps.accounts.demo.demo_seed"
    user_data_deleted = (
        "Your profile (name, email address, phone number, bio) and your password. "
        "You are signed out on every browser."
    )
    user_data_kept = (
        "Your username, on what is kept here, and reserved: nobody can sign up with it "
        "again. Your email address is free for a new account."
    )
