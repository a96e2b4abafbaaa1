from apps.core.apps import SiteAppConfig


class AccountsConfig(SiteAppConfig):
    name = "apps.accounts"
    verbose_name = "Accounts"
    # The demo users; it runs before every app's demo_seed (INSTALLED_APPS order).
    demo_seed = "apps.accounts.demo.demo_seed"
    user_access_revoke = "apps.accounts.api_keys.api_keys_revoke_all"
    # These notes are read by the account's owner and by staff deleting it in
    # the admin: written about the account, never to "you".
    user_data_deleted = (
        "The profile (name, email address, phone number, bio) and the password. "
        "Every session ends, on every browser and device, and every API key stops working."
    )
    user_data_kept = (
        "The username, on what is kept here, and reserved: nobody can sign up with it "
        "again. The email address is free for a new account."
    )
