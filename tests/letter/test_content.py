"""What the letters say, checked against the core's figures and hand-worked dates."""

from __future__ import annotations

import dataclasses
import math
import re
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.analysis import analyze
from ratecalc.counteroffer import evaluate_counteroffer
from ratecalc.demo import demo_data
from ratecalc.money import round_cents
from ratecalc.timeline import notice_deadline, renewal_timeline
from ratecalc_letter.content import (
    Chart,
    Heading,
    Paragraph,
    PayerOffer,
    Table,
    build_letter,
    counter_letter,
    proposal_letter,
    termination_effective_date,
    termination_letter,
)
from ratecalc_letter.descriptions import PLAIN_DESCRIPTIONS, describe, generic_category

from .conftest import TOP_PAYER


def _table(content, name: str) -> Table:
    return next(b for b in content.blocks if isinstance(b, Table) and b.name == name)


def _text(content) -> str:
    return "\n".join(content.texts())


# --------------------------------------------------------------------------- proposal figures


def test_proposal_lines_are_the_core_proposal_rows(analysis):
    content = proposal_letter(analysis, TOP_PAYER)
    core = analysis.proposal[analysis.proposal["payer"] == TOP_PAYER].set_index("code")
    assert sorted(ln.code for ln in content.lines) == sorted(core.index)
    for ln in content.lines:
        row = core.loc[ln.code]
        for field in ("units_per_year", "current_rate", "proposed_rate", "benchmark",
                      "medicare_amount", "increase_pct", "proposed_pct_of_medicare",
                      "annual_impact", "floor"):
            assert getattr(ln, field) == row[field], (ln.code, field)


def test_proposal_totals_equal_the_core_summary_to_the_cent(analysis):
    content = proposal_letter(analysis, TOP_PAYER)
    summary = analysis.proposal_summary.set_index("payer").loc[TOP_PAYER]
    totals = content.totals
    for field in ("new_term_revenue", "proposed_revenue", "annual_impact"):
        assert round_cents(getattr(totals, field)) == round_cents(summary[field])
    # hand-worked from the demo's fee schedule: 97110 at $25.22 is capped at +15%
    # (25.22 x 1.15 = 29.003, rounded down so the cap holds: $29.00), 2,940 units a year:
    # (29.00 - 25.22) x 2,940 = $11,113.20; the payer's 15 codes add $44,174.85 a year.
    line = next(ln for ln in content.lines if ln.code == "97110")
    assert line.proposed_rate == 29.00
    assert round_cents(line.annual_impact) == 11113.20
    assert round_cents(totals.annual_impact) == 44174.85


def test_rates_table_shows_the_figures_rounded_half_up(analysis):
    content = proposal_letter(analysis, TOP_PAYER)
    table = _table(content, "rates")
    assert table.header == ("Code", "Description", "Annual units", "Current rate",
                            "Proposed rate", "Change", "Market median", "% of Medicare")
    rows = {r[0]: r for r in table.rows}
    # 97110: current 25.22, ask 29.00 (+14.99%: shown +15.0%), market median 31.66, Medicare
    # 27.20 in locality 10112-00 on 2026-04-01, when the ask would take effect (the payer's
    # new term; CMS 2026, RVU26C), 29.00 / 27.20 = 106.62% -> 106.6%, to a tenth as the
    # sheets show it (the letter rounded it to 107% beside the Proposal sheet's 106.6%; against
    # the analysis date's 26.83, CMS 2025, it read 108%)
    assert rows["97110"] == ("97110", "Strength and motion exercise", "2,940", "$25.22",
                             "$29.00", "+15.0%", "$31.66", "106.6%")
    # rows run from the most units to the fewest
    units = [float(r[2].replace(",", "")) for r in table.rows]
    assert units == sorted(units, reverse=True)


def test_no_cpt_descriptor_text_only_clinic_words_or_ratecalcs(analysis):
    content = proposal_letter(analysis, TOP_PAYER, descriptions={"97110": "Strength training"})
    rows = {r[0]: r[1] for r in _table(content, "rates").rows}
    assert rows["97110"] == "Strength training"   # the clinic's own wording wins
    assert rows["97162"] == "PT evaluation, moderate"
    assert rows["92507"] == "Speech-language therapy"
    assert generic_category("99213") == ""       # not a therapy code: left blank
    assert describe(["97164", "G0283", "97039", "99213"]) == {
        "97164": "PT re-evaluation", "G0283": "Muscle stim, unattended",
        "97039": "Modality",                     # not listed: its range's category
        "99213": ""}


def test_the_six_therapeutic_procedures_are_told_apart(analysis):
    """Issue 13: 97110, 97112, 97116, 97140, 97530 and 97535 all read "Therapeutic
    procedure"; each now says what it is."""
    rows = {r[0]: r[1] for r in _table(proposal_letter(analysis, TOP_PAYER), "rates").rows}
    six = [rows[c] for c in ("97110", "97112", "97116", "97140", "97530", "97535")]
    assert len(set(six)) == 6 and "Therapeutic procedure" not in six
    assert all(rows.values()), rows               # every demo code has a description


# Codes of issue 13's list (PT, OT, SLP, modalities, nutrition) that must be described.
THERAPY_CODES = (
    "97110", "97112", "97116", "97140", "97530", "97535", "97161", "97162", "97163", "97164",
    "97165", "97166", "97167", "97168", "92507", "92523", "92526", "97750", "97760", "97761",
    "97763", "97012", "97016", "97018", "97022", "97032", "97033", "97035", "97113", "97150",
    "G0283", "97542", "97129", "97130", "92521", "92522", "92524", "92610", "97802", "97803",
)
# Wording typical of the AMA's descriptors, which RateCalc's own words must not reuse.
DESCRIPTOR_FRAGMENTS = ("1 or more areas", "each 15 minutes", "(eg,", "requiring these",
                        "direct (one-on-one)", "Therapeutic procedure", "Application of a "
                        "modality", "Treatment of speech", "Evaluation of speech")


def test_plain_descriptions_cover_the_therapy_codes_in_own_words():
    assert len(THERAPY_CODES) == 40
    for code in THERAPY_CODES:
        text = PLAIN_DESCRIPTIONS[code]
        assert 5 <= len(text) <= 32, (code, text)
        assert not any(f.casefold() in text.casefold() for f in DESCRIPTOR_FRAGMENTS), text
    # distinct services read differently (G0283 and 97014 are the same service)
    assert len(set(PLAIN_DESCRIPTIONS.values())) == len(PLAIN_DESCRIPTIONS) - 1


def test_every_plain_description_fits_one_line_of_the_rates_tables(analysis, summit_offer):
    """Measured in the letter's font (Arial; Liberation Sans has its metrics) at the table's
    8.5 pt, against the narrower description column of the proposal's and the counter letter's
    rate tables on the template's 6.5-inch text width, less the cells' margins (0.05 inch each
    side)."""
    from matplotlib import font_manager
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    if "Liberation Sans" not in {f.name for f in font_manager.fontManager.ttflist}:
        pytest.skip("needs Liberation Sans (fonts-liberation) to measure Arial text")
    tables = (_table(proposal_letter(analysis, TOP_PAYER), "rates"),
              _table(counter_letter(analysis, TOP_PAYER, summit_offer), "counter"))
    assert all(t.header[1] == "Description" for t in tables)
    column_pt = min(6.5 * 72 * t.widths[1] / sum(t.widths) for t in tables) - 2 * 3.6
    measure = TextToPath()
    font = FontProperties(family="Liberation Sans", size=8.5)
    too_wide = {code: text for code, text in PLAIN_DESCRIPTIONS.items()
                if measure.get_text_width_height_descent(text, font, ismath=False)[0]
                > column_pt - 2}  # 2 pt to spare for Word's rounding
    assert too_wide == {}, f"column {column_pt:.1f} pt"


def test_clinic_description_column_is_used_when_the_data_has_one(analysis):
    data = analysis.data
    volumes = data.volumes.assign(description=["Exercise"] + [""] * (len(data.volumes) - 1))
    content = proposal_letter(analyze(dataclasses.replace(data, volumes=volumes)),
                              str(volumes["payer"].iloc[0]))
    rows = {r[0]: r[1] for r in _table(content, "rates").rows}
    assert rows[str(volumes["code"].iloc[0])] == "Exercise"


def test_a_description_column_in_the_clinics_volumes_file_reaches_the_letter(tmp_path):
    """Through the real reader: a 'Description' header on volumes.csv maps to the schema's
    column, and the letter prints the clinic's words for that code, for every payer."""
    import shutil
    from importlib import resources

    from ratecalc.loaders import load_folder, require

    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as demo:
        shutil.copytree(demo, tmp_path / "clinic")
    volumes = pd.read_csv(tmp_path / "clinic" / "volumes.csv", dtype=str)
    volumes["Description"] = [
        "Strengthening program" if c == "97110" and i == 0 else "" for i, c in
        enumerate(volumes["code"])]
    volumes.to_csv(tmp_path / "clinic" / "volumes.csv", index=False)
    data = require(load_folder(tmp_path / "clinic"))
    assert "description" in data.volumes.columns
    rows = {r[0]: r[1] for r in _table(proposal_letter(analyze(data), TOP_PAYER), "rates").rows}
    assert rows["97110"] == "Strengthening program"
    assert rows["97140"] == "Hands-on (manual) therapy"


def test_summary_table_and_impact_sentence(analysis):
    content = proposal_letter(analysis, TOP_PAYER)
    summary = _table(content, "summary")
    assert summary.rows == (("At current rates", "$294,784.32"),
                            ("At proposed rates", "$338,959.17"))
    assert summary.total == ("Annual increase", "+$44,174.85 (+15.0%)")
    text = _text(content)
    assert "from $294,784.32 to $338,959.17, an increase of $44,174.85 (15.0%)" in text
    assert "All 15 of these rates are below the market median today" in text


@pytest.mark.parametrize(("dropped", "said"), [
    # one code of Summit's 15 has no market figure: the count covers the other 14, and says so
    (["97110"], "All 14 rates with a market figure are below the market median today"),
    # every code has one: as before
    ([], "All 15 of these rates are below the market median today"),
])
def test_the_market_count_says_which_rates_it_counts(dropped, said):
    """"All 15 of these rates" stood under a table of 16 codes, one without a market figure."""
    data = demo_data()
    benchmarks = data.benchmarks[~data.benchmarks["code"].isin(dropped)]
    content = proposal_letter(analyze(dataclasses.replace(data, benchmarks=benchmarks)),
                              TOP_PAYER)
    rows = _table(content, "rates").rows
    assert len(rows) == 15
    assert sum(ln.benchmark == ln.benchmark for ln in content.lines) == 15 - len(dropped)
    assert said in _text(content)


def test_requested_rates_replace_the_proposed_rate(analysis):
    content = proposal_letter(analysis, TOP_PAYER, requested_rates={"97110": 30.00})
    line = next(ln for ln in content.lines if ln.code == "97110")
    # (30.00 - 25.22) x 2,940 = 14,053.20; 30.00 / 25.22 - 1 = 18.95%
    assert line.proposed_rate == 30.00
    assert round_cents(line.annual_impact) == 14053.20
    assert round(line.increase_pct, 4) == 0.1895
    # the total moves by exactly the difference on that code: 44,174.85 + (30.00 - 29.00) x 2,940
    assert round_cents(content.totals.annual_impact) == 47114.85


def test_requested_rate_below_floor_is_a_warning(analysis):
    content = proposal_letter(analysis, TOP_PAYER, requested_rates={"97110": 20.00})
    # the floor in the cents that meet it (unit_floor): $24.14 fell short of it
    assert any("below the walk-away floor ($24.15)" in w for w in content.warnings)
    assert any("below the current rate ($25.22)" in w for w in content.warnings)


def test_percent_of_medicare_basis_states_percents(analysis):
    data = analysis.data
    pct = analyze(dataclasses.replace(
        data, settings=dataclasses.replace(data.settings, rate_basis="pct_of_medicare")))
    content = proposal_letter(pct, TOP_PAYER)
    table = _table(content, "rates")
    assert table.header[4] == "Proposed % of Medicare"
    row = next(r for r in table.rows if r[0] == "97110")
    # the percent the payer signs pays from its new term (2026-04-01): of 2026's $27.20,
    # 106.6% pays $28.9952 -> $29.00 (of the analysis date's $26.83 it was 108.1%)
    assert row[4] == "106.6%" and row[5] == "$29.00"
    assert "percent of the Medicare Physician Fee Schedule" in _text(content)
    assert "what those percents pay on April 1, 2026, when they would take effect" in \
        _text(content)


def test_each_percent_asked_pays_the_rate_beside_it(analysis):
    """"The dollar amounts are what those percents pay today": each percent shown, times the
    code's Medicare amount, rounded half-up to cents, is the rate beside it (a review found 5
    of 15 rows off, 119.7% of $25.34 beside $30.34, which it does not pay), and the letter's
    total adds up its rows."""
    data = analysis.data
    pct = analyze(dataclasses.replace(
        data, settings=dataclasses.replace(data.settings, rate_basis="pct_of_medicare")))
    for payer in pct.proposal["payer"].unique():
        content = proposal_letter(pct, payer)
        medicare = {ln.code: ln.medicare_amount for ln in content.lines}
        rows = _table(content, "rates").rows
        assert rows
        for row in rows:
            term = Decimal(row[4].rstrip("%")) / 100
            paid = (term * Decimal(repr(medicare[row[0]]))).quantize(Decimal("0.01"),
                                                                      ROUND_HALF_UP)
            assert f"${paid:,}" == row[5], (payer, row)
        impact = sum(Decimal(repr(ln.proposed_rate)) * Decimal(repr(ln.units_per_year))
                     - Decimal(repr(ln.current_rate)) * Decimal(repr(ln.units_per_year))
                     for ln in content.lines)
        assert round_cents(content.totals.annual_impact) == float(impact)


def test_fixed_basis_is_the_default_and_says_so(analysis):
    text = _text(proposal_letter(analysis, TOP_PAYER))
    assert "All rates are per unit, in fixed dollars." in text


def test_current_percent_of_medicare_contract_gets_the_fixed_dollar_argument(analysis):
    # Cardinal Employers Trust pays 88% of Medicare today (demo contracts)
    text = _text(proposal_letter(analysis, "Cardinal Employers Trust"))
    assert "Our current agreement pays 88% of the Medicare fee schedule" in text


def test_a_contracts_percentage_reads_as_the_contract_states_it_everywhere(analysis):
    """A contract at 92.5% of Medicare: the letter's argument said "pays 93%" and its evidence
    "the agreement's 93%", the analysis' warning "(93% of Medicare)" and the command line
    "contract 92.5%"; each says 92.5% now (ratecalc.proposal.contract_percent_text)."""
    data = analysis.data
    contracts = data.contracts.copy()
    cardinal = contracts["payer"] == "Cardinal Employers Trust"
    contracts.loc[cardinal, "pct_of_medicare"] = 0.925
    other = analyze(dataclasses.replace(data, contracts=contracts))
    text = _text(proposal_letter(other, "Cardinal Employers Trust"))
    assert "Our current agreement pays 92.5% of the Medicare fee schedule" in text
    assert "less than the agreement's 92.5% of Medicare for " in text
    warning = next(p.message for p in other.warnings if "pays less than its contract" in
                   p.message)
    assert "Cardinal Employers Trust pays less than its contract (92.5% of Medicare)" in warning
    assert not re.search(r"\b93%", text + warning)


def test_value_case_beside_benchmarks(analysis):
    content = proposal_letter(analysis, TOP_PAYER)
    rows = {r[0]: r[1:] for r in _table(content, "value").rows}
    assert rows["Clean-claim rate"] == ("97.0%", "90.0%")
    assert rows["Denial rate (lower is better)"] == ("3.5%", "10.0%")
    # days to one decimal, as the Clinic sheet and the command line show them
    assert rows["Days in accounts receivable (lower is better)"] == ("27.0 days", "45.0 days")
    assert rows["Net Promoter Score"] == ("81", "50")
    assert rows["Visits per episode of care (lower is better)"] == ("9.1", "11.0")
    # the clinic's cost per visit would show the payer its floor: never in the letter
    assert not any("cost" in label.lower() for label in rows)
    assert "$82.00" not in _text(content)


def test_programs_and_alternative_terms(analysis):
    text = _text(proposal_letter(analysis, TOP_PAYER))
    assert "Specialty programs: Vestibular rehabilitation, Pelvic health and Return-to-sport " \
           "testing" in text
    for term in ("Annual increases tied to the Medicare Economic Index",
                 "Claims paid within 21 days", "Timely filing extended to 180 days"):
        assert term in text


def test_chart_has_the_table_figures(analysis):
    content = proposal_letter(analysis, TOP_PAYER)
    chart = next(b for b in content.blocks if isinstance(b, Chart))
    by_code = {ln.code: ln for ln in content.lines}
    assert len(chart.codes) == 10   # the 10 codes with the most units, of 15
    for code, current, proposed, market in zip(chart.codes, chart.current, chart.proposed,
                                               chart.market, strict=True):
        line = by_code[code]
        assert (current, proposed, market) == (line.current_rate, line.proposed_rate,
                                               line.benchmark)


def test_missing_benchmark_shows_a_dash_and_warns(analysis):
    data = analysis.data
    bench = data.benchmarks[data.benchmarks["code"] != "97110"]
    content = proposal_letter(analyze(dataclasses.replace(data, benchmarks=bench)), TOP_PAYER)
    row = next(r for r in _table(content, "rates").rows if r[0] == "97110")
    assert row[6] == "\u2014"
    assert any("no market rate for 97110" in w for w in content.warnings)


# --------------------------------------------------------------------------- proposal dates


def test_proposal_dates_worked_by_hand(analysis):
    """Summit BlueCare's term ends Tue 2026-03-31, 90 days' notice, letter dated 2025-12-01.

    Notice deadline: 2026-03-31 - 90 days = Wed 2025-12-31. Decision date: 10 business days
    before it, skipping Christmas (Dec 30, 29, 26, 24, 23, 22, 19, 18, 17, 16) = 2025-12-16.
    Talks should have opened 5 months before the end (2025-10-31, passed), so the letter would
    ask to begin within a working week (Mon 2025-12-08). A response 30 days out (2025-12-31)
    would come after the decision date, so it is asked for by 2025-12-16; discussions cannot
    begin before the payer answers, so they begin by then too (never a response date after the
    discussion date).
    """
    content = proposal_letter(analysis, TOP_PAYER)
    d = content.dates
    assert d.letter_date == date(2025, 12, 1)
    assert d.end_date == date(2026, 3, 31)
    assert d.notice_deadline == date(2025, 12, 31)
    assert d.decision_date == date(2025, 12, 16)
    assert d.begin_discussions == date(2025, 12, 16)
    assert d.response_by == date(2025, 12, 16)
    text = _text(content)
    assert ("As the current term of our agreement ends on March 31, 2026, we would like to "
            "begin discussions by December 16, 2025.") in text
    assert ("We ask for your written response by December 16, 2025, ahead of the agreement's "
            "90-day notice date of December 31, 2025.") in text
    assert content.subject[0] == ("Re: Rate proposal, agreement SBC-PT-2019-114 (PPO), current "
                                  "term ending March 31, 2026")
    assert any("response date was moved from 2025-12-31" in w for w in content.warnings)


@pytest.mark.parametrize("day", range(17, 23))
def test_after_the_decision_date_the_reply_is_asked_before_the_notice_deadline(analysis, day):
    """The reviewer's case: a letter written after the decision date (Summit's: 2025-12-16)
    asked for a reply 30 days out, two weeks past the notice deadline (2025-12-31), and said
    nothing. It asks for one by the business day before the deadline (Tue 2025-12-30), says
    so, and warns."""
    content = proposal_letter(analysis, TOP_PAYER, letter_date=date(2025, 12, day))
    assert content.dates.response_by == date(2025, 12, 30)
    assert content.dates.begin_discussions <= date(2025, 12, 30)
    assert ("We ask for your written response by December 30, 2025, ahead of the agreement's "
            "90-day notice date of December 31, 2025.") in _text(content)
    assert any("to 2025-12-30, the business day before the notice deadline 2025-12-31: the "
               "decision date 2025-12-16 has passed" in w for w in content.warnings)


@pytest.mark.parametrize("day", range(2, 17))
def test_while_the_decision_date_is_ahead_the_reply_is_asked_by_it(analysis, day):
    """The reviewer's case: a letter written days before the decision date (Summit's:
    Tue 2025-12-16; notice deadline Wed 2025-12-31) said the decision date "has passed" and
    asked for a reply by 2025-12-30, two weeks after the clinic's own decision date: it had
    compared the decision date with the day discussions begin (a working week after the
    letter), not with the letter's date. While the decision date is on or after the letter's,
    the reply is asked for by it, and discussions begin by then too."""
    content = proposal_letter(analysis, TOP_PAYER, letter_date=date(2025, 12, day))
    assert content.dates.response_by == date(2025, 12, 16)
    assert content.dates.begin_discussions <= date(2025, 12, 16)
    assert ("We ask for your written response by December 16, 2025, ahead of the agreement's "
            "90-day notice date of December 31, 2025.") in _text(content)
    assert not any("has passed" in w for w in content.warnings)
    moved = [w for w in content.warnings if w.startswith("the response date was moved")]
    assert len(moved) == 1 and "to the decision date 2025-12-16" in moved[0]


def test_a_decision_date_days_away_is_said_to_be_close(analysis):
    # Mon 2025-12-15: discussions would begin a working week later (2025-12-22), after the
    # decision date, one day away
    content = proposal_letter(analysis, TOP_PAYER, letter_date=date(2025, 12, 15))
    assert content.dates.begin_discussions == date(2025, 12, 16)
    assert ("the response date was moved from 2026-01-14 (30 days, sheet 'Settings', field "
            "'response_days') to the decision date 2025-12-16, 1 day after the letter: the "
            "payer has little time to answer; send the letter at once and call the contact, and "
            "decide by 2025-12-16 even without a reply, so that notice can still be given by "
            "the notice deadline 2025-12-31") in content.warnings
    text = _text(content)
    assert "we would like to begin discussions by December 16, 2025" in text


def test_early_letter_uses_the_timeline_dates(analysis):
    """Keystone's term ends 2026-12-31 with 120 days' notice. Written 2026-02-02: talks open 5
    months before the end, 2026-07-31 (a Friday), the timeline's day to send the proposal; a
    response 30 days out is 2026-03-04 (Wed), well before the decision date, so it stands. The
    letter sends the proposal early, so discussions begin with that reply ("after your reply,
    and by July 31, 2026 at the latest" beside a reply asked for by March 4, 2026 left months
    between the two)."""
    content = proposal_letter(analysis, "Keystone Health Plan", letter_date=date(2026, 2, 2))
    assert content.dates.begin_discussions == date(2026, 3, 4)
    assert content.dates.response_by == date(2026, 3, 4)
    text = _text(content)
    assert "we would like to begin discussions by March 4, 2026." in text
    assert "at the latest" not in text
    assert "We ask for your written response by March 4, 2026." in text


@pytest.mark.parametrize("kind", ["proposal", "termination"])
@pytest.mark.parametrize(("days", "warned"), [(0, False), (30, False), (-30, False),
                                              (31, True), (-31, True), (1125, True)])
def test_a_letter_dated_far_from_its_analysis_is_warned_about(analysis, kind, days, warned):
    # the analysis is as of 2025-12-01: a letter --date years later cited its rates silently
    day = analysis.as_of + timedelta(days=days)
    content = build_letter(analysis, "Keystone Health Plan", kind, letter_date=day)
    said = [w for w in content.warnings if w.startswith("the letter is dated")]
    if not warned:
        assert said == []
        return
    side = "after" if days > 0 else "before"
    assert said == [f"the letter is dated {day.isoformat()}, {abs(days)} days {side} the "
                    f"analysis date 2025-12-01: its rates, Medicare amounts and results are as "
                    f"of 2025-12-01; set the analysis date (Settings, analysis_date) to the "
                    f"letter's date to write it from figures of that day"]


@pytest.mark.parametrize("kind", ["proposal", "termination"])
@pytest.mark.parametrize(("day", "closed", "following"), [
    (date(2025, 12, 6), "a Saturday", date(2025, 12, 8)),
    (date(2025, 12, 7), "a Sunday", date(2025, 12, 8)),
    (date(2025, 11, 27), "a US federal holiday", date(2025, 11, 28)),  # Thanksgiving
    (date(2025, 12, 25), "a US federal holiday", date(2025, 12, 26)),  # Christmas, a Thursday
    (date(2025, 12, 1), None, None),  # the analysis date, a Monday
    (date(2025, 11, 28), None, None),  # the day after Thanksgiving is no federal holiday
])
def test_a_letter_dated_on_a_weekend_or_federal_holiday_is_warned_about(
        analysis, kind, day, closed, following):
    # the follow-ups skip those days (ratecalc.timeline.business_day_offset); a letter dated
    # on one was written without a word
    content = build_letter(analysis, "Keystone Health Plan", kind, letter_date=day)
    said = [w for w in content.warnings if w.startswith("the letter's date")]
    if closed is None:
        assert said == []
        return
    assert said == [f"the letter's date, {day.isoformat()}, is {closed}, when a payer's office "
                    f"is closed: to date it on the next business day, give --date "
                    f"{following.isoformat()}"]


@pytest.mark.parametrize(("day", "holiday", "following"), [
    (date(2025, 10, 13), "Columbus Day", date(2025, 10, 14)),
    (date(2025, 11, 11), "Veterans Day", date(2025, 11, 12)),  # a Tuesday
    (date(2026, 1, 19), "Martin Luther King Jr. Day", date(2026, 1, 20)),
])
def test_a_letter_dated_on_a_holiday_many_offices_keep_is_not_said_to_reach_a_closed_one(
        analysis, day, holiday, following):
    # it said "is a US federal holiday, when a payer's office is closed" on every one
    content = build_letter(analysis, "Keystone Health Plan", "proposal", letter_date=day)
    said = [w for w in content.warnings if w.startswith("the letter's date")]
    assert said == [f"the letter's date, {day.isoformat()}, is {holiday}, a US federal holiday "
                    f"on which many payers' offices are open, though no mail is delivered: to "
                    f"date it on the next business day, give --date {following.isoformat()}"]


def test_a_letter_dated_on_a_weekend_says_in_excel_what_to_do_there(analysis):
    from ratecalc.remedies import in_excel

    with in_excel():
        content = build_letter(analysis, "Keystone Health Plan", "proposal",
                               letter_date=date(2025, 12, 6))
    assert ("the letter's date, 2025-12-06, is a Saturday, when a payer's office is closed: to "
            "date it on the next business day, set the analysis date (Settings, "
            "analysis_date) to 2025-12-08, save, and press the button again"
            ) in content.warnings


def test_expiring_contract_says_expires(analysis):
    # Meridian Mutual does not auto-renew: its agreement expires
    text = _text(proposal_letter(analysis, "Meridian Mutual"))
    assert "As our agreement expires on June 30, 2026" in text


def test_payer_name_case_is_ignored_and_the_letter_uses_the_sheet_spelling(analysis):
    content = proposal_letter(analysis, "  summit bluecare ppo ")
    assert content.payer == TOP_PAYER
    assert "Summit BlueCare PPO members" in _text(content)


# --------------------------------------------------------------------------- counter


def test_counter_figures_are_the_core_counteroffer(analysis, summit_offer):
    content = counter_letter(analysis, TOP_PAYER, summit_offer)
    core = analysis.proposal[analysis.proposal["payer"] == TOP_PAYER].set_index("code")
    codes = list(summit_offer.rates)
    expected = evaluate_counteroffer(pd.DataFrame({
        "code": codes, "units_per_year": [core.loc[c, "units_per_year"] for c in codes],
        "current_rate": [core.loc[c, "current_rate"] for c in codes],
        "ask_rate": [core.loc[c, "proposed_rate"] for c in codes],
        "counter_rate": [summit_offer.rates[c] for c in codes],
        "floor_rate": [core.loc[c, "floor"] for c in codes]}))
    result = content.counter
    for field in ("revenue_current", "revenue_counter", "revenue_ask", "revenue_suggested",
                  "delta_vs_current", "delta_vs_ask"):
        assert round_cents(getattr(result, field)) == round_cents(getattr(expected, field))
    # by hand: offer minus current, times units:
    # 97110 (26.50-25.22)x2940 = 3763.20; 97140 (28.26-24.58)x1860 = 6844.80;
    # 97530 (29.00-28.67)x1620 = 534.60; 97112 (30.10-28.66)x1230 = 1771.20;
    # G0283 (10.00-10.56)x450 = -252.00; total +12,661.80
    assert round_cents(result.delta_vs_current) == 12661.80
    text = _text(content)
    # the sign in words: "would change annual reimbursement by +$12,661.80" read unfinished
    assert "would increase annual reimbursement by $12,661.80 over current rates" in text
    assert "$18,249.90 a year short of our proposal" in text


def test_counter_never_below_the_floor_and_accepts_an_offer_at_the_ask(analysis, summit_offer):
    content = counter_letter(analysis, TOP_PAYER, summit_offer)
    for ln in content.lines:
        assert ln.counter_rate >= round_cents(ln.floor)
        assert ln.counter_rate >= ln.offer_rate or ln.offer_rate >= ln.proposed_rate
    g0283 = next(ln for ln in content.lines if ln.code == "G0283")
    # $10.00 offered is below the $10.21 floor (Medicare 11.35 x 0.8998): counter
    # max(10.21, 10.00 + 0.5 x (12.14 - 10.00)) = 11.07
    assert g0283.counter_rate == 11.07
    text = _text(content)
    assert "We accept your offered rate for 97140." in text
    assert "For G0283, the rate you offered does not cover the cost" in text


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(min_value=1.0, max_value=300.0, allow_nan=False), min_size=5,
                max_size=5))
def test_counter_is_never_below_the_floor_for_any_offer(analysis, offers):
    codes = ["97110", "97140", "97530", "97112", "G0283"]
    offer = PayerOffer(TOP_PAYER, dict(zip(codes, offers, strict=True)))
    content = counter_letter(analysis, TOP_PAYER, offer)
    for ln in content.lines:
        assert ln.counter_rate >= round_cents(ln.floor)


def test_across_the_board_offer_is_applied_to_current_rates(analysis):
    offer = PayerOffer(TOP_PAYER, {"97110": 27.00}, increases={"": 0.03})
    content = counter_letter(analysis, TOP_PAYER, offer)
    by_code = {ln.code: ln for ln in content.lines}
    assert len(by_code) == 15
    assert by_code["97110"].offer_rate == 27.00
    assert by_code["97140"].offer_rate == 25.32   # 24.58 x 1.03 = 25.3174 -> 25.32
    assert by_code["92523"].offer_rate == 202.89  # 196.98 x 1.03 = 202.8894 -> 202.89


def test_all_accepted_becomes_an_acceptance(analysis):
    core = analysis.proposal[analysis.proposal["payer"] == TOP_PAYER]
    offer = PayerOffer(TOP_PAYER, dict(zip(core["code"], core["proposed_rate"], strict=True)))
    content = counter_letter(analysis, TOP_PAYER, offer)
    assert content.subject[0].startswith("Re: Acceptance of your rate offer")
    assert "we accept the rates you offered" in _text(content)


# --------------------------------------------------------------------------- termination


def test_termination_on_time_ends_with_the_term(analysis):
    """Meridian Mutual: term ends 2026-06-30, 90 days' notice -> deadline Wed 2026-04-01;
    a notice dated 2025-12-01 is on time, effective 2026-06-30, 211 days later."""
    content = termination_letter(analysis, "Meridian Mutual")
    assert content.dates.notice_deadline == date(2026, 4, 1)
    assert content.dates.effective_date == date(2026, 6, 30)
    text = _text(content)
    assert "Our participation in Meridian Mutual's PPO network will end on June 30, 2026." \
        in text
    assert "This notice is given 211 days before that date, meeting the agreement's " \
           "requirement of 90 days' written notice." in text
    assert content.warnings == ()


def test_late_notice_on_an_auto_renewing_contract_waits_for_the_renewed_term(analysis):
    """Summit BlueCare auto-renews; its notice deadline is 2025-12-31. Notice on 2026-01-05 is
    late, so the contract renews and non-renewal takes effect at the renewed term's end,
    2027-03-31."""
    content = termination_letter(analysis, TOP_PAYER, letter_date=date(2026, 1, 5))
    assert content.dates.effective_date == date(2027, 3, 31)
    assert any("after the notice deadline 2025-12-31" in w for w in content.warnings)
    assert "will end on March 31, 2027" in _text(content)
    # the payer is told why: the term ending 2026-03-31 renews first
    assert ("The deadline for notice before the current term ends on March 31, 2026 was "
            "December 31, 2025, so the agreement renews on April 1, 2026 and this notice takes "
            "effect at the end of the renewed term.") in _text(content)
    on_time = _text(termination_letter(analysis, "Meridian Mutual"))
    assert "renews" not in on_time


def test_late_notice_on_a_contract_that_lapses_does_not_claim_the_notice_period(analysis):
    """Meridian Mutual does not auto-renew; its notice deadline is 2026-04-01. A notice dated
    2026-04-07 is 84 days before the term ends on 2026-06-30: the letter said "meeting the
    agreement's requirement of 90 days' written notice" to the payer, beside the warning that
    it was late (a speech/OT practice's notice to Blue Cross, 84 of 90 days; walk-5). It says
    the notice date passed and the agreement ends then anyway."""
    content = termination_letter(analysis, "Meridian Mutual", letter_date=date(2026, 4, 7))
    assert content.dates.effective_date == date(2026, 6, 30)
    assert any("after the notice deadline 2026-04-01" in w for w in content.warnings)
    text = _text(content)
    assert "meeting the agreement's requirement" not in text
    assert ("This notice is given 84 days before that date, after the agreement's 90-day "
            "notice date of April 1, 2026; as the agreement does not renew by itself, it ends "
            "on June 30, 2026 in any case, and this letter confirms that we will not renew it."
            ) in text




def test_a_notice_a_day_before_the_end_says_one_day(analysis):
    """Meridian Mutual's term ends 2026-06-30; a notice dated 2026-06-29 is given 1 day before
    it: the letter read "This notice is given 1 days before that date" (review-a5)."""
    text = _text(termination_letter(analysis, "Meridian Mutual", letter_date=date(2026, 6, 29)))
    assert "This notice is given 1 day before that date, after the agreement's 90-day" in text
    assert "1 days" not in text

def test_late_notice_on_a_monthly_evergreen_contract_meets_the_notice_period(analysis):
    """Summit BlueCare auto-renews; with Renewal months 1 its current term ends 2026-03-31
    and its notice deadline was 2025-12-31. A notice dated 2026-03-15 cannot end the term
    renewed to 2026-04-30 (notice by 2026-01-30) nor the one to 2026-05-31 (by 2026-03-02):
    it ends the one to 2026-06-30 (by 2026-04-01), 107 days later. The letter named
    2026-04-30, 46 days away, and said "as the agreement does not renew by itself, it ends
    on April 30, 2026 in any case" beside its own sentence that the agreement renews."""
    data = analysis.data
    contracts = data.contracts.copy()
    contracts.loc[contracts["payer"] == TOP_PAYER, "renewal_months"] = 1
    monthly = analyze(dataclasses.replace(data, contracts=contracts))
    content = termination_letter(monthly, TOP_PAYER, letter_date=date(2026, 3, 15))
    assert content.dates.effective_date == date(2026, 6, 30)
    text = _text(content)
    assert "does not renew by itself" not in text
    assert "Our participation in Summit BlueCare PPO's network will end on June 30, 2026." \
        in text
    assert ("This notice is given 107 days before that date, meeting the agreement's "
            "requirement of 90 days' written notice.") in text
    assert ("The deadline for notice before the current term ends on March 31, 2026 was "
            "December 31, 2025, so the agreement renews on April 1, 2026 and this notice takes "
            "effect at the end of the first renewed term it gives 90 days' notice of.") in text
    assert any("end of the first renewed term 90 days' notice reaches, 2026-06-30" in w
               for w in content.warnings)

@pytest.mark.parametrize(("end", "auto", "notice", "sent", "expected"), [
    (date(2026, 6, 30), False, 90, date(2026, 4, 1), date(2026, 6, 30)),   # on the deadline
    (date(2026, 6, 30), False, 90, date(2026, 4, 2), date(2026, 6, 30)),   # late, lapses
    (date(2026, 6, 30), True, 90, date(2026, 4, 2), date(2027, 6, 30)),    # late, renews
    (date(2026, 6, 30), True, 120, date(2026, 3, 2), date(2026, 6, 30)),   # 120 days: Mar 2
    # written end 2024-02-29: its current term ends 2027-02-28, the next one 2028-02-29, as
    # every term of it is counted from the written date (the renewal timeline's rule)
    (date(2024, 2, 29), True, 90, date(2026, 12, 1), date(2028, 2, 29)),
])
def test_termination_effective_date(end, auto, notice, sent, expected):
    timeline = renewal_timeline(end, auto_renew=auto, notice_days=notice, as_of=sent)
    assert termination_effective_date(timeline, sent)[0] == expected


def test_termination_names_the_network_without_repeating_the_product(analysis):
    """Summit BlueCare PPO's contract is for its PPO product: the network is "Summit BlueCare
    PPO's network", not "Summit BlueCare PPO PPO"."""
    text = _text(termination_letter(analysis, TOP_PAYER, letter_date=date(2026, 1, 5)))
    assert "Our participation in Summit BlueCare PPO's network will end on March 31, 2027." \
        in text


@pytest.mark.parametrize(("payer", "product", "network"), [
    # the payer's name and the product as separate words (a review found "the Cardinal
    # Employers Trust Self-funded network", product glued to the name)
    ("Cardinal Employers Trust", "Self-funded", "Cardinal Employers Trust's Self-funded network"),
    ("Keystone Health Plan", "HMO/POS", "Keystone Health Plan's HMO/POS network"),
    ("Lakeside Health Partners", "EPO", "Lakeside Health Partners' EPO network"),
    ("Pioneer Medicare Advantage", "Medicare Advantage", "Pioneer Medicare Advantage's network"),
    ("BCBS", "PPO", "BCBS's PPO network"),
    ("Acme", "", "Acme's network"),
])
def test_termination_names_the_payers_network_in_natural_words(analysis, payer, product,
                                                                network):
    data = analysis.data
    contracts, payers = data.contracts.copy(), data.payers.copy()
    if payer not in set(payers["payer"]):  # a name of its own, in place of Meridian Mutual's
        contracts["payer"] = contracts["payer"].replace("Meridian Mutual", payer)
        payers["payer"] = payers["payer"].replace("Meridian Mutual", payer)
        fees, volumes = (t.assign(payer=t["payer"].replace("Meridian Mutual", payer))
                         for t in (data.fee_schedules, data.volumes))
        data = dataclasses.replace(data, payers=payers, fee_schedules=fees, volumes=volumes)
    contracts.loc[contracts["payer"] == payer, "product"] = product
    text = _text(termination_letter(analyze(dataclasses.replace(data, contracts=contracts)),
                                    payer))
    assert f"Our participation in {network} will end on " in text
    assert not re.search(rf"\bthe {re.escape(payer)}", text)


@pytest.mark.parametrize("product", ["PPO", "ppo", " Ppo "])
@pytest.mark.parametrize("kind", ["proposal", "counter", "termination"])
def test_no_letter_says_the_product_twice(analysis, summit_offer, kind, product):
    data = analysis.data
    contracts = data.contracts.copy()
    contracts.loc[contracts["payer"] == TOP_PAYER, "product"] = product
    other = analyze(dataclasses.replace(data, contracts=contracts))
    offer = summit_offer if kind == "counter" else None
    text = _text(build_letter(other, TOP_PAYER, kind, offer=offer))
    assert "Summit BlueCare PPO" in text
    assert not re.search(r"\bPPO\s+PPO\b", text, re.IGNORECASE), kind


def test_termination_needs_no_proposal_rows(analysis):
    data = analysis.data
    fees = data.fee_schedules[data.fee_schedules["payer"] != "Meridian Mutual"]
    vols = data.volumes[data.volumes["payer"] != "Meridian Mutual"]
    other = analyze(dataclasses.replace(data, fee_schedules=fees, volumes=vols))
    content = termination_letter(other, "Meridian Mutual")
    assert content.lines == () and content.totals is None
    assert "The rates in our proposal" not in _text(content)


# --------------------------------------------------------------------------- misc


def test_build_letter_dispatches_and_as_dict_is_json_ready(analysis, summit_offer):
    import json

    for kind, offer in (("proposal", None), ("counter", summit_offer), ("termination", None)):
        content = build_letter(analysis, TOP_PAYER, kind, offer=offer)
        assert content.kind == kind
        info = json.loads(json.dumps(content.as_dict()))
        assert info["payer"] == TOP_PAYER
        assert info["dates"]["letter_date"] == "2025-12-01"
    info = build_letter(analysis, TOP_PAYER).as_dict()
    assert info["totals"]["annual_impact"] == 44174.85
    assert {ln["code"]: ln["proposed_rate"] for ln in info["lines"]}["97110"] == 29.00


def test_letter_paragraphs_have_no_unfilled_values(analysis, summit_offer):
    for content in (proposal_letter(analysis, TOP_PAYER),
                    counter_letter(analysis, TOP_PAYER, summit_offer),
                    termination_letter(analysis, "Meridian Mutual")):
        for block in content.blocks:
            if isinstance(block, Paragraph):
                for bad in ("nan", "None", "NaT", "{", "}"):
                    assert bad not in block.text.split(), (bad, block.text)
        assert not any(math.isnan(ln.current_rate) for ln in content.lines)


def test_demo_data_is_not_mutated(analysis):
    before = demo_data().contracts.copy()
    proposal_letter(analysis, TOP_PAYER)
    pd.testing.assert_frame_equal(analysis.data.contracts, before)


@settings(max_examples=200, deadline=None)
@given(end=st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31)),
       notice=st.integers(min_value=0, max_value=180), back=st.integers(min_value=0,
                                                                        max_value=400),
       auto=st.booleans())
def test_non_renewal_respects_the_notice_period(end, notice, back, auto):
    """Whenever the notice can still count (sent by the deadline, or the contract renews and
    the notice then counts for the renewed term), it is given at least ``notice`` days before
    it takes effect."""
    sent = end - timedelta(days=back)
    timeline = renewal_timeline(end, auto_renew=auto, notice_days=notice, as_of=sent)
    effective, warnings = termination_effective_date(timeline, sent)
    if sent <= timeline.notice_deadline or auto:
        assert (effective - sent).days >= notice
    else:
        assert effective == end and warnings   # it lapses anyway; the letter says notice is late
    assert effective >= end



@settings(max_examples=200, deadline=None)
@given(end=st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31)),
       notice=st.integers(min_value=0, max_value=180),
       back=st.integers(min_value=0, max_value=400),
       months=st.integers(min_value=1, max_value=12))
def test_a_late_notice_waits_for_a_renewed_term_it_gives_notice_of(end, notice, back, months):
    """The same rule for an auto-renewing contract whose renewed terms are short (Renewal
    months 1 to 12): a late notice takes effect at the end of the first renewed term whose
    own notice deadline it meets, so it is given at least ``notice`` days before it. A monthly
    term with 90 days' notice took effect at the end of the next month, 46 days after a
    notice of 2026-03-15, and the letter told the payer the agreement "does not renew by
    itself" (review-a5)."""
    sent = end - timedelta(days=back)
    timeline = renewal_timeline(end, auto_renew=True, notice_days=notice,
                                renewal_term_months=months, as_of=sent)
    effective, _ = termination_effective_date(timeline, sent)
    assert (effective - sent).days >= notice
    assert sent <= notice_deadline(effective, notice)
    assert effective >= timeline.end_date

def test_code_medicare_does_not_pay_shows_dashes(analysis):
    """97014 has Medicare status I (not payable; G0283 instead) and no benchmark here."""
    data = analysis.data
    fees = pd.concat([data.fee_schedules, pd.DataFrame([{
        "payer": TOP_PAYER, "code": "97014", "modifier": "", "allowed_amount": 9.50,
        "effective_date": date(2025, 1, 1)}])], ignore_index=True)
    vols = pd.concat([data.volumes, pd.DataFrame([{
        "payer": TOP_PAYER, "code": "97014", "units_per_year": 100.0, "visits": 100}])],
        ignore_index=True)
    content = proposal_letter(analyze(dataclasses.replace(data, fee_schedules=fees,
                                                          volumes=vols)), TOP_PAYER)
    row = next(r for r in _table(content, "rates").rows if r[0] == "97014")
    # 9.50 x 1.05 = 9.975, rounded up so the 5% minimum holds: 9.98 (+5.05%)
    assert row == ("97014", "Muscle stim, unattended", "100", "$9.50", "$9.98",
                   "+5.1%", "\u2014", "\u2014")


def test_a_typed_rate_no_percent_pays_is_warned_and_one_that_is_paid_shows_its_term(analysis):
    data = analysis.data
    settings_pct = dataclasses.replace(data.settings, rate_basis="pct_of_medicare")
    medicare = float(analysis.proposal.set_index(["payer", "code"]).loc[
        (TOP_PAYER, "97110"), "medicare_amount"])
    # Medicare in force on 2026-04-01, when the payer's new term begins and the asks take
    # effect: 115.0% pays 31.28 (31.28), 115.1% 31.31 (31.3072): nothing pays 31.30
    assert medicare == 27.20
    typed = analyze(dataclasses.replace(data, settings=settings_pct,
                                        requested_rates={(TOP_PAYER, "97110"): 31.30}))
    assert any(f"{TOP_PAYER}: 'Your rate' is no percent of Medicare to a tenth of a percent "
               f"for 97110 $31.30 (115.1% pays $31.31)" in w.message for w in typed.warnings)
    paid = analyze(dataclasses.replace(data, settings=settings_pct,
                                       requested_rates={(TOP_PAYER, "97110"): 31.28}))
    assert not any("no percent of Medicare" in w.message for w in paid.warnings)
    letter = proposal_letter(paid, TOP_PAYER, requested_rates={"97110": 31.28})
    row = next(r for r in _table(letter, "rates").rows if r[0] == "97110")
    assert (row[4], row[5]) == ("115.0%", "$31.28")


# --------------------------------------------------------------------------- no volumes


def _no_units(payer: str):
    """The demo clinic with ``payer``'s units a year all zero (a payer new to the clinic)."""
    data = demo_data()
    volumes = data.volumes.copy()
    volumes.loc[volumes["payer"] == payer, "units_per_year"] = 0
    return analyze(dataclasses.replace(data, volumes=volumes))


def test_a_proposal_to_a_payer_with_no_units_does_not_say_it_is_worth_nothing():
    # "At last year's volumes (0 units), the proposed rates would change annual reimbursement
    # from $0.00 to $0.00, an increase of $0.00 (—)", over a table of $0.00 and "(—)"
    content = proposal_letter(_no_units(TOP_PAYER), TOP_PAYER)
    text = _text(content)
    assert ("We have no volumes on file for these services for last year, so this letter does "
            "not estimate what the proposed rates would change in a year.") in text
    assert "an increase of $0.00" not in text and "(—)" not in text
    assert not [b for b in content.blocks if isinstance(b, Table) and b.name == "summary"]
    assert _table(content, "rates").rows  # the rates asked are still there
    # of 15 codes the chart shows 10: not "the 10 codes with the most units", of none
    chart = next(b for b in content.blocks if isinstance(b, Chart))
    assert chart.caption.endswith(", for the first 10 codes by code.")
    assert list(chart.codes) == sorted(chart.codes)


def test_a_counter_letter_to_a_payer_with_no_units_does_not_say_the_offer_meets_it(
        summit_offer):
    # "your rates would change annual reimbursement by $0.00 over current rates; that is
    # $0.00 a year short of our proposal"
    content = counter_letter(_no_units(TOP_PAYER), TOP_PAYER, summit_offer)
    text = _text(content)
    assert ("we have no volumes on file for them for last year, so this letter does not "
            "estimate what your rates would change in a year.") in text
    assert "$0.00 a year short" not in text
    assert not [b for b in content.blocks if isinstance(b, Table) and b.name == "summary"]
    assert _table(content, "counter").rows


def test_a_counter_letter_on_one_code_with_no_units_says_it_in_the_singular():
    # "On the 1 codes in your offer: we have no volumes on file for them"
    content = counter_letter(_no_units(TOP_PAYER), TOP_PAYER,
                             PayerOffer(TOP_PAYER, {"97110": 26.50}))
    assert ("On the one code in your offer: we have no volumes on file for it for last year, "
            "so this letter does not estimate what your rate would change in a year.") \
        in _text(content)


def test_a_counter_letter_names_the_proposed_codes_the_offer_leaves_out(analysis, summit_offer):
    """The payer offered rates for 5 of the 15 codes we proposed: the letter said nothing of
    the other 10, and its "short of our proposal" counted the 5 only, as if the rest were
    dropped. It names them, and that their proposed rates still stand."""
    content = counter_letter(analysis, TOP_PAYER, summit_offer)
    # in the order the proposal letter's table lists them (most units first)
    rates = _table(proposal_letter(analysis, TOP_PAYER), "rates")
    asked = {row[0]: row[rates.header.index("Proposed rate")] for row in rates.rows}
    left_out = [c for c in asked if c not in summit_offer.rates]
    assert left_out == ["97535", "92507", "97116", "97035", "97162", "97161", "97164", "97165",
                        "97166", "92523"]
    # each with the rate still asked, the proposal letter's
    said = [f"{c} at {asked[c]}" for c in left_out]
    assert (f"Your offer leaves out 10 of the 15 codes in our proposal; for them we still ask "
            f"the rates we proposed: {', '.join(said[:-1])} and {said[-1]}.") in _text(content)
    # the table and its sums stay the offer's codes
    assert [row[0] for row in _table(content, "counter").rows] == list(summit_offer.rates)


def test_a_counter_letter_says_one_code_left_out_in_the_singular(analysis):
    rates = _table(proposal_letter(analysis, TOP_PAYER), "rates")
    proposed = [row[0] for row in rates.rows]
    [*offered, last] = proposed
    rate = rates.rows[-1][rates.header.index("Proposed rate")]
    content = counter_letter(analysis, TOP_PAYER,
                             PayerOffer(TOP_PAYER, dict.fromkeys(offered, 30.00)))
    assert (f"Your offer leaves out 1 of the 15 codes in our proposal; for it we still ask "
            f"the rate we proposed: {last} at {rate}.") in _text(content)


def test_a_counter_letter_to_an_offer_on_every_code_names_none_left_out(analysis):
    proposed = analysis.proposal[analysis.proposal["payer"] == TOP_PAYER]["code"].astype(str)
    by_code = counter_letter(analysis, TOP_PAYER,
                             PayerOffer(TOP_PAYER, dict.fromkeys(proposed, 30.00)))
    across = counter_letter(analysis, TOP_PAYER, PayerOffer(TOP_PAYER, increases={"": 0.05}))
    for content in (by_code, across):
        assert "leaves out" not in _text(content)


def test_settings_and_contract_cells_read_from_a_table_are_named_in_the_warnings(tmp_path):
    """Read from a folder of tables, the letter's warnings name the Settings and contract cells
    they are about (file, row, column), as every other message does: the response days'
    value cell and the blank contract id's (they said "sheet 'Settings' field
    'response_days'" and "sheet 'Payers & Contracts', payer ..., column 'contract_id'")."""
    import shutil
    from importlib import resources

    from ratecalc.loaders import load_folder, require

    folder = tmp_path / "clinic"
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as shipped:
        shutil.copytree(shipped, folder)
    contracts = folder / "contracts.csv"
    contracts.write_text(contracts.read_text().replace(",SBC-PT-2019-114,", ",,"))
    analysis = analyze(require(load_folder(folder)))
    content = proposal_letter(analysis, TOP_PAYER, letter_date=date(2025, 12, 15))
    assert any(w.startswith("the response date was moved from 2026-01-14 (30 days, "
                            "'settings.csv', row 14, column B 'value': response_days) to the "
                            "decision date 2025-12-16") for w in content.warnings), \
        content.warnings
    assert ("'contracts.csv', row 2, column C 'contract_id' is empty: the subject line names no "
            "agreement number") in content.warnings


def test_no_value_heading_over_nothing(summit_offer):
    """A clinic with no metrics, programs or advantages typed (a solo practice's first
    workbook) had "The value we deliver" (the counter: "Why these rates") as a heading with
    nothing under it, the next section's heading straight after."""
    data = demo_data()
    bare = dataclasses.replace(
        data, metrics=data.metrics.iloc[0:0],
        clinic={**data.clinic, "advantages": None, "specialty_programs": None})
    other = analyze(bare)
    for content, heading in ((proposal_letter(other, TOP_PAYER), "The value we deliver"),
                             (counter_letter(other, TOP_PAYER, summit_offer),
                              "Why these rates")):
        headings = [b.text for b in content.blocks if isinstance(b, Heading)]
        assert heading not in headings
        # the sections after it are kept: the terms the clinic would take instead, and more
        assert "If rates cannot move" in headings
    # with the clinic's figures the heading stays (the demo's letter)
    assert "The value we deliver" in [b.text for b in proposal_letter(
        analyze(data), TOP_PAYER).blocks if isinstance(b, Heading)]
