"""A payment read twice is counted once: a clearinghouse often delivers the same 835 again, under
another file name or inside a later file. (The same file given twice, named and in a folder
given too, is read once: :func:`ratecalc.remittance.importer.import_remittances` says so.)

A payment is one ST/SE transaction; two are the same payment when the payer (its id, else its
name by the look-alike rule: :func:`~ratecalc.remittance.payer_spellings.payer_identity`), the
TRN02 trace (check or EFT) number and the BPR amount and date agree.
A payment without a trace number is the same when its interchange (ISA13) and transaction
(ST02) control numbers, payer, amount, date and claims (their count and total payment) agree.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from ratecalc.errors import Location, Problem
from ratecalc.money import money_text
from ratecalc.remittance.parser import (
    ADJUSTMENT_FIELDS,
    CLAIM_FIELDS,
    LINE_FIELDS,
    TABLE,
    ParsedFile,
    Records,
    Transaction,
)
from ratecalc.remittance.payer_spellings import payer_identity


def payment_key(transaction: Transaction) -> Hashable | None:
    """What makes a payment the same payment (see the module); None without a BPR, which is
    no payment to compare."""
    if not transaction.bpr_segment:
        return None
    # read before one_spelling names each payer once: by the look-alike rule itself (a copy
    # whose payer name had another space or a zero-width space was counted twice, unwarned)
    payer = payer_identity(transaction.payer_id, transaction.payer)
    paid = (transaction.payment, transaction.payment_date)
    if transaction.check_number:
        return ("trace", payer, transaction.check_number, *paid)
    return ("transaction", payer, transaction.interchange, transaction.control_number, *paid,
            transaction.claims, transaction.claims_paid)


def without_repeated_payments(parsed: Sequence[ParsedFile]
                              ) -> tuple[list[ParsedFile], list[Problem]]:
    """``parsed`` with each payment read before (in this order: files, then transactions)
    left out, and a warning for each naming both files.

    Returns
    -------
    tuple
        The files (a file whose payments were all read before keeps its problems and no
        transaction), and the warnings, at the repeated payment's BPR segment.
    """
    # by the file's place in ``parsed``, not its name: a payment is "read before" only from
    # another file of the import (keyed by name, a file read twice was counted twice)
    seen: dict[Hashable, tuple[int, str, int]] = {}
    kept: list[ParsedFile] = []
    warnings: list[Problem] = []
    for index, file in enumerate(parsed):
        repeated: set[int] = set()
        for at, transaction in enumerate(file.transactions):
            key = payment_key(transaction)
            if key is None:
                continue
            here = (index, file.source, transaction.bpr_segment)
            first = seen.setdefault(key, here)
            if first == here:
                continue
            repeated.add(at)
            warnings.append(Problem(
                TABLE, Location(file=file.source, segment=transaction.bpr_segment),
                f"payment {_named(transaction)} was read already from "
                f"{_where(first, index)}: the same payment (payer, trace number, amount "
                f"and date), counted once; this copy's claims are left out",
                severity="warning"))
        kept.append(_without(file, repeated) if repeated else file)
    return kept, warnings


def _named(transaction: Transaction) -> str:
    trace = (f"'{transaction.check_number}'" if transaction.check_number
             else f"(transaction '{transaction.control_number}', no trace number)")
    amount = "" if transaction.payment is None else f" of {money_text(transaction.payment)}"
    day = ("" if transaction.payment_date is None
           else f" on {transaction.payment_date.isoformat()}")
    payer = f" from {transaction.payer}" if transaction.payer else ""
    return f"{trace}{amount}{day}{payer}"


def _where(first: tuple[int, str, int], index: int) -> str:
    file, name, segment = first
    return (f"segment {segment} of the same file" if file == index
            else f"'{name}' (segment {segment})")


def _without(file: ParsedFile, repeated: set[int]) -> ParsedFile:
    """``file`` without the transactions at ``repeated`` and their claims, lines and
    adjustments, the indexes that join them renumbered."""
    transactions = tuple(t for at, t in enumerate(file.transactions) if at not in repeated)
    renumbered = _renumbering(len(file.transactions), repeated)
    claims, claim_numbers = _kept(file.claims, CLAIM_FIELDS, "transaction", renumbered)
    lines, _ = _kept(file.lines, LINE_FIELDS, "claim", claim_numbers)
    adjustments, _ = _kept(file.adjustments, ADJUSTMENT_FIELDS, "claim", claim_numbers)
    return ParsedFile(file.source, file.problems, transactions, claims, lines, adjustments)


def _renumbering(count: int, dropped: set[int]) -> dict[int, int]:
    numbers: dict[int, int] = {}
    for at in range(count):
        if at not in dropped:
            numbers[at] = len(numbers)
    return numbers


def _kept(records: Records, fields: tuple[str, ...], parent: str,
          parents: dict[int, int]) -> tuple[Records, dict[int, int]]:
    """The rows of ``records`` whose ``parent`` index is kept, that index renumbered; and the
    renumbering of the rows themselves."""
    width = len(fields)
    at_parent = fields.index(parent)
    out = Records(fields)
    numbers: dict[int, int] = {}
    # read once: the column reader's records make the whole row list on each read, and a
    # read per row made a file repeated after a 200,000-segment one take minutes (quadratic)
    rows = records.values
    for row in range(len(records)):
        values = rows[row * width:(row + 1) * width]
        if values[at_parent] not in parents:
            continue
        numbers[row] = len(numbers)
        values[at_parent] = parents[values[at_parent]]
        out.add(values)
    return out, numbers
