"""Proposal, counter and termination letters as Word documents (import name ``ratecalc_letter``).

Layers: :mod:`~ratecalc_letter.content` decides every sentence and figure (no Word code);
:mod:`~ratecalc_letter.render` lays it out with the template's named styles;
:mod:`~ratecalc_letter.chart` draws the rate chart; :mod:`~ratecalc_letter.api` is what the CLI
and the ribbon call.
"""

from ratecalc_letter.api import (
    LetterResult,
    default_filename,
    letter_content,
    write_letter,
    write_proposal_letter,
)
from ratecalc_letter.content import KINDS, LetterContent, PayerOffer

__all__ = ["KINDS", "LetterContent", "LetterResult", "PayerOffer", "default_filename",
           "letter_content", "write_letter", "write_proposal_letter"]
