"""QR codes of short links, as SVG data URIs for an <img> tag."""


def qr_data_uri(text: str) -> str:
    import segno

    return segno.make(text, error="m").svg_data_uri(scale=4, border=2, dark="#1d2430")
