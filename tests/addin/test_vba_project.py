"""Reading and writing the VBA project: everything survives, and is stored as source only."""

from __future__ import annotations

import zipfile

import pytest

from ratecalc_addin.build_xlam import template_path
from ratecalc_addin.vba_project import (
    ModuleKind,
    VbaModule,
    normalize_source,
    read_project,
    write_project,
)
from tests.addin.oletools_reader import read


@pytest.fixture(scope="module")
def template_bin() -> bytes:
    with zipfile.ZipFile(template_path()) as z:
        return z.read("xl/vbaProject.bin")


def test_unchanged_project_keeps_every_module_and_reference(template_bin: bytes):
    before = read_project(template_bin)
    written = write_project(before)
    after = read_project(written)
    assert after.modules == before.modules
    assert after.info_records == before.info_records  # references, code page, version
    theirs = read(template_bin)
    ours = read(written)
    assert ours.name == theirs.name
    assert {n: m.source for n, m in ours.modules.items()} == {
        n: m.source for n, m in theirs.modules.items()
    }


def test_every_module_is_source_only(template_bin: bytes):
    # The template carries compiled p-code before some modules' source (offset > 0).
    assert any(m.text_offset > 0 for m in read(template_bin).modules.values())
    ours = read(write_project(read_project(template_bin)))
    assert {m.text_offset for m in ours.modules.values()} == {0}
    vba_project = ours.streams["VBA/_VBA_PROJECT"]
    assert len(vba_project) == 7  # no performance cache
    assert vba_project[:4] == b"\xcc\x61\xff\xff"  # 0xFFFF: Excel must recompile the source
    assert not [s for s in ours.streams if s.startswith("VBA/__SRP")]


def test_module_kinds_survive_in_the_project_stream(template_bin: bytes):
    written = write_project(read_project(template_bin))
    project_text = read(written).streams["PROJECT"].decode("cp1252")
    assert "Document=ThisWorkbook/&H00000000" in project_text
    assert "Class=Dictionary" in project_text
    assert "Module=xlwings" in project_text
    # The protection state is the template's (unprotected), encrypted with its project id.
    assert 'CMG="5D5F8AADDAA8DEA8DEA8DEA8DE"' in project_text


def test_adding_renaming_and_removing_modules(template_bin: bytes):
    project = read_project(template_bin).renamed("Demo")
    project = project.without_module("RibbonMyAddin")
    module = VbaModule("Added", ModuleKind.STANDARD, "").with_source(
        'Attribute VB_Name = "Added"\nSub Hello()\nEnd Sub'
    )
    ours = read(write_project(project.replace_module(module)))
    assert ours.name == "Demo"
    assert "RibbonMyAddin" not in ours.modules
    assert ours.modules["Added"].procedural
    expected = 'Attribute VB_Name = "Added"\r\nSub Hello()\r\nEnd Sub\r\n'
    assert ours.modules["Added"].source == expected
    assert b"A\x00d\x00d\x00e\x00d\x00" in ours.streams["PROJECTwm"]


@pytest.mark.parametrize(
    ("name", "source", "message"),
    [
        ("Bad Name", 'Attribute VB_Name = "Bad Name"\n', "not a valid VBA module name"),
        ("Mismatch", 'Attribute VB_Name = "Other"\n', "must start with"),
    ],
)
def test_invalid_modules_are_refused(template_bin: bytes, name: str, source: str, message: str):
    project = read_project(template_bin).replace_module(
        VbaModule(name, ModuleKind.STANDARD, normalize_source(source))
    )
    with pytest.raises(ValueError, match=message):
        write_project(project)


def test_normalize_source_uses_crlf_and_ends_with_a_line_break():
    assert normalize_source("a\nb\r\nc\rd") == "a\r\nb\r\nc\r\nd\r\n"
    assert normalize_source("x\r\n\r\n") == "x\r\n\r\n"
