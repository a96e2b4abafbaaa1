"""Bills and signatures for the billing tests."""


def mac_tampered(signature: str) -> str:
    """The signature with the first character of its MAC changed.

    Not the last character: in base64 its low bits may be padding, and a
    changed padding bit is a second spelling of the same bytes ("malformed").
    """
    payload, dot, mac = signature.rpartition(".")
    return f"{payload}{dot}{'B' if mac[0] == 'A' else 'A'}{mac[1:]}"


def bill_bought(*, email: str = "buyer@example.com", name: str = "", buyer: str | None = None):
    """A bill bought with the good card through the payment service, as the shop buys one."""
    from apps.billing.services import purchase_pay
    from apps.core.forms import new_idempotency_key
    from tests.support.stripe import card_token

    outcome = purchase_pay(
        email=email,
        name=name,
        idempotency_key=new_idempotency_key(),
        card_token=card_token(),
        buyer=buyer,
    )
    assert outcome.bill is not None, outcome
    return outcome.bill


def shop_form(email: str, name: str = "", *, key: str | None = None, card: str | None = None):
    """The shop's form as the browser sends it: the card's token made by Stripe.js."""
    from apps.core.forms import new_idempotency_key
    from tests.support.stripe import GOOD_CARD, card_token

    return {
        "email": email,
        "name": name,
        "idempotency_key": key or new_idempotency_key(),
        "card_token": card_token(card or GOOD_CARD),
    }
