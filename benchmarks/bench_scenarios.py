"""Time the visit-level math over many payers and visits, vectorized against a loop.

Baselines, measured in the same run on the same data:
- effective rate per visit: ``effective_rate_per_visit`` (one vectorized pass over payers x visit
  templates) against calling ``visit_payment`` once per payer and template;
- 8-minute rule: ``allocate_units`` on all visits at once against one call per visit.
Both sides must agree before a timing is printed. Run: ``python benchmarks/bench_scenarios.py``.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd
from timing import best_of

from ratecalc.therapy_units import allocate_units
from ratecalc.visit_payment import PaymentRules, effective_rate_per_visit, visit_payment

CODES = ["97110", "97112", "97140", "97530", "97116", "97535", "97161", "97162", "G0283"]
RULES = ("none", "medicare", "whole_line")


def make_inputs(payers: int, templates: int, seed: int = 7):
    rng = np.random.default_rng(seed)
    rates = pd.DataFrame({
        "payer": np.repeat([f"P{i}" for i in range(payers)], len(CODES)),
        "code": CODES * payers,
        "rate": rng.uniform(10, 120, payers * len(CODES)).round(2),
    })
    rates["mppr_rate"] = (rates["rate"] * rng.uniform(0.7, 0.85, len(rates))).round(2)
    rates["mppr_eligible"] = True
    rules = {f"P{i}": PaymentRules(mppr_rule=RULES[i % 3], assistant_reduction=0.15 * (i % 2))
             for i in range(payers)}
    rows = []
    for t in range(templates):
        codes = rng.choice(CODES, size=rng.integers(2, 5), replace=False)
        weight = int(rng.integers(1, 50))
        for c in codes:
            rows.append({"visit": t, "weight": weight, "code": c,
                         "units": int(rng.integers(1, 4)), "assistant": bool(rng.random() < 0.2)})
    return pd.DataFrame(rows), rates, rules


def effective_loop(mix: pd.DataFrame, rates: pd.DataFrame, rules: dict) -> pd.Series:
    weights = mix.groupby("visit")["weight"].first()
    out = {}
    for payer, payer_rates in rates.groupby("payer"):
        total = sum(weights[v] * visit_payment(lines, payer_rates, rules[payer]).total_payment
                    for v, lines in mix.groupby("visit"))
        out[payer] = total / weights.sum()
    return pd.Series(out)


def make_minutes(visits: int, seed: int = 11) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    per_visit = rng.integers(1, 5, visits)
    return pd.DataFrame({
        "visit": np.repeat(np.arange(visits), per_visit),
        "code": rng.choice(CODES[:6], per_visit.sum()),
        "minutes": rng.integers(0, 45, per_visit.sum()),
    })


def bench_effective(payers: int) -> None:
    mix, rates, rules = make_inputs(payers, 20)
    t_vec, table = best_of(partial(effective_rate_per_visit, mix, rates, rules))
    t_loop, loop = best_of(partial(effective_loop, mix, rates, rules), repeat=1)
    vec = table.set_index("payer")["effective_rate_per_visit"]
    assert np.allclose(vec.sort_index().to_numpy(), loop.sort_index().to_numpy())
    print(f"  {payers:>4} payers: vectorized {t_vec * 1e3:8.1f} ms   "
          f"loop {t_loop * 1e3:8.1f} ms   x{t_loop / t_vec:.0f}")


def units_loop(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.concat([allocate_units(g) for _, g in frame.groupby("visit")])


def bench_units(visits: int) -> None:
    frame = make_minutes(visits)
    t_vec, together = best_of(partial(allocate_units, frame))
    loop_visits = min(visits, 1_000)  # the loop is timed on at most 1,000 visits, then scaled
    part = frame[frame["visit"] < loop_visits]
    t_loop, pieces = best_of(partial(units_loop, part), repeat=1)
    assert (together.loc[together["visit"] < loop_visits, "units"].to_numpy()
            == pieces["units"].to_numpy()).all()
    t_loop_scaled = t_loop * visits / loop_visits
    scaled = " (scaled)" if visits > loop_visits else ""
    print(f"  {visits:>6} visits: vectorized {t_vec * 1e3:8.1f} ms   loop "
          f"{t_loop_scaled * 1e3:8.1f} ms{scaled}   x{t_loop_scaled / t_vec:.0f}")


def main() -> None:
    print("effective rate per visit (payers x 20 visit templates)")
    for payers in (10, 100):
        bench_effective(payers)
    print("8-minute rule units (visits of 1-4 timed codes)")
    for visits in (1_000, 10_000):
        bench_units(visits)


if __name__ == "__main__":
    main()
