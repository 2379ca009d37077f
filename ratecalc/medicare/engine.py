"""Medicare Physician Fee Schedule amounts, computed exactly.

    amount = (work_RVU * work_GPCI + PE_RVU * PE_GPCI + MP_RVU * MP_GPCI) * conversion_factor

CMS publishes RVUs to hundredths, GPCIs to thousandths and factors to ten-thousandths, so the
amount is an exact multiple of 10**-9 dollars. We compute it in integers and round half-up to cents
once, at the end, as CMS does; recomputing CMS's own 2025 payment files this way matches every
therapy row to the cent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from ratecalc.code_forms import code_form_problem
from ratecalc.column_units import Unit
from ratecalc.errors import DataError, InputError, NotPayableError, UnknownCodeError
from ratecalc.frozen_record import frozen_record
from ratecalc.limits import DATE_RANGE_RULE, FIRST_YEAR, LAST_YEAR, fraction_range
from ratecalc.medicare import store
from ratecalc.medicare.conversion import conversion_factor_text
from ratecalc.medicare.localities import resolve_locality
from ratecalc.number_text import ascii_digits

if TYPE_CHECKING:  # the amounts are computed on arrays; pandas only packs them in a frame
    import pandas as pd

PAYABLE_STATUS = frozenset({"A", "R", "T"})
STATUS_MEANING = {
    "B": "bundled: paid only as part of other services",
    "C": "carrier-priced: the MAC sets the amount, CMS publishes no national RVUs",
    "D": "deleted",
    "E": "excluded from the fee schedule by regulation",
    "I": "not valid for Medicare payment",
    "J": "an anesthesia service, paid under its own rules",
    "M": "a quality measurement code, no payment",
    "N": "not covered by Medicare",
    "P": "bundled or excluded, not paid under the fee schedule",
    "X": "excluded by statute",
}
# Codes Medicare does not pay, with the code Medicare pays for the same service.
PAYABLE_ALTERNATIVE = {"97014": "G0283"}
# Modifiers that select a different RVU row (professional/technical component, reduced service);
# payment modifiers such as GP, CQ or 59 do not.
RVU_MODIFIERS = frozenset({"26", "TC", "53"})
MPPR_ALWAYS_THERAPY = "5"

# Integer units: RVU hundredths x GPCI thousandths x factor ten-thousandths = 1e-9 dollars; the
# doubled formula below (so that MPPR's half PE stays whole) is in units of 5e-10 dollars.
_UNITS_PER_CENT = 2 * 10**7


@frozen_record
class PaymentOptions:
    """What to compute besides the participating fee-schedule amount.

    Parameters
    ----------
    facility : bool
        Facility setting (facility PE RVUs). Private-practice therapists are paid non-facility.
    mppr : bool
        The amount for a subsequent unit under therapy MPPR (50% off the PE component), for
        codes with multiple-procedure indicator 5; other codes are unchanged.
    assistant : bool
        CQ/CO: services by a therapy assistant, Medicare's share paid at 85%.
    participating : bool
        False for a non-participating provider: 95% of the participating amount.
    limiting_charge : bool
        The most a non-participating provider may bill: 115% of the non-participating amount.
    sequestration : bool
        2% off Medicare's share (CO-253); the patient's share is not reduced.
    coinsurance : Fraction
        The patient's share of the allowed amount [fraction], 0.20 for Part B. Used only with
        ``assistant`` or ``sequestration``, which reduce Medicare's share alone. A Decimal, int
        or text such as "1/5" is taken exactly, and a float as the decimal it prints as (0.2 is
        1/5); the amount is exact however many digits it has.
    apm_qualifying : bool
        From 2026: the qualifying APM participant conversion factor.

    Notes
    -----
    The adjustments apply to the published fee-schedule amount in cents, as contractors price
    claims, and the result is rounded half-up to cents again.
    ``amount`` = base x 0.95 (non-participating) x 1.15 (limiting charge) and, with ``assistant``
    or ``sequestration``, x (c + (1 - c) x 0.85 x 0.98) where c is the coinsurance: the total the
    practice collects from Medicare and the patient (88% of allowed for CQ/CO alone, per
    DOMAIN.md section 3).
    """

    facility: bool = False
    mppr: bool = False
    assistant: bool = False
    participating: bool = True
    limiting_charge: bool = False
    sequestration: bool = False
    coinsurance: Fraction = Fraction(1, 5)
    apm_qualifying: bool = False

    def factor(self) -> Fraction:
        """The exact factor applied to the fee-schedule amount."""
        f = Fraction(1)
        if not self.participating or self.limiting_charge:
            f *= Fraction(95, 100)
        if self.limiting_charge:
            if self.assistant or self.sequestration:
                raise InputError(
                    "The limiting charge is what a non-participating provider may bill the "
                    "patient; it cannot be combined with the assistant or sequestration options"
                )
            f *= Fraction(115, 100)
        if self.assistant or self.sequestration:
            c = _exact_fraction(self.coinsurance)
            if not 0 <= c <= 1:
                raise InputError(f"coinsurance: {fraction_range(0, 1)}, got {float(c):g}")
            medicare_share = Fraction(85, 100) if self.assistant else Fraction(1)
            if self.sequestration:
                medicare_share *= Fraction(98, 100)
            f *= c + (1 - c) * medicare_share
        return f


def _exact_fraction(value: Fraction | Decimal | float | int | str) -> Fraction:
    """``value`` as an exact fraction; a float as the decimal it prints as (0.2 is 1/5, not the
    binary 3602879701896397/2**54, whose 17-digit terms would only bring overflow and noise)."""
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


def _round_units(n: np.ndarray) -> np.ndarray:
    """Exact half-up rounding of ``n`` (in 5e-10 dollar units) to whole cents.

    Integer arithmetic on int64, as ``n`` itself was computed: adding half a cent overflows only
    past about $4.6 billion. Payment adjustments are applied afterwards, to the published cents
    (:func:`_adjust_cents`).
    """
    return (n + _UNITS_PER_CENT // 2) // _UNITS_PER_CENT


def _adjust_cents(cents: np.ndarray, factor: Fraction) -> np.ndarray:
    """Apply a payment adjustment to published amounts in cents, rounding half-up to cents.

    Medicare contractors price a claim from the published fee-schedule amount (already in cents),
    so the non-participating, limiting-charge, CQ/CO and sequestration adjustments start there.
    """
    p, q = factor.numerator, factor.denominator
    if p == q:
        return cents
    if 2 * int(cents.max(initial=1)) * p + q > np.iinfo(np.int64).max:
        # a factor with long terms (a coinsurance given to many digits): Python's unbounded
        # integers, as int64 would wrap around silently (amounts are never negative)
        exact = [(2 * int(c) * p + q) // (2 * q) for c in cents.tolist()]
        return np.array(exact, dtype=np.int64)
    return (2 * cents * p + q) // (2 * q)


def _cents_to_dollars(cents: np.ndarray, valid: np.ndarray) -> np.ndarray:
    return np.where(valid, cents / 100.0, np.nan)


def _as_list(value: object, n: int, name: str) -> list:
    if isinstance(value, (str, date)) or not isinstance(value, Iterable):  # a Timestamp is a date
        return [value] * n
    values = list(value)
    if len(values) != n:
        raise InputError(f"{name}: expected one value or {n} values, got {len(values)}")
    return values


def parse_date(value: object, name: str = "date of service") -> date:
    """A date from a date, Timestamp, ISO text, or year (an int or 'YYYY' means July 1)."""
    if isinstance(value, datetime):  # a pandas Timestamp too
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if ascii_digits(text) and len(text) == 4:
        if not FIRST_YEAR <= int(text) <= LAST_YEAR:  # as every other date is checked
            raise InputError(f"{name}: {DATE_RANGE_RULE}, got {text!r}")
        return date(int(text), 7, 1)
    from ratecalc.dates import parse_date as parse_table_date

    # one parser for every date: ISO and US (05/01/2025), as the CSV tables accept
    return parse_table_date(text[:10] if len(text) > 10 and text[4] == "-" else text, name)


def normalize_code(code: object) -> str:
    return str(code).strip().upper()


def medicare_amounts(
    codes: str | Sequence[str],
    locality: str | Sequence[str],
    date_of_service: object,
    *,
    modifiers: str | Sequence[str] | None = None,
    options: PaymentOptions | None = None,
    **option_kwargs: object,
) -> pd.DataFrame:
    """Medicare fee-schedule amounts for many codes (and localities and dates) at once.

    Parameters
    ----------
    codes : str or sequence of str
        CPT/HCPCS codes.
    locality : str or sequence of str
        ``MAC-LOC`` (``10112-00``), a state or a locality name; one for all codes or one per code.
    date_of_service : date, str or sequence
        Picks the RVU release and conversion factor in force; one or one per code.
    modifiers : str or sequence of str, optional
        ``26``/``TC``/``53`` select CMS's component rows; others (GP, CQ, 59) do not change RVUs.
    options : PaymentOptions, optional
        Or pass its fields as keyword arguments (``facility=True``, ``mppr=True``...).

    Returns
    -------
    pandas.DataFrame
        One row per input code, in order: ``code, modifier, locality, date_of_service, release,
        status, mult_proc, work_rvu, pe_rvu, pe_nonfac_rvu, pe_fac_rvu, mp_rvu, work_gpci,
        pe_gpci, mp_gpci, conversion_factor`` and, in dollars rounded half-up to cents,
        ``non_facility, facility, mppr_non_facility, mppr_facility`` and ``amount`` (the figure
        the options ask for); ``problem`` explains a row without amounts (unknown or non-payable
        code, no release for the date) and ``problem_kind`` classifies it.

    Examples
    --------
    >>> row = medicare_amounts(["97110"], "10112-00", "2025-06-01").iloc[0]
    >>> row.non_facility, row.mppr_non_facility
    (26.83, 20.79)
    """
    import pandas as pd

    columns = medicare_columns(codes, locality, date_of_service, modifiers=modifiers,
                               options=options, **option_kwargs)
    columns["problem"] = pd.Series(columns["problem"], dtype=object)
    columns["problem_kind"] = pd.Series(columns["problem_kind"], dtype=object)
    return pd.DataFrame(columns)


#: Columns of :func:`medicare_amounts` and what their figures are: RVUs to their two places,
#: GPCIs and the conversion factor to four (as CMS states them), amounts in dollars.
AMOUNT_UNITS: dict[str, Unit] = {
    "code": Unit.TEXT, "modifier": Unit.TEXT, "locality": Unit.TEXT,
    "date_of_service": Unit.DATE, "release": Unit.TEXT, "status": Unit.TEXT,
    "mult_proc": Unit.TEXT, "work_rvu": Unit.NUMBER, "pe_rvu": Unit.NUMBER,
    "pe_nonfac_rvu": Unit.NUMBER, "pe_fac_rvu": Unit.NUMBER, "mp_rvu": Unit.NUMBER,
    "work_gpci": Unit.FACTOR, "pe_gpci": Unit.FACTOR, "mp_gpci": Unit.FACTOR,
    "conversion_factor": Unit.FACTOR, "non_facility": Unit.MONEY, "facility": Unit.MONEY,
    "mppr_non_facility": Unit.MONEY, "mppr_facility": Unit.MONEY, "amount": Unit.MONEY,
    "problem": Unit.TEXT, "problem_kind": Unit.TEXT,
}
#: Headers of :data:`AMOUNT_UNITS`' columns in words, for a table printed for people.
AMOUNT_HEADERS: dict[str, str] = {
    "code": "Code", "modifier": "Modifier", "locality": "Locality",
    "date_of_service": "Date of service", "release": "Release", "status": "Status",
    "mult_proc": "Multiple-procedure indicator", "work_rvu": "Work RVU", "pe_rvu": "PE RVU",
    "pe_nonfac_rvu": "PE RVU non-facility", "pe_fac_rvu": "PE RVU facility",
    "mp_rvu": "Malpractice RVU", "work_gpci": "Work GPCI", "pe_gpci": "PE GPCI",
    "mp_gpci": "Malpractice GPCI", "conversion_factor": "Conversion factor",
    "non_facility": "Non-facility", "facility": "Facility",
    "mppr_non_facility": "MPPR non-facility", "mppr_facility": "MPPR facility",
    "amount": "Amount", "problem": "Problem", "problem_kind": "Kind of problem",
}


def medicare_columns(
    codes: str | Sequence[str],
    locality: str | Sequence[str],
    date_of_service: object,
    *,
    modifiers: str | Sequence[str] | None = None,
    options: PaymentOptions | None = None,
    **option_kwargs: object,
) -> dict[str, Any]:
    """:func:`medicare_amounts`' columns as arrays and lists, computed without pandas (the
    ``ratecalc medicare`` command starts without it); the one computation both use."""
    opts = options or PaymentOptions(**option_kwargs)  # type: ignore[arg-type]
    factor = opts.factor()
    code_list = [normalize_code(c) for c in ([codes] if isinstance(codes, str) else list(codes))]
    n = len(code_list)
    mods = [normalize_code(m) if m is not None and str(m) != "nan" else ""
            for m in _as_list(modifiers if modifiers is not None else "", n, "modifiers")]
    locs = _as_list(locality, n, "locality")
    dates = _as_list(date_of_service, n, "date_of_service")

    problem = np.full(n, None, dtype=object)
    kind = np.full(n, None, dtype=object)

    resolved: dict[object, str | Exception] = {}
    for loc in set(map(str, locs)):
        try:
            resolved[loc] = resolve_locality(loc)
        except UnknownCodeError as exc:
            resolved[loc] = exc
    loc_ids = np.array([r if isinstance(r := resolved[str(x)], str) else "" for x in locs],
                       dtype=object)
    for i, x in enumerate(locs):
        if isinstance(resolved[str(x)], Exception):
            problem[i], kind[i] = str(resolved[str(x)]), "unknown_locality"

    day_of: dict[object, date | Exception] = {}
    for raw in {str(x) if not isinstance(x, date) else x for x in dates}:
        try:
            day_of[raw] = parse_date(raw)
        except InputError as exc:
            day_of[raw] = exc
    days: list[date | None] = []
    for i, x in enumerate(dates):
        got = day_of[x if isinstance(x, date) else str(x)]
        if isinstance(got, Exception):
            problem[i], kind[i] = str(got), "bad_date"
            days.append(None)
        else:
            days.append(got)

    release_of: dict[date, store.Release | Exception] = {}
    for known_day in {d for d in days if d is not None}:
        try:
            release_of[known_day] = store.release_for(known_day)
        except DataError as exc:
            release_of[known_day] = exc
    release_names = np.full(n, "", dtype=object)
    for i, day in enumerate(days):
        if day is None or problem[i] is not None:
            continue
        rel = release_of[day]
        if isinstance(rel, Exception):
            problem[i], kind[i] = str(rel), "no_release"
        else:
            release_names[i] = rel.release

    ints = {k: np.zeros(n, dtype=np.int64) for k in
            ("work", "pe_nf", "pe_f", "mp", "g_work", "g_pe", "g_mp", "cf")}
    text = {k: np.full(n, "", dtype=object) for k in ("status", "mult_proc")}
    for rel_name in {r for r in release_names if r}:
        rows = np.flatnonzero(release_names == rel_name)
        table = store.rvu_table(rel_name)
        rvu_mod = [m if m in RVU_MODIFIERS else "" for m in (mods[i] for i in rows)]
        at = table.positions([code_list[i] for i in rows], rvu_mod)
        missing = at < 0
        rel = store.release_named(rel_name)
        for j in np.flatnonzero(missing):
            i = rows[j]
            scope = (f"; bundled release {rel_name.upper()} holds therapy codes only"
                     if rel.scope == "therapy" else "")
            form = code_form_problem(code_list[i])
            problem[i] = (f"Unknown code {code_list[i]}: {form}" if form else
                          f"Unknown code {code_list[i]}"
                          f"{'-' + rvu_mod[j] if rvu_mod[j] else ''}: not in the Medicare "
                          f"fee schedule release {rel_name.upper()}{scope}")
            kind[i] = "unknown_code"
        ok_rows, ok_at = rows[~missing], at[~missing]
        for col in ("work", "pe_nf", "pe_f", "mp", "cf"):
            ints[col][ok_rows] = table[col][ok_at]
        for col in ("status", "mult_proc"):
            text[col][ok_rows] = table[col][ok_at]

        gp = store.gpci_table(rel_name)
        g_at = np.array([gp.row.get(loc_ids[i], -1) for i in ok_rows], dtype=np.int64)
        no_loc = g_at < 0
        for j in np.flatnonzero(no_loc):
            i = ok_rows[j]
            if problem[i] is None:
                problem[i] = (f"Medicare locality {loc_ids[i]} has no GPCI in release "
                              f"{rel_name.upper()}")
                kind[i] = "unknown_locality"
        for col in ("g_work", "g_pe", "g_mp"):
            ints[col][ok_rows[~no_loc]] = gp.arrays[col][g_at[~no_loc]]

    # The factor in force on the date (two in 2026) overrides the one printed in the RVU file.
    cf_cache: dict[date, str | None] = {}
    for i, day in enumerate(days):
        if day is None or problem[i] is not None:
            continue
        if day not in cf_cache:
            cf_cache[day] = conversion_factor_text(day, opts.apm_qualifying)
        cf_text = cf_cache[day]
        if cf_text is not None:
            ints["cf"][i] = int(Decimal(cf_text) * 10**store.CF_PLACES)

    for i in range(n):
        if problem[i] is None and text["status"][i] not in PAYABLE_STATUS:
            status = text["status"][i]
            meaning = STATUS_MEANING.get(status, "not payable")
            alt = PAYABLE_ALTERNATIVE.get(code_list[i])
            hint = f"; Medicare pays {alt} for this service" if alt else ""
            problem[i] = (f"Code {code_list[i]} is not payable under the Medicare fee schedule "
                          f"(status {status}: {meaning}){hint}")
            kind[i] = "not_payable"

    valid = np.array([p is None for p in problem])
    w = ints["work"] * ints["g_work"]
    mp = ints["mp"] * ints["g_mp"]
    pe_nf = ints["pe_nf"] * ints["g_pe"]
    pe_f = ints["pe_f"] * ints["g_pe"]
    cf = ints["cf"]
    full_nf = 2 * (w + pe_nf + mp) * cf
    full_f = 2 * (w + pe_f + mp) * cf
    therapy = np.array([m == MPPR_ALWAYS_THERAPY for m in text["mult_proc"]])
    mppr_nf = np.where(therapy, (2 * w + pe_nf + 2 * mp) * cf, full_nf)
    mppr_f = np.where(therapy, (2 * w + pe_f + 2 * mp) * cf, full_f)
    chosen = {(False, False): full_nf, (True, False): full_f,
              (False, True): mppr_nf, (True, True): mppr_f}[(opts.facility, opts.mppr)]

    return {
        "code": code_list,
        "modifier": mods,
        "locality": loc_ids,
        "date_of_service": days,
        "release": release_names,
        "status": text["status"],
        "mult_proc": text["mult_proc"],
        "work_rvu": ints["work"] / 100,
        "pe_rvu": (ints["pe_f"] if opts.facility else ints["pe_nf"]) / 100,
        "pe_nonfac_rvu": ints["pe_nf"] / 100,
        "pe_fac_rvu": ints["pe_f"] / 100,
        "mp_rvu": ints["mp"] / 100,
        "work_gpci": ints["g_work"] / 1000,
        "pe_gpci": ints["g_pe"] / 1000,
        "mp_gpci": ints["g_mp"] / 1000,
        "conversion_factor": cf / 10**store.CF_PLACES,
        "non_facility": _cents_to_dollars(_round_units(full_nf), valid),
        "facility": _cents_to_dollars(_round_units(full_f), valid),
        "mppr_non_facility": _cents_to_dollars(_round_units(mppr_nf), valid),
        "mppr_facility": _cents_to_dollars(_round_units(mppr_f), valid),
        "amount": _cents_to_dollars(_adjust_cents(_round_units(chosen), factor), valid),
        "problem": problem,
        "problem_kind": kind,
    }


_ERRORS = {
    "unknown_code": UnknownCodeError,
    "unknown_locality": UnknownCodeError,
    "not_payable": NotPayableError,
    "no_release": DataError,
    "bad_date": InputError,
}


def medicare_amount(code: str, locality: str, date_of_service: object, *,
                    modifier: str = "", **options: Any) -> float:
    """The Medicare amount [USD, rounded half-up to cents] for one code.

    Same options as :func:`medicare_amounts`. Raises :class:`UnknownCodeError` for an unknown
    code or locality, :class:`NotPayableError` for a code Medicare does not pay (the message names
    the payable alternative, e.g. G0283 for 97014), :class:`DataError` when no release covers
    the date.

    Examples
    --------
    >>> medicare_amount("97110", "02102-01", "2025-03-15")
    37.06
    """
    columns = medicare_columns([code], locality, date_of_service, modifiers=[modifier],
                               **options)
    if isinstance(columns["problem"][0], str):
        raise _ERRORS[columns["problem_kind"][0]](columns["problem"][0])
    return float(columns["amount"][0])


def national_fee_schedule(date_of_service: object, *, apm_qualifying: bool = False,
                          payable_only: bool = True) -> pd.DataFrame:
    """Every code in every locality for one date: the whole national fee schedule.

    Returns
    -------
    pandas.DataFrame
        ``code, modifier, locality, non_facility, facility, mppr_non_facility, mppr_facility``
        [USD, rounded half-up to cents], codes as a categorical column. Computed as an outer
        product of RVU and GPCI vectors in exact integers.
    """
    import pandas as pd

    day = parse_date(date_of_service)
    rel = store.release_for(day)
    table = store.rvus(rel.release)
    if payable_only:
        table = table[table["status"].isin(PAYABLE_STATUS)]
    gp = store.gpcis()
    gp = gp[gp["release"] == rel.release]
    cf_text = conversion_factor_text(day, apm_qualifying)
    cf = (np.full(len(table), int(Decimal(cf_text) * 10**store.CF_PLACES), dtype=np.int64)
          if cf_text is not None else table["cf"].to_numpy(dtype=np.int64))

    def outer(rvu_col: str, g_col: str) -> np.ndarray:
        return np.multiply.outer(table[rvu_col].to_numpy(np.int64), gp[g_col].to_numpy(np.int64))

    w, mp = outer("work", "g_work"), outer("mp", "g_mp")
    pe_nf, pe_f = outer("pe_nf", "g_pe"), outer("pe_f", "g_pe")
    cf2 = cf[:, None]
    therapy = (table["mult_proc"].to_numpy() == MPPR_ALWAYS_THERAPY)[:, None]
    base_wmp = w + mp
    full_nf = 2 * (base_wmp + pe_nf) * cf2
    full_f = 2 * (base_wmp + pe_f) * cf2
    mppr_nf = np.where(therapy, (2 * base_wmp + pe_nf) * cf2, full_nf)
    mppr_f = np.where(therapy, (2 * base_wmp + pe_f) * cf2, full_f)
    def dollars(x: np.ndarray) -> np.ndarray:
        return _round_units(x).ravel() / 100.0

    n_codes, n_locs = len(table), len(gp)
    codes = pd.Categorical(table.index.get_level_values(0))
    mods = pd.Categorical(table.index.get_level_values(1))
    locs = pd.Categorical(gp["locality"].to_numpy())
    code_idx = np.repeat(np.arange(n_codes), n_locs)
    loc_idx = np.tile(np.arange(n_locs), n_codes)
    return pd.DataFrame({
        "code": pd.Categorical.from_codes(codes.codes[code_idx], codes.categories),
        "modifier": pd.Categorical.from_codes(mods.codes[code_idx], mods.categories),
        "locality": pd.Categorical.from_codes(locs.codes[loc_idx], locs.categories),
        "non_facility": dollars(full_nf),
        "facility": dollars(full_f),
        "mppr_non_facility": dollars(mppr_nf),
        "mppr_facility": dollars(mppr_f),
    })
