"""Path converters for values a compiled pattern describes (ids, codes).

An app's converter names the pattern its keys.py or models.py already checks
with, so the URL and the lookup accept exactly the same values:
``class IdConverter(PatternConverter): regex = ID.pattern``.
"""


class PatternConverter:
    regex: str

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
