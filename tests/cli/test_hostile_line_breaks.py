"""A name typed with a line break (Alt+Enter in its cell) is printed on one line.

``analyze``'s lists, ``timeline``'s notes, ``scenario``'s and ``exit-impact``'s sentences name a
payer in a line of their own words: a payer named 'Summit' + line break + 'BlueCare PPO' broke
each in two, its second half and the figures after it a line of their own
(:func:`ratecalc.shown_text.one_line` says how such a name shows, in every list).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_hostile_terminal import renamed_demo, run

#: The demo's first payer typed over two lines, and with a line separator (U+2028) and CRLF.
NAMES = ["Summit\nBlueCare PPO", "Summit\u2028BlueCare PPO", "Summit \r\nBlueCare PPO"]
SHOWN = "Summit BlueCare PPO"


def _lines_naming(printed: str) -> list[str]:
    """The printed lines holding a part of the name."""
    return [line for line in printed.splitlines() if "Summit" in line or "BlueCare" in line]


@pytest.mark.parametrize("name", NAMES)
def test_analyze_lists_a_payer_on_one_line(tmp_path: Path, name: str) -> None:
    folder = renamed_demo(tmp_path, name)
    code, out, err = run(["analyze", str(folder), "--out", str(tmp_path / "out")])
    assert code == 0, err
    lines = _lines_naming(out)
    assert lines and all(SHOWN in line for line in lines), lines
    assert f"  1. {SHOWN}: $74,288.91 a year below market" in out
    assert f"  {SHOWN}: notice deadline 2025-12-31 is in 30 days" in out
    # --json keeps the name as the data holds it
    code, out, err = run(["analyze", str(folder), "--out", str(tmp_path / "json"), "--json"])
    assert code == 0 and json.loads(out)["priorities"][0]["payer"] == name


@pytest.mark.parametrize("argv", [
    ["timeline", "--as-of", "2026-10-01"],
    ["timeline", "--payer", "{name}"],
    ["scenario", "--payer", "{name}"],
    ["exit-impact", "--payer", "{name}"],
])
# each spelling of the break: the tables' cells (timeline's calendar) had their own line rule,
# which a CRLF with a space before it or a U+2028 tells from one_line's (a name's LF alone
# is one space by either)
@pytest.mark.parametrize("name", NAMES)
def test_each_command_names_a_payer_on_one_line(tmp_path: Path, argv: list[str],
                                                name: str) -> None:
    folder = renamed_demo(tmp_path, name)
    code, out, err = run([*[a.format(name=name) for a in argv], "--data", str(folder)])
    assert code == 0, err
    lines = _lines_naming(out + err)
    assert lines and all(SHOWN in line for line in lines), lines


def test_import_market_rates_names_a_payer_file_on_one_line(tmp_path: Path) -> None:
    """A TiC file's reporting entity and plan names are the payer's text: one holding a line
    break broke the line the import names the file on (review-h7)."""
    sample = (Path(__file__).resolve().parents[1] / "data" / "tic" / "cms_examples"
              / "in-network-rates-fee-for-service-single-plan-sample.json")
    document = json.loads(sample.read_text())
    document["reporting_entity_name"] = "ACME\nHealth"
    document["plan_name"] = "Plan A\r\nGold"
    source = tmp_path / "rates.json"
    source.write_text(json.dumps(document))
    code, out, err = run(["import", "market-rates", str(source), "--codes", "27447"])
    assert code == 0, err
    assert "TiC in-network file rates.json (ACME Health, Plan A Gold); schema version" in out
    assert not any(line.startswith(("Health", "Gold")) for line in out.splitlines())


def test_import_fee_schedule_names_a_header_typed_over_two_lines_on_one_line(
        tmp_path: Path, demo_book: Path) -> None:
    """A fee schedule's header typed with Alt+Enter ("Allowed" + line break + "Amount", as
    payers' schedules head their columns) broke the import's "Columns:" line in two
    (review-h7)."""
    workbook = tmp_path / "wb.xlsx"
    workbook.write_bytes(demo_book.read_bytes())
    schedule = tmp_path / "fees.csv"
    schedule.write_text('CPT Code,"Allowed\nAmount"\n97110,31.50\n97112,35.25\n')
    code, out, err = run(["import", "fee-schedule", str(schedule), "--payer",
                          "Summit BlueCare PPO", "--workbook", str(workbook),
                          "--effective-date", "2026-02-01"])
    assert code == 0, err
    assert "Columns: CPT Code -> Code, Allowed Amount -> Allowed amount\n" in out
