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


@pytest.fixture
def failing_install(tmp_path: Path, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """A fake Python whose venv is made but whose pip fails (no network, say), and the place
    its environment goes, removed before and after: a version of each test's own (3.98, 3.97),
    so that tests run side by side never share one."""
    version = request.param
    venv = SCRIPT.parent.parent / f".venv-{version}"
    fake = tmp_path / f"python{version}"
    fake.write_text(
        "#!/bin/sh\n"
        'case "$1" in\n'
        f"  -c) echo {version} ;;\n"
        '  -m) if [ "$2" = venv ]; then mkdir -p "$3/bin" && cp "$0" "$3/bin/python"; exit 0; fi\n'
        '      echo "pip: no network" >&2; exit 1 ;;\n'
        "esac\n", encoding="utf-8")
    fake.chmod(0o755)
    subprocess.run(["rm", "-rf", str(venv)], check=True)
    yield fake, venv
    subprocess.run(["rm", "-rf", str(venv)], check=True)


@pytest.mark.parametrize("failing_install", ["3.98"], indirect=True)
def test_a_failed_install_leaves_no_environment_a_later_run_trusts(failing_install) -> None:  # type: ignore[no-untyped-def]
    # the environment was made, its install failed, and the next run found bin/python there
    # and ran the demo with an interpreter that had no RateCalc installed
    fake, venv = failing_install
    first = _run(str(fake))
    assert first.returncode == 1, first
    assert (f"other Pythons: installing RateCalc into {venv.name} with {fake} failed; "
            "removed it, so that the next run makes it again") in first.stderr
    assert not venv.exists()
    second = _run(str(fake))
    assert f"other Pythons: making {venv.name} with {fake}" in second.stdout, second
    assert second.returncode == 1 and not venv.exists()


@pytest.mark.parametrize("failing_install", ["3.97"], indirect=True)
def test_a_half_made_environment_is_made_again(failing_install) -> None:  # type: ignore[no-untyped-def]
    # one left by a run that was stopped mid-install (its python there, no install finished)
    fake, venv = failing_install
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(fake)
    done = _run(str(fake))
    assert f"other Pythons: making {venv.name} with {fake}" in done.stdout, done
    assert not venv.exists()


def test_two_runs_at_once_never_remove_the_environment_the_other_is_installing(
        tmp_path: Path) -> None:
    # The second run found no mark of a finished install (the first was still installing),
    # removed the environment under the first one's pip and made its own there: the first
    # failed for a reason that was not its own, and had its pip finished, its mark would have
    # stood for the second's install, not finished.
    version = "3.96"
    venv = SCRIPT.parent.parent / f".venv-{version}"
    started = tmp_path / "pip-started"
    fake = tmp_path / f"python{version}"
    fake.write_text(
        "#!/bin/sh\n"
        'case "$1" in\n'
        f"  -c) echo {version} ;;\n"
        '  -m) if [ "$2" = venv ]; then mkdir -p "$3/bin" && cp "$0" "$3/bin/python"; exit 0; fi\n'
        '      here=$(dirname "$(dirname "$0")"); touch "$here/mine-$$"'
        f' "{started}"; sleep 3\n'
        '      if [ ! -e "$here/mine-$$" ]; then echo "removed under my pip" >&2; fi\n'
        '      echo "pip: no network" >&2; exit 1 ;;\n'
        "esac\n", encoding="utf-8")
    fake.chmod(0o755)
    subprocess.run(["rm", "-rf", str(venv)], check=True)
    try:
        env = {**os.environ, "RATECALC_OTHER_PYTHONS": str(fake)}
        first = subprocess.Popen(["bash", str(SCRIPT)], env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
        for _ in range(300):  # the second starts while the first one's pip runs
            if started.exists():
                break
            subprocess.run(["sleep", "0.1"], check=True)
        second = _run(str(fake))
        first_err = first.communicate(timeout=60)[1]
        assert first.returncode == 1 and second.returncode == 1, (first_err, second)
        assert "removed under my pip" not in first_err + second.stderr
        for err in (first_err, second.stderr):
            assert ("other Pythons: installing RateCalc into .venv-3.96 with "
                    f"{fake} failed") in err
    finally:
        subprocess.run(["rm", "-rf", str(venv)], check=True)
