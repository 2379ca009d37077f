"""What a letter says: every sentence and figure, built from an analysis, with no Word code.

A :class:`LetterContent` is a list of blocks (paragraphs, headings, bullet lists, tables, one
chart) plus the structured figures behind them, so tests can compare the letter's numbers with
the core's and :mod:`ratecalc_letter.render` only has to lay the blocks out with the template's
styles.

Three kinds of letter:

``proposal``
    The rate proposal: rates per code with the market and Medicare beside them, the annual
    impact, the clinic's results, alternative terms, a response date.
``counter``
    The answer to a payer's counteroffer (from the Negotiation Log): what the offer is worth
    against current rates and against the ask, and the next counter per code, never below the
    walk-away floor (:func:`ratecalc.counteroffer.evaluate_counteroffer`).
``termination``
    Notice of non-renewal, effective on the first term end the contract's notice period still
    allows.

Every missing piece of data a letter needs is reported at once, as one
:class:`ratecalc.errors.InputError` naming the sheet and column to fill in; nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Literal

from ratecalc.analysis import Analysis
from ratecalc.errors import InputError
from ratecalc_letter.blocks import (
    Block,
    Bullets,
    Chart,
    Heading,
    LetterContent,
    LetterDates,
    Letterhead,
    Paragraph,
    PayerOffer,
    RateLine,
    Signature,
    Table,
    Totals,
)
from ratecalc_letter.counter import counter_letter
from ratecalc_letter.parts import KINDS
from ratecalc_letter.proposal import proposal_letter
from ratecalc_letter.termination import termination_effective_date, termination_letter

__all__ = ["KINDS", "Block", "Bullets", "Chart", "Heading", "LetterContent", "LetterDates",
           "LetterKind", "Letterhead", "Paragraph", "PayerOffer", "RateLine", "Signature",
           "Table", "Totals", "build_letter", "counter_letter", "proposal_letter",
           "termination_effective_date", "termination_letter"]

LetterKind = Literal["proposal", "counter", "termination"]


def build_letter(analysis: Analysis, payer: str, kind: str = "proposal", *,
                 offer: PayerOffer | None = None, product: str | None = None,
                 letter_date: date | None = None,
                 descriptions: Mapping[str, str] | None = None,
                 requested_rates: Mapping[str, float] | None = None) -> LetterContent:
    """The content of a ``kind`` letter to ``payer`` (see the module notes).

    ``offer`` is required for ``counter`` and ignored otherwise; ``requested_rates`` applies
    to the proposal.
    """
    if kind == "proposal":
        return proposal_letter(analysis, payer, product=product, letter_date=letter_date,
                               descriptions=descriptions, requested_rates=requested_rates)
    if kind == "counter":
        if offer is None:
            raise InputError(f"a counter letter needs the payer's counteroffer: enter it on the "
                             f"Negotiation Log sheet (payer {payer!r}, code, offered rate)")
        return counter_letter(analysis, payer, offer, product=product, letter_date=letter_date,
                              descriptions=descriptions, requested_rates=requested_rates)
    if kind == "termination":
        return termination_letter(analysis, payer, product=product, letter_date=letter_date)
    raise InputError(f"letter kind must be one of {', '.join(KINDS)}, got {kind!r}")
