"""Python code run in a fresh interpreter (what a user's `ratecalc` process imports and does)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def fresh(code: str, cwd: Path) -> str:
    """The last line ``code`` prints in a new interpreter, with no user data folder."""
    env = dict(os.environ, RATECALC_DATA_DIR=str(cwd / "no-user-data"))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=cwd, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


#: Python code that records, in ``BEGUN``, each module name in the order its import begins (a
#: finder ahead of every other, which finds nothing itself): ``sys.modules`` is in the order
#: imports end, each module moved to the end as its import finishes.
RECORD_IMPORTS = (
    "import sys\n"
    "BEGUN = []\n"
    "class _Begun:\n"
    "    @staticmethod\n"
    "    def find_spec(name, path=None, target=None):\n"
    "        BEGUN.append(name)\n"
    "sys.meta_path.insert(0, _Begun)\n")
