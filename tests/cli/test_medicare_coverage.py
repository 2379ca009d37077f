"""Every command refuses a date no Medicare release covers (here 2031), in words, writing nothing;
``medicare import`` from an https link (served on 127.0.0.1); the demo's story moves with today."""

from __future__ import annotations

import hashlib
import http.server
import json
import shutil
import threading
from datetime import date, timedelta
from importlib import resources

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ratecalc.demo import (
    ANCHOR,
    add_months,
    demo_data,
    held_back_note,
    story_medicare_date,
    story_months,
)
from ratecalc.medicare.store import covers, newest_release
from ratecalc_cli.main import ExitCode, main
from tests.medicare_days import first_uncovered, last_covered, newest_name, past_the_data
from tests.ratecalc.market_rates.tic_server import POLL_S

#: A day no bundled release covers, years past the data: 2031-03-01 with RVU26C the newest
FAR = past_the_data()
REFUSAL = f"no Medicare data for {FAR}: the newest release RateCalc has is {newest_name()}"
IMPORT = "ratecalc medicare import URL-OR-ZIP"


@pytest.fixture
def tables_2031(tmp_path):
    """The demo clinic's tables with Medicare priced on 2031-03-01."""
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as demo:
        folder = tmp_path / "tables"
        shutil.copytree(demo, folder)
    settings_csv = folder / "settings.csv"
    text = settings_csv.read_text()
    text = text.replace("analysis_date,2025-12-01", f"analysis_date,{FAR}")
    settings_csv.write_text(text.replace("medicare_date,2025-10-01", f"medicare_date,{FAR}"))
    return folder


def _second_remedy(how: str) -> str:
    """What a refusal says a user can do before CMS's 2031 file is out: price the newest
    release's last day, on purpose, where the date was given (``how``)."""
    last = newest_release().effective_to
    return (f"If CMS's {FAR.year} file is not out yet, {how} {last.isoformat()} to compare against "
            f"{last.year}'s amounts")


#: Where every command that reads the clinic's tables says to set that day.
ON_SETTINGS = "set the Settings' Medicare date to"


def _refused(capsys, argv: list[str], code: int, how: str = ON_SETTINGS) -> str:
    assert main(argv) == code
    err = capsys.readouterr().err
    assert REFUSAL in err and IMPORT in err
    # a billing manager waiting for CMS's file learns what she can do today, in the words of
    # where she gave the date: the Settings sheet, or the command's --date
    assert _second_remedy(how) in " ".join(err.split()), err
    # said once: scenario said it once per code, fifteen times, joined by "; "
    assert err.count("no Medicare data for") == 1, err
    return err


def test_medicare_refuses_2031(capsys):
    _refused(capsys, ["medicare", "97110", "--locality", "10112-00", "--date", FAR.isoformat()],
             ExitCode.INPUT_ERROR, how="give --date")


def test_medicare_json_leaves_blank_what_was_never_looked_up(capsys):
    # a review: --json said "conversion_factor": 0.0 (and release "") for a date no release
    # covers, a factor of zero; an unknown code's status "" and factor 0.0 the same
    assert main(["medicare", "97110", "--locality", "10112-00", "--date", FAR.isoformat(),
                 "--json"]) == ExitCode.INPUT_ERROR
    [row] = json.loads(capsys.readouterr().out)
    assert (row["release"], row["status"], row["conversion_factor"], row["amount"]) == (
        None, None, None, None)
    assert main(["medicare", "99999", "97110", "--locality", "10112-00", "--date",
                 "2026-03-01", "--json"]) == ExitCode.INPUT_ERROR
    unknown, known = json.loads(capsys.readouterr().out)
    assert (unknown["release"], unknown["status"], unknown["conversion_factor"]) == (
        "rvu26c", None, None)
    assert (known["release"], known["status"], known["conversion_factor"], known["amount"]) == (
        "rvu26c", "A", 33.4009, 27.2)


def test_medicare_by_year_names_the_day_it_priced_once(capsys):
    """`--year 2031` said "no Medicare data for 2031-07-01", a date the user never typed, once
    per code."""
    assert main(["medicare", "97110", "97140", "--locality", "10112-00", "--year", f"{FAR.year}"]) \
        == ExitCode.INPUT_ERROR
    err = capsys.readouterr().err
    assert err.count("no Medicare data for") == 1
    assert (f"no Medicare data for {FAR.year}-07-01 (--year {FAR.year} prices July 1): the "
            "newest") in err


# Every command that reads the clinic's tables: the same Settings date is the same refusal, with
# the same exit status (analyze and refresh said 1, "the input has problems", where the letter
# and the others said 3), and nothing written.
PAYER = "Summit BlueCare PPO"
TABLE_COMMANDS = {
    "analyze": ["analyze", "{tables}", "--out", "{out}"],
    "letter": ["letter", "{tables}", "--payer", PAYER, "--out", "{out}.docx"],
    "scenario": ["scenario", "--data", "{tables}", "--payer", PAYER],
    "exit-impact": ["exit-impact", "--data", "{tables}", "--payer", PAYER],
    "workbook new": ["workbook", "new", "{out}.xlsx", "--from", "{tables}"],
}


@pytest.mark.parametrize("command", TABLE_COMMANDS)
def test_a_date_no_release_covers_is_refused_alike_by_every_command(
        capsys, tables_2031, tmp_path, command):
    out = tmp_path / "out"
    argv = [a.format(tables=tables_2031, out=out) for a in TABLE_COMMANDS[command]]
    _refused(capsys, argv, ExitCode.INPUT_ERROR)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tables"]


def test_the_timeline_shows_its_dates_without_medicare_and_leaves_out_only_the_dollars(
        capsys, tables_2031, tmp_path):
    """Notice deadlines do not depend on Medicare, and January, before CMS's release is
    imported, is when they fall: ``timeline --data`` was refused (exit 3) like every command
    that prices. It shows every date, the dollars blank, and says why in words."""
    import pandas as pd

    from ratecalc.loaders import load_folder
    from ratecalc.timeline import renewal_calendar

    assert main(["timeline", "--data", str(tables_2031), "--json"]) == ExitCode.OK
    shown = json.loads(capsys.readouterr().out)
    assert shown["as_of"] == FAR.isoformat()
    (said,) = shown["warnings"]
    # the refusal names the Settings cell that asks for the date, as every command names it
    assert said.startswith("dollars below market are not shown: Settings 'settings.csv', row 3, "
                           "column B 'value': medicare_date: " + REFUSAL) and IMPORT in said
    # the dates are the core's calendar's, for every contract; no dollar figure at all
    data, _ = load_folder(tables_2031)
    assert data is not None
    core = renewal_calendar(data.contracts, as_of=FAR,
                            lead_months=data.settings.lead_months,
                            follow_up_business_days=data.settings.follow_up_business_days,
                            notice_days=data.settings.notice_days,
                            proposals_sent=data.proposals_sent)
    expected = {(r.payer, r.product): (None if pd.isna(r.notice_deadline)
                                       else r.notice_deadline.isoformat())
                for r in core.itertuples()}
    assert {(c["payer"], c["product"]): c["notice_deadline"]
            for c in shown["contracts"]} == expected
    assert {c["dollars_at_stake"] for c in shown["contracts"]} == {None}
    deadlines = [c["notice_deadline"] for c in shown["contracts"]]
    timed = [d for d in deadlines if d is not None]
    assert deadlines[:len(timed)] == sorted(timed)  # nearest first, the untimed last

    assert main(["timeline", "--data", str(tables_2031)]) == ExitCode.OK
    out = capsys.readouterr().out
    assert f"Renewals as of {FAR}, nearest notice deadline first:" in out
    assert ("Note: dollars below market are not shown: Settings 'settings.csv', row 3, column B "
            "'value': medicare_date: " + REFUSAL) in out
    assert "$" not in out


def test_refresh_refuses_2031_as_every_command_does_said_on_the_problems_sheet(
        capsys, tables_2031, tmp_path):
    """Refused with exit 3 as every command refuses it, and said as a data error is: only the
    Problems sheet rewritten (the error at the Settings' Medicare date, "NOT updated"), the
    workbook as it was kept in the backups. It kept "0 error(s)" from the last refresh."""
    import openpyxl

    from ratecalc.loaders import load_folder, require
    from ratecalc_workbook import layout
    from ratecalc_workbook.builder import new_workbook

    book = tmp_path / "negotiation.xlsx"
    new_workbook(book, require(load_folder(tables_2031)))
    before = book.read_bytes()
    _refused(capsys, ["refresh", str(book)], ExitCode.INPUT_ERROR)
    backups = list((tmp_path / "RateCalc backups").iterdir())
    assert [b.read_bytes() for b in backups] == [before]
    old, new = (openpyxl.load_workbook(p) for p in (backups[0], book))
    assert old.sheetnames == new.sheetnames
    for name in old.sheetnames:
        if name != layout.PROBLEMS:
            assert [[c.value for c in r] for r in old[name].iter_rows()] == \
                [[c.value for c in r] for r in new[name].iter_rows()], name
    texts = [str(c.value) for r in new[layout.PROBLEMS].iter_rows() for c in r if c.value]
    assert any("1 error(s)" in t and "NOT updated" in t for t in texts), texts
    assert any(REFUSAL in " ".join(t.split()) and "sheet 'Settings', row" in t
               for t in texts), texts
    # named as a value typed there is: the column's header and letter, the field's label
    assert main(["refresh", str(book), "--json"]) == ExitCode.INPUT_ERROR
    problems = json.loads(capsys.readouterr().out)["problems"]
    refused = [p for p in problems if p["severity"] == "error"]
    assert len(refused) == 1
    assert (refused[0]["header"], refused[0]["column_letter"]) == ("Value", "B")
    assert refused[0]["rule"].startswith(("Analysis date: ", "Medicare date: ")), refused[0]


def test_the_demo_runs_on_a_today_no_release_covers_and_says_what_it_prices(capsys, tmp_path):
    # today 2031-05-01 moves the demo's Medicare date (2025-10-01) to 2031-03-01, which no
    # release covers: the quick start refused to run from the first day of the next year whose
    # release was not bundled; it now prices on the newest release's last day and says so
    newest = newest_release()
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out), "--today", f"{FAR.year}-05-01", "--json"]
                ) == ExitCode.OK
    captured = capsys.readouterr()
    info = json.loads(captured.out)
    assert info["as_of"] == f"{FAR.year}-05-01"
    assert info["medicare_date"] == newest.effective_to.isoformat()
    assert info["medicare_release"] == newest.release
    assert (f"note: the demo prices Medicare on {newest.effective_to.isoformat()}, the last day "
            f"of {newest.release.upper()}, the newest release RateCalc has: its story wants "
            f"{FAR}, which no release covers. To add a newer one: ratecalc medicare import"
            ) in captured.err
    # and the analysis says the amounts are an earlier year's, as for anyone's settings
    said = (f"Medicare amounts are {newest.effective_to.year}'s (medicare_date "
            f"{newest.effective_to.isoformat()}), the analysis is as of {FAR.year}-05-01")
    assert any(said in w for w in info["warnings"]), info["warnings"]
    assert (out / "negotiation.xlsx").exists()


def test_udfs_refuse_2031():
    from ratecalc_addin.excel_values import MAX_MESSAGE
    from ratecalc_addin.udfs import MEDICARE_RATE, PCT_OF_MEDICARE

    for cell in (MEDICARE_RATE("97110", "10112-00", FAR.isoformat())[0][0],
                 PCT_OF_MEDICARE(30, "97110", "10112-00", FAR.isoformat())[0][0]):
        assert cell.startswith(f"#RATECALC: {REFUSAL}")
        # a cell is in Excel: it named the command that adds a release (an Excel user runs
        # none), and now says the newer release is to be added to RateCalc
        assert IMPORT not in cell and "ratecalc " not in cell
        assert "Whoever supports RateCalc for you can add CMS's newer one outside Excel." in cell
        # the whole refusal fits the cell: its remedy was once cut off by the cell's limit
        assert not cell.endswith("...") and len(cell) <= MAX_MESSAGE


def test_releases_shows_what_covers_a_date(capsys):
    assert main(["medicare", "releases", "--date", "2026-12-02", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["in_force"] == "rvu26c"
    assert [r["release"] for r in info["releases"] if r["in_force"]] == ["rvu26c"]
    assert main(["medicare", "releases", "--date", FAR.isoformat()]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert REFUSAL in out and IMPORT in out
    # a listing prices nothing: "give --date 2026-12-31 to compare against 2026's amounts ...,
    # said as 2026's wherever they are used" asked it for another listing, and promised words
    # no output of it says
    assert f"If CMS's {FAR.year} file is not out yet" not in out and "said as" not in out, out


def test_medicare_json_for_2026_on_a_fresh_install(capsys):
    assert main(["medicare", "97110", "--locality", "12202-01", "--date", "2026-06-15",
                 "--json"]) == 0
    row = json.loads(capsys.readouterr().out)[0]
    assert (row["release"], row["conversion_factor"], row["problem"]) == ("rvu26c", 33.4009, None)
    # 0.45 x 1.000 + 0.41 x PE + 0.01 x MP GPCI of 12202-01, x 33.4009: recomputed in
    # test_medicare_2026 from the shared CSVs for other localities; here the CLI path works
    assert row["non_facility"] == row["amount"] > 0


# --- import from an https link: a local server on 127.0.0.1 serves a fixture zip -------------

@pytest.fixture
def served(tmp_path):
    """A loopback HTTP server over a folder; yields (folder, base URL)."""
    folder = tmp_path / "www"
    folder.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    # shutdown() waits for the loop's next poll (0.5 s by default: half a second a test)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": POLL_S},
                              daemon=True)
    thread.start()
    try:
        yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_import_from_url_records_sha256_and_url(user_dir, served, capsys):
    from tests.ratecalc.test_medicare_import import fake_cms_zip

    folder, base = served
    zip_path = fake_cms_zip(folder / "RVU26A.zip")
    url = f"{base}/RVU26A.zip"
    assert main(["medicare", "import", url, "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    sha = hashlib.sha256(zip_path.read_bytes()).hexdigest()
    assert (info["release"], info["sha256"], info["url"]) == ("rvu26a", sha, url)
    provenance = json.loads((user_dir / "provenance" / "rvu26a.json").read_text())
    assert (provenance["sha256"], provenance["url"]) == (sha, url)
    assert main(["medicare", "97110", "--locality", "AL", "--date", "2026-02-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["release"] == "rvu26a"


def test_import_from_url_missing_file_stores_nothing(user_dir, served, capsys):
    _, base = served
    assert main(["medicare", "import", f"{base}/RVU27A.zip"]) == ExitCode.INPUT_ERROR
    assert "download failed" in capsys.readouterr().err
    assert not user_dir.exists()


def test_import_refuses_plain_http_to_another_host(user_dir, capsys):
    # refused before any connection is made
    assert main(["medicare", "import", "http://example.com/RVU26A.zip"]) == ExitCode.INPUT_ERROR
    assert "expected an https:// link" in capsys.readouterr().err


# --- the demo tells a current story relative to the today it is given ------------------------

@given(st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)))
@example(date(2026, 1, 31))  # a whole month and 30 days on: Summit's deadline passed here
@example(date(2026, 1, 15))  # the last day that still moves by one month: 45 days ahead
@settings(max_examples=12, deadline=None)
def test_demo_story_moves_with_today(today):
    data = demo_data(today)
    s = data.settings
    assert s.analysis_date == today
    assert today - timedelta(days=100) <= s.medicare_date <= today
    assert s.medicare_date.year == today.year  # today's fee-schedule year, January too
    assert held_back_note(today) is None
    ends = data.contracts["end_date"]
    assert all(end > today for end in ends)  # renewals ahead
    deadlines = [end - timedelta(days=int(n)) for end, n in
                 zip(ends, data.contracts["notice_days"], strict=True)]
    # one notice deadline close (within two months), none already missed
    assert min(d - today for d in deadlines) <= timedelta(days=62)
    assert all(d >= today for d in deadlines)


@given(st.dates(min_value=first_uncovered(), max_value=past_the_data(9, 12, 31)))
@settings(max_examples=10, deadline=None)
def test_demo_story_runs_after_the_newest_release(today):
    # a story date no release covers is priced on the newest release's last day, and said
    newest = newest_release()
    wanted = story_medicare_date(today)
    data = demo_data(today)
    if covers(wanted):  # a release a user imported covers it
        assert data.settings.medicare_date == wanted and held_back_note(today) is None
        return
    assert data.settings.medicare_date == newest.effective_to
    note = held_back_note(today)
    assert note is not None and wanted.isoformat() in note
    assert newest.effective_to.isoformat() in note


def test_demo_on_2026_12_02_is_priced_in_2026(capsys, tmp_path):
    assert main(["demo", "--out", str(tmp_path / "d"), "--today", "2026-12-02", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["as_of"] == "2026-12-02"
    assert info["medicare_date"] == "2026-10-01" and info["medicare_release"] == "rvu26c"


@pytest.mark.parametrize(("today", "months"), [
    (date(2025, 12, 1), 0), (date(2025, 12, 16), 0), (date(2025, 12, 17), 1),
    (date(2026, 1, 31), 2), (date(2026, 1, 15), 1), (date(2026, 11, 20), 12),
    (date(2025, 11, 17), 0), (date(2025, 11, 16), -1),  # a tie (15 days each way) stays behind
])
def test_story_months_rounds_to_the_nearest_month(today, months):
    # Dec 16 is 15 days on, 16 days short of Jan 1: stays; Dec 17 is nearer Jan 1
    assert story_months(today) == months


def test_demo_without_today_is_the_shipped_story():
    assert demo_data().settings.analysis_date == ANCHOR
    assert demo_data(ANCHOR).contracts["end_date"].tolist() == \
        demo_data().contracts["end_date"].tolist()
    assert add_months(date(2026, 2, 28), 1) == date(2026, 3, 31)  # month ends stay month ends


def test_letter_footnote_names_the_release_and_date_used():
    from ratecalc.analysis import analyze
    from ratecalc_letter.content import proposal_letter

    # December of the data's last year (2026-12-02 with RVU26C): the story's Medicare date is
    # that October 1 and its new terms, next April, are past the data
    last = last_covered()
    analysis = analyze(demo_data(date(last.year, 12, 2)))
    text = "\n".join(proposal_letter(analysis, "Summit BlueCare PPO").texts())
    assert ("Medicare Physician Fee Schedule amount for services on October 1, "
            f"{last.year} (CMS release {newest_name()}, non-facility, locality 10112-00 "
            "ALABAMA)") in text


def test_the_readme_names_the_first_day_the_demo_leaves_the_bundled_data():
    # The README tells a newcomer from which day `ratecalc demo` stops until the next release
    # is imported: that day, found here from the bundled releases, is the one it names.
    import re
    from pathlib import Path

    from ratecalc.medicare.store import covers

    readme = " ".join((Path(__file__).resolve().parents[2] / "README.md").read_text().split())
    found = re.search(r"[Ff]rom (\d{4}-\d\d-\d\d) the demo prices Medicare on (\d{4}-\d\d-\d\d)",
                      readme)
    assert found, "the README no longer says when the demo leaves the bundled data"
    first, priced = (date.fromisoformat(d) for d in found.groups())
    assert held_back_note(first - timedelta(days=1)) is None
    assert covers(demo_data(first - timedelta(days=1)).settings.date_of_service)
    assert demo_data(first).settings.date_of_service == priced
    assert covers(priced) and not covers(priced + timedelta(days=1))
    assert held_back_note(first) is not None


def test_the_shipped_medicare_date_is_the_one_the_story_moves():
    from ratecalc import demo

    assert demo_data().settings.medicare_date == demo._SHIPPED_MEDICARE_DATE
    assert story_medicare_date(ANCHOR) == demo._SHIPPED_MEDICARE_DATE


def test_a_demo_told_before_the_first_release_names_the_today_it_needs(capsys, tmp_path):
    # --today the day before the first release: the story moves its Medicare date two months
    # back, to a day the user never typed; the refusal names the option, that day, and the first
    # --today the demo can be told on (which runs).
    from ratecalc.medicare.store import releases

    first = min(r.effective_from for r in releases())
    before = first - timedelta(days=1)
    assert main(["demo", "--out", str(tmp_path / "early"),
                 "--today", before.isoformat()]) == ExitCode.USAGE
    text = capsys.readouterr().err
    assert f"--today {before.isoformat()}" in text
    assert story_medicare_date(before).isoformat() in text
    assert f"{first.isoformat()} or later" in text
    assert not (tmp_path / "early").exists()
    assert main(["demo", "--out", str(tmp_path / "first"), "--today", first.isoformat()]) == 0


# The same refusal names the cell that asks for the date, as every other bad value in the
# tables is named (file, sheet, row, column): `analyze`, the letter, `scenario`, `exit-impact`
# and `workbook new --from` said only "no Medicare data for 2031-03-01", leaving the user to
# guess which of the Settings' two dates (or a blank one taken as today) asked for it.
@pytest.mark.parametrize("command", TABLE_COMMANDS)
def test_the_refusal_names_the_settings_cell_that_asks_for_the_date(
        capsys, tables_2031, tmp_path, command):
    out = tmp_path / "out"
    argv = [a.format(tables=tables_2031, out=out) for a in TABLE_COMMANDS[command]]
    err = _refused(capsys, argv, ExitCode.INPUT_ERROR)
    # settings.csv: the header is line 1, analysis_date line 2, medicare_date line 3
    assert ("Settings 'settings.csv', row 3, column B 'value': medicare_date: " + REFUSAL) in err


@pytest.mark.parametrize("command", TABLE_COMMANDS)
def test_a_blank_medicare_date_names_the_analysis_date_it_defaults_to(
        capsys, tables_2031, tmp_path, command):
    settings_csv = tables_2031 / "settings.csv"
    settings_csv.write_text(settings_csv.read_text().replace(f"medicare_date,{FAR}",
                                                             "medicare_date,"))
    out = tmp_path / "out"
    argv = [a.format(tables=tables_2031, out=out) for a in TABLE_COMMANDS[command]]
    err = _refused(capsys, argv, ExitCode.INPUT_ERROR)
    assert ("Settings 'settings.csv', row 2, column B 'value': analysis_date: " + REFUSAL) in err


@pytest.mark.parametrize("command", TABLE_COMMANDS)
def test_both_dates_blank_on_a_day_past_the_data_names_the_settings_not_a_missing_option(
        capsys, tables_2031, tmp_path, monkeypatch, command):
    """Settings with neither date price Medicare on today's date, which from 1 January is past
    the bundled release until CMS's file is imported. The refusal said "give --date
    2026-12-31", an option none of these commands has; it says the day is today's and names
    the Settings' Medicare date, the one way to price 2026's amounts meanwhile."""
    import ratecalc.dates

    monkeypatch.setattr(ratecalc.dates, "today", lambda: FAR)
    settings_csv = tables_2031 / "settings.csv"
    settings_csv.write_text(settings_csv.read_text().replace(f"analysis_date,{FAR}", "")
                            .replace(f"medicare_date,{FAR}", ""))
    out = tmp_path / "out"
    argv = [a.format(tables=tables_2031, out=out) for a in TABLE_COMMANDS[command]]
    err = _refused(capsys, argv, ExitCode.INPUT_ERROR)
    assert "--date" not in err, err
    # at the settings' file (errors-9: 'Settings: no analysis_date...' named no file), the
    # Medicare date named as the one to fill (walk-fixes-9)
    assert ("Settings 'settings.csv': Medicare date: blank, and so is the Analysis date, so "
            f"Medicare is priced on today's date, {FAR}: " + REFUSAL) in err


def test_the_refusal_names_the_workbook_cell_for_every_command(capsys, tables_2031, tmp_path):
    """A master workbook's Settings sheet: the cell named as refresh names it on the Problems
    sheet, its header and letter and the field's label, by every command that reads it."""
    import openpyxl

    from ratecalc.loaders import load_folder, require
    from ratecalc_workbook import layout
    from ratecalc_workbook.builder import new_workbook

    book = tmp_path / "negotiation.xlsx"
    new_workbook(book, require(load_folder(tables_2031)))
    ws = openpyxl.load_workbook(book)[layout.SETTINGS_SHEET]
    (row,) = [c.row for c in ws["A"] if c.value == "Medicare date"]
    where = f"Settings 'negotiation.xlsx', sheet 'Settings', row {row}, column B 'Value': "
    for command in TABLE_COMMANDS:
        out = tmp_path / f"out-{command.replace(' ', '-')}"
        argv = [a.format(tables=book, out=out) for a in TABLE_COMMANDS[command]]
        err = _refused(capsys, argv, ExitCode.INPUT_ERROR)
        assert (where + "Medicare date: " + REFUSAL) in err, command
    _refused(capsys, ["refresh", str(book)], ExitCode.INPUT_ERROR)


def test_the_second_remedy_works_as_said_and_is_never_taken_unasked(capsys, tables_2031,
                                                                      tmp_path):
    """The refusal of a 2031 Medicare date said only to import CMS's file, which a billing
    manager cannot do before CMS publishes it. Its second remedy, the newest release's last
    day set in Settings, runs the analysis on those amounts and says they are that year's; the
    2031 date itself is still refused, nothing priced at older amounts unasked."""
    last = newest_release().effective_to
    out = tmp_path / "out"
    _refused(capsys, ["analyze", str(tables_2031), "--out", str(out), "--json"],
             ExitCode.INPUT_ERROR)
    assert not out.exists()
    settings_csv = tables_2031 / "settings.csv"
    settings_csv.write_text(settings_csv.read_text().replace(
        f"medicare_date,{FAR}", f"medicare_date,{last.isoformat()}"))
    assert main(["analyze", str(tables_2031), "--out", str(out), "--json"]) == ExitCode.OK
    summary = json.loads(capsys.readouterr().out)
    assert (summary["medicare_date"], summary["medicare_release"]) == (
        last.isoformat(), newest_release().release)
    assert any(f"Medicare amounts are {last.year}'s (medicare_date {last.isoformat()}), the "
               f"analysis is as of {FAR}" in w for w in summary["warnings"]), summary


def test_the_timeline_as_of_a_later_day_names_that_day_not_the_settings_analysis_date(
        capsys, tables_2031):
    """``timeline --as-of`` tells the calendar as of its own day, which, with no Medicare
    date on the Settings, is the day Medicare is priced on: a refusal of it named the Settings'
    analysis date cell, which holds 2025-12-01, as if it held 2031-03-01. It names --as-of, and
    its second remedy is still the Settings' Medicare date (timeline has no --date), which
    prices the dollars when followed."""
    settings_csv = tables_2031 / "settings.csv"
    settings_csv.write_text(settings_csv.read_text()
                            .replace(f"analysis_date,{FAR}", "analysis_date,2025-12-01")
                            .replace(f"medicare_date,{FAR}", "medicare_date,"))
    assert main(["timeline", "--data", str(tables_2031), "--as-of", FAR.isoformat(),
                 "--json"]) == ExitCode.OK
    (said,) = json.loads(capsys.readouterr().out)["warnings"]
    said = " ".join(said.split())
    assert "analysis_date: " not in said and "row 2" not in said, said
    assert said.startswith(f"dollars below market are not shown: --as-of {FAR} (the "
                           "Medicare date, the Settings' being blank): " + REFUSAL), said
    assert _second_remedy(ON_SETTINGS) in said and "--date" not in said, said
    last = newest_release().effective_to
    settings_csv.write_text(settings_csv.read_text().replace(
        "medicare_date,", f"medicare_date,{last.isoformat()}"))
    assert main(["timeline", "--data", str(tables_2031), "--as-of", FAR.isoformat(),
                 "--json"]) == ExitCode.OK
    shown = json.loads(capsys.readouterr().out)
    assert [c["dollars_at_stake"] for c in shown["contracts"]
            if c["dollars_at_stake"] is not None]


def test_a_command_running_past_midnight_on_new_years_eve_is_told_as_of_one_day(
        capsys, tables_2031, tmp_path, monkeypatch):
    """Settings with both dates blank: every default read the clock anew, so `analyze` begun at
    23:59 on 31 December checked its Medicare date on 2026-12-31 and priced it on 2027-01-01,
    which no release covers: refused halfway, or outputs dated two days. The command reads the
    clock once."""
    import ratecalc.dates

    last = newest_release().effective_to
    reads: list[date] = []

    def clock() -> date:  # midnight passes after the first reading
        reads.append(last if not reads else last + timedelta(days=1))
        return reads[-1]

    monkeypatch.setattr(ratecalc.dates, "system_today", clock)
    settings_csv = tables_2031 / "settings.csv"
    settings_csv.write_text(settings_csv.read_text().replace(f"analysis_date,{FAR}", "")
                            .replace(f"medicare_date,{FAR}", ""))
    out = tmp_path / "out"
    assert main(["analyze", str(tables_2031), "--out", str(out), "--json"]) == ExitCode.OK, \
        capsys.readouterr().err
    summary = json.loads(capsys.readouterr().out)
    assert (summary["as_of"], summary["medicare_date"]) == (last.isoformat(),) * 2
    assert len(reads) == 1


def test_the_timeline_of_blank_dated_settings_past_the_data_names_no_missing_option(
        capsys, tables_2031, monkeypatch):
    """`timeline --data` with both Settings dates blank, on a day past the data: the dates are
    shown and the dollars left out, in words whose remedy said "give --date 2026-12-31", which
    timeline has not; it names the Settings' Medicare date."""
    import ratecalc.dates

    monkeypatch.setattr(ratecalc.dates, "today", lambda: FAR)
    settings_csv = tables_2031 / "settings.csv"
    settings_csv.write_text(settings_csv.read_text().replace(f"analysis_date,{FAR}", "")
                            .replace(f"medicare_date,{FAR}", ""))
    assert main(["timeline", "--data", str(tables_2031), "--json"]) == ExitCode.OK
    (said,) = json.loads(capsys.readouterr().out)["warnings"]
    said = " ".join(said.split())
    # at the settings' file (errors-9: was "...not shown: Settings: " + REFUSAL, no file), the
    # Medicare date named as the one to fill (walk-fixes-9)
    assert said.startswith("dollars below market are not shown: Settings 'settings.csv': "
                           "Medicare date: blank, and so is the Analysis date, so Medicare is "
                           f"priced on today's date, {FAR}: " + REFUSAL), said
    assert _second_remedy(ON_SETTINGS) in said and "--date" not in said, said
