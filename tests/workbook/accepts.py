"""Whether a check takes a value, for tests holding several checks of one range to each other
(the core's reader, a worksheet function, a command's option)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ratecalc.errors import InputError
from ratecalc.validation import CellError
from ratecalc_cli.main import ExitCode, main


def accepts(check: Callable[[], Any]) -> bool:
    """Whether ``check`` returns rather than refusing its value (InputError, CellError)."""
    try:
        check()
    except (InputError, CellError):
        return False
    return True


def command_accepts(argv: list[str]) -> bool:
    """Whether ``ratecalc ARGV`` succeeds; an option out of its range is argparse's exit 2."""
    try:
        return main(argv) == ExitCode.OK
    except SystemExit as exc:
        assert exc.code == ExitCode.USAGE
        return False
