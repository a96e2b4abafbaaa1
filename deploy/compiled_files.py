"""Which machine each compiled file (ELF) in a Lambda package is built for.

A package for an arm64 function must hold no x86-64 library, and the other way
round: Lambda would fail at the first import of it, after the deploy has
succeeded. `make deploy` refuses such a package (deploy/zappa_stage.py), and
bench/arm64.py lists what a package holds.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
# ELF e_machine -> the architecture's name as Lambda spells it (x86 is 32-bit: none).
MACHINES = {3: "x86", 62: "x86_64", 183: "arm64"}


def compiled_files(archive: Path) -> dict[str, str]:
    """Every ELF file in the zip and the machine it is for."""
    found = {}
    with zipfile.ZipFile(archive) as zipped:
        for info in zipped.infolist():
            if info.is_dir():
                continue
            with zipped.open(info) as file:
                head = file.read(20)
            if head[:4] == ELF_MAGIC:
                machine = struct.unpack("<H", head[18:20])[0]
                found[info.filename] = MACHINES.get(machine, f"e_machine {machine}")
    return found


def foreign(compiled: dict[str, str], architecture: str) -> dict[str, str]:
    """The compiled files that are not for ``architecture``."""
    return {path: machine for path, machine in compiled.items() if machine != architecture}
