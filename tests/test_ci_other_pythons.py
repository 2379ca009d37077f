""".ci/other_pythons told about interpreters RATECALC_OTHER_PYTHONS names that it cannot use.

Left to its defaults (python3.12 and python3.13 on PATH) a missing Python is skipped, so CI's
machine with python3 alone passes; an interpreter named on purpose that is not there, or is older
than 3.11, was skipped the same way, with "0 tested" and exit 0, and a program that is no Python
(a path to pip, say) ran into 'line 42: .venv--c import sys...: No such file or directory'.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / ".ci" / "other_pythons"


def _run(named: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RATECALC_OTHER_PYTHONS": named}
    return subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True,
                          timeout=60, check=False)


def test_a_named_interpreter_not_found_fails_saying_so(tmp_path: Path) -> None:
    missing = tmp_path / "python3.99"
    done = _run(str(missing))
    assert done.returncode == 2, done
    assert f"RATECALC_OTHER_PYTHONS names {missing}, which is not found" in done.stderr


@pytest.mark.parametrize(("prints", "why"), [
    ("3.9", "is Python 3.9, older than 3.11"),
    ("pip 24.0", "does not run as a Python"),
])
def test_a_named_interpreter_too_old_or_no_python_fails_saying_so(
        tmp_path: Path, prints: str, why: str) -> None:
    fake = tmp_path / "fake-python"
    fake.write_text(f"#!/bin/sh\necho '{prints}'\n", encoding="utf-8")
    fake.chmod(0o755)
    done = _run(str(fake))
    assert done.returncode == 2, done
    assert f"RATECALC_OTHER_PYTHONS names {fake}, which {why}" in done.stderr
    assert not list(SCRIPT.parent.parent.glob(".venv-[!3]*"))  # no environment made for it
