"""CLP01, the clinic's own patient control number, is often the patient's account number or holds
the name: ``import remittances`` writes it nowhere (the --out files, the screen, --json, the
messages) unless --include-patient-data; CLP07, the payer's claim number, stays."""

from __future__ import annotations

from pathlib import Path

import pytest

from ratecalc_cli.main import main
from tests.cli.remittance_outputs import import_outputs

ACCOUNT = "DOEJOHN0417"  # a clinic's claim id made of the patient's name
PAYER_CLAIM = "PCN77001"

# a claim paid and balanced, one that does not balance (a message about it), and a reversal
# with no original in the file (another message)
_835 = (f"ST*835*1~BPR*I*100*C~N1*PR*ACME~CLP*{ACCOUNT}*1*100*80**12*{PAYER_CLAIM}~"
        "SVC*HC:97110:GP*100*80**1~DTM*472*20250106~CAS*CO*45*20~"
        f"CLP*{ACCOUNT}B*1*100*20**12*{PAYER_CLAIM}B~SVC*HC:97110*100*20**1~CAS*CO*45*20~"
        f"CLP*{ACCOUNT}C*22*-50*0**12*{PAYER_CLAIM}C~SE*12*1~")


def _outputs(tmp_path: Path, capsys: pytest.CaptureFixture, *extra: str) -> dict[str, str]:
    return import_outputs(_835, tmp_path, capsys, *extra)[1]


def test_the_clinics_claim_id_is_written_nowhere(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture) -> None:
    outputs = _outputs(tmp_path, capsys)
    assert "does not balance" in outputs["stderr"]  # the messages are there, without it
    assert "reversal" in outputs["stderr"]
    assert [name for name, text in outputs.items() if ACCOUNT in text] == []
    assert PAYER_CLAIM in outputs["lines.csv"]
    assert "claim_id" not in outputs["lines.csv"].splitlines()[0].split(",")
    assert "payer_claim_id" in outputs["lines.csv"].splitlines()[0].split(",")
    assert f"claim {PAYER_CLAIM + 'B'!r} (the payer's claim number) does not balance" in \
        outputs["stderr"]


def test_asked_for_it_is_written(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    outputs = _outputs(tmp_path, capsys, "--include-patient-data")
    assert ACCOUNT in outputs["lines.csv"] and ACCOUNT in outputs["lines_adjustments.csv"]
    assert f"claim {ACCOUNT + 'B'!r} does not balance" in outputs["stderr"]


# A recovery of an overpayment (PLB03-1 WO) names the claim in PLB03-2: X12's RFI 2370
# recommends the clinic's claim id (CLP01) there, then CLP07 and the trace number.
_835_RECOVERY = (f"ST*835*1~BPR*I*70*C~N1*PR*ACME~CLP*{ACCOUNT}*1*100*80**12*{PAYER_CLAIM}~"
                 "SVC*HC:97110:GP*100*80**1~DTM*472*20250106~CAS*CO*45*20~"
                 f"PLB*1234567893*20251231*WO:{ACCOUNT} {PAYER_CLAIM}*10~SE*9*1~")


@pytest.mark.parametrize("asked", [False, True])
def test_a_provider_adjustments_reference_holding_it(tmp_path: Path, asked: bool) -> None:
    source = tmp_path / "in.835"
    source.write_text(_835_RECOVERY)
    out = tmp_path / "lines.csv"
    extra = ["--include-patient-data"] if asked else []
    assert main(["import", "remittances", str(source), "--out", str(out), *extra]) == 0
    written = (tmp_path / "lines_provider_adjustments.csv").read_text()
    assert "-10.00" in written or "10.00" in written  # the adjustment is there
    assert (ACCOUNT in written) is asked
