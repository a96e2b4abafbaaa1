"""The commands of the README's "Deploying" section, in order, as the rehearsal runs them.

Every fenced ``sh`` block in that section is a list of commands (a trailing
backslash continues a line; ``#`` starts a comment). The rehearsal runs each
command as written, with bash, in the project folder, so a command the README
shows and the rehearsal does not run cannot exist.
"""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[3] / "README.md"
SECTION = re.compile(r"^## Deploying\n(?P<body>.*?)(?=^## |\Z)", re.M | re.S)
SH_BLOCK = re.compile(r"^[ \t]*```sh\n(?P<code>.*?)^[ \t]*```", re.M | re.S)


def deploying_commands(text: str | None = None) -> list[str]:
    text = README.read_text() if text is None else text
    section = SECTION.search(text)
    if section is None:
        raise LookupError("README.md has no '## Deploying' section")
    commands = []
    for block in SH_BLOCK.finditer(section["body"]):
        commands += _commands(block["code"])
    return commands


def _commands(code: str) -> list[str]:
    commands, current = [], ""
    for line in code.splitlines():
        line = line.split(" #", 1)[0].rstrip() if not line.lstrip().startswith("#") else ""
        if not line and not current:
            continue
        if line.endswith("\\"):
            current += line[:-1].strip() + " "
            continue
        commands.append((current + line.strip()).strip())
        current = ""
    return [c for c in commands if c]
