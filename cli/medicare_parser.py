"""The arguments of ``ratecalc medicare`` and its actions.

Their work, :mod:`ratecalc_cli.medicare`, is imported only once they have parsed
(:func:`ratecalc_cli.main.deferred`): ``--help`` or a wrong option answers without loading numpy
and the fee-schedule engine.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from ratecalc.input_paths import CMS_RELEASE
from ratecalc_cli.arguments import YEAR
from ratecalc_cli.main import deferred


def _missing_release(args: argparse.Namespace) -> str | None:
    # a link, several files (a zip is opened before the next is looked at) or an option the
    # work checks before the files are left to the work to judge
    if args.effective is not None or args.release is not None or len(args.sources) != 1 or any(
            "://" in str(source) for source in args.sources):
        return None
    return CMS_RELEASE.first_refused([Path(source) for source in args.sources], folders=True)


#: The actions named by the word after ``medicare``: each has its own parser, so its ``--help``
#: describes it. Any other first word is a code.
ACTIONS = ("import", "releases")


def chosen_action(words: Sequence[str]) -> str | None:
    """``import`` or ``releases`` when the word right after ``medicare`` names one (as argparse
    reads a subcommand: before its options), else None: the words are codes."""
    return words[0] if words and words[0] in ACTIONS else None


def register(subparsers: argparse._SubParsersAction, words: Sequence[str] | None = None) -> None:
    """Add ``medicare``; ``words`` (what follows it on the command line) decides whether it is
    the lookup of codes or one of :data:`ACTIONS`, with its own options and help."""
    help_line = "Medicare fee-schedule amounts; `medicare import ZIP-OR-URL` adds a CMS release"
    action = chosen_action(words) if words is not None else None
    if action is not None:
        p = subparsers.add_parser("medicare", help=help_line)
        actions = p.add_subparsers(dest="medicare_action", required=True, metavar="ACTION")
        if action == "import":
            _register_import(actions)
        else:
            _register_releases(actions)
        return
    p = subparsers.add_parser(
        "medicare",
        help=help_line,
        description="Medicare amounts for CODEs in a locality on a date. "
        "`ratecalc medicare import ZIP-OR-URL` stores a newer CMS RVU release (CMS's zip, its "
        "https link, or the PPRRVU and GPCI files), validated first; "
        "`ratecalc medicare releases` lists the releases available. "
        "Each has its own --help.",
    )
    p.add_argument("codes", nargs="+", metavar="CODE", help="CPT/HCPCS codes")
    # required, but checked by the command, whose refusal gives an example (argparse's names
    # the option only); the help says so, as the usage's brackets do not
    p.add_argument("--locality", help="required: MAC-LOC such as 10112-00, a 5-digit ZIP code, "
                   "a city and state ('Austin, TX'), a state, or a locality name")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--date", help="date of service, YYYY-MM-DD (one of --date or --year is "
                      "required)")
    when.add_argument("--year", type=YEAR, help="year (uses July 1 of that year)")
    p.add_argument("--facility", action="store_true", help="facility setting amounts")
    p.add_argument("--mppr", action="store_true",
                   help="amount column = reduced amount for a subsequent unit (therapy MPPR)")
    p.add_argument("--assistant", action="store_true", help="CQ/CO assistant services (85%%)")
    p.add_argument("--non-participating", action="store_true", help="95%% of the fee schedule")
    p.add_argument("--limiting-charge", action="store_true", help="115%% of non-participating")
    p.add_argument("--sequestration", action="store_true", help="2%% off Medicare's share")
    p.add_argument("--apm-qualifying", action="store_true",
                   help="from 2026: the qualifying APM participant conversion factor")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=deferred("ratecalc_cli.medicare", "run"))


def _register_import(actions: argparse._SubParsersAction) -> None:
    p = actions.add_parser(
        "import",
        help="add a newer CMS RVU release to your per-user data folder",
        description="Add a CMS RVU release (the physician fee schedule's RVUs, GPCIs and "
        "conversion factor) to your per-user data folder: CMS's zip as published, its https "
        "link (streamed with a progress bar; its SHA-256 and URL are recorded), or its PPRRVU "
        "and GPCI files. The GPCI table is checked first; a bad table is refused row by row "
        "and nothing is stored. The release prices dates of service in its year from then on.",
    )
    p.add_argument("sources", nargs="+", metavar="ZIP-OR-URL",
                   help="CMS's RVU zip, its https link, or its PPRRVU and GPCI files")
    p.add_argument("--release",
                   help="the release id, e.g. rvu27a (default: read from the file names)")
    p.add_argument("--effective", metavar="YYYY-MM-DD",
                   help="first date of service the release prices (default: the first day of "
                   "the quarter its id names: A January 1, B April 1, C July 1, D October 1)")
    p.add_argument("--allow-locality-changes", action="store_true",
                   help="accept a GPCI table whose localities differ from the previous year's "
                   "(when CMS has restructured them); every other check applies")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=deferred("ratecalc_cli.medicare", "_import", _missing_release))


def _register_releases(actions: argparse._SubParsersAction) -> None:
    p = actions.add_parser(
        "releases",
        help="list the Medicare releases available and which one prices a date",
        description="List the Medicare fee-schedule releases available (bundled and imported), "
        "the dates of service each covers, and which one prices today (or --date).",
    )
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the date of service to price "
                   "(default: today)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=deferred("ratecalc_cli.medicare", "_releases"))
