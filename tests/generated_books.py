"""Seeded random clinics for the agreement hunt: the demo's tables as of a day of 2026, varied
in what the outputs' rules branch on (how many payers, contract kinds, escalators, terms ending
before, on or after the day, auto-renewal, notice days, modifier rows, scheduled rates, volumes,
benchmarks, metrics, settings), and a Negotiation Log written into the master workbook made from
them. Each clinic is valid input: what differs between outputs is a disagreement, not a refusal.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd

from ratecalc.dataset import ClinicData
from ratecalc.demo import demo_data
from ratecalc.table_export import write_clinic_tables
from ratecalc.timeline import notice_deadline
from ratecalc_cli.main import main
from ratecalc_workbook import layout
from tests.books import load_book

#: Days every run looks at besides random ones: a month's last day before a leap-less March,
#: the first of March, the last day the bundled Medicare data covers, the brief's today.
EDGE_DAYS = (date(2026, 2, 28), date(2026, 3, 1), date(2026, 12, 31), date(2026, 12, 7))
EXTRA_PAYERS = ("Quarry Health Alliance", "Redwood Employers Plan")
MODIFIERS = ("GP", "CQ", "59")


@dataclass(frozen=True)
class LogRow:
    day: date
    payer: str
    direction: str
    code: str | None
    offered_rate: float | None
    offered_increase: float | None


@dataclass(frozen=True)
class GeneratedBook:
    seed: int
    today: date
    data: ClinicData
    log: tuple[LogRow, ...]
    #: "Your rate" typed over some of the Proposal's rows: row's place among them -> the
    #: factor of its current rate typed
    your_rates: tuple[tuple[int, float], ...] = ()


def _day_in_2026(rng: random.Random) -> date:
    return date(2026, 1, 1) + timedelta(days=rng.randrange(365))


def generated(seed: int, today: date | None = None) -> GeneratedBook:
    """The clinic of ``seed``: the same seed, the same clinic (told on ``today`` when given,
    else on a day of 2026 the seed picks)."""
    rng = random.Random(seed)
    picked = EDGE_DAYS[seed % len(EDGE_DAYS)] if seed % 3 == 0 else _day_in_2026(rng)
    today = picked if today is None else today
    data = demo_data(today)
    fees, volumes = data.fee_schedules.copy(), data.volumes.copy()
    payers, contracts = data.payers.copy(), data.contracts.copy()
    # 1 to 8 payers: up to two more made from the demo's by name, rates moved a little
    extra = rng.randint(0, 2)
    for name in EXTRA_PAYERS[:extra]:
        model = rng.choice(list(payers["payer"]))
        p = payers[payers["payer"] == model].copy().assign(payer=name, payer_id=name[:3] + "9")
        c = contracts[contracts["payer"] == model].copy().assign(
            payer=name, contract_id=f"X-{name[:3]}-{seed}")
        f = fees[fees["payer"] == model].copy().assign(payer=name)
        f["allowed_amount"] = [round(a * rng.uniform(0.85, 1.2), 2) for a in f["allowed_amount"]]
        v = volumes[volumes["payer"] == model].copy().assign(payer=name)
        payers, contracts = pd.concat([payers, p]), pd.concat([contracts, c])
        fees, volumes = pd.concat([fees, f]), pd.concat([volumes, v])
    keep = rng.sample(list(payers["payer"]), rng.randint(1, len(payers)))
    payers = payers[payers["payer"].isin(keep)].reset_index(drop=True)
    contracts = contracts[contracts["payer"].isin(keep)].reset_index(drop=True)
    fees = fees[fees["payer"].isin(keep)].reset_index(drop=True)
    volumes = volumes[volumes["payer"].isin(keep)].reset_index(drop=True)
    for i in contracts.index:
        kind = rng.choice(("fixed", "fixed", "pct_of_medicare"))
        contracts.loc[i, "rate_basis"] = kind
        contracts.loc[i, "pct_of_medicare"] = (round(rng.uniform(0.8, 1.3), 2)
                                               if kind == "pct_of_medicare" else None)
        contracts.loc[i, "escalator"] = rng.choice((0.0, 0.0, 0.02, 0.035))
        end = rng.choice((today, today - timedelta(days=rng.randint(1, 200)),
                          today + timedelta(days=rng.randint(1, 800)),
                          date(2026, 12, 31), date(2027, 2, 28), date(2028, 2, 29)))
        contracts.loc[i, "end_date"] = end
        contracts.loc[i, "effective_date"] = min(end, today) - timedelta(
            days=rng.randint(400, 1100))
        contracts.loc[i, "auto_renew"] = rng.random() < 0.6
        contracts.loc[i, "notice_days"] = rng.choice((0, 30, 60, 90, 120, 180,
                                                      rng.randint(0, 180)))
    # a second product of a payer: its own contract, ending on another day
    if rng.random() < 0.35:
        i = rng.choice(list(contracts.index))
        second = contracts.loc[[i]].copy().assign(
            product="Second Product", contract_id=f"S-{seed}",
            end_date=today + timedelta(days=rng.randint(-60, 500)),
            notice_days=rng.choice((30, 90, 120)), auto_renew=rng.random() < 0.5)
        contracts = pd.concat([contracts, second], ignore_index=True)
    # modifier rows and rates agreed for a later day
    added = []
    for row in fees.sample(n=min(len(fees), rng.randint(0, 6)), random_state=seed).itertuples():
        when = rng.choice((row.effective_date, today, today + timedelta(days=rng.randint(1, 300))))
        added.append({"payer": row.payer, "code": row.code,
                      "modifier": rng.choice(MODIFIERS + ("",)) if when != row.effective_date
                      else rng.choice(MODIFIERS),
                      "allowed_amount": round(row.allowed_amount * rng.uniform(0.8, 1.25), 2),
                      "effective_date": when})
    added = [a for a in added if not (a["modifier"] == ""
                                      and a["effective_date"] == today)]
    if added:
        fees = pd.concat([fees, pd.DataFrame(added)], ignore_index=True)
        fees = fees.drop_duplicates(["payer", "code", "modifier", "effective_date"],
                                    keep="first").reset_index(drop=True)
    # volumes: a payer with none, one with a single code, units scaled
    for payer in list(payers["payer"]):
        pick = rng.random()
        if pick < 0.12:
            volumes = volumes[volumes["payer"] != payer]
        elif pick < 0.25:
            mine = volumes[volumes["payer"] == payer]
            volumes = pd.concat([volumes[volumes["payer"] != payer], mine.head(1)])
    volumes = volumes.reset_index(drop=True)
    if len(volumes):
        volumes["units_per_year"] = [max(1.0, round(u * rng.uniform(0.05, 2.0)))
                                     for u in volumes["units_per_year"]]
        volumes["visits"] = [max(1, int(u // 2)) for u in volumes["units_per_year"]]
    benchmarks = data.benchmarks.copy()
    pick = rng.random()
    if pick < 0.15:
        benchmarks = benchmarks.iloc[0:0]
    elif pick < 0.4:
        benchmarks = benchmarks.sample(frac=rng.uniform(0.3, 0.9), random_state=seed)
    benchmarks = benchmarks.reset_index(drop=True)
    if len(benchmarks) and rng.random() < 0.4:
        # a second source for some codes, newer or older, facility-flagged or expired
        other = benchmarks.sample(frac=0.5, random_state=seed).copy()
        scale = rng.uniform(0.8, 1.3)
        for column in ("p25", "p50", "p75", "p90"):
            other[column] = (other[column] * scale).round(2)
        other["region"] = "Other region"
        other["as_of"] = rng.choice((date(2026, 1, 15), date(2025, 3, 1), today))
        other["source"] = rng.choice((
            "TiC file x (Evry)", "TiC file x (Evry); facility claims: 9 of 9 prices billing "
            "class institutional", "TiC file y (Evry); expired: expiration_date (2025-06-30) "
            "passed"))
        benchmarks = pd.concat([benchmarks, other], ignore_index=True)
    metrics = data.metrics.copy()
    if rng.random() < 0.3:
        metrics = metrics[metrics["metric"] != "cost_per_visit"]
    elif rng.random() < 0.5:
        metrics.loc[metrics["metric"] == "cost_per_visit", "value"] = round(
            rng.uniform(40, 140), 2)
    settings = replace(data.settings,
                       target_percentile=rng.choice((25.0, 50.0, 62.5, 75.0)),
                       walk_away_margin=rng.choice((0.0, 0.05, 0.1, 0.25)),
                       min_increase=rng.choice((0.0, 0.03, 0.05)),
                       max_increase=rng.choice((0.1, 0.15, 0.3)),
                       notice_days=rng.choice((60, 90)),
                       medicare_date=rng.choice((None, data.settings.medicare_date,
                                                 date(2026, 1, 1), today)))
    data = replace(data, payers=payers, contracts=contracts, fee_schedules=fees,
                   volumes=volumes, benchmarks=benchmarks, metrics=metrics, settings=settings)
    log = []
    for payer in keep:
        if rng.random() < 0.4:
            sent = today - timedelta(days=rng.randint(0, 90))
            log.append(LogRow(sent, payer, "Sent", None, None, None))
            if rng.random() < 0.6:
                reply = sent + timedelta(days=rng.randint(0, 40))
                codes = list(volumes[volumes["payer"] == payer]["code"]) or ["97110"]
                if rng.random() < 0.5:
                    log.append(LogRow(reply, payer, "Received", rng.choice(codes),
                                      round(rng.uniform(20, 60), 2), None))
                else:
                    log.append(LogRow(reply, payer, "Received", None, None,
                                      rng.choice((0.02, 0.03, 0.05))))
    your_rates = tuple((rng.randrange(30), rng.choice((0.99, 1.04, 1.1234, 1.5)))
                       for _ in range(rng.choice((0, 0, 2, 5))))
    return GeneratedBook(seed, today, data, tuple(log), your_rates)


def write_book(book: GeneratedBook, folder: Path) -> Path:
    """``book``'s tables in ``folder/tables``, its master workbook ``folder/book.xlsx`` made from
    them with the Negotiation Log rows written in, and the rates typed in "Your rate" on the
    refreshed Proposal (the caller refreshes it again; each command may warn)."""
    tables = folder / "tables"
    write_clinic_tables(book.data, tables)
    path = folder / "book.xlsx"
    assert main(["workbook", "new", str(path), "--from", str(tables)]) in (0, 1)
    if book.log:
        wb = load_book(path)
        ws, spec = wb[layout.NEGOTIATION_LOG], layout.NEGOTIATION_LOG_TABLE
        for n, entry in enumerate(book.log):
            row = spec.header_row + 1 + n
            for column, value in (("date", datetime.combine(entry.day, datetime.min.time())),
                                  ("payer", entry.payer), ("direction", entry.direction),
                                  ("code", entry.code), ("offered_rate", entry.offered_rate),
                                  ("offered_increase", entry.offered_increase)):
                ws.cell(row=row, column=spec.col(column), value=value)
        wb.save(path)
    if book.your_rates:
        assert main(["refresh", str(path)]) in (0, 1)
        wb = load_book(path)
        ws, spec = wb[layout.PROPOSAL], layout.PROPOSAL_TABLE
        rows = [r for r in range(spec.header_row + 1, ws.max_row + 1)
                if isinstance(ws.cell(r, spec.col("current_rate")).value, (int, float))]
        for place, factor in book.your_rates:
            if rows:
                row = rows[place % len(rows)]
                current = ws.cell(row, spec.col("current_rate")).value
                ws.cell(row, spec.col("override_rate"), round(current * factor, 2))
        wb.save(path)
    return path


#: How :func:`on_the_edge` moves one contract: its notice deadline or its end on the day before
#: (-1), of (0) or after (1) the analysis date, or its start after it ("future", by N days)
SHAPES = ("deadline", "end", "future", "successor")


def on_the_edge(seed: int, today: date, shape: str) -> GeneratedBook | None:
    """:func:`generated`'s clinic of ``seed`` told on ``today``, one contract moved to the edge
    ``shape`` names: ``deadline:K`` (its notice deadline K days after ``today``, K = -1, 0, 1),
    ``end:K`` (its term ending then), ``future:N`` (starting N days after ``today``, for a
    year), ``successor:N`` (ended the day before ``today`` without renewal, a new contract of
    its payer, product "<product> new", starting N days after ``today``); a leading "s"
    moves the demo story's first target (Summit BlueCare PPO), whose letters the hunt reads,
    else the contract the seed picks. The Settings' dates are made
    ``today``'s (the Medicare date no later than 2026-12-31, the bundled data's last day).
    None when no contract can be so moved (a deadline falls on no weekend or holiday)."""
    book = generated(seed, today)
    data = book.data
    contracts = data.contracts.copy()
    settings = replace(data.settings, analysis_date=today)
    if settings.medicare_date is None or settings.medicare_date > min(today, date(2026, 12, 31)):
        settings = replace(settings, medicare_date=min(today, date(2026, 12, 31)))
    kind, _, k = shape.partition(":")
    row = contracts.index[seed % len(contracts)]
    if kind.startswith("s") and kind[1:] in SHAPES:  # "successor" is a shape of its own
        top = contracts.index[contracts["payer"] == "Summit BlueCare PPO"]
        if not len(top):
            return None
        row, kind = top[0], kind[1:]
    days = contracts.loc[row, "notice_days"]
    days = settings.notice_days if pd.isna(days) else int(days)
    offset = int(k or 0)
    if kind == "deadline":
        target = today + timedelta(days=offset)
        ends = [target + timedelta(days=days + d) for d in range(-7, 8)]
        found = [end for end in ends if notice_deadline(end, days) == target]
        if not found:
            return None
        end = min(found, key=lambda e: abs((e - target).days - days))
        contracts.loc[row, ["end_date", "effective_date"]] = [end, end - timedelta(days=730)]
    elif kind == "end":
        end = today + timedelta(days=offset)
        contracts.loc[row, ["end_date", "effective_date"]] = [end, end - timedelta(days=730)]
    elif kind == "future":
        start = today + timedelta(days=offset or 20)
        contracts.loc[row, ["effective_date", "end_date"]] = [start, start + timedelta(days=365)]
    elif kind == "successor":
        end = today - timedelta(days=1)
        contracts.loc[row, ["end_date", "effective_date", "auto_renew"]] = [
            end, end - timedelta(days=730), False]
        start = today + timedelta(days=offset or 20)
        follows = contracts.loc[[row]].assign(
            product=f"{contracts.loc[row, 'product']} new", effective_date=start,
            end_date=start + timedelta(days=365),
            contract_id=f"{contracts.loc[row, 'contract_id']}-N")
        contracts = pd.concat([contracts, follows], ignore_index=True)
    elif kind != "plain":
        raise ValueError(f"shape: expected plain or one of {SHAPES}, got {shape!r}")
    return replace(book, data=replace(data, contracts=contracts, settings=settings))
