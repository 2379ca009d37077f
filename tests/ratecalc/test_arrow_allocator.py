"""RateCalc's TiC readers keep their memory promise with pyarrow on the system allocator
(ratecalc/__init__.py), whichever of pandas and RateCalc a host imports first."""

import os
import subprocess
import sys

import pytest

_SCRIPT = """
import os
{first}
import ratecalc
import pyarrow
print(pyarrow.default_memory_pool().backend_name)
"""


def _pool(first: str, setting: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    if setting is not None:
        env["ARROW_DEFAULT_MEMORY_POOL"] = setting
    out = subprocess.run(
        [sys.executable, "-c", _SCRIPT.format(first=first)],
        env=env, capture_output=True, text=True, check=True,
    )
    return out.stdout.strip()


@pytest.mark.parametrize("first", ["", "import pandas", "import pyarrow"])
def test_the_system_allocator_whoever_imports_first(first):
    assert _pool(first, None) == "system"


def test_a_users_own_setting_is_kept_when_pyarrow_came_first():
    assert _pool("import pandas", "mimalloc") == "mimalloc"


def test_a_host_that_blocked_pyarrow_still_imports_ratecalc():
    """A host may block pyarrow (``sys.modules["pyarrow"] = None``, as
    benchmarks/refresh_outputs.py does to run as a ratecalc process runs, without pyarrow):
    the pool was then set on None and ``import ratecalc`` raised AttributeError."""
    script = "import sys\nsys.modules['pyarrow'] = None\nimport ratecalc\nprint('imported')"
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                         text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "imported"
