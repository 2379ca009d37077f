"""Entry point of the ``ratecalc`` command: builds the parser from the command modules.

Each command module exposes ``register(subparsers)``, which adds its parser and sets
``handler=function(args) -> int``. Handlers return an :class:`ExitCode`; a
:class:`ratecalc.errors.RateCalcError` becomes a one-paragraph message on stderr, never a traceback.
Only the module of the command being run is imported: the others appear in ``ratecalc --help``
from :data:`COMMANDS` alone, so that a command starts without loading the libraries of every
other one (pandas, openpyxl, matplotlib...). A command whose work loads such libraries registers
from a parser module of its own and names its handler with :func:`deferred`, so that its
``--help`` and a wrong option do not load them either.

Commands that never read or write Parquet keep pandas from importing pyarrow
(:func:`skip_pyarrow`, the ``pyarrow`` flag of :class:`Command`).

Everything a command prints, to stdout or stderr, passes through
:func:`ratecalc.terminal_text.terminal_text` (:mod:`ratecalc_cli.terminal`): text from data that
a terminal would obey (an escape sequence, a carriage return, a bidi override) is shown escaped.

Anything else is a defect: :func:`_internal_error` writes the traceback to a log file and tells
the user where it is (exit code 4), so no traceback reaches them.
"""

from __future__ import annotations

import argparse
import enum
import gc
import importlib
import os
import re
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

from ratecalc import __version__
from ratecalc.atomic import noting_written
from ratecalc.dates import one_day
from ratecalc.errors import (
    InputError,
    NotOnFileError,
    ProblemError,
    RateCalcError,
    UsageError,
    ValidationFailed,
)
from ratecalc.frozen_record import frozen_record
from ratecalc_cli.terminal import inert_output


class ExitCode(enum.IntEnum):
    OK = 0
    FAILED = 1  # the work ran and found something wrong (e.g. validation problems)
    USAGE = 2  # argparse's own code for bad arguments
    INPUT_ERROR = 3  # bad input data: an unknown code, a file that cannot be read at all
    INTERNAL_ERROR = 4  # a defect in RateCalc: the traceback is in a log file to report
    INTERRUPTED = 130
    TERMINATED = 143  # 128 + SIGTERM, as a shell reports a process that signal ended


class Terminated(KeyboardInterrupt):
    """SIGTERM (``kill``, a task manager, a service stopping) ends a command as Ctrl-C does:
    every file it was writing is left as it was, its temporary file and lock removed, and it
    says so; left to the signal's default, the process died in silence with both left behind."""


def _terminated(signum: int, frame: object) -> None:
    raise Terminated


def stop_on_sigterm() -> None:
    """Turn SIGTERM into :class:`Terminated` in this process (the command's own process only:
    a caller's program keeps its own handler)."""
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _terminated)


@frozen_record
class Command:
    """A subcommand: its name, the module that registers it, and its line in ``--help``.

    ``pyarrow``: the command reads or writes the Parquet market-rate store, so pandas may load
    pyarrow; every other command runs without it (:func:`skip_pyarrow`). A nested command with
    the flag decides per subcommand itself.
    """

    name: str
    module: str
    help: str
    nested: bool = False  # register(subparsers, words): the words after it pick a subcommand
    pyarrow: bool = False


# The commands in the order `ratecalc --help` lists them. A module named here must define
# register(subparsers) adding a parser of the same name with the same help (a test checks).
COMMANDS: tuple[Command, ...] = (
    Command("demo", "ratecalc_cli.demo_parser",
            "run the whole analysis on the built-in demo clinic"),
    Command("medicare", "ratecalc_cli.medicare_parser",
            "Medicare fee-schedule amounts; `medicare import ZIP-OR-URL` adds a CMS release",
            nested=True),
    Command("analyze", "ratecalc_cli.analyze_parser",
            "analyze the clinic's own tables (a folder of CSV/XLSX or a workbook)"),
    Command("import", "ratecalc_cli.imports", "import remittances, market rates, fee schedules",
            nested=True, pyarrow=True),
    Command("market-rates", "ratecalc_cli.market_rates_parser",
            "provider locations from NPPES; benchmarks from a market-rate store", pyarrow=True),
    Command("scenario", "ratecalc_cli.scenario_parser",
            "fixed-dollar vs percent-of-Medicare revenue over several years"),
    Command("exit-impact", "ratecalc_cli.exit_impact_parser",
            "net revenue effect of leaving a payer, against its final offer"),
    Command("timeline", "ratecalc_cli.timeline_parser",
            "renewal timeline: prepare, propose, follow up, decide, notice deadline (.ics)"),
    Command("addin", "ratecalc_cli.addin", "build or install the Excel add-in (RateCalc.xlam)"),
    Command("letter", "ratecalc_cli.letter",
            "write the proposal, counter or termination letter to a payer (.docx)"),
    Command("workbook", "ratecalc_cli.workbook",
            "create, export or upgrade the master negotiation workbook"),
    Command("refresh", "ratecalc_cli.refresh",
            "recompute the analysis sheets of a master workbook"),
)


def deferred(module: str, function: str,
             refused_early: Callable[[argparse.Namespace], str | None] | None = None
             ) -> Callable[[argparse.Namespace], int]:
    """The handler ``module.function``, imported only once the arguments have parsed.

    A command's parser (its ``register``) lives apart from its work, in a module that imports no
    more than argparse and the argument types: ``--help`` or a wrong option then answers without
    loading pandas, numpy and the rest of what the work needs (about 0.4 s of CPU, issue 14).
    The work's libraries are imported as :func:`loading_libraries` imports them.

    ``refused_early``: the refusal of an input path the command reads that does not exist or is
    no regular file, in the work's own words
    (:meth:`ratecalc.input_paths.InputPath.first_refused`), or None; given before the work is
    imported, so a typo is answered without loading its libraries either.
    """

    def handler(args: argparse.Namespace) -> int:
        if refused_early is not None and (refused := refused_early(args)) is not None:
            raise InputError(refused)
        with loading_libraries():
            work = getattr(importlib.import_module(module), function)
        return int(work(args))

    handler.__qualname__ = handler.__name__ = function
    handler.__module__ = module
    return handler


def skip_pyarrow() -> None:
    """Keep pandas from importing pyarrow in this process, if pandas is not imported yet.

    pandas imports pyarrow wherever it is installed (only the optional market-rate store needs
    it): about 0.3 s of CPU at each start, which most commands never use. Without it pandas
    keeps strings in Python objects, as in an install without the store; what the commands write
    is the same (``tests/cli/test_refresh_process.py``, ``tests/cli/test_cli_pyarrow.py``).

    Only in the command's own process (:func:`main` run as the process): pandas decides at its
    import for the rest of a process, so in a program that runs commands through :func:`main`
    (a script, a notebook, the tests) a later ``--store`` said "needs pyarrow" though it was
    installed, and the program's own ``import pyarrow`` failed.
    """
    if _OWN_PROCESS and "pandas" not in sys.modules and "pyarrow" not in sys.modules:
        sys.modules["pyarrow"] = None  # type: ignore[assignment]  # "import pyarrow" fails


def chosen_word(words: Sequence[str]) -> tuple[str | None, list[str]]:
    """The first word that is not an option, and the words after it.

    The top-level parser has no option that takes a value (only ``-h`` and ``--version``), so the
    first such word is the command the user asked for, as argparse will read it.
    """
    for i, word in enumerate(words):
        if word == "--":
            return (words[i + 1], list(words[i + 2:])) if i + 1 < len(words) else (None, [])
        if not word.startswith("-"):
            return word, list(words[i + 1:])
    return None, []


#: What ``ratecalc --help`` ends with: commands a newcomer can run as written, one after the
#: other in an empty folder (a test runs them so), none with a date that would go stale.
EXAMPLES = """\
examples, to run one after the other in an empty folder:
  ratecalc demo                                  # the demo clinic's analysis
  ratecalc workbook new negotiation.xlsx --demo  # its master workbook
  ratecalc refresh negotiation.xlsx              # the analysis sheets again
  ratecalc letter negotiation.xlsx --payer "Summit BlueCare PPO"
  ratecalc medicare releases                     # the Medicare data at hand

Each command's options: ratecalc COMMAND --help; in full: docs/COMMANDS.md."""


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for ``argv``: the command it names is registered in full (its module
    imported); every other command is a placeholder carrying its help line.

    ``argv=None`` builds placeholders only, which is all ``ratecalc --help`` needs.
    """
    parser = CommandParser(
        prog="ratecalc",
        description="Negotiate commercial payer rates with Medicare fee-schedule math.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,  # the examples' lines as written
    )
    parser.add_argument("--version", action="version", version=f"ratecalc {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    name, rest = chosen_word(argv) if argv is not None else (None, [])
    for command in COMMANDS:
        if command.name != name:
            subparsers.add_parser(command.name, help=command.help)
            continue
        if not command.pyarrow:
            skip_pyarrow()  # before the module's own imports (pandas) run
        register = importlib.import_module(command.module).register
        if command.nested:
            register(subparsers, rest)
        else:
            register(subparsers)
    return parser


#: Collection thresholds of a ``ratecalc`` process: Python's default (700 allocations) collects
#: about 240 times in a refresh of the demo workbook, traversing pandas' and openpyxl's
#: objects again and again (0.19 s of CPU; 0.10 s with these). A command runs once and exits;
#: the cycles it drops while it runs are still collected, only less often (what is left when it
#: ends is left to the operating system: see :func:`main`).
GC_THRESHOLDS = (10_000, 10, 10)
#: True once :func:`main` runs as the process itself (see :func:`loading_libraries`).
_OWN_PROCESS = False
#: Threads of numpy's OpenBLAS in a ``ratecalc`` process, unless the user's environment says
#: otherwise (``OPENBLAS_NUM_THREADS`` or ``OMP_NUM_THREADS``). At its load OpenBLAS starts a
#: thread per core, which spin waiting for work: about 0.1 s of CPU on a 2-core machine, in
#: every command that imports numpy. No command multiplies matrices: its sums of a few dozen
#: products never hand work to a second thread.
BLAS_THREADS = "1"


@contextmanager
def loading_libraries() -> Iterator[None]:
    """The block in which a command imports the libraries it works with (pandas, openpyxl...),
    or does work whose objects live until it ends (:func:`kept_until_exit`).

    In the command's own process they live until it exits, and the collector traversed them
    again and again: during the imports, at each later collection and at exit (0.1 s of a
    letter's 1 s). So it pauses for the block, and :func:`gc.freeze` then leaves what the block
    imported out of every later collection. Called by a program or a test, it does nothing.
    """
    if not _OWN_PROCESS:
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def import_first(*libraries: str) -> None:
    """Import ``libraries`` (numpy, pandas, openpyxl...) now, at the command's shallow call
    depth, before its own modules import them at the end of their chains of imports.

    CPython 3.11 keeps the frames of Python calls in 16 KiB chunks and frees a chunk as soon as
    the call that entered it returns, to allocate it again at the next call (an ``mmap``, a page
    fault and an ``munmap``: about 6.5 us here; CPython's gh-142183, fixed in 3.13 and 3.14 by
    keeping one chunk). numpy's import makes thousands of small calls (the ``typing`` aliases of
    ``numpy._typing``): reached at the end of RateCalc's and openpyxl's imports, they straddled
    the first chunk's end, about 1,900 of a demo refresh's 2,289 crossings (206 since; median
    system time 88 -> 67 ms, 21 runs at load 5.5); imported first, they stay within it, as in a
    bare ``import numpy``. Call it inside
    :func:`loading_libraries`, after :func:`skip_pyarrow`.
    """
    for name in libraries:
        importlib.import_module(name)


#: A command's work whose objects live until the process ends, run as :func:`loading_libraries`
#: runs imports: a refresh pauses the collector around its workbook anyway
#: (:func:`ratecalc.collector.collector_paused`), and the first collection after that pause, as
#: it ended, walked every object the refresh had made (20 ms of a demo refresh), to free none.
kept_until_exit = loading_libraries


class _ArgumentsMissing(Exception):  # noqa: N818 (never leaves parsed)
    """A required argument of ``parser`` missing: refused by :func:`parsed`, with the words no
    option of the command knows."""

    def __init__(self, parser: argparse.ArgumentParser, message: str) -> None:
        super().__init__(message)
        self.parser, self.message = parser, message


class CommandParser(argparse.ArgumentParser):
    """The parser of ``ratecalc`` and (argparse gives a subparser its parent's class) of each
    command. argparse refuses a missing argument as it finishes reading the words, before it
    would give back those no option knows: the refusal waits for :func:`parsed` to add them."""

    def error(self, message: str) -> NoReturn:
        if message.startswith("the following arguments are required"):
            raise _ArgumentsMissing(self, message)
        super().error(message)


def parsed(parser: argparse.ArgumentParser, words: Sequence[str]) -> argparse.Namespace:
    """``parser.parse_args(words)``, but a word no option of the command knows is refused by
    the command's own parser: its usage and the --help to read, where argparse's top-level
    parser showed ``usage: ratecalc [-h] [--version] COMMAND ...``, the usage of no command;
    and with a missing argument, both are said (argparse said the missing one alone, and the
    unknown option only once that was given)."""
    try:
        args, unknown = parser.parse_known_args(words)
    except _ArgumentsMissing as missing:
        command = missing.parser
        unknown = unknown_options(command, words)
        if not unknown:
            argparse.ArgumentParser.error(command, missing.message)
        argparse.ArgumentParser.error(
            command, f"{missing.message}; and unrecognized arguments: {' '.join(unknown)} "
                     f"(every option: '{command.prog} --help')")
    if unknown:
        command = chosen_parser(parser, words)
        command.error(f"unrecognized arguments: {' '.join(unknown)} "
                      f"(every option: '{command.prog} --help')")
    # every message of the command names it as typed, as argparse's own errors do: the group
    # alone ('ratecalc workbook:') did not say which of its commands failed
    args.command = command_words(parser, args)
    return args


def command_words(parser: argparse.ArgumentParser, args: argparse.Namespace) -> str:
    """The (sub)command ``args`` ran, as typed after ``ratecalc``: ``workbook upgrade``,
    ``import remittances``, ``medicare`` (a lookup) or ``medicare import``, ``refresh``; read
    from the names argparse gave each level's choice (wherever options stood among them)."""
    words: list[str] = []
    while True:
        level = next((action for action in parser._actions
                      if isinstance(action, argparse._SubParsersAction)), None)
        chosen = getattr(args, level.dest, None) if level is not None else None
        if level is None or not isinstance(chosen, str) or chosen not in level.choices:
            return " ".join(words)
        words.append(chosen)
        parser = level.choices[chosen]


#: A word argparse reads as a negative number, not an option (its _negative_number_matcher).
_NEGATIVE_NUMBER = re.compile(r"-\d+$|-\d*\.\d+$")


def unknown_options(command: argparse.ArgumentParser, words: Sequence[str]) -> list[str]:
    """The words of ``words`` that look like an option (before a ``--``) and name none of
    ``command``'s, in full, with ``=value``, or (as argparse allows) a long option's start."""
    known = list(command._option_string_actions)
    unknown: list[str] = []
    for word in words:
        if word == "--":
            break
        if not word.startswith("-") or word == "-" or _NEGATIVE_NUMBER.match(word):
            continue
        name = word.split("=", 1)[0]
        if name in known or (command.allow_abbrev and name.startswith("--") and any(
                option.startswith(name) for option in known)):
            continue
        unknown.append(word)
    return unknown


def chosen_parser(parser: argparse.ArgumentParser,
                  words: Sequence[str]) -> argparse.ArgumentParser:
    """The parser of the (sub)command ``words`` name: ``workbook new`` for ``ratecalc workbook
    new book.xlsx``, each command word read where argparse reads it, right after its parent."""
    for word in words:
        choices = next((action.choices for action in parser._actions
                        if isinstance(action, argparse._SubParsersAction)), None)
        if not isinstance(choices, dict) or word not in choices:
            break
        parser = choices[word]
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    global _OWN_PROCESS
    if argv is None:  # the process is the command (not a caller's own program or a test)
        gc.set_threshold(*GC_THRESHOLDS)
        _OWN_PROCESS = True
        stop_on_sigterm()
        # read once, as numpy loads OpenBLAS, which takes OMP_NUM_THREADS too when its own
        # variable is not set: a user's setting of either is kept
        if "numpy" not in sys.modules and not {"OPENBLAS_NUM_THREADS",
                                               "OMP_NUM_THREADS"} & set(os.environ):
            os.environ["OPENBLAS_NUM_THREADS"] = BLAS_THREADS
    words = sys.argv[1:] if argv is None else list(argv)
    try:
        # argparse's errors quote the words given, which may be file names from data
        with inert_output():
            return _run(parsed(build_parser(words), words))
    finally:
        if _OWN_PROCESS and not sys.flags.dev_mode:
            # What the command made is left to the operating system: the collection Python
            # runs as it exits walked and freed every object of it, cell by cell (0.17 s of a
            # demo refresh's 1.1 s). The command has closed every file it wrote by then; under
            # `python -X dev` that collection still runs, so a file left open in a cycle is
            # reported (ResourceWarning) instead of silently left unfinished.
            gc.freeze()


def run() -> None:
    """The ``ratecalc`` command itself (its console script, and ``python -m
    ratecalc_cli.main``): :func:`main` as the process, which then ends at once
    (:func:`end_process`). A program or a test calls :func:`main`, which returns."""
    code = main()
    if not sys.flags.dev_mode:  # Python's own exit reports a file left open (ResourceWarning)
        end_process(code)
    sys.exit(code)


def end_process(code: int) -> None:
    """End the command's own process with ``code`` now, once what it printed is out and the
    exit handlers have run (logging's flush among them).

    Python's own exit then tears down every module, freeing pandas', numpy's and openpyxl's
    objects one by one: memory the operating system takes back whole in an instant (about
    20 ms of a demo refresh's 0.54 s, which a user waits for). Returns, leaving the exit to
    Python, while another thread runs (Python waits for it) or when a standard stream cannot
    be flushed (Python reports it, exit status 120).
    """
    import atexit
    import threading

    def flushed() -> bool:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):  # a closed pipe, a full disk, a closed stream
            return False
        return True

    if threading.active_count() > 1 or not flushed():
        return
    atexit._run_exitfuncs()  # each runs once: the list is cleared, so Python's exit runs none
    if threading.active_count() == 1 and flushed():
        os._exit(int(code))


def _run(args: argparse.Namespace) -> int:
    """The command's handler, its exceptions turned into messages and exit codes; then where
    each file of the user's that an output replaced was kept (said even when the command
    failed or was stopped after replacing it), and each old backup that could not be deleted."""
    from ratecalc.kept_copies import kept_message, noting_kept, noting_unpruned

    with noting_kept() as kept, noting_unpruned() as unpruned:
        try:
            return _handled(args)
        finally:
            for path, copy in kept:
                print(f"warning: {kept_message(path, copy)}", file=sys.stderr)
            for message in unpruned:
                print(f"warning: {message}", file=sys.stderr)


def _handled(args: argparse.Namespace) -> int:
    # the clock is read once: every default "today" of the command is the day it started
    with noting_written() as written, one_day():
        try:
            return int(args.handler(args))
        except ValidationFailed as exc:
            print(f"ratecalc {args.command}: {exc}", file=sys.stderr)
            # a table file that could not be read at all is bad input data (3), as a workbook
            # that cannot be read is: not problems found in tables that were read (1)
            return ExitCode.INPUT_ERROR if exc.unreadable else ExitCode.FAILED
        except UsageError as exc:
            print(f"ratecalc {args.command}: {exc}", file=sys.stderr)
            return ExitCode.USAGE
        except ProblemError as exc:
            print(f"ratecalc {args.command}: {exc}", file=sys.stderr)
            # one table's problem, given on its own (a fee schedule to import): the exit code
            # it has among a folder's problems, 3 for a file that cannot be read at all (an
            # empty one), else 1 (no header row: columns missing); every such problem was 3
            return ExitCode.INPUT_ERROR if exc.problem.unreadable else ExitCode.FAILED
        except NotOnFileError as exc:
            # a row or table missing from input that was read (no offer on file): 1, as the
            # exit-code table says of it
            print(f"ratecalc {args.command}: {exc}", file=sys.stderr)
            return ExitCode.FAILED
        except RateCalcError as exc:
            print(f"ratecalc {args.command}: {exc}", file=sys.stderr)
            return ExitCode.INPUT_ERROR
        except KeyboardInterrupt as exc:
            print(interrupted_message(args.command, written), file=sys.stderr)
            return (ExitCode.TERMINATED if isinstance(exc, Terminated)
                    else ExitCode.INTERRUPTED)
        except BrokenPipeError:
            # the reader (e.g. `| head`) stopped early: not an error; silence Python's complaint
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


def interrupted_message(command: str, written: Sequence[Path]) -> str:
    """What a command stopped by Ctrl-C says: and which of its files it had finished, each
    whole on disk (a refresh stopped just after its save has done its work)."""
    if not written:
        # every file is written whole or not at all: none was, so every one is as it was
        return f"ratecalc {command}: interrupted; no file was changed"
    files = "\n".join(f"  {path}" for path in dict.fromkeys(written))
    return f"ratecalc {command}: interrupted; these files were already written in full:\n{files}"


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
    # `python -m ratecalc_cli.main` runs this file as a second module, __main__; the commands
    # import ratecalc_cli.main and read that module's state (_OWN_PROCESS): run its main
    from ratecalc_cli.main import run as run_command

    run_command()
