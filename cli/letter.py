"""``ratecalc letter DATA --payer NAME``: the proposal, counter or termination letter (.docx).

    ratecalc letter negotiation.xlsx --payer "Summit BlueCare PPO" [--out FILE.docx]
        [--template LETTERHEAD.docx] [--kind proposal|counter|termination] [--offer FILE.csv]
        [--product PRODUCT] [--date YYYY-MM-DD] [--json]

DATA is the master workbook or a folder of tables. A counter letter answers the payer's latest
offer received by the letter's date, on the workbook's Negotiation Log or in ``--offer
FILE.csv`` alike: later rows are passed over and named in a warning.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ratecalc.errors import InputError
from ratecalc.input_paths import LETTER_DATA, LETTER_TEMPLATE, table_file
from ratecalc.shown_text import one_line
from ratecalc_cli.arguments import iso_date, refuse_overwriting_inputs
from ratecalc_cli.main import ExitCode, import_first, loading_libraries
from ratecalc_cli.output import print_json

KINDS = ("proposal", "counter", "termination")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "letter", help="write the proposal, counter or termination letter to a payer (.docx)",
        description="Write a Word letter to a payer from the clinic's data: the rate proposal "
        "(default), the answer to the payer's counteroffer, or a notice of non-renewal. Nothing "
        "is written when data the letter needs is missing; the message says what to fill in.")
    p.add_argument("data", type=Path, metavar="DATA",
                   help="the master workbook (.xlsx) or a folder of tables")
    p.add_argument("--payer", required=True, metavar="NAME",
                   help="payer name as on the Payers sheet")
    p.add_argument("--kind", choices=KINDS, default="proposal",
                   help="which letter (default: proposal)")
    p.add_argument("--out", type=letter_out, metavar="FILE.docx",
                   help="the .docx to write, or an existing folder to write it in (default: a "
                   "file named for the payer, kind and date in the current folder); an existing "
                   "file that differs is kept in 'RateCalc backups' beside it")
    p.add_argument("--template", type=Path,
                   help="the clinic's letterhead (.docx or .dotx); default: RateCalc's")
    p.add_argument("--product", help="which contract, when the payer has several")
    p.add_argument("--date", type=iso_date, dest="letter_date", metavar="YYYY-MM-DD",
                   help="date on the letter, YYYY-MM-DD (default: the analysis date)")
    p.add_argument("--offer", type=Path,
                   help="counter letter: the payer's offer as CSV/XLSX (columns payer, code, "
                   "offered_rate, date) instead of the Negotiation Log; the latest received by "
                   "the letter's date is answered")
    p.add_argument("--json", action="store_true", help="print what the letter says as JSON")
    p.set_defaults(handler=run)


def letter_out(text: str) -> Path:
    """``--out``: a path; one written as a folder (``letters/``) must be a folder that exists.

    Path() drops the trailing separator, so a folder not made yet was judged as a file name and
    refused for not ending in .docx, as if --out could not name a folder."""
    path = Path(text)
    if text.endswith(("/", os.sep)) and not path.is_dir():
        if path.exists():
            raise argparse.ArgumentTypeError(
                f"'{text}' names a folder, but '{path}' is a file: give it without the trailing "
                "separator to write that file, or the name of a folder")
        raise argparse.ArgumentTypeError(
            f"'{text}' names a folder that does not exist: make it first, or give the letter's "
            "file name, ending in .docx")
    return path


def run(args: argparse.Namespace) -> int:
    # what is refused before the work, checked before its libraries load (a typo in DATA is
    # answered without pandas or python-docx); the work reads DATA first
    refuse_overwriting_inputs([("--out", args.out)], [args.data, args.template, args.offer])
    if args.out is not None and not args.out.is_dir():  # before the work, not after it
        from ratecalc.output_kinds import LETTER, check_output

        check_output(args.out, LETTER)
    if args.offer is not None and args.kind != "counter":
        raise InputError("--offer is for --kind counter")
    # each input path that does not exist or is no regular file, in the order the work
    # reads them: DATA, the counter's offer file, then the letterhead
    for refused in (LETTER_DATA.first_refused([args.data], folders=True),
                    table_file(args.offer).first_refused([args.offer]) if args.offer else None,
                    LETTER_TEMPLATE.first_refused([args.template]) if args.template else None):
        if refused is not None:
            raise InputError(refused)
    with loading_libraries():
        import_first("numpy", "pandas")  # what every letter works with, whatever its source
        from ratecalc_letter import write_proposal_letter
        from ratecalc_letter.sources import import_readers

        import_readers(args.data)
    # read by the letter's date, as the Negotiation Log's rows are: known once the data is
    result = write_proposal_letter(args.data, args.payer, args.out, kind=args.kind,
                                   template=args.template, product=args.product,
                                   letter_date=args.letter_date, offer_file=args.offer)
    if args.json:
        info = result.content.as_dict()
        info["file"] = str(result.path)
        info["warnings"] = [p.message for p in result.problems]
        print_json(info)
        return ExitCode.OK
    for problem in result.problems:
        print(f"warning: {problem.message}", file=sys.stderr)
    from ratecalc.money import money_text
    from ratecalc.timeline import notice_deadline_words

    content = result.content
    dates = content.dates
    print(f"Wrote the {content.kind} letter to {one_line(content.payer)}: {result.path}")
    if content.totals is not None and content.kind == "proposal":
        impact = (f"annual impact {money_text(content.as_dict()['totals']['annual_impact'])}"
                  if content.totals.units_per_year > 0 else
                  "no units a year on file, so no annual impact (the letter says so)")
        print(f"  {len(content.lines)} codes; {impact}")
    if dates.response_by:
        # a passed deadline said passed, with the renewed term's, as analyze says it
        following = (None if dates.next_term_end is None or dates.next_notice_deadline is None
                     else (dates.next_term_end, dates.next_notice_deadline))
        deadline = notice_deadline_words(
            dates.notice_deadline, (dates.notice_deadline - dates.letter_date).days, following,
            dates.notice_days or 0)
        print(f"  response requested by {dates.response_by.isoformat()}; {deadline}")
    if dates.effective_date:
        print(f"  non-renewal effective {dates.effective_date.isoformat()}")
    return ExitCode.OK
