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

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Literal

import numpy as np
import pandas as pd

from ratecalc.analysis import Analysis
from ratecalc.counteroffer import CounterofferResult, evaluate_counteroffer
from ratecalc.errors import InputError
from ratecalc.schema import BENCHMARKS, CLINIC, CONTRACTS, FEE_SCHEDULES, PAYERS, SETTINGS, VOLUMES
from ratecalc.timeline import RenewalTimeline, business_day_offset, renewal_timeline
from ratecalc_letter import formats as fmt
from ratecalc_letter.descriptions import clinic_descriptions, describe

LetterKind = Literal["proposal", "counter", "termination"]
KINDS: tuple[str, ...] = ("proposal", "counter", "termination")

#: When the renewal timeline's negotiation start has already passed, the letter asks to begin
#: discussions within a working week: soon enough to keep the notice deadline in reach, long
#: enough for the contact to find a slot.
BEGIN_DISCUSSIONS_BUSINESS_DAYS = 5
#: An auto-renewing term whose notice date has passed renews for this long (the timeline's
#: default); a non-renewal notice given too late takes effect at the end of the renewed term.
RENEWAL_TERM_MONTHS = 12
#: The chart shows at most this many codes (those with the most units), so bars stay legible.
CHART_MAX_CODES = 10

# Metrics shown in the value case, in order: label, default unit, lower is better. Cost per
# visit and visits per year stay out: the first would tell the payer the clinic's floor.
VALUE_METRICS: dict[str, tuple[str, str, bool]] = {
    "clean_claim_rate": ("Clean-claim rate", "fraction", False),
    "denial_rate": ("Denial rate", "fraction", True),
    "days_in_ar": ("Days in accounts receivable", "days", True),
    "outcome_improvement": ("Functional outcome improvement", "fraction", False),
    "patient_satisfaction": ("Patient satisfaction", "score", False),
    "nps": ("Net Promoter Score", "score", False),
    "visits_per_episode": ("Visits per episode of care", "visits", True),
    "cost_per_episode": ("Cost per episode of care", "USD", True),
}


# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of body text; ``role`` picks the template style (body, note, ...)."""

    text: str
    role: str = "body"
    keep_with_next: bool = False  # a lead-in that belongs on the page of what follows


@dataclass(frozen=True)
class Heading:
    """A section heading."""

    text: str


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: tuple[str, ...]


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Chart:
    """Current, proposed and market rate per code [USD per unit] (NaN market: none known)."""

    codes: tuple[str, ...]
    current: tuple[float, ...]
    proposed: tuple[float, ...]
    market: tuple[float, ...]
    market_label: str
    caption: str


Block = Paragraph | Heading | Bullets | Table | Chart


@dataclass(frozen=True)
class Letterhead:
    """The clinic's name and contact lines, used when the template has no letterhead of its own."""

    name: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Signature:
    """Closing and signature block."""

    closing: str
    name: str
    title: str
    organization: str


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class RateLine:
    """One code of the letter's table, unrounded, exactly as the core's proposal row.

    Money in [USD per unit] except ``annual_impact`` [USD per year]; ``increase_pct`` and the
    ``*_pct_of_medicare`` figures are fractions; ``offer_rate`` and ``counter_rate`` are set
    on a counter letter only.
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


@dataclass(frozen=True)
class Totals:
    """Annual reimbursement on the letter's codes [USD per year], unrounded."""

    units_per_year: float
    current_revenue: float
    proposed_revenue: float
    annual_impact: float
    impact_pct: float
    offer_revenue: float = math.nan
    counter_revenue: float = math.nan


@dataclass(frozen=True)
class LetterDates:
    """The dates a letter states or relies on.

    ``begin_discussions`` and ``response_by`` are None on a termination notice;
    ``effective_date`` is set on a termination notice only.
    """

    letter_date: date
    end_date: date
    notice_deadline: date
    decision_date: date
    begin_discussions: date | None = None
    response_by: date | None = None
    effective_date: date | None = None


@dataclass(frozen=True)
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
            return None if fmt.is_missing(value) else float(fmt.round_cents(value))

        lines = [{
            "code": ln.code, "description": ln.description, "units_per_year": ln.units_per_year,
            "current_rate": cents(ln.current_rate), "proposed_rate": cents(ln.proposed_rate),
            "increase_pct": None if fmt.is_missing(ln.increase_pct)
            else round(ln.increase_pct, 4),
            "benchmark": cents(ln.benchmark), "medicare_amount": cents(ln.medicare_amount),
            "proposed_pct_of_medicare": None if fmt.is_missing(ln.proposed_pct_of_medicare)
            else round(ln.proposed_pct_of_medicare, 4),
            "annual_impact": cents(ln.annual_impact),
            **({"offer_rate": cents(ln.offer_rate), "counter_rate": cents(ln.counter_rate)}
               if self.kind == "counter" else {}),
        } for ln in self.lines]
        totals = None
        if self.totals is not None:
            totals = {k: (round(v, 4) if k == "impact_pct" else cents(v))
                      for k, v in asdict(self.totals).items() if not fmt.is_missing(v)}
            totals["units_per_year"] = self.totals.units_per_year
        return {
            "kind": self.kind, "payer": self.payer, "product": self.product,
            "contract_id": self.contract_id, "clinic": self.clinic_name,
            "rate_basis": self.rate_basis,
            "dates": {k: (v.isoformat() if v else None) for k, v in asdict(self.dates).items()},
            "subject": list(self.subject), "lines": lines, "totals": totals,
            "counter_verdict": self.counter.verdict if self.counter else None,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
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
    """

    payer: str
    rates: Mapping[str, float] = field(default_factory=dict)
    received: date | None = None
    increases: Mapping[str, float] = field(default_factory=dict)

    def rate_for(self, code: str, current_rate: float) -> float | None:
        """The offered rate for ``code`` [USD per unit], or None when the offer skips it."""
        if code in self.rates:
            return float(self.rates[code])
        change = self.increases.get(code, self.increases.get(""))
        if change is None:
            return None
        return float(fmt.round_cents(current_rate * (1.0 + change)))


# --------------------------------------------------------------------------- context


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    return str(value).strip()


def _lines(value: Any) -> list[str]:
    """An address typed with ';' or line breaks between its lines."""
    text = _text(value).replace("\r", "\n").replace(";", "\n")
    return [part.strip() for part in text.split("\n") if part.strip()]


def _date(value: Any) -> date | None:
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date()
    return value if isinstance(value, date) else None


def _sheet(title: str) -> str:
    return f"sheet '{title}'"


@dataclass(frozen=True)
class _Context:
    """What every letter to one payer draws on, checked."""

    analysis: Analysis
    payer: str
    contract: dict[str, Any]
    letter_date: date
    timeline: RenewalTimeline
    proposal: pd.DataFrame  # the payer's proposal rows, most units first
    descriptions: dict[str, str]


def _find_payer(analysis: Analysis, payer: str) -> str:
    data = analysis.data
    known: list[str] = []
    for frame in (data.payers, data.contracts, analysis.proposal):
        if not frame.empty:
            known.extend(str(p) for p in frame["payer"])
    by_key = {p.strip().casefold(): p for p in known}
    found = by_key.get(payer.strip().casefold())
    if found is None:
        listed = ", ".join(sorted(set(known))) or "none"
        raise InputError(f"payer {payer!r} is not on the {PAYERS.title} or {CONTRACTS.title} "
                         f"sheet; payers on file: {listed}")
    return found


def _contract(analysis: Analysis, payer: str, product: str | None) -> dict[str, Any]:
    contracts = analysis.data.contracts
    rows = contracts[contracts["payer"].astype(str).str.casefold() == payer.casefold()] \
        if not contracts.empty else contracts
    if product:
        rows = rows[rows["product"].map(_text).str.casefold() == product.strip().casefold()]
    if rows.empty:
        wanted = f" with product {product!r}" if product else ""
        raise InputError(f"{_sheet(CONTRACTS.title)} has no row for payer {payer!r}{wanted}: "
                         f"add the contract (columns payer, product, contract_id, "
                         f"effective_date, end_date, notice_days, contact_name, "
                         f"contact_address)")
    if len(rows) > 1:
        products = ", ".join(repr(_text(p)) for p in rows["product"])
        raise InputError(f"payer {payer!r} has {len(rows)} contracts on "
                         f"{_sheet(CONTRACTS.title)} (products {products}): say which one the "
                         f"letter is about (--product)")
    return rows.iloc[0].to_dict()


def _missing_fields(analysis: Analysis, payer: str, contract: dict[str, Any],
                    needs_proposal: bool) -> list[str]:
    """Every missing field, as 'sheet ..., column ...: what to fill in'."""
    clinic = analysis.data.clinic
    missing = []
    where = f"{_sheet(CONTRACTS.title)}, payer {payer!r}"
    if not _text(contract.get("contact_name")):
        missing.append(f"{where}, column 'contact_name': the provider-relations contact's name")
    if not _lines(contract.get("contact_address")):
        missing.append(f"{where}, column 'contact_address': the contact's mailing address "
                       f"(lines separated by ';')")
    for name, what in (("name", "the practice name for the letterhead"),
                       ("signer_name", "who signs the letter")):
        if not _text(clinic.get(name)):
            missing.append(f"{_sheet(CLINIC.title)}, field '{name}': {what}")
    if needs_proposal:
        rows = analysis.proposal[analysis.proposal["payer"] == payer]
        if rows.empty:
            missing.append(
                f"{_sheet(FEE_SCHEDULES.title)} and {_sheet(VOLUMES.title)}, payer {payer!r}: "
                f"no proposal rows; give the payer's current rate per code (columns code, "
                f"allowed_amount, effective_date on or before the analysis date "
                f"{analysis.as_of.isoformat()}) and its units per year")
    return missing


def _context(analysis: Analysis, payer: str, kind: str, product: str | None,
             letter_date: date | None, descriptions: Mapping[str, str] | None) -> _Context:
    if kind not in KINDS:
        raise InputError(f"letter kind must be one of {', '.join(KINDS)}, got {kind!r}")
    name = _find_payer(analysis, payer)
    contract = _contract(analysis, name, product)
    missing = _missing_fields(analysis, name, contract, needs_proposal=kind != "termination")
    if missing:
        raise InputError(f"cannot write the {kind} letter to {name}; fill in:\n  - "
                         + "\n  - ".join(missing))
    day = letter_date or analysis.as_of
    s = analysis.data.settings
    notice = contract.get("notice_days")
    notice_days = s.notice_days if fmt.is_missing(notice) or notice is None else int(notice)
    auto = contract.get("auto_renew")
    end = _date(contract.get("end_date"))
    if end is None:
        raise InputError(f"{_sheet(CONTRACTS.title)}, payer {name!r}, column 'end_date': "
                         f"expected the date the current term ends")
    try:
        timeline = renewal_timeline(
            end, auto_renew=bool(auto) if auto is not None and not pd.isna(auto) else False,
            notice_days=notice_days, lead_months=s.lead_months,
            follow_up_business_days=s.follow_up_business_days,
            renewal_term_months=RENEWAL_TERM_MONTHS, as_of=day)
    except InputError as exc:
        raise InputError(f"{_sheet(CONTRACTS.title)}, payer {name!r}: {exc}") from None
    rows = analysis.proposal[analysis.proposal["payer"] == name]
    rows = rows.sort_values(["units_per_year", "code"], ascending=[False, True])
    own = dict(clinic_descriptions(analysis.data.volumes, analysis.data.fee_schedules))
    own.update(descriptions or {})
    return _Context(analysis=analysis, payer=name, contract=contract, letter_date=day,
                    timeline=timeline, proposal=rows.reset_index(drop=True),
                    descriptions=describe([str(c) for c in rows["code"]], own))


# --------------------------------------------------------------------------- shared parts


def _letterhead(clinic: Mapping[str, Any]) -> Letterhead:
    street = ", ".join(_lines(clinic.get("address")))
    city = _text(clinic.get("city"))
    state_zip = " ".join(p for p in (_text(clinic.get("state")), _text(clinic.get("zip"))) if p)
    place = ", ".join(p for p in (street, city, state_zip) if p)
    contact = " \u00b7 ".join(p for p in (_text(clinic.get("phone")), _text(clinic.get("email")),
                                          _text(clinic.get("website"))) if p)
    return Letterhead(_text(clinic.get("name")), tuple(p for p in (place, contact) if p))


def _recipient(ctx: _Context) -> tuple[str, ...]:
    c = ctx.contract
    lines = [_text(c.get("contact_name")), _text(c.get("contact_title")),
             *_lines(c.get("contact_address"))]
    email = _text(c.get("contact_email"))
    if email:
        lines.append(f"By email: {email}")
    return tuple(line for line in lines if line)


def _agreement(ctx: _Context) -> str:
    """``agreement SBC-PT-2019-114 (PPO)`` or ``our PPO agreement``."""
    cid = _text(ctx.contract.get("contract_id"))
    product = _text(ctx.contract.get("product"))
    if cid:
        return f"agreement {cid}" + (f" ({product})" if product else "")
    return f"our {product} agreement" if product else "our agreement"


def _provider_line(clinic: Mapping[str, Any]) -> str:
    ids = [f"NPI {_text(clinic.get('npi'))}" if _text(clinic.get("npi")) else "",
           f"TIN {_text(clinic.get('tin'))}" if _text(clinic.get("tin")) else ""]
    ids = [i for i in ids if i]
    return f"Provider: {_text(clinic.get('name'))}" + (f", {', '.join(ids)}" if ids else "")


def _signature(clinic: Mapping[str, Any]) -> Signature:
    return Signature("Sincerely,", _text(clinic.get("signer_name")),
                     _text(clinic.get("signer_title")), _text(clinic.get("name")))


def _contact_sentence(clinic: Mapping[str, Any]) -> str:
    ways = [w for w in (_text(clinic.get("phone")), _text(clinic.get("email"))) if w]
    if not ways:
        return "I would welcome a call to discuss it."
    return f"I would welcome a call to discuss it; you can reach me at {' or '.join(ways)}."


def _term_phrase(timeline: RenewalTimeline) -> str:
    end = fmt.long_date(timeline.end_date)
    return (f"the current term of our agreement ends on {end}" if timeline.auto_renew
            else f"our agreement expires on {end}")


def _response_date(ctx: _Context, begin: date | None) -> tuple[date, list[str], bool]:
    """Requested response date: ``response_days`` after the letter, on a business day, moved
    earlier to the timeline's decision date when it would fall after it (a reply after that
    leaves no time to decide before the notice deadline)."""
    s = ctx.analysis.data.settings
    t = ctx.timeline
    asked = business_day_offset(ctx.letter_date + timedelta(days=int(s.response_days)), 0)
    warnings: list[str] = []
    if asked <= t.decision_date:
        return asked, warnings, False
    earliest = begin or ctx.letter_date
    if t.decision_date > earliest:
        warnings.append(
            f"the response date was moved from {asked.isoformat()} ({s.response_days} days, "
            f"{_sheet(SETTINGS.title)} field 'response_days') to the decision date "
            f"{t.decision_date.isoformat()}, so that there is time to decide before the notice "
            f"deadline {t.notice_deadline.isoformat()}")
        return t.decision_date, warnings, True
    warnings.append(f"the response date {asked.isoformat()} falls after the decision date "
                    f"{t.decision_date.isoformat()}; the notice deadline is "
                    f"{t.notice_deadline.isoformat()}")
    return asked, warnings, False


def _percentile_label(percentile: float) -> str:
    return "median" if float(percentile) == 50.0 else f"{fmt.ordinal(percentile)} percentile"


def _market_sentence(ctx: _Context) -> str:
    """Where the benchmark and the Medicare amounts come from."""
    analysis = ctx.analysis
    s = analysis.data.settings
    label = _percentile_label(s.target_percentile)
    bench = analysis.data.benchmarks
    if not bench.empty:
        bench = bench[bench["code"].isin(ctx.proposal["code"])]
    parts = []
    if not bench.empty:
        regions = sorted({_text(r) for r in bench["region"] if _text(r)})
        sources = sorted({_text(r) for r in bench["source"] if _text(r)})
        dates = [d for d in (_date(v) for v in bench["as_of"]) if d]
        where = f"{regions[0]} " if len(regions) == 1 else "regional "
        detail = "; ".join(p for p in ("; ".join(sources),
                                       f"as of {fmt.long_date(max(dates))}" if dates else "")
                           if p)
        parts.append(f"The market column is the {label} of {where}rates"
                     + (f" ({detail})" if detail else "") + ".")
    medicare = analysis.medicare
    if not medicare.empty:
        year = s.date_of_service.year
        setting = "facility" if s.setting == "facility" else "non-facility"
        parts.append(f"Percent of Medicare: the proposed rate as a percent of the {year} "
                     f"Medicare Physician Fee Schedule amount ({setting}, locality "
                     f"{analysis.data.locality}).")
    return " ".join(parts)


def _value_case(ctx: _Context) -> list[Block]:
    """The clinic's results beside their benchmarks, and its programs and advantages."""
    data = ctx.analysis.data
    blocks: list[Block] = []
    metrics = data.metrics
    rows = []
    periods: list[str] = []
    sources: list[str] = []
    if not metrics.empty:
        by_name = {str(r["metric"]): r for _, r in metrics.iterrows()}
        for name, (label, default_unit, lower_better) in VALUE_METRICS.items():
            row = by_name.get(name)
            if row is None or fmt.is_missing(row.get("value")):
                continue
            unit = (_text(row.get("unit")) or default_unit).casefold()
            shown_label = label + (" (lower is better)" if lower_better else "")
            rows.append((shown_label, _metric_value(row.get("value"), unit),
                         _metric_value(row.get("benchmark"), unit)))
            for bucket, key in ((periods, "period"), (sources, "source")):
                text = _text(row.get(key))
                if text and text not in bucket:
                    bucket.append(text)
    if rows:
        period = f" for {fmt.join_words(periods)}" if periods else ""
        blocks.append(Paragraph(f"Our results{period}, beside the benchmarks we measure "
                                f"ourselves against:", keep_with_next=True))
        blocks.append(Table("value", ("Measure", "Our clinic", "Benchmark"), tuple(rows),
                            widths=(5.0, 1.6, 1.6), numeric=(False, True, True)))
        if sources:
            blocks.append(Paragraph(f"Sources: {'; '.join(sources)}.", role="note"))
    clinic = data.clinic
    items = [_text(a) for a in _text(clinic.get("advantages")).split(";") if _text(a)]
    programs = [_text(p) for p in _text(clinic.get("specialty_programs")).split(";") if _text(p)]
    if programs:
        items.append(f"Specialty programs: {fmt.join_words(programs)}")
    if items:
        blocks.append(Paragraph("Your members also benefit from:", keep_with_next=True))
        blocks.append(Bullets(tuple(items)))
    return blocks


def _metric_value(value: Any, unit: str) -> str:
    if value is None or fmt.is_missing(value):
        return fmt.DASH
    number = float(value)
    if unit in ("fraction", "percent", "%"):
        return fmt.percent(number)
    if unit in ("usd", "$", "dollars"):
        return fmt.money(number)
    shown = f"{number:,.2f}".rstrip("0").rstrip(".")
    return f"{shown} days" if unit == "days" else shown


def _alternative_terms(ctx: _Context, lead: str) -> list[Block]:
    terms = [_text(t) for t in _text(ctx.analysis.data.settings.alternative_terms).split(";")
             if _text(t)]
    if not terms:
        return []
    return [Heading("If rates cannot move"), Paragraph(lead, keep_with_next=True),
            Bullets(tuple(terms))]


def _rate_lines(ctx: _Context, offer: Mapping[str, float] | None = None,
                requested: Mapping[str, float] | None = None) -> tuple[RateLine, ...]:
    """The letter's lines: the core's proposal rows, with the clinic's own requested rate
    (``requested``, code -> USD per unit) in place of the proposed one where it typed one, and
    only the codes of ``offer`` (code -> offered rate) when one is given."""
    lines = []
    for r in ctx.proposal.itertuples():
        code = str(r.code)
        if offer is not None and code not in offer:
            continue
        current, medicare, units = float(r.current_rate), float(r.medicare_amount), \
            float(r.units_per_year)
        ask, change, pct, impact = (float(r.proposed_rate), float(r.increase_pct),
                                    float(r.proposed_pct_of_medicare), float(r.annual_impact))
        if requested and code in requested:
            ask = float(requested[code])
            change = ask / current - 1.0 if current else math.nan
            pct = ask / medicare if medicare else math.nan
            impact = (ask - current) * units
        lines.append(RateLine(
            code=code, description=ctx.descriptions.get(code, ""), units_per_year=units,
            current_rate=current, proposed_rate=ask, increase_pct=change,
            benchmark=float(r.benchmark), medicare_amount=medicare,
            current_pct_of_medicare=float(r.current_pct_of_medicare),
            proposed_pct_of_medicare=pct, floor=float(r.floor), annual_impact=impact,
            offer_rate=float(offer[code]) if offer is not None else math.nan))
    return tuple(lines)


def _requested_warnings(ctx: _Context, requested: Mapping[str, float]) -> list[str]:
    known = {str(c) for c in ctx.proposal["code"]}
    unknown = sorted(set(requested) - known)
    if unknown:
        raise InputError(f"requested rates for {fmt.join_words(unknown)}, which have no "
                         f"proposal row for payer {ctx.payer!r}")
    warnings = []
    for r in ctx.proposal.itertuples():
        code = str(r.code)
        if code not in requested:
            continue
        ask = float(requested[code])
        if not math.isfinite(ask) or ask <= 0:
            raise InputError(f"requested rate for {code}: expected a dollar amount above "
                             f"zero, got {requested[code]!r}")
        if ask < float(r.current_rate):
            warnings.append(f"the rate typed for {code} ({fmt.money(ask)}) is below the "
                            f"current rate ({fmt.money(float(r.current_rate))})")
        if ask < float(r.floor) - 0.005:
            warnings.append(f"the rate typed for {code} ({fmt.money(ask)}) is below the "
                            f"walk-away floor ({fmt.money(float(r.floor))})")
    return warnings


def _base(ctx: _Context, kind: str, subject: str, salutation: str | None = None
          ) -> dict[str, Any]:
    clinic = ctx.analysis.data.clinic
    c = ctx.contract
    return dict(
        kind=kind, payer=ctx.payer, product=_text(c.get("product")),
        contract_id=_text(c.get("contract_id")), clinic_name=_text(clinic.get("name")),
        letterhead=_letterhead(clinic),
        running_header=f"{_text(clinic.get('name'))} \u00b7 {subject} \u00b7 "
                       f"{fmt.long_date(ctx.letter_date)}",
        date_line=fmt.long_date(ctx.letter_date), recipient=_recipient(ctx),
        salutation=salutation or f"Dear {_text(c.get('contact_name'))}:",
        signature=_signature(clinic), rate_basis=ctx.analysis.data.settings.rate_basis,
    )


def _common_warnings(ctx: _Context) -> list[str]:
    warnings = list(ctx.timeline.warnings)
    if not _text(ctx.contract.get("contract_id")):
        warnings.append(f"{_sheet(CONTRACTS.title)}, payer {ctx.payer!r}, column "
                        f"'contract_id' is empty: the subject line names no agreement number")
    no_bench = [str(c) for c, b in zip(ctx.proposal["code"], ctx.proposal["benchmark"],
                                       strict=True) if fmt.is_missing(float(b))]
    if no_bench:
        warnings.append(f"{_sheet(BENCHMARKS.title)}: no market rate for "
                        f"{fmt.join_words(no_bench)}; the letter shows a dash")
    return warnings


# --------------------------------------------------------------------------- proposal


def _rates_table(lines: tuple[RateLine, ...], rate_basis: str, market_label: str) -> Table:
    market = f"Market {market_label}" if market_label == "median" else "Market"
    if rate_basis == "pct_of_medicare":
        header = ("Code", "Description", "Annual units", "Current rate", "Proposed % of Medicare",
                  "Proposed rate today", "Change", market)
        rows = tuple((ln.code, ln.description, fmt.units(ln.units_per_year),
                      fmt.money(ln.current_rate), fmt.percent(ln.proposed_pct_of_medicare),
                      fmt.money(ln.proposed_rate), fmt.percent(ln.increase_pct, signed=True),
                      fmt.money(ln.benchmark)) for ln in lines)
    else:
        header = ("Code", "Description", "Annual units", "Current rate", "Proposed rate",
                  "Change", market, "% of Medicare")
        rows = tuple((ln.code, ln.description, fmt.units(ln.units_per_year),
                      fmt.money(ln.current_rate), fmt.money(ln.proposed_rate),
                      fmt.percent(ln.increase_pct, signed=True), fmt.money(ln.benchmark),
                      fmt.percent(ln.proposed_pct_of_medicare, 0)) for ln in lines)
    return Table("rates", header, rows, widths=(0.8, 2.3, 0.95, 1.0, 1.0, 0.85, 1.0, 0.95),
                 numeric=(False, False, True, True, True, True, True, True))


def _totals(lines: tuple[RateLine, ...]) -> Totals:
    units = np.array([ln.units_per_year for ln in lines])
    current = float(units @ np.array([ln.current_rate for ln in lines]))
    proposed = float(units @ np.array([ln.proposed_rate for ln in lines]))
    impact = float(sum(ln.annual_impact for ln in lines))
    offer = float(units @ np.array([ln.offer_rate for ln in lines]))
    counter = float(units @ np.array([ln.counter_rate for ln in lines]))
    return Totals(units_per_year=float(units.sum()), current_revenue=current,
                  proposed_revenue=proposed, annual_impact=impact,
                  impact_pct=impact / current if current else math.nan,
                  offer_revenue=offer, counter_revenue=counter)


def _market_facts(lines: tuple[RateLine, ...], label: str, max_increase: float) -> str:
    with_bench = [ln for ln in lines if not fmt.is_missing(ln.benchmark)]
    if not with_bench:
        return ""
    below = [ln for ln in with_bench if ln.current_rate < ln.benchmark]
    units = np.array([ln.units_per_year for ln in with_bench])
    current = float(units @ np.array([ln.current_rate for ln in with_bench]))
    market = float(units @ np.array([ln.benchmark for ln in with_bench]))
    count = (f"All {len(below)}" if len(below) == len(with_bench) > 1
             else f"{len(below)} of these {len(with_bench)}")
    text = f"{count} of these rates are below the market {label} today" if count.startswith(
        "All") else f"{count} rates are below the market {label} today"
    if market > 0 and below:
        gap = 1.0 - current / market
        if gap > 0:
            text += (f"; weighted by volume, your rates are {fmt.percent(gap)} below it")
    text += "."
    still_below = [ln for ln in with_bench if ln.proposed_rate < ln.benchmark - 0.005]
    if still_below:
        which = ("every proposed rate" if len(still_below) == len(with_bench) else
                 f"{len(still_below)} of the proposed rates")
        text += (f" Because we ask for at most {fmt.percent(max_increase, 0)} on any code, "
                 f"{which} would still be below the market {label}.")
    return text


def _chart(lines: tuple[RateLine, ...], label: str) -> Chart:
    shown = sorted(lines, key=lambda ln: (-ln.units_per_year, ln.code))[:CHART_MAX_CODES]
    more = len(lines) > len(shown)
    caption = (f"Figure 1. Rate per unit: current, proposed and market {label}"
               + (f", for the {len(shown)} codes with the most units." if more else ", by code."))
    return Chart(codes=tuple(ln.code for ln in shown),
                 current=tuple(ln.current_rate for ln in shown),
                 proposed=tuple(ln.proposed_rate for ln in shown),
                 market=tuple(ln.benchmark for ln in shown),
                 market_label=f"Market {label}", caption=caption)


def proposal_letter(analysis: Analysis, payer: str, *, product: str | None = None,
                    letter_date: date | None = None,
                    descriptions: Mapping[str, str] | None = None,
                    requested_rates: Mapping[str, float] | None = None) -> LetterContent:
    """The rate proposal to ``payer``.

    Parameters
    ----------
    analysis : ratecalc.analysis.Analysis
    payer : str
        Payer name as on the Payers sheet (case ignored).
    product : str, optional
        Which contract, when the payer has several.
    letter_date : datetime.date, optional
        Date on the letter; default the analysis date (Settings ``analysis_date``, else today).
    descriptions : Mapping[str, str], optional
        The clinic's own short description per code (never CPT descriptor text).
    requested_rates : Mapping[str, float], optional
        Code -> the rate the clinic chose to ask instead of the proposed one [USD per unit]
        (the workbook's Proposal sheet, column "Your rate"); change, percent of Medicare and
        annual impact follow from it.

    Returns
    -------
    LetterContent

    Raises
    ------
    ratecalc.errors.InputError
        Unknown payer, no contract, no contact or address, no signer, no proposal rows: every
        missing field in one message.
    """
    ctx = _context(analysis, payer, "proposal", product, letter_date, descriptions)
    s = analysis.data.settings
    t = ctx.timeline
    clinic = analysis.data.clinic
    requested = {str(k).strip().upper(): v for k, v in (requested_rates or {}).items()}
    requested_warnings = _requested_warnings(ctx, requested)
    lines = _rate_lines(ctx, requested=requested)
    totals = _totals(lines)
    label = _percentile_label(s.target_percentile)

    begin = (t.negotiation_start if t.negotiation_start > ctx.letter_date else
             business_day_offset(ctx.letter_date, BEGIN_DISCUSSIONS_BUSINESS_DAYS))
    response_by, response_warnings, moved = _response_date(ctx, begin)
    agreement = _agreement(ctx)

    visits = _payer_visits(analysis, ctx.payer)
    opening = (f"{_text(clinic.get('name'))} has cared for {ctx.payer} members under "
               f"{agreement}")
    effective = _date(ctx.contract.get("effective_date"))
    opening += f" since {fmt.long_date(effective)}." if effective else "."
    if visits:
        opening += f" Last year we provided {fmt.units(visits)} visits to your members."
    purpose = (f"As {_term_phrase(t)}, we would like to begin discussions by "
               f"{fmt.long_date(begin)}. This letter sets out the rates we propose for the "
               f"{len(lines)} services we bill to your plan, the market data behind them, and "
               f"the results we deliver for your members.")
    blocks: list[Block] = [Paragraph(opening), Paragraph(purpose), Heading("Proposed rates")]

    basis = ("All rates are per unit, in fixed dollars."
             if s.rate_basis == "fixed" else
             "We propose that each service be paid at the percent of the Medicare Physician "
             "Fee Schedule shown; the dollar amounts are what those percents pay today.")
    current_basis = _text(ctx.contract.get("rate_basis"))
    current_pct = ctx.contract.get("pct_of_medicare")
    if s.rate_basis == "fixed" and current_basis == "pct_of_medicare" and \
            not fmt.is_missing(current_pct) and current_pct is not None:
        basis += (f" Our current agreement pays {fmt.percent(float(current_pct), 0)} of the "
                  f"Medicare fee schedule; fixed-dollar rates keep payment stable for both "
                  f"parties when Medicare's conversion factor changes.")
    blocks.append(Paragraph(basis, keep_with_next=True))
    blocks.append(_rates_table(lines, s.rate_basis, label))
    sources = _market_sentence(ctx)
    if sources:
        blocks.append(Paragraph(sources, role="note"))
    facts = _market_facts(lines, label, s.max_increase)
    impact = (f"At last year's volumes ({fmt.units(totals.units_per_year)} units), the proposed "
              f"rates would change annual reimbursement from {fmt.money(totals.current_revenue)} "
              f"to {fmt.money(totals.proposed_revenue)}, an increase of "
              f"{fmt.money(totals.annual_impact)} ({fmt.percent(totals.impact_pct)}).")
    blocks.append(Paragraph(f"{impact} {facts}".strip(), keep_with_next=True))
    blocks.append(Table(
        "summary", ("Annual reimbursement", "Amount"),
        (("At current rates", fmt.money(totals.current_revenue)),
         ("At proposed rates", fmt.money(totals.proposed_revenue))),
        widths=(3.0, 1.6), numeric=(False, True),
        total=("Annual increase",
               f"{fmt.money(totals.annual_impact, signed=True)} "
               f"({fmt.percent(totals.impact_pct, signed=True)})")))
    blocks.append(_chart(lines, label))

    blocks.append(Heading("The value we deliver"))
    blocks.extend(_value_case(ctx))
    blocks.extend(_alternative_terms(
        ctx, "If a rate increase is not possible this cycle, we ask that you consider these "
             "terms instead:"))

    closing = f"We ask for your written response by {fmt.long_date(response_by)}"
    if moved:
        closing += (f", ahead of the agreement's {t.notice_days}-day notice date of "
                    f"{fmt.long_date(t.notice_deadline)}")
    closing += f". {_contact_sentence(clinic)}"
    blocks.append(Heading("Next steps"))
    blocks.append(Paragraph(closing))
    blocks.append(Paragraph(f"Thank you for your partnership in caring for {ctx.payer} "
                            f"members."))

    end = fmt.long_date(t.end_date)
    cid = _text(ctx.contract.get("contract_id"))
    subject = (f"Re: Rate proposal, {agreement if cid else 'agreement'}, "
               f"{'current term ending' if t.auto_renew else 'expiring'} {end}")
    return LetterContent(
        **_base(ctx, "proposal", "Rate proposal"),
        subject=(subject, _provider_line(clinic)), blocks=tuple(blocks),
        dates=LetterDates(letter_date=ctx.letter_date, end_date=t.end_date,
                          notice_deadline=t.notice_deadline, decision_date=t.decision_date,
                          begin_discussions=begin, response_by=response_by),
        lines=lines, totals=totals,
        warnings=tuple(_common_warnings(ctx) + requested_warnings + response_warnings),
    )


def _payer_visits(analysis: Analysis, payer: str) -> float | None:
    payers = analysis.data.payers
    if payers.empty or "visits_per_year" not in payers.columns:
        return None
    hit = payers.loc[payers["payer"] == payer, "visits_per_year"]
    if hit.empty or fmt.is_missing(hit.iloc[0]) or hit.iloc[0] is None:
        return None
    value = float(hit.iloc[0])
    return value if value > 0 else None


# --------------------------------------------------------------------------- counter


def counter_letter(analysis: Analysis, payer: str, offer: PayerOffer, *,
                   product: str | None = None, letter_date: date | None = None,
                   descriptions: Mapping[str, str] | None = None,
                   requested_rates: Mapping[str, float] | None = None) -> LetterContent:
    """The answer to ``payer``'s counteroffer: its worth, and the next counter per code.

    Parameters
    ----------
    analysis : ratecalc.analysis.Analysis
    payer : str
    offer : PayerOffer
        The payer's offered rate per code (see :func:`ratecalc_letter.offers.offer_from_log`).
    product, letter_date, descriptions, requested_rates
        As for :func:`proposal_letter`: the ask the offer is measured against is the requested
        rate where the clinic typed one, else the proposed rate.

    Returns
    -------
    LetterContent
        ``counter`` holds :func:`ratecalc.counteroffer.evaluate_counteroffer`'s result; each
        line's ``counter_rate`` is its suggested counter [USD per unit], never below the floor.

    Raises
    ------
    ratecalc.errors.InputError
        As for :func:`proposal_letter`, and an offer naming a code with no proposal row or
        giving no codes at all.
    """
    ctx = _context(analysis, payer, "counter", product, letter_date, descriptions)
    t = ctx.timeline
    clinic = analysis.data.clinic
    named = {str(k).strip().upper() for k in (*offer.rates, *offer.increases) if k}
    unknown = sorted(named - {str(c) for c in ctx.proposal["code"]})
    if unknown:
        raise InputError(f"Negotiation Log, payer {ctx.payer!r}: offered rates for "
                         f"{fmt.join_words(unknown)}, which have no proposal row (no current "
                         f"rate on {_sheet(FEE_SCHEDULES.title)})")
    rates = {}
    for code, current in zip(ctx.proposal["code"].astype(str), ctx.proposal["current_rate"],
                             strict=True):
        offered = offer.rate_for(code, float(current))
        if offered is not None:
            rates[code] = offered
    if not rates:
        raise InputError(f"Negotiation Log: no offered rates for payer {ctx.payer!r}: enter the "
                         f"payer's counteroffer per code before writing the counter letter")
    requested = {str(k).strip().upper(): v for k, v in (requested_rates or {}).items()}
    requested_warnings = _requested_warnings(ctx, requested)
    asked = _rate_lines(ctx, offer=rates, requested=requested)
    result = evaluate_counteroffer(pd.DataFrame({
        "code": [ln.code for ln in asked],
        "units_per_year": [ln.units_per_year for ln in asked],
        "current_rate": [ln.current_rate for ln in asked],
        "ask_rate": [ln.proposed_rate for ln in asked],
        "counter_rate": [ln.offer_rate for ln in asked],
        "floor_rate": [ln.floor for ln in asked],
    }))
    suggested = dict(zip(result.lines["code"].astype(str),
                         result.lines["suggested_counter"].astype(float), strict=True))
    lines = tuple(replace(ln, counter_rate=suggested[ln.code]) for ln in asked)
    totals = _totals(lines)
    response_by, response_warnings, moved = _response_date(ctx, None)
    agreement = _agreement(ctx)

    received = f" of {fmt.long_date(offer.received)}" if offer.received else ""
    share = ("" if fmt.is_missing(result.share_of_ask)
             else f", {fmt.percent(result.share_of_ask, 0)} of the increase we asked for")
    blocks: list[Block] = [
        Paragraph(f"Thank you for your rate offer{received} under {agreement}. We have "
                  f"reviewed it code by code against our proposal and our costs."),
        Paragraph(f"On the {len(lines)} codes in your offer, at last year's volumes "
                  f"({fmt.units(totals.units_per_year)} units), your rates would change annual "
                  f"reimbursement by {fmt.money(result.delta_vs_current, signed=True)} over "
                  f"current rates{share}; that is {fmt.money(-result.delta_vs_ask)} a year "
                  f"short of our proposal."),
    ]
    verdicts = dict(zip(result.lines["code"].astype(str), result.lines["verdict"], strict=True))
    accepted = [ln.code for ln in lines if verdicts[ln.code] == "accept"]
    below = [ln.code for ln in lines if verdicts[ln.code] == "walk_away"]
    all_accepted = len(accepted) == len(lines)
    blocks.append(Heading("Your offer accepted" if all_accepted else "Our counterproposal"))
    if all_accepted:
        blocks.append(Paragraph("Your offer meets our needs: we accept the rates you offered "
                                "and ask that you send the amended fee schedule for "
                                "signature."))
    else:
        said = []
        if accepted:
            said.append(f"We accept your offered rates for {fmt.join_words(accepted)}.")
        said.append("For the other codes, the \u201cOur counter\u201d column is our "
                    "counterproposal, between your offer and our original request.")
        if below:
            said.append(f"For {fmt.join_words(below)}, the rate you offered does not cover "
                        f"the cost of delivering the service; our counter is the lowest rate "
                        f"at which we can sustain it.")
        blocks.append(Paragraph(" ".join(said), keep_with_next=True))
    blocks.append(Table(
        "counter", ("Code", "Description", "Annual units", "Current rate", "Our proposal",
                    "Your offer", "Our counter", "Counter vs current"),
        tuple((ln.code, ln.description, fmt.units(ln.units_per_year), fmt.money(ln.current_rate),
               fmt.money(ln.proposed_rate), fmt.money(ln.offer_rate), fmt.money(ln.counter_rate),
               fmt.percent(ln.counter_rate / ln.current_rate - 1.0 if ln.current_rate else
                           math.nan, signed=True)) for ln in lines),
        widths=(0.8, 2.0, 0.9, 0.95, 0.95, 0.95, 0.95, 1.15),
        numeric=(False, False, True, True, True, True, True, True)))
    blocks.append(Table(
        "summary", ("Annual reimbursement", "Amount", "Change over current"),
        (("At current rates", fmt.money(result.revenue_current), fmt.DASH),
         ("At your offer", fmt.money(result.revenue_counter),
          fmt.money(result.delta_vs_current, signed=True)),
         ("At our original proposal", fmt.money(result.revenue_ask),
          fmt.money(result.revenue_ask - result.revenue_current, signed=True))),
        widths=(3.0, 1.6, 1.8), numeric=(False, True, True),
        total=("At our counterproposal", fmt.money(result.revenue_suggested),
               fmt.money(result.revenue_suggested - result.revenue_current, signed=True))))

    blocks.append(Heading("Why these rates"))
    blocks.extend(_value_case(ctx))
    if not all_accepted:
        blocks.extend(_alternative_terms(
            ctx, "If these rates cannot be met, we would consider them alongside these "
                 "terms:"))
    closing = (f"To settle rates before {_term_phrase(t)}, we ask for your response by "
               f"{fmt.long_date(response_by)}")
    if moved:
        closing += (f", ahead of the agreement's {t.notice_days}-day notice date of "
                    f"{fmt.long_date(t.notice_deadline)}")
    blocks.append(Heading("Next steps"))
    blocks.append(Paragraph(f"{closing}. {_contact_sentence(clinic)}"))
    blocks.append(Paragraph(f"Thank you for working with us on rates that keep care for "
                            f"{ctx.payer} members sustainable."))

    cid = _text(ctx.contract.get("contract_id"))
    subject = (f"Re: {'Acceptance of' if all_accepted else 'Response to'} your rate offer"
               f"{received}, {agreement if cid else 'agreement'}")
    return LetterContent(
        **_base(ctx, "counter", "Response to rate offer"),
        subject=(subject, _provider_line(clinic)), blocks=tuple(blocks),
        dates=LetterDates(letter_date=ctx.letter_date, end_date=t.end_date,
                          notice_deadline=t.notice_deadline, decision_date=t.decision_date,
                          response_by=response_by),
        lines=lines, totals=totals, counter=result,
        warnings=tuple(_common_warnings(ctx) + requested_warnings + response_warnings),
    )


# --------------------------------------------------------------------------- termination


def termination_effective_date(timeline: RenewalTimeline, letter_date: date
                               ) -> tuple[date, list[str]]:
    """The date a notice of non-renewal sent on ``letter_date`` takes effect.

    Parameters
    ----------
    timeline : ratecalc.timeline.RenewalTimeline
    letter_date : datetime.date
        The day the notice is sent (assumed received the same day).

    Returns
    -------
    (datetime.date, list of str)
        The effective date and warnings.

    Notes
    -----
    Notice on or before the timeline's ``notice_deadline``: the current term's end. Later, an
    auto-renewing contract renews first, so notice takes effect at the end of the renewed term
    (``RENEWAL_TERM_MONTHS`` later); a contract that does not auto-renew ends on its end date
    anyway, and the notice confirms it.

    Examples
    --------
    >>> t = renewal_timeline(date(2026, 6, 30), as_of=date(2026, 1, 5))
    >>> termination_effective_date(t, date(2026, 1, 5))[0]
    datetime.date(2026, 6, 30)
    """
    if letter_date <= timeline.notice_deadline:
        return timeline.end_date, []
    late = (f"notice sent {letter_date.isoformat()} is after the notice deadline "
            f"{timeline.notice_deadline.isoformat()} ({timeline.notice_days} days before "
            f"{timeline.end_date.isoformat()})")
    if timeline.auto_renew:
        renewed = (pd.Timestamp(timeline.end_date)
                   + pd.DateOffset(months=RENEWAL_TERM_MONTHS)).date()
        return renewed, [f"{late}: the contract auto-renews, so non-renewal takes effect at the "
                         f"end of the renewed term, {renewed.isoformat()}; check the "
                         f"agreement's termination clause"]
    return timeline.end_date, [f"{late}; the contract does not auto-renew and ends on "
                               f"{timeline.end_date.isoformat()} anyway"]


def termination_letter(analysis: Analysis, payer: str, *, product: str | None = None,
                       letter_date: date | None = None) -> LetterContent:
    """Notice of non-renewal to ``payer``, effective on a date the notice period allows.

    Parameters
    ----------
    analysis : ratecalc.analysis.Analysis
    payer : str
    product, letter_date
        As for :func:`proposal_letter`.

    Returns
    -------
    LetterContent
        ``dates.effective_date`` from :func:`termination_effective_date`.
    """
    ctx = _context(analysis, payer, "termination", product, letter_date, None)
    t = ctx.timeline
    clinic = analysis.data.clinic
    effective, warnings = termination_effective_date(t, ctx.letter_date)
    agreement = _agreement(ctx)
    days = (effective - ctx.letter_date).days
    network = f"{ctx.payer} {_text(ctx.contract.get('product'))}".strip()
    blocks: list[Block] = [
        Paragraph(f"This letter is {_text(clinic.get('name'))}'s written notice that it will "
                  f"not renew {agreement} with {ctx.payer}. Our participation in "
                  f"the {network} network will end on {fmt.long_date(effective)}."),
        Paragraph(f"This notice is given {days} days before that date, meeting the agreement's "
                  f"requirement of {t.notice_days} days' written notice."),
        Paragraph(f"Until {fmt.long_date(effective)} we will continue to see your members under "
                  f"the agreement's terms. We will help members in active care to complete "
                  f"their treatment or transfer it, including any continuity-of-care requests "
                  f"your plan supports."),
    ]
    lines = _rate_lines(ctx)
    totals = _totals(lines) if lines else None
    reopen = (f"We value our relationship with {ctx.payer} and remain open to a new agreement "
              f"on sustainable terms before that date.")
    if totals is not None and totals.annual_impact > 0:
        reopen += (f" The rates in our proposal, {fmt.money(totals.annual_impact)} a year "
                   f"more than today at current volumes ({fmt.percent(totals.impact_pct)}), "
                   f"remain the basis on which we could continue.")
    blocks.append(Paragraph(reopen))
    blocks.append(Paragraph(f"Please confirm receipt of this notice in writing, and tell us of "
                            f"any steps your plan requires for members in active care. "
                            f"{_contact_sentence(clinic).replace('discuss it', 'discuss this')}"))
    cid = _text(ctx.contract.get("contract_id"))
    subject = (f"Re: Notice of non-renewal, {agreement if cid else 'agreement'}, effective "
               f"{fmt.long_date(effective)}")
    return LetterContent(
        **_base(ctx, "termination", "Notice of non-renewal"),
        subject=(subject, _provider_line(clinic)), blocks=tuple(blocks),
        dates=LetterDates(letter_date=ctx.letter_date, end_date=t.end_date,
                          notice_deadline=t.notice_deadline, decision_date=t.decision_date,
                          effective_date=effective),
        lines=lines, totals=totals,
        warnings=tuple(list(t.warnings) + warnings),
    )


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
