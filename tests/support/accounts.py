"""Accounts the tests sign in with."""

PASSWORD = "Tea, Earl Grey, hot 1701"


def account_create(username: str = "Picard", email: str = "jean-luc@enterprise.example", **extra):
    from apps.accounts.services import user_create

    return user_create(username=username, email=email, password=PASSWORD, **extra)
