"""How the site writes dates and times, in place of Django's English formats.

Django's admin and its ``date`` filter read these (FORMAT_MODULE_PATH in
settings); the site's pages and the PDF bill go through apps/core/dates.py,
which reads them too. "6 Dec 2026, 20:11 UTC": the day first, a month name
that no reader can take for a day, a 24-hour clock, and the time zone's name
(``T``) after every time.
"""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i T"
TIME_FORMAT = "H:i T"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
