"""``diff -r`` of the folders each checkout's outputs were dumped to (``tic_outputs.py``,
``refresh_outputs.py``): the first folder against each other one."""

from __future__ import annotations

import subprocess
from pathlib import Path


def folders_differ(folders: list[Path]) -> bool:
    """Print what differs between ``folders[0]`` and each later folder (the first 5,000
    characters of ``diff -r``, or that no file differs); whether any differs."""
    differ = False
    for folder in folders[1:]:
        result = subprocess.run(["diff", "-r", str(folders[0]), str(folder)],
                                capture_output=True, text=True)
        print(result.stdout[:5000] or f"{folders[0]} and {folder}: no file differs")
        differ |= result.returncode != 0
    return differ
