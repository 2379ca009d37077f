"""``ratecalc scenario``, ``exit-impact`` and ``timeline`` through the real entry point."""

from __future__ import annotations

import json
import shutil
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from importlib import resources
from pathlib import Path

import icalendar
import pytest

from ratecalc.demo import demo_data
from ratecalc.rates import schedule_rates
from ratecalc_cli.main import ExitCode, main

# the demo clinic as shipped: its story as of 2025-12-01
DEMO = ("--demo", "--today", "2025-12-01")


def run_json(capsys, *argv: str) -> dict:
    code = main([*argv, "--json"])
    out = capsys.readouterr().out
    assert code == ExitCode.OK, out
    return json.loads(out)


def run_error(capsys, *argv: str, code: int = ExitCode.INPUT_ERROR) -> str:
    got = main(list(argv))
    captured = capsys.readouterr()
    assert got == code
    assert "Traceback" not in captured.err
    return captured.err


def run_usage_error(capsys, *argv: str) -> str:
    """An argument refused by its range check (issue 12): argparse's exit code 2."""
    with pytest.raises(SystemExit) as exc:
        main(list(argv))
    assert exc.value.code == ExitCode.USAGE
    return capsys.readouterr().err


ONE_CODE = ["scenario", "--units", "1200", "--medicare", "26.83", "--fixed", "32",
            "--pct-of-medicare", "1.15", "--years", "3"]


def test_scenario_one_code(capsys):
    # fixed: 1,200 x 32 x 3 = 115,200
    # percent: 115% of each year's Medicare amount, paid in cents a unit:
    #   1.15 x 26.83 = 30.8545 -> 30.85; x 1,200 = 37,020.00
    #   1.15 x 26.83 x 0.972 = 29.990574 -> 29.99; x 1,200 = 35,988.00
    #   1.15 x 26.83 x 0.972^2 = 29.150838 -> 29.15; x 1,200 = 34,980.00
    #   = 107,988.00; difference 7,212.00 (year 1 x the indices gave 107,979.34 and 7,220.66)
    # break-even (the exact percentage): 115,200 / (26.83 x 1,200 x 2.916784) = 1.226722
    data = run_json(capsys, *ONE_CODE, "--cf-change", "-0.028")
    assert {"fixed_total", "pct_total", "difference", "break_even_pct_of_medicare",
            "years"} <= set(data)
    assert data["fixed_total"] == 115_200.0
    assert data["pct_total"] == 107_988.00
    assert data["difference"] == 7_212.00
    assert data["break_even_pct_of_medicare"] == pytest.approx(
        115_200 / (26.83 * 1200 * 2.916784), abs=1e-6)
    assert data["better"] == "fixed"
    assert [y["cf_change"] for y in data["years"]] == [0.0, -0.028, -0.028]
    assert [y["pct_revenue"] for y in data["years"]] == [37_020.0, 35_988.0, 34_980.0]
    assert {p["path"] for p in data["paths"]} == {"flat", "historical", "stress", "custom"}


def test_scenario_escalator_and_list_of_changes(capsys):
    # the rate $32.00 | x 1.02 = $32.64 | x 1.02 = $33.2928 -> $33.29, in cents each year:
    # 38,400 + 39,168 + 39,948 = 117,516.00 (38,400 x 1.0404 = 39,951.36 gave 117,519.36)
    data = run_json(capsys, *ONE_CODE, "--cf-change", "0.01,-0.02", "--escalator", "0.02")
    assert data["fixed_total"] == 117_516.00
    assert [y["fixed_revenue"] for y in data["years"]] == [38_400.0, 39_168.0, 39_948.0]
    assert [y["cf_change"] for y in data["years"]] == [0.0, 0.01, -0.02]


def test_scenario_presets(capsys):
    flat = run_json(capsys, *ONE_CODE, "--cf-path", "flat")
    assert flat["path"] == "flat"
    assert flat["pct_total"] == 111_060.0  # 37,020.00 x 3
    historical = run_json(capsys, *ONE_CODE, "--cf-window", "2019-2026")
    assert historical["path"] == "historical"
    # (33.4009 / 36.0391) ** (1/7) - 1 = -1.0801% a year
    assert historical["years"][1]["cf_change"] == pytest.approx(-0.010801, abs=1e-6)


def test_scenario_bad_input(capsys):
    err = run_error(capsys, *ONE_CODE, "--cf-change", "-0.01,-0.02,-0.03")
    assert "expected one change, used for every year, or 2 changes" in err
    err = run_usage_error(capsys, *ONE_CODE, "--cf-change", "down")
    assert "argument --cf-change: expected a number, got 'down'" in err
    err = run_usage_error(capsys, "scenario", "--units", "-10", "--medicare", "26.83", "--fixed",
                          "32", "--pct-of-medicare", "1.1")
    assert "argument --units: expected units a year from 0 to 1,000,000,000, got '-10'" in err
    # missing arguments exit 2, as the README states
    err = run_error(capsys, "scenario", "--units", "10", code=ExitCode.USAGE)
    assert "give --units, --medicare and --fixed" in err
    err = run_error(capsys, *ONE_CODE, "--cf-window", "2010-2026")
    assert "no conversion factor for 2010" in err
    with pytest.raises(SystemExit) as exc:
        main(["scenario", "--units", "ten"])
    assert exc.value.code == ExitCode.USAGE


def test_scenario_payer_level_from_the_demo(capsys):
    demo = demo_data()
    payer = "Meridian Mutual"
    rates = schedule_rates(demo.fee_schedules, demo.settings.as_of).query("payer == @payer")
    volumes = demo.volumes.query("payer == @payer")
    yearly = sum(float(u) * float(rates.set_index("code").loc[c, "schedule_rate"])
                 for c, u in zip(volumes["code"], volumes["units_per_year"], strict=True))
    data = run_json(capsys, "scenario", "--payer", payer, *DEMO, "--cf-path", "stress",
                    "--years", "4")
    assert data["payer"] == payer
    assert data["fixed_total"] == pytest.approx(4 * yearly, abs=0.005)  # escalator 0
    assert data["path"] == "stress"
    assert len(data["years"]) == 4
    # the fixed contract's equivalent percent: year 1 pays the same either way, to the cent
    assert data["years"][0]["pct_revenue"] == data["years"][0]["fixed_revenue"]
    assert data["years"][0]["difference"] == 0.0
    assert data["difference"] > 0
    err = run_error(capsys, "scenario", "--payer", "Nobody", "--demo", "--today", "2025-12-01")
    assert "no volumes for 'Nobody'" in err
    err = run_error(capsys, "scenario", "--payer", payer, code=ExitCode.USAGE)
    assert "give --data PATH or --demo" in err


def test_scenario_demo_year_one_is_the_same_on_both_sides(capsys):
    """The fixed contract against the percent of Medicare its rates equal (Summit BlueCare PPO:
    $294,784.32 a year, 92.59% of Medicare): year 1 is that revenue on both sides, to the cent, in
    the JSON and in the table a person reads; on the flat path neither contract is better (it
    read -$21.21 a year, "percent of Medicare" better by $106.05: the percentage rounded to
    cents per code)."""
    argv = ["scenario", "--payer", "Summit BlueCare PPO", *DEMO]
    data = run_json(capsys, *argv)
    first = data["years"][0]
    assert first["fixed_revenue"] == first["pct_revenue"] == 294_784.32
    assert first["difference"] == 0.0
    flat = next(p for p in data["paths"] if p["path"] == "flat")
    assert flat["fixed_total"] == flat["pct_total"] == 1_473_921.60
    assert (flat["difference"], flat["better"]) == (0.0, "equal")
    assert main(argv) == ExitCode.OK
    lines = capsys.readouterr().out.splitlines()
    assert lines[2].split() == ["1", "0.00%", "0.00%", "$294,784.32", "$294,784.32", "$0.00"]
    flat_row = next(line.split() for line in lines if line.split()[:1] == ["flat"])
    assert flat_row[2:5] == ["$1,473,921.60", "$1,473,921.60", "$0.00"]
    assert flat_row[-1] == "equal"
    # every demo payer, fixed-dollar or percent-of-Medicare: year 1 the same on both sides, and
    # on the flat path a winner only where the contract has an escalator
    escalator = demo_data().contracts.set_index("payer")["escalator"].fillna(0.0)
    for payer, rate in escalator.items():
        shown = run_json(capsys, "scenario", "--payer", str(payer), *DEMO, "--cf-path", "flat")
        assert shown["years"][0]["difference"] == 0.0, payer
        assert shown["better"] == ("fixed" if rate > 0 else "equal"), payer


def test_scenario_payer_level_from_a_folder(capsys):
    # the demo clinic's own CSV folder, read through --data like a clinic's export
    folder = resources.files("ratecalc") / "data" / "demo"
    with resources.as_file(folder) as path:
        from_folder = run_json(capsys, "scenario", "--payer", "Keystone Health Plan", "--data",
                               str(path), "--cf-path", "flat")
    from_demo = run_json(capsys, "scenario", "--payer", "Keystone Health Plan", *DEMO,
                         "--cf-path", "flat")
    assert from_folder["fixed_total"] == from_demo["fixed_total"]
    # Keystone's contract has a 2% escalator: year 2 is each code's rate x 1.02 in cents, x its
    # units (not year 1's revenue x 1.02, which is no rate the payer pays)
    years = from_folder["years"]
    cent = Decimal("0.01")
    raised = sum(Decimal(repr(c["units_per_year"]))
                 * (Decimal(repr(c["fixed_rate"])) * Decimal("1.02")).quantize(
                     cent, rounding=ROUND_HALF_UP) for c in from_folder["codes"])
    assert Decimal(repr(years[1]["fixed_revenue"])) == raised


EXIT = ["exit-impact", "--annual-visits", "1500", "--rate-per-visit", "95", "--retention", "0.2",
        "--retained-collection", "0.6", "--backfill", "0.7", "--backfill-rate", "105",
        "--ramp-months", "6", "--admin-savings", "4000"]


def test_exit_impact_json(capsys):
    # see tests/ratecalc/test_exit_impact.py for the arithmetic
    data = run_json(capsys, *EXIT, "--offer-rate", "98", "--cost-per-visit", "82",
                    "--end", "2026-06-30", "--as-of", "2026-01-05")
    assert data["revenue_at_risk"] == 142_500.0
    assert data["net_impact_12m"] == -55_250.0
    assert data["net_impact_24m"] == -88_450.0
    assert data["exit_vs_offer_12m"] == -59_750.0
    assert data["notice_deadline"] == "2026-04-01"
    assert data["walk_away"]["floor"] == 90.2
    assert len(data["monthly"]) == 24


def test_exit_impact_bad_input(capsys):
    err = run_usage_error(capsys, *EXIT[:-2], "--admin-savings", "0", "--retention", "1.5")
    assert ("argument --retention: expected a share from 0% to 100% (0 to 1, 1.0 = 100%), "
            "got '1.5'") in err
    err = run_usage_error(capsys, "exit-impact", "--annual-visits", "-5", "--rate-per-visit",
                          "90")
    assert "argument --annual-visits: expected visits a year from 0 to 100,000,000, got '-5'" in err
    err = run_error(capsys, "exit-impact", "--annual-visits", "5", code=ExitCode.USAGE)
    assert "--rate-per-visit" in err


def test_exit_impact_payer_level(capsys):
    data = run_json(capsys, "exit-impact", "--payer", "Meridian Mutual", *DEMO, "--backfill",
                    "0.7", "--ramp-months", "6")
    assert {"revenue_at_risk", "net_impact_12m", "net_impact_24m"} <= set(data)
    assert data["notice_deadline"] == "2026-04-01"  # contract ends 2026-06-30, 90 days
    assert data["net_impact_24m"] < data["net_impact_12m"] < 0
    assert data["walk_away"]["cost_per_visit"] == 82.0  # from the demo's metrics


def test_timeline_json_and_ics(capsys, tmp_path):
    ics = tmp_path / "renewal.ics"
    data = run_json(capsys, "timeline", "--end", "2026-06-30", "--as-of", "2025-11-01",
                    "--payer", "Acme", "--ics", str(ics))
    assert data["negotiation_start"] == "2026-01-30"
    assert data["notice_deadline"] == "2026-04-01"
    assert data["follow_ups"] == ["2026-02-13", "2026-03-02", "2026-03-16"]
    cal = icalendar.Calendar.from_ical(ics.read_bytes())
    starts = {str(e.get("summary")): e.decoded("dtstart") for e in cal.walk("VEVENT")}
    assert starts["NOTICE DEADLINE: Acme"] == date(2026, 4, 1)


def test_timeline_bad_input(capsys):
    err = run_error(capsys, "timeline", "--end", "2020-01-01", "--as-of", "2025-01-01")
    assert ("--end: 2020-01-01 is in the past (as of 2025-01-01); give the current term's end "
            "date, or add --auto-renew if it renews by itself") in err
    err = run_error(capsys, "timeline", "--end", "30/6/2026", code=ExitCode.USAGE)
    assert "--end: expected a date such as 2025-05-01 or 05/01/2025, got '30/6/2026'" in err
    # a US date is read as the tables read it
    assert main(["timeline", "--end", "06/30/2026", "--as-of", "01/15/2026", "--json"]) == 0
    assert '"end_date": "2026-06-30"' in capsys.readouterr().out
    err = run_error(capsys, "timeline", code=ExitCode.USAGE)
    assert "give --end" in err


def test_a_deadline_passed_is_counted_as_days_past_it(capsys):
    # "notice deadline passed; -91 days to the notice deadline."
    assert main(["timeline", "--end", "2026-12-04", "--as-of", "2026-12-04"]) == 0
    out = capsys.readouterr().out
    # the deadline's passing said once ("notice deadline passed; 91 days past the notice
    # deadline" said it twice), in the words of the deadline warnings
    assert "Status as of 2026-12-04: notice deadline passed 91 days ago." in out
    assert out.count("passed") == 1 and "past the notice deadline" not in out
    # a 90-day notice of 2027-04-01 is due 2026-12-31 (New Year's Day moves it back a day)
    assert main(["timeline", "--end", "2027-04-01", "--as-of", "2026-12-30"]) == 0
    assert "; 1 day to the notice deadline." in capsys.readouterr().out  # "1 days"
    assert main(["timeline", "--end", "2027-04-01", "--as-of", "2026-12-31"]) == 0
    assert "; the notice deadline is today." in capsys.readouterr().out  # "0 days"
    # its warning on stderr as "warning:", as every command's (it was "Warning:" on stdout)
    assert main(["timeline", "--end", "2027-03-31", "--auto-renew", "--as-of",
                 "2027-01-10"]) == 0
    out, err = capsys.readouterr()
    assert "arning" not in out
    assert ("warning: notice deadline 2026-12-31 passed 10 days ago; the contract renews on "
            "2027-04-01 for another term: ask for a rate amendment") in err


def test_a_past_end_names_the_flags_that_put_it_right(capsys):
    # the core's words ("end_date", "mark the contract as auto-renewing") name no option
    err = run_error(capsys, "exit-impact", "--annual-visits", "1000", "--rate-per-visit", "100",
                    "--end", "2026-06-30", "--as-of", "2026-12-04")
    assert ("--end: 2026-06-30 is in the past (as of 2026-12-04); give the current term's end "
            "date, or add --auto-renew if it renews by itself") in err
    data = run_json(capsys, "exit-impact", "--annual-visits", "1000", "--rate-per-visit", "100",
                    "--end", "2026-06-30", "--as-of", "2026-12-04", "--auto-renew")
    assert data["exit_date"] == "2027-06-30"  # the term renewed on 2026-06-30 runs first


def test_timeline_all_contracts(capsys, tmp_path):
    ics = tmp_path / "all.ics"
    data = run_json(capsys, "timeline", "--demo", "--today", "2025-12-01", "--ics", str(ics))
    rows = data["contracts"]
    assert len(rows) == len(demo_data().contracts)
    # most urgent first: what is due first (status), then the nearer notice deadline, then
    # dollars a day; at 2025-12-01 two contracts are to negotiate now, four upcoming
    statuses = ["notice deadline passed", "decide now", "negotiate now", "prepare now",
                "upcoming"]
    keys = [(statuses.index(r["status"]), r["notice_deadline"], -r["urgency"]) for r in rows]
    assert keys == sorted(keys)
    assert [r["status"] for r in rows] == ["negotiate now"] * 2 + ["upcoming"] * 4
    assert all("notice_deadline" in r for r in rows)
    cal = icalendar.Calendar.from_ical(ics.read_bytes())
    assert len(list(cal.walk("VEVENT"))) >= 6 * 5


def test_text_output_shows_the_json_figures_as_dollars_and_percents(capsys):
    """What a person reads equals what a script reads, written once: dollars half-up to cents
    with a sign where it is a difference, fractions as percentages, headers in words."""
    from ratecalc.money import money_text, percent_text

    data = run_json(capsys, *ONE_CODE, "--cf-change", "-0.028")
    assert main(ONE_CODE + ["--cf-change", "-0.028"]) == ExitCode.OK
    text = capsys.readouterr().out
    assert (f"Total: fixed {money_text(data['fixed_total'])}  percent-of-Medicare "
            f"{money_text(data['pct_total'])}  difference "
            f"{money_text(data['difference'], signed=True)}") in text
    assert "Total: fixed $115,200.00  percent-of-Medicare $107,988.00  difference +$7,212.00" \
        in text
    header, first, second = text.splitlines()[1:4]
    assert header.split("  ") == ["Year", "CF change", "Escalator", "Fixed-dollar revenue",
                                  "% of Medicare revenue", "Fixed minus % of Medicare"]
    assert first.split() == ["1", "0.00%", "0.00%", "$38,400.00", "$37,020.00", "+$1,380.00"]
    assert second.split()[1] == percent_text(-0.028, 2) == "-2.80%"

    data = run_json(capsys, "exit-impact", "--payer", "Meridian Mutual", *DEMO)
    assert main(["exit-impact", "--payer", "Meridian Mutual", *DEMO]) == ExitCode.OK
    text = capsys.readouterr().out
    assert f"revenue at risk {money_text(data['revenue_at_risk'])} a year" in text
    assert f"Net impact: {money_text(data['net_impact_12m'], signed=True)} over 12 months" \
        in text
    assert text.splitlines()[-1].split()[1].startswith("$")  # the monthly table too
    # a payer's rate a visit is its revenue over its visits, rounded: an average, not a factor
    # ("3,120 visits at $94.48" is $294,777.60, the revenue $294,784.32)
    assert (f"({data['annual_visits']:,.0f} visits, {money_text(data['rate_per_visit'])} a visit "
            "on average, ") in text
    assert " visits at " not in text
    given = ["exit-impact", "--annual-visits", "1000", "--rate-per-visit", "100",
             "--retention", "0", "--retained-collection", "0", "--backfill", "0"]
    assert main(given) == ExitCode.OK
    assert "revenue at risk $100,000.00 a year (1,000 visits at $100.00)." in \
        capsys.readouterr().out


@pytest.mark.parametrize("rule", ["day_weighted", "jan1"])
def test_the_historical_note_names_its_rule_in_words(capsys, rule):
    """The note ended "(day_weighted)": the option's value, not words."""
    assert main(["scenario", "--payer", "Summit BlueCare PPO", *DEMO, "--cf-rule", rule]) == 0
    note = capsys.readouterr().out.strip().splitlines()[-1]
    assert note.startswith("historical = ") and "_" not in note and rule not in note
    assert ("weighted by their days in force" if rule == "day_weighted"
            else "factor of January 1") in note


@pytest.mark.parametrize("argv", [
    ["timeline", "--end", "2026-12-31"],
    ["exit-impact", "--annual-visits", "10", "--rate-per-visit", "90"],
    ["scenario", "--units", "10", "--medicare", "26.83", "--fixed", "32",
     "--pct-of-medicare", "1.1"],
])
def test_today_without_the_demo_is_refused_not_ignored(capsys, tmp_path, argv):
    """`timeline --data BOOK --today 2027-01-05` printed "Renewals as of" the workbook's date,
    exit 0: --today dates the demo only, and any other use is refused, naming the date used."""
    err = run_error(capsys, *argv, "--today", "2027-01-05", code=ExitCode.USAGE)
    assert "--today sets the demo's date and works only with --demo" in err
    assert ("--as-of" in err) == (argv[0] != "scenario")  # the commands that have it
    data = tmp_path / "tables"
    data.mkdir()
    err = run_error(capsys, "timeline", "--data", str(data), "--today", "2027-01-05",
                    code=ExitCode.USAGE)
    assert "'Analysis date'" in err


def test_the_monthly_exit_table_adds_up_to_its_totals(capsys):
    """The reviewer's case: months of -$9,337.39 cumulated to -$102,711.28 by month 11, whose
    eleven rows make -$102,711.29; twelve months' Net made -$61,705.41 against a net over 12
    months of -$61,705.43; the admin savings summed to $1,234.56 of $1,234.57."""
    data = run_json(capsys, "exit-impact", *DEMO, "--payer", "Cardinal Employers Trust",
                    "--retention", "0.3", "--retained-collection", "0.55", "--backfill", "0.4",
                    "--ramp-months", "5", "--admin-savings", "1234.57")
    months = data["monthly"]

    def total(column: str, n: int) -> Decimal:
        return sum((Decimal(str(m[column])) for m in months[:n]), Decimal(0))

    for k, month in enumerate(months, start=1):
        assert total("net", k) == Decimal(str(month["cumulative_net"])), k
    assert total("net", 12) == Decimal(str(data["net_impact_12m"]))
    assert total("net", 24) == Decimal(str(data["net_impact_24m"]))
    assert total("lost", 12) == Decimal(str(data["revenue_at_risk"]))
    assert total("admin_savings", 12) == Decimal("1234.57")


def test_analyze_without_contracts_says_so_in_words(capsys, tmp_path):
    """A folder without contracts.csv (a warning: no end date is known) printed "contract ends
    None, notice deadline None" for each payer to negotiate with first."""
    folder = tmp_path / "tables"
    shutil.copytree(Path(str(resources.files("ratecalc") / "data" / "demo")), folder)
    (folder / "contracts.csv").unlink()
    assert main(["analyze", str(folder), "--out", str(tmp_path / "out")]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "None" not in out
    assert out.count("no contract end date on file") == 3


@pytest.mark.parametrize(("auto_renew", "said"), [
    ("yes", "term ends 2026-03-31 and contract renews, notice deadline 2025-12-31"),
    ("no", "contract ends 2026-03-31, notice deadline 2025-12-31"),
])
def test_analyze_says_the_term_end_as_the_timeline_does(capsys, tmp_path, auto_renew, said):
    """Summit's contract renews by itself: `analyze` said "contract ends 2026-03-31" of it,
    where the timeline, the .ics and the letter say its term ends and it renews
    (:func:`ratecalc.timeline.term_end_event`); one that does not renew still ends."""
    folder = tmp_path / "tables"
    shutil.copytree(Path(str(resources.files("ratecalc") / "data" / "demo")), folder)
    contracts = folder / "contracts.csv"
    text = contracts.read_text(encoding="utf-8")
    row = "Summit BlueCare PPO,PPO,SBC-PT-2019-114,2023-04-01,2026-03-31,yes,"
    assert row in text
    contracts.write_text(text.replace(row, row.replace(",yes,", f",{auto_renew},")),
                         encoding="utf-8")
    assert main(["analyze", str(folder), "--out", str(tmp_path / "out")]) == ExitCode.OK
    out = capsys.readouterr().out
    assert f"  1. Summit BlueCare PPO: $74,288.91 a year below market, 30.0% of volume, {said}\n" \
        in out, out
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["priorities"][0]["auto_renew"] is (auto_renew == "yes")


def _money(text: str) -> Decimal:
    return Decimal(text.replace("$", "").replace(",", "").replace("+", ""))


@pytest.mark.parametrize("payer", sorted(set(demo_data().volumes["payer"])))
def test_scenario_tables_add_up_as_shown_in_text_and_json(capsys, payer):
    """Every year column adds up to the Total line and each row's difference is its two figures
    subtracted, in --json and in the printed table alike (Lakeside's years summed to
    $53,357.50 under a Total of +$53,357.51); each path's difference is its two totals'."""
    payload = run_json(capsys, "scenario", "--payer", payer, *DEMO)
    years = payload["years"]
    for side in ("fixed", "pct"):
        running = Decimal(0)
        for year in years:
            running += Decimal(str(year[f"{side}_revenue"]))
            assert Decimal(str(year[f"{side}_cumulative"])) == running
        assert running == Decimal(str(payload[f"{side}_total"]))
    for item in [*years, payload, *payload["paths"]]:
        fixed = item.get("fixed_revenue", item.get("fixed_total"))
        pct = item.get("pct_revenue", item.get("pct_total"))
        assert Decimal(str(item["difference"])) == Decimal(str(fixed)) - Decimal(str(pct))
    assert sum(Decimal(str(y["difference"])) for y in years) == \
        Decimal(str(payload["difference"]))
    assert main(["scenario", "--payer", payer, *DEMO]) == ExitCode.OK
    lines = capsys.readouterr().out.splitlines()
    rows = [line.split() for line in lines[2:2 + len(years)]]
    total = next(line for line in lines if line.startswith("Total:")).split()
    shown = [[_money(x) for x in row[3:6]] for row in rows]
    assert [sum(column) for column in zip(*shown, strict=True)] == \
        [_money(total[2]), _money(total[4]), _money(total[6])]
    assert all(d == f - p for f, p, d in shown)


def test_scenario_for_a_payer_when_no_payer_has_volumes_says_so(capsys, tmp_path,
                                                                 demo_new_book):
    # the list of payers with volumes was empty: the message ended "payers: " and nothing
    data = tmp_path / "data"
    assert main(["workbook", "export", str(demo_new_book), str(data)]) == ExitCode.OK
    volumes = data / "volumes.csv"
    volumes.write_text(volumes.read_text(encoding="utf-8").splitlines()[0] + "\n",
                       encoding="utf-8")
    capsys.readouterr()
    err = run_error(capsys, "scenario", "--payer", "Summit BlueCare PPO", "--data", str(data))
    assert ("--payer: no volumes for 'Summit BlueCare PPO' on the Volumes table (columns payer, "
            "code, units_per_year); no payer has any yet") in err
    err = run_error(capsys, "scenario", "--payer", "Nobody", *DEMO)
    assert "no volumes for 'Nobody' on the Volumes table (columns payer, code, " \
           "units_per_year); payers with volumes: Cardinal Employers Trust, " in err


def test_scenario_one_code_form_refuses_a_medicare_amount_of_zero_as_an_argument(capsys):
    # refused deep in the projection, exit 3 "for code , got 0": the one-code form has no code
    err = run_usage_error(capsys, "scenario", "--units", "100", "--medicare", "0", "--fixed",
                          "30", "--pct-of-medicare", "1", "--years", "1")
    assert "--medicare: expected a Medicare amount above 0" in err and "got '0'" in err
    assert "for code ," not in err


def test_scenario_of_no_units_says_there_is_no_break_even(capsys):
    # the sentence was left with a dash where the percentage goes: "Break-even: — of Medicare
    # pays as much as the fixed offer over the horizon."
    code = main(["scenario", "--units", "0", "--medicare", "30", "--fixed", "30",
                 "--pct-of-medicare", "1", "--years", "1"])
    out = capsys.readouterr().out
    assert code == ExitCode.OK
    assert "Break-even: none; with no Medicare revenue over the horizon (no units a year)" in out
    assert "Break-even: —" not in out


def test_a_path_that_is_not_there_is_said_to_be_missing(capsys, tmp_path):
    """`analyze nonexist` said "expected a folder of tables or an .xlsx workbook", read as the
    wrong kind of file, of a name mistyped (found by a review)."""
    for command in (["analyze", str(tmp_path / "nonexist"), "--out", str(tmp_path / "o")],
                    ["exit-impact", "--payer", "A", "--data", str(tmp_path / "n.xlsx")]):
        assert main(command) == ExitCode.INPUT_ERROR
        assert ("' does not exist; expected a folder of tables or an .xlsx workbook"
                in capsys.readouterr().err)
