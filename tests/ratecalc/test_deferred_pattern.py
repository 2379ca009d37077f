"""ratecalc.deferred_pattern: a pattern compiled on its first use only, then the same one."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.deferred_pattern import deferred
from ratecalc.errors import InputError


def test_compiled_on_first_call_only(monkeypatch):
    made: list[str] = []
    real = re.compile

    def counted(source, flags=0):
        made.append(source)
        return real(source, flags)

    monkeypatch.setattr(re, "compile", counted)
    number = deferred(r"-?[0-9]+", re.ASCII)
    assert made == []  # nothing compiled until used
    assert number().fullmatch("-12") is not None
    assert number().fullmatch("1.5") is None
    assert made == [r"-?[0-9]+"]  # once, whatever the calls
    assert number() is number()
    assert number().flags & re.ASCII


@given(st.text(max_size=30))
def test_matches_as_the_pattern_compiled_at_once(text):
    assert (deferred(r"\s*[0-9]+(?:,[0-9]{3})*\s*")().fullmatch(text) is None) == \
        (re.fullmatch(r"\s*[0-9]+(?:,[0-9]{3})*\s*", text) is None)


def test_the_package_check_leaves_its_long_patterns_uncompiled_on_import():
    # the point of deferring them: a process that loads the check compiles none of the three
    # long patterns only an unusual cell needs (a fresh process: another test may have used them)
    code = ("import ratecalc.xlsx_package as x, ratecalc.number_text as n\n"
            "print([f.cache_info().currsize for f in (x._negative_typed, x._negative_typed_any,"
            " x._odd_bool, n._listed)])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[0, 0, 0, 0]"


def test_an_ordinary_workbook_checked_compiles_none_of_the_packages_long_patterns(
        tmp_path) -> None:
    # a workbook as openpyxl and Excel save one (TRUE/FALSE as t="b"><v>1</v>, a negative
    # number, texts): the check of it, which every refresh makes, needs none of the three
    # (found by review-c9: a demo refresh compiled _odd_bool, asked for before any unusual
    # TRUE/FALSE cell was found, so its deferral saved a refresh nothing)
    from openpyxl import Workbook

    from ratecalc import xlsx_package

    wb = Workbook()
    ws = wb.active
    ws.append(["Payer", "In network", "Change"])
    for i in range(20):
        ws.append([f"Payer {i}", i % 2 == 0, -1.5 * i])
    path = tmp_path / "ordinary.xlsx"
    wb.save(path)
    long_ones = (xlsx_package._negative_typed, xlsx_package._negative_typed_any,
                 xlsx_package._odd_bool)
    for compiled in long_ones:
        compiled.cache_clear()  # another test may have used them: recompiled when next asked
    xlsx_package.check_xlsx_package(path)
    assert [f.cache_info().currsize for f in long_ones] == [0, 0, 0]
    # an unusual TRUE/FALSE cell (a value of 2) still compiles and uses _odd_bool: refused
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    assert b't="b"><v>1</v>' in parts[sheet]
    parts[sheet] = parts[sheet].replace(b't="b"><v>1</v>', b't="b"><v>2</v>', 1)
    odd = tmp_path / "odd.xlsx"
    with zipfile.ZipFile(odd, "w") as out:
        for name, data in parts.items():
            out.writestr(name, data)
    with pytest.raises(InputError):
        xlsx_package.check_xlsx_package(odd)
    assert xlsx_package._odd_bool.cache_info().currsize == 1
