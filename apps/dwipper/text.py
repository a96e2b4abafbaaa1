"""What a dwipp's text may be, counted as the browser's live counter counts it
(apps/dwipper/static/dwipper/dwipper.js does the same steps in the same order)."""

import unicodedata

MAX_LENGTH = 280
EMPTY = "Write something: a dwipp needs at least one character."
TOO_LONG = "A dwipp holds at most {max} characters; this one has {length}."
CONTROL = "A dwipp cannot hold control characters (only line breaks)."


def text_normalize(raw: str) -> str:
    """NFC, Windows line breaks as \\n, whitespace trimmed at both ends."""
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n")
    return text.strip().strip("\ufeff").strip()


def text_problem(text: str) -> str | None:
    """The message for a normalised text that is no dwipp, else None."""
    if any(unicodedata.category(c) == "Cc" and c != "\n" for c in text):
        return CONTROL
    if not text:
        return EMPTY
    if len(text) > MAX_LENGTH:
        return TOO_LONG.format(max=MAX_LENGTH, length=len(text))
    return None
