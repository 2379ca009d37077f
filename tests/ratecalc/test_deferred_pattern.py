"""ratecalc.deferred_pattern: a pattern compiled on its first use only, then the same one."""

from __future__ import annotations

import re
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from ratecalc.deferred_pattern import deferred


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
