"""A package's compiled files are named with the machine each is for, so a wrong one is caught."""

import struct
import zipfile

import pytest

from deploy.changes import Refused
from deploy.compiled_files import compiled_files, foreign
from deploy.stage import Stage, load
from deploy.zappa_stage import architecture_check


def elf_header(machine: int) -> bytes:
    # e_ident (16 bytes: magic, 64-bit, little-endian, version), e_type, e_machine
    return b"\x7fELF\x02\x01\x01" + b"\0" * 9 + struct.pack("<HH", 3, machine) + b"\0" * 40


@pytest.fixture
def package(tmp_path):
    archive = tmp_path / "package.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("markupsafe/_speedups.cpython-313-aarch64-linux-gnu.so", elf_header(183))
        zipped.writestr("other/_native.cpython-313-x86_64-linux-gnu.so", elf_header(62))
        zipped.writestr("handler.py", "import sys\n")
        zipped.writestr("empty.txt", "")
    return archive


def test_every_compiled_file_is_found_with_its_machine(package):
    assert compiled_files(package) == {
        "markupsafe/_speedups.cpython-313-aarch64-linux-gnu.so": "arm64",
        "other/_native.cpython-313-x86_64-linux-gnu.so": "x86_64",
    }


def test_a_file_for_another_machine_is_foreign(package):
    assert foreign(compiled_files(package), "arm64") == {
        "other/_native.cpython-313-x86_64-linux-gnu.so": "x86_64"
    }


def stage_on(architecture: str) -> Stage:
    return Stage("dev", {**load("dev").settings, "architecture": architecture})


def test_the_deploy_refuses_a_package_with_a_file_for_another_machine(package):
    with pytest.raises(Refused, match=r"_native\.cpython-313-x86_64-linux-gnu\.so \(x86_64\)"):
        architecture_check(stage_on("arm64"), package)
    assert not package.exists()  # the next deploy builds it again


def test_the_deploy_takes_a_package_whose_files_are_all_for_its_machine(tmp_path):
    archive = tmp_path / "package.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("markupsafe/_speedups.so", elf_header(183))
    assert architecture_check(stage_on("arm64"), archive) == {"markupsafe/_speedups.so": "arm64"}
