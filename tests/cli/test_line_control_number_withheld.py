"""REF*6R, the line item control number, is the clinic's own id of a service line, often built
from the patient's account number or the claim id (CLP01): ``import remittances`` writes it
nowhere (the --out files, the screen, --json, the messages) unless --include-patient-data, as
it withholds CLP01."""

from __future__ import annotations

from pathlib import Path

import pytest

from ratecalc.remittance.patient_data import checked_segment, shown_segment
from tests.cli.remittance_outputs import import_outputs

LINE_ID = "DOEJOHN0417L1"  # a clinic's line id made of the patient's name
LINE_CONTROL_NUMBER = "<line control number>"  # what a message quotes in its place

_LINE = ("CLP*A1*1*100*80**12*PCN1~SVC*HC:97110:GP*100*80**1~DTM*472*20250106~CAS*CO*45*20~"
         f"REF*6R*{LINE_ID}~")
# a file starting with REF*6R (no ISA): the warning about the delimiters quotes that segment
_835 = f"REF*6R*{LINE_ID}X~ST*835*1~BPR*I*80*C~N1*PR*ACME~{_LINE}SE*9*1~"


def _outputs(tmp_path: Path, capsys: pytest.CaptureFixture, *extra: str) -> dict[str, str]:
    code, outputs = import_outputs(_835, tmp_path, capsys, *extra)
    assert code == 0
    return outputs


def test_the_line_control_number_is_written_nowhere(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture) -> None:
    outputs = _outputs(tmp_path, capsys)
    assert "no ISA segment" in outputs["stderr"]  # the message is there, without it
    assert f"'REF*6R*{LINE_CONTROL_NUMBER}'" in outputs["stderr"]
    assert [name for name, text in outputs.items() if LINE_ID in text] == []
    assert "line_control_number" not in outputs["lines.csv"].splitlines()[0].split(",")
    assert "97110" in outputs["lines.csv"]  # the line itself is written


def test_asked_for_it_is_written(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    outputs = _outputs(tmp_path, capsys, "--include-patient-data")
    header = outputs["lines.csv"].splitlines()[0].split(",")
    assert "line_control_number" in header
    assert LINE_ID in outputs["lines.csv"]
    assert f"REF*6R*{LINE_ID}X" in outputs["stderr"]


def test_a_message_quotes_it_as_a_placeholder() -> None:
    assert shown_segment(f"REF*6R*{LINE_ID}", "*") == f"REF*6R*{LINE_CONTROL_NUMBER}"
    # a REF failing a check may be a piece of a name: its REF01 is no more known than the rest
    assert checked_segment(f"REF*6R*{LINE_ID}", "*") == "REF*<not shown>*<not shown>"
    assert shown_segment("REF*2U*87726", "*") == "REF*2U*87726"  # a payer's id stays
