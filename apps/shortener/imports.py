"""Reading a CSV of links to import: each row checked as the shortening form checks one link.

A row is ``url[,alias[,expires_in_days]]``; a first row whose first cell is
``url`` is a header and skipped. Nothing here writes: the dry run shows what
``rows_read`` found, and the background creates the valid rows
(apps/shortener/services.py, ``link_import_run``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from apps.shortener.forms import IMPORT_BYTES_MAX, IMPORT_ROWS_MAX, NO_ROWS, ShortenForm

AT_ONCE = f"import at most {IMPORT_ROWS_MAX:,} links at once."
TOO_LARGE = f"The file is larger than {IMPORT_BYTES_MAX:,} bytes: {AT_ONCE}"
TOO_MANY_ROWS = f"The file has more than {IMPORT_ROWS_MAX:,} rows: {AT_ONCE}"
NOT_TEXT = "The file is not text in UTF-8: save it as CSV (UTF-8) and try again."
NOT_CSV = "The file is not CSV: {error}."
TOO_MANY_CELLS = "More than three columns (url, alias, expires_in_days)."
ALIAS_TWICE = "This alias is on an earlier row too."
BAD_DAYS = "expires_in_days is not a whole number."


class ImportRefused(ValueError):
    """The file as a whole cannot be imported; the message says why."""


@dataclass(frozen=True)
class Row:
    url: str
    alias: str
    days: int | None
    problem: str | None  # None: the link will be made


def rows_read(data: bytes, *, own_hosts: set[str]) -> list[Row]:
    """The file's rows, each valid or with its problem; ImportRefused for the file as a whole."""
    if len(data) > IMPORT_BYTES_MAX:
        raise ImportRefused(TOO_LARGE)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(NOT_TEXT) from None
    if "\x00" in text:
        raise ImportRefused(NOT_TEXT)
    try:
        cells = [
            row for row in csv.reader(io.StringIO(text, newline="")) if any(c.strip() for c in row)
        ]
    except csv.Error as error:
        raise ImportRefused(NOT_CSV.format(error=error)) from None
    if cells and cells[0][0].strip().lower() == "url":
        cells = cells[1:]
    if not cells:
        raise ImportRefused(NO_ROWS)
    if len(cells) > IMPORT_ROWS_MAX:
        raise ImportRefused(TOO_MANY_ROWS)
    rows, aliases = [], set()
    for row in cells:
        checked = _row(row, own_hosts)
        if checked.problem is None and checked.alias:
            if checked.alias.lower() in aliases:
                checked = Row(checked.url, checked.alias, checked.days, ALIAS_TWICE)
            aliases.add(checked.alias.lower())
        rows.append(checked)
    return rows


def _row(cells: list[str], own_hosts: set[str]) -> Row:
    url, alias, days = ([c.strip() for c in cells] + ["", ""])[:3]
    if len(cells) > 3 and any(c.strip() for c in cells[3:]):
        return Row(url[:200], alias[:40], None, TOO_MANY_CELLS)
    form = ShortenForm({"url": url, "alias": alias, "expires_in_days": days}, own_hosts=own_hosts)
    if not form.is_valid():
        problems = [str(e) for errors in form.errors.values() for e in errors]
        if "expires_in_days" in form.errors and days and not days.lstrip("-").isdigit():
            problems = [BAD_DAYS]
        return Row(url[:200], alias[:40], None, " ".join(problems))
    data = form.cleaned_data
    return Row(data["url"], data["alias"], data["expires_in_days"], None)
