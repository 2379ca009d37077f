"""No file the repository tracks holds a merge's conflict markers.

A merge that keeps a conflict (`<<<<<<< HEAD` ... `>>>>>>> branch`) in a Markdown file still reads
as text and passes the link checks; in docs/COMMANDS.md it showed a command's paragraph twice, one
copy without the other branch's change. The markers are looked for at a line's start, as git
writes them, in every tracked text file.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(rb"^(<{7} |={7}$|>{7} |\|{7} )", re.MULTILINE)
TEXT_SUFFIXES = {".md", ".py", ".toml", ".txt", ".cfg", ".ini", ".json", ".csv", ".bas", ".cls", ""}


def _tracked_text_files() -> list[Path]:
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                                check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: the tracked files cannot be listed")
    names = [n.decode() for n in listed.split(b"\0") if n]
    return [ROOT / n for n in names if Path(n).suffix in TEXT_SUFFIXES and (ROOT / n).is_file()]


def marked_lines(data: bytes) -> list[int]:
    """The 1-based numbers of the lines of ``data`` that start with a conflict marker."""
    return [data.count(b"\n", 0, m.start()) + 1 for m in MARKER.finditer(data)]


def test_no_tracked_file_keeps_a_conflict() -> None:
    found = {str(p.relative_to(ROOT)): lines for p in _tracked_text_files()
             if (lines := marked_lines(p.read_bytes()))}
    assert found == {}


def test_the_check_sees_each_marker() -> None:
    text = (b"intro\n<<<<<<< HEAD\nours\n||||||| base\nold\n=======\ntheirs\n"
            b">>>>>>> branch\nend\n")
    assert marked_lines(text) == [2, 4, 6, 8]
    # A Markdown rule or a heading underline of another length is not a marker.
    assert marked_lines(b"Title\n========\n---\n<<<<<<<<\n") == []
