"""One payer, one name: a payer's 835s name it in one spelling across an import.

A payer's system writes N1*PR in other capitals or spacing from one file to the next (a new
clearinghouse, a system upgrade: ``CARDINAL EMPLOYERS TRUST`` in October, ``Cardinal Employers
Trust`` in November). Read as written, the summaries showed it as two payers, each with half its
rate history; a workbook import counted "2 payers" in the Source the letter quotes, warned about
each rate twice, and ``--payer`` refused the files as holding several payers. Names that differ
only in capitals, runs of spaces or characters that show nothing are the same payer here, by the
rule a workbook's payer names are compared by (:func:`ratecalc.payers.lookalike_key`); any other
difference ("Inc.", another word) is kept, for the user to name with ``--payer``.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import replace

from ratecalc.payers import lookalike_key
from ratecalc.remittance.parser import ParsedFile


def payer_identity(payer_id: str, payer: str) -> tuple[str, str]:
    """Who a payment is from, as an import tells payers apart (repeated payments, claims paid
    twice, reversals): its id (N104, else REF*2U, else TRN03) when it has one, else its name by
    the look-alike rule :func:`one_spelling` gives a payer one spelling by. An id and a name are
    never the same payer, whatever their letters.

    >>> payer_identity("", "SUMMIT BLUECARE") == payer_identity("", "Summit\u200b  BlueCare")
    True
    >>> payer_identity("", "SBC01") == payer_identity("SBC01", "Summit BlueCare")
    False
    """
    return (payer_id, "") if payer_id else ("", lookalike_key(payer))


def one_spelling(parsed: Sequence[ParsedFile]) -> list[ParsedFile]:
    """``parsed`` with each payer named as it was first read, in file and payment order.

    Transactions are read-only after the parse: one renamed is a copy.
    """
    first: dict[str, str] = {}
    out = []
    for file in parsed:
        renamed = []
        for transaction in file.transactions:
            spelling = first.setdefault(lookalike_key(transaction.payer), transaction.payer)
            if spelling != transaction.payer:
                transaction = copy.copy(transaction)
                transaction.payer = spelling
            renamed.append(transaction)
        out.append(replace(file, transactions=tuple(renamed)) if renamed else file)
    return out
