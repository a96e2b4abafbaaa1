"""Signatures for the billing tests."""


def mac_tampered(signature: str) -> str:
    """The signature with the first character of its MAC changed.

    Not the last character: in base64 its low bits may be padding, and a
    changed padding bit is a second spelling of the same bytes ("malformed").
    """
    payload, dot, mac = signature.rpartition(".")
    return f"{payload}{dot}{'B' if mac[0] == 'A' else 'A'}{mac[1:]}"
