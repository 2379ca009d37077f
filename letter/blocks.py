"""What a letter is made of: its blocks (paragraphs, headings, lists, tables, the chart), the
figures behind them, and :class:`LetterContent`, the whole letter before it becomes Word.

Nothing here knows Word: :mod:`ratecalc_letter.render` lays the blocks out with the template's
styles, and tests read the figures straight from a :class:`LetterContent`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, field
from datetime import date
from typing import Any

from ratecalc.counteroffer import CounterofferResult
from ratecalc.frozen_record import frozen_record
from ratecalc.money import round_cents, snapped_fraction
from ratecalc_letter import formats as fmt


@frozen_record
class Paragraph:
    """A paragraph of body text; ``role`` picks the template style (body, note, ...)."""

    text: str
    role: str = "body"
    keep_with_next: bool = False  # a lead-in that belongs on the page of what follows


@frozen_record
class Heading:
    """A section heading."""

    text: str


@frozen_record
class Bullets:
    """A bulleted list."""

    items: tuple[str, ...]


@frozen_record
class Table:
    """A table: header row, body rows, an optional bold last row.

    ``widths`` are relative column widths (the renderer fits them to the text width);
    ``numeric`` marks right-aligned columns.
    """

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    numeric: tuple[bool, ...]
    total: tuple[str, ...] | None = None


@frozen_record
class Chart:
    """Current, proposed and market rate per code [USD per unit] (NaN market: none known)."""

    codes: tuple[str, ...]
    current: tuple[float, ...]
    proposed: tuple[float, ...]
    market: tuple[float, ...]
    market_label: str
    caption: str


Block = Paragraph | Heading | Bullets | Table | Chart


@frozen_record
class Letterhead:
    """The clinic's name and contact lines, used when the template has no letterhead of its own."""

    name: str
    lines: tuple[str, ...]


@frozen_record
class Signature:
    """Closing and signature block."""

    closing: str
    name: str
    title: str
    organization: str


@frozen_record
class RateLine:
    """One code of the letter's table, unrounded, exactly as the core's proposal row.

    Money in [USD per unit] except ``annual_impact`` [USD per year]; ``increase_pct`` and the
    ``*_pct_of_medicare`` figures are fractions; ``offer_rate`` and ``counter_rate`` are set
    on a counter letter only. ``current_rate`` is the rate the proposal builds on, in force when
    the payer's new term begins; ``rate_today`` the rate in force on the analysis date (NaN for
    a code with a rate agreed only for later), what a fact said of "today" is computed from.
    ``medicare_date`` and ``medicare_release`` are the day ``medicare_amount`` is in force and
    the CMS release pricing it (:func:`ratecalc.analysis.proposal_medicare_basis`).
    """

    code: str
    description: str
    units_per_year: float
    current_rate: float
    proposed_rate: float
    increase_pct: float
    benchmark: float
    medicare_amount: float
    current_pct_of_medicare: float
    proposed_pct_of_medicare: float
    floor: float
    annual_impact: float
    offer_rate: float = math.nan
    counter_rate: float = math.nan
    rate_today: float = math.nan
    medicare_date: date | None = None
    medicare_release: str = ""


@frozen_record
class Totals:
    """Annual reimbursement on the letter's codes [USD per year], unrounded."""

    units_per_year: float
    new_term_revenue: float
    proposed_revenue: float
    annual_impact: float
    impact_pct: float
    offer_revenue: float = math.nan
    counter_revenue: float = math.nan


@frozen_record
class LetterDates:
    """The dates a letter states or relies on.

    ``begin_discussions`` and ``response_by`` are None on a termination notice;
    ``effective_date`` is set on a termination notice only; ``proposal_sent``, where a
    termination notice cites the proposal, the day the Negotiation Log says it was sent.
    ``next_term_end`` and ``next_notice_deadline``: once an auto-renewing contract's notice
    deadline has passed on the letter's date, the renewed term's last day and notice deadline
    (:func:`ratecalc.timeline.next_term_deadline`, as the Priorities and Timeline name them);
    ``notice_days`` [days], the contract's.
    """

    letter_date: date
    end_date: date
    notice_deadline: date
    decision_date: date
    begin_discussions: date | None = None
    response_by: date | None = None
    effective_date: date | None = None
    proposal_sent: date | None = None
    next_term_end: date | None = None
    next_notice_deadline: date | None = None
    notice_days: int | None = None


@frozen_record
class LetterContent:
    """Everything a letter says. Built by :func:`build_letter`; rendered by ``render``."""

    kind: str
    payer: str
    product: str
    contract_id: str
    clinic_name: str
    letterhead: Letterhead
    running_header: str
    date_line: str
    recipient: tuple[str, ...]
    subject: tuple[str, ...]
    salutation: str
    blocks: tuple[Block, ...]
    signature: Signature
    dates: LetterDates
    rate_basis: str
    lines: tuple[RateLine, ...] = ()
    totals: Totals | None = None
    counter: CounterofferResult | None = None
    warnings: tuple[str, ...] = field(default=())
    #: A counter letter: the lines of the proposal the payer's offer leaves out, in the
    #: letter's order, with the rate still asked for each (``proposed_rate``).
    not_offered: tuple[RateLine, ...] = ()

    @property
    def codes_not_offered(self) -> tuple[str, ...]:
        """The codes of :attr:`not_offered`."""
        return tuple(ln.code for ln in self.not_offered)

    def texts(self) -> list[str]:
        """Every text a reader sees, in order (letterhead and running header first)."""
        out = [self.letterhead.name, *self.letterhead.lines, self.running_header,
               self.date_line, *self.recipient, *self.subject, self.salutation]
        for block in self.blocks:
            if isinstance(block, (Paragraph, Heading)):
                out.append(block.text)
            elif isinstance(block, Bullets):
                out.extend(block.items)
            elif isinstance(block, Table):
                out.extend(block.header)
                for row in (*block.rows, *([block.total] if block.total else [])):
                    out.extend(row)
            elif isinstance(block, Chart):
                out.append(block.caption)
        s = self.signature
        out.extend([s.closing, s.name, s.title, s.organization])
        return [t for t in out if t]

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary: dates ISO, money rounded half-up to cents."""
        def cents(value: float) -> float | None:
            return None if fmt.is_missing(value) else float(round_cents(value))

        lines = [{
            "code": ln.code, "description": ln.description, "units_per_year": ln.units_per_year,
            "current_rate": cents(ln.current_rate), "proposed_rate": cents(ln.proposed_rate),
            "increase_pct": None if fmt.is_missing(ln.increase_pct)
            else snapped_fraction(ln.increase_pct),
            "benchmark": cents(ln.benchmark), "medicare_amount": cents(ln.medicare_amount),
            "medicare_date": ln.medicare_date.isoformat() if ln.medicare_date else None,
            "medicare_release": ln.medicare_release or None,
            "proposed_pct_of_medicare": None if fmt.is_missing(ln.proposed_pct_of_medicare)
            else snapped_fraction(ln.proposed_pct_of_medicare),
            "annual_impact": cents(ln.annual_impact),
            **({"offer_rate": cents(ln.offer_rate), "counter_rate": cents(ln.counter_rate)}
               if self.kind == "counter" else {}),
        } for ln in self.lines]
        totals = None
        if self.totals is not None:
            # fractions as the letter's words read them, to a millionth (snapped_fraction):
            # round(x, 4) made an increase of 0.12345 0.1235, 12.4% where the letter says 12.3%
            totals = {k: (snapped_fraction(v) if k == "impact_pct" else cents(v))
                      for k, v in asdict(self.totals).items() if not fmt.is_missing(v)}
            totals["units_per_year"] = self.totals.units_per_year
        return {
            "kind": self.kind, "payer": self.payer, "product": self.product,
            "contract_id": self.contract_id, "clinic": self.clinic_name,
            "rate_basis": self.rate_basis,
            "dates": {k: (v.isoformat() if isinstance(v, date) else v)
                      for k, v in asdict(self.dates).items()},
            "subject": list(self.subject), "lines": lines, "totals": totals,
            "counter_verdict": self.counter.verdict if self.counter else None,
            **({"codes_not_offered": list(self.codes_not_offered),
                "rates_not_offered": {ln.code: cents(ln.proposed_rate)
                                      for ln in self.not_offered}}
               if self.kind == "counter" else {}),
            "warnings": list(self.warnings),
        }


@frozen_record
class PayerOffer:
    """A payer's counteroffer: the rate offered per code.

    Attributes
    ----------
    payer : str
    rates : Mapping[str, float]
        Code -> offered rate [USD per unit].
    received : datetime.date or None
        When the offer arrived (the Negotiation Log's date), if known.
    increases : Mapping[str, float]
        Code -> offered increase over the current rate [fraction]; the key ``""`` is an
        across-the-board increase for every code without a rate of its own. The offered rate
        is then ``current x (1 + increase)``, rounded half-up to the cent as a fee schedule
        would state it.
    source : str
        Where the offer was read (the Negotiation Log, or the file given), for messages.
    where : Mapping[str, str]
        Code -> the row it was read from ("'offer.csv', row 3"), for messages.
    passed_over : tuple of (datetime.date, str)
        Each of the payer's offer rows dated after the letter's date, by its date and where it
        is ("'offer.csv', row 4"): not received by then, so not answered; the letter warns of
        them (:func:`ratecalc_letter.offers.passed_over_note`).
    """

    payer: str
    rates: Mapping[str, float] = field(default_factory=dict)
    received: date | None = None
    increases: Mapping[str, float] = field(default_factory=dict)
    source: str = "Negotiation Log"
    where: Mapping[str, str] = field(default_factory=dict)
    passed_over: tuple[tuple[date, str], ...] = ()

    def rate_for(self, code: str, current_rate: float) -> float | None:
        """The offered rate for ``code`` [USD per unit], or None when the offer skips it."""
        if code in self.rates:
            return float(self.rates[code])
        change = self.increases.get(code, self.increases.get(""))
        if change is None:
            return None
        return float(round_cents(current_rate * (1.0 + change)))
