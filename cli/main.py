"""Entry point of the ``ratecalc`` command: builds the parser from the command modules.

Each command module exposes ``register(subparsers)``, which adds its parser and sets
``handler=function(args) -> int``. Handlers return an :class:`ExitCode`; a
:class:`ratecalc.errors.RateCalcError` becomes a one-paragraph message on stderr, never a traceback.
Anything else is a defect: :func:`_internal_error` writes the traceback to a log file and tells
the user where it is (exit code 4), so no traceback reaches them.
"""

from __future__ import annotations

import argparse
import enum
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ratecalc import __version__
from ratecalc.errors import RateCalcError, UsageError, ValidationFailed


class ExitCode(enum.IntEnum):
    OK = 0
    FAILED = 1  # the work ran and found something wrong (e.g. validation problems)
    USAGE = 2  # argparse's own code for bad arguments
    INPUT_ERROR = 3  # bad input data or an unknown code
    INTERNAL_ERROR = 4  # a defect in RateCalc: the traceback is in a log file to report
    INTERRUPTED = 130


# Command modules in the order `ratecalc --help` lists them. A module added here must define
# register(subparsers).
COMMAND_MODULES = [
    "ratecalc_cli.demo",
    "ratecalc_cli.medicare",
    "ratecalc_cli.analyze",
    "ratecalc_cli.imports",
    "ratecalc_cli.market_rates",
    "ratecalc_cli.scenario",
    "ratecalc_cli.exit_impact",
    "ratecalc_cli.timeline",
    "ratecalc_cli.addin",
    "ratecalc_cli.letter",
    "ratecalc_cli.workbook",
    "ratecalc_cli.refresh",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ratecalc",
        description="Negotiate commercial payer rates with Medicare fee-schedule math.",
    )
    parser.add_argument("--version", action="version", version=f"ratecalc {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except ValidationFailed as exc:
        print(f"ratecalc {args.command}: {exc}", file=sys.stderr)
        return ExitCode.FAILED
    except UsageError as exc:
        print(f"ratecalc {args.command}: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    except RateCalcError as exc:
        print(f"ratecalc {args.command}: {exc}", file=sys.stderr)
        return ExitCode.INPUT_ERROR
    except KeyboardInterrupt:
        print("ratecalc: interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        # the reader (e.g. `| head`) stopped early: not an error; silence Python's own complaint
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return ExitCode.OK
    except OSError as exc:
        # the system refused (permissions, full disk, a file vanished): not a defect
        where = f" '{exc.filename}'" if exc.filename else ""
        print(f"ratecalc {args.command}: cannot use{where}: {exc.strerror or exc}",
              file=sys.stderr)
        return ExitCode.INPUT_ERROR
    except Exception:  # noqa: BLE001 - the last guard: every other exception is a defect
        return _internal_error(args.command)


def _internal_error(command: str) -> int:
    """Log the exception being handled to a file and tell the user to report it; exit code 4.

    Self-contained on purpose (standard library only, no RateCalc import): it must work whatever
    else is broken.
    """
    import tempfile
    import time
    import traceback

    text = (f"ratecalc {__version__} {command}\npython {sys.version}\n\n"
            + traceback.format_exc())
    log = None
    for folder in (Path.home() / ".ratecalc" / "logs", Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            log = folder / f"ratecalc-error-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
            log.write_text(text, encoding="utf-8")
            break
        except OSError:
            log = None
    where = f"details are in {log}" if log else "no log file could be written"
    print(f"ratecalc {command}: internal error, please report it to the RateCalc developers "
          f"with the log file; {where}", file=sys.stderr)
    return ExitCode.INTERNAL_ERROR


if __name__ == "__main__":
    sys.exit(main())
