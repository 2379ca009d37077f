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
