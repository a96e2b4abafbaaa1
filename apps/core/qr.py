"""QR codes: as an SVG data URI for an <img> tag, or as the matrix to draw elsewhere."""


def qr_data_uri(text: str) -> str:
    import segno

    return segno.make(text, error="m").svg_data_uri(scale=4, border=2, dark="#1d2430")


def qr_matrix(text: str) -> list[list[bool]]:
    """Rows of modules, True for dark, without the quiet zone."""
    import segno

    return [[bool(module) for module in row] for row in segno.make(text, error="m").matrix]
