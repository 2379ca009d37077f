"""The Negotiation Log's "sent" rows tell every timeline which proposals went out.

A proposal due and not on the log is flagged on the Timeline sheet and by ``ratecalc timeline
--data``, in the same words (:func:`ratecalc.timeline.proposal_overdue_note`); a "sent" row,
in any capitals, clears it for its payer only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ratecalc_cli.main import ExitCode, main
from ratecalc_workbook import layout
from ratecalc_workbook.reader import read_workbook
from ratecalc_workbook.refresh import refresh_workbook

from .conftest import NOW, open_book

OVERDUE = "none logged"


def _warnings(path: Path) -> dict[str, str]:
    ws = open_book(path)[layout.TIMELINE]
    spec = layout.TIMELINE_TABLE
    out = {}
    for row in range(spec.header_row + 1, ws.max_row + 1):
        payer = ws.cell(row=row, column=spec.col("payer")).value
        if payer:
            # its line breaks are spaces: the sheet breaks a long warning itself (whole dates)
            out[str(payer)] = " ".join(str(ws.cell(row=row, column=spec.col("note")).value
                                           or "").split())
    return out


def test_a_sent_row_clears_its_payers_flag_on_the_sheet_and_the_command_line(
        demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _warnings(demo_copy)
    flagged = [p for p, note in before.items() if OVERDUE in note]
    assert len(flagged) >= 2, before  # the demo's log is empty
    wb = open_book(demo_copy)
    log, spec = wb[layout.NEGOTIATION_LOG], layout.NEGOTIATION_LOG_TABLE
    row = spec.header_row + 1
    log.cell(row=row, column=spec.col("date"), value=NOW)
    log.cell(row=row, column=spec.col("payer"), value=flagged[0].upper())
    log.cell(row=row, column=spec.col("direction"), value="Sent")
    wb.save(demo_copy)
    assert refresh_workbook(demo_copy, now=NOW).ok
    after = _warnings(demo_copy)
    assert OVERDUE not in after[flagged[0]]
    assert {p for p, note in after.items() if OVERDUE in note} == set(flagged[1:])

    assert main(["timeline", "--data", str(demo_copy), "--as-of", NOW.date().isoformat()]) \
        == ExitCode.OK
    out = capsys.readouterr().out
    for payer in flagged[1:]:
        [line] = [ln for ln in out.splitlines() if ln.startswith(f"  {payer}") and OVERDUE in ln]
        assert line.endswith(after[payer].split("; ")[-1])
    assert not any(ln.startswith(f"  {flagged[0]}") and OVERDUE in ln for ln in out.splitlines())


@pytest.mark.parametrize(("column", "typed"), [
    ("round", "1st"),                       # not a whole number
    ("offered_increase", "a few percent"),  # not a fraction
])
def test_a_sent_row_with_a_bad_cell_elsewhere_still_counts_and_the_cell_is_named(
        demo_copy: Path, capsys: pytest.CaptureFixture[str], column: str, typed: str) -> None:
    # Found by a review: a "sent" row whose Round read "1st" was dropped whole, silently, so
    # every output said "no proposal sent" of a payer whose proposal was on the log.
    flagged = [p for p, note in _warnings(demo_copy).items() if OVERDUE in note]
    wb = open_book(demo_copy)
    log, spec = wb[layout.NEGOTIATION_LOG], layout.NEGOTIATION_LOG_TABLE
    row = spec.header_row + 1
    log.cell(row=row, column=spec.col("date"), value=NOW)
    log.cell(row=row, column=spec.col("payer"), value=flagged[0])
    log.cell(row=row, column=spec.col("direction"), value="sent")
    log.cell(row=row, column=spec.col(column), value=typed)
    wb.save(demo_copy)

    data, problems = read_workbook(demo_copy)
    assert data is not None and data.proposals_sent == {flagged[0]: (NOW.date(),)}
    [said] = [p for p in problems if p.table == layout.LOG_SCHEMA.title]
    assert said.severity == "warning"
    assert (said.location.sheet, said.location.row) == (layout.NEGOTIATION_LOG, row)
    assert said.location.column == column and typed in said.message

    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok
    assert OVERDUE not in _warnings(demo_copy)[flagged[0]]
    assert [p.message for p in result.problems if p.table == layout.LOG_SCHEMA.title] == [
        said.message]
    problems_sheet = " ".join(str(c.value) for r in open_book(demo_copy)[layout.PROBLEMS]
                              .iter_rows() for c in r if c.value is not None)
    assert typed in problems_sheet

    assert main(["timeline", "--data", str(demo_copy), "--as-of", NOW.date().isoformat()]) \
        == ExitCode.OK
    out = capsys.readouterr().out
    assert not any(ln.startswith(f"  {flagged[0]}") and OVERDUE in ln for ln in out.splitlines())
