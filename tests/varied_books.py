"""Seeded clinics wider than :func:`tests.generated_books.generated`'s, for the agreement hunt:
told on days of 2024 and 2025 as well as 2026 (a leap day, year ends), with up to 12 payers,
rates of many decimals, fractional and odd unit counts, a code with no Medicare price (97014,
status I: Medicare pays G0283 instead) billed and scheduled, and visits left blank. Each is
valid input: what differs between two outputs is a disagreement, not a refusal.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pandas as pd

from tests.generated_books import GeneratedBook, generated

#: Days besides random ones: a leap day, the day before one, year ends, a 1 March after a leap
#: day, the brief's today
EDGE_DAYS = (date(2024, 2, 29), date(2024, 2, 28), date(2024, 12, 31), date(2025, 3, 1),
             date(2025, 12, 31), date(2026, 12, 7), date(2024, 1, 1))
MORE_PAYERS = ("Aspen Mutual", "Birch Benefit Trust", "Cedar Care HMO", "Dogwood Health",
               "Elm Street Plan", "Fir Valley Health")
#: Payable by no Medicare schedule (status I): a contract may still price it
UNPRICED_CODE = "97014"


def _today(rng: random.Random, seed: int) -> date:
    if seed % 2 == 0:
        return EDGE_DAYS[(seed // 2) % len(EDGE_DAYS)]
    return date(2024, 1, 1) + timedelta(days=rng.randrange(365 * 3))


def varied(seed: int) -> GeneratedBook:
    """The wider clinic of ``seed``: :func:`generated`'s for the same seed told on another day,
    then widened; the same seed, the same clinic."""
    rng = random.Random(10_000 + seed)
    today = _today(rng, seed)
    book = generated(seed, today)
    data = book.data
    payers, contracts = data.payers.copy(), data.contracts.copy()
    fees, volumes = data.fee_schedules.copy(), data.volumes.copy()
    # up to 12 payers: copies of the kept ones under new names, rates moved
    for name in MORE_PAYERS[:rng.choice((0, 0, 2, 4, 6))]:
        model = rng.choice(list(payers["payer"]))
        payers = pd.concat([payers, payers[payers["payer"] == model].assign(
            payer=name, payer_id=name[:3].upper() + "7")], ignore_index=True)
        mine = contracts[contracts["payer"] == model].assign(payer=name)
        mine["contract_id"] = [f"M-{name[:3]}-{seed}-{n}" for n in range(len(mine))]
        mine["end_date"] = [today + timedelta(days=rng.randint(-30, 700)) for _ in mine.index]
        contracts = pd.concat([contracts, mine], ignore_index=True)
        f = fees[fees["payer"] == model].assign(payer=name)
        f["allowed_amount"] = [a * rng.uniform(0.8, 1.3) for a in f["allowed_amount"]]
        fees = pd.concat([fees, f], ignore_index=True)
        volumes = pd.concat([volumes, volumes[volumes["payer"] == model].assign(payer=name)],
                            ignore_index=True)
    # rates of many decimals (a payer's file as exported), on some payers
    for payer in list(payers["payer"]):
        if rng.random() < 0.5:
            places = rng.choice((3, 4, 6))
            mine = fees["payer"] == payer
            fees.loc[mine, "allowed_amount"] = [round(a * rng.uniform(0.97, 1.03), places)
                                                for a in fees.loc[mine, "allowed_amount"]]
    fees["allowed_amount"] = fees["allowed_amount"].round(6)
    # fractional and odd units, visits blank on some rows
    if len(volumes):
        volumes["units_per_year"] = [
            rng.choice((u, u + 0.5, u + 0.25, 1.0, 7.0, 3.75, round(u * 1.37, 2)))
            for u in volumes["units_per_year"]]
        volumes["visits"] = volumes["visits"].astype("object")
        for i in volumes.index:
            if rng.random() < 0.15:
                volumes.loc[i, "visits"] = None
    # a code Medicare does not price, billed to one payer with a rate and to another without
    billed = list(volumes["payer"].drop_duplicates())
    if billed and rng.random() < 0.5:
        payer = rng.choice(billed)
        fees = pd.concat([fees, pd.DataFrame([{
            "payer": payer, "code": UNPRICED_CODE, "modifier": "",
            "allowed_amount": round(rng.uniform(8, 20), rng.choice((2, 4))),
            "effective_date": today - timedelta(days=rng.randint(0, 500))}])],
            ignore_index=True)
        extra = [payer] + ([rng.choice(billed)] if rng.random() < 0.5 else [])
        volumes = pd.concat([volumes, pd.DataFrame([
            {"payer": p, "code": UNPRICED_CODE, "units_per_year": float(rng.randint(1, 300)),
             "visits": None} for p in dict.fromkeys(extra)])], ignore_index=True)
    settings = data.settings
    if settings.medicare_date is not None and settings.medicare_date > today:
        settings = replace(settings, medicare_date=rng.choice((None, today)))
    data = replace(data, payers=payers, contracts=contracts, fee_schedules=fees,
                   volumes=volumes, settings=settings)
    return replace(book, data=data)
