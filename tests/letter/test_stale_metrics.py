"""A letter whose results include a metric period long over warns (walk-fixes-6: a letter said
"Our results for 2025 and December 18, 2020 to January 1, 2021" with no warning)."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from ratecalc_cli.main import main

from .conftest import TOP_PAYER

WARNED = ("Clinic Metrics: Denial rate is for 2020-12-18 to 2021-01-01, which ended more than "
          "18 months before the analysis date 2025-12-01; the letter presents it as our "
          "results: update its row (value and Period) or delete it")


def _old_denial_rate(folder: Path) -> None:
    metrics = folder / "metrics.csv"
    text = metrics.read_text()
    assert "denial_rate,0.035,0.1,fraction,2025," in text
    metrics.write_text(text.replace("denial_rate,0.035,0.1,fraction,2025,",
                                    "denial_rate,0.035,0.1,fraction,2020-12-18 to 2021-01-01,"))


def test_an_old_metric_period_is_warned_on_the_command_line_and_in_json(
        demo_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "letter.docx"
    assert main(["letter", str(demo_folder), "--payer", TOP_PAYER, "--out", str(out)]) == 0
    assert WARNED.split(":")[1] not in capsys.readouterr().err  # the demo's own 2025: current
    _old_denial_rate(demo_folder)
    assert main(["letter", str(demo_folder), "--payer", TOP_PAYER, "--out", str(out)]) == 0
    assert f"warning: Letter: {WARNED}" in capsys.readouterr().err.splitlines()
    # the letter still shows it, with its period: the clinic decides
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert any(t.startswith("Our results for 2025 and December 18, 2020 to January 1, 2021")
               for t in texts)
    assert main(["letter", str(demo_folder), "--payer", TOP_PAYER, "--out", str(out),
                 "--json"]) == 0
    assert f"Letter: {WARNED}" in json.loads(capsys.readouterr().out)["warnings"]
