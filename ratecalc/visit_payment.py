"""What a therapy visit is expected to pay: MPPR, CQ/CO and sequestration, per payer.

A visit is a list of lines (code, units, whether a therapy assistant furnished it). The allowed
amount of each line follows the payer's multiple-procedure rule; the assistant reduction, the
patient's coinsurance and sequestration then split it into what the payer and the patient pay
(DOMAIN.md section 3):

- ``mppr_rule="medicare"``: on one visit the unit with the highest practice-expense (PE) payment
  is paid in full; every further unit of a code with multiple-procedure indicator 5 has its PE
  component cut by 50%. Medicare publishes that reduced amount per code (``mppr_amount``); for a
  commercial payer using Medicare's rule on its own rates the reduced rate is scaled by the same
  ratio, ``rate x mppr_medicare / medicare``.
- ``mppr_rule="whole_line"``: a commercial variant: the line with the highest allowed amount is
  paid in full and every further line of an MPPR code at 50% of its whole amount. (Our reading of
  "50% of the whole line"; payers word it differently, so check the contract.)
- ``mppr_rule="none"``: every unit at the full rate.
- CQ/CO: the line is paid at ``1 - assistant_reduction`` (Medicare 85%). Medicare applies it
  after coinsurance, to its own share only, so the practice collects 20% + 80% x 85% = 88% of
  allowed; a commercial contract usually cuts the allowed amount itself.
- Sequestration: 2% off Medicare's share (after coinsurance); the patient's share is not cut.

Deductibles are assumed met. Money is unrounded [USD]: round once when presenting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from ratecalc.errors import (
    DataError,
    InputError,
    NotPayableError,
    RateCalcError,
    UnknownCodeError,
    shown_value,
)
from ratecalc.limits import RANGES, fraction_range
from ratecalc.medicare import medicare_amounts
from ratecalc.ranking import name_key
from ratecalc.rates import (
    contract_percentages,
    payer_contracts,
    price_by_contract,
    schedule_rates,
)

MPPR_RULES: tuple[str, ...] = ("none", "medicare", "whole_line")

#: Medicare's therapy MPPR cuts the PE component of later units by half.
MPPR_PE_REDUCTION = 0.5
#: The whole-line variant pays later lines at half their amount.
WHOLE_LINE_REDUCTION = 0.5
#: CQ/CO: paid at 85% since 2022.
MEDICARE_ASSISTANT_REDUCTION = 0.15
MEDICARE_COINSURANCE = 0.20
MEDICARE_SEQUESTRATION = 0.02

@dataclass(frozen=True)
class PaymentRules:
    """A payer's visit-level payment rules.

    Attributes
    ----------
    mppr_rule : {"none", "medicare", "whole_line"}
        Multiple-procedure reduction (CONTRACTS column ``mppr_rule``).
    assistant_reduction : float
        Cut for CQ/CO lines [fraction, 0.15 = paid at 85%] (CONTRACTS ``assistant_reduction``).
    coinsurance : float
        Patient's share of the allowed amount [fraction]; only splits the payment unless
        ``assistant_after_coinsurance`` or ``sequestration`` is set.
    assistant_after_coinsurance : bool
        True (Medicare): the assistant cut applies to the payer's share only.
    sequestration : float
        Cut of the payer's share [fraction, Medicare 0.02].
    """

    mppr_rule: str = "none"
    assistant_reduction: float = 0.0
    coinsurance: float = 0.0
    assistant_after_coinsurance: bool = False
    sequestration: float = 0.0

    def __post_init__(self) -> None:
        if self.mppr_rule not in MPPR_RULES:
            raise InputError(f"mppr_rule: expected one of {', '.join(MPPR_RULES)}, "
                             f"got {self.mppr_rule!r}")
        for name in ("assistant_reduction", "coinsurance", "sequestration"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
                # the Contracts' assistant_reduction in the words of its cell
                words = RANGES[name].rule() if name in RANGES else fraction_range(0, 1)
                raise InputError(f"{name}: {words}, got {shown_value(value)}")


#: Medicare Part B for a private-practice therapist: MPPR, CQ/CO at 85% after 20% coinsurance,
#: 2% sequestration.
MEDICARE_RULES = PaymentRules(mppr_rule="medicare",
                              assistant_reduction=MEDICARE_ASSISTANT_REDUCTION,
                              coinsurance=MEDICARE_COINSURANCE, assistant_after_coinsurance=True,
                              sequestration=MEDICARE_SEQUESTRATION)


@dataclass(frozen=True)
class VisitPayment:
    """One visit's expected payment.

    Attributes
    ----------
    lines : pandas.DataFrame
        Per line: ``code``, ``units``, ``assistant``, ``rate`` [USD per unit], ``allowed``
        (after MPPR), ``mppr_reduction``, ``assistant_cut``, ``sequestration_cut``,
        ``patient_share``, ``payer_payment``, ``total_payment`` [USD].
    allowed, patient_share, payer_payment, total_payment : float
        Visit totals [USD]; ``total_payment`` is what the practice collects (payer + patient).
    """

    lines: pd.DataFrame
    allowed: float
    patient_share: float
    payer_payment: float
    total_payment: float


def rules_from_contract(contract: Mapping[str, object] | pd.Series) -> PaymentRules:
    """A commercial payer's rules from a CONTRACTS row (``mppr_rule``, ``assistant_reduction``).

    Commercial contracts are not sequestered; the assistant cut applies to the allowed amount.
    """
    rule = contract.get("mppr_rule")
    reduction = contract.get("assistant_reduction")
    return PaymentRules(
        mppr_rule="none" if rule is None or pd.isna(rule) or rule == "" else str(rule),
        assistant_reduction=0.0 if reduction is None or pd.isna(reduction)
        else float(reduction),  # type: ignore[arg-type]
    )


def _check_visit_lines(lines: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in ("code", "units") if c not in lines.columns]
    if missing:
        raise InputError(f"visit lines: missing column(s) {', '.join(missing)}")
    frame = lines.copy()
    frame["code"] = frame["code"].astype(str).str.strip().str.upper()
    units = pd.to_numeric(frame["units"], errors="coerce")
    bad = units.isna() | (units < 0) | (units != np.floor(units))
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(f"units: expected a whole number of units >= 0 for code "
                         f"{frame['code'].iloc[i]}, got {lines['units'].tolist()[i]!r}")
    frame["units"] = units.astype(int)
    frame["assistant"] = (frame["assistant"].fillna(False).astype(bool)
                          if "assistant" in frame else False)
    if "visit" not in frame:
        frame["visit"] = 0
    return frame


def price_lines(lines: pd.DataFrame, *, group: list[str]) -> pd.DataFrame:
    """Apply MPPR, the assistant cut, coinsurance and sequestration to priced lines.

    The vectorized engine behind :func:`visit_payment` and :func:`effective_rate_per_visit`.

    Parameters
    ----------
    lines : pandas.DataFrame
        Per line: the ``group`` columns (one visit per group), ``code``, ``units``,
        ``assistant`` (bool), ``rate`` and ``mppr_rate`` [USD per unit], ``mppr_eligible``
        (bool), and the :class:`PaymentRules` fields as columns.
    group : list of str
        Columns that identify one visit (e.g. ``["payer", "visit"]``).

    Returns
    -------
    pandas.DataFrame
        ``lines`` plus ``allowed``, ``mppr_reduction``, ``assistant_cut``,
        ``sequestration_cut``, ``patient_share``, ``payer_payment``, ``total_payment`` [USD].

    Notes
    -----
    With allowed amount ``A`` (after MPPR), coinsurance ``c``, assistant cut ``a`` (0 unless the
    line is CQ/CO) and sequestration ``s``:

    - assistant cut after coinsurance (Medicare): patient ``c A``; payer ``(1 - c) A (1 - a)
      (1 - s)``
    - otherwise: ``A' = A (1 - a)``; patient ``c A'``; payer ``(1 - c) A' (1 - s)``
    """
    frame = lines.reset_index(drop=True)
    units = frame["units"].to_numpy(dtype=float)
    rate = frame["rate"].to_numpy(dtype=float)
    mppr_rate = frame["mppr_rate"].to_numpy(dtype=float)
    rule = frame["mppr_rule"].to_numpy()
    candidate = frame["mppr_eligible"].to_numpy(dtype=bool) & (units > 0) & (rule != "none")

    # The unit paid in full: highest PE payment (Medicare) or highest line (whole line); ties go
    # to the line listed first.
    rank_key = np.where(rule == "whole_line", units * rate, rate - mppr_rate)
    order = frame.assign(_key=rank_key, _pos=np.arange(len(frame)))[candidate]
    order = order.sort_values([*group, "_key", "_pos"],
                              ascending=[True] * len(group) + [False, True], kind="stable")
    full_line = np.zeros(len(frame), dtype=bool)
    full_line[order.groupby(group, sort=False).head(1)["_pos"].to_numpy()] = True

    full = units * rate
    medicare_style = np.where(full_line, rate + (units - 1) * mppr_rate, units * mppr_rate)
    whole_line = np.where(full_line, full, full * (1.0 - WHOLE_LINE_REDUCTION))
    allowed = np.select([candidate & (rule == "medicare"), candidate & (rule == "whole_line")],
                        [medicare_style, whole_line], default=full)

    c = frame["coinsurance"].to_numpy(dtype=float)
    a = np.where(frame["assistant"].to_numpy(dtype=bool),
                 frame["assistant_reduction"].to_numpy(dtype=float), 0.0)
    s = frame["sequestration"].to_numpy(dtype=float)
    after = frame["assistant_after_coinsurance"].to_numpy(dtype=bool)
    base = np.where(after, allowed, allowed * (1.0 - a))
    patient = c * base
    payer_before_seq = (1.0 - c) * base * np.where(after, 1.0 - a, 1.0)
    payer = payer_before_seq * (1.0 - s)
    return frame.assign(
        allowed=allowed,
        mppr_reduction=full - allowed,
        assistant_cut=allowed - base + (1.0 - c) * base * np.where(after, a, 0.0),
        sequestration_cut=payer_before_seq * s,
        patient_share=patient,
        payer_payment=payer,
        total_payment=patient + payer,
    )


def _rule_columns(rules: PaymentRules) -> dict[str, object]:
    return {"mppr_rule": rules.mppr_rule, "assistant_reduction": rules.assistant_reduction,
            "coinsurance": rules.coinsurance,
            "assistant_after_coinsurance": rules.assistant_after_coinsurance,
            "sequestration": rules.sequestration}


def _check_rates(rates: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in ("code", "rate") if c not in rates.columns]
    if missing:
        raise InputError(f"rates: missing column(s) {', '.join(missing)}")
    frame = rates.copy()
    frame["code"] = frame["code"].astype(str).str.strip().str.upper()
    if "mppr_rate" not in frame:
        frame["mppr_rate"] = frame["rate"]
    frame["mppr_rate"] = frame["mppr_rate"].fillna(frame["rate"])
    frame["mppr_eligible"] = (frame["mppr_eligible"].fillna(False).astype(bool)
                              if "mppr_eligible" in frame else False)
    return frame


def visit_payment(lines: pd.DataFrame, rates: pd.DataFrame, rules: PaymentRules,
                  *, payer: str = "the payer") -> VisitPayment:
    """Expected payment for one visit.

    Parameters
    ----------
    lines : pandas.DataFrame
        ``code``, ``units`` (whole units), optional ``assistant`` (bool: CQ/CO).
    rates : pandas.DataFrame
        Per code: ``code``, ``rate`` [USD per unit]; for MPPR also ``mppr_rate`` (the reduced
        per-unit amount [USD]) and ``mppr_eligible`` (multiple-procedure indicator 5).
    rules : PaymentRules
        The payer's rules (:data:`MEDICARE_RULES`, :func:`rules_from_contract`).
    payer : str
        Named in the error for a code without a rate.

    Returns
    -------
    VisitPayment

    Examples
    --------
    Medicare, Alabama 2025: 97110 x 2 (26.83, MPPR 20.79), no assistant, no sequestration:

    >>> rates = pd.DataFrame({"code": ["97110"], "rate": [26.83], "mppr_rate": [20.79],
    ...                       "mppr_eligible": [True]})
    >>> rules = PaymentRules(mppr_rule="medicare")
    >>> round(visit_payment(pd.DataFrame({"code": ["97110"], "units": [2]}), rates,
    ...                     rules).allowed, 2)
    47.62
    """
    frame = _check_visit_lines(lines).drop(columns=["visit"]).assign(visit=0)
    priced = frame.merge(_check_rates(rates)[["code", "rate", "mppr_rate", "mppr_eligible"]],
                         on="code", how="left")
    unknown = priced.loc[priced["rate"].isna(), "code"].unique().tolist()
    if unknown:
        raise UnknownCodeError(f"code(s) {', '.join(unknown)}: no rate for {payer}")
    result = price_lines(priced.assign(**_rule_columns(rules)), group=["visit"])
    shown = result[["code", "units", "assistant", "rate", "allowed", "mppr_reduction",
                    "assistant_cut", "sequestration_cut", "patient_share", "payer_payment",
                    "total_payment"]]
    return VisitPayment(lines=shown, allowed=float(result["allowed"].sum()),
                        patient_share=float(result["patient_share"].sum()),
                        payer_payment=float(result["payer_payment"].sum()),
                        total_payment=float(result["total_payment"].sum()))


def medicare_rates(codes: list[str], locality: str, date_of_service: object, *,
                   facility: bool = False, apm_qualifying: bool = False) -> pd.DataFrame:
    """Per-unit Medicare rates for :func:`visit_payment` from the fee-schedule engine.

    Returns
    -------
    pandas.DataFrame
        ``code``, ``rate``, ``mppr_rate`` [USD per unit, as CMS publishes them: rounded to
        cents], ``mppr_eligible``. Raises UnknownCodeError / NotPayableError for a code Medicare
        does not know or pay.
    """
    unique = list(dict.fromkeys(str(c).strip().upper() for c in codes))
    table = medicare_amounts(unique, locality, date_of_service, apm_qualifying=apm_qualifying)
    problems = table[table["problem"].notna()]
    if not problems.empty:
        kind = problems["problem_kind"].iloc[0]
        error: type[RateCalcError] = {"unknown_code": UnknownCodeError,
                                      "unknown_locality": UnknownCodeError,
                                      "not_payable": NotPayableError,
                                      "bad_date": InputError}.get(kind, DataError)
        # a date no release covers is one problem of every code: said once
        raise error("; ".join(dict.fromkeys(problems["problem"].astype(str))))
    full = "facility" if facility else "non_facility"
    return pd.DataFrame({
        "code": table["code"],
        "rate": table[full].astype(float),
        "mppr_rate": table[f"mppr_{full}"].astype(float),
        "mppr_eligible": table["mult_proc"].astype(str) == "5",
    })


def medicare_visit_payment(lines: pd.DataFrame, locality: str, date_of_service: object, *,
                           facility: bool = False, sequestration: bool = True,
                           apm_qualifying: bool = False) -> VisitPayment:
    """Expected Medicare payment for one visit: MPPR, CQ/CO after coinsurance, sequestration.

    Parameters
    ----------
    lines : pandas.DataFrame
        ``code``, ``units``, optional ``assistant``.
    locality : str
        Medicare locality, e.g. ``10112-00``.
    date_of_service : date or str
        Picks the RVU release and conversion factor.
    facility, apm_qualifying : bool
        As in ``ratecalc.medicare.medicare_amounts``.
    sequestration : bool
        Apply the 2% cut to Medicare's share (default True, as remits show it).
    """
    checked = _check_visit_lines(lines)
    rates = medicare_rates(checked["code"].tolist(), locality, date_of_service,
                           facility=facility, apm_qualifying=apm_qualifying)
    rules = MEDICARE_RULES if sequestration else PaymentRules(
        mppr_rule="medicare", assistant_reduction=MEDICARE_ASSISTANT_REDUCTION,
        coinsurance=MEDICARE_COINSURANCE, assistant_after_coinsurance=True)
    return visit_payment(checked, rates, rules, payer="Medicare")


def effective_rate_per_visit(mix: pd.DataFrame, payer_rates: pd.DataFrame,
                             payer_rules: Mapping[str, PaymentRules]) -> pd.DataFrame:
    """The average payment per visit for a typical visit mix, for every payer at once.

    Parameters
    ----------
    mix : pandas.DataFrame
        The clinic's typical visits, one row per line: ``visit`` (template id), ``weight`` (how
        common the template is: a share or a count of visits, repeated on each of its lines),
        ``code``, ``units``, optional ``assistant``.
    payer_rates : pandas.DataFrame
        ``payer``, ``code``, ``rate``, optional ``mppr_rate``, ``mppr_eligible`` (see
        :func:`visit_payment`).
    payer_rules : mapping of str to PaymentRules
        Each payer's rules; a payer with rates but no rules raises.

    Returns
    -------
    pandas.DataFrame
        One row per payer: ``payer``, ``effective_rate_per_visit`` [USD per visit, weighted
        average of total payment], ``allowed_per_visit``, ``payer_payment_per_visit``,
        ``mppr_reduction_per_visit``, ``assistant_cut_per_visit`` [USD per visit].

    Notes
    -----
    ``effective rate = sum_v w_v * total_payment(v) / sum_v w_v`` over the templates ``v``.
    A payer missing a rate for a code in the mix raises :class:`UnknownCodeError`.
    """
    lines = _check_visit_lines(mix)
    if "weight" not in lines:
        raise InputError("visit mix: missing column 'weight' (how common each visit is)")
    weights = pd.to_numeric(lines["weight"], errors="coerce")
    if weights.isna().any() or (weights < 0).any():
        i = int(np.flatnonzero((weights.isna() | (weights < 0)).to_numpy())[0])
        visit = lines["visit"].tolist()[i]
        raise InputError(f"weight: expected a number >= 0 for visit {visit!r}, "
                         f"got {mix['weight'].tolist()[i]!r}")
    per_visit = weights.groupby(lines["visit"]).agg(["min", "max"])
    if (per_visit["min"] != per_visit["max"]).any():
        v = per_visit.index[per_visit["min"] != per_visit["max"]][0]
        raise InputError(f"weight: visit {v!r} has different weights on its lines; give one "
                         f"weight per visit")
    if float(per_visit["max"].sum()) <= 0:
        raise InputError("weight: the weights of the visit mix add up to 0")
    rates = _check_rates(payer_rates)
    missing_rules = sorted(set(rates["payer"]) - set(payer_rules), key=name_key)
    if missing_rules:
        raise InputError(f"payer_rules: no rules for payer(s) {', '.join(missing_rules)}")
    rules = pd.DataFrame([{"payer": p, **_rule_columns(r)} for p, r in payer_rules.items()])
    payers = pd.DataFrame({"payer": rates["payer"].drop_duplicates()})
    grid = payers.merge(lines.assign(_line=np.arange(len(lines))), how="cross")
    priced = grid.merge(rates[["payer", "code", "rate", "mppr_rate", "mppr_eligible"]],
                        on=["payer", "code"], how="left")
    unknown = priced[priced["rate"].isna()]
    if not unknown.empty:
        first = unknown.iloc[0]
        codes = ", ".join(unknown.loc[unknown["payer"] == first["payer"], "code"].unique())
        raise UnknownCodeError(f"payer {first['payer']!r} has no rate for code(s) {codes} "
                               f"in the visit mix")
    priced = priced.merge(rules, on="payer", how="left").sort_values(["payer", "_line"])
    result = price_lines(priced, group=["payer", "visit"])
    result["weight"] = pd.to_numeric(result["weight"])
    total_weight = float(per_visit["max"].sum())
    sums = result[["allowed", "payer_payment", "total_payment", "mppr_reduction",
                   "assistant_cut"]].mul(result["weight"], axis=0)
    per_payer = sums.groupby(result["payer"]).sum() / total_weight
    return pd.DataFrame({
        "payer": per_payer.index,
        "effective_rate_per_visit": per_payer["total_payment"].to_numpy(),
        "allowed_per_visit": per_payer["allowed"].to_numpy(),
        "payer_payment_per_visit": per_payer["payer_payment"].to_numpy(),
        "mppr_reduction_per_visit": per_payer["mppr_reduction"].to_numpy(),
        "assistant_cut_per_visit": per_payer["assistant_cut"].to_numpy(),
    }).reset_index(drop=True)


def payer_rates_from_tables(contracts: pd.DataFrame, fee_schedules: pd.DataFrame,
                            medicare: pd.DataFrame, *, as_of: date
                            ) -> tuple[pd.DataFrame, dict[str, PaymentRules]]:
    """Rates and rules for :func:`effective_rate_per_visit` from the canonical tables.

    Parameters
    ----------
    contracts, fee_schedules : pandas.DataFrame
        Canonical CONTRACTS and FEE_SCHEDULES tables.
    medicare : pandas.DataFrame
        :func:`medicare_rates` for the codes of interest: gives each code's MPPR eligibility and
        the ratio that scales a payer's rate under Medicare's MPPR rule, and the Medicare amount
        a ``pct_of_medicare`` contract pays its percentage of
        (:func:`ratecalc.rates.price_by_contract`).
    as_of : datetime.date
        Fee-schedule rates in force on this date (:func:`ratecalc.rates.schedule_rates`, raised
        by each fixed contract's escalator).

    Returns
    -------
    (pandas.DataFrame, dict)
        ``payer, code, rate, mppr_rate, mppr_eligible`` and payer -> :class:`PaymentRules`.
        A payer with several contract rows (products) uses the rules of the one governing its
        terms (:func:`ratecalc.rates.payer_contracts`).
    """
    med = _check_rates(medicare).set_index("code")
    governing = payer_contracts(contracts, as_of)
    rules = {str(payer): rules_from_contract(contract) for payer, contract in governing.iterrows()}
    schedule = schedule_rates(fee_schedules, as_of, contracts=contracts)
    schedule = schedule.loc[schedule["payer"].isin(governing.index), ["payer", "code",
                                                                      "schedule_rate"]]
    # a percent-of-Medicare contract pays every code Medicare prices, listed or not
    percentages = contract_percentages(governing)
    every_code = pd.DataFrame([(payer, code) for payer in percentages for code in med.index],
                              columns=["payer", "code"])
    table = price_by_contract(schedule.merge(every_code, on=["payer", "code"], how="outer"),
                              percentages, med["rate"])
    own = table.loc[table["allowed_amount"].notna(), ["payer", "code", "allowed_amount"]] \
        .rename(columns={"allowed_amount": "rate"}).reset_index(drop=True)
    ratio = own["code"].map(med["mppr_rate"] / med["rate"])
    own = own.assign(mppr_rate=own["rate"] * ratio.fillna(1.0),
                     mppr_eligible=own["code"].map(med["mppr_eligible"]).fillna(False)
                     .astype(bool))
    rates = own.sort_values(["payer", "code"]).reset_index(drop=True)
    return rates[["payer", "code", "rate", "mppr_rate", "mppr_eligible"]], rules

