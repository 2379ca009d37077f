"""Write the fictional demo clinic's tables to ratecalc/data/demo/ (deterministic).

Rates are set as fixed multiples of the 2025 Medicare amount in Alabama (10112-00), with a small
per-code twist per payer, so the analysis has something to find. Every name is invented.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ratecalc.medicare import medicare_amounts
from ratecalc.money import round_cents

OUT = Path(__file__).resolve().parents[1] / "ratecalc" / "data" / "demo"
LOCALITY, PRICED_ON = "10112-00", "2025-10-01"

CODES = {  # code: units a year across all payers
    "97110": 9800, "97140": 6200, "97530": 5400, "97112": 4100, "97116": 900,
    "97535": 1300, "G0283": 1500, "97035": 700, "97161": 420, "97162": 610,
    "97164": 380, "97165": 150, "97166": 120, "92507": 1100, "92523": 90,
}
PAYERS = [  # name, id, class, share of volume, rate as a fraction of Medicare, visits/yr
    ("Summit BlueCare PPO", "SBC01", "commercial", 0.30, 0.94, 3120),
    ("Keystone Health Plan", "KHP22", "commercial", 0.22, 1.12, 2290),
    ("Meridian Mutual", "MM310", "commercial", 0.14, 1.27, 1460),
    ("Cardinal Employers Trust", "CET07", "commercial", 0.12, 0.88, 1250),
    ("Lakeside Health Partners", "LHP44", "commercial", 0.10, 1.41, 1040),
    ("Pioneer Medicare Advantage", "PMA90", "medicare advantage", 0.12, 1.00, 1240),
]
TWIST = [0.00, 0.03, -0.04, 0.02, -0.02, 0.05, -0.01, 0.04, 0.00, -0.03, 0.01, 0.02, -0.05,
         0.03, 0.00]
CONTRACTS = [  # payer, product, id, effective, end, auto_renew, notice, basis, pct, escalator
    ("Summit BlueCare PPO", "PPO", "SBC-PT-2019-114", "2023-04-01", "2026-03-31", True, 90,
     "fixed", None, 0.0),
    ("Keystone Health Plan", "HMO/POS", "KHP-4471", "2024-01-01", "2026-12-31", True, 120,
     "fixed", None, 0.02),
    ("Meridian Mutual", "PPO", "MM-AGR-0932", "2022-07-01", "2026-06-30", False, 90,
     "fixed", None, 0.0),
    ("Cardinal Employers Trust", "Self-funded", "CET-22-PT", "2024-05-01", "2026-04-30", True,
     60, "pct_of_medicare", 0.88, 0.0),
    ("Lakeside Health Partners", "EPO", "LHP-1188", "2025-01-01", "2027-12-31", True, 90,
     "fixed", None, 0.025),
    ("Pioneer Medicare Advantage", "Medicare Advantage", "PMA-PT-77", "2025-01-01",
     "2026-12-31", True, 90, "pct_of_medicare", 1.00, 0.0),
]
CONTACTS = {
    "Summit BlueCare PPO": ("Dana Whitfield", "Provider Network Manager",
                            "dwhitfield@summitbluecare.example", "(205) 555-0141",
                            "Summit BlueCare; Provider Relations; 400 Ridge Park Dr; "
                            "Birmingham, AL 35242"),
    "Keystone Health Plan": ("Marcus Ortega", "Contracting Specialist",
                             "mortega@keystonehp.example", "(205) 555-0177",
                             "Keystone Health Plan; 12 Commerce St; Montgomery, AL 36104"),
    "Meridian Mutual": ("Priya Raman", "Network Development Director",
                        "praman@meridianmutual.example", "(256) 555-0120",
                        "Meridian Mutual; 880 Clinton Ave W; Huntsville, AL 35801"),
    "Cardinal Employers Trust": ("Greg Havel", "Provider Relations Representative",
                                 "ghavel@cardinaltrust.example", "(205) 555-0199",
                                 "Cardinal Employers Trust; PO Box 2210; Birmingham, AL 35201"),
    "Lakeside Health Partners": ("Ellen Brooks", "Contract Manager",
                                 "ebrooks@lakesidehp.example", "(334) 555-0163",
                                 "Lakeside Health Partners; 55 Lakeshore Pkwy; Auburn, AL 36830"),
    "Pioneer Medicare Advantage": ("Tomás Vega", "Provider Services Lead",
                                   "tvega@pioneerma.example", "(205) 555-0108",
                                   "Pioneer Health; 3100 Lorna Rd; Hoover, AL 35216"),
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    codes = list(CODES)
    medicare = medicare_amounts(codes, LOCALITY, PRICED_ON).set_index("code")["non_facility"]

    pd.DataFrame([
        ("name", "Riverbend Physical Therapy & Rehab"), ("npi", "1234567893"),
        ("tin", "63-0000000"), ("address", "2150 Riverchase Pkwy, Suite 210"),
        ("city", "Hoover"), ("state", "AL"), ("zip", "35244"), ("phone", "(205) 555-0100"),
        ("email", "contracts@riverbendpt.example"), ("website", "riverbendpt.example"),
        ("locality", LOCALITY), ("signer_name", "Jordan Ellis, PT, DPT"),
        ("signer_title", "Owner and Clinical Director"),
        ("specialty_programs", "Vestibular rehabilitation; Pelvic health; "
                               "Return-to-sport testing"),
        ("advantages", "Open 7 am to 7 pm weekdays and Saturday mornings; "
                       "New patients seen within 48 hours; Three board-certified specialists"),
    ], columns=["field", "value"]).to_csv(OUT / "clinic.csv", index=False)

    pd.DataFrame([(n, i, c, v) for n, i, c, _, _, v in PAYERS],
                 columns=["payer", "payer_id", "financial_class", "visits_per_year"]
                 ).to_csv(OUT / "payers.csv", index=False)

    contracts = []
    for payer, product, cid, eff, end, auto, notice, basis, pct, esc in CONTRACTS:
        name, title, email, phone, address = CONTACTS[payer]
        contracts.append((payer, product, cid, eff, end, "yes" if auto else "no", notice, basis,
                          pct if pct is not None else "", esc, "none", 0.0 if basis == "fixed"
                          else 0.15, name, title, email, phone, address))
    pd.DataFrame(contracts, columns=[
        "payer", "product", "contract_id", "effective_date", "end_date", "auto_renew",
        "notice_days", "rate_basis", "pct_of_medicare", "escalator", "mppr_rule",
        "assistant_reduction", "contact_name", "contact_title", "contact_email",
        "contact_phone", "contact_address"]).to_csv(OUT / "contracts.csv", index=False)

    fees, volumes = [], []
    for p_index, (payer, _, _, share, ratio, _) in enumerate(PAYERS):
        for c_index, code in enumerate(codes):
            twist = TWIST[(c_index + 2 * p_index) % len(TWIST)] if p_index < 5 else 0.0
            rate = float(round_cents(medicare[code] * (ratio + twist)))
            fees.append((payer, code, "", f"{rate:.2f}", "2025-01-01"))
            units = round(CODES[code] * share)
            visits = round(units / (2.2 if code in ("97110", "97140", "97530") else 1.1))
            volumes.append((payer, code, units, visits))
    # An older row shows history: the analysis must pick the rate in force.
    fees.append(("Summit BlueCare PPO", "97110", "", "24.10", "2023-04-01"))
    pd.DataFrame(fees, columns=["payer", "code", "modifier", "allowed_amount", "effective_date"]
                 ).to_csv(OUT / "fee_schedules.csv", index=False)
    pd.DataFrame(volumes, columns=["payer", "code", "units_per_year", "visits"]
                 ).to_csv(OUT / "volumes.csv", index=False)

    bench = []
    for code in codes:
        m = medicare[code]
        p25, p50, p75, p90 = (float(round_cents(m * k)) for k in (1.02, 1.18, 1.34, 1.52))
        bench.append((code, "Birmingham-Hoover, AL", p25, p50, p75, p90,
                      "Fictional regional survey (demo data)", "2025-09-30"))
    pd.DataFrame(bench, columns=["code", "region", "p25", "p50", "p75", "p90", "source",
                                 "as_of"]).to_csv(OUT / "benchmarks.csv", index=False)

    pd.DataFrame([
        ("clean_claim_rate", 0.97, 0.90, "fraction", "2025", "clinic billing system"),
        ("denial_rate", 0.035, 0.10, "fraction", "2025", "clinic billing system"),
        ("days_in_ar", 27, 45, "days", "2025", "clinic billing system"),
        ("visits_per_episode", 9.1, 11.0, "visits", "2025", "clinic EMR"),
        ("outcome_improvement", 0.84, 0.72, "fraction", "2025",
         "patients reaching their functional goal"),
        ("nps", 81, 50, "score", "2025", "patient survey"),
        ("cost_per_visit", 82.00, "", "USD", "2025", "clinic cost report"),
        ("visits_per_year", 10400, "", "visits", "2025", "clinic EMR"),
    ], columns=["metric", "value", "benchmark", "unit", "period", "source"]
    ).to_csv(OUT / "metrics.csv", index=False)

    pd.DataFrame([
        ("analysis_date", "2025-12-01"), ("medicare_date", PRICED_ON),
        ("target_percentile", 50), ("min_increase", "5%"), ("max_increase", "15%"),
        ("walk_away_margin", "10%"), ("notice_days", 90), ("lead_months", 5),
        ("rate_basis", "fixed"), ("cf_path", "historical"), ("scenario_years", 5),
        ("alternative_terms", "Annual increases tied to the Medicare Economic Index; "
                              "Claims paid within 21 days; Prior authorization waived for the "
                              "first 12 visits; Timely filing extended to 180 days"),
        ("response_days", 30),
    ], columns=["field", "value"]).to_csv(OUT / "settings.csv", index=False)
    (OUT / "README.md").write_text(
        "# Demo clinic (fictional)\n\nEvery name, contact and figure here is invented, except the "
        "Medicare amounts the rates are derived from (CMS 2025, locality 10112-00). The tables "
        "tell their story as of 2025-12-01; `ratecalc demo` (`ratecalc.demo.demo_data(today)`) "
        "moves every date by the nearest whole number of months to the day it runs (so no "
        "deadline of the story passes however late in a month it runs). Regenerate with "
        "`python scripts/make_demo_data.py`.\n")
    print(f"wrote demo tables to {OUT}")


if __name__ == "__main__":
    main()
